"""Progress bars draw on a terminal and say nothing anywhere else."""

import io

import pytest

from app.cli import main
from app.cli.progress import progress_bar
from app.config import Settings, get_settings
from app.db import make_engine, open_session
from app.seeding import load_seed, seed_dir


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgressBar:
    def test_draws_on_a_terminal(self) -> None:
        screen = Terminal()
        with progress_bar("seeding", stream=screen) as bar:
            bar.advance_to(5, 10)
            bar.describe("almost there")
            bar.advance_to(10)
        assert "almost there" in screen.getvalue() or "seeding" in screen.getvalue()

    def test_quiet_off_a_terminal(self) -> None:
        log = io.StringIO()
        with progress_bar("seeding", stream=log) as bar:
            bar.advance_to(5, 10)
        assert log.getvalue() == ""


class TestSeedCommand:
    def test_seed_off_a_terminal_prints_only_its_summary(
        self, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("LANTAI_DATABASE_URL", database_url)
        get_settings.cache_clear()
        try:
            assert main(["seed", "--demo"]) == 0
        finally:
            get_settings.cache_clear()
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines()[-1].startswith("seeded: ") and len(err.splitlines()) == 1

    def test_seed_reports_every_row_to_its_bar(self, database_url: str) -> None:
        engine = make_engine(Settings(database_url=database_url))
        session = open_session(engine, write=True)
        seen: list[tuple[int, int]] = []
        load_seed(
            session,
            seed_dir(None),
            demo=True,
            current_year=2026,
            on_progress=lambda done, total: seen.append((done, total)),
        )
        session.commit()
        session.close()
        engine.dispose()
        assert seen[-1][0] == seen[-1][1] == len(seen) > 100
