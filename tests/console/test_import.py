"""批量导入: the dry run shows each figure before -> after (or the problems at their cells), then the confirmation writes."""

import base64
import re

import pytest
from fastapi.testclient import TestClient

from tests.console.conftest import ConsoleFactory, PeopleFactory, sign_in
from tests.factories import create_archive, put_report
from tests.imports.sheets import EN_HEADER, csv_bytes


def test_a_dry_run_then_the_confirmation(client: TestClient, console: ConsoleFactory, people: PeopleFactory) -> None:
    create_archive(client, "LK")
    put_report(client, "LK", 2023, holdings=1000, digitized=300)
    people("li", "reporter", "LK")
    browser = console()
    token = sign_in(browser, "li")
    assert browser.get("/console/import").status_code == 200
    file = csv_bytes([EN_HEADER, ["LK", 2023, 1000, 450, None, None, None]])
    dry = browser.post("/console/import", data={"csrf_token": token}, files={"file": ("lk.csv", file, "text/csv")})
    assert dry.status_code == 200, dry.text
    change = dry.text.split('id="change-LK-2023"')[1].split("</table>")[0]
    assert "已数字化（卷）" in change and "300" in change and "450" in change
    assert client.get("/api/v1/archives/LK/reports/2023").json()["digitized_volumes"] == 300  # nothing written yet
    carried = re.search(r'name="carried" value="([^"]+)"', dry.text)
    assert carried is not None and base64.b64decode(carried.group(1)) == file
    done = browser.post(
        "/console/import/confirm",
        data={"csrf_token": token, "carried": carried.group(1), "filename": "lk.csv", "mode": "merge"},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert done.status_code == 303 and "notice=import.done" in done.headers["location"]
    assert client.get("/api/v1/archives/LK/reports/2023").json()["digitized_volumes"] == 450


def test_problems_are_shown_at_their_cells_and_nothing_can_be_confirmed(
    client: TestClient, console: ConsoleFactory, people: PeopleFactory
) -> None:
    create_archive(client, "LK")
    create_archive(client, "OTHER")
    people("li", "reporter", "LK")
    browser = console()
    token = sign_in(browser, "li")
    file = csv_bytes([EN_HEADER, ["LK", 2023, 1000, "abc", None, None, None], ["OTHER", 2023, 10, 1, None, None, None]])
    dry = browser.post("/console/import", data={"csrf_token": token}, files={"file": ("x.csv", file, "text/csv")})
    assert dry.status_code == 422 and 'id="problems"' in dry.text and "D2" in dry.text
    assert 'id="confirm-form"' not in dry.text


@pytest.mark.usefixtures("client")
def test_a_viewer_may_not_import(console: ConsoleFactory, people: PeopleFactory) -> None:
    people("vv", "viewer")
    browser = console()
    token = sign_in(browser, "vv")
    assert browser.get("/console/import").status_code == 403
    file = csv_bytes([EN_HEADER])
    assert (
        browser.post(
            "/console/import", data={"csrf_token": token}, files={"file": ("x.csv", file, "text/csv")}
        ).status_code
        == 403
    )
