"""Turn command-line paths into Subjects: walk folders, read safely, parse, detect the kind.

Nothing here raises for bad input: an unreadable, unparsable or unrecognised file becomes a Subject
carrying an InputProblem, which the engine reports as a finding on that file.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..model.outcome import SubjectKind
from ..settings import limits
from . import detect as detection
from . import shard
from .document import DocumentError, parse_json_fast, parse_text
from .subject import InputProblem, Subject

DOCUMENT_SUFFIXES = {".yaml", ".yml", ".json"}
#: Above this size JSON is parsed without positions (fast path); YAML is refused above MAX_BYTES.
FAST_JSON_BYTES = 32 * 1024 * 1024
#: The default per-file size limit (a run's own is `limits.current().max_file_bytes`).
MAX_BYTES = limits.DEFAULT.max_file_bytes


@dataclass(frozen=True)
class Candidate:
    path: Path
    display: str
    explicit: bool  # named on the command line (vs. found by walking a folder)
    #: The folder given on the command line that this file was found under (None for a file
    #: named directly). Readers use it as the boundary for following references.
    root: Path | None = None
    #: The URL the file was fetched from (with --online): relative references resolve against it.
    url: str | None = None

    @property
    def boundary(self) -> Path:
        """Folder references may not leave: the walked root, else the working directory when the
        file is inside it, else the file's own folder."""
        if self.root is not None:
            return self.root
        cwd = Path.cwd().resolve()
        try:
            self.path.resolve().relative_to(cwd)
        except ValueError:
            return self.path.resolve().parent
        return cwd


#: Reads one file into zero or more subjects; None means "not mine" (a walked file we skip).
FileReader = Callable[[Candidate, "SubjectKind | None"], "list[Subject] | None"]
#: Claims a whole folder (a data package, a submission) or returns None to let it be walked.
FolderReader = Callable[[Path, str, "SubjectKind | None"], "list[Subject] | None"]

#: Readers by file suffix. Later work registers tables (.csv, .xlsx ...) and RDF (.ttl ...).
READERS: dict[str, FileReader] = {}
#: Readers forced by `--as KIND`, tried before the suffix table.
KIND_READERS: dict[SubjectKind, FileReader] = {}
#: Folder readers, tried in order before a folder is walked file by file.
FOLDER_READERS: list[FolderReader] = []
#: Called on a freshly detected subject of a kind (e.g. to join a multi-file API description).
Finisher = Callable[[Subject, Candidate], Subject]
FINISHERS: dict[SubjectKind, Finisher] = {}
#: Turns one detected document into several subjects (a catalogue's datasets, a data package's
#: resources). Runs after the finisher.
Expander = Callable[[Subject, Candidate], "list[Subject]"]
EXPANDERS: dict[SubjectKind, Expander] = {}


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


def too_big(size: int, limit: int | None = None, option: str = "--max-file-size") -> str:
    """The finding's text for a file over a size limit: the limit and how to raise it."""
    limit = limits.current().max_file_bytes if limit is None else limit
    return (
        f"file is {size:,} bytes; the limit is {limits.describe(limit)} "
        f"(raise it with {option} or in ocp.toml)"
    )


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
        return [_problem(shown, "OCP-INPUT-001", str(exc))]
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
        claims = getattr(reader, "claims", None)
        if claims is not None:  # say first, so a worker that will not load it need not read it
            if claims(root, as_kind):
                return shard.unit(partial(_claimed, reader, root, display, as_kind))
            continue
        claimed = reader(root, display, as_kind)
        if claimed is not None:
            return shard.loaded_unit(claimed)
    subjects: list[Subject] = []
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        problem = _problem(display, "OCP-INPUT-001", f"cannot list the folder: {exc.strerror}")
        return shard.unit(partial(list, [problem]))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = os.path.join(display, entry.name)
        if entry.is_symlink() and not _inside(entry, top):
            problem = _problem(
                shown,
                "OCP-INPUT-001",
                f"a symbolic link to something outside {display_root(top)}; not followed",
            )
            subjects += shard.unit(partial(list, [problem]))
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
    return reader(root, display, as_kind) or []


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def display_root(root: Path) -> str:
    return root.name or str(root)


def load_file(candidate: Candidate, as_kind: SubjectKind | None = None) -> list[Subject]:
    """Load one file with the reader for its forced kind or its suffix."""
    register_builtin_readers()
    reader = KIND_READERS.get(as_kind) if as_kind is not None else None
    if reader is None:
        reader = READERS.get(candidate.path.suffix.lower())
    if reader is None:
        if not candidate.explicit:
            return []
        reader = read_document  # named explicitly: try it as YAML/JSON before giving up
    return reader(candidate, as_kind) or []


def read_document(candidate: Candidate, as_kind: SubjectKind | None = None) -> list[Subject] | None:
    subject = load(candidate, as_kind)
    if subject is None:
        return None
    expander = EXPANDERS.get(subject.kind) if subject.problem is None else None
    return expander(subject, candidate) if expander is not None else [subject]


def load(candidate: Candidate, as_kind: SubjectKind | None = None) -> Subject | None:
    """Load one candidate. Returns None for a walked file that is simply not ours."""
    display = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > limits.current().max_file_bytes:
            return _problem(display, "OCP-INPUT-001", too_big(size))
        raw = candidate.path.read_bytes()
    except OSError as exc:
        return _problem(display, "OCP-INPUT-001", f"cannot read the file: {exc.strerror or exc}")
    try:
        # UTF-16 with a byte-order mark is what some Windows editors save; accept it.
        text = (
            raw.decode("utf-16")
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
            else raw.decode("utf-8-sig")
        )
    except UnicodeDecodeError as exc:
        return _problem(
            display,
            "OCP-INPUT-002",
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
        )
    if "\x00" in text:
        return _problem(display, "OCP-INPUT-002", "binary content (NUL bytes); not a text file")
    try:
        is_json = candidate.path.suffix.lower() == ".json"
        if is_json and len(raw) > FAST_JSON_BYTES:
            doc = parse_json_fast(text, display)
        elif is_json:
            doc = parse_text(text, display, json_data=True)
        else:
            doc = parse_text(text, display)
    except DocumentError as exc:
        guess = as_kind or _guess_kind(text)
        return _problem(display, "OCP-INPUT-002", exc.message, exc.line, exc.column, guess)
    kind = as_kind or detection.detect(doc.data)
    if kind is None:
        if not candidate.explicit:
            return None
        return _problem(
            display,
            "OCP-INPUT-003",
            f"not a recognised input: found {detection.describe(doc.data)}. A procurement "
            'manifest starts with `ocp_manifest: "1.0"`; use --as to force a kind',
        )
    title = _title(doc.data, kind)
    subject = Subject(path=display, kind=kind, document=doc, title=title)
    finisher = FINISHERS.get(kind)
    return finisher(subject, candidate) if finisher is not None else subject


def _problem(
    display: str,
    rule_id: str,
    message: str,
    line: int | None = None,
    col: int | None = None,
    kind: SubjectKind | None = None,
) -> Subject:
    return Subject(
        path=display,
        kind=kind or SubjectKind.UNKNOWN,
        problem=InputProblem(rule_id, message, line, col),
    )


def _guess_kind(text: str) -> SubjectKind | None:
    """The intended kind of a file that failed to parse, so its rules show as untested."""
    head = text[:4096]
    if "ocp_manifest" in head:
        return SubjectKind.MANIFEST
    if re.search(r"^\s*[\"']?(openapi|swagger)[\"']?\s*:", head, re.M):
        return SubjectKind.API
    return None


def _title(data: object, kind: SubjectKind) -> str | None:
    if kind is SubjectKind.MANIFEST and isinstance(data, dict):
        solution = data.get("solution")
        vendor = data.get("vendor")
        parts = []
        if isinstance(vendor, dict) and isinstance(vendor.get("name"), str):
            parts.append(vendor["name"])
        if isinstance(solution, dict) and isinstance(solution.get("name"), str):
            parts.append(solution["name"])
        return " — ".join(parts) or None
    return None


for _suffix in sorted(DOCUMENT_SUFFIXES):
    READERS[_suffix] = read_document

#: Modules (under ocp_standards.sources) that register readers and detectors when imported.
#: One per line. They are imported lazily, on first use, to keep start-up lean.
BUILTIN_READER_MODULES: tuple[str, ...] = (
    "openapi",
    "submission",
    "tables",
    "metadata",
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
