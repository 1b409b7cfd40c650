"""SARIF 2.1.0 for GitHub code scanning: schema-valid, rules from the report, stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ocp_standards.model.fingerprint import fingerprint, relative_path
from ocp_standards.model.report import Location
from ocp_standards.reporters.sarif import FINGERPRINT_KEY, render_sarif

from .conftest import CORPUS
from .fixtures.reports.build import ALL_BIDS, BROKEN, POOR, copy_bids, report_of

SARIF_SCHEMA = CORPUS / "shapes" / "sarif-2.1.0" / "sarif-schema-2.1.0.json"


def sarif_of(*paths: Path | str, **options: object) -> dict:
    return json.loads(render_sarif(report_of(*paths, **options)))


@pytest.fixture(scope="module")
def schema() -> dict:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SARIF_SCHEMA} (../shared/corpus absent)")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def test_validates_against_the_official_schema(schema: dict) -> None:
    log = sarif_of(*ALL_BIDS)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, [e.message for e in errors[:5]]
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"]


def test_rules_carry_descriptions_help_and_help_uri() -> None:
    log = sarif_of(POOR)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"].strip()
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        assert rule["helpUri"].startswith("https://")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    used = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert used <= set(ids)
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_have_level_message_relative_location_and_region() -> None:
    log = sarif_of(relative_path(str(POOR)))
    results = log["runs"][0]["results"]
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    assert "error" in {r["level"] for r in results}
    for r in results:
        assert r["message"]["text"].strip()
        artifact = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uri"] == "tests/fixtures/reports/poor-bid.ocp.yaml"
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert r["partialFingerprints"][FINGERPRINT_KEY]
    regions = [r["locations"][0]["physicalLocation"].get("region") for r in results]
    assert any(reg and reg["startLine"] >= 1 for reg in regions)


def test_parse_error_points_at_its_line() -> None:
    (result,) = sarif_of(BROKEN)["runs"][0]["results"]
    assert result["ruleId"] == "OCP-INPUT-002"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 1


def test_fingerprints_ignore_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (bid,) = copy_bids(tmp_path / "bids", POOR)
    before = sarif_of(bid.relative_to(tmp_path))["runs"][0]["results"]
    bid.write_text("# a comment\n# and another, so every line moves\n" + bid.read_text())
    after = sarif_of(bid.relative_to(tmp_path))["runs"][0]["results"]

    def keyed(results: list[dict]) -> dict[str, int | None]:
        return {
            r["partialFingerprints"][FINGERPRINT_KEY]: r["locations"][0]["physicalLocation"]
            .get("region", {})
            .get("startLine")
            for r in results
        }

    k_before, k_after = keyed(before), keyed(after)
    assert set(k_before) == set(k_after)
    moved = [fp for fp, line in k_before.items() if line is not None]
    assert moved and all(k_after[fp] == k_before[fp] + 2 for fp in moved)


def test_fingerprint_is_the_logical_location() -> None:
    loc = Location(path="a/b.yaml", pointer="/residency/locations/0", line=7)
    same = Location(path="./a/x/../b.yaml", pointer="/residency/locations/0", line=99)
    assert fingerprint("R-1", "a/b.yaml", loc) == fingerprint("R-1", "a/b.yaml", same)
    other = Location(path="a/b.yaml", pointer="/residency/locations/1", line=7)
    assert fingerprint("R-1", "a/b.yaml", loc) != fingerprint("R-1", "a/b.yaml", other)
    assert fingerprint("R-1", "a/b.yaml", loc) != fingerprint("R-2", "a/b.yaml", loc)
    row = Location(path="t.csv", row=3, field="email")
    assert fingerprint("R-1", "t.csv", row) != fingerprint(
        "R-1", "t.csv", Location(path="t.csv", row=4, field="email")
    )


def test_waived_results_are_suppressed_and_baseline_state_is_set(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {rule: 'PROC-EXIT-*', subject: '*poor-bid*', reason: remediation-planned,\n"
        "     justification: Exit terms are renegotiated, approver: CIO, expires: 2027-01-31}\n"
    )
    log = sarif_of(POOR, waivers=waivers)
    results = log["runs"][0]["results"]
    waived = [r for r in results if r["ruleId"].startswith("PROC-EXIT-")]
    assert waived and all(r["suppressions"][0]["kind"] == "external" for r in waived)
    assert all("suppressions" not in r for r in results if r not in waived)
