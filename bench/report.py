"""The benchmark's table, its goals (met or missed), and the machine it ran on."""

import os
import platform
import sqlite3
import subprocess

from bench.generate import Country
from tests.harness import postgres_bin

COUNTRY_MEDIAN_MS = 100.0
COLD_COUNTRY_MS = 200.0
COLD_YEAR_MS = 500.0  # a year the warm start did not prepare, right after a start
REPORT_GET_RATIO = 0.40  # of the baseline's row GET
ARCHIVE_RATIO = 0.30  # of the baseline's row GET
PUT_RATIO = 0.60  # of the baseline's validated POST, 2 workers
PEAK_RSS_MB = 250.0


def machine() -> dict[str, object]:
    """CPU, cores, memory and versions."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")), "?"
    )
    memory_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    postgres = postgres_bin()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": subprocess.run(
            [str(postgres / "postgres"), "--version"], capture_output=True, text=True
        ).stdout.strip()
        if postgres
        else None,
    }


def country_summary(country: Country) -> dict[str, int]:
    return {
        "provincial": country.count("provincial"),
        "municipal": country.count("municipal"),
        "county": country.count("county"),
        "reports": country.report_count(),
    }


def goals(runs: list[dict]) -> list[dict[str, object]]:
    """Each goal of the issue, with the figures it was judged on."""

    def judged(goal: str, checked: list[dict], value, passes) -> dict[str, object]:  # type: ignore[no-untyped-def]
        figures = {f"{run['database']}/{run['workers']}": value(run) for run in checked}
        return {"goal": goal, "met": bool(checked) and all(passes(v) for v in figures.values()), "figures": figures}

    two_workers = [run for run in runs if run["workers"] == 2]
    return [
        judged(
            f"cold whole-country compliance (first request after start; the worker warmed up) < {COLD_COUNTRY_MS:.0f} ms",
            runs,
            lambda run: round(run["country"]["first_ms"]),
            lambda v: v < COLD_COUNTRY_MS,
        ),
        judged(
            f"cold whole-country compliance, the warm-up off (judging the country from nothing) < {COLD_COUNTRY_MS:.0f} ms",
            runs,
            lambda run: round(run.get("country_unwarmed_first_ms", float("nan"))),
            lambda v: v < COLD_COUNTRY_MS,
        ),
        judged(
            f"whole-country compliance as of a year the warm start did not prepare, right after a start"
            f" < {COLD_YEAR_MS:.0f} ms",
            runs,
            lambda run: round(run.get("country_cold_year_first_ms", float("nan"))),
            lambda v: v < COLD_YEAR_MS,
        ),
        judged(
            f"whole-country compliance median < {COUNTRY_MEDIAN_MS:.0f} ms, one client",
            runs,
            lambda run: round(run["country"]["median_ms"], 1),
            lambda v: v < COUNTRY_MEDIAN_MS,
        ),
        judged(
            f"report GET >= {REPORT_GET_RATIO:.0%} of the baseline's row GET",
            runs,
            lambda run: round(baseline_ratio(run, "report"), 3),
            lambda v: v >= REPORT_GET_RATIO,
        ),
        judged(
            f"one archive's compliance >= {ARCHIVE_RATIO:.0%} of the baseline's row GET",
            runs,
            lambda run: round(baseline_ratio(run, "archive_compliance"), 3),
            lambda v: v >= ARCHIVE_RATIO,
        ),
        judged(
            f"report PUT >= {PUT_RATIO:.0%} of the baseline's POST, 2 workers",
            two_workers,
            lambda run: round(put_ratio(run), 3),
            lambda v: v >= PUT_RATIO,
        ),
        judged(
            "32 concurrent writers: 0 lost, 0 5xx (figures: lost, 5xx, other failures)",
            runs,
            lambda run: (
                run["writes"]["lost"],
                run["writes"]["server_errors"],
                run["writes"]["other_refusals"] + run["writes"]["unanswered"],
            ),
            lambda v: v == (0, 0, 0),
        ),
        judged(
            f"peak memory < {PEAK_RSS_MB:.0f} MB a worker",
            runs,
            lambda run: round(max(run["peak_rss_mb"]), 1),
            lambda v: v < PEAK_RSS_MB,
        ),
    ]


def table(results: dict) -> str:
    """The figures as one Markdown table, then the goals."""
    lines = [
        f"{results['country']['provincial']} provincial, {results['country']['municipal']} municipal, "
        f"{results['country']['county']} county archives, {results['country']['reports']:,} reports; "
        f"{results['machine']['cores']} cores, {results['machine']['cpu']}; load average "
        f"{results['machine']['load_average_before']:.1f} before, {results['machine']['load_average_after']:.1f} after",
        "",
        "| database | workers | country first (cold year; warm-up off) / median / p99 ms | province median / p99 ms | /health req/s "
        "| baseline row GET req/s | archive compliance req/s (of baseline GET) | report GET req/s (of baseline GET) "
        "| baseline POST/s | PUT writes/s (of baseline POST) | 5xx | lost | peak RSS MB per worker |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for backend in results["backends"]:
        for run in backend["runs"]:
            rates, writes = run["rates"], run["writes"]
            lines.append(
                f"| {run['database']} | {run['workers']} "
                f"| {run['country']['first_ms']:.0f} ({run.get('country_cold_year_first_ms', float('nan')):.0f}; "
                f"{run.get('country_unwarmed_first_ms', float('nan')):.0f}) "
                f"/ {run['country']['median_ms']:.0f} / {run['country']['p99_ms']:.0f} "
                f"| {run['province']['median_ms']:.1f} / {run['province']['p99_ms']:.1f} | {rates['health']:,.0f} "
                f"| {run['baseline']['rates']['row']:,.0f} "
                f"| {rates['archive_compliance']:,.0f} ({baseline_ratio(run, 'archive_compliance'):.0%}) "
                f"| {rates['report']:,.0f} ({baseline_ratio(run, 'report'):.0%}) "
                f"| {run['baseline']['writes']['per_second']:,.0f} "
                f"| {writes['per_second']:,.0f} ({put_ratio(run):.0%}) "
                f"| {writes['server_errors']} | {writes['lost']} | {' / '.join(f'{mb:.0f}' for mb in run['peak_rss_mb'])} |"
            )
    lines.append("")
    for goal in results["goals"]:
        figures = ", ".join(f"{where}: {value}" for where, value in goal["figures"].items())
        lines.append(f"- {'MET   ' if goal['met'] else 'MISSED'} {goal['goal']} ({figures})")
    return "\n".join(lines)


def baseline_ratio(run: dict, name: str) -> float:
    """Lantai's rate for `name` as a share of the baseline's row GET, measured in the same run."""
    return run["rates"][name] / run["baseline"]["rates"]["row"]


def put_ratio(run: dict) -> float:
    """Lantai's report PUTs a second as a share of the baseline's validated POSTs."""
    return run["writes"]["per_second"] / run["baseline"]["writes"]["per_second"]


def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().splitlines()
    except OSError:
        return []
