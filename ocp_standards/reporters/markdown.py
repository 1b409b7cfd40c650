"""Markdown for a pull-request comment: the verdict and what to fix first, details collapsed.

Stays under GitHub's comment limit (65,536 characters): when the details would not fit, they are
cut per subject with a note pointing at the full report.
"""

from __future__ import annotations

from ..gate.verdict import blocks_gate
from ..model.outcome import Level, Outcome, Severity
from ..model.report import Report, RuleResult, SubjectReport

#: GitHub refuses longer comments; keep a margin for the CI's own wrapper text.
MAX_CHARS = 60_000
MAX_FINDINGS = 5
_SEVERITY_HEADINGS = {
    Severity.ERROR: "Failed requirements (MUST)",
    Severity.WARNING: "Failed recommendations (SHOULD)",
    Severity.INFO: "Failed options (MAY)",
}


def md_escape(text: str) -> str:
    """Escape what would break a table cell or start markup in a one-line value."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(out.split())


def render_markdown(report: Report) -> str:
    head = _summary(report)
    details = [_details(s) for s in report.subjects]
    body = head + "".join(details)
    if len(body) > MAX_CHARS:
        budget = max(0, MAX_CHARS - len(head)) // max(1, len(details))
        cut = "\n_… cut to fit a comment; see the HTML or JSON report for everything._\n\n"
        details = [d if len(d) <= budget else d[: max(0, budget - len(cut))] + cut for d in details]
        body = head + "".join(details)
    return body + _footer(report)


def _failed_musts(subject: SubjectReport) -> list[RuleResult]:
    return [r for r in subject.results if r.outcome is Outcome.FAILED and r.level is Level.MUST]


def _summary(report: Report) -> str:
    gate = report.gate
    verdict = "✅ gate passed" if gate.passed else "❌ gate FAILED"
    stds = ", ".join(f"{s.id} {s.version}" for s in report.standards)
    lines = [
        f"## OCP check: {verdict}",
        "",
        f"Profile **{md_escape(report.profile.id)}** · {stds} · as of {report.as_of} · "
        f"mean score **{report.summary.score:g}** · lowest level **{report.summary.level_title}**",
    ]
    if report.draft:
        lines += ["", "> ⚠️ A standard version used is an unreleased **draft**."]
    lines += [
        "",
        "| subject | score | level | failed MUSTs | failed SHOULDs | could not check |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for s in report.subjects:
        musts = _failed_musts(s)
        shoulds = [r for r in s.results if r.outcome is Outcome.FAILED and r.level is Level.SHOULD]
        unsure = s.counts.cantTell + s.counts.untested
        lines.append(
            f"| `{md_escape(s.path)}` | {s.score:g} | {s.level_title} | {len(musts)} | "
            f"{len(shoulds)} | {unsure} |"
        )
    if not gate.passed:
        lines += ["", "**Why the gate failed:**", ""]
        lines += [f"- {md_escape(r)}" for r in gate.reasons[:20]]
        if len(gate.reasons) > 20:
            lines.append(f"- … and {len(gate.reasons) - 20} more")
    blocking = [(s, r) for s in report.subjects for r in _failed_musts(s) if blocks_gate(r)]
    if blocking:
        lines += ["", "**Failed MUSTs:**", ""]
        for subj, r in blocking[:15]:
            lines.append(f"- `{r.rule_id}` {md_escape(r.title)} — `{md_escape(subj.path)}`")
        if len(blocking) > 15:
            lines.append(f"- … and {len(blocking) - 15} more")
    fixes = [(s, f) for s in report.subjects for f in s.top_fixes]
    if fixes:
        fixes.sort(key=lambda sf: (not sf[1].blocks_level, -sf[1].gain))
        lines += ["", "**Fixes worth the most:**", ""]
        for s, f in fixes[:5]:
            flag = " · required for the next level" if f.blocks_level else ""
            lines.append(
                f"- `{f.rule_id}` {md_escape(f.title)} (+{f.gain:g}{flag}) — `{md_escape(s.path)}`"
            )
    extras = _extras(report)
    return "\n".join(lines + extras) + "\n\n"


def _extras(report: Report) -> list[str]:
    lines: list[str] = []
    waived = sum(1 for s in report.subjects for r in s.results if r.waiver is not None)
    if report.waivers is not None:
        lines += ["", f"**Waivers** ({md_escape(report.waivers.file)}): {waived} failure(s) waived"]
        for p in report.waivers.problems:
            lines.append(f"- `{p.rule_id}` {md_escape(p.message)}")
    if report.baseline is not None:
        b = report.baseline
        lines += [
            "",
            f"**Baseline** ({md_escape(b.file)}): {b.new} new failure(s), {b.known} known, "
            f"{len(b.fixed)} fixed",
        ]
        for e in b.fixed[:10]:
            lines.append(f"- fixed: `{e.rule_id}` in `{md_escape(e.path)}`")
    return lines


def _details(subject: SubjectReport) -> str:
    failed = [r for r in subject.results if r.outcome is Outcome.FAILED]
    lines = [
        "<details>",
        f"<summary>Details: <code>{md_escape(subject.path)}</code> — {subject.score:g}, "
        f"{subject.level_title}, {len(failed)} failed</summary>",
        "",
    ]
    if subject.dimensions:
        lines += ["| dimension | score | passed | failed |", "|---|---:|---:|---:|"]
        for d in subject.dimensions:
            score = "n/a" if d.score is None else f"{d.score:g}"
            lines.append(f"| {md_escape(d.title)} | {score} | {d.passed} | {d.failed} |")
        lines.append("")
    for severity, heading in _SEVERITY_HEADINGS.items():
        group = [r for r in failed if r.severity is severity]
        if not group:
            continue
        lines += [f"#### {heading}", ""]
        for r in group:
            evidence = f" _({r.evidence})_" if r.evidence else ""
            lines.append(f"- **`{r.rule_id}`** {md_escape(r.title)}{evidence}{_status(r)}")
            for f in r.findings[:MAX_FINDINGS]:
                where = f"line {f.location.line}: " if f.location.line else ""
                lines.append(f"  - {where}{md_escape(f.message)}")
            if len(r.findings) > MAX_FINDINGS:
                lines.append(f"  - … and {len(r.findings) - MAX_FINDINGS} more")
            if r.remediation:
                lines.append(f"  - _Fix:_ {md_escape(r.remediation)}")
        lines.append("")
    unsure = [r for r in subject.results if r.outcome in (Outcome.CANT_TELL, Outcome.UNTESTED)]
    if unsure:
        lines += ["#### Could not be checked (not counted as failures)", ""]
        for r in unsure[:20]:
            lines.append(f"- `{r.rule_id}` {md_escape(r.title)}: {md_escape(r.reason or '')}")
        if len(unsure) > 20:
            lines.append(f"- … and {len(unsure) - 20} more")
        lines.append("")
    lines += ["</details>", "", ""]
    return "\n".join(lines)


def _status(r: RuleResult) -> str:
    if r.waiver is not None:
        return f" — _waived ({r.waiver.reason}) until {r.waiver.expires}_"
    if r.baseline == "known":
        return " — _known (baseline)_"
    if r.baseline == "new":
        return " — **new**"
    return ""


def _footer(report: Report) -> str:
    return (
        f"<sub>ocp-standards {report.tool.version} · profile {md_escape(report.profile.id)} · "
        f"score formula: {md_escape(report.scoring.formula)}</sub>\n"
    )
