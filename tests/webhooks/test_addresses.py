"""Which addresses a webhook may call: the resolver and the check, tested directly (no traffic leaves 127.0.0.1)."""

import pytest

from app.services.webhooks.addresses import UnsafeUrl, address_problem, check_url, parse_networks, resolve

PUBLIC = "93.184.216.34"
NO_NETWORKS = parse_networks("")


def resolver_of(table: dict[str, list[str]]):
    def resolve_from_table(host: str, _port: int) -> list[str]:
        return table[host]

    return resolve_from_table


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "private"),
        (PUBLIC, None),
        ("2606:2800:220:1:248:1893:25c8:1946", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address, NO_NETWORKS, own=()) == problem


def test_allowed_networks_open_their_addresses_only() -> None:
    allowed = parse_networks("10.20.0.0/16, 127.0.0.0/8")
    assert address_problem("10.20.3.4", allowed) is None
    assert address_problem("127.0.0.1", allowed) is None
    assert address_problem("10.21.0.1", allowed) == "private"


def test_the_servers_own_address_is_refused() -> None:
    assert address_problem(PUBLIC, NO_NETWORKS, own=[PUBLIC]) == "one of this server's own addresses"


def test_every_resolved_address_must_pass() -> None:
    resolver = resolver_of({"good.example": [PUBLIC], "rebind.example": [PUBLIC, "10.0.0.7"]})
    checked = check_url("https://good.example/hook?x=1", NO_NETWORKS, resolver=resolver, own=())
    assert (checked.host, checked.port, checked.target, checked.addresses) == (
        "good.example",
        443,
        "/hook?x=1",
        (PUBLIC,),
    )
    with pytest.raises(UnsafeUrl, match="10.0.0.7"):
        check_url("http://rebind.example/hook", NO_NETWORKS, resolver=resolver, own=())


@pytest.mark.parametrize(
    "url",
    [
        "ftp://good.example/",
        "file:///etc/passwd",
        "http://u:p@good.example/",
        "http://good.example:99999/",
        "http:///x",
    ],
)
def test_scheme_credentials_port_and_host(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        check_url(url, NO_NETWORKS, resolver=resolver_of({"good.example": [PUBLIC]}), own=())


def test_the_resolver_reads_ip_literals_and_the_hosts_file_without_asking_anyone() -> None:
    assert resolve("127.0.0.1", 80) == ["127.0.0.1"]
    assert "127.0.0.1" in resolve("localhost", 80) or "::1" in resolve("localhost", 80)
    with pytest.raises(UnsafeUrl):
        check_url("http://localhost:8000/", NO_NETWORKS)


def test_a_name_the_resolver_cannot_read_is_refused_not_a_crash() -> None:
    for host in ("bad\x00host", "a" * 300):  # refused before any query leaves the machine
        with pytest.raises(UnsafeUrl):
            resolve(host, 80)
