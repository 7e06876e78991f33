"""The console's pages on the demo data: each page's median time as a signed-in person sees it (issue 24).

    python bench/console.py --backend sqlite --samples 30

A fresh database seeded with `lantai seed --demo`, a round for the latest demo year, a
clerk of HN-CS-LY and a chief of HN-CS (their own passwords set, as after a first sign-in),
`lantai serve` on 127.0.0.1; then each page asked `samples` times in a row by one browser-like
client (its session cookie). Goals: median under 100 ms for the workbench, the entry form and
the review queue; the whole country's compliance page (paged) under 300 ms.

With `--country`, the generated country of bench/generate.py (31 provinces, ~3,200 archives,
six years of reports) is loaded beside the demo through the API first, so the national pages
(asked by the demo's admin) are measured at the size of China, not of the demo.
"""

import argparse
import re
import secrets
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate
from bench.load import load_country
from bench.run import fresh_database
from tests.harness import Server, lantai_command

PASSWORD = "bench-password-0001"
GOALS_MS = {"workbench (clerk)": 100, "entry form": 100, "review queue": 100, "compliance (country)": 300}


def signed_in(base: str, username: str, initial: str) -> httpx.Client:
    """A client signed in as `username`, its initial password changed to PASSWORD."""
    client = httpx.Client(base_url=base, headers={"Origin": base}, follow_redirects=True, timeout=30)
    client.post("/console/login", data={"username": username, "password": initial})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/password").text)
    assert token is not None, f"{username} did not sign in"
    new = {"current_password": initial, "new_password": PASSWORD, "repeat_password": PASSWORD}
    client.post("/console/password", data=new | {"csrf_token": token.group(1)})
    return client


def median_ms(client: httpx.Client, path: str, samples: int, warmup: int = 3) -> float:
    timings = []
    for _ in range(warmup + samples):
        started = time.perf_counter()
        answer = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path}: {answer.status_code}")
    return statistics.median(timings[warmup:])


def country_places(api: httpx.Client) -> tuple[str, str]:
    """A municipal archive of the generated country with counties below it, and its first county."""
    city = api.get("/api/v1/archives", params={"level": "municipal", "limit": 1}).json()["items"][0]["code"]
    county = api.get("/api/v1/archives", params={"parent_code": city, "limit": 1}).json()["items"][0]["code"]
    return county, city


def create_accounts(api: httpx.Client, clerk_of: str, chief_of: str) -> dict[str, str]:
    """The demo's three accounts, on the generated country's archives: username -> initial password."""
    bodies = (
        {"username": "admin", "display_name": "管理员", "role": "admin"},
        {"username": "clerk.ly", "display_name": "县档案馆填报员", "role": "reporter", "archive_code": clerk_of},
        {"username": "chief.cs", "display_name": "市档案局", "role": "supervisor", "archive_code": chief_of},
    )
    accounts = {}
    for body in bodies:
        answer = api.post("/api/v1/users", json=body)
        answer.raise_for_status()
        accounts[str(body["username"])] = answer.json()["password"]
    return accounts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--postgres-url")
    parser.add_argument("--country", action="store_true", help="load the generated country beside the demo")
    args = parser.parse_args()
    env = {"LANTAI_SECRET": secrets.token_urlsafe(32)}
    with fresh_database(args.backend, args.postgres_url) as url:
        lantai_command("migrate", database_url=url, env=env)
        if not args.country:
            lantai_command("seed", "--demo", database_url=url, env=env)
        token = lantai_command("token", "create", "--role", "admin", "--name", "bench", database_url=url, env=env)
        with Server(url, workers=1, env=env) as server:
            api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
            if args.country:
                loaded = load_country(server.url, token, generate())
                print("country loaded: " + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in loaded.items()))
                clerk_of, chief_of = country_places(api)
                accounts = create_accounts(api, clerk_of, chief_of)
            else:
                clerk_of, chief_of = "HN-CS-LY", "HN-CS"
                accounts = {
                    line.split()[0]: line.split()[-1]
                    for line in lantai_command("demo-users", database_url=url, env=env).splitlines()
                }
            today = date.today()
            round_body = {"year": 2025, "name": "2025年度年报", "opens_on": str(today - timedelta(days=30))}
            api.post("/api/v1/rounds", json=round_body | {"due_on": str(today + timedelta(days=7))}).raise_for_status()
            clerk = signed_in(server.url, "clerk.ly", accounts["clerk.ly"])
            chief = signed_in(server.url, "chief.cs", accounts["chief.cs"])
            admin = signed_in(server.url, "admin", accounts["admin"])
            pages = {
                "workbench (clerk)": (clerk, "/console/"),
                "workbench (chief)": (chief, "/console/"),
                "entry form": (clerk, f"/console/archives/{clerk_of}/reports/2025"),
                "review queue": (chief, "/console/review"),
                "round": (chief, "/console/rounds/1"),
                "compliance (country)": (admin, "/console/compliance"),
                "compliance (country, 2024)": (admin, "/console/compliance?year=2024"),
                "compliance (city, chart)": (chief, f"/console/compliance?under={chief_of}"),
                "archive": (chief, f"/console/archives/{chief_of}"),
            }
            print(f"{'page':<28} {'median ms':>10}  goal")
            for name, (client, path) in pages.items():
                median = median_ms(client, path, args.samples)
                goal = GOALS_MS.get(name)
                verdict = "" if goal is None else f"< {goal} ms: {'met' if median < goal else 'MISSED'}"
                print(f"{name:<28} {median:>10.1f}  {verdict}")


if __name__ == "__main__":
    main()
