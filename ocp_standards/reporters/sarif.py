"""SARIF 2.1.0, shaped for GitHub code scanning (see docs/ci.md).

One result per finding of a failed rule (or one per failed rule without findings), plus expired
or unused waivers. Waived failures carry `suppressions`; with a baseline, `baselineState` says
new or unchanged. `partialFingerprints` come from the logical location (fingerprint.py), and
`primaryLocationLineHash` is set to the same value so GitHub tracks an alert by what it is about,
not by the line it sits on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model.fingerprint import fingerprint, relative_path
from ..model.outcome import Outcome, Severity
from ..model.report import Finding, Location, Report, RuleInfo, RuleResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://ocp-standards.example/"
FINGERPRINT_KEY = "ocpLogicalLocation/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    rules = _rules(report)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for subject in report.subjects:
        for result in subject.results:
            if result.outcome is Outcome.FAILED:
                results += _results(result, subject.path, index)
    if report.waivers is not None:
        for p in report.waivers.problems:
            fp = p.fingerprint or fingerprint(p.rule_id, p.location.path, p.location)
            results.append(_result(p.rule_id, p.severity, p.message, p.location, fp, index))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"ocp/{report.profile.id}/"},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The checked repository."}}},
        "results": results,
        "properties": {
            "profile": report.profile.id,
            "standards": [f"{s.id}@{s.version}" for s in report.standards],
            "asOf": report.as_of,
            "score": report.summary.score,
            "level": report.summary.level,
            "gatePassed": report.gate.passed,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rules(report: Report) -> list[dict[str, Any]]:
    infos: dict[str, RuleInfo] = {r.id: r for r in report.rules}
    # A report built without a catalogue (older JSON) still yields valid SARIF from the results.
    for subject in report.subjects:
        for r in subject.results:
            if r.rule_id not in infos:
                infos[r.rule_id] = RuleInfo(
                    id=r.rule_id,
                    title=r.title,
                    standard=r.standard,
                    level=r.level,
                    severity=r.severity,
                    dimension=r.dimension,
                    statement=r.title,
                    remediation=r.remediation,
                )
    return [_rule(infos[rid]) for rid in sorted(infos)]


def _rule(info: RuleInfo) -> dict[str, Any]:
    help_text = [info.statement]
    if info.remediation:
        help_text.append(f"How to comply: {info.remediation}")
    if info.rationale:
        help_text.append(f"Why: {info.rationale}")
    if info.sources:
        help_text.append("Sources: " + " ".join(info.sources))
    markdown = [f"**{info.title}** ({info.level.value}, {info.standard})", "", info.statement]
    if info.remediation:
        markdown += ["", f"**How to comply.** {info.remediation}"]
    if info.rationale:
        markdown += ["", f"**Why.** {info.rationale}"]
    if info.sources:
        markdown += ["", "Sources: " + ", ".join(f"<{s}>" for s in info.sources)]
    rule: dict[str, Any] = {
        "id": info.id,
        "name": _pascal(info.title),
        "shortDescription": {"text": info.title[:1024]},
        "fullDescription": {"text": info.statement},
        "help": {"text": "\n\n".join(help_text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
        "properties": {
            "tags": [info.standard.split("@")[0], info.dimension, info.level.value],
            "precision": "high",
            "problem.severity": _PROBLEM[info.severity],
        },
    }
    if info.help_uri:
        rule["helpUri"] = info.help_uri
    return rule


def _pascal(title: str) -> str:
    """A rule's SARIF `name`: its title in PascalCase, as code-scanning tools show names."""
    words = ("".join(c for c in w if c.isalnum()) for w in title.replace("-", " ").split())
    return "".join(w[:1].upper() + w[1:] for w in words)[:255] or "Rule"


def _results(result: RuleResult, subject_path: str, index: dict[str, int]) -> list[dict[str, Any]]:
    findings: list[Finding | None] = [*result.findings] or [None]
    out = []
    for f in findings:
        location = f.location if f is not None else Location(path=subject_path)
        message = f"{result.title}: {f.message}" if f is not None else result.title
        if f is not None and f.count > 1:
            message += f" ({f.count} times)"
        fp = (f.fingerprint if f is not None else None) or fingerprint(
            result.rule_id, subject_path, location
        )
        item = _result(result.rule_id, result.severity, message, location, fp, index)
        if result.waiver is not None:
            w = result.waiver
            item["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{w.reason}: {w.justification} (approved by "
                    f"{w.approver}, expires {w.expires})",
                }
            ]
        if result.baseline is not None:
            item["baselineState"] = "unchanged" if result.baseline == "known" else "new"
        if result.evidence is not None:
            # How the result is known (declared / verified / measured): a property bag entry.
            item.setdefault("properties", {})["evidence"] = result.evidence
        out.append(item)
    return out


def _result(
    rule_id: str,
    severity: Severity,
    message: str,
    location: Location,
    fp: str,
    index: dict[str, int],
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(location.path)}
    if location.line:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column:
            region["startColumn"] = location.column
        physical["region"] = region
    loc: dict[str, Any] = {"physicalLocation": physical}
    logical = _logical_name(location)
    if logical:
        loc["logicalLocations"] = [{"fullyQualifiedName": logical, "kind": "element"}]
    item: dict[str, Any] = {
        "ruleId": rule_id,
        "level": _LEVEL[severity],
        "message": {"text": message},
        "locations": [loc],
        "partialFingerprints": {FINGERPRINT_KEY: fp, "primaryLocationLineHash": fp},
    }
    if rule_id in index:
        item["ruleIndex"] = index[rule_id]
    return item


def _artifact(path: str) -> dict[str, Any]:
    """A repository-relative URI (what GitHub needs), or a file URI outside the repository."""
    rel = relative_path(path)
    if Path(rel).is_absolute():
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def _logical_name(location: Location) -> str:
    if location.pointer:
        return location.pointer
    parts = []
    if location.row is not None:
        parts.append(f"row {location.row}")
    if location.field is not None:
        parts.append(f"field {location.field}")
    if location.node is not None:
        parts.append(location.node)
    return ", ".join(parts)
