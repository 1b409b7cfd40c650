"""Shared CLI plumbing: error reporting, output formats, safe writing."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

#: Exit codes: 0 gate passed, 1 gate failed (inputs that cannot be read are findings), 2 usage.
EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE = 0, 1, 2

# Piped output (CI logs, files) gets a fixed comfortable width instead of rich's 80 columns.
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 110)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


def usage_error(message: str, hint: str | None = None) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True)
    if hint:
        err.print(f"[dim]hint:[/] {hint}", markup=True)
    raise typer.Exit(EXIT_USAGE)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a failed write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
