"""The Standard Webhooks signature: a secret per endpoint, and the headers of each message.

    webhook-id         the message's id, the same on every attempt (a receiver's key to drop repeats)
    webhook-timestamp  Unix seconds when the attempt was signed
    webhook-signature  "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), one per
                       secret that signs, space-separated (the new and the old while a secret rotates)

The key is the secret's base64 after "whsec_", decoded (24 random bytes here).
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24


def new_secret() -> str:
    """A fresh secret: whsec_ + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The bytes a secret signs with."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One signature: v1,<base64 of the HMAC-SHA256 of "{id}.{timestamp}.{body}">."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secrets_signing: Sequence[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers of one attempt, signed by each secret given (the current one first)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(secret, message_id, timestamp, body) for secret in secrets_signing),
    }
