"""Scoring: a pure function of rule results and the scoring model of a standard version.

    points(rule)  = weight(rule) x level_weight(effective level of the rule)
    score         = 100 x sum(points of passed) / sum(points of passed + failed)

inapplicable, cantTell and untested results are outside both sums: they never count as failures.
A subject with nothing assessable scores 0 (it has shown nothing). The conformance level is the
first level, highest first, whose `min_score` is met and whose `require_pass` levels have no failed
rule; otherwise the fallback level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import Any

from ..model.outcome import Level, Outcome, Severity
from ..model.report import DimensionScore, Fix, NextLevel, OutcomeCounts, RuleResult
from ..model.standard import ScoringModel

FORMULA = (
    "score = 100 * sum(points of passed rules) / sum(points of passed and failed rules); "
    "points = rule weight * level weight; inapplicable, cantTell and untested are excluded; "
    "level = highest level whose min_score is met and whose required levels have no failure"
)
#: How many fixes a report lists.
TOP_FIXES = 5

_SEVERITY_LEVEL = {
    Severity.ERROR: Level.MUST,
    Severity.WARNING: Level.SHOULD,
    Severity.INFO: Level.MAY,
}


@dataclass(frozen=True)
class SubjectScore:
    score: float
    earned: float
    possible: float
    level: str
    level_title: str
    counts: OutcomeCounts
    dimensions: list[DimensionScore]
    next_level: NextLevel | None
    top_fixes: list[Fix]

    def report_fields(self) -> dict[str, Any]:
        """The SubjectReport fields this score fills, so callers do not list them by hand."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _round(x: float) -> float:
    return round(x, 1)


def counts_of(results: list[RuleResult]) -> OutcomeCounts:
    tally = Counter(r.outcome.value for r in results)
    return OutcomeCounts(**{o.value: tally.get(o.value, 0) for o in Outcome})


def _percent(earned: float, possible: float) -> float:
    return 100.0 * earned / possible if possible > 0 else 0.0


def score_subject(results: list[RuleResult], model: ScoringModel) -> SubjectScore:
    assessed = [r for r in results if r.outcome in (Outcome.PASSED, Outcome.FAILED)]
    earned = sum(r.weight for r in assessed if r.outcome is Outcome.PASSED)
    possible = sum(r.weight for r in assessed)
    # Levels and gates read the score as shown (one decimal), so the two can never disagree.
    score = min(100.0, max(0.0, _round(_percent(earned, possible))))
    raw = score

    failed_levels = {_SEVERITY_LEVEL[r.severity] for r in assessed if r.outcome is Outcome.FAILED}
    level_id, level_title, level_index = model.fallback_level.id, model.fallback_level.title, None
    for i, lvl in enumerate(model.levels):
        if raw >= lvl.min_score and not (set(lvl.require_pass) & failed_levels):
            level_id, level_title, level_index = lvl.id, lvl.title, i
            break

    next_level = None
    target_index = (level_index - 1) if level_index is not None else len(model.levels) - 1
    if target_index >= 0:
        target = model.levels[target_index]
        blocking = sorted(
            r.rule_id
            for r in assessed
            if r.outcome is Outcome.FAILED and _SEVERITY_LEVEL[r.severity] in target.require_pass
        )
        next_level = NextLevel(
            level=target.id,
            title=target.title,
            score_needed=_round(max(0.0, target.min_score - raw)),
            blocking_rules=blocking,
        )

    blocking_ids = set(next_level.blocking_rules) if next_level else set()
    fixes = [
        Fix(
            rule_id=r.rule_id,
            title=r.title,
            severity=r.severity,
            gain=_round(100.0 * r.weight / possible) if possible else 0.0,
            blocks_level=r.rule_id in blocking_ids,
        )
        for r in assessed
        if r.outcome is Outcome.FAILED
    ]
    fixes.sort(key=lambda f: (not f.blocks_level, -f.gain, f.rule_id))

    dimensions = []
    declared = [(d.id, d.title) for d in model.dimensions]
    # Rules from another standard may use dimensions this model does not declare: show them too.
    extra = sorted({r.dimension for r in results} - {d for d, _ in declared})
    for dim_id, dim_title in [*declared, *((d, d.replace("-", " ").capitalize()) for d in extra)]:
        in_dim = [r for r in assessed if r.dimension == dim_id]
        if not any(r.dimension == dim_id for r in results):
            continue
        d_earned = sum(r.weight for r in in_dim if r.outcome is Outcome.PASSED)
        d_possible = sum(r.weight for r in in_dim)
        dimensions.append(
            DimensionScore(
                id=dim_id,
                title=dim_title,
                score=_round(_percent(d_earned, d_possible)) if d_possible else None,
                earned=d_earned,
                possible=d_possible,
                passed=sum(1 for r in in_dim if r.outcome is Outcome.PASSED),
                failed=sum(1 for r in in_dim if r.outcome is Outcome.FAILED),
            )
        )
    return SubjectScore(
        score=score,
        earned=earned,
        possible=possible,
        level=level_id,
        level_title=level_title,
        counts=counts_of(results),
        dimensions=dimensions,
        next_level=next_level,
        top_fixes=fixes[:TOP_FIXES],
    )


def level_rank(model: ScoringModel, level_id: str) -> int:
    """0 for the fallback level, higher is better."""
    ids = [lvl.id for lvl in reversed(model.levels)]
    return ids.index(level_id) + 1 if level_id in ids else 0
