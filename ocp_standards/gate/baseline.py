"""Baselines: adopt the standards gradually by gating only on failures that are new.

`ocp baseline create` records the fingerprints (see fingerprint.py: rule + subject + logical
location, never line numbers) of every failed finding. Checking with `--baseline FILE` marks each
failed result ``known`` when all its findings are recorded, else ``new``; only ``new`` ones fail
the gate, and recorded failures that no longer occur are reported as fixed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..model.fingerprint import FINGERPRINT_VERSION, fingerprint, relative_path
from ..model.outcome import Outcome
from ..model.report import BaselineEntry, BaselineSummary, Location, Report, RuleResult

BASELINE_FORMAT = 1


class BaselineError(ValueError):
    """The baseline file cannot be read or is not a baseline: a usage problem (exit 2)."""


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ocp_baseline: int
    fingerprint_version: str
    created: str
    tool: str
    profile: str
    entries: list[BaselineEntry]


def result_fingerprints(result: RuleResult, subject_path: str, root: Any = None) -> list[str]:
    """Fingerprints of a failed result: one per finding, or one for the rule on the subject."""
    if not result.findings:
        return [fingerprint(result.rule_id, subject_path, None, root)]
    return [
        f.fingerprint or fingerprint(result.rule_id, subject_path, f.location, root)
        for f in result.findings
    ]


def _entries(report: Report, root: Any) -> list[BaselineEntry]:
    entries: dict[str, BaselineEntry] = {}
    for subject in report.subjects:
        for result in subject.results:
            if result.outcome is not Outcome.FAILED:
                continue
            fps = result_fingerprints(result, subject.path, root)
            locations: list[Location | None] = [f.location for f in result.findings] or [None]
            for fp, loc in zip(fps, locations, strict=True):
                path = loc.path if loc is not None and loc.path else subject.path
                entries[fp] = BaselineEntry(
                    fingerprint=fp,
                    rule_id=result.rule_id,
                    path=relative_path(path, root),
                    pointer=loc.pointer if loc is not None else None,
                )
    return sorted(
        entries.values(), key=lambda e: (e.path, e.rule_id, e.pointer or "", e.fingerprint)
    )


def create_baseline(report: Report, root: str | os.PathLike[str] | None = None) -> str:
    """The baseline file's text for a report: sorted, so it diffs well under review."""
    data = BaselineFile(
        ocp_baseline=BASELINE_FORMAT,
        fingerprint_version=FINGERPRINT_VERSION,
        created=report.as_of,
        tool=report.tool.version,
        profile=report.profile.id,
        entries=_entries(report, root),
    )
    return json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: str | os.PathLike[str]) -> BaselineFile:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {p}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{p}:{exc.lineno}: not JSON: {exc.msg}") from None
    try:
        baseline = BaselineFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise BaselineError(
            f"{p} is not an ocp baseline ({where}: {first['msg']}); "
            "create one with `ocp baseline create`"
        ) from None
    if baseline.fingerprint_version != FINGERPRINT_VERSION:
        raise BaselineError(
            f"{p} uses fingerprints {baseline.fingerprint_version}, this version of ocp uses "
            f"{FINGERPRINT_VERSION}; recreate it with `ocp baseline create`"
        )
    return baseline


class LoadedBaseline(BaseModel):
    """A baseline file's content with the path it was read from (shown in the report)."""

    path: str
    baseline: BaselineFile


def read_baseline(path: str | os.PathLike[str]) -> LoadedBaseline:
    """`load_baseline` keeping the file's name, for RunOptions (content travels, paths do not)."""
    return LoadedBaseline(path=os.fspath(path), baseline=load_baseline(path))


def apply_baseline(
    report: Report,
    baseline: BaselineFile,
    file: str,
    root: str | os.PathLike[str] | None = None,
) -> Report:
    """Mark failed results new/known and list recorded failures that are now fixed.

    Only entries for files checked in this run can be "fixed": checking one file of a repository
    must not report the others' recorded failures as fixed.
    """
    recorded = {e.fingerprint: e for e in baseline.entries}
    current: set[str] = set()
    checked: set[str] = set()
    new = known = 0
    for subject in report.subjects:
        checked.add(relative_path(subject.path, root))
        for result in subject.results:
            for f in result.findings:
                checked.add(relative_path(f.location.path or subject.path, root))
            if result.outcome is not Outcome.FAILED:
                continue
            fps = result_fingerprints(result, subject.path, root)
            current.update(fps)
            if all(fp in recorded for fp in fps):
                result.baseline = "known"
                known += 1
            else:
                result.baseline = "new"
                new += 1
    fixed = [
        e
        for fp, e in sorted(recorded.items())
        if fp not in current and (e.path in checked or _under(e.path, checked))
    ]
    report.baseline = BaselineSummary(
        file=relative_path(file, root), new=new, known=known, fixed=fixed
    )
    return report


def _under(path: str, checked: set[str]) -> bool:
    """Whether a recorded path sits in a folder checked in this run (a submission folder)."""
    return any(path.startswith(c.rstrip("/") + "/") for c in checked if c != ".")
