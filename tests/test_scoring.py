"""Scoring is a pure function of rule results and the scoring model: properties and examples."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.engine.scoring import TOP_FIXES, counts_of, level_rank, score_subject
from ocp_standards.model.outcome import Level, Outcome, Severity
from ocp_standards.model.report import RuleResult
from ocp_standards.model.standard import ScoringModel

from .fixtures.core.builders import GOVERNANCE_SCORING

MODEL = ScoringModel.model_validate(GOVERNANCE_SCORING)
DIMENSIONS = [d.id for d in MODEL.dimensions]
LEVEL_OF = {Severity.ERROR: Level.MUST, Severity.WARNING: Level.SHOULD, Severity.INFO: Level.MAY}
NOT_ASSESSED = (Outcome.INAPPLICABLE, Outcome.CANT_TELL, Outcome.UNTESTED)


def result(
    rule_id: str,
    outcome: Outcome,
    severity: Severity = Severity.ERROR,
    weight: float = 3.0,
    dimension: str = "ownership",
) -> RuleResult:
    return RuleResult(
        rule_id=rule_id,
        title=f"Title of {rule_id}",
        standard="ocp-governance@1.0.0",
        level=LEVEL_OF[severity],
        severity=severity,
        dimension=dimension,
        weight=weight,
        outcome=outcome,
    )


P, F = Outcome.PASSED, Outcome.FAILED
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_WEIGHT = st.one_of(
    st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0, 15.0]),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
)


#: Points as the engine makes them: rule weight (0-10 after overrides) x level weight (1-3).
_POINTS = st.integers(0, 30).map(float)


@st.composite
def results_lists(
    draw: st.DrawFn, min_size: int = 0, weights: st.SearchStrategy[float] = _WEIGHT
) -> list[RuleResult]:
    n = draw(st.integers(min_size, 14))
    return [
        result(
            f"GOV-T-{i:03d}",
            draw(st.sampled_from(list(Outcome))),
            draw(st.sampled_from(list(Severity))),
            draw(weights),
            draw(st.sampled_from([*DIMENSIONS, "undeclared-dim"])),
        )
        for i in range(n)
    ]


def flipped(results: list[RuleResult], index: int, outcome: Outcome) -> list[RuleResult]:
    out = list(results)
    out[index] = results[index].model_copy(update={"outcome": outcome})
    return out


# properties -------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(results_lists())
def test_score_is_within_0_and_100_and_level_is_known(results: list[RuleResult]) -> None:
    sc = score_subject(results, MODEL)
    assert 0.0 <= sc.score <= 100.0
    known = [lvl.id for lvl in MODEL.levels] + [MODEL.fallback_level.id]
    assert sc.level in known
    assert 0 <= sc.earned <= sc.possible or sc.possible == sc.earned == 0
    if sc.level != MODEL.fallback_level.id:
        awarded = next(lvl for lvl in MODEL.levels if lvl.id == sc.level)
        assert sc.score >= awarded.min_score
        failed_levels = {LEVEL_OF[r.severity] for r in results if r.outcome is F}
        assert not set(awarded.require_pass) & failed_levels


@settings(max_examples=300, deadline=None)
@given(results_lists(min_size=1), st.data())
def test_fixing_a_failure_never_lowers_score_or_level(
    results: list[RuleResult], data: st.DataObject
) -> None:
    failed = [i for i, r in enumerate(results) if r.outcome is F]
    if not failed:
        return
    index = data.draw(st.sampled_from(failed))
    before = score_subject(results, MODEL)
    after = score_subject(flipped(results, index, P), MODEL)
    assert after.score >= before.score
    assert level_rank(MODEL, after.level) >= level_rank(MODEL, before.level)
    assert after.counts.failed == before.counts.failed - 1


@settings(max_examples=200, deadline=None)
@given(results_lists())
def test_fixing_every_failure_never_lowers_score_or_level(results: list[RuleResult]) -> None:
    before = score_subject(results, MODEL)
    fixed = [r.model_copy(update={"outcome": P}) if r.outcome is F else r for r in results]
    after = score_subject(fixed, MODEL)
    assert after.score >= before.score
    assert level_rank(MODEL, after.level) >= level_rank(MODEL, before.level)
    if after.possible > 0:
        assert after.score == 100.0
        assert after.top_fixes == []


@settings(max_examples=300, deadline=None)
@given(results_lists())
def test_counts_add_up(results: list[RuleResult]) -> None:
    counts = score_subject(results, MODEL).counts
    total = counts.passed + counts.failed + counts.inapplicable + counts.cantTell + counts.untested
    assert total == len(results)
    for outcome in Outcome:
        assert getattr(counts, outcome.value) == sum(1 for r in results if r.outcome is outcome)
    assert counts == counts_of(results)


@settings(max_examples=300, deadline=None)
@given(results_lists(), st.data())
def test_not_assessed_outcomes_do_not_change_the_score(
    results: list[RuleResult], data: st.DataObject
) -> None:
    """Adding inapplicable, cantTell or untested results changes only the counts (and which
    dimensions are listed, with no score)."""
    extra = data.draw(
        st.lists(
            st.builds(
                result,
                st.just("GOV-X-999"),
                st.sampled_from(NOT_ASSESSED),
                st.sampled_from(list(Severity)),
                _WEIGHT,
                st.sampled_from(DIMENSIONS),
            ),
            min_size=1,
            max_size=5,
        )
    )
    base = score_subject(results, MODEL)
    more = score_subject([*results, *extra], MODEL)
    assert (more.score, more.earned, more.possible) == (base.score, base.earned, base.possible)
    assert (more.level, more.next_level, more.top_fixes) == (
        base.level,
        base.next_level,
        base.top_fixes,
    )
    base_dims = {d.id: (d.score, d.earned, d.possible) for d in base.dimensions}
    for d in more.dimensions:
        assert (d.score, d.earned, d.possible) == base_dims.get(d.id, (None, 0, 0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NOT_ASSESSED), max_size=8))
def test_nothing_assessed_scores_zero(outcomes: list[Outcome]) -> None:
    results = [result(f"GOV-T-{i:03d}", o) for i, o in enumerate(outcomes)]
    sc = score_subject(results, MODEL)
    assert (sc.score, sc.earned, sc.possible) == (0.0, 0, 0)
    assert sc.level == "non-conformant"
    assert sc.level_title == "Non-conformant"
    assert sc.top_fixes == []
    assert all(d.score is None for d in sc.dimensions)


@settings(max_examples=300, deadline=None)
@given(results_lists(), st.data())
def test_a_failed_must_bars_every_level_requiring_must(
    results: list[RuleResult], data: st.DataObject
) -> None:
    weight = data.draw(st.floats(min_value=0, max_value=100))
    bad = result("GOV-MUST-001", F, ERR, weight)
    assert score_subject([*results, bad], MODEL).level == "non-conformant"
    # With a level that does not require MUST, that level is the best possible one.
    model = MODEL.model_copy(
        update={
            "levels": [
                *MODEL.levels,
                MODEL.levels[-1].model_copy(
                    update={"id": "participant", "min_score": 0, "require_pass": []}
                ),
            ]
        }
    )
    assert score_subject([*results, bad], model).level == "participant"


@settings(max_examples=200, deadline=None)
@given(results_lists())
def test_next_level_and_fixes_are_consistent(results: list[RuleResult]) -> None:
    sc = score_subject(results, MODEL)
    rank = level_rank(MODEL, sc.level)
    if rank == len(MODEL.levels):
        assert sc.next_level is None
    else:
        assert sc.next_level is not None
        target = MODEL.levels[len(MODEL.levels) - rank - 1]
        assert sc.next_level.level == target.id
        assert sc.next_level.score_needed >= 0
        expected = sorted(
            r.rule_id
            for r in results
            if r.outcome is F and LEVEL_OF[r.severity] in target.require_pass
        )
        assert sc.next_level.blocking_rules == expected
    failed_ids = {r.rule_id for r in results if r.outcome is F}
    assert len(sc.top_fixes) == min(TOP_FIXES, len(failed_ids))
    assert {f.rule_id for f in sc.top_fixes} <= failed_ids
    keys = [(not f.blocks_level, -f.gain, f.rule_id) for f in sc.top_fixes]
    assert keys == sorted(keys)
    blocking = set(sc.next_level.blocking_rules) if sc.next_level else set()
    assert all(f.blocks_level == (f.rule_id in blocking) for f in sc.top_fixes)


@settings(max_examples=200, deadline=None)
@given(results_lists(weights=_POINTS))
def test_scoring_is_deterministic_and_order_independent(results: list[RuleResult]) -> None:
    """Exact with integral points (arbitrary floats differ in the last bit when summed in
    another order, which is float arithmetic, not scoring)."""
    a = score_subject(results, MODEL)
    b = score_subject(list(reversed(results)), MODEL)
    assert (a.score, a.level, a.next_level, a.top_fixes) == (
        b.score,
        b.level,
        b.next_level,
        b.top_fixes,
    )
    assert a.dimensions == b.dimensions


# examples ---------------------------------------------------------------------------------------


def test_formula_example() -> None:
    results = [
        result("GOV-A-001", P, ERR, 9),
        result("GOV-A-002", F, WARN, 4),
        result("GOV-A-003", P, INFO, 1),
        result("GOV-A-004", Outcome.INAPPLICABLE, ERR, 15),
        result("GOV-A-005", Outcome.CANT_TELL, ERR, 15),
    ]
    sc = score_subject(results, MODEL)
    assert (sc.earned, sc.possible) == (10, 14)
    assert sc.score == 71.4
    assert sc.level == "bronze"


@pytest.mark.parametrize(
    ("outcomes", "level"),
    [
        ([(P, ERR), (P, WARN), (P, INFO)], "gold"),
        ([(P, ERR, 27), (P, WARN, 2), (F, INFO, 1)], "gold"),  # 96.7, only a MAY failed
        ([(P, ERR, 27), (F, WARN, 1)], "silver"),  # 96.4, but a SHOULD failed
        ([(P, ERR, 8), (F, WARN, 2)], "silver"),  # 80.0
        ([(P, ERR, 7), (F, WARN, 3)], "bronze"),  # 70.0
        ([(P, ERR, 5), (F, INFO, 5)], "bronze"),  # 50.0 exactly
        ([(P, ERR, 4), (F, INFO, 6)], "non-conformant"),  # 40.0
        ([(P, ERR, 99), (F, ERR, 1)], "non-conformant"),  # 99.0, a MUST failed
    ],
)
def test_levels(outcomes: list[tuple[Any, ...]], level: str) -> None:
    results = [result(f"GOV-L-{i:03d}", *o) for i, o in enumerate(outcomes)]
    assert score_subject(results, MODEL).level == level


def test_level_uses_the_effective_severity() -> None:
    """A MUST rule a profile downgraded to a warning no longer bars silver."""
    downgraded = result("GOV-D-001", F, WARN, 1).model_copy(update={"level": Level.MUST})
    sc = score_subject([result("GOV-D-002", P, ERR, 99), downgraded], MODEL)
    assert sc.level == "silver"
    assert sc.next_level is not None
    assert sc.next_level.blocking_rules == ["GOV-D-001"]


def test_level_rank() -> None:
    assert [level_rank(MODEL, i) for i in ("non-conformant", "bronze", "silver", "gold")] == [
        0,
        1,
        2,
        3,
    ]
    assert level_rank(MODEL, "platinum") == 0


def test_next_level_from_fallback_is_the_lowest_level() -> None:
    sc = score_subject([result("GOV-N-001", F, ERR, 3), result("GOV-N-002", P, ERR, 3)], MODEL)
    assert sc.level == "non-conformant"
    assert sc.next_level is not None
    assert sc.next_level.level == "bronze"
    assert sc.next_level.title == "Bronze"
    assert sc.next_level.score_needed == 0.0
    assert sc.next_level.blocking_rules == ["GOV-N-001"]


def test_next_level_score_needed() -> None:
    sc = score_subject([result("GOV-N-001", P, ERR, 8), result("GOV-N-002", F, INFO, 2)], MODEL)
    assert sc.level == "silver"
    assert sc.next_level is not None
    assert sc.next_level.level == "gold"
    assert sc.next_level.score_needed == 10.0
    assert sc.next_level.blocking_rules == []


def test_top_level_has_no_next_level() -> None:
    assert score_subject([result("GOV-T-001", P)], MODEL).next_level is None


def test_top_fixes_order_blocking_first_then_gain_then_id() -> None:
    results = [
        result("GOV-F-001", F, INFO, 1),
        result("GOV-F-002", F, WARN, 2),
        result("GOV-F-003", F, INFO, 9),
        result("GOV-F-004", F, ERR, 3),
        result("GOV-F-005", F, INFO, 9),
        result("GOV-F-006", F, ERR, 6),
        result("GOV-F-007", F, INFO, 0.5),
        result("GOV-F-008", P, ERR, 69.5),
    ]
    sc = score_subject(results, MODEL)
    assert sc.level == "non-conformant"
    assert sc.next_level is not None and sc.next_level.level == "bronze"
    assert [f.rule_id for f in sc.top_fixes] == [
        "GOV-F-006",
        "GOV-F-004",
        "GOV-F-003",
        "GOV-F-005",
        "GOV-F-002",
    ]
    assert [f.blocks_level for f in sc.top_fixes] == [True, True, False, False, False]
    assert [f.gain for f in sc.top_fixes] == [6.0, 3.0, 9.0, 9.0, 2.0]
    assert sc.top_fixes[0].title == "Title of GOV-F-006"
    assert sc.top_fixes[0].severity is ERR


def test_dimension_scores() -> None:
    results = [
        result("GOV-D-001", P, ERR, 3, "sovereignty"),
        result("GOV-D-002", F, WARN, 1, "sovereignty"),
        result("GOV-D-003", P, ERR, 2, "security"),
        result("GOV-D-004", Outcome.INAPPLICABLE, ERR, 2, "privacy"),
        result("GOV-D-005", F, INFO, 4, "extra-dimension"),
    ]
    dims = {d.id: d for d in score_subject(results, MODEL).dimensions}
    # Declared dimensions in model order, then undeclared ones used by rules; unused ones omitted.
    assert list(dims) == ["sovereignty", "security", "privacy", "extra-dimension"]
    sov = dims["sovereignty"]
    assert (sov.title, sov.score, sov.earned, sov.possible, sov.passed, sov.failed) == (
        "Residency and jurisdiction",
        75.0,
        3,
        4,
        1,
        1,
    )
    assert dims["security"].score == 100.0
    assert dims["privacy"].score is None
    assert (dims["privacy"].passed, dims["privacy"].failed) == (0, 0)
    assert dims["extra-dimension"].score == 0.0
    assert dims["extra-dimension"].title == "Extra dimension"


def test_zero_weight_rules() -> None:
    sc = score_subject([result("GOV-Z-001", P, ERR, 0), result("GOV-Z-002", F, INFO, 0)], MODEL)
    assert sc.score == 0.0
    assert [f.gain for f in sc.top_fixes] == [0.0]


def test_score_is_rounded_to_one_decimal() -> None:
    sc = score_subject([result("GOV-R-001", P, ERR, 2), result("GOV-R-002", F, INFO, 1)], MODEL)
    assert sc.score == 66.7


def test_reported_score_and_level_agree() -> None:
    # 89.96 rounds to the shown 90.0: the level must follow the shown score (gold), so the report
    # never says "90 but silver, 0.0 points from gold".
    results = [result("GOV-R-001", P, ERR, 8996), result("GOV-R-002", F, INFO, 1004)]
    sc = score_subject(results, MODEL)
    gold = MODEL.levels[0]
    assert sc.score >= gold.min_score
    assert sc.level == "gold"
    assert sc.next_level is None
