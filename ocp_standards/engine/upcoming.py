"""Upcoming rules: checked against version A while a newer released B exists, which rules of B
would this subject newly fail? (The "future warnings" of the Dutch API Design Rules linter.)

Only rules that are new in B or differ from A (level, weight, parameters, check...) are run, so
the cost is small and a rule that fails the same way under both versions is not repeated. The
results go to `SubjectReport.upcoming`: never into the results, the score or the gate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog
from ..catalog.ruleset import ActiveRule, Ruleset
from ..committee.bump import parse_version
from ..committee.pins import ruleset_at
from ..model.outcome import Outcome
from ..model.report import Report, UpcomingResult
from ..model.standard import StandardVersion
from ..sources.subject import Subject
from .evaluate import evaluate


def newer_release(catalog: Catalog, std: StandardVersion) -> StandardVersion | None:
    """The newest released version of the same standard after `std`, if any."""
    later = [
        v
        for v in catalog.versions(std.id)
        if not v.is_draft and parse_version(v.version) > parse_version(std.version)
    ]
    return later[-1] if later else None


def _signature(a: ActiveRule) -> Any:
    r = a.rule
    return (a.severity, a.weight, a.check, sorted(r.applies_to), r.status, r.dimension)


def attach_upcoming(
    report: Report,
    subjects: list[Subject],
    ruleset: Ruleset,
    catalog: Catalog,
    now: dt.datetime,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Report:
    """Fill `upcoming` on each subject report from the newer releases of the pinned standards."""
    current = {a.id: a for a in ruleset.rules}
    by_path = {s.path: s for s in report.subjects}
    for std in ruleset.standards:
        newer = newer_release(catalog, std)
        if newer is None:
            continue
        try:
            future = ruleset_at(catalog, ruleset.profile, std.id, newer.version, select, ignore)
        except CatalogError:
            continue  # the profile cannot be applied to that version: nothing sensible to say
        changed = [
            a
            for a in future.rules
            if a.rule.standard == std.id
            and (a.id not in current or _signature(a) != _signature(current[a.id]))
        ]
        if not changed:
            continue
        probe = dataclasses.replace(future, rules=changed)
        for subject in subjects:
            target = by_path.get(subject.path)
            if target is None or not subject.loaded:
                continue
            now_results = {r.rule_id: r for r in target.results}
            for result in evaluate(subject, probe, now):
                if result.outcome is not Outcome.FAILED:
                    continue
                before = now_results.get(result.rule_id)
                if (
                    before is not None
                    and before.outcome is Outcome.FAILED
                    and before.severity.rank >= result.severity.rank
                ):
                    continue  # already reported at least as severely
                target.upcoming.append(
                    UpcomingResult(
                        rule_id=result.rule_id,
                        title=result.title,
                        standard=newer.ref,
                        level=result.level,
                        severity=result.severity,
                        change="changed" if result.rule_id in current else "new",
                        findings=result.findings,
                    )
                )
    return report


def upcoming_lines(report: Report) -> list[str]:
    """Plain-text lines a reporter can print under each subject (warnings, never failures)."""
    lines = []
    for s in report.subjects:
        for u in s.upcoming:
            first = u.findings[0].message if u.findings else ""
            lines.append(
                f"{s.path}: upcoming in {u.standard}: {u.rule_id} {u.title} would fail "
                f"({u.severity.value})" + (f": {first}" if first else "")
            )
    return lines
