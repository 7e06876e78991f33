"""API tokens: issue (showing the token once), find by what a client sends, list, revoke."""

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from app import errors
from app.domain.roles import SCOPED_ROLES, Actor, Role
from app.i18n import Text
from app.models import ApiToken
from app.models.audit import AuditAction
from app.models.token import TokenCreate, TokenPublic
from app.services import audit, kept
from app.services.archives import get_archive
from app.services.kept import TokenHolder
from app.services.ordering import sql_order
from app.services.token_secrets import new_token, token_hash


def issue_token(session: Session, data: TokenCreate, *, actor: Actor, secret: str) -> tuple[ApiToken, str]:
    """Store a new token's hash and return the row with the token itself, which is never stored."""
    _check_scope(session, data)
    token = new_token()
    row = ApiToken(
        name=data.name or _default_name(data),
        role=data.role,
        archive_code=data.archive_code,
        token_hash=token_hash(token, secret),
        created_by=actor.name,
    )
    session.add(row)
    session.flush()
    after = TokenPublic.model_validate(row)
    audit.record(session, actor, AuditAction.token_create, entity_key=str(row.id), after=after)
    return row, token


def find_active_token(session: Session, token: str, *, secret: str) -> TokenHolder | None:
    """The unrevoked token a client sent, if there is one. A read session keeps a token found while
    the change stamp stands: issuing or revoking any token moves it (app.services.kept.TOKENS), so a
    revoked token is refused by the first transaction that begins after the revocation commits.
    A token not found is never kept (guesses would only fill the cache)."""
    return kept.TOKENS.get(session, token_hash(token, secret))


TOKEN_REVOKED = Text("the token is unknown or revoked", "令牌无效或已被吊销")


def refuse_unless_active(session: Session, token_id: int | None) -> None:
    """401 Unauthorized unless the token is still active (is_active_token): for a write made in a
    transaction of its own, read again inside it."""
    if not is_active_token(session, token_id):
        raise errors.Unauthorized(TOKEN_REVOKED)


def is_active_token(session: Session, token_id: int | None) -> bool:
    """True while the token with this id exists and is not revoked; on PostgreSQL its row is then locked
    FOR SHARE, so that a revocation waits for the transaction that asked (a write made under the token)."""
    if token_id is None:
        return False
    query = (
        select(col(ApiToken.id))
        .where(col(ApiToken.id) == token_id, col(ApiToken.revoked_at).is_(None))
        .with_for_update(read=True)
    )
    return session.scalars(query).first() is not None


def actor_for(token: ApiToken | TokenHolder, *, request_id: str | None, client_request_id: str | None = None) -> Actor:
    """The token's holder as the permission rules see them."""
    return Actor(
        name=token.name,
        role=Role(token.role),
        archive_code=token.archive_code,
        token_id=token.id,
        request_id=request_id,
        client_request_id=client_request_id,
    )


def get_token(session: Session, token_id: int) -> ApiToken:
    """The token with this id, or TokenNotFound."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise errors.TokenNotFound(Text(f"no token with id {token_id}", f"不存在编号为 {token_id} 的令牌"))
    return token


def token_of(session: Session, actor: Actor) -> ApiToken:
    """The token the actor holds; the command line holds none (TokenNotFound)."""
    if actor.token_id is None:
        raise errors.TokenNotFound(Text(f"{actor.name} holds no token", f"{actor.name} 没有令牌"))
    return get_token(session, actor.token_id)


def list_tokens(
    session: Session, *, include_revoked: bool, order: str | None = None, limit: int, offset: int
) -> tuple[list[ApiToken], int]:
    """A page of tokens, oldest first, and the total count."""
    conditions = [] if include_revoked else [col(ApiToken.revoked_at).is_(None)]
    total = session.scalar(select(func.count()).select_from(ApiToken).where(*conditions)) or 0
    token_id = col(ApiToken.id)
    sort = sql_order(order, TOKEN_ORDER, default=[token_id], tiebreak=[token_id])
    rows = session.scalars(select(ApiToken).where(*conditions).order_by(*sort).limit(limit).offset(offset))
    return list(rows), total


TOKEN_ORDER = {name: col(getattr(ApiToken, name)) for name in ("id", "name", "role", "created_at")}


def revoke_token(session: Session, token: ApiToken, *, actor: Actor, now: datetime) -> ApiToken:
    """Revoke a token from `now` on; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return token
    before = TokenPublic.model_validate(token)
    token.revoked_at = now
    session.add(token)
    session.flush()
    after = TokenPublic.model_validate(token)
    audit.record(session, actor, AuditAction.token_revoke, entity_key=str(token.id), before=before, after=after)
    return token


def _default_name(data: TokenCreate) -> str:
    return f"{data.role}@{data.archive_code}" if data.archive_code else str(data.role)


def _check_scope(session: Session, data: TokenCreate) -> None:
    if data.role in SCOPED_ROLES and data.archive_code is None:
        raise errors.InvalidTokenScope(
            Text(
                f"archive_code: a {data.role} token needs the archive it acts for",
                f"archive_code：{data.role} 令牌须指定档案馆",
            )
        )
    if data.role not in SCOPED_ROLES and data.archive_code is not None:
        raise errors.InvalidTokenScope(
            Text(
                f"archive_code: a {data.role} token acts for no single archive",
                f"archive_code：{data.role} 令牌不能指定档案馆",
            )
        )
    if data.archive_code is not None:
        get_archive(session, data.archive_code)
