"""One attempt of a delivery over HTTP: the URL checked again, then a POST to the address checked.

- The host is resolved and every address checked (app.services.webhooks.addresses) before
  each attempt; the connection goes to the first address checked (the URL's host stays in
  the Host header and, for https, in the TLS server name the certificate is verified for),
  so a name that resolves elsewhere between the check and the connection changes nothing.
- Redirects are not followed (a 3xx is a failed attempt); certificates are verified; the
  proxy settings of the environment are ignored; the whole attempt has `timeout` seconds.
- Only the first 1 KB of the answer's body is read and kept.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import httpx

from app.services.webhooks.addresses import CheckedUrl, Network, Resolver, UnsafeUrl, check_url, resolve
from app.services.webhooks.signing import signed_headers

KEPT_BODY_BYTES = 1024
USER_AGENT = "Lantai-Webhooks/1.0"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A claimed attempt: where to send what, signed by which secrets (the current one first)."""

    delivery_id: int
    webhook_id: int
    number: int
    url: str
    message_id: str
    body: bytes
    secrets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """What an attempt got: the status (None: no answer, see error), the body's first 1 KB, the time taken."""

    status_code: int | None
    body: str
    duration_ms: int
    error: str | None = None


def send(attempt: Attempt, allowed: Sequence[Network], *, timeout: float, resolver: Resolver = resolve) -> Answer:
    """Make the attempt; never raises for the receiver's failures (they are the answer)."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        checked = check_url(attempt.url, allowed, resolver=resolver)
    except UnsafeUrl as unsafe:
        return Answer(None, "", took(), unsafe.reason.en[:500])
    headers = signed_headers(attempt.secrets, attempt.message_id, int(time.time()), attempt.body)
    headers |= {"content-type": "application/json", "user-agent": USER_AGENT, "host": _host_header(checked)}
    extensions = {"sni_hostname": checked.host} if checked.scheme == "https" else {}
    try:
        with _client(timeout).stream(
            "POST", _address_url(checked), content=attempt.body, headers=headers, extensions=extensions
        ) as response:
            kept = _first_bytes(response)
    except httpx.HTTPError as failure:
        return Answer(None, "", took(), f"{type(failure).__name__}: {failure}"[:500])
    return Answer(response.status_code, kept.decode("utf-8", errors="replace"), took())


@lru_cache(maxsize=4)
def _client(timeout: float) -> httpx.Client:
    """One client per timeout, shared by the sending threads (httpx's Client is thread-safe): its TLS
    context is built once, not once an attempt (several ms of CPU each, taken from the requests when the
    worker runs inside `lantai serve`). No connection outlives its attempt: each attempt connects to the
    address it has just checked, with its own SNI."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_keepalive_connections=0),
    )


def _first_bytes(response: httpx.Response) -> bytes:
    kept = b""
    for chunk in response.iter_bytes():
        kept += chunk
        if len(kept) >= KEPT_BODY_BYTES:
            break
    return kept[:KEPT_BODY_BYTES]


def _address_url(checked: CheckedUrl) -> str:
    address = checked.addresses[0]
    host = f"[{address}]" if ":" in address else address
    return f"{checked.scheme}://{host}:{checked.port}{checked.target}"


def _host_header(checked: CheckedUrl) -> str:
    host = f"[{checked.host}]" if ":" in checked.host else checked.host
    default = {"http": 80, "https": 443}[checked.scheme]
    return host if checked.port == default else f"{host}:{checked.port}"
