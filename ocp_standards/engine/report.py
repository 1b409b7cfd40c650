"""A run's report from its subjects: evaluate and score each subject, then roll up, summarise
and apply the profile's gate. Used by `check()` and by each worker of a parallel run."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from .._version import __version__
from ..catalog.ruleset import Ruleset
from ..engine.bid_overview import attach_bid_overviews
from ..engine.evaluate import evaluate
from ..engine.rollup import attach_rollups
from ..engine.rule_info import catalogue
from ..engine.scoring import FORMULA, level_rank, score_subject
from ..gate.verdict import evaluate_gate
from ..model.fingerprint import fingerprint
from ..model.report import (
    OutcomeCounts,
    ProfileRef,
    Report,
    ScoringRef,
    StandardRef,
    SubjectReport,
    Summary,
    ToolRef,
)
from ..sources.subject import Subject

#: Called after each subject is evaluated with (done, total): drives the CLI's progress bar.
Progress = Callable[[int, int], None]


def build_report(
    subjects: list[Subject],
    ruleset: Ruleset,
    now: dt.datetime,
    *,
    root: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    reports, used = subject_reports(subjects, ruleset, now, root=root, progress=progress)
    return assemble_report(reports, used, ruleset, now)


def subject_reports(
    subjects: list[Subject],
    ruleset: Ruleset,
    now: dt.datetime,
    *,
    root: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> tuple[list[SubjectReport], set[str]]:
    """Evaluate and score each subject on its own: (reports, ids of the rules that ran)."""
    reports = []
    used: set[str] = set()
    for done, subject in enumerate(subjects, 1):
        results = evaluate(subject, ruleset, now)
        results.sort(key=lambda r: r.rule_id)
        for r in results:
            used.add(r.rule_id)
            for f in r.findings:
                f.fingerprint = fingerprint(r.rule_id, subject.path, f.location, root)
        if progress is not None:
            progress(done, len(subjects))
        model_ref, model = ruleset.model_for(subject.kind.value)
        sc = score_subject(results, model)
        reports.append(
            SubjectReport(
                path=subject.path,
                kind=subject.kind,
                title=subject.title,
                **sc.report_fields(),
                results=results,
                scoring_model=model_ref,
                metadata=subject.metadata,
            )
        )
    return reports, used


def assemble_report(
    reports: list[SubjectReport], used: set[str], ruleset: Ruleset, now: dt.datetime
) -> Report:
    """The whole report from the subjects' reports: roll-ups, bid overviews, summary, gate."""
    model = ruleset.scoring
    attach_rollups(reports)  # catalogues summarise their datasets (rollup.py)
    # A submission summarises its whole bid (submission_overview.py).
    bid_model = ruleset.model_for("submission")[1]
    attach_bid_overviews(reports, lambda level: level_rank(bid_model, level))
    profile = ruleset.profile
    gate = evaluate_gate(reports, profile.gate.fail_on, profile.gate.fail_under)
    return Report(
        tool=ToolRef(version=__version__),
        as_of=now.date().isoformat(),
        draft=ruleset.draft,
        profile=ProfileRef(
            id=profile.id,
            title=profile.title,
            source=profile.source,
            chain=profile.chain,
            version=profile.version,
            digest=profile.digest or None,
        ),
        standards=[
            StandardRef(id=s.id, version=s.version, status=s.status, digest=s.digest)
            for s in ruleset.standards
        ],
        scoring=ScoringRef(
            model=ruleset.scoring_ref,
            formula=FORMULA,
            level_weights={k.value: v for k, v in model.level_weights.items()},
            levels=[lvl.model_dump(mode="json") for lvl in model.levels],
            by_kind={kind: ref for kind, (ref, _) in sorted(ruleset.scoring_by_kind.items())},
        ),
        summary=_summary(reports, ruleset),
        gate=gate,
        subjects=reports,
        rules=catalogue([*ruleset.rules, *ruleset.input_rules.values()], used),
    )


def _summary(reports: list[SubjectReport], ruleset: Ruleset) -> Summary:
    model = ruleset.scoring
    counts = OutcomeCounts()
    for r in reports:
        for key in OutcomeCounts.model_fields:
            setattr(counts, key, getattr(counts, key) + getattr(r.counts, key))
    if not reports:
        fb = model.fallback_level
        return Summary(subjects=0, score=0.0, level=fb.id, level_title=fb.title, counts=counts)
    # Subjects the profile had no rule for are listed but do not pull the summary down.
    scored = [r for r in reports if r.possible > 0 or r.counts.failed] or reports
    worst = min(scored, key=lambda r: level_rank(model, r.level))
    mean = round(sum(r.score for r in scored) / len(scored), 1)
    return Summary(
        subjects=len(reports),
        score=mean,
        level=worst.level,
        level_title=worst.level_title,
        counts=counts,
    )
