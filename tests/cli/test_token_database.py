"""A local token command refused, or unable to use its database, names the LANTAI_DATABASE_URL it read."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from app.cli import main
from app.config import get_settings


@pytest.fixture
def database_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set LANTAI_DATABASE_URL with the returned monkeypatch; the settings are read again."""
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_a_refusal_names_the_database_read(
    database_at: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database_at.setenv("LANTAI_DATABASE_URL", database_url)
    assert main(["token", "create", "--role", "supervisor", "--archive", "HN-CS"]) == 1
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.startswith("lantai: ArchiveNotFound: no archive with code 'HN-CS'")
    shown = make_url(database_url).render_as_string(hide_password=True)
    assert printed.err.rstrip().endswith(f"(in LANTAI_DATABASE_URL={shown})")


def test_a_database_not_found_says_which_url_and_file(
    database_at: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database_at.chdir(tmp_path)
    database_at.setenv("LANTAI_DATABASE_URL", "sqlite:///./lantai.db")
    assert main(["token", "list"]) == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.splitlines() == [
        f"lantai: DatabaseUnavailable: cannot use LANTAI_DATABASE_URL=sqlite:///./lantai.db (the file "
        f"{tmp_path / 'lantai.db'}): no such table: api_token; is LANTAI_DATABASE_URL the server's, "
        "and migrated (`lantai migrate`)?"
    ]
