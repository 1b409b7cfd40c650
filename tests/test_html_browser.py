"""The HTML report in a real headless Chromium (Debian's chromium + chromium-driver, via selenium).

Locally the test skips, saying why, when no browser is installed; in CI (`CI` set) a missing
browser is a failure, because .ci/run installs it and this test is the proof the page works.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.reporters.html import render_html
from ocp_standards.reporters.json import render_json

from .fixtures.reports.build import ALL_BIDS, report_of

CHROMIUM = [os.environ.get("OCP_CHROMIUM", ""), "/usr/bin/chromium", "chromium"]
DRIVER = [os.environ.get("OCP_CHROMEDRIVER", ""), "/usr/bin/chromedriver", "chromedriver"]
ARTIFACTS = (
    Path(os.environ.get("OCP_TEST_ARTIFACTS", "")) if os.environ.get("OCP_TEST_ARTIFACTS") else None
)


def _find(candidates: list[str]) -> str | None:
    for c in candidates:
        if c and (Path(c).is_file() or shutil.which(c)):
            return c if Path(c).is_file() else shutil.which(c)
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser test: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install selenium)")
    binary, chromedriver = _find(CHROMIUM), _find(DRIVER)
    if binary is None or chromedriver is None:
        _unavailable(
            "no headless browser: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,2000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def test_report_loads_filters_and_prints(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    report = report_of(*ALL_BIDS)
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    json_report = __import__("json").loads(render_json(report))
    driver.get(page.as_uri())

    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    shown = driver.find_element(By.ID, "summary-score")
    assert float(shown.text) == json_report["summary"]["score"]
    assert float(shown.get_attribute("data-score")) == json_report["summary"]["score"]
    subject_scores = [
        float(e.text) for e in driver.find_elements(By.CSS_SELECTOR, ".subject-score")
    ]
    assert subject_scores == [s["score"] for s in json_report["subjects"]]

    failures = driver.find_elements(By.CSS_SELECTOR, "article.failure")
    total = sum(s["counts"]["failed"] for s in json_report["subjects"])
    assert len(failures) == total

    def visible() -> list[Any]:
        return [f for f in failures if f.is_displayed()]

    assert len(visible()) == total
    errors_only = sum(
        1
        for s in json_report["subjects"]
        for r in s["results"]
        if r["outcome"] == "failed" and r["severity"] == "error"
    )
    for box in driver.find_elements(By.CSS_SELECTOR, "input.f-sev"):
        if box.get_attribute("value") != "error":
            box.click()
    assert len(visible()) == errors_only
    assert all(f.get_attribute("data-severity") == "error" for f in visible())
    for box in driver.find_elements(By.CSS_SELECTOR, "input.f-sev"):
        if not box.is_selected():
            box.click()
    search = driver.find_element(By.ID, "f-text")
    search.send_keys("OCP-INPUT-002")
    assert [f.get_attribute("data-rule") for f in visible()] == ["OCP-INPUT-002"]
    assert "1 of" in driver.find_element(By.ID, "f-count").text
    search.clear()
    search.send_keys(" ")  # an input event with an empty query shows everything again
    assert len(visible()) == total

    shot = (ARTIFACTS or tmp_path) / "html-report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    pdf = driver.print_page()  # the print stylesheet renders without errors
    assert len(pdf) > 1000
    assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")] == []


def test_the_evidence_filter_shows_only_what_a_file_proves(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from ocp_standards import check

    from .conftest import EXAMPLES

    report = check(
        [EXAMPLES / "submissions" / "false-claims", EXAMPLES / "procurement" / "weak-bid.ocp.yaml"],
        profile="procurement",
        as_of="2026-11-24",
    )
    failed = [r for s in report.subjects for r in s.results if r.outcome.value == "failed"]
    verified = [r for r in failed if r.evidence == "verified"]
    assert 0 < len(verified) < len(failed)
    page = tmp_path / "evidence.html"
    page.write_text(render_html(report), encoding="utf-8")
    driver.get(page.as_uri())

    def visible() -> list[Any]:
        items = driver.find_elements(By.CSS_SELECTOR, "article.failure")
        return [e for e in items if e.is_displayed()]

    assert len(visible()) == len(failed)
    Select(driver.find_element(By.ID, "f-evidence")).select_by_value("verified")
    shown = visible()
    assert len(shown) == len(verified)
    assert {e.get_attribute("data-evidence") for e in shown} == {"verified"}
    assert f"{len(verified)} of {len(failed)}" in driver.find_element(By.ID, "f-count").text
    if ARTIFACTS is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "report-evidence-verified.png"))
