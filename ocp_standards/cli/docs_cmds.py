"""`ocp docs build`: write docs/rules/ from the rule files (one page per rule, an index and a
changelog per standard)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..catalog.errors import CatalogError
from ..catalog.loader import default_catalog, load_catalog
from ..committee.docs_gen import default_target, generate, stale, write_pages
from .common import EXIT_GATE_FAILED, out, usage_error

docs_app = typer.Typer(help="Generate the rule documentation.", no_args_is_help=True)


@docs_app.command("build")
def docs_build(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder to write (default: docs/rules of the checkout)."
        ),
    ] = None,
    standards_dir: Annotated[
        Path | None,
        typer.Option("--standards-dir", help="Standards tree (default: the installed standards)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when a page is missing or stale."),
    ] = False,
) -> None:
    """One page per rule (statement, rationale, level, check, parameters, examples, sources,
    history across versions), an index and a changelog per standard."""
    if standards_dir is not None and not standards_dir.is_dir():
        usage_error(f"--standards-dir {standards_dir}: folder not found")
    target = output or default_target()
    if target.exists() and not target.is_dir():
        usage_error(f"--output {target}: not a folder")
    try:
        catalog = load_catalog(standards_dir) if standards_dir else default_catalog()
    except CatalogError as exc:
        usage_error("the standards files are invalid:\n  " + "\n  ".join(exc.problems))
    pages = generate(catalog)
    if check:
        outdated = stale(target, pages)
        for name in outdated:
            out.print(f"stale: {target / name}", markup=False, soft_wrap=True)
        out.print(f"{len(pages)} page(s), {len(outdated)} stale", markup=False, soft_wrap=True)
        if outdated:
            raise typer.Exit(EXIT_GATE_FAILED)
        return
    written, removed = write_pages(target, pages)
    out.print(
        f"{target}: {len(pages)} page(s); {len(written)} written, {len(removed)} removed, "
        f"{len(pages) - len(written)} already current",
        markup=False,
        soft_wrap=True,
    )
