"""`check()`: the library entry point, and exactly what `ocp check` runs."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from typing import Any

from .catalog.loader import Catalog, default_catalog
from .catalog.ruleset import resolve_ruleset
from .engine.parallel import run_sharded
from .engine.report import Progress, assemble_report, build_report
from .engine.upcoming import attach_upcoming
from .gate.baseline import apply_baseline
from .gate.verdict import evaluate_gate
from .gate.waivers import apply_waivers
from .model.profile import Profile
from .model.report import Report
from .settings.options import OptionsError, RunOptions, profile_is_file, run_scope
from .sources.loader import load_paths


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
        if "profile" in overrides:
            raise OptionsError("profile given twice (positionally and as profile=)")
        warnings.warn(
            "check(paths, PROFILE) with the profile as a positional argument is deprecated and "
            "will be removed in the next minor version; use check(paths, profile=PROFILE) or "
            "check(paths, RunOptions(profile=PROFILE))",
            DeprecationWarning,
            stacklevel=2,
        )
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


def apply_gate_overrides(report: Report, fail_on: str | None, fail_under: float | None) -> Report:
    """Re-evaluate the gate with overrides (config or command line win over the profile).

    Also the moment waivers and baselines take effect on the gate, so call it after them.
    """
    fo = fail_on or report.gate.fail_on
    fu = fail_under if fail_under is not None else report.gate.fail_under
    problems = report.waivers.problems if report.waivers is not None else None
    report.gate = evaluate_gate(report.subjects, fo, fu, problems)
    return report
