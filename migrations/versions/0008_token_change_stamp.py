"""Tokens move the change stamp too: a read may then keep who holds a token, and a revocation is seen at once

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 22:10:00

The same triggers as 0007's (app.db.change_stamp.STAMPED_TABLES), on api_token: issuing or
revoking a token, by the API, the CLI or by hand, moves the stamp in its own transaction, so
a token kept by a read at an older stamp is never used after the revocation commits.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "api_token"
EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {TABLE}_change_stamp AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lantai_bump_change_stamp()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_change_stamp_truncate AFTER TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lantai_bump_change_stamp()"
        )
        return
    for event in EVENTS:
        op.execute(
            f"CREATE TRIGGER {TABLE}_change_stamp_{event} AFTER {event.upper()} ON {TABLE} "
            "BEGIN UPDATE change_stamp SET value = value + 1 WHERE id = 1; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TABLE}_change_stamp_truncate ON {TABLE}")
        op.execute(f"DROP TRIGGER {TABLE}_change_stamp ON {TABLE}")
        return
    for event in EVENTS:
        op.execute(f"DROP TRIGGER {TABLE}_change_stamp_{event}")
