"""One exception class per error name the server documents, all LantaiError.

The server answers every error as {"error": Name, "detail": message}; `error_for`
turns that answer into the class of that name (LantaiError itself for a name this
version of the client does not know yet). Errors of one kind share a base class:
`except NotFound` catches ArchiveNotFound, ReportNotFound, ...
"""

from typing import Any


class LantaiError(Exception):
    """A request that failed: `error` is the server's error name, `status` its HTTP status."""

    def __init__(self, error: str, detail: str, status: int | None = None, body: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {error}: {detail}" if status else f"{error}: {detail}")
        self.error, self.detail, self.status = error, detail, status
        self.body = body or {}


class ConnectionFailed(LantaiError):
    """The server could not be reached, or did not answer within the timeout."""


class BadRequest(LantaiError):
    """400: the request cannot be read."""


class MalformedJSON(BadRequest):
    """400: the body is not valid JSON."""


class MalformedRequest(BadRequest):
    """400: the request line, headers or multipart body cannot be read."""


class UnknownParameter(BadRequest):
    """400: a query parameter the route does not take (a typo such as `levle`)."""


class Unauthorized(LantaiError):
    """401: no token, or a bad or revoked one."""


class Forbidden(LantaiError):
    """403: the token's role or archive does not allow this."""


class NotFound(LantaiError):
    """404: no such thing."""


class ArchiveNotFound(NotFound):
    """404: no archive with that code."""


class PlanNotFound(NotFound):
    """404: no plan with that code."""


class TargetNotFound(NotFound):
    """404: no such target in the plan."""


class ReportNotFound(NotFound):
    """404: the archive has no report for that year."""


class TokenNotFound(NotFound):
    """404: no such token."""


class MethodNotAllowed(LantaiError):
    """405: the path does not take this method."""


class Conflict(LantaiError):
    """409: the write conflicts with stored data."""


class ArchiveExists(Conflict):
    """409: an archive with that code exists."""


class PlanExists(Conflict):
    """409: a plan with that code exists."""


class TargetExists(Conflict):
    """409: the plan has that target already."""


class ArchiveInUse(Conflict):
    """409: the archive still has reports, children or targets."""


class ReportLocked(Conflict):
    """409: the report is approved; reopen it first."""


class InvalidReviewStep(Conflict):
    """409: the review step does not apply to the report's state."""


class PreconditionFailed(LantaiError):
    """412: If-Match named a revision the report is no longer at."""


class PayloadTooLarge(LantaiError):
    """413: the upload is too large."""


class UnsupportedFileType(LantaiError):
    """415: not a .csv or .xlsx file."""


class ValidationError(LantaiError):
    """422: a value out of range or of the wrong type."""


class HierarchyCycle(ValidationError):
    """422: the archive would become its own ancestor."""


class InvalidHierarchy(ValidationError):
    """422: that parent cannot supervise that archive."""


class ArchiveNotOpen(ValidationError):
    """422: the archive was not open on the date or in the year named (not yet opened, or closed)."""


class DuplicateEvent(ValidationError):
    """422: the archive already has a change of that attribute recorded on that day."""


class InvalidEvent(ValidationError):
    """422: the change recorded changes nothing, is dated in the future, or is out of order."""


class InvalidTarget(ValidationError):
    """422: the target's figures do not fit its rule."""


class InvalidTargetScope(ValidationError):
    """422: the target's scope is not a level, a kind or an archive."""


class DigitizedExceedsHoldings(ValidationError):
    """422: more digitized than held."""


class YearOutOfRange(ValidationError):
    """422: the year is before 1949 or after next year."""


class EmptyFile(ValidationError):
    """422: the upload has no rows."""


class ImportRejected(ValidationError):
    """422: the import was refused for problems in the file; `summary` lists every one."""

    @property
    def summary(self) -> dict[str, Any]:
        """The import summary, with every problem by row."""
        summary = self.body.get("summary")
        return summary if isinstance(summary, dict) else {}


class InvalidTokenScope(ValidationError):
    """422: the token's role and archive do not fit together."""


class SelfApproval(Forbidden):
    """403: four eyes: the token that wrote a revision may not approve it."""


class RoundNotFound(NotFound):
    """404: no reporting round with that id."""


class RoundInUse(Conflict):
    """409: the round cannot be deleted: archives have reported for it."""


class InvalidRound(ValidationError):
    """422: the round's dates or scope do not fit together."""


class CommentRequired(ValidationError):
    """422: approving a report that has warnings needs a comment."""


class InvalidWebhookUrl(ValidationError):
    """422: the webhook's URL may not be called (scheme, credentials, or an address refused)."""


class WebhookNotFound(NotFound):
    """404: no webhook with this id in your scope."""


class DeliveryNotFound(NotFound):
    """404: the webhook has no delivery with this id."""


class MissingReference(ValidationError):
    """422: the write names something that is not stored (a code, a plan), as the detail says."""


class UserNotFound(NotFound):
    """404: no console account with this username."""


class UserExists(Conflict):
    """409: a console account with this username already exists."""


class InvalidUser(ValidationError):
    """422: the account's fields are not acceptable (role and archive, names), as the detail says."""


class WeakPassword(ValidationError):
    """422: the password is too short or too plain for a console account."""


class Duplicate(Conflict):
    """409: the same value is already stored, as the detail names it."""


class RequestTimeout(LantaiError):
    """408: the request body did not arrive in time."""


class InternalError(LantaiError):
    """500: the server failed; the detail quotes the request id to report."""


class DatabaseUnavailable(LantaiError):
    """503: the database is busy or unreachable (retried by the client before it is raised)."""


class UploadsBusy(LantaiError):
    """503: the server is reading other uploads; send the file again after Retry-After."""


ERROR_TYPES: dict[str, type[LantaiError]] = {
    error_type.__name__: error_type
    for error_type in (
        BadRequest,
        MalformedJSON,
        MalformedRequest,
        UnknownParameter,
        Unauthorized,
        Forbidden,
        NotFound,
        ArchiveNotFound,
        PlanNotFound,
        TargetNotFound,
        ReportNotFound,
        TokenNotFound,
        MethodNotAllowed,
        Conflict,
        ArchiveExists,
        PlanExists,
        TargetExists,
        ArchiveInUse,
        ReportLocked,
        InvalidReviewStep,
        PreconditionFailed,
        PayloadTooLarge,
        UnsupportedFileType,
        ValidationError,
        HierarchyCycle,
        InvalidHierarchy,
        ArchiveNotOpen,
        DuplicateEvent,
        InvalidEvent,
        InvalidTarget,
        InvalidTargetScope,
        DigitizedExceedsHoldings,
        YearOutOfRange,
        EmptyFile,
        ImportRejected,
        InvalidTokenScope,
        SelfApproval,
        RoundNotFound,
        RoundInUse,
        InvalidRound,
        CommentRequired,
        InvalidWebhookUrl,
        WebhookNotFound,
        DeliveryNotFound,
        MissingReference,
        Duplicate,
        UserNotFound,
        UserExists,
        InvalidUser,
        WeakPassword,
        RequestTimeout,
        InternalError,
        DatabaseUnavailable,
        UploadsBusy,
    )
}


def error_for(status: int, body: object, text: str = "") -> LantaiError:
    """The exception for an error answer: the class of its error name, else LantaiError."""
    if not isinstance(body, dict) or "error" not in body:
        return LantaiError(f"HTTP{status}", " ".join(text.split())[:200], status)
    name, detail = str(body["error"]), str(body.get("detail", ""))
    return ERROR_TYPES.get(name, LantaiError)(name, detail, status, body)
