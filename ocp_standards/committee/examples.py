"""Run a rule's own examples and say where they do not behave as the rule file declares."""

from __future__ import annotations

import datetime as dt

from ..catalog.ruleset import activate
from ..checks.base import CheckContext
from ..engine.evaluate import SubjectRun, run_rule
from ..model.outcome import Outcome
from ..model.rule import Rule
from ..model.standard import StandardVersion


def example_problems(
    rule: Rule, now: dt.datetime, standard: StandardVersion | None = None
) -> list[str]:
    """One message per example whose outcome differs from the declared one. `standard`, the
    rule's version, is where the rule's pinned vocabularies are found."""
    active = activate(rule)
    run = SubjectRun(None, now, (standard,) if standard is not None else ())
    problems = []
    for expected, docs in (
        (Outcome.PASSED, rule.examples.passing),
        (Outcome.FAILED, rule.examples.failing),
        (Outcome.INAPPLICABLE, rule.examples.inapplicable),
    ):
        for i, doc in enumerate(docs):
            ctx = CheckContext(root=doc, now=now, params=active.params, run=run)
            got = run_rule(active, ctx)
            label = {"passed": "pass", "failed": "fail"}.get(expected.value, expected.value)
            where = f"examples.{label}[{i}]"
            if got.outcome is not expected:
                detail = got.reason or "; ".join(f.message for f in got.findings)
                problems.append(
                    f"{where}: expected {expected.value}, got {got.outcome.value}"
                    + (f" ({detail})" if detail else "")
                )
            elif expected is Outcome.FAILED and not any(f.message.strip() for f in got.findings):
                problems.append(f"{where}: fails without saying what is wrong (no finding)")
    return problems
