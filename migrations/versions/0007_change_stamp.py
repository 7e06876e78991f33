"""The change stamp: a counter the database moves on every committed change to the data the caches read

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 18:30:00

One row, `change_stamp.value`, moved by triggers in the transaction that changes a stamped
table (app.db.change_stamp.STAMPED_TABLES), whoever writes: the API, the CLI, a script, psql.
- SQLite: a row trigger per change (SQLite writes one transaction at a time anyway).
- PostgreSQL: a deferred constraint trigger, so the row is updated once, at commit: writers
  do not queue on it while their transactions run, only for the moment they commit.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("archive", "plan", "target", "report", "reporting_round")
EVENTS = ("insert", "update", "delete")

POSTGRES_FUNCTION = """
CREATE FUNCTION lantai_bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
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
    op.create_table(
        'change_stamp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_stamp')),
    )
    op.execute("INSERT INTO change_stamp (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            op.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_change_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lantai_bump_change_stamp()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_change_stamp_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lantai_bump_change_stamp()"
            )
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_change_stamp_{event} AFTER {event.upper()} ON {table} "
                "BEGIN UPDATE change_stamp SET value = value + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_change_stamp_truncate ON {table}")
            op.execute(f"DROP TRIGGER {table}_change_stamp ON {table}")
        op.execute("DROP FUNCTION lantai_bump_change_stamp()")
    else:
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER {table}_change_stamp_{event}")
    op.drop_table('change_stamp')
