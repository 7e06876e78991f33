"""What a spreadsheet import answers: a summary, and each problem that stopped it."""

from pydantic import BaseModel, Field


class ImportProblemPublic(BaseModel):
    """One thing wrong in the file: where it is, what it holds, and what is wrong."""

    row: int | None = Field(description="Row number in the spreadsheet (the first row is 1)")
    column: str | None = Field(description="The column's key (e.g. digitized_volumes)")
    cell: str | None = Field(default=None, description="The sheet and cell as the clerk sees them, e.g. 年报!D7")
    header: str | None = Field(default=None, description="The column's header as written in the file")
    value: str | None = Field(description="The cell as read (at most 60 characters)")
    code: str = Field(description="What kind of problem, e.g. digitized_exceeds_holdings (the same in every language)")
    message: str = Field(description="The problem in plain words, in the request's language")


class FigureChangePublic(BaseModel):
    """One figure of a report before and after the import."""

    figure: str
    before: int | float | str | None
    after: int | float | str | None


class ReportChangePublic(BaseModel):
    """A report the import creates or changes (or would, in a dry run)."""

    archive_code: str
    year: int
    action: str = Field(description="create or change")
    figures: list[FigureChangePublic] = Field(description="Every figure that changes, before and after")
    cleared_by_replace: list[str] = Field(
        description="Stored figures that mode=replace clears (left blank in the file); mode=merge keeps them"
    )


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
    mode: str = Field(description="merge (blank cells keep stored figures) or replace (whole reports, as PUT)")
    written: bool = Field(description="True when the reports were written")
    rows_read: int = Field(description="Data rows read (blank rows not counted)")
    created: int
    replaced: int = Field(description="Stored reports changed")
    unchanged: int = Field(description="Rows identical to the stored report: no new revision")
    skipped: int = Field(description="Rows with an archive but no figure at all (template rows left empty)")
    problem_count: int
    problems: list[ImportProblemPublic] = Field(description="The problems, by row (at most 1,000 listed)")
    warnings: list[str] = Field(
        default=[], description="Things read but worth a look: columns not read, totals that differ"
    )
    changes: list[ReportChangePublic] = Field(
        default=[], description="Each report changed, figure by figure (at most 1,000)"
    )
    message: str
    check_warning_count: int = 0
    check_warnings: list[ImportWarningPublic] = Field(
        default_factory=list, description="Plausibility warnings on the rows' figures (at most 1,000 listed)"
    )


class ImportRejectedBody(BaseModel):
    """A refused import: the error, and (for ImportRejected) the summary naming every problem."""

    error: str
    detail: str
    summary: ImportSummary | None = Field(default=None, description="Only for ImportRejected: every problem by row")
