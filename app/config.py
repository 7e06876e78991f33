"""One place for configuration: every setting comes from the environment (prefix LANTAI_)."""

from functools import lru_cache
from typing import Annotated

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The secret's default: good for nothing but refusing to start (see secret_problem).
PLACEHOLDER_SECRET = "change-me"
MIN_SECRET_LENGTH = 16


class Settings(BaseSettings):
    """Service settings; nothing else in the app reads os.environ."""

    model_config = SettingsConfigDict(env_prefix="LANTAI_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./lantai.db"
    db_pool_size: int = 20
    db_max_overflow: int = 20
    db_pool_recycle_seconds: int = 1800
    db_pool_timeout_seconds: float = 10.0
    db_connect_timeout_seconds: int = 5
    sqlite_busy_timeout_ms: int = 10_000
    db_retry_attempts: int = 3
    seed_dir: str | None = None
    secret: str = PLACEHOLDER_SECRET
    public_read: bool = False
    cors_origins: Annotated[list[str], NoDecode] = []
    max_json_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    # Slow clients: a request's head (line and headers) must arrive within this many seconds of the
    # connection opening (or of the previous answer), and its body within body_timeout_seconds of
    # its first read (then 408, and the connection is closed).
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 20.0
    # Four eyes: off only for a deployment with a single administrator (approvals then say so).
    allow_self_approval: bool = False
    timezone: str = "Asia/Shanghai"  # where a round's due date ends (LANTAI_TIMEZONE)
    # A worker judges each plan's national list (as of its default year, in each language) while
    # starting, before it answers, so that the first request after a start or deploy does not wait
    # for the judging (app.services.compliance.warm); it stops once warm_budget_seconds are spent.
    warm_on_start: bool = True
    warm_budget_seconds: float = 20.0
    # An uploaded workbook is read in a worker process that is stopped after import_parse_seconds
    # (wall clock and CPU) or when its memory grows past import_parse_memory_mb (app.services.imports.worker).
    import_parse_seconds: float = 10.0
    import_parse_memory_mb: int = 180
    # The console's sessions end after this many idle minutes, and this many hours after sign-in.
    console_idle_minutes: int = 30
    console_session_hours: int = 12
    # Webhooks (app.services.webhooks): each `lantai serve` process runs a delivery worker unless
    # webhook_delivery is off (`lantai webhooks deliver` then runs one alone); webhook_allowed_networks
    # lets webhooks call private addresses in these CIDR networks (a government intranet);
    # webhook_retry_schedule is the wait, in seconds, before each retry of a failed attempt.
    webhook_delivery: bool = True
    webhook_allowed_networks: str = ""
    webhook_retry_schedule: str = "5,300,1800,7200,18000,36000,36000"
    webhook_poll_seconds: float = 1.0

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """LANTAI_CORS_ORIGINS is a comma-separated list of origins."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    def secret_problem(self) -> str | None:
        """Why the token secret is unfit to serve with, or None when it is fine."""
        if self.secret == PLACEHOLDER_SECRET:
            return "LANTAI_SECRET is the placeholder; set a secret of your own (make serve sets a demo one)"
        if len(self.secret) < MIN_SECRET_LENGTH:
            return f"LANTAI_SECRET is shorter than {MIN_SECRET_LENGTH} characters"
        return None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
