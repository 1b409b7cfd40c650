"""`ocp baseline create`: record today's failures so only new ones fail the gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..gate.baseline import create_baseline
from .check import AsKind, build_options, check_outputs, load_run_config, run
from .check import OutputSpec as _Spec
from .common import err, usage_error, write_atomic

baseline_app = typer.Typer(
    help="Baselines: adopt the standards gradually; only new failures fail the gate.",
    no_args_is_help=True,
)


@baseline_app.command("create", no_args_is_help=True)
def create_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to check.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Baseline file to write (overwritten).")
    ] = Path("ocp-baseline.json"),
    profile: Annotated[
        str | None, typer.Option("--profile", "-p", help="Profile (default: from config).")
    ] = None,
    as_kind: Annotated[
        AsKind | None, typer.Option("--as", help="Force the kind of inputs.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date treated as today.")] = None,
    select: Annotated[list[str] | None, typer.Option("--select")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Check PATHs and record every failure by its logical fingerprint (not its line).

    Exit 0 when the baseline was written, whatever it holds; 2 for usage errors.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        usage_error(f"path not found: {', '.join(missing)}")
    check_outputs([_Spec("json", output)], paths)
    cfg = load_run_config(paths, config, no_config)
    options = build_options(
        paths,
        cfg,
        profile=profile,
        as_kind=as_kind,
        as_of=as_of,
        fail_on=None,
        fail_under=None,
        select=select,
        ignore=ignore,
        waivers=None,
        baseline=None,
        use_baseline=False,  # a new baseline records everything, not what an old one excused
    )
    report = run(paths, options, quiet=quiet)
    text = create_baseline(report, cfg.root)
    write_atomic(output, text)
    if not quiet:
        failed = sum(1 for s in report.subjects for r in s.results if r.outcome.value == "failed")
        err.print(
            f"wrote baseline {output}: {failed} failed rule result(s) in "
            f"{len(report.subjects)} subject(s)",
            markup=False,
            highlight=False,
        )
