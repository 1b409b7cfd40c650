"""`ocp check --workers N`: check the inputs in N processes and merge the reports.

Each worker is a fresh process (spawned, not forked: the native table engine's thread pool does
not survive a fork) that receives the run's RunOptions — picklable, "now" pinned, every file
already read into it — loads only its share of the inputs (sources/shard.py), evaluates and
scores them, adds the upcoming-rule warnings, and sends back the subjects' reports tagged with
their place in the input order. The parent sorts them back into that order and assembles the
report, so the result is the same as a single process gives.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog.loader import default_catalog
from ..catalog.ruleset import resolve_ruleset
from ..model.profile import Profile
from ..model.report import SubjectReport
from ..settings.options import RunOptions, run_scope
from ..sources.loader import load_paths
from ..sources.shard import Shard, sharding
from .report import assemble_report, subject_reports
from .upcoming import attach_upcoming

#: Below this many input files `--workers` defaults to one process: starting a worker costs
#: about a second (imports and the catalogue), more than small runs take.
AUTO_MIN_FILES = 32


@dataclass(frozen=True)
class _Task:
    paths: list[str]
    options: RunOptions
    index: int
    count: int


Tagged = list[tuple[int, int, SubjectReport]]


def default_workers(input_files: int) -> int:
    """The number of cores when the run is big enough to gain from it, else one."""
    if input_files < AUTO_MIN_FILES:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_sharded(
    paths: list[str], options: RunOptions, progress: Callable[[int, int], None] | None = None
) -> tuple[list[SubjectReport], set[str]]:
    """Check `paths` in `options.workers` processes: (subject reports in input order, rules run)."""
    options = options.pinned()
    workers = options.workers
    tasks = [_Task(paths, options, k, workers) for k in range(workers)]
    tagged: Tagged = []
    used: set[str] = set()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        for done, (part, part_used) in enumerate(pool.imap_unordered(_work, tasks), 1):
            tagged.extend(part)
            used |= part_used
            if progress is not None:
                progress(done, workers)
    tagged.sort(key=lambda t: (t[0], t[1]))
    return [r for _, _, r in tagged], used


def _work(task: _Task) -> tuple[Tagged, set[str]]:
    options = task.options
    now = options.now
    select, ignore = options.select_list(), options.ignore_list()
    with run_scope(options):
        catalog = default_catalog()
        profile = (
            options.profile
            if isinstance(options.profile, Profile)
            else catalog.profile(options.profile)
        )
        ruleset = resolve_ruleset(catalog, profile, select=select, ignore=ignore)
        with sharding(Shard(task.index, task.count)) as shard:
            subjects = load_paths(task.paths, options.as_kind)
        reports, used = subject_reports(subjects, ruleset, now, root=options.root)
        partial = assemble_report(reports, used, ruleset, now)
        attach_upcoming(partial, subjects, ruleset, catalog, now, select, ignore)
    return [
        (tag, seq, r) for seq, (tag, r) in enumerate(zip(shard.tags, reports, strict=True))
    ], used
