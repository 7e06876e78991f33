"""Yearly reporting rounds and report warnings

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:00:00

Warnings are computed when a report is read (app.services.rounds.checks): no column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reporting_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('under', sa.String(length=32), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['under'], ['archive.code'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reporting_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_round_under'), ['under'], unique=False)
        batch_op.create_index(batch_op.f('ix_reporting_round_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reporting_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_round_year'))
        batch_op.drop_index(batch_op.f('ix_reporting_round_under'))
    op.drop_table('reporting_round')
