"""The signature is Standard Webhooks': our signer against the standardwebhooks package, both ways, and verify_webhook."""

import time
from datetime import UTC, datetime

import pytest
from lantai_client import WebhookVerificationError, verify_webhook
from standardwebhooks import Webhook as StandardWebhook
from standardwebhooks import WebhookVerificationError as StandardRefusal

from app.services.webhooks.signing import new_secret, signed_headers

BODY = '{"type":"report.submitted","data":{"archive_code":"HN","name":"湖南省档案馆"}}'.encode()


def test_the_secret_is_24_random_bytes_in_base64() -> None:
    import base64

    secret = new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    assert new_secret() != secret


def test_the_package_verifies_what_we_sign_and_we_verify_what_it_signs() -> None:
    secret, now = new_secret(), int(time.time())
    headers = signed_headers([secret], "msg_1", now, BODY)
    assert StandardWebhook(secret).verify(BODY, headers)["data"]["name"] == "湖南省档案馆"
    theirs = StandardWebhook(secret).sign("msg_2", datetime.fromtimestamp(now, UTC), BODY)
    mine = {"webhook-id": "msg_2", "webhook-timestamp": str(now), "webhook-signature": theirs}
    assert verify_webhook(BODY, mine, secret)["type"] == "report.submitted"


def test_while_a_secret_rotates_either_verifies() -> None:
    old, new, now = new_secret(), new_secret(), int(time.time())
    headers = signed_headers([new, old], "msg_3", now, BODY)
    for secret in (old, new):
        StandardWebhook(secret).verify(BODY, headers)
        verify_webhook(BODY, headers, secret)
    with pytest.raises(StandardRefusal):
        StandardWebhook(new_secret()).verify(BODY, headers)


def test_verify_webhook_refuses_a_changed_body_another_secret_and_an_old_message() -> None:
    secret, now = new_secret(), int(time.time())
    headers = signed_headers([secret], "msg_4", now, BODY)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY.replace(b"HN", b"HB"), headers, secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, headers, new_secret())
    stale = signed_headers([secret], "msg_4", now - 301, BODY)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, stale, secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, {"webhook-id": "msg_4"}, secret)
