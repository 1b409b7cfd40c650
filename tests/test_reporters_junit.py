"""JUnit XML: one case per subject × rule, passes included, unique names, findings in failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from ocp_standards.reporters.junit import render_junit

from .fixtures.reports.build import ALL_BIDS, GOLD, POOR, report_of


def parse(text: str, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "junit.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_one_case_per_subject_and_rule_with_unique_names(tmp_path: Path) -> None:
    report = report_of(*ALL_BIDS)
    xml = parse(render_junit(report), tmp_path)
    suites = list(xml)
    assert [s.name for s in suites] == [s.path for s in report.subjects]
    seen = set()
    for suite, subject in zip(suites, report.subjects, strict=True):
        cases = list(suite)
        assert len(cases) == len(subject.results) == suite.tests
        for case in cases:
            key = (case.classname, case.name)
            assert key not in seen
            seen.add(key)
    assert xml.tests == sum(len(s.results) for s in report.subjects)


def test_passes_failures_and_skips_match_outcomes(tmp_path: Path) -> None:
    report = report_of(GOLD, POOR)
    suites = {s.name: s for s in parse(render_junit(report), tmp_path)}
    for subject in report.subjects:
        cases = {c.name.split(" ", 1)[0]: c for c in suites[subject.path]}
        for r in subject.results:
            kinds = {type(x) for x in cases[r.rule_id].result}
            if r.outcome.value == "passed":
                assert cases[r.rule_id].is_passed
            elif r.outcome.value == "failed":
                assert kinds == {Failure}
                (failure,) = cases[r.rule_id].result
                assert r.rule_id in failure.text
                for f in r.findings:
                    assert f.message in failure.text
            else:
                assert kinds == {Skipped}
    assert suites[report.subjects[0].path].failures == 0
    assert suites[report.subjects[1].path].failures == report.subjects[1].counts.failed


@pytest.mark.parametrize("excuse", ["waiver", "baseline"])
def test_excused_failures_are_skipped_not_failed(tmp_path: Path, excuse: str) -> None:
    if excuse == "waiver":
        waivers = tmp_path / "w.yaml"
        waivers.write_text(
            "waivers:\n  - {rule: '*', subject: '*', reason: accepted-risk, justification: "
            "Pilot only, approver: CIO, expires: 2027-01-01}\n"
        )
        report = report_of(POOR, waivers=waivers)
    else:
        from ocp_standards.gate.baseline import create_baseline

        base = tmp_path / "b.json"
        base.write_text(create_baseline(report_of(POOR)))
        report = report_of(POOR, baseline=base)
    (suite,) = parse(render_junit(report), tmp_path)
    assert suite.failures == 0
    assert (
        suite.skipped == report.subjects[0].counts.failed + report.subjects[0].counts.inapplicable
    )
