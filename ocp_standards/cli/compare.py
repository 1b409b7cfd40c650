"""`ocp compare`: a side-by-side scorecard of bids from JSON reports."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..reporters.compare import (
    render_compare_html,
    render_compare_markdown,
    render_compare_text,
    write_compare_text,
)
from ..reporters.comparison import CompareError, compare
from .common import err, out, usage_error, write_atomic


class CompareFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


RENDER = {
    CompareFormat.text: render_compare_text,
    CompareFormat.markdown: render_compare_markdown,
    CompareFormat.html: render_compare_html,
}


class EvidenceChoice(str, Enum):
    verified = "verified"
    measured = "measured"
    declared = "declared"


def compare_command(
    reports: Annotated[
        list[Path],
        typer.Argument(
            help="JSON reports written by `ocp check --format json`.", show_default=False
        ),
    ],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the comparison to this file.")
    ] = None,
    evidence: Annotated[
        EvidenceChoice | None,
        typer.Option(
            "--evidence",
            help="List only failed rules known this way (verified: a file or cross-check "
            "proves it). Verdicts, scores and ranks still count every result.",
        ),
    ] = None,
) -> None:
    """Rank bids side by side: score, level, dimension scores, failed MUSTs, what was not checked.

    Exit 0 when the comparison was written; 2 for a file that is not an ocp JSON report.
    """
    missing = [str(p) for p in reports if not p.is_file()]
    if missing:
        usage_error(f"report not found: {', '.join(missing)}")
    if output is not None and output.resolve() in {p.resolve() for p in reports}:
        usage_error(f"--output {output} would overwrite an input report")
    try:
        comparison = compare(list(reports), evidence.value if evidence else None)
    except CompareError as exc:
        usage_error(str(exc))
    if not comparison.bids:
        usage_error("the reports hold no subjects to compare")
    if output is not None:
        write_atomic(output, RENDER[fmt](comparison))
        err.print(f"wrote {fmt.value} comparison of {len(comparison.bids)} bid(s) to {output}")
    elif fmt is CompareFormat.text:
        write_compare_text(comparison, out)
    else:
        out.file.write(RENDER[fmt](comparison))
