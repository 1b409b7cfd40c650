"""Waivers change the gate, not the score; expired and unused ones are findings themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocp_standards.gate.verdict import blocks_gate
from ocp_standards.gate.waivers import EXPIRED, UNUSED, WaiverFileError, load_waivers
from ocp_standards.model.outcome import Outcome

from .fixtures.reports.build import GOLD, POOR, report_of


def waivers_file(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "ocp-waivers.yaml"
    path.write_text("waivers:\n" + "".join(entries), encoding="utf-8")
    return path


def entry(
    rule: str, subject: str = "*", expires: str = "2027-06-30", reason: str = "accepted-risk"
) -> str:
    return (
        f"  - rule: '{rule}'\n    subject: '{subject}'\n    reason: {reason}\n"
        "    justification: Interim arrangement agreed with the vendor\n"
        "    approver: Chief Information Officer\n"
        f"    expires: {expires}\n"
    )


def failed_musts(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        r.rule_id
        for r in report.subjects[0].results
        if r.outcome is Outcome.FAILED and r.severity.value == "error"
    ]


def test_waiving_every_failed_must_passes_the_gate_and_keeps_the_score(tmp_path: Path) -> None:
    plain = report_of(POOR, fail_under=0)
    assert not plain.gate.passed
    musts = failed_musts(plain)
    path = waivers_file(tmp_path, *(entry(r, "*poor-bid.ocp.yaml") for r in musts))
    waived = report_of(POOR, waivers=path, fail_under=0)
    assert waived.gate.passed, waived.gate.reasons
    subject = waived.subjects[0]
    assert subject.score == plain.subjects[0].score
    assert subject.counts == plain.subjects[0].counts
    results = {r.rule_id: r for r in subject.results}
    for rule_id in musts:
        assert results[rule_id].outcome is Outcome.FAILED
        assert results[rule_id].waiver is not None
        assert results[rule_id].waiver.reason == "accepted-risk"
        assert not blocks_gate(results[rule_id])
    assert waived.waivers is not None and waived.waivers.applied == len(musts)
    assert waived.waivers.problems == []


def test_prefix_and_subject_glob(tmp_path: Path) -> None:
    path = waivers_file(tmp_path, entry("PROC-EXIT-*", "*poor*"), entry("GOV-*", "*gold*"))
    report = report_of(POOR, waivers=path)
    waived = {r.rule_id for r in report.subjects[0].results if r.waiver is not None}
    assert waived and all(r.startswith("PROC-EXIT-") for r in waived)
    (problem,) = report.waivers.problems  # the GOV-* waiver matched nothing
    assert problem.rule_id == UNUSED and problem.location.pointer == "/waivers/1"


def test_expired_waiver_no_longer_applies_and_fails_the_gate(tmp_path: Path) -> None:
    path = waivers_file(tmp_path, entry("PROC-EXIT-*", expires="2026-11-23"))
    report = report_of(POOR, waivers=path, fail_on="never", fail_under=0)
    assert not any(r.waiver for r in report.subjects[0].results)
    (problem,) = report.waivers.problems
    assert problem.rule_id == EXPIRED and problem.severity.value == "error"
    assert problem.location.line == 2
    assert "expired on 2026-11-23" in problem.message
    assert report.gate.passed  # fail_on never: a finding, but the bar is off
    strict = report_of(POOR, waivers=path, fail_on="error", fail_under=0)
    assert any(EXPIRED in reason for reason in strict.gate.reasons)


def test_a_waiver_holds_through_its_expiry_day(tmp_path: Path) -> None:
    path = waivers_file(tmp_path, entry("PROC-EXIT-*", expires="2026-11-24"))
    report = report_of(POOR, waivers=path)
    assert any(r.waiver for r in report.subjects[0].results)


def test_unused_waiver_is_a_warning(tmp_path: Path) -> None:
    path = waivers_file(tmp_path, entry("GOV-RES-*"))
    report = report_of(GOLD, waivers=path)
    (problem,) = report.waivers.problems
    assert problem.rule_id == UNUSED and problem.severity.value == "warning"
    assert report.gate.passed
    assert not report_of(GOLD, waivers=path, fail_on="warning").gate.passed
    assert {r.id for r in report.rules} >= {UNUSED}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (entry("X", reason="because"), "reason"),
        (entry("X").replace("    approver: Chief Information Officer\n", ""), "approver"),
        (entry("X").replace("expires: 2027-06-30", "expires: someday"), "expires"),
        (entry("X") + "    colour: red\n", "colour"),
    ],
)
def test_invalid_waivers_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    path = waivers_file(tmp_path, text)
    with pytest.raises(WaiverFileError, match=message):
        load_waivers(path)
