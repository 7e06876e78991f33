"""docker-compose.yml, .env.example and the Dockerfile describe a deployment that can start.

Docker cannot run here, so these tests read the files: the services, their
order of start, their health checks, and that no secret is written down.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"(?<!\$)\$\{(\w+)")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN", re.IGNORECASE)
REQUIRED_VARIABLE = re.compile(r"\$\{\w+:\?[^}]*\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    return [line.strip() for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()]


def words(command: list[str] | str) -> list[str]:
    return command if isinstance(command, list) else command.split()


def healthcheck_text(service: dict[str, Any]) -> str:
    return " ".join(words(service["healthcheck"]["test"]))


class TestComposeServices:
    def test_it_has_the_database_the_migration_and_the_api(self, compose: dict[str, Any]) -> None:
        assert set(compose["services"]) == {"db", "migrate", "api"}

    def test_the_database_is_postgres_on_a_named_volume(self, compose: dict[str, Any]) -> None:
        db = compose["services"]["db"]
        assert db["image"].startswith("postgres:")
        volume, _, mount = db["volumes"][0].partition(":")
        assert mount.startswith("/var/lib/postgresql/data")
        assert volume in compose["volumes"]

    def test_the_database_is_healthy_when_pg_isready_says_so(self, compose: dict[str, Any]) -> None:
        assert "pg_isready" in healthcheck_text(compose["services"]["db"])

    def test_the_migration_runs_once_the_database_is_healthy(self, compose: dict[str, Any]) -> None:
        migrate = compose["services"]["migrate"]
        assert words(migrate["command"]) == ["lantai", "migrate"]
        assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}

    def test_the_api_starts_after_a_successful_migration(self, compose: dict[str, Any]) -> None:
        assert compose["services"]["api"]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }

    def test_the_api_serves_with_several_workers_on_every_interface(self, compose: dict[str, Any]) -> None:
        command = words(compose["services"]["api"]["command"])
        assert command[:2] == ["lantai", "serve"]
        assert command[command.index("--host") + 1] == "0.0.0.0"
        assert "--workers" in command

    def test_the_api_is_healthy_when_it_is_ready(self, compose: dict[str, Any]) -> None:
        assert "/ready" in healthcheck_text(compose["services"]["api"])


class TestComposeConfiguration:
    def test_the_api_and_the_migration_read_the_same_database(self, compose: dict[str, Any]) -> None:
        services = compose["services"]
        assert services["api"]["environment"] == services["migrate"]["environment"]
        assert services["api"]["environment"]["LANTAI_DATABASE_URL"].startswith("postgresql+psycopg://")

    def test_no_secret_is_written_in_the_file(self, compose: dict[str, Any]) -> None:
        for service in compose["services"].values():
            environment = service.get("environment", {})
            for name, value in environment.items():
                if SECRET_NAME.search(name):
                    assert REQUIRED_VARIABLE.fullmatch(str(value)), name
            if "LANTAI_DATABASE_URL" in environment:
                password = re.search(r"://\$\{[^}]*\}:(.*)@db:", environment["LANTAI_DATABASE_URL"])
                assert password and REQUIRED_VARIABLE.fullmatch(password.group(1))

    @pytest.mark.usefixtures("compose")
    def test_every_variable_it_reads_is_in_the_env_example(self, env_example: dict[str, str]) -> None:
        referenced = set(VARIABLE.findall((ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
        assert referenced <= set(env_example)

    def test_the_env_example_leaves_every_secret_to_fill_in(self, env_example: dict[str, str]) -> None:
        secrets = {name: value for name, value in env_example.items() if SECRET_NAME.search(name)}
        assert secrets and all(value == "" for value in secrets.values())


class TestDockerfile:
    def test_it_builds_on_a_slim_python(self, dockerfile: list[str]) -> None:
        bases = [line.split()[1] for line in dockerfile if line.startswith("FROM ")]
        assert bases and all(re.fullmatch(r"python:3\.1[1-9]-slim", base) for base in bases)

    def test_it_keeps_no_pip_cache(self, dockerfile: list[str]) -> None:
        installs = [line for line in dockerfile if "pip install" in line]
        assert installs and all("--no-cache-dir" in line for line in installs)

    def test_it_runs_as_a_user_other_than_root(self, dockerfile: list[str]) -> None:
        users = [line.split()[1] for line in dockerfile if line.startswith("USER ")]
        assert users and users[-1] not in {"root", "0"}

    def test_it_carries_the_code_the_migrations_and_the_seed(self, dockerfile: list[str]) -> None:
        copied = {part for line in dockerfile if line.startswith("COPY ") for part in line.split()[1:-1]}
        assert {"app/", "migrations/", "seed/", "alembic.ini"} <= copied

    def test_secrets_and_local_state_stay_out_of_the_image(self) -> None:
        ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
        assert {".env", ".venv", ".git", "*.db"} <= ignored
