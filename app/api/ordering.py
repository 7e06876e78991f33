"""The `order` query parameter of each list: a closed set of fields, `field` ascending, `-field` descending.

Each set is a Literal, so OpenAPI declares it as an enum and a value outside it is
the usual 422 ValidationError naming `order`. Nulls sort last either way; ties are
broken by the list's code or id, ascending (app.services.ordering); without `order`
a list keeps its default order.
"""

from typing import Annotated, Literal

from fastapi import Query


def _described(default: str, tiebreak: str) -> str:
    return (
        f"Sort by one field: `field` ascending, `-field` descending (nulls last); ties by {tiebreak}. "
        f"Default: {default}"
    )


ArchiveOrder = Annotated[
    Literal[
        "code", "-code", "name", "-name", "level", "-level", "region_code", "-region_code",
        "created_at", "-created_at", "updated_at", "-updated_at",
    ] | None,
    Query(description=_described("by code", "code")),
]  # fmt: skip
ComplianceOrder = Annotated[
    Literal["archive_code", "-archive_code", "archive_name", "-archive_name", "level", "-level", "status", "-status"]
    | None,
    Query(description=_described("by archive code", "archive code") + "; `status` sorts worst first"),
]
ReportOrder = Annotated[
    Literal[
        "archive_code", "-archive_code", "year", "-year", "status", "-status",
        "submitted_at", "-submitted_at", "reviewed_at", "-reviewed_at",
    ] | None,
    Query(description=_described("by archive code, then year", "archive code, then year")),
]  # fmt: skip
ArchiveReportOrder = Annotated[
    Literal["year", "-year", "status", "-status", "submitted_at", "-submitted_at", "reviewed_at", "-reviewed_at"]
    | None,
    Query(description=_described("oldest year first", "year")),
]
TargetOrder = Annotated[
    Literal[
        "id", "-id", "rule", "-rule", "level", "-level", "archive_code", "-archive_code",
        "year", "-year", "created_at", "-created_at", "updated_at", "-updated_at",
    ] | None,
    Query(description=_described("defaults first, then in the order they were set", "id")),
]  # fmt: skip
RevisionOrder = Annotated[
    Literal["revision", "-revision"] | None,
    Query(description=_described("oldest first", "revision")),
]
AuditOrder = Annotated[
    Literal["at", "-at", "id", "-id", "archive_code", "-archive_code", "actor", "-actor", "action", "-action"] | None,
    Query(description=_described("newest first (-at)", "id")),
]
TokenOrder = Annotated[
    Literal["id", "-id", "name", "-name", "role", "-role", "created_at", "-created_at"] | None,
    Query(description=_described("oldest first (id)", "id")),
]
RoundOrder = Annotated[
    Literal["id", "-id", "year", "-year", "opens_on", "-opens_on", "due_on", "-due_on"] | None,
    Query(description=_described("the latest year first, then by id", "id")),
]
