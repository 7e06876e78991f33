"""Which URLs a webhook may call: the defence against server-side request forgery.

A URL is refused unless its scheme is http or https, it holds no credentials, and every
address its host resolves to may be called. An address may not be called when it is
loopback, link-local (169.254/16 and fe80::/10, the cloud metadata services included),
multicast, unspecified, reserved, or one of this host's own addresses; a private address
(10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10) only when it falls in one of the
networks the operator allows (LANTAI_WEBHOOK_ALLOWED_NETWORKS), and so does any other
refused address. The host is resolved when the webhook is saved and again before each
attempt, and the attempt connects to the address that was checked (app.services.webhooks.sending).
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from app.i18n import Text

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: private for our purpose


class UnsafeUrl(ValueError):
    """The URL may not be called; `reason` says why, in both languages."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    """A URL that may be called: its parts, and the addresses checked (connect to one of these)."""

    scheme: str
    host: str
    port: int
    target: str  # the path and query, as sent
    addresses: tuple[str, ...]


def parse_networks(text: str) -> tuple[Network, ...]:
    """LANTAI_WEBHOOK_ALLOWED_NETWORKS: a comma-separated list of CIDR networks."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def resolve(host: str, port: int) -> list[str]:
    """The addresses the host resolves to (the system resolver); an IP address is itself."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as failure:  # gaierror, and a name IDNA or the resolver cannot read
        raise UnsafeUrl(
            Text(f"url: the host {host} does not resolve ({failure})", f"url：主机 {host} 无法解析")
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


@lru_cache(maxsize=1)
def own_addresses() -> frozenset[str]:
    """This host's own addresses, as its name resolves (loopback is refused anyway)."""
    names = {socket.gethostname(), socket.getfqdn()}
    found: set[str] = set()
    for name in names:
        try:
            found.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
        except (socket.gaierror, UnicodeError):
            continue
    return frozenset(found)


def address_problem(address: str, allowed: Iterable[Network], own: Iterable[str] = ()) -> str | None:
    """Why the address may not be called (a short English phrase), or None when it may."""
    ip: IPAddress = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in allowed):
        return None
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if str(ip) in {str(ipaddress.ip_address(own_address.split("%")[0])) for own_address in own}:
        return "one of this server's own addresses"
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in SHARED_ADDRESS_SPACE):
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return None


def check_url(
    url: str, allowed: Sequence[Network], *, resolver: Resolver = resolve, own: Iterable[str] | None = None
) -> CheckedUrl:
    """The URL's parts and checked addresses, or UnsafeUrl saying why it may not be called."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise UnsafeUrl(Text("url: not a URL", "url：地址格式无效")) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeUrl(Text("url: only http and https URLs may be called", "url：只允许 http 或 https 地址"))
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl(Text("url: credentials may not be written in the URL", "url：地址中不得包含用户名或密码"))
    try:
        host, port = parts.hostname, parts.port or SCHEMES[scheme]
    except ValueError:
        raise UnsafeUrl(Text("url: the port is not a number from 1 to 65535", "url：端口无效")) from None
    if not host:
        raise UnsafeUrl(Text("url: the URL names no host", "url：地址缺少主机名"))
    addresses = resolver(host, port)
    if not addresses:
        raise UnsafeUrl(Text(f"url: the host {host} resolves to no address", f"url：主机 {host} 无法解析"))
    own_set = own_addresses() if own is None else own
    for address in addresses:
        problem = address_problem(address, allowed, own_set)
        if problem is not None:
            raise UnsafeUrl(
                Text(
                    f"url: {host} resolves to {address}, a {problem} address that webhooks may not call",
                    f"url：{host} 解析为 {address}（{problem}），webhook 不得调用该地址",
                )
            )
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return CheckedUrl(scheme, host, port, target, tuple(addresses))
