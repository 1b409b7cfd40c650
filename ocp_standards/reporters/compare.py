"""Render a bid comparison (compare.py) as text, Markdown or HTML; no ranking happens here."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from .comparison import Comparison, as_rows
from .html import environment, fmt
from .markdown import md_escape


def _score(value: float | None) -> str:
    return fmt(value)


def _verdict(row: dict) -> str:
    return "qualified" if row["qualified"] else "DISQUALIFIED"


def _ids(ids: list[str], limit: int = 6) -> str:
    if not ids:
        return "—"
    more = f" +{len(ids) - limit}" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _evidence(counts: dict[str, int]) -> str:
    """How the passed and failed results are known: `7 verified · 40 measured · 39 declared`."""
    return " · ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "—"


def scorecard(comparison: Comparison) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The side-by-side table: one column per bid (best first), one row per measure."""
    rows = as_rows(comparison)
    header = [f"#{r['rank']} {r['name']}" for r in rows]
    body: list[tuple[str, list[str]]] = [
        ("Verdict", [_verdict(r) for r in rows]),
        ("Score", [_score(r["score"]) for r in rows]),
        ("Level", [r["level"] for r in rows]),
    ]
    for i, (_, title) in enumerate(comparison.dimensions):
        body.append((title, [_score(r["dimensions"][i]) for r in rows]))
    body += [
        ("Failed MUSTs", [_ids(r["failed_musts"]) for r in rows]),
        ("Failed SHOULDs", [str(len(r["failed_shoulds"])) for r in rows]),
        ("Could not be checked", [str(len(r["unsure"])) for r in rows]),
        ("Results known by", [_evidence(r["evidence"]) for r in rows]),
        ("Not applicable", [str(r["inapplicable"]) for r in rows]),
    ]
    return header, body


RANKING = (
    "Ranking: a bid failing a MUST ranks below every bid that passes them all; then the higher "
    "level, then the higher score. Rules that could not be checked count neither for nor "
    "against a bid."
)


def render_compare_text(comparison: Comparison, width: int = 120) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    write_compare_text(comparison, console)
    return buffer.getvalue()


def write_compare_text(comparison: Comparison, console: Console) -> None:
    header, body = scorecard(comparison)
    rows = as_rows(comparison)
    table = Table(title="Bid comparison", title_justify="left", header_style="bold")
    table.add_column("")
    for name, row in zip(header, rows, strict=True):
        table.add_column(name, style=None if row["qualified"] else "red", overflow="fold")
    for label, cells in body:
        table.add_row(label, *cells)
    console.print(table)
    console.print(RANKING)
    for note in comparison.notes:
        console.print(f"Note: {note}", style="yellow")


def render_compare_markdown(comparison: Comparison) -> str:
    header, body = scorecard(comparison)
    lines = [
        "## Bid comparison",
        "",
        f"Profile {', '.join(comparison.profiles)} · as of {', '.join(comparison.as_of)}",
        "",
        "| | " + " | ".join(f"**{md_escape(h)}**" for h in header) + " |",
        "|---|" + "---|" * len(header),
    ]
    for label, cells in body:
        lines.append(f"| {md_escape(label)} | " + " | ".join(md_escape(c) for c in cells) + " |")
    lines += ["", RANKING]
    for note in comparison.notes:
        lines.append(f"\n> ⚠️ {md_escape(note)}")
    return "\n".join(lines) + "\n"


def render_compare_html(comparison: Comparison) -> str:
    header, body = scorecard(comparison)
    return (
        environment()
        .get_template("compare.html.j2")
        .render(
            comparison=comparison,
            rows=as_rows(comparison),
            header=header,
            body=body,
            ranking=RANKING,
        )
    )
