"""A change stamp never takes a value twice, even after a restore: each change moves it by one and a random step

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-07 14:30:00

Until now each change moved its table's counter by one, so a database restored from a backup
and written again reached the very counters a running worker had kept values at (a token issued
after the backup kept working for reads once the next token was issued: issue 23). Now each
change moves it by one plus a random step below 2**31: counters still only grow, and the ones a
restored database reaches are ones no worker has seen (app.db.change_stamp). BIGINT holds
2**32 changes at the largest steps.
- SQLite: the row triggers again, with the random step.
- PostgreSQL: the same deferred constraint triggers; only their function changes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0012'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {"archive": 1, "plan": 2, "target": 3, "report": 4, "reporting_round": 5, "api_token": 6}
EVENTS = ("insert", "update", "delete")
SQLITE_STEP = "1 + abs(random() % 2147483648)"
POSTGRES_STEP = "1 + floor(random() * 2147483648)::bigint"

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION lantai_bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    flag text := 'lantai.change_stamp_moved_' || TG_ARGV[0];
BEGIN
    IF current_setting(flag, true) IS DISTINCT FROM 'yes' THEN
        UPDATE change_stamp SET value = value + {step} WHERE id = TG_ARGV[0]::int;
        PERFORM set_config(flag, 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    _set_step(POSTGRES_STEP, SQLITE_STEP)


def downgrade() -> None:
    _set_step("1", "1")


def _set_step(postgres_step: str, sqlite_step: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION.format(step=postgres_step))
        return
    for table, number in TABLES.items():
        for event in EVENTS:
            op.execute(f"DROP TRIGGER {table}_change_stamp_{event}")
            op.execute(
                f"CREATE TRIGGER {table}_change_stamp_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN UPDATE change_stamp SET value = value + {sqlite_step} WHERE id = {number}; END"
            )
