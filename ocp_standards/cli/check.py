"""`ocp check`: check files and folders, print the scored report, exit by the gate."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..catalog.errors import CatalogError
from ..clock import AsOfError
from ..reporters import RENDERERS
from ..reporters.text import write_text
from ..runner import check as run_check
from ..sources.loader import input_files
from .common import EXIT_GATE_FAILED, EXIT_OK, err, out, usage_error, write_atomic


class AsKind(str, Enum):
    manifest = "manifest"
    dataset = "dataset"
    metadata = "metadata"
    api = "api"
    submission = "submission"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def check_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to check.", show_default=False)
    ],
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="Bundled profile name or a profile .yaml file.")
    ] = "default",
    as_kind: Annotated[
        AsKind | None,
        typer.Option(
            "--as", help="Force the kind of every input instead of detecting it from content."
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            help="Fail the gate when any subject scores below N (overrides the profile).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Fail the gate on failed rules of this severity or worse "
            "(overrides the profile; default error).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date treated as today by date rules (default: SOURCE_DATE_EPOCH, "
            "else the clock).",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules (id, id prefix or tag:NAME); repeatable."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rules (id, id prefix or tag:NAME); repeatable."),
    ] = None,
) -> None:
    """Check procurement manifests (and, as they land, datasets and APIs) against a profile.

    Exit code 0: the gate passed. 1: it failed, including inputs that cannot be read, parsed or
    recognised (each is a finding). 2: usage error.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        usage_error(f"path not found: {', '.join(missing)}")
    if output is not None:
        target = output.resolve()
        inputs = {f.resolve() for f in input_files(paths)}
        if target in inputs:
            usage_error(
                f"--output {output} would overwrite an input file",
                "write the report somewhere else",
            )
        if target.is_dir():
            usage_error(f"--output {output} is a folder; give a file name")
    try:
        report = run_check(
            paths,
            profile,
            as_kind=as_kind.value if as_kind else None,
            as_of=as_of,
            fail_on=fail_on.value if fail_on else None,
            fail_under=fail_under,
            select=select,
            ignore=ignore,
        )
    except CatalogError as exc:
        usage_error("\n  ".join(exc.problems))
    except AsOfError as exc:
        usage_error(str(exc))
    if not report.subjects:
        err.print(
            "[yellow]warning:[/] no recognised input found in " + ", ".join(str(p) for p in paths),
            markup=True,
        )
    if output is not None:
        write_atomic(output, RENDERERS[fmt.value](report))
        verdict = "passed" if report.gate.passed else "FAILED"
        err.print(
            f"wrote {fmt.value} report to {output}: {len(report.subjects)} subject(s), "
            f"mean score {report.summary.score:g}, gate {verdict}"
        )
    elif fmt is ReportFormat.text:
        write_text(report, out)
    else:
        out.file.write(RENDERERS[fmt.value](report))
    raise typer.Exit(EXIT_OK if report.gate.passed else EXIT_GATE_FAILED)
