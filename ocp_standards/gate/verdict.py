"""The gate: does this report pass the pipeline's bar? Drives the exit code.

Failed results that an active waiver covers, or that a baseline records as known, do not fail
the gate (they still count in the score, so `--fail-under` is unaffected). Expired and unused
waivers are findings of their own severity and fail the gate like any rule at that severity.
"""

from __future__ import annotations

from ..model.outcome import Outcome, Severity
from ..model.report import GateResult, RuleResult, SubjectReport, WaiverProblem

DEFAULT_FAIL_ON = "error"


def blocks_gate(result: RuleResult) -> bool:
    """A failed result that neither a waiver nor a baseline excuses."""
    return result.outcome is Outcome.FAILED and result.waiver is None and result.baseline != "known"


def evaluate_gate(
    subjects: list[SubjectReport],
    fail_on: str | None,
    fail_under: float | None,
    waiver_problems: list[WaiverProblem] | None = None,
) -> GateResult:
    fail_on = fail_on or DEFAULT_FAIL_ON
    reasons: list[str] = []
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        for s in subjects:
            bad = sorted(
                {r.rule_id for r in s.results if blocks_gate(r) and r.severity.rank >= threshold}
            )
            if bad:
                shown = ", ".join(bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
                reasons.append(
                    f"{s.path}: {len(bad)} failed rule(s) at {fail_on} or above: {shown}"
                )
        for p in waiver_problems or []:
            if p.severity.rank >= threshold:
                reasons.append(f"{p.location.path}: {p.rule_id}: {p.message}")
    if fail_under is not None:
        for s in subjects:
            # A subject the profile has no rules for (e.g. a sample CSV under a procurement
            # profile) has nothing to score: it cannot fall under a score floor.
            if s.possible == 0 and s.counts.failed == 0:
                continue
            if s.score < fail_under:
                reasons.append(f"{s.path}: score {s.score:g} is below {fail_under:g}")
    return GateResult(passed=not reasons, fail_on=fail_on, fail_under=fail_under, reasons=reasons)
