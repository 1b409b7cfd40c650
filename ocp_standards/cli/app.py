"""Entry point of `ocp`. Usage problems exit 2 with a message; no user action shows a traceback."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from .._version import __version__
from . import authoring  # noqa: F401  (registers the committee's `ocp standards` commands)
from .baseline import baseline_app
from .catalog_cmds import profiles_app, rules_app, standards_app
from .check import check_command
from .common import EXIT_USAGE, err
from .compare import compare_command
from .docs_cmds import docs_app
from .init import init_command

app = typer.Typer(
    name="ocp",
    help="Check datasets, vendor APIs and procurement manifests against the Open City Platform "
    "standards, and score them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("check", no_args_is_help=True)(check_command)
app.add_typer(standards_app, name="standards")
app.add_typer(rules_app, name="rules")
app.add_typer(profiles_app, name="profiles")
app.add_typer(docs_app, name="docs")
app.command("compare", no_args_is_help=True)(compare_command)
app.add_typer(baseline_app, name="baseline")
app.command("init")(init_command)


def _version(value: bool) -> None:
    if value:
        print(f"ocp-standards {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """ocp: the Open City Platform standards checker."""


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # last resort: a bug, reported briefly; OCP_DEBUG=1 shows it all
        if os.environ.get("OCP_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}", markup=True)
        err.print("This is a bug in ocp-standards; rerun with OCP_DEBUG=1 for details.")
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
