"""A deterministic, plausible country: 31 provinces, ~330 municipal and ~2,900 county archives.

Every provincial-level division of the mainland gets its provincial archive
(real name and GB/T 2260 code); prefecture-level cities get a municipal archive
in realistic numbers per province, and each city 4-13 county archives; the four
municipalities directly under the central government have their districts as
county archives straight under the provincial one. Names below the province and
all figures are invented (same seed, same country).

Each archive reports year-end figures for 2020-2025: holdings growing 0.5-3% a
year, the digitized share starting at 15-75% in 2020 and rising 3-14 points a
year (a few archives stall), pages and items where the archive counts them
(some never report items), and about 3% of reports missing. The plan is the
14th Five-Year Plan with the targets of seed/reference.json.

    python bench/generate.py      # prints what it would load
"""

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = 14  # gives 2,902 county archives (China has ~2,840 county-level divisions)
YEARS = range(2020, 2026)
REFERENCE = Path(__file__).resolve().parents[1] / "seed" / "reference.json"

# (GB/T 2260 prefix, name, prefecture-level cities; 0 for the four municipalities, whose districts are counted instead)
PROVINCES = (
    ("11", "北京市", 0, 16),
    ("12", "天津市", 0, 16),
    ("13", "河北省", 11, 0),
    ("14", "山西省", 11, 0),
    ("15", "内蒙古自治区", 12, 0),
    ("21", "辽宁省", 14, 0),
    ("22", "吉林省", 9, 0),
    ("23", "黑龙江省", 13, 0),
    ("31", "上海市", 0, 16),
    ("32", "江苏省", 13, 0),
    ("33", "浙江省", 11, 0),
    ("34", "安徽省", 16, 0),
    ("35", "福建省", 9, 0),
    ("36", "江西省", 11, 0),
    ("37", "山东省", 16, 0),
    ("41", "河南省", 17, 0),
    ("42", "湖北省", 13, 0),
    ("43", "湖南省", 14, 0),
    ("44", "广东省", 21, 0),
    ("45", "广西壮族自治区", 14, 0),
    ("46", "海南省", 4, 0),
    ("50", "重庆市", 0, 38),
    ("51", "四川省", 21, 0),
    ("52", "贵州省", 9, 0),
    ("53", "云南省", 16, 0),
    ("54", "西藏自治区", 7, 0),
    ("61", "陕西省", 10, 0),
    ("62", "甘肃省", 14, 0),
    ("63", "青海省", 8, 0),
    ("64", "宁夏回族自治区", 5, 0),
    ("65", "新疆维吾尔自治区", 14, 0),
)
SYLLABLES = "安平江河山宁昌阳城兴德华新东南西北金清永丰泰和丹云武隆汉长龙凤溪源庆宜"
HOLDINGS_VOLUMES = {"provincial": (400_000, 1_500_000), "municipal": (80_000, 400_000), "county": (15_000, 120_000)}


@dataclass
class Country:
    """What the generator makes: archives (parents first), the plan and its targets, reports by province."""

    archives: list[dict[str, object]] = field(default_factory=list)
    plan: dict[str, object] = field(default_factory=dict)
    targets: list[dict[str, object]] = field(default_factory=list)
    reports: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def count(self, level: str) -> int:
        return sum(1 for archive in self.archives if archive["level"] == level)

    def report_count(self) -> int:
        return sum(len(rows) for rows in self.reports.values())


def generate(seed: int = SEED) -> Country:
    """The same country for the same seed."""
    rng = random.Random(seed)
    country = Country()
    country.plan, country.targets = _plan()
    for prefix, name, cities, districts in PROVINCES:
        province = _archive(f"CN-{prefix}", f"{name}档案馆", "provincial", None, f"{prefix}0000")
        country.archives.append(province)
        members = [province]
        if districts:
            members += [
                _archive(
                    f"CN-{prefix}-00-{d:02d}",
                    f"{name}{_place(rng)}区档案馆",
                    "county",
                    province["code"],
                    f"{prefix}01{d:02d}",
                )
                for d in range(1, districts + 1)
            ]
        for c in range(1, cities + 1):
            city = _archive(
                f"CN-{prefix}-{c:02d}", f"{_place(rng)}市档案馆", "municipal", province["code"], f"{prefix}{c:02d}00"
            )
            members.append(city)
            members += [
                _archive(
                    f"{city['code']}-{k:02d}",
                    f"{_place(rng)}县档案馆",
                    "county",
                    city["code"],
                    f"{prefix}{c:02d}{k:02d}",
                )
                for k in range(1, rng.randint(4, 13) + 1)
            ]
        country.archives += members[1:]
        country.reports[str(province["code"])] = [row for member in members for row in _series(rng, member)]
    return country


def _archive(code: str, name: str, level: str, parent: str | None, region: str) -> dict[str, object]:
    body: dict[str, object] = {
        "code": code,
        "name": name,
        "level": level,
        "kind": "comprehensive",
        "region_code": region,
    }
    if parent is not None:
        body["parent_code"] = parent
    return body


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(2))


def _plan() -> tuple[dict[str, object], list[dict[str, object]]]:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    plan = next(plan for plan in reference["plans"] if plan["code"] == "FYP14")
    # A target under a seeded region (e.g. HB-XY) names an archive the generated country does not have.
    targets = [
        {key: value for key, value in target.items() if key != "source"}
        for target in plan["targets"]
        if "under" not in target
    ]
    return {key: plan[key] for key in ("code", "name", "start_year", "end_year", "baseline_year")}, targets


def _series(rng: random.Random, archive: dict[str, object]) -> list[dict[str, object]]:
    """Six years of year-end cumulative figures for one archive."""
    low, high = HOLDINGS_VOLUMES[str(archive["level"])]
    volumes = rng.randint(low, high)
    share = rng.uniform(0.15, 0.75)
    step = 0.0 if rng.random() < 0.05 else rng.uniform(0.03, 0.14)
    pages_per_volume = rng.randint(25, 60)
    counts_items = rng.random() < 0.85
    items = volumes * rng.randint(2, 6)
    item_share = rng.uniform(0.1, 0.8)
    rows = []
    for year in YEARS:
        if rng.random() >= 0.03:
            digitized = min(volumes, round(volumes * share))
            row: dict[str, object] = {
                "archive_code": archive["code"],
                "year": year,
                "holdings_volumes": volumes,
                "digitized_volumes": digitized,
                "holdings_pages": volumes * pages_per_volume,
                "digitized_pages": digitized * pages_per_volume,
                "catalog_entries": volumes * 3 + digitized,
            }
            if counts_items:
                row |= {"holdings_items": items, "digitized_items": min(items, round(items * item_share))}
            rows.append(row)
        volumes += round(volumes * rng.uniform(0.005, 0.03))
        items += round(items * rng.uniform(0.01, 0.04))
        share = min(1.0, share + step * rng.uniform(0.6, 1.4))
        item_share = min(1.0, item_share + rng.uniform(0.02, 0.1))
    return rows


if __name__ == "__main__":
    made = generate()
    print(
        f"{made.count('provincial')} provincial, {made.count('municipal')} municipal, {made.count('county')} county "
        f"archives; {made.report_count():,} reports for {YEARS.start}-{YEARS.stop - 1}; plan {made.plan['code']} "
        f"with {len(made.targets)} targets"
    )
