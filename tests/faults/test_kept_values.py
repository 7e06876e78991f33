"""Every value a read keeps (app.services.kept) reads only the tables it declares, and is immutable.

A kept value stands while the counters of the tables it declares stand; a table read but not
declared could change under it unseen. So each declared loader runs here under SQLAlchemy's
statement events, and the tables named in what it sends the database must be exactly the ones
it declares. What it returns is shared by every request: nothing in it may be changed.
"""

import dataclasses
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlmodel import Session, SQLModel, col, select

from app.db import open_session
from app.db.change_stamp import Kept
from app.models import ApiToken, Archive, Plan
from app.services import kept
from app.services.compliance.load import load_reports
from app.services.hierarchy import hierarchy_as_of
from app.services.token_secrets import token_hash
from tests.compliance.builders import fourteenth_plan
from tests.conftest import TEST_SECRET, TokenFactory
from tests.factories import record_event
from tests.faults.test_change_stamp import add_counties

TABLES = frozenset(SQLModel.metadata.tables)
# The arguments each declared value is loaded with here (a new declaration needs its own).
EXAMPLES: dict[str, tuple[Any, ...]] = {
    "archives": (),
    "archives as of": (date(2023, 12, 31),),
    "version days": (),
    "successions": (),
    "archive changed": (),
    "plan": ("FYP14",),
    "targets": ("FYP14",),
    "latest report year": (2025, False),
    "reports": (frozenset({2022, 2023}), None, False),
    "province figures": ("P", (2023,)),
    "province steps": ("P",),
    "steps in years": ((2023, 2022),),
    "has rounds": (2023,),
    "tokens": (token_hash("kept-values-token", TEST_SECRET),),
}


def kept_values_database(client: TestClient, _token_for: TokenFactory) -> None:
    """A plan, a province of counties with three years of reports, a rename, a split between two of them, a round,
    and a token."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    fourteenth_plan(client, "county")
    add_counties(engine)
    record_event(client, "P-01", type="rename", effective_date="2023-03-01", name="更名县档案馆")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO reporting_round (year, name, opens_on, due_on, levels, kinds, created_by, created_at) "
                "VALUES (2023, 'r', '2024-01-01', '2024-03-31', '[]', '[]', 't', '2024-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO archive_succession (predecessor_code, successor_code, type, effective_date, shares, "
                "created_by, created_at) VALUES ('P-00', 'P-01', 'split', '2022-06-30', '{\"holdings_volumes\": \"0.5\"}', "
                "'t', '2024-01-01')"
            )
        )
    with open_session(engine, write=True) as session:
        hashed = token_hash("kept-values-token", TEST_SECRET)
        session.add(ApiToken(name="kept", role="viewer", token_hash=hashed, created_by="t"))
        session.commit()


BUILT = {"data": kept_values_database}  # a test using `data` gets a copy, built once a run


@pytest.fixture
def data(engine: Engine) -> Engine:
    """This test's copy of kept_values_database."""
    return engine


def tables_read(engine: Engine, value: Kept[..., Any], arguments: tuple[Any, ...]) -> tuple[frozenset[str], Any]:
    """The tables the value's loader names in the statements it sends, and what it returns; loaded in a
    session that keeps nothing, so that a kept value it reads in turn is loaded too."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with open_session(engine, write=False, keep=False) as session:
            loaded = value.load(session, *arguments)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    names = {name for statement in statements for name in re.findall(r'"?\b(\w+)\b"?', statement)}
    return frozenset(names & TABLES), loaded


def mutable_parts(value: object, where: str = "value") -> Iterator[str]:
    """Where in the value something could be changed after it is shared (a list, a dict, a set,
    a dataclass not frozen, any object of a class not known to be immutable)."""
    if value is None or isinstance(value, str | bytes | int | float | Fraction | Enum | date | datetime):
        return
    if isinstance(value, MappingProxyType):
        for key, item in value.items():
            yield from mutable_parts(key, f"{where} key")
            yield from mutable_parts(item, f"{where}[{key!r}]")
    elif isinstance(value, tuple | frozenset):
        for index, item in enumerate(value):
            yield from mutable_parts(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(value) and type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
        for found in dataclasses.fields(value):
            yield from mutable_parts(getattr(value, found.name), f"{where}.{found.name}")
    else:
        yield f"{where}: {type(value).__name__}"


def test_every_declared_value_has_an_example_and_its_own_name() -> None:
    names = [value.name for value in kept.DECLARED]
    assert len(names) == len(set(names))
    assert set(names) == set(EXAMPLES)
    declared_here = {value.name for value in vars(kept).values() if isinstance(value, Kept)}
    assert declared_here == set(names)  # every Kept of the module is in DECLARED
    assert all(set(value.reads) <= TABLES for value in kept.DECLARED)


@pytest.mark.parametrize("value", kept.DECLARED, ids=lambda value: value.name)
def test_a_kept_value_reads_exactly_the_tables_it_declares(data: Engine, value: Kept[..., Any]) -> None:
    read, loaded = tables_read(data, value, EXAMPLES[value.name])
    assert loaded is not None and loaded != () and loaded != {}  # the example found something
    assert read == set(value.reads)


@pytest.mark.parametrize("value", kept.DECLARED, ids=lambda value: value.name)
def test_a_kept_value_cannot_be_changed(data: Engine, value: Kept[..., Any]) -> None:
    _, loaded = tables_read(data, value, EXAMPLES[value.name])
    assert list(mutable_parts(loaded)) == []


def test_a_read_the_declaration_leaves_out_is_seen(data: Engine) -> None:
    """A planted loader that reads the archives as well as the plan it declares."""

    def plan_and_archives(session: Session, code: str) -> tuple[str, ...]:
        session.scalars(select(col(Archive.code))).all()
        return (session.get_one(Plan, code).name,)

    planted = Kept("planted", ("plan",), plan_and_archives)
    read, _ = tables_read(data, planted, ("FYP14",))
    assert read - set(planted.reads) == {"archive"}


def test_what_is_kept_refuses_a_change(data: Engine) -> None:
    with open_session(data, write=False) as session:
        hierarchy = kept.ARCHIVES.get(session)
        reports = load_reports(session, years={2023}, archive_codes=None, approved_only=False)
    with pytest.raises(TypeError):
        hierarchy.by_code["P"] = hierarchy.by_code["P-01"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hierarchy.archives = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        reports["P-01"] = ()  # type: ignore[index]


def test_many_tokens_never_push_out_the_national_list(data: Engine) -> None:
    digests = [token_hash(f"token-{n}", TEST_SECRET) for n in range(300)]
    with open_session(data, write=True) as session:
        session.add_all(
            ApiToken(name=f"t{n}", role="viewer", token_hash=digest, created_by="t") for n, digest in enumerate(digests)
        )
        session.commit()

    def national() -> Mapping[str, object]:
        with open_session(data, write=False) as session:
            return load_reports(session, years={2023}, archive_codes=None, approved_only=False)

    before = national()
    for digest in digests:
        with open_session(data, write=False) as session:
            assert kept.TOKENS.get(session, digest) is not None
    assert national() is before


def test_a_reports_last_modified_follows_every_table_its_warnings_read() -> None:
    """A report's answer carries its warnings (PROVINCE_FIGURES); its Last-Modified is taken from
    ARCHIVE_CHANGED, PROVINCE_STEPS and STEPS_IN_YEARS, which must then read every table those do."""
    last_modified_reads = {*kept.ARCHIVE_CHANGED.reads, *kept.PROVINCE_STEPS.reads, *kept.STEPS_IN_YEARS.reads}
    assert set(kept.PROVINCE_FIGURES.reads) <= last_modified_reads


@pytest.mark.parametrize(
    "day",
    [date(1900, 1, 1), date(2022, 6, 29), date(2022, 6, 30), date(2023, 2, 28), date(2023, 3, 1), date(2030, 1, 1)],
)
def test_a_days_tree_kept_for_its_stretch_of_days_is_the_tree_read_on_that_day(data: Engine, day: date) -> None:
    """hierarchy_as_of keeps one tree for every day between two days a version begins or ends: each
    day's tree is the one the database gives for that very day (the rename on 2023-03-01 included)."""
    with open_session(data, write=False) as session:
        kept_tree = hierarchy_as_of(session, day)
        read_on_the_day = kept._hierarchy_as_of(session, day)
    assert kept_tree.archives == read_on_the_day.archives
    names = {archive.code: archive.name for archive in kept_tree.archives}
    assert (names.get("P-01") == "更名县档案馆") is (day >= date(2023, 3, 1))
