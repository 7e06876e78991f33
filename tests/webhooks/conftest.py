"""Webhook tests: webhooks may call 127.0.0.0/8 (where the tests' receivers listen), and nowhere else."""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """LANTAI_WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8, and retries after 1, 2 and 4 seconds' wait."""
    monkeypatch.setenv("LANTAI_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
    monkeypatch.setenv("LANTAI_WEBHOOK_RETRY_SCHEDULE", "1,2,4")
    yield
