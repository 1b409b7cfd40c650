"""The fused pass: the same outcomes as each table rule alone, and one failing analysis stays
the problem of its own rule."""

from __future__ import annotations

import pytest

from ocp_standards import check
from ocp_standards.checks import table_checks, table_pass
from ocp_standards.model.outcome import Outcome

from .conftest import EXAMPLES

POOR = EXAMPLES / "datasets" / "poor-service-requests"


def _outcomes(report):  # type: ignore[no-untyped-def]
    return {
        (s.path, r.rule_id): (r.outcome, [f.message for f in r.findings])
        for s in report.subjects
        for r in s.results
    }


def test_fused_pass_gives_the_same_outcomes_as_each_rule_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fused = _outcomes(check([POOR], "open-data-publication", as_of="2026-11-24"))
    original = table_pass.analysed
    monkeypatch.setattr(
        table_pass, "analysed", lambda ctx, t, name, args: original(None, t, name, args)
    )
    for module in ("table_checks", "privacy_checks", "schema_checks"):
        mod = __import__(f"ocp_standards.checks.{module}", fromlist=["analysed"])
        monkeypatch.setattr(mod, "analysed", table_pass.analysed)
    alone = _outcomes(check([POOR], "open-data-publication", as_of="2026-11-24"))
    assert fused == alone
    assert any(o is Outcome.FAILED for o, _ in fused.values())


def test_a_failing_analysis_only_affects_its_own_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _outcomes(check([POOR], "open-data-publication", as_of="2026-11-24"))

    def broken(self, frame, out):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    original = table_checks.ColumnScan.consume

    def consume(self, frame, out):  # type: ignore[no-untyped-def]
        if self.bad.__qualname__.startswith("_markup_scan"):
            return broken(self, frame, out)
        return original(self, frame, out)

    monkeypatch.setattr(table_checks.ColumnScan, "consume", consume)
    after = _outcomes(check([POOR], "open-data-publication", as_of="2026-11-24"))
    changed = {k for k in before if before[k] != after[k]}
    assert changed, "the markup rule should have been affected"
    assert all(after[k][0] is Outcome.CANT_TELL for k in changed)
    assert len({rule for _, rule in changed}) == 1
