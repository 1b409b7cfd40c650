"""The terminal report, written for a procurement officer rather than an engineer."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model.outcome import Outcome, Severity
from ..model.report import Report, RuleResult, SubjectReport

_SEVERITY_HEADINGS = {
    Severity.ERROR: ("Failed requirements (MUST — errors)", "red"),
    Severity.WARNING: ("Failed recommendations (SHOULD — warnings)", "yellow"),
    Severity.INFO: ("Failed options (MAY — information)", "blue"),
}
#: Findings shown per rule before "and N more".
MAX_FINDINGS = 5


def render_text(report: Report, width: int = 100) -> str:
    """Plain text (no colour codes), e.g. for --output report.txt."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    write_text(report, console)
    return buffer.getvalue()


def write_text(report: Report, console: Console) -> None:
    console.print(_header(report))
    for subject in report.subjects:
        console.print(_subject(subject))
    console.print(_footer(report))


def _header(report: Report) -> Group:
    lines = [
        Text.assemble(
            ("OCP conformance report", "bold"),
            f" — profile {report.profile.id} ({report.profile.title})",
        ),
    ]
    stds = ", ".join(
        f"{s.id} {s.version} ({s.status}{', ' + s.digest[:19] + '…' if s.digest else ''})"
        for s in report.standards
    )
    lines.append(Text(f"Standards: {stds}"))
    lines.append(Text(f"As of {report.as_of} · ocp-standards {report.tool.version}"))
    if report.draft:
        lines.append(
            Text(
                "DRAFT: at least one standard version used is an unreleased draft; "
                "results may change before release.",
                style="bold yellow",
            )
        )
    return Group(*lines, Text(""))


def _score_line(subject: SubjectReport) -> Text:
    style = "green" if subject.counts.failed == 0 else "yellow"
    if subject.level in ("non-conformant",):
        style = "red"
    return Text.assemble(
        ("Score ", "bold"),
        (f"{subject.score:g}/100", f"bold {style}"),
        ("   Level ", "bold"),
        (subject.level_title, f"bold {style}"),
        f"   ({subject.counts.passed} passed, {subject.counts.failed} failed, "
        f"{subject.counts.inapplicable} not applicable, "
        f"{subject.counts.cantTell + subject.counts.untested} could not be checked)",
    )


def _location(result_finding_line: int | None, pointer: str | None) -> str:
    if result_finding_line:
        return f"line {result_finding_line}"
    return ""


def _failures(results: list[RuleResult], severity: Severity) -> Table | None:
    failed = [r for r in results if r.outcome is Outcome.FAILED and r.severity is severity]
    if not failed:
        return None
    heading, style = _SEVERITY_HEADINGS[severity]
    table = Table(
        title=heading,
        title_style=f"bold {style}",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
        expand=True,
    )
    table.add_column("rule", style=style, no_wrap=True)
    table.add_column("what")
    for r in failed:
        body = Text(r.title, style="bold")
        if r.evidence is not None:
            body.append(f"  ({r.evidence})", style="dim")
        if r.waiver is not None:
            body.append(
                f"  [waived: {r.waiver.reason} until {r.waiver.expires}, {r.waiver.approver}]",
                style="dim",
            )
        elif r.baseline == "known":
            body.append("  [known: in the baseline]", style="dim")
        elif r.baseline == "new":
            body.append("  [new]", style="bold")
        shown = r.findings[:MAX_FINDINGS]
        for f in shown:
            where = _location(f.location.line, f.location.pointer)
            body.append("\n  • ")
            if where:
                body.append(f"{where}: ", style="dim")
            body.append(f.message)
            if f.count > 1:
                body.append(f" ({f.count} times)")
        if len(r.findings) > MAX_FINDINGS:
            body.append(f"\n  … and {len(r.findings) - MAX_FINDINGS} more")
        if r.remediation:
            body.append("\n  Fix: ", style="italic")
            body.append(r.remediation, style="italic")
        table.add_row(r.rule_id, body)
    return table


def _rollup(subject: SubjectReport) -> list[RenderableType]:
    """A catalogue's datasets at a glance: bands, worst datasets, most common failures."""
    ru = subject.rollup
    if ru is None:
        return []
    bands = " · ".join(f"{band}: {n}" for band, n in ru.score_bands.items())
    mean = f"mean score {ru.mean_score:g}" if ru.mean_score is not None else "no datasets"
    parts: list[RenderableType] = [
        Text(""),
        Text(f"Catalogue: {ru.datasets} dataset(s), {mean}", style="bold"),
        Text(f"  Score bands  {bands}"),
        Text("  Levels       " + " · ".join(f"{k}: {v}" for k, v in ru.levels.items())),
    ]
    if ru.worst:
        parts.append(Text("  Worst datasets", style="bold"))
        for w in ru.worst:
            where = w.path.rsplit("#", 1)[-1]
            parts.append(Text(f"    {w.score:>5g}  {w.title or where}  (#{where})"))
    if ru.common_failures:
        parts.append(Text("  Most common failures", style="bold"))
        for f in ru.common_failures:
            parts.append(Text(f"    {f.datasets:>4} × {f.rule_id} {f.title}"))
    return parts


def _bid(subject: SubjectReport) -> list[RenderableType]:
    """A submission's whole bid in one line: the score above covers its cross-checks only."""
    bid = subject.bid
    if bid is None:
        return []
    musts = f"{bid.failed_errors} failed error-level rule(s)" if bid.failed_errors else "no errors"
    return [
        Text(
            f"Whole bid: {bid.parts} part(s) · mean score {bid.mean_score:g} · lowest level "
            f"{bid.lowest_level_title} · {musts}",
            style="bold",
        ),
        Text(
            "(the score above is the cross-checks of the manifest's claims; each part follows)",
            style="dim",
        ),
    ]


def _subject(subject: SubjectReport) -> Panel:
    parts: list[RenderableType] = [_score_line(subject), *_rollup(subject), *_bid(subject)]
    for key in ("reader", "table_schema"):  # how a table was read or judged, when not the usual
        if isinstance(subject.metadata.get(key), str):
            parts.append(
                Text(
                    f"  {key.replace('_', ' ').capitalize()}: {subject.metadata[key]}", style="dim"
                )
            )
    if subject.dimensions:
        dims = Table(show_edge=False, box=None, padding=(0, 2), header_style="bold")
        dims.add_column("Dimension")
        dims.add_column("Score", justify="right")
        dims.add_column("Passed", justify="right")
        dims.add_column("Failed", justify="right")
        assessed = [d for d in subject.dimensions if d.score is not None]
        for d in assessed:
            dims.add_row(d.title, f"{d.score:g}", str(d.passed), str(d.failed))
        parts += [Text(""), dims] if assessed else []
        unassessed = [d.title for d in subject.dimensions if d.score is None]
        if unassessed:
            # A list of n/a rows reads like a result; one line says what it is.
            parts.append(Text(f"  Not assessed: {', '.join(unassessed)}", style="dim"))
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        table = _failures(subject.results, severity)
        if table is not None:
            parts += [Text(""), table]
    unsure = [r for r in subject.results if r.outcome in (Outcome.CANT_TELL, Outcome.UNTESTED)]
    if unsure:
        parts += [Text(""), Text("Could not be checked (not counted as failures)", style="bold")]
        if all(r.outcome is Outcome.UNTESTED for r in unsure) and len(unsure) > 3:
            reason = unsure[0].reason or ""
            parts.append(Text(f"  {len(unsure)} rules untested: {reason}"))
        else:
            for r in unsure:
                parts.append(Text(f"  {r.rule_id} {r.title}: {r.outcome.value} — {r.reason or ''}"))
    if subject.upcoming:
        # Rules a newer released version adds or tightens: a heads-up, never a failure.
        parts += [
            Text(""),
            Text(
                "Upcoming (would fail under a newer released version or an announced rule; "
                "not counted)",
                style="bold yellow",
            ),
        ]
        for u in subject.upcoming:
            first = f": {u.findings[0].message}" if u.findings else ""
            where = f"announced in {u.standard}" if u.change == "announced" else u.standard
            parts.append(Text(f"  {u.rule_id} ({where}) {u.title}{first}", style="yellow"))
    na = [r.rule_id for r in subject.results if r.outcome is Outcome.INAPPLICABLE]
    if na:
        parts += [
            Text(""),
            Text(f"Not applicable to this submission: {', '.join(na)}", style="dim"),
        ]
    if subject.next_level is not None:
        nl = subject.next_level
        need = []
        if nl.score_needed > 0:
            need.append(f"{nl.score_needed:g} more points")
        if nl.blocking_rules:
            need.append("passing " + ", ".join(nl.blocking_rules))
        parts += [
            Text(""),
            Text.assemble(
                ("Next level: ", "bold"),
                f"{nl.title} — needs " + (" and ".join(need) or "nothing more"),
            ),
        ]
    if subject.top_fixes:
        parts.append(Text("Fixes worth the most:", style="bold"))
        for fix in subject.top_fixes:
            flag = " (required for the next level)" if fix.blocks_level else ""
            parts.append(Text(f"  +{fix.gain:g}  {fix.rule_id} {fix.title}{flag}"))
    title = subject.path + (f" — {subject.title}" if subject.title else "")
    return Panel(Group(*parts), title=f"{title} [{subject.kind.value}]", title_align="left")


def _footer(report: Report) -> Group:
    s = report.summary
    lines = [
        Text.assemble(
            ("Summary: ", "bold"),
            f"{s.subjects} subject(s) · mean score {s.score:g} · lowest level {s.level_title} · "
            f"{s.counts.passed} passed, {s.counts.failed} failed, "
            f"{s.counts.inapplicable} not applicable, "
            f"{s.counts.cantTell + s.counts.untested} not checked",
        )
    ]
    if report.waivers is not None:
        w = report.waivers
        lines.append(Text(f"Waivers ({w.file}): {w.applied} failure(s) waived"))
        for p in w.problems:
            style = "red" if p.severity is Severity.ERROR else "yellow"
            lines.append(Text(f"  {p.rule_id} {p.message}", style=style))
    if report.baseline is not None:
        b = report.baseline
        lines.append(
            Text(
                f"Baseline ({b.file}): {b.new} new failure(s), {b.known} known, "
                f"{len(b.fixed)} fixed"
            )
        )
        for e in b.fixed:
            lines.append(Text(f"  fixed: {e.rule_id} in {e.path}", style="green"))
    gate = report.gate
    bar = f"fail on {gate.fail_on}" + (
        f", fail under {gate.fail_under:g}" if gate.fail_under is not None else ""
    )
    if gate.passed:
        lines.append(Text(f"Gate PASSED ({bar})", style="bold green"))
    else:
        lines.append(Text(f"Gate FAILED ({bar})", style="bold red"))
        for reason in gate.reasons:
            lines.append(Text(f"  {reason}", style="red"))
    return Group(*lines)
