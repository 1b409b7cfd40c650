"""Golden examples: every rule's passing and failing examples give exactly that outcome.

The examples live in the rule files, so the committee cannot add a rule without them.
"""

from __future__ import annotations

from typing import Any

import pytest

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.catalog.ruleset import activate
from ocp_standards.checks.base import CheckContext
from ocp_standards.engine.evaluate import run_rule
from ocp_standards.model.outcome import Outcome
from ocp_standards.model.rule import Rule

from .conftest import AS_OF

_CATALOG = default_catalog()
STANDARD_RULES = [r for s in _CATALOG.latest_versions() for r in s.rules]


def _cases() -> list[Any]:
    cases = []
    for rule in STANDARD_RULES:
        for expected, docs in (
            (Outcome.PASSED, rule.examples.passing),
            (Outcome.FAILED, rule.examples.failing),
            (Outcome.INAPPLICABLE, rule.examples.inapplicable),
        ):
            for i, doc in enumerate(docs):
                cases.append(
                    pytest.param(rule, doc, expected, id=f"{rule.id}-{expected.value}-{i}")
                )
    return cases


@pytest.mark.parametrize(("rule", "document", "expected"), _cases())
def test_example_outcome(rule: Rule, document: Any, expected: Outcome) -> None:
    active = activate(rule)
    ctx = CheckContext(root=document, now=AS_OF, params=active.params)
    outcome = run_rule(active, ctx)
    detail = outcome.reason or "; ".join(f.message for f in outcome.findings)
    assert outcome.outcome is expected, f"{rule.id}: got {outcome.outcome.value} ({detail})"
    if expected is Outcome.FAILED:
        assert outcome.findings, f"{rule.id}: a failure must say what is wrong"
        assert all(f.message.strip() for f in outcome.findings)


def test_every_rule_has_both_examples() -> None:
    for rule in STANDARD_RULES:
        assert rule.examples.passing and rule.examples.failing, rule.id
