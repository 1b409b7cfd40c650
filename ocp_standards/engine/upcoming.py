"""Upcoming rules: which rules this subject would newly fail once they take effect — rules of a
newer released version B of a standard pinned at A ("new"/"changed"), and draft rules A itself
announces ("announced"; docs/versioning.md: activating an announced SHOULD/MAY is a minor
release). The "future warnings" of the Dutch API Design Rules linter.

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
from ..catalog.pins import ruleset_at
from ..catalog.ruleset import ActiveRule, Ruleset
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
        if not v.is_draft and _version(v.version) > _version(std.version)
    ]
    return later[-1] if later else None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


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
        for probe, ref, announced in _probes(catalog, ruleset, std, current, select, ignore):
            _attach(probe, ref, announced, subjects, by_path, current, now)
    return report


def _probes(
    catalog: Catalog,
    ruleset: Ruleset,
    std: StandardVersion,
    current: dict[str, ActiveRule],
    select: list[str] | None,
    ignore: list[str] | None,
) -> list[tuple[Ruleset, str, bool]]:
    """The rulesets to probe: announced drafts of `std` itself, then its newer release's changes."""
    probes = []
    if not ruleset.profile.include_draft and any(r.status.value == "draft" for r in std.rules):
        drafts = ruleset.profile.model_copy(update={"include_draft": True})
        try:
            with_drafts = ruleset_at(catalog, drafts, std.id, std.version, select, ignore)
        except CatalogError:
            with_drafts = None
        if with_drafts is not None:
            announced = [
                a
                for a in with_drafts.rules
                if a.rule.standard == std.id
                and a.id not in current
                and a.rule.status.value == "draft"
            ]
            if announced:
                probes.append((dataclasses.replace(with_drafts, rules=announced), std.ref, True))
    newer = newer_release(catalog, std)
    if newer is None:
        return probes
    try:
        future = ruleset_at(catalog, ruleset.profile, std.id, newer.version, select, ignore)
    except CatalogError:
        return probes  # the profile cannot be applied to that version: nothing sensible to say
    changed = [
        a
        for a in future.rules
        if a.rule.standard == std.id
        and (a.id not in current or _signature(a) != _signature(current[a.id]))
    ]
    if changed:
        probes.append((dataclasses.replace(future, rules=changed), newer.ref, False))
    return probes


def _attach(
    probe: Ruleset,
    ref: str,
    announced: bool,
    subjects: list[Subject],
    by_path: dict[str, Any],
    current: dict[str, ActiveRule],
    now: dt.datetime,
) -> None:
    """Probe each loaded subject; keep what it would newly fail (or fail more severely)."""
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
                    standard=ref,
                    level=result.level,
                    severity=result.severity,
                    change="changed"
                    if result.rule_id in current
                    else ("announced" if announced else "new"),
                    findings=result.findings,
                )
            )


def upcoming_lines(report: Report) -> list[str]:
    """Plain-text lines a reporter can print under each subject (warnings, never failures)."""
    lines = []
    for s in report.subjects:
        for u in s.upcoming:
            first = u.findings[0].message if u.findings else ""
            lines.append(
                f"{s.path}: {'announced' if u.change == 'announced' else 'upcoming'} in "
                f"{u.standard}: {u.rule_id} {u.title} would fail "
                f"({u.severity.value})" + (f": {first}" if first else "")
            )
    return lines
