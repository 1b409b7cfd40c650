"""Read one file into subjects with the registered readers: what the loader does for each file it
meets, and what folder readers (a data package, a submission) do for each part.

YAML and JSON documents are read here: parsed with positions, their kind detected from their
content, then finished and expanded by the kind's registered finisher and expander. Nothing here
raises for bad input: an unreadable, unparsable or unrecognised file becomes a Subject carrying an
InputProblem, which the engine reports as a finding on that file.
"""

from __future__ import annotations

import re

from ..model.outcome import SubjectKind
from ..settings import limits
from . import detect as detection
from .document import DocumentError, parse_json_fast, parse_text
from .registry import EXPANDERS, FINISHERS, KIND_READERS, READERS, Candidate, problem, too_big
from .subject import Subject

DOCUMENT_SUFFIXES = {".yaml", ".yml", ".json"}
#: Above this size JSON is parsed without positions (fast path); any document above the run's
#: `limits.current().max_file_bytes` is refused.
FAST_JSON_BYTES = 32 * 1024 * 1024


def load_file(candidate: Candidate, as_kind: SubjectKind | None = None) -> list[Subject]:
    """Load one file with the reader for its forced kind or its suffix."""
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
            return problem(display, "OCP-INPUT-001", too_big(size))
        raw = candidate.path.read_bytes()
    except OSError as exc:
        return problem(display, "OCP-INPUT-001", f"cannot read the file: {exc.strerror or exc}")
    try:
        # UTF-16 with a byte-order mark is what some Windows editors save; accept it.
        text = (
            raw.decode("utf-16")
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
            else raw.decode("utf-8-sig")
        )
    except UnicodeDecodeError as exc:
        return problem(
            display,
            "OCP-INPUT-002",
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
        )
    if "\x00" in text:
        return problem(display, "OCP-INPUT-002", "binary content (NUL bytes); not a text file")
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
        return problem(display, "OCP-INPUT-002", exc.message, exc.line, exc.column, guess)
    kind = as_kind or detection.detect(doc.data)
    if kind is None:
        if not candidate.explicit:
            return None
        return problem(
            display,
            "OCP-INPUT-003",
            f"not a recognised input: found {detection.describe(doc.data)}. A procurement "
            'manifest starts with `ocp_manifest: "1.0"`; use --as to force a kind',
        )
    title = _title(doc.data, kind)
    subject = Subject(path=display, kind=kind, document=doc, title=title)
    finisher = FINISHERS.get(kind)
    return finisher(subject, candidate) if finisher is not None else subject


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
