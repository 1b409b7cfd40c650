"""The gate: does this report pass the pipeline's bar? Drives the exit code."""

from __future__ import annotations

from .model.outcome import Outcome, Severity
from .model.report import GateResult, SubjectReport

DEFAULT_FAIL_ON = "error"


def evaluate_gate(
    subjects: list[SubjectReport], fail_on: str | None, fail_under: float | None
) -> GateResult:
    fail_on = fail_on or DEFAULT_FAIL_ON
    reasons: list[str] = []
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        for s in subjects:
            bad = sorted(
                {
                    r.rule_id
                    for r in s.results
                    if r.outcome is Outcome.FAILED and r.severity.rank >= threshold
                }
            )
            if bad:
                shown = ", ".join(bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
                reasons.append(
                    f"{s.path}: {len(bad)} failed rule(s) at {fail_on} or above: {shown}"
                )
    if fail_under is not None:
        for s in subjects:
            if s.score < fail_under:
                reasons.append(f"{s.path}: score {s.score:g} is below {fail_under:g}")
    return GateResult(passed=not reasons, fail_on=fail_on, fail_under=fail_under, reasons=reasons)
