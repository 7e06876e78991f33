"""What a spreadsheet import answers: a summary, and each problem that stopped it."""

from pydantic import BaseModel, Field


class ImportProblemPublic(BaseModel):
    """One thing wrong in the file: where it is, what it holds, and what is wrong."""

    row: int | None = Field(description="Row number in the spreadsheet (the first row is 1)")
    column: str | None = Field(description="The column's key (e.g. digitized_volumes), or the unknown header")
    value: str | None = Field(description="The cell as read")
    code: str = Field(description="What kind of problem, e.g. digitized_exceeds_holdings (the same in every language)")
    message: str = Field(description="The problem in plain words, in the request's language")


class ImportWarningPublic(BaseModel):
    """A plausibility check that fires on a row's figures: shown, never a reason to refuse the file."""

    row: int
    archive_code: str
    year: int
    code: str = Field(description="The check, e.g. digit_slip")
    field: str
    message: str
    severity: str = Field(description="warning, or error where the figures cannot be right")


class ImportSummary(BaseModel):
    """What the import did; for a dry run or a refused file, what it would do for the rows without problems."""

    dry_run: bool
    written: bool = Field(description="True when the reports were written")
    rows_read: int = Field(description="Data rows read (blank rows not counted)")
    created: int
    replaced: int
    unchanged: int = Field(description="Rows identical to the stored report: no new revision")
    skipped: int = Field(description="Rows with an archive but no figure at all (template rows left empty)")
    problem_count: int
    problems: list[ImportProblemPublic] = Field(description="The problems, by row (at most 1,000 listed)")
    message: str
    warning_count: int = 0
    warnings: list[ImportWarningPublic] = Field(
        default_factory=list, description="Plausibility warnings on the rows' figures (at most 1,000 listed)"
    )


class ImportRejectedBody(BaseModel):
    """A refused import: the error, and (for ImportRejected) the summary naming every problem."""

    error: str
    detail: str
    summary: ImportSummary | None = Field(default=None, description="Only for ImportRejected: every problem by row")
