"""Turn command-line paths into Subjects: walk folders and URLs, and hand each file (or a folder a
folder reader claims) to the registered readers.

This is the only module that knows the reader modules: it imports them by name, and each one
registers itself in registry.py. Readers never import this module; one that loads parts (a data
package, a submission) does so through reading.py.

Nothing here raises for bad input: an unreadable, unparsable or unrecognised file becomes a Subject
carrying an InputProblem, which the engine reports as a finding on that file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from ..model.outcome import SubjectKind
from . import reading, shard
from .registry import FOLDER_READERS, Candidate, FolderReader, problem
from .subject import Subject

__all__ = ["Candidate", "input_files", "load", "load_file", "load_paths", "load_url"]


def input_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Every file under the given paths (used to refuse an --output that would overwrite one)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, _dirs, files in os.walk(path):
                out.extend(Path(dirpath) / f for f in files)
        else:
            out.append(path)
    return out


def load_paths(
    paths: Iterable[str | os.PathLike[str]], as_kind: SubjectKind | None = None
) -> list[Subject]:
    """Load every path given on the command line, in order; folders are walked sorted."""
    register_builtin_readers()
    subjects: list[Subject] = []
    for raw in paths:
        if isinstance(raw, str) and raw.lower().startswith(("http://", "https://")):
            subjects += shard.unit(partial(load_url, raw, as_kind))
            continue
        path = Path(raw)
        if path.is_dir():
            subjects += _load_folder(path, str(raw), as_kind, path)
        else:
            candidate = Candidate(path, str(raw), explicit=True)
            subjects += shard.unit(partial(load_file, candidate, as_kind))
    return subjects


def load_url(url: str, as_kind: SubjectKind | None = None) -> list[Subject]:
    """A URL given on the command line: fetched only with --online, under the network guard."""
    import tempfile
    import urllib.parse

    from . import net

    shown = net.redact(url)
    try:
        body = net.fetch(url)
    except net.NetworkError as exc:
        return [problem(shown, "OCP-INPUT-001", str(exc))]
    name = Path(urllib.parse.urlsplit(url).path).name or "download"
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[-80:] or "download"
    with tempfile.TemporaryDirectory(prefix="ocp-url-") as tmp:
        target = Path(tmp) / safe
        target.write_bytes(body)
        # Everything is read while the file exists; no subject keeps a path into tmp.
        candidate = Candidate(target, shown, explicit=True, root=Path(tmp), url=url)
        return load_file(candidate, as_kind)


def _load_folder(
    root: Path, display: str, as_kind: SubjectKind | None, top: Path | None = None
) -> list[Subject]:
    top = top or root
    for reader in FOLDER_READERS:
        if reader.claims is not None:  # say first: a worker that will not load it need not read it
            if reader.claims(root, as_kind):
                return shard.unit(partial(_claimed, reader, root, display, as_kind))
            continue
        claimed = reader.read(root, display, as_kind)
        if claimed is not None:
            return shard.loaded_unit(claimed)
    subjects: list[Subject] = []
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        unlisted = problem(display, "OCP-INPUT-001", f"cannot list the folder: {exc.strerror}")
        return shard.unit(partial(list, [unlisted]))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = os.path.join(display, entry.name)
        if entry.is_symlink() and not _inside(entry, top):
            refused = problem(
                shown,
                "OCP-INPUT-001",
                f"a symbolic link to something outside {display_root(top)}; not followed",
            )
            subjects += shard.unit(partial(list, [refused]))
            continue
        if entry.is_dir() and not entry.is_symlink():
            subjects += _load_folder(entry, shown, as_kind, top)
        elif entry.is_file():
            candidate = Candidate(entry, shown, explicit=False, root=top)
            subjects += shard.unit(partial(load_file, candidate, as_kind))
    return subjects


def _claimed(
    reader: FolderReader, root: Path, display: str, as_kind: SubjectKind | None
) -> list[Subject]:
    return reader.read(root, display, as_kind) or []


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def display_root(root: Path) -> str:
    return root.name or str(root)


def load_file(candidate: Candidate, as_kind: SubjectKind | None = None) -> list[Subject]:
    """Load one file with the reader for its forced kind or its suffix (see reading.py)."""
    register_builtin_readers()
    return reading.load_file(candidate, as_kind)


def load(candidate: Candidate, as_kind: SubjectKind | None = None) -> Subject | None:
    """Load one YAML/JSON document; None for a walked file that is simply not ours."""
    register_builtin_readers()
    return reading.load(candidate, as_kind)


#: Modules (under ocp_standards.sources) that register readers and detectors when imported.
#: One per line. They are imported lazily, on first use, to keep start-up lean.
BUILTIN_READER_MODULES: tuple[str, ...] = (
    "openapi",
    "submission",
    "tables",
    "metadata.reader",
    "datapackage",
)
_READERS_LOADED = False


def register_builtin_readers() -> None:
    global _READERS_LOADED
    if _READERS_LOADED:
        return
    _READERS_LOADED = True
    for name in BUILTIN_READER_MODULES:
        importlib.import_module(f"{__package__}.{name}")
