"""What adopting a new version would change on real data: the same subjects, checked twice.

Both runs use the same profile, clock and inputs; only the pin of one standard differs, so every
difference in the reports is the new version's doing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..catalog.loader import Catalog
from ..catalog.pins import ruleset_at
from ..engine.report import build_report
from ..gate.verdict import evaluate_gate
from ..model.outcome import Outcome
from ..model.profile import Profile
from ..model.report import Report, RuleResult, SubjectReport
from ..sources.subject import Subject

FAILURE_CHANGES = {"newly failing", "no longer failing", "severity changed"}


@dataclass(frozen=True)
class RuleShift:
    """One rule whose result on one subject differs between the versions."""

    rule_id: str
    title: str
    #: newly failing | no longer failing | severity changed | newly run | no longer run |
    #: outcome changed
    change: str
    old: str | None  # outcome (and severity when failed), None when the rule did not run
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "change": self.change,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class SubjectImpact:
    path: str
    kind: str
    old_score: float
    new_score: float
    old_level: str
    new_level: str
    old_gate: bool
    new_gate: bool
    shifts: list[RuleShift] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Score, level, gate or a failure differs (a new rule that passes changes nothing)."""
        return any(s.change in FAILURE_CHANGES for s in self.shifts) or (
            self.old_score,
            self.old_level,
            self.old_gate,
        ) != (self.new_score, self.new_level, self.new_gate)

    def count(self, change: str) -> int:
        return sum(1 for s in self.shifts if s.change == change)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "changed": self.changed,
            "score": {"old": self.old_score, "new": self.new_score},
            "level": {"old": self.old_level, "new": self.new_level},
            "gate_passed": {"old": self.old_gate, "new": self.new_gate},
            "shifts": [s.to_dict() for s in self.shifts],
        }


@dataclass
class Impact:
    standard: str
    old: str
    new: str
    profile: str
    as_of: str
    subjects: list[SubjectImpact]

    def summary(self) -> dict[str, int]:
        s = self.subjects
        return {
            "subjects": len(s),
            "changed": sum(1 for x in s if x.changed),
            "newly_failing_gate": sum(1 for x in s if x.old_gate and not x.new_gate),
            "newly_passing_gate": sum(1 for x in s if x.new_gate and not x.old_gate),
            "level_changed": sum(1 for x in s if x.old_level != x.new_level),
            "score_changed": sum(1 for x in s if x.old_score != x.new_score),
            "newly_failing_rules": sum(x.count("newly failing") for x in s),
            "no_longer_failing_rules": sum(x.count("no longer failing") for x in s),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "old": self.old,
            "new": self.new,
            "profile": self.profile,
            "as_of": self.as_of,
            "summary": self.summary(),
            "subjects": [x.to_dict() for x in self.subjects],
        }


def run_impact(
    catalog: Catalog,
    profile: Profile,
    standard_id: str,
    old: str,
    new: str,
    subjects: list[Subject],
    now: dt.datetime,
) -> Impact:
    """Check `subjects` under `profile` with `standard_id` pinned at `old`, then at `new`."""
    before_rules = ruleset_at(catalog, profile, standard_id, old)
    after_rules = ruleset_at(catalog, profile, standard_id, new)
    before = build_report(subjects, before_rules, now)
    after = build_report(subjects, after_rules, now)
    renamed = {alias: a.id for a in after_rules.rules for alias in a.rule.aliases}
    return Impact(
        standard=standard_id,
        old=old,
        new=new,
        profile=profile.id,
        as_of=now.date().isoformat(),
        subjects=list(_compare_reports(before, after, renamed)),
    )


def _compare_reports(
    before: Report, after: Report, renamed: dict[str, str]
) -> Iterable[SubjectImpact]:
    # Subjects are the same objects in the same order in both runs.
    for a, b in zip(before.subjects, after.subjects, strict=True):
        yield SubjectImpact(
            path=a.path,
            kind=a.kind.value,
            old_score=a.score,
            new_score=b.score,
            old_level=a.level,
            new_level=b.level,
            old_gate=_gate(a, before),
            new_gate=_gate(b, after),
            shifts=_shifts(a, b, renamed),
        )


def _gate(subject: SubjectReport, report: Report) -> bool:
    return evaluate_gate([subject], report.gate.fail_on, report.gate.fail_under).passed


def _label(result: RuleResult | None) -> str | None:
    if result is None:
        return None
    if result.outcome is Outcome.FAILED:
        return f"failed ({result.severity.value})"
    return result.outcome.value


def _shifts(a: SubjectReport, b: SubjectReport, renamed: dict[str, str]) -> list[RuleShift]:
    old = {renamed.get(r.rule_id, r.rule_id): r for r in a.results}
    new = {r.rule_id: r for r in b.results}
    shifts = []
    for rule_id in sorted(set(old) | set(new)):
        ra, rb = old.get(rule_id), new.get(rule_id)
        la, lb = _label(ra), _label(rb)
        if la == lb:
            continue
        failed_a = ra is not None and ra.outcome is Outcome.FAILED
        failed_b = rb is not None and rb.outcome is Outcome.FAILED
        if failed_b and not failed_a:
            change = "newly failing"
        elif failed_a and not failed_b:
            change = "no longer failing"
        elif failed_a and failed_b:
            change = "severity changed"
        elif ra is None:
            change = "newly run"
        elif rb is None:
            change = "no longer run"
        else:
            change = "outcome changed"
        either = rb if rb is not None else ra
        title = either.title if either is not None else rule_id
        shifts.append(RuleShift(rule_id, title, change, la, lb))
    return shifts
