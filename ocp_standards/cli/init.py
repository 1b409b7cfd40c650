"""`ocp init`: write a commented starter ocp.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..catalog.errors import CatalogError
from ..catalog.loader import default_catalog
from ..settings.config import CONFIG_NAME, starter_config
from .common import err, usage_error, write_atomic


def init_command(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write ocp.toml in.", show_default="current folder")
    ] = Path("."),
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="Bundled profile the config starts from.")
    ] = "default",
) -> None:
    """Write a commented starter ocp.toml; never overwrites an existing one (exit 2)."""
    target = folder / CONFIG_NAME
    if target.exists():
        usage_error(f"{target} already exists; edit it, or delete it first")
    if not folder.is_dir():
        usage_error(f"{folder} is not a folder")
    try:
        default_catalog().profile(profile)
    except CatalogError as exc:
        usage_error("\n  ".join(exc.problems))
    write_atomic(target, starter_config(profile))
    err.print(f"wrote {target}", markup=False, highlight=False)
