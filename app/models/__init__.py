"""The tables, imported together so that the metadata knows them all."""

from app.models.archive import Archive
from app.models.archive_history import ArchiveEvent, ArchiveSuccession, ArchiveVersion
from app.models.audit import AuditEntry
from app.models.change_stamp import ChangeSequence, ChangeStamp
from app.models.plan import Plan, Target
from app.models.report import Report, ReportRevision
from app.models.round import Round
from app.models.token import ApiToken
from app.models.user import ConsoleSession, User
from app.models.webhook import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent

__all__ = [
    "ApiToken",
    "Archive",
    "ArchiveEvent",
    "ArchiveSuccession",
    "ArchiveVersion",
    "AuditEntry",
    "ChangeSequence",
    "ChangeStamp",
    "Plan",
    "Report",
    "ReportRevision",
    "Round",
    "Target",
    "User",
    "ConsoleSession",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
]
