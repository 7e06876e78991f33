"""The tables, imported together so that the metadata knows them all."""

from app.models.archive import Archive
from app.models.plan import Plan, Target
from app.models.report import Report, ReportRevision

__all__ = ["Archive", "Plan", "Report", "ReportRevision", "Target"]
