"""Webhooks for scripts: verify a message Lantai sent (Standard Webhooks), and manage the endpoints.

A receiver checks every message before it trusts it:

    from lantai_client import WebhookVerificationError, verify_webhook
    try:
        event = verify_webhook(request_body, request_headers, "whsec_...")
    except WebhookVerificationError:
        ...  # answer 400 and ignore it

verify_webhook is the Standard Webhooks check (the `standardwebhooks` package verifies the
same messages): the webhook-signature header holds one or more "v1,<base64>" signatures,
each the HMAC-SHA256, keyed by the secret's base64 after "whsec_", of
"{webhook-id}.{webhook-timestamp}.{body}"; one must match, and the timestamp must be within
`tolerance` seconds of now (five minutes: an old message replayed is refused).
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

Json = dict[str, Any]
TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    """The message is not one Lantai signed with this secret, or it is too old (or too new)."""


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> Json:
    """The message's JSON payload, once its signature and timestamp are verified; WebhookVerificationError otherwise."""
    payload = body.encode() if isinstance(body, str) else bytes(body)
    lowered = {name.lower(): value for name, value in headers.items()}
    message_id, timestamp, signatures = (
        lowered.get(name) for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (message_id and timestamp and signatures):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a number of seconds") from None
    if abs((time.time() if now is None else now) - sent_at) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too far from now")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{message_id}.{sent_at}.".encode() + payload, hashlib.sha256).digest())
    for signature in signatures.split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            answer: Json = json.loads(payload)
            return answer
    raise WebhookVerificationError("no signature matches this secret")


class WebhookCalls:
    """The webhook endpoints of the API, as methods of Lantai."""

    def _json(self, method: str, path: str, **kwargs: Any) -> Json:
        raise NotImplementedError

    def list_webhooks(self, **filters: object) -> Json:
        """The webhooks of your scope (never their secrets)."""
        return self._json("GET", "/webhooks", params=filters)

    def create_webhook(self, url: str, events: Sequence[str], description: str = "") -> Json:
        """Add an endpoint; the answer's `secret` is shown this once."""
        return self._json("POST", "/webhooks", json={"url": url, "events": list(events), "description": description})

    def update_webhook(self, webhook_id: int, **changes: object) -> Json:
        """Change url, events, description or enabled."""
        return self._json("PATCH", f"/webhooks/{webhook_id}", json=changes)

    def rotate_webhook_secret(self, webhook_id: int) -> Json:
        """A new secret (shown once); the old one signs beside it for 24 hours."""
        return self._json("POST", f"/webhooks/{webhook_id}/rotate-secret")

    def list_deliveries(self, webhook_id: int, **filters: object) -> Json:
        """A webhook's deliveries, newest first (filters: status, event, limit, offset)."""
        return self._json("GET", f"/webhooks/{webhook_id}/deliveries", params=filters)

    def redeliver(self, webhook_id: int, delivery_id: int) -> Json:
        """Send a delivery again, once, now."""
        return self._json("POST", f"/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver")
