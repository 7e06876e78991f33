"""Trust, second pass: tokens bound to archives, audit token ids (reserved)

The audit trail keeps the client's own X-Request-ID apart from the server's request
id, and records on each approval whether it was a self-approval. Tokens that act
for an archive that no longer exists are revoked: a token is bound to its archive,
and must not pass to a later archive given the same code.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 15:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_request_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('self_approval', sa.Boolean(), nullable=True))
    token = sa.table('api_token', sa.column('archive_code', sa.String), sa.column('revoked_at', sa.DateTime(timezone=True)))
    archive = sa.table('archive', sa.column('code', sa.String))
    op.execute(
        token.update()
        .where(
            token.c.revoked_at.is_(None),
            token.c.archive_code.is_not(None),
            token.c.archive_code.not_in(sa.select(archive.c.code)),
        )
        .values(revoked_at=datetime.now(UTC))
    )


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('self_approval')
        batch_op.drop_column('client_request_id')
