"""Reports never carry the personal values or secrets they found, in any format; and the same
inputs give a byte-identical JSON report when time is pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocp_standards import check
from ocp_standards.reporters import RENDERERS

from .crash import assert_no_crash

PLANTED = [
    "jane.doe@example.org",
    "046 454 286",
    "046454286",
    "sk_live_ABCDEF1234567890",
    "(416) 555-0199",
]


@pytest.fixture()
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(
        "id,contact,ref,phone,note\n"
        "1,jane.doe@example.org,046 454 286,(416) 555-0199,api_key=sk_live_ABCDEF1234567890\n"
        "2,john@example.org,130 692 544,,ok\n",
        encoding="utf-8",
    )
    return path


def test_findings_are_raised_but_values_are_masked(people: Path) -> None:
    report = check([people], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(report)
    failed = {r.rule_id for s in report.subjects for r in s.results if r.outcome.value == "failed"}
    assert {"GEN-PRIV-001", "GEN-PRIV-013", "GEN-PRIV-014"} <= failed
    examples = [
        e for s in report.subjects for r in s.results for f in r.findings for e in f.examples
    ]
    assert any("***" in e for e in examples)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_no_planted_value_in_any_format(people: Path, fmt: str) -> None:
    report = check([people], profile="open-data-publication", as_of="2026-11-24")
    rendered = RENDERERS[fmt](report)
    assert_no_crash(report, rendered)
    for value in PLANTED:
        assert value not in rendered, (fmt, value)


def test_json_report_is_byte_identical_across_runs(
    people: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(people.parent)
    first = RENDERERS["json"](check([people.name], as_of="2026-11-24"))
    second = RENDERERS["json"](check([people.name], as_of="2026-11-24"))
    assert_no_crash(first)
    assert first == second
