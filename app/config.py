"""One place for configuration: every setting comes from the environment (prefix LANTAI_)."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


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
    seed_dir: str | None = None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
