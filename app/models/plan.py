"""Plans and their targets: the tables and the API schemas."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlmodel import Field as TableField
from sqlmodel import SQLModel

from app.domain.vocabulary import Rule, Scope
from app.models.common import (
    ArchiveCode,
    BasisName,
    Code,
    Kind,
    Level,
    PlainText,
    UnitName,
    UtcDateTime,
    VisibleText,
    Year,
    utcnow,
)

__all__ = ["Plan", "PlanCreate", "PlanPublic", "Rule", "Target", "TargetCreate", "TargetPublic"]


class Plan(SQLModel, table=True):
    """A plan (e.g. the 14th Five-Year Plan): the years its targets run over."""

    code: str = TableField(primary_key=True, max_length=32)
    name: str = TableField(max_length=200)
    start_year: int
    end_year: int
    baseline_year: int | None = None
    under: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=True),
    )
    follows: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("plan.code", ondelete="RESTRICT"), nullable=True),
    )
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)


class Target(SQLModel, table=True):
    """A target of a plan, scoped by level and kind (a default) or to one archive (an override)."""

    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused (migration 0009)

    id: int | None = TableField(default=None, primary_key=True)
    plan_code: str = TableField(
        sa_column=Column(String(32), ForeignKey("plan.code", ondelete="CASCADE"), index=True, nullable=False)
    )
    rule: str = TableField(max_length=16)
    value: float
    unit: str = TableField(max_length=16)
    basis: str = TableField(max_length=32)
    level: str | None = TableField(default=None, max_length=16)
    kind: str | None = TableField(default=None, max_length=32)
    archive_code: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=True),
    )
    year: int | None = TableField(default=None, sa_column=Column(Integer, nullable=True))
    under: str | None = TableField(
        default=None,
        sa_column=Column(String(32), ForeignKey("archive.code", ondelete="RESTRICT"), index=True, nullable=True),
    )
    source: str | None = TableField(default=None, max_length=500)
    created_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = TableField(default_factory=utcnow, sa_type=UtcDateTime)  # targets are not changed in place


class PlanCreate(BaseModel):
    """A plan to register."""

    model_config = ConfigDict(extra="forbid")

    code: Code = Field(description="Stable identifier, e.g. FYP14")
    name: Annotated[str, PlainText, VisibleText] = Field(
        min_length=1, max_length=200, description="e.g. “十四五”全国档案事业发展规划"
    )
    start_year: Year
    end_year: Year = Field(description="The deadline year (E) of its reach_rate targets")
    baseline_year: Year | None = None
    under: ArchiveCode | None = Field(default=None, description="Binds this archive and every archive below it only")
    follows: Code | None = Field(default=None, description="The code of the plan this one succeeds")
    copy_targets_from: Code | None = Field(
        default=None, description="A plan whose targets (`under` included) this one starts with"
    )


class PlanPublic(BaseModel):
    """A plan as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    start_year: int
    end_year: int
    baseline_year: int | None
    under: str | None
    follows: str | None
    created_at: datetime


class PlanCreated(PlanPublic):
    """A plan just registered, with what its copy of another plan's targets left out."""

    targets_left_out: list["TargetPublic"] = Field(
        description="The copy_targets_from plan's targets not copied: quotas bound to a year outside this plan's"
        " years (empty when nothing was copied or all was)"
    )


class TargetCreate(BaseModel):
    """A target: give `level` (and optionally `kind`) for a default, or `archive_code` for an override."""

    model_config = ConfigDict(extra="forbid")

    rule: Rule
    value: float = Field(gt=0, le=1e12, allow_inf_nan=False)
    unit: str = Field(
        min_length=1,
        max_length=16,
        description="pct (reach_rate); pp or relative_pct (min_growth); a count unit (quota)",
    )
    basis: str = Field(
        min_length=1,
        max_length=32,
        description="Rate basis (volumes, items, volumes_items, pages) or quota metric "
        "(pages, volumes, items, catalog_entries, fulltext_pages)",
    )
    level: Level | None = None
    kind: Kind | None = None
    archive_code: ArchiveCode | None = None
    year: Year | None = Field(default=None, description="annual_quota only: the one year the quota is for")
    under: ArchiveCode | None = Field(
        default=None, description="A default for the archives below this one only (inside the plan's `under`)"
    )
    source: Annotated[str, PlainText] | None = Field(
        default=None, max_length=500, description="The document the target comes from"
    )


class TargetPublic(BaseModel):
    """A target as the API shows it; `scope` says whether it is a default or an override."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_code: str
    rule: Rule
    value: float
    unit: UnitName
    basis: BasisName = Field(description="Rate basis (reach_rate, min_growth) or quota metric (annual_quota)")
    level: Level | None
    kind: Kind | None
    archive_code: str | None
    year: int | None
    under: str | None
    source: str | None
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def scope(self) -> Scope:
        """`override` for an archive-specific target, `default` for a level/kind one."""
        return Scope.override if self.archive_code else Scope.default
