"""Compliance rules, second edition: plans and targets under a region, plan succession

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('under', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('follows', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_plan_under'), ['under'], unique=False)
        batch_op.create_foreign_key('fk_plan_under_archive', 'archive', ['under'], ['code'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_plan_follows_plan', 'plan', ['follows'], ['code'], ondelete='RESTRICT')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('under', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_target_under'), ['under'], unique=False)
        batch_op.create_foreign_key('fk_target_under_archive', 'archive', ['under'], ['code'], ondelete='RESTRICT')


def downgrade() -> None:
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_constraint('fk_target_under_archive', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_target_under'))
        batch_op.drop_column('under')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_constraint('fk_plan_follows_plan', type_='foreignkey')
        batch_op.drop_constraint('fk_plan_under_archive', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_plan_under'))
        batch_op.drop_column('follows')
        batch_op.drop_column('under')
