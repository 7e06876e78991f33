"""A report's place in commit order (change_seq, for the sync cursor), and ids never reused on SQLite

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:30:00

- `change_sequence`: one counter per sequence (row 1: the reports'), moved by the writing
  transaction itself under its row lock (app.services.reports.changes), so that its values
  follow the order in which writes commit.
- `report.change_seq`: the value a report's latest change took; the reports stored before
  take their id (unique, and below every later value), the counter starts at the highest.
- SQLite gives a deleted row's id to the next insert unless the table says AUTOINCREMENT:
  the tables with integer ids are rebuilt with it (their change-stamp triggers made again).
  PostgreSQL's SERIAL ids come from sequences, which never go back: nothing to do there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# tables with integer ids, and the change_stamp row their triggers move (None: not stamped)
ID_TABLES = {
    "report": 4,
    "report_revision": None,
    "target": 3,
    "reporting_round": 5,
    "api_token": 6,
    "audit_entry": None,
}
EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        'change_sequence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_change_sequence')),
    )
    with op.batch_alter_table('report') as batch:
        batch.add_column(sa.Column('change_seq', sa.BigInteger(), server_default='0', nullable=False))
        batch.create_index(batch.f('ix_report_change_seq'), ['change_seq'], unique=False)
    op.execute("UPDATE report SET change_seq = id")
    op.execute("INSERT INTO change_sequence (id, value) SELECT 1, COALESCE(MAX(id), 0) FROM report")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=True)


def downgrade() -> None:
    with op.batch_alter_table('report') as batch:
        batch.drop_index(batch.f('ix_report_change_seq'))
        batch.drop_column('change_seq')
    op.drop_table('change_sequence')
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(autoincrement=False)


def _rebuild(*, autoincrement: bool) -> None:
    """SQLite: each table made again with (or without) AUTOINCREMENT, its rows, indexes and triggers kept."""
    for table, stamp in ID_TABLES.items():
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
        if stamp is not None:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_change_stamp_{event}")
                op.execute(
                    f"CREATE TRIGGER {table}_change_stamp_{event} AFTER {event.upper()} ON {table} "
                    f"BEGIN UPDATE change_stamp SET value = value + 1 WHERE id = {stamp}; END"
                )
