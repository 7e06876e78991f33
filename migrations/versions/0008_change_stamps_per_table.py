"""A change stamp per table, and tokens stamped too: a report written no longer drops what was kept of the archives, plans, targets or tokens

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 22:00:00

0007 kept one counter (change_stamp row 1) for every stamped table. Now each table has its
own row (app.db.change_stamp.STAMPED_TABLES: row 1 stays, the archive's), moved by its own
triggers, and api_token is stamped too (a token issued or revoked moves its counter, so a
token kept by a read is never used after its revocation commits). The new rows start at
row 1's value: no counter a running worker has seen goes backwards.
- SQLite: a row trigger per change.
- PostgreSQL: a deferred constraint trigger, so each table's row is updated once, at commit.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_TABLES = ("archive", "plan", "target", "report", "reporting_round")
TABLES = {"archive": 1, "plan": 2, "target": 3, "report": 4, "reporting_round": 5, "api_token": 6}
EVENTS = ("insert", "update", "delete")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION lantai_bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    flag text := 'lantai.change_stamp_moved_' || TG_ARGV[0];
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET value = value + 1 WHERE id = TG_ARGV[0]::int;
        PERFORM set_config(flag, 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""

OLD_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION lantai_bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('lantai.change_stamp_moved', true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET value = value + 1 WHERE id = 1;
        PERFORM set_config('lantai.change_stamp_moved', 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    for number in range(2, len(TABLES) + 1):
        op.execute(f"INSERT INTO change_stamp (id, value) SELECT {number}, value FROM change_stamp WHERE id = 1")
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers(OLD_TABLES, postgres)
    if postgres:
        op.execute(POSTGRES_FUNCTION)
    for table, number in TABLES.items():
        _create_triggers(table, f"{number}", postgres)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers(tuple(TABLES), postgres)
    op.execute("UPDATE change_stamp SET value = (SELECT MAX(value) FROM change_stamp) WHERE id = 1")
    op.execute("DELETE FROM change_stamp WHERE id <> 1")
    if postgres:
        op.execute(OLD_POSTGRES_FUNCTION)
    for table in OLD_TABLES:
        _create_triggers(table, None, postgres)


def _create_triggers(table: str, number: str | None, postgres: bool) -> None:
    if postgres:
        argument = "" if number is None else f"'{number}'"
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_change_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lantai_bump_change_stamp({argument})"
        )
        op.execute(
            f"CREATE TRIGGER {table}_change_stamp_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION lantai_bump_change_stamp({argument})"
        )
        return
    row = "1" if number is None else number
    for event in EVENTS:
        op.execute(
            f"CREATE TRIGGER {table}_change_stamp_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN UPDATE change_stamp SET value = value + 1 WHERE id = {row}; END"
        )


def _drop_triggers(tables: Sequence[str], postgres: bool) -> None:
    for table in tables:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_change_stamp_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_change_stamp ON {table}")
        else:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER {table}_change_stamp_{event}")
