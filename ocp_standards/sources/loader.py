"""Turn command-line paths into Subjects: walk folders, read safely, parse, detect the kind.

Nothing here raises for bad input: an unreadable, unparsable or unrecognised file becomes a Subject
carrying an InputProblem, which the engine reports as a finding on that file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model.outcome import SubjectKind
from . import detect as detection
from .document import DocumentError, parse_json_fast, parse_text
from .subject import InputProblem, Subject

DOCUMENT_SUFFIXES = {".yaml", ".yml", ".json"}
#: Above this size JSON is parsed without positions (fast path); YAML is refused above MAX_BYTES.
FAST_JSON_BYTES = 5 * 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Candidate:
    path: Path
    display: str
    explicit: bool  # named on the command line (vs. found by walking a folder)


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Candidate]:
    """Expand folders (sorted, hidden entries skipped) into candidate files."""
    out: list[Candidate] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(_walk(path))
        else:
            out.append(Candidate(path, str(raw), explicit=True))
    return out


def _walk(root: Path) -> Iterator[Candidate]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                yield Candidate(path, str(path), explicit=False)


def load(candidate: Candidate, as_kind: SubjectKind | None = None) -> Subject | None:
    """Load one candidate. Returns None for a walked file that is simply not ours."""
    display = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > MAX_BYTES:
            return _problem(
                display,
                "OCP-INPUT-001",
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes",
            )
        raw = candidate.path.read_bytes()
    except OSError as exc:
        return _problem(display, "OCP-INPUT-001", f"cannot read the file: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _problem(
            display,
            "OCP-INPUT-002",
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
        )
    if "\x00" in text:
        return _problem(display, "OCP-INPUT-002", "binary content (NUL bytes); not a text file")
    try:
        if candidate.path.suffix.lower() == ".json" and len(raw) > FAST_JSON_BYTES:
            doc = parse_json_fast(text, display)
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
            "manifest starts with `ocp_manifest: \"1.0\"`; use --as to force a kind",
        )
    title = _title(doc.data, kind)
    return Subject(path=display, kind=kind, document=doc, title=title)


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
