"""Yearly reports through HTTP: writes, history, rates, and refusals that change nothing."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory, TokenFactory
from tests.factories import bearer, create_archive, put_report, report_body

URL = "/api/v1/archives/HN-CS/reports"


@pytest.fixture(autouse=True)
def archive(client: TestClient) -> None:
    create_archive(client, "HN-CS", name="长沙市档案馆")


class TestPutReport:
    def test_new_report_is_201_with_rates(self, client: TestClient) -> None:
        body = report_body(200_000, 150_000, holdings_items=100_000, digitized_items=30_000)
        response = client.put(f"{URL}/2023", json=body)
        assert response.status_code == 201
        stored = response.json()
        assert stored["revision"] == 1
        assert stored["rate_volumes_pct"] == 75.0
        assert stored["rate_items_pct"] == 30.0
        assert stored["rate_volumes_items_pct"] == 60.0
        assert stored["rate_pages_pct"] is None
        assert stored["holdings_pages"] is None

    def test_replacing_is_200_and_bumps_revision(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023, holdings=1000, digitized=100)
        response = client.put(f"{URL}/2023", json=report_body(1000, 200))
        assert response.status_code == 200
        assert response.json()["revision"] == 2
        assert client.get(f"{URL}/2023").json()["digitized_volumes"] == 200

    def test_identical_figures_make_no_new_revision(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023)
        response = client.put(f"{URL}/2023", json=report_body())
        assert response.status_code == 200
        assert response.json()["revision"] == 1
        assert len(client.get(f"{URL}/2023/revisions").json()["items"]) == 1

    def test_omitted_figures_stay_unknown(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023, holdings_items=10)
        stored = client.get(f"{URL}/2023").json()
        assert stored["digitized_items"] is None
        assert stored["rate_items_pct"] is None
        assert stored["rate_volumes_items_pct"] is None

    def test_zero_holdings_gives_no_rate(self, client: TestClient) -> None:
        assert put_report(client, "HN-CS", 2023, holdings=0, digitized=0)["rate_volumes_pct"] is None


class TestRevisions:
    def test_replaced_twice_shows_three_versions_oldest_first(
        self, client: TestClient, token_for: TokenFactory
    ) -> None:
        for user, digitized in (("zhang.san", 100), ("li.si", 200), ("wang.wu", 300)):
            token = token_for("reporter", "HN-CS", name=user)
            response = client.put(f"{URL}/2023", json=report_body(1000, digitized), headers=bearer(token))
            assert response.status_code in (200, 201)
        revisions = client.get(f"{URL}/2023/revisions").json()["items"]
        assert [r["revision"] for r in revisions] == [1, 2, 3]
        assert [r["digitized_volumes"] for r in revisions] == [100, 200, 300]
        assert [r["submitted_by"] for r in revisions] == ["zhang.san", "li.si", "wang.wu"]
        times = [r["submitted_at"] for r in revisions]
        assert times == sorted(times)

    def test_unknown_report_is_404(self, client: TestClient) -> None:
        response = client.get(f"{URL}/2023/revisions")
        assert response.status_code == 404
        assert response.json()["error"] == "ReportNotFound"


class TestListReports:
    def test_oldest_first_with_year_filter(self, client: TestClient) -> None:
        for year in (2022, 2020, 2021):
            put_report(client, "HN-CS", year)
        body = client.get(URL, params={"year_from": 2021}).json()
        assert [r["year"] for r in body["items"]] == [2021, 2022]
        assert body["total"] == 2


class TestRefusedReports:
    """Each bad input: the right status and error name, and what was stored is untouched."""

    @pytest.fixture(autouse=True)
    def stored(self, client: TestClient) -> None:
        put_report(client, "HN-CS", 2023, holdings=1000, digitized=400)

    def assert_unchanged(self, client: TestClient) -> None:
        stored = client.get(f"{URL}/2023").json()
        assert (stored["revision"], stored["digitized_volumes"]) == (1, 400)
        assert len(client.get(f"{URL}/2023/revisions").json()["items"]) == 1

    @pytest.mark.parametrize(
        "body, error, field",
        [
            (report_body(1000, -1), "ValidationError", "digitized_volumes"),
            (report_body(1000, 1001), "DigitizedExceedsHoldings", "digitized_volumes"),
            (
                report_body(1000, 10, holdings_pages=10, digitized_pages=11),
                "DigitizedExceedsHoldings",
                "digitized_pages",
            ),
            (report_body(10**20, 10), "ValidationError", "holdings_volumes"),
            (report_body(1000, 10, colour="red"), "ValidationError", "colour"),
            ({"holdings_volumes": 1000}, "ValidationError", "digitized_volumes"),
            (report_body(1000, "many"), "ValidationError", "digitized_volumes"),
        ],
        ids=[
            "negative",
            "digitized-above-holdings",
            "pages-above-holdings",
            "overflow",
            "unknown-field",
            "missing",
            "not-a-number",
        ],
    )
    def test_bad_figures(self, client: TestClient, body: dict, error: str, field: str) -> None:
        response = client.put(f"{URL}/2023", json=body)
        assert response.status_code == 422
        assert response.json()["error"] == error
        assert field in response.json()["detail"]
        self.assert_unchanged(client)

    @pytest.mark.parametrize("year", [1948, date.today().year + 1, date.today().year + 2, 10**20])
    def test_year_out_of_range(self, client: TestClient, year: int) -> None:
        response = client.put(f"{URL}/{year}", json=report_body())
        assert response.status_code == 422
        assert response.json()["error"] in ("YearOutOfRange", "ValidationError")
        assert "year" in response.json()["detail"]
        self.assert_unchanged(client)

    def test_the_current_year_is_accepted(self, client: TestClient) -> None:
        assert client.put(f"{URL}/{date.today().year}", json=report_body()).status_code == 201

    def test_malformed_json(self, client: TestClient) -> None:
        response = client.put(f"{URL}/2023", content=b"{holdings", headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["error"] == "MalformedJSON"
        self.assert_unchanged(client)

    def test_unknown_archive_is_404(self, client: TestClient) -> None:
        response = client.put("/api/v1/archives/NOPE/reports/2023", json=report_body())
        assert response.status_code == 404
        assert response.json()["error"] == "ArchiveNotFound"
        self.assert_unchanged(client)


FULL = report_body(
    465_829,
    200_000,
    holdings_pages=9_000_000,
    digitized_pages=4_000_000,
    catalog_entries=465_829,
    fulltext_pages=120_000,
) | {"electronic_records_gb": 12.5, "note": "更正：上次少录一位"}


def audit_count(client: TestClient) -> int:
    return client.get("/api/v1/audit", params={"archive_code": "HN-CS"}).json()["total"]


class TestPatchReport:
    """PATCH merges: only the figures given change; a figure left out or null keeps its stored value."""

    def test_only_volumes_leave_every_other_figure_as_it_was(self, client: TestClient) -> None:
        client.put(f"{URL}/2025", json=FULL)
        response = client.patch(f"{URL}/2025", json={"holdings_volumes": 470_000, "catalog_entries": None})
        assert response.status_code == 200, response.text
        stored = client.get(f"{URL}/2025").json()
        assert stored["holdings_volumes"] == 470_000 and stored["revision"] == 2
        for name in ("digitized_volumes", "holdings_pages", "digitized_pages", "catalog_entries", "fulltext_pages"):
            assert stored[name] == FULL[name], name
        assert (stored["electronic_records_gb"], stored["note"]) == (12.5, "更正：上次少录一位")
        assert response.headers["ETag"] == '"2"'

    def test_put_still_replaces_the_whole_report(self, client: TestClient) -> None:
        client.put(f"{URL}/2025", json=FULL)
        client.put(f"{URL}/2025", json=report_body(470_000, 200_000))
        stored = client.get(f"{URL}/2025").json()
        assert (stored["catalog_entries"], stored["holdings_pages"], stored["note"]) == (None, None, None)

    def test_empty_patch_writes_no_revision_and_no_audit_row(self, client: TestClient) -> None:
        client.put(f"{URL}/2025", json=FULL)
        before = audit_count(client)
        response = client.patch(f"{URL}/2025", json={})
        assert response.status_code == 200 and response.json()["revision"] == 1
        assert audit_count(client) == before

    def test_a_change_is_audited_with_before_and_after(self, client: TestClient) -> None:
        client.put(f"{URL}/2025", json=FULL)
        client.patch(f"{URL}/2025", json={"digitized_volumes": 210_000})
        entry = client.get("/api/v1/audit", params={"archive_code": "HN-CS"}).json()["items"][0]
        assert (entry["before"]["digitized_volumes"], entry["after"]["digitized_volumes"]) == (200_000, 210_000)
        assert entry["after"]["catalog_entries"] == 465_829

    def test_merged_figures_are_checked(self, client: TestClient) -> None:
        client.put(f"{URL}/2025", json=FULL)
        response = client.patch(f"{URL}/2025", json={"digitized_volumes": 500_000})
        assert response.status_code == 422 and response.json()["error"] == "DigitizedExceedsHoldings"
        assert client.get(f"{URL}/2025").json()["digitized_volumes"] == 200_000

    def test_a_missing_report_is_404(self, client: TestClient) -> None:
        response = client.patch(f"{URL}/2024", json={"holdings_volumes": 1})
        assert (response.status_code, response.json()["error"]) == (404, "ReportNotFound")

    def test_if_match_and_the_lock_hold_as_for_put(self, client: TestClient, client_as: ClientFactory) -> None:
        client.put(f"{URL}/2025", json=FULL)
        stale = client.patch(f"{URL}/2025", json={"holdings_volumes": 1_000_000}, headers={"If-Match": '"7"'})
        assert (stale.status_code, stale.json()["error"]) == (412, "PreconditionFailed")
        approver = client_as("admin", name="second-admin")  # four eyes: not the token that wrote it
        assert approver.post(f"{URL}/2025/approve", json={}).status_code == 200
        locked = client.patch(f"{URL}/2025", json={"holdings_volumes": 1_000_000})
        assert (locked.status_code, locked.json()["error"]) == (409, "ReportLocked")
        assert client.get(f"{URL}/2025").json()["holdings_volumes"] == 465_829

    def test_a_viewer_may_not_patch(self, client: TestClient, token_for: TokenFactory) -> None:
        client.put(f"{URL}/2025", json=FULL)
        response = client.patch(f"{URL}/2025", json={"holdings_volumes": 1}, headers=bearer(token_for("viewer")))
        assert response.status_code == 403
        assert client.get(f"{URL}/2025").json()["holdings_volumes"] == 465_829


class TestFiguresAsTyped:
    def test_notes_are_stored_exactly_as_typed(self, client: TestClient) -> None:
        note = "更正：上次少录一位 第１批 ﬁle "
        assert client.put(f"{URL}/2025", json=report_body(note=note)).json()["note"] == note

    @pytest.mark.parametrize("field", ["holdings_volumes", "catalog_entries", "electronic_records_gb"])
    @pytest.mark.parametrize("value", [True, False])
    def test_json_booleans_are_not_counts(self, client: TestClient, field: str, value: bool) -> None:
        response = client.put(f"{URL}/2025", json=report_body() | {field: value})
        assert response.status_code == 422 and field in response.json()["detail"]
        assert client.get(f"{URL}/2025").status_code == 404

    def test_minus_zero_is_zero(self, client: TestClient) -> None:
        body = b'{"holdings_volumes": -0, "digitized_volumes": 0, "electronic_records_gb": -0.0}'
        response = client.put(f"{URL}/2025", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 201, response.text
        assert str(response.json()["electronic_records_gb"]) == "0.0"
