"""The gate: fail_on severities, fail_under scores, and the reasons it gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.engine.scoring import score_subject
from ocp_standards.gate.verdict import DEFAULT_FAIL_ON, evaluate_gate
from ocp_standards.model.outcome import Level, Outcome, Severity, SubjectKind
from ocp_standards.model.report import RuleResult, SubjectReport
from ocp_standards.model.standard import ScoringModel

from .fixtures.core.builders import GOVERNANCE_SCORING

MODEL = ScoringModel.model_validate(GOVERNANCE_SCORING)
LEVEL_OF = {Severity.ERROR: Level.MUST, Severity.WARNING: Level.SHOULD, Severity.INFO: Level.MAY}
P, F = Outcome.PASSED, Outcome.FAILED
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def result(rule_id: str, outcome: Outcome, severity: Severity, weight: float = 1.0) -> RuleResult:
    return RuleResult(
        rule_id=rule_id,
        title=rule_id,
        standard="ocp-governance@1.0.0",
        level=LEVEL_OF[severity],
        severity=severity,
        dimension="ownership",
        weight=weight,
        outcome=outcome,
    )


def subject(path: str, results: list[RuleResult]) -> SubjectReport:
    sc = score_subject(results, MODEL)
    return SubjectReport(
        path=path,
        kind=SubjectKind.MANIFEST,
        score=sc.score,
        level=sc.level,
        level_title=sc.level_title,
        earned=sc.earned,
        possible=sc.possible,
        counts=sc.counts,
        dimensions=sc.dimensions,
        next_level=sc.next_level,
        top_fixes=sc.top_fixes,
        results=results,
    )


CLEAN = subject("clean.yaml", [result("GOV-A-001", P, ERR)])
ONLY_INFO = subject("info.yaml", [result("GOV-A-001", P, ERR, 9), result("GOV-I-001", F, INFO)])
ONLY_WARNING = subject("warn.yaml", [result("GOV-A-001", P, ERR, 9), result("GOV-W-001", F, WARN)])
WITH_ERROR = subject(
    "bad.yaml",
    [result("GOV-A-001", P, ERR, 9), result("GOV-E-002", F, ERR), result("GOV-E-001", F, ERR)],
)


@pytest.mark.parametrize(
    ("fail_on", "subj", "passed"),
    [
        ("error", CLEAN, True),
        ("error", ONLY_INFO, True),
        ("error", ONLY_WARNING, True),
        ("error", WITH_ERROR, False),
        ("warning", ONLY_INFO, True),
        ("warning", ONLY_WARNING, False),
        ("warning", WITH_ERROR, False),
        ("info", CLEAN, True),
        ("info", ONLY_INFO, False),
        ("info", ONLY_WARNING, False),
        ("never", WITH_ERROR, True),
        ("never", ONLY_INFO, True),
    ],
)
def test_fail_on(fail_on: str, subj: SubjectReport, passed: bool) -> None:
    gate = evaluate_gate([subj], fail_on, None)
    assert gate.passed is passed
    assert gate.fail_on == fail_on
    assert gate.fail_under is None
    assert bool(gate.reasons) is not passed


def test_default_fail_on_is_error() -> None:
    assert DEFAULT_FAIL_ON == "error"
    gate = evaluate_gate([ONLY_WARNING, WITH_ERROR], None, None)
    assert gate.fail_on == "error"
    assert gate.reasons == ["bad.yaml: 2 failed rule(s) at error or above: GOV-E-001, GOV-E-002"]


def test_reason_text_names_rules_sorted_and_deduplicated() -> None:
    subj = subject(
        "bid.yaml",
        [
            result("GOV-W-001", F, WARN),
            result("GOV-E-001", F, ERR),
            result("GOV-E-001", F, ERR),
            result("GOV-I-001", F, INFO),
        ],
    )
    assert evaluate_gate([subj], "warning", None).reasons == [
        "bid.yaml: 2 failed rule(s) at warning or above: GOV-E-001, GOV-W-001"
    ]


def test_reason_text_truncates_after_eight_rules() -> None:
    subj = subject("many.yaml", [result(f"GOV-E-{i:03d}", F, ERR) for i in range(11)])
    (reason,) = evaluate_gate([subj], "error", None).reasons
    shown = ", ".join(f"GOV-E-{i:03d}" for i in range(8))
    assert reason == f"many.yaml: 11 failed rule(s) at error or above: {shown} and 3 more"


@pytest.mark.parametrize("outcome", [Outcome.CANT_TELL, Outcome.UNTESTED, Outcome.INAPPLICABLE])
def test_outcomes_other_than_failed_never_fail_the_gate(outcome: Outcome) -> None:
    subj = subject("x.yaml", [result("GOV-A-001", P, ERR), result("GOV-E-001", outcome, ERR)])
    assert evaluate_gate([subj], "info", None).passed


def test_fail_under() -> None:
    subj = subject("b.yaml", [result("GOV-A-001", P, ERR, 2), result("GOV-I-001", F, INFO, 1)])
    assert subj.score == 66.7
    gate = evaluate_gate([subj], "error", 70)
    assert not gate.passed
    assert gate.fail_under == 70
    assert gate.reasons == ["b.yaml: score 66.7 is below 70"]
    assert evaluate_gate([subj], "error", 66.7).passed
    assert evaluate_gate([subj], "error", 0).passed


def test_fail_under_applies_with_fail_on_never() -> None:
    gate = evaluate_gate([WITH_ERROR], "never", 95)
    assert not gate.passed
    assert gate.reasons == [f"bad.yaml: score {WITH_ERROR.score:g} is below 95"]


def test_fail_under_ignores_subjects_with_nothing_assessed() -> None:
    # Score 0 here means "nothing to score" (every rule inapplicable, or none for this kind):
    # inapplicable must never count as a failure, so the score floor does not apply.
    subj = subject("empty.yaml", [result("GOV-A-001", Outcome.INAPPLICABLE, ERR)])
    assert subj.score == 0
    assert evaluate_gate([subj], "error", None).passed
    assert evaluate_gate([subj], "error", 1).passed


def test_reasons_for_several_subjects_in_order() -> None:
    gate = evaluate_gate([WITH_ERROR, CLEAN, ONLY_WARNING], "warning", 99)
    assert gate.reasons == [
        "bad.yaml: 2 failed rule(s) at warning or above: GOV-E-001, GOV-E-002",
        "warn.yaml: 1 failed rule(s) at warning or above: GOV-W-001",
        f"bad.yaml: score {WITH_ERROR.score:g} is below 99",
        f"warn.yaml: score {ONLY_WARNING.score:g} is below 99",
    ]


def test_no_subjects_pass() -> None:
    gate = evaluate_gate([], "info", 100)
    assert gate.passed and gate.reasons == []


_RESULTS = st.lists(
    st.builds(
        result,
        st.sampled_from(["GOV-A-001", "GOV-B-001", "GOV-C-001"]),
        st.sampled_from(list(Outcome)),
        st.sampled_from(list(Severity)),
        st.integers(0, 9).map(float),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_RESULTS, min_size=1, max_size=3),
    st.sampled_from(["error", "warning", "info", "never"]),
    st.none() | st.integers(0, 100).map(float),
)
def test_gate_property(
    all_results: list[list[RuleResult]], fail_on: str, fail_under: float | None
) -> None:
    subjects = [subject(f"s{i}.yaml", rs) for i, rs in enumerate(all_results)]
    gate = evaluate_gate(subjects, fail_on, fail_under)
    threshold = 0 if fail_on == "never" else Severity(fail_on).rank
    bad_severity = fail_on != "never" and any(
        r.outcome is F and r.severity.rank >= threshold for rs in all_results for r in rs
    )
    # Subjects with nothing assessed have no score to fall under (see the test above).
    bad_score = fail_under is not None and any(
        s.score < fail_under for s in subjects if s.possible > 0 or s.counts.failed
    )
    assert gate.passed is not (bad_severity or bad_score)
    # Stricter settings never turn a failing gate into a passing one.
    if fail_on != "never":
        stricter = {"error": "warning", "warning": "info", "info": "info"}[fail_on]
        assert evaluate_gate(subjects, stricter, fail_under).passed <= gate.passed
    assert evaluate_gate(subjects, fail_on, None).passed >= gate.passed
