"""Compare bids: a side-by-side scorecard across vendors from JSON reports of `ocp check`.

Ranking, as an evaluation panel reads a tender: a bid that fails a MUST (or cannot be read) is
disqualified and ranks below every qualified bid; then a higher conformance level wins; then a
higher score; ties keep the name order. Each bid is one subject of a report, so one report of a
folder of bids and several reports of one bid each compare the same way.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import ValidationError

from ..gate.verdict import blocks_gate
from ..model.outcome import Level, Outcome
from ..model.report import (
    READABLE_REPORT_VERSIONS,
    Evidence,
    Report,
    RuleResult,
    SubjectReport,
)
from ..model.schemas import report_json_schema


class CompareError(ValueError):
    """A file that is not a JSON report of `ocp check` (exit 2)."""


@dataclass
class Bid:
    name: str
    report_file: str
    subject: SubjectReport
    level_rank: int
    failed_musts: list[str]
    unsure: list[str]
    dimension_scores: dict[str, float | None]
    rank: int = 0

    @property
    def qualified(self) -> bool:
        return not self.failed_musts

    @property
    def sort_key(self) -> tuple[bool, int, float, str]:
        return (not self.qualified, self.level_rank, -self.subject.score, self.name)


@dataclass
class Comparison:
    bids: list[Bid]
    dimensions: list[tuple[str, str]]
    notes: list[str] = field(default_factory=list)
    as_of: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    #: Show failed rules known only this way (declared / verified / measured); None: all.
    #: Verdicts, scores and ranks always count every result.
    evidence: Evidence | None = None


def load_report(path: str | os.PathLike[str]) -> Report:
    """Read a JSON report, checked against the published report schema first."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CompareError(f"cannot read {p}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise CompareError(
            f"{p} is not JSON (line {exc.lineno}: {exc.msg}); compare reads reports written by "
            "`ocp check --format json`"
        ) from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, str) and version not in READABLE_REPORT_VERSIONS:
        raise CompareError(
            f"{p} is a report of schema version {version}; this ocp reads "
            f"{', '.join(READABLE_REPORT_VERSIONS)} (check the bid again with this version, or "
            "compare with the ocp that wrote it)"
        )
    validator = jsonschema.Draft202012Validator(report_json_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(x) for x in error.absolute_path) or "(top level)"
        raise CompareError(
            f"{p} is not an ocp report (at {where}: {error.message[:200]}); compare reads "
            "reports written by `ocp check --format json`"
        )
    try:
        return Report.model_validate(data)
    except ValidationError as exc:  # the schema and model agree; this is a belt and braces
        raise CompareError(f"{p} is not an ocp report: {exc.errors()[0]['msg']}") from None


def _level_rank(report: Report, level: str) -> int:
    ids = [str(lvl.get("id")) for lvl in report.scoring.levels]
    return ids.index(level) if level in ids else len(ids)


def _name(subject: SubjectReport, report_file: str, multi: bool) -> str:
    base = subject.title or Path(subject.path).name
    return f"{base} ({Path(report_file).name})" if multi else base


def compare(paths: list[str | os.PathLike[str]], evidence: Evidence | None = None) -> Comparison:
    reports = [(os.fspath(p), load_report(p)) for p in paths]
    bids: list[Bid] = []
    dims: dict[str, str] = {}
    names: set[str] = set()
    for file, report in reports:
        for subject in report.subjects:
            name = _name(subject, file, False)
            if name in names:
                name = _name(subject, file, True)
            names.add(name)
            for d in subject.dimensions:
                dims.setdefault(d.id, d.title)
            bids.append(
                Bid(
                    name=name,
                    report_file=file,
                    subject=subject,
                    level_rank=_level_rank(report, subject.level),
                    failed_musts=sorted(
                        r.rule_id
                        for r in subject.results
                        if r.level is Level.MUST and blocks_gate(r)
                    ),
                    unsure=sorted(
                        r.rule_id
                        for r in subject.results
                        if r.outcome in (Outcome.CANT_TELL, Outcome.UNTESTED)
                    ),
                    dimension_scores={d.id: d.score for d in subject.dimensions},
                )
            )
    bids.sort(key=lambda b: b.sort_key)
    for i, bid in enumerate(bids, 1):
        bid.rank = i
    notes = _notes(reports)
    if evidence is not None:
        notes.append(
            f"failed rules shown: {evidence} only; verdicts, scores and ranks count every result"
        )
    return Comparison(
        bids=bids,
        dimensions=sorted(dims.items(), key=lambda kv: list(dims).index(kv[0])),
        notes=notes,
        as_of=sorted({r.as_of for _, r in reports}),
        profiles=sorted({r.profile.id for _, r in reports}),
        evidence=evidence,
    )


def _notes(reports: list[tuple[str, Report]]) -> list[str]:
    """Warnings that make a comparison unfair: different profiles or standard versions."""
    notes = []
    profiles = {r.profile.id for _, r in reports}
    if len(profiles) > 1:
        notes.append(
            f"reports use different profiles ({', '.join(sorted(profiles))}): scores are not "
            "directly comparable"
        )
    standards = {tuple(sorted(f"{s.id}@{s.version}" for s in r.standards)) for _, r in reports}
    if len(standards) > 1:
        notes.append("reports use different standard versions: scores are not directly comparable")
    if any(r.draft for _, r in reports):
        notes.append("a standard version used is an unreleased draft")
    return notes


def as_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """Plain rows for the renderers (text, Markdown, HTML) so they agree on every value."""
    rows = []
    wanted = comparison.evidence

    def shown(rule_id: str, results: dict[str, RuleResult]) -> bool:
        return wanted is None or results[rule_id].evidence == wanted

    for b in comparison.bids:
        s = b.subject
        by_id = {r.rule_id: r for r in s.results}
        known = Counter(r.evidence for r in s.results if r.evidence is not None)
        rows.append(
            {
                "rank": b.rank,
                "name": b.name,
                "path": s.path,
                "qualified": b.qualified,
                "score": s.score,
                "level": s.level_title,
                "dimensions": [b.dimension_scores.get(d) for d, _ in comparison.dimensions],
                "failed_musts": [r for r in b.failed_musts if shown(r, by_id)],
                "failed_shoulds": sorted(
                    r.rule_id
                    for r in s.results
                    if r.outcome is Outcome.FAILED
                    and r.level is Level.SHOULD
                    and shown(r.rule_id, by_id)
                ),
                "evidence": {k: known[k] for k in ("verified", "measured", "declared")},
                "unsure": b.unsure,
                "inapplicable": s.counts.inapplicable,
            }
        )
    return rows
