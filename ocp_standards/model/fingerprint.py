"""Logical fingerprints of findings: the one definition SARIF and baselines share.

A fingerprint names *what* a finding is about — rule id, subject path relative to the run, and the
logical place inside the file (JSON pointer, table row/field, RDF node) — never its line number,
so reformatting a file or inserting lines above a problem does not turn a known failure into a
"new" one (the complaint behind line-based baselines in other linters).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from .report import Location

#: Bump when the recipe changes, so old baselines are recognised as incompatible, not silently
#: mismatched.
FINGERPRINT_VERSION = "v1"


def relative_path(path: str, root: str | os.PathLike[str] | None = None) -> str:
    """A path as a stable, POSIX, run-relative string.

    Relative paths are normalised (``./a/../b.yaml`` → ``b.yaml``); absolute paths are made
    relative to ``root`` (default: the working directory) when they lie under it, and kept
    absolute otherwise.
    """
    p = Path(path)
    if p.is_absolute():
        base = Path(root) if root is not None else Path.cwd()
        try:
            p = p.resolve().relative_to(base.resolve())
        except ValueError:
            return p.as_posix()
    parts: list[str] = []
    for part in PurePosixPath(p.as_posix()).parts:
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append(part)
        elif part != ".":
            parts.append(part)
    return "/".join(parts) or "."


def logical_location(location: Location | None) -> str:
    """The in-file part of a fingerprint: pointer, row/field and node, whichever exist."""
    if location is None:
        return ""
    bits = []
    if location.pointer is not None:
        bits.append(f"pointer={location.pointer}")
    if location.row is not None:
        bits.append(f"row={location.row}")
    if location.field is not None:
        bits.append(f"field={location.field}")
    if location.node is not None:
        bits.append(f"node={location.node}")
    return ";".join(bits)


def fingerprint(
    rule_id: str,
    subject_path: str,
    location: Location | None = None,
    root: str | os.PathLike[str] | None = None,
) -> str:
    """sha256 over (rule, run-relative subject path, logical location); hex, 32 characters.

    The location's own file is used when it differs from the subject (a finding in one file
    of a multi-file submission).
    """
    path = location.path if location is not None and location.path else subject_path
    key = "\x1f".join(
        (FINGERPRINT_VERSION, rule_id, relative_path(path, root), logical_location(location))
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
