"""Waivers: a reviewed decision that a failed rule does not block the gate, until a date.

A waiver names a rule (id, or a prefix ending in ``*``), a glob of subject paths, a reason from a
fixed vocabulary, a justification, an approver and an expiry date. An active waiver marks the
failed results it covers (they stay ``failed`` and keep counting in the score; only the gate
ignores them). A waiver past its date no longer applies and is itself a finding
(``OCP-WAIVER-001``, an error); a waiver that covers nothing is a finding too (``OCP-WAIVER-002``,
a warning), so stale waivers do not pile up unnoticed.

Applied in the runner, not in reporters: waivers change the gate, and reporters only render.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..model.fingerprint import fingerprint, relative_path
from ..model.outcome import Level, Outcome, Severity
from ..model.report import (
    AppliedWaiver,
    Location,
    Report,
    RuleInfo,
    WaiverProblem,
    WaiverReason,
    WaiverSummary,
)
from ..sources.document import DocumentError, parse_text

EXPIRED, UNUSED = "OCP-WAIVER-001", "OCP-WAIVER-002"
_WAIVER_DOCS = "https://ocp-standards.example/docs/ci.md#waivers"

#: The tool's own rules about waivers, carried in the report's rule catalogue.
WAIVER_RULES = {
    EXPIRED: RuleInfo(
        id=EXPIRED,
        title="A waiver has not expired",
        standard="ocp-waivers",
        level=Level.MUST,
        severity=Severity.ERROR,
        dimension="validity",
        statement="Every waiver in the waivers file is within its expiry date.",
        rationale="A waiver is a time-boxed decision; past its date the failure it covered "
        "counts again and someone has to renew or drop the waiver.",
        remediation="Fix the failure and delete the waiver, or have it re-approved with a new "
        "expiry date.",
        help_uri=_WAIVER_DOCS,
    ),
    UNUSED: RuleInfo(
        id=UNUSED,
        title="A waiver covers a failure",
        standard="ocp-waivers",
        level=Level.SHOULD,
        severity=Severity.WARNING,
        dimension="validity",
        statement="Every active waiver covers at least one failed result in the run.",
        rationale="A waiver that matches nothing is stale (the failure was fixed) or mistyped; "
        "left in place it could silently hide a future failure.",
        remediation="Delete the waiver, or correct its rule id or subject glob.",
        help_uri=_WAIVER_DOCS,
    ),
}


class WaiverFileError(ValueError):
    """The waivers file cannot be read or is not valid: a usage problem (exit 2)."""


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(min_length=1, description="Rule id, or an id prefix ending in '*'.")
    subject: str = Field(default="*", min_length=1, description="Glob of run-relative paths.")
    reason: WaiverReason
    justification: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    expires: dt.date

    @field_validator("justification", "approver")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def covers(self, rule_id: str, path: str) -> bool:
        return fnmatch.fnmatchcase(rule_id, self.rule) and fnmatch.fnmatchcase(path, self.subject)

    def applied(self) -> AppliedWaiver:
        return AppliedWaiver(
            rule=self.rule,
            subject=self.subject,
            reason=self.reason,
            justification=self.justification,
            approver=self.approver,
            expires=self.expires.isoformat(),
        )


class WaiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waivers: list[Waiver] = Field(default_factory=list)


class LoadedWaivers(BaseModel):
    path: str
    waivers: list[Waiver]
    lines: list[int | None]


def load_waivers(path: str | os.PathLike[str]) -> LoadedWaivers:
    """Read and validate a waivers YAML/JSON file; raise WaiverFileError with a clear message."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverFileError(f"cannot read waivers file {p}: {exc}") from None
    try:
        doc = parse_text(text, str(p))
    except DocumentError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise WaiverFileError(f"{p}{where}: {exc.message}") from None
    data = doc.data if doc.data is not None else {}
    try:
        parsed = WaiversFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            pointer = "/" + "/".join(str(x) for x in e["loc"])
            line, _ = doc.locate(pointer)
            where = f":{line}" if line else ""
            problems.append(f"{p}{where}: {'.'.join(str(x) for x in e['loc'])}: {e['msg']}")
        raise WaiverFileError("invalid waivers file\n  " + "\n  ".join(problems)) from None
    lines = [doc.locate(f"/waivers/{i}")[0] for i in range(len(parsed.waivers))]
    return LoadedWaivers(path=str(p), waivers=parsed.waivers, lines=lines)


def apply_waivers(
    report: Report,
    loaded: LoadedWaivers,
    today: dt.date,
    root: str | os.PathLike[str] | None = None,
) -> Report:
    """Mark failed results covered by an active waiver; record expired and unused waivers.

    The first active waiver that covers a result wins (file order), so the file reads top-down.
    """
    used = [False] * len(loaded.waivers)
    active = [w.expires >= today for w in loaded.waivers]
    applied = 0
    for subject in report.subjects:
        path = relative_path(subject.path, root)
        for result in subject.results:
            if result.outcome is not Outcome.FAILED:
                continue
            for i, waiver in enumerate(loaded.waivers):
                if active[i] and waiver.covers(result.rule_id, path):
                    result.waiver = waiver.applied()
                    used[i] = True
                    applied += 1
                    break
    problems = []
    file_path = relative_path(loaded.path, root)
    for i, waiver in enumerate(loaded.waivers):
        location = Location(path=file_path, pointer=f"/waivers/{i}", line=loaded.lines[i])
        label = (
            f"waiver #{i + 1} ({waiver.rule} on {waiver.subject}, approved by {waiver.approver})"
        )
        if not active[i]:
            rule_id = EXPIRED
            message = f"{label} expired on {waiver.expires.isoformat()}; it no longer applies"
        elif not used[i]:
            rule_id = UNUSED
            message = f"{label} covers no failed result in this run"
        else:
            continue
        problems.append(
            WaiverProblem(
                rule_id=rule_id,
                severity=WAIVER_RULES[rule_id].severity,
                message=message,
                location=location,
                fingerprint=fingerprint(rule_id, file_path, location, root),
            )
        )
    report.waivers = WaiverSummary(file=file_path, applied=applied, problems=problems)
    known = {r.id for r in report.rules}
    for rule_id in sorted({p.rule_id for p in problems} - known):
        report.rules.append(WAIVER_RULES[rule_id])
    return report
