"""API tokens: issued, listed and revoked by admins; the token itself is shown once."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status

from app import errors
from app.api.deps import CurrentActor, Limit, Now, Offset, ReadSession, WriteSession
from app.api.errors import responses
from app.api.ordering import TokenOrder
from app.api.permissions import Permitted, TokenManager
from app.domain.permissions import Action
from app.models.common import Page
from app.models.token import TokenCreate, TokenCreated, TokenPublic
from app.services import tokens

router = APIRouter(prefix="/tokens", tags=["tokens"])

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses(errors.MalformedJSON, errors.Forbidden, errors.ArchiveNotFound, errors.InvalidTokenScope),
)
def create_token(
    request: Request, response: Response, session: WriteSession, actor: TokenManager, body: TokenCreate
) -> TokenCreated:
    """Issue a token for a role (and an archive, for supervisors and reporters); it is shown only in this answer."""
    response.headers["Cache-Control"] = "no-store"  # the secret: never kept by a browser or a proxy
    row, token = tokens.issue_token(session, body, actor=actor, secret=request.app.state.settings.secret)
    return TokenCreated(**TokenPublic.model_validate(row).model_dump(), token=token)


@router.get("", responses=responses(errors.Forbidden), dependencies=[Depends(Permitted(Action.manage_tokens))])
def list_tokens(
    session: ReadSession,
    include_revoked: bool = False,
    order: TokenOrder = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[TokenPublic]:
    """List tokens (never the tokens themselves), oldest first; revoked ones on request."""
    rows, total = tokens.list_tokens(session, include_revoked=include_revoked, order=order, limit=limit, offset=offset)
    return Page(items=[TokenPublic.model_validate(row) for row in rows], total=total, limit=limit, offset=offset)


@router.get("/current", responses=responses(errors.TokenNotFound))
def current_token(session: ReadSession, actor: CurrentActor) -> TokenPublic:
    """The token this request was sent with: its name, role and archive."""
    return TokenPublic.model_validate(tokens.token_of(session, actor))


@router.delete(
    "/{token_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses(errors.Forbidden, errors.TokenNotFound)
)
def revoke_token(session: WriteSession, actor: TokenManager, token_id: TokenId, now: Now) -> Response:
    """Revoke a token: from now on it gets 401."""
    tokens.revoke_token(session, tokens.get_token(session, token_id), actor=actor, now=now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
