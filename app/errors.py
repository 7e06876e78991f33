"""Domain errors: each carries its HTTP status; one handler renders them.

Every error answers {"error": <Name>, "detail": <message>}; the message is in
Chinese when the request asks for it (Accept-Language: zh).
"""

from app.i18n import Text


class AppError(Exception):
    """Base of every error the service reports to a client."""

    status_code = 400
    error = "BadRequest"
    headers: dict[str, str] = {}

    def __init__(self, detail: Text | str) -> None:
        super().__init__(detail.en if isinstance(detail, Text) else detail)
        self.detail = detail if isinstance(detail, Text) else Text(detail, detail)

    def message(self, lang: str) -> str:
        """The detail in the client's language."""
        return self.detail.pick(lang)


def _error(name: str, status: int, headers: dict[str, str] | None = None) -> type[AppError]:
    attributes = {"status_code": status, "error": name, "headers": headers or {}, "__doc__": f"{status} {name}"}
    return type(name, (AppError,), attributes)


ValidationFailed = _error("ValidationError", 422)
MalformedJSON = _error("MalformedJSON", 400)
MalformedRequest = _error("MalformedRequest", 400)
UnknownParameter = _error("UnknownParameter", 400)
NotFound = _error("NotFound", 404)
ArchiveNotFound = _error("ArchiveNotFound", 404)
PlanNotFound = _error("PlanNotFound", 404)
TargetNotFound = _error("TargetNotFound", 404)
ReportNotFound = _error("ReportNotFound", 404)
ArchiveExists = _error("ArchiveExists", 409)
PlanExists = _error("PlanExists", 409)
TargetExists = _error("TargetExists", 409)
ArchiveInUse = _error("ArchiveInUse", 409)
HierarchyCycle = _error("HierarchyCycle", 422)
InvalidHierarchy = _error("InvalidHierarchy", 422)
InvalidTarget = _error("InvalidTarget", 422)
InvalidTargetScope = _error("InvalidTargetScope", 422)
DigitizedExceedsHoldings = _error("DigitizedExceedsHoldings", 422)
YearOutOfRange = _error("YearOutOfRange", 422)
DatabaseUnavailable = _error("DatabaseUnavailable", 503, {"Retry-After": "1"})
UnsupportedFileType = _error("UnsupportedFileType", 415)
EmptyFile = _error("EmptyFile", 422)
PayloadTooLarge = _error("PayloadTooLarge", 413)
ImportRejected = _error("ImportRejected", 422)
Unauthorized = _error("Unauthorized", 401)
Forbidden = _error("Forbidden", 403)
TokenNotFound = _error("TokenNotFound", 404)
ReportLocked = _error("ReportLocked", 409)
InvalidReviewStep = _error("InvalidReviewStep", 409)
PreconditionFailed = _error("PreconditionFailed", 412)
InvalidTokenScope = _error("InvalidTokenScope", 422)
Conflict = _error("Conflict", 409)
MethodNotAllowed = _error("MethodNotAllowed", 405)
InternalError = _error("InternalError", 500)
SelfApproval = _error("SelfApproval", 403)
RequestTimeout = _error("RequestTimeout", 408)
RoundNotFound = _error("RoundNotFound", 404)
RoundInUse = _error("RoundInUse", 409)
InvalidRound = _error("InvalidRound", 422)
CommentRequired = _error("CommentRequired", 422)
UploadsBusy = _error("UploadsBusy", 503, {"Retry-After": "10"})
UserNotFound = _error("UserNotFound", 404)
UserExists = _error("UserExists", 409)
InvalidUser = _error("InvalidUser", 422)
WeakPassword = _error("WeakPassword", 422)
InvalidWebhookUrl = _error("InvalidWebhookUrl", 422)
WebhookNotFound = _error("WebhookNotFound", 404)
DeliveryNotFound = _error("DeliveryNotFound", 404)
MissingReference = _error("MissingReference", 422)  # a code the write names is not stored (a foreign key)
Duplicate = _error("Duplicate", 409)  # another row has the same key (a unique constraint)
ArchiveNotOpen = _error("ArchiveNotOpen", 422)  # not open on the date named (not yet opened, or closed)
DuplicateEvent = _error("DuplicateEvent", 422)  # the archive already has an event for that attribute that day
InvalidEvent = _error("InvalidEvent", 422)  # an event that changes nothing, is future-dated or out of order


# Every error name an answer may carry (ErrorBody.error's enum in OpenAPI): "BadRequest" is AppError's own.
ERROR_NAMES: tuple[str, ...] = tuple(
    sorted(
        {value.error for value in list(globals().values()) if isinstance(value, type) and issubclass(value, AppError)}
    )
)
