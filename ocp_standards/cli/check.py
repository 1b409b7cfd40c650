"""`ocp check`: check files and folders, write the scored report(s), exit by the gate."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..catalog.errors import CatalogError
from ..engine.parallel import AUTO_MIN_FILES, default_workers
from ..engine.report import Progress as ProgressCallback
from ..gate.baseline import BaselineError
from ..gate.waivers import WaiverFileError
from ..model.report import Report
from ..reporters import RENDERERS
from ..reporters.text import write_text
from ..runner import check as run_check
from ..settings import limits
from ..settings.clock import AsOfError
from ..settings.config import Config, ConfigError, discover
from ..settings.network import NetworkPolicy
from ..settings.options import OptionsError, RunOptions, config_limits
from ..sources import net
from ..sources.loader import input_files
from .common import EXIT_GATE_FAILED, EXIT_OK, err, out, usage_error, write_atomic

#: Runs over at least this many files show a progress bar (on a terminal, unless --quiet).
PROGRESS_MIN_FILES = 20


class AsKind(str, Enum):
    manifest = "manifest"
    dataset = "dataset"
    metadata = "metadata"
    api = "api"
    submission = "submission"


ReportFormat = Enum("ReportFormat", {name: name for name in RENDERERS}, type=str)  # type: ignore[misc]


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@dataclass(frozen=True)
class OutputSpec:
    fmt: str
    path: Path
    #: Given as plain FILE, so --format named this file's format rather than the terminal's.
    plain: bool = False


def parse_outputs(values: list[str], default_fmt: str) -> list[OutputSpec]:
    """`--output FORMAT=FILE` (repeatable) or `--output FILE` (in --format's format)."""
    specs = []
    for value in values:
        fmt, sep, rest = value.partition("=")
        if sep and fmt in RENDERERS and rest:
            specs.append(OutputSpec(fmt, Path(rest)))
        elif sep and fmt and "/" not in fmt and "." not in fmt and fmt not in RENDERERS:
            usage_error(
                f"--output {value}: unknown format {fmt!r}",
                f"formats: {', '.join(RENDERERS)}",
            )
        else:
            specs.append(OutputSpec(default_fmt, Path(value), plain=True))
    targets = [s.path.resolve() for s in specs]
    dupes = sorted({str(t) for t in targets if targets.count(t) > 1})
    if dupes:
        usage_error(f"--output names the same file twice: {', '.join(dupes)}")
    return specs


def check_outputs(specs: list[OutputSpec], paths: list[Path]) -> None:
    inputs = {f.resolve() for f in input_files(paths)}
    for spec in specs:
        target = spec.path.resolve()
        if target in inputs:
            usage_error(
                f"--output {spec.path} would overwrite an input file",
                "write the report somewhere else",
            )
        if target.is_dir():
            usage_error(f"--output {spec.path} is a folder; give a file name")


def resolve_limits(
    cfg: Config,
    *,
    max_file_size: str | None,
    max_table_size: str | None,
    max_rows: int | None,
    max_depth: int | None,
    max_archive_ratio: float | None,
) -> limits.Limits:
    """The run's limits: defaults < OCP_MAX_FILE_BYTES < config file < command line; a bad size
    is a usage error."""

    def size(option: str, value: str | None) -> int | None:
        if value is None:
            return None
        try:
            return limits.parse_size(value)
        except ValueError as exc:
            usage_error(f"{option}: {exc}")

    try:
        configured = config_limits(cfg)
    except ConfigError as exc:
        usage_error(str(exc))
    return configured.but(
        max_file_bytes=size("--max-file-size", max_file_size),
        max_table_bytes=size("--max-table-size", max_table_size),
        max_rows=max_rows,
        max_depth=max_depth,
        max_archive_ratio=max_archive_ratio,
    )


def load_run_config(paths: list[Path], config: Path | None, no_config: bool) -> Config:
    if config is not None and not config.is_file():
        usage_error(f"--config {config}: file not found")
    try:
        return discover(paths, config, enabled=not no_config)
    except ConfigError as exc:
        usage_error(str(exc))


@contextmanager
def progress_bar(total_files: int, quiet: bool) -> Iterator[ProgressCallback | None]:
    """A transient rich bar on stderr for long runs; nothing when piped, in CI logs or quiet."""
    if quiet or total_files < PROGRESS_MIN_FILES or not err.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("check", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def build_options(
    paths: Sequence[Path | str],
    cfg: Config,
    *,
    profile: str | None,
    as_kind: AsKind | None,
    as_of: str | None,
    fail_on: FailOn | None,
    fail_under: float | None,
    select: list[str] | None,
    ignore: list[str] | None,
    waivers: Path | None,
    baseline: Path | None,
    use_baseline: bool = True,
    workers: int | None = None,
    network: NetworkPolicy | None = None,
    check_timeout: float | None = None,
    run_limits: limits.Limits | None = None,
) -> RunOptions:
    """The run's RunOptions: profile < config (< environment) < command line; the files the
    run uses are read here. Any problem with them is a usage error (exit 2)."""
    if not use_baseline:  # the config's baseline is not even read
        cfg = replace(cfg, settings=cfg.settings.model_copy(update={"baseline": None}))
        baseline = None
    s = cfg.settings
    waivers_file = str(waivers) if waivers is not None else cfg.resolve(s.waivers)
    baseline_file = str(baseline) if baseline is not None else cfg.resolve(s.baseline)
    for label, file in (("waivers", waivers_file), ("baseline", baseline_file)):
        if file is not None and not Path(file).is_file():
            usage_error(f"{label} file not found: {file}")
    jobs = workers if workers is not None else default_workers(len(input_files(paths)))
    try:
        options = RunOptions.from_config(
            cfg,
            profile=profile,
            as_kind=as_kind.value if as_kind else None,
            as_of=as_of,
            fail_on=fail_on.value if fail_on else None,
            fail_under=fail_under,
            select=select or None,
            ignore=ignore or None,
            waivers=waivers_file,
            baseline=baseline_file,
            workers=jobs,
            network=network,
            check_timeout=check_timeout,
            limits=run_limits,
        )
    except CatalogError as exc:
        usage_error("\n  ".join(exc.problems))
    except (AsOfError, OptionsError, ConfigError, WaiverFileError, BaselineError) as exc:
        usage_error(str(exc))
    return options


def run(paths: Sequence[Path | str], options: RunOptions, *, quiet: bool) -> Report:
    """Run the check with a progress bar on long runs; problems become usage errors."""
    files = len(input_files(paths))
    with progress_bar(files if not quiet else 0, quiet) as progress:
        try:
            return run_check(paths, options, progress=progress)
        except CatalogError as exc:
            usage_error("\n  ".join(exc.problems))
        except (AsOfError, OptionsError, WaiverFileError, BaselineError) as exc:
            usage_error(str(exc))


def check_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to check.", show_default=False)
    ],
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            help="Bundled profile name or a profile .yaml file (default: from config, "
            "else 'default').",
        ),
    ] = None,
    as_kind: Annotated[
        AsKind | None,
        typer.Option(
            "--as", help="Force the kind of every input instead of detecting it from content."
        ),
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", "-f", help="Report format on the terminal (default text)."),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a report to a file: FORMAT=FILE (repeatable, e.g. sarif=ocp.sarif), "
            "or FILE in the --format format.",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            help="Fail the gate when any subject scores below N (overrides profile and config).",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Fail the gate on failed rules of this severity or worse "
            "(overrides profile and config; default error).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date treated as today by date rules and waiver expiry (default: "
            "SOURCE_DATE_EPOCH, else the clock).",
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
    waivers: Annotated[
        Path | None,
        typer.Option("--waivers", help="Waivers file (YAML): reviewed exceptions with expiry."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Baseline file: only failures not recorded in it fail."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Config file (default: nearest ocp.toml / pyproject.toml)."),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Ignore ocp.toml and [tool.ocp] files.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar and no messages on stderr."),
    ] = False,
    online: Annotated[
        bool,
        typer.Option(
            "--online",
            help="Allow fetching URLs (spec URLs, remote $refs) with timeouts and size caps. "
            "Off by default: no network, no DNS.",
        ),
    ] = False,
    allow_private_network: Annotated[
        bool,
        typer.Option(
            "--allow-private-network",
            help="With --online, also fetch from private, loopback and link-local addresses.",
        ),
    ] = False,
    check_timeout: Annotated[
        float | None,
        typer.Option(
            "--check-timeout",
            min=0,
            help="Seconds one check may run before it is stopped and reported as could-not-tell "
            "(default: OCP_CHECK_TIMEOUT, else 120; 0 disables).",
        ),
    ] = None,
    max_file_size: Annotated[
        str | None,
        typer.Option(
            "--max-file-size",
            help="Largest document, spec or manifest read (e.g. 64MiB, the default).",
            rich_help_panel="Limits",
        ),
    ] = None,
    max_table_size: Annotated[
        str | None,
        typer.Option(
            "--max-table-size",
            help="Largest table file read (default 16GiB; tables are streamed).",
            rich_help_panel="Limits",
        ),
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(
            "--max-rows",
            min=1,
            help="Most data rows of one table (default 100,000,000).",
            rich_help_panel="Limits",
        ),
    ] = None,
    max_depth: Annotated[
        int | None,
        typer.Option(
            "--max-depth",
            min=1,
            help="Deepest nesting of a JSON/YAML document (default 256).",
            rich_help_panel="Limits",
        ),
    ] = None,
    max_archive_ratio: Annotated[
        float | None,
        typer.Option(
            "--max-archive-ratio",
            min=1,
            help="Largest expansion of one zip entry, uncompressed/compressed (default 200).",
            rich_help_panel="Limits",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-j",
            min=1,
            help="Processes that check the inputs in parallel (default: the number of cores "
            f"when there are at least {AUTO_MIN_FILES} input files, else 1). The report is the "
            "same for any number.",
        ),
    ] = None,
) -> None:
    """Check procurement manifests, datasets and APIs against a profile.

    Exit code 0: the gate passed. 1: it failed, including inputs that cannot be read, parsed or
    recognised (each is a finding). 2: usage error.
    """
    # Typer hands URLs over as Paths ("https:/host/x"); give them back their scheme.
    urls = [
        re.sub(r"^(https?):/+", r"\1://", str(p))
        for p in paths
        if re.match(r"^https?:/", str(p), re.I)
    ]
    paths = [p for p in paths if not re.match(r"^https?:/", str(p), re.I)]
    if urls and not online:
        usage_error(
            f"{', '.join(net.redact(u) for u in urls)}: URLs are fetched only with --online"
        )
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        usage_error(f"path not found: {', '.join(missing)}")
    terminal_fmt = fmt.value if fmt is not None else "text"
    specs = parse_outputs(output or [], terminal_fmt)
    check_outputs(specs, paths)
    cfg = load_run_config(paths, config, no_config)
    policy = NetworkPolicy(online=online, allow_private=allow_private_network)
    run_limits = resolve_limits(
        cfg,
        max_file_size=max_file_size,
        max_table_size=max_table_size,
        max_rows=max_rows,
        max_depth=max_depth,
        max_archive_ratio=max_archive_ratio,
    )
    options = build_options(
        [*paths, *urls],
        cfg,
        profile=profile,
        as_kind=as_kind,
        as_of=as_of,
        fail_on=fail_on,
        fail_under=fail_under,
        select=select,
        ignore=ignore,
        waivers=waivers,
        baseline=baseline,
        workers=workers,
        network=policy,
        check_timeout=check_timeout,
        run_limits=run_limits,
    )
    report = run([*paths, *urls], options, quiet=quiet)
    if not report.subjects and not quiet:
        err.print(
            "[yellow]warning:[/] no recognised input found in " + ", ".join(str(p) for p in paths),
            markup=True,
        )
    verdict = "passed" if report.gate.passed else "FAILED"
    for spec in specs:
        write_atomic(spec.path, RENDERERS[spec.fmt](report))
        if not quiet:
            err.print(
                f"wrote {spec.fmt} report to {spec.path}: {len(report.subjects)} subject(s), "
                f"mean score {report.summary.score:g}, gate {verdict}",
                highlight=False,
                markup=False,
            )
    # With --output only, the terminal stays quiet (CI logs); --format with FORMAT=FILE outputs
    # still prints to the terminal, but `--format json --output FILE` means the file's format.
    if not specs or (fmt is not None and not any(s.plain for s in specs)):
        if terminal_fmt == "text":
            write_text(report, out)
        else:
            out.file.write(RENDERERS[terminal_fmt](report))
            out.file.flush()
    raise typer.Exit(EXIT_OK if report.gate.passed else EXIT_GATE_FAILED)
