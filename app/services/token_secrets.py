"""API tokens: how they are made and how they are hashed; only the hash is ever stored."""

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "lantai_"


def new_token() -> str:
    """A fresh random token, shown once to whoever asked for it."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str, secret: str) -> str:
    """The stored form of a token: HMAC-SHA256 keyed with the service's secret, in hex."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()
