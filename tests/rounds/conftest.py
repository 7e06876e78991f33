"""The rounds' tests run as a deployment with a single administrator (LANTAI_ALLOW_SELF_APPROVAL):
the one admin token that writes their reports also approves them. Four eyes are tested in tests/access."""

import pytest

from app.config import Settings
from tests.conftest import TEST_SECRET


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings pointing at this test's database, self-approval allowed."""
    return Settings(database_url=database_url, secret=TEST_SECRET, allow_self_approval=True)
