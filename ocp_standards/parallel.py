"""`ocp check --workers N`: check the inputs in N processes and merge the reports.

Each worker is a fresh process (spawned, not forked: the native table engine's thread pool does
not survive a fork) that loads only its share of the inputs (sources/shard.py), evaluates and
scores them, adds the upcoming-rule warnings, and sends back the subjects' reports tagged with
their place in the input order. The parent sorts them back into that order and assembles the
report, so the result is the same as a single process gives.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass

from .model.outcome import SubjectKind
from .model.report import SubjectReport

#: Below this many input files `--workers` defaults to one process: starting a worker costs
#: about a second (imports and the catalogue), more than small runs take.
AUTO_MIN_FILES = 32


@dataclass(frozen=True)
class Job:
    paths: list[str]
    as_kind: SubjectKind | None
    profile: str
    select: list[str] | None
    ignore: list[str] | None
    now: dt.datetime
    root: str | os.PathLike[str] | None


@dataclass(frozen=True)
class _Task:
    job: Job
    index: int
    count: int
    policy: object
    check_timeout: float
    limits: object


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
    job: Job, workers: int, progress: Callable[[int, int], None] | None = None
) -> tuple[list[SubjectReport], set[str]]:
    from . import limits, net
    from .timelimit import current_limit

    run = (net.policy(), current_limit(), limits.current())
    tasks = [_Task(job, k, workers, *run) for k in range(workers)]
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
    from . import limits, net
    from .catalog.loader import default_catalog
    from .catalog.ruleset import resolve_ruleset
    from .committee.upcoming import attach_upcoming
    from .runner import assemble_report, subject_reports
    from .sources.loader import load_paths
    from .sources.shard import Shard, sharding
    from .timelimit import limit_checks

    job = task.job
    assert isinstance(task.policy, net.NetworkPolicy)
    assert isinstance(task.limits, limits.Limits)
    with net.using(task.policy), limit_checks(task.check_timeout), limits.using(task.limits):
        catalog = default_catalog()
        profile = catalog.profile(job.profile)
        ruleset = resolve_ruleset(catalog, profile, select=job.select, ignore=job.ignore)
        with sharding(Shard(task.index, task.count)) as shard:
            subjects = load_paths(job.paths, job.as_kind)
        reports, used = subject_reports(subjects, ruleset, job.now, root=job.root)
        partial = assemble_report(reports, used, ruleset, job.now)
        attach_upcoming(partial, subjects, ruleset, catalog, job.now, job.select, job.ignore)
    return [
        (tag, seq, r) for seq, (tag, r) in enumerate(zip(shard.tags, reports, strict=True))
    ], used
