"""The hierarchy over time: an archive's dated versions, its events, and successions (merges, splits)

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-07 18:00:00

Every archive stored gets one version with its current attributes, open at both ends: it
existed always, so registering today's archives and then recording their past changes works.
A change to a version or a succession moves the archive's counter (change_stamp row 1): what a
read keeps of the hierarchy, current or as of a day, is one thing (app.db.change_stamp).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMPED_WITH_ARCHIVE = ("archive_version", "archive_succession")
ARCHIVE_STAMP = 1
EVENTS = ("insert", "update", "delete")
SQLITE_STEP = "1 + abs(random() % 2147483648)"


def upgrade() -> None:
    op.create_table('archive_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('archive_code', sa.String(length=32), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('parent_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['archive_code'], ['archive.code'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('archive_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_version_archive_code'), ['archive_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_version_valid_from'), ['valid_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_version_valid_until'), ['valid_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_version_parent_code'), ['parent_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_version_region_code'), ['region_code'], unique=False)

    op.create_table('archive_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('archive_code', sa.String(length=32), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('document', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('former', sa.JSON(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['archive_code'], ['archive.code'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('archive_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_event_archive_code'), ['archive_code'], unique=False)

    op.create_table('archive_succession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('predecessor_code', sa.String(length=32), nullable=False),
    sa.Column('successor_code', sa.String(length=32), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('document', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('shares', sa.JSON(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_code'], ['archive.code'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['successor_code'], ['archive.code'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('archive_succession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_succession_predecessor_code'), ['predecessor_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_archive_succession_successor_code'), ['successor_code'], unique=False)

    op.execute(
        "INSERT INTO archive_version (archive_code, valid_from, valid_until, name, level, kind, parent_code, "
        "region_code, created_at) SELECT code, NULL, NULL, name, level, kind, parent_code, region_code, created_at "
        "FROM archive"
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in STAMPED_WITH_ARCHIVE:
        _create_triggers(table, postgres)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in STAMPED_WITH_ARCHIVE:
        _drop_triggers(table, postgres)
    op.drop_table('archive_succession')
    op.drop_table('archive_event')
    op.drop_table('archive_version')


def _create_triggers(table: str, postgres: bool) -> None:
    if postgres:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_change_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lantai_bump_change_stamp('{ARCHIVE_STAMP}')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_change_stamp_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION lantai_bump_change_stamp('{ARCHIVE_STAMP}')"
        )
        return
    for event in EVENTS:
        op.execute(
            f"CREATE TRIGGER {table}_change_stamp_{event} AFTER {event.upper()} ON {table} "
            f"BEGIN UPDATE change_stamp SET value = value + {SQLITE_STEP} WHERE id = {ARCHIVE_STAMP}; END"
        )


def _drop_triggers(table: str, postgres: bool) -> None:
    if postgres:
        op.execute(f"DROP TRIGGER {table}_change_stamp_truncate ON {table}")
        op.execute(f"DROP TRIGGER {table}_change_stamp ON {table}")
        return
    for event in EVENTS:
        op.execute(f"DROP TRIGGER {table}_change_stamp_{event}")
