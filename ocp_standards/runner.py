"""`check()`: the library entry point, and exactly what `ocp check` runs."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from ._version import __version__
from .baseline import apply_baseline
from .catalog.loader import Catalog, default_catalog
from .catalog.ruleset import Ruleset, resolve_ruleset
from .committee.upcoming import attach_upcoming
from .engine import evaluate
from .fingerprint import fingerprint
from .gate import evaluate_gate
from .model.profile import Profile
from .model.report import (
    OutcomeCounts,
    ProfileRef,
    Report,
    ScoringRef,
    StandardRef,
    SubjectReport,
    Summary,
    ToolRef,
)
from .rollup import attach_rollups
from .rule_info import catalogue
from .scoring import FORMULA, level_rank, score_subject
from .settings.options import OptionsError, RunOptions, profile_is_file, run_scope
from .sources.loader import load_paths
from .sources.subject import Subject
from .submission_overview import attach_bid_overviews
from .waivers import apply_waivers

#: Called after each subject is evaluated with (done, total): drives the CLI's progress bar.
Progress = Callable[[int, int], None]


def check(
    paths: Iterable[str | os.PathLike[str]],
    options: RunOptions | str | None = None,
    *,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    **overrides: Any,
) -> Report:
    """Check files or folders and return the scored Report: exactly what `ocp check` runs.

    `options` describes the run (see RunOptions); keyword `overrides` change single options
    (`check(paths, profile="procurement", as_of="2026-11-24")`), and `profile`, `waivers` and
    `baseline` given here as paths are read now, on the caller's side. `catalog` (a rule
    catalogue other than the bundled one; keeps the run in one process) and `progress` (called
    with (done, total) after each subject) are in-process only, so they are not options.

    Raises CatalogError for a bad profile or standard, OptionsError / AsOfError for a bad option,
    WaiverFileError / BaselineError for a bad waivers or baseline file (usage problems), never for
    bad input: an input that cannot be read, parsed or recognised is a failed OCP-INPUT rule.
    """
    if isinstance(options, str):
        warnings.warn(
            "check(paths, PROFILE) with the profile as a positional argument is deprecated and "
            "will be removed in the next minor version; use check(paths, profile=PROFILE) or "
            "check(paths, RunOptions(profile=PROFILE))",
            DeprecationWarning,
            stacklevel=2,
        )
        if "profile" in overrides:
            raise OptionsError("profile given twice (positionally and as profile=)")
        overrides["profile"] = options
        options = None
    profile_arg = overrides.pop("profile", None)
    opts = RunOptions.from_files(options, **overrides).pinned()
    if profile_arg is not None:
        opts = opts.replace(
            profile=profile_arg if isinstance(profile_arg, Profile) else os.fspath(profile_arg)
        )
    given_catalog = catalog
    catalog = catalog or default_catalog()
    if isinstance(opts.profile, str) and profile_is_file(opts.profile):
        # A profile file is read here, so a worker gets its content rather than a path.
        opts = opts.replace(profile=catalog.profile(opts.profile))
    profile = opts.profile if isinstance(opts.profile, Profile) else catalog.profile(opts.profile)
    select, ignore = opts.select_list(), opts.ignore_list()
    ruleset = resolve_ruleset(catalog, profile, select=select, ignore=ignore)
    now = opts.now
    paths = list(paths)
    with run_scope(opts):
        if opts.workers > 1 and given_catalog is None:
            from .parallel import run_sharded

            reports, used = run_sharded([os.fspath(p) for p in paths], opts, progress)
            report = assemble_report(reports, used, ruleset, now)
        else:
            subjects = load_paths(paths, opts.as_kind)
            report = build_report(subjects, ruleset, now, root=opts.root, progress=progress)
            # Rules a newer released version would add or tighten: shown, never scored or gating.
            attach_upcoming(report, subjects, ruleset, catalog, now, select, ignore)
    if opts.waivers is not None:
        apply_waivers(report, opts.waivers, now.date(), opts.root)
    if opts.baseline is not None:
        apply_baseline(report, opts.baseline.baseline, opts.baseline.path, opts.root)
    return apply_gate_overrides(report, opts.fail_on, opts.fail_under)


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
            id=profile.id, title=profile.title, source=profile.source, chain=profile.chain
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


def apply_gate_overrides(report: Report, fail_on: str | None, fail_under: float | None) -> Report:
    """Re-evaluate the gate with overrides (config or command line win over the profile).

    Also the moment waivers and baselines take effect on the gate, so call it after them.
    """
    fo = fail_on or report.gate.fail_on
    fu = fail_under if fail_under is not None else report.gate.fail_under
    problems = report.waivers.problems if report.waivers is not None else None
    report.gate = evaluate_gate(report.subjects, fo, fu, problems)
    return report
