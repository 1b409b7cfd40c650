"""API descriptions: OpenAPI 3.0/3.1 and Swagger 2.0, one file or several joined by `$ref`s."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

from ..model.outcome import SubjectKind
from ..settings import limits
from . import detect
from .document import Document, DocumentError, parse_text
from .refs import Bundle, bundle
from .registry import FINISHERS, Candidate, too_big
from .subject import Subject


def api(data: Any) -> SubjectKind | None:
    if isinstance(data, dict) and (
        isinstance(data.get("openapi"), str) or str(data.get("swagger", "")) == "2.0"
    ):
        return SubjectKind.API
    return None


def spec_version(data: Any) -> str:
    """'2.0', '3.0' or '3.1' (or '' when unknown)."""
    if not isinstance(data, dict):
        return ""
    if str(data.get("swagger", "")) == "2.0":
        return "2.0"
    version = str(data.get("openapi", ""))
    return version[:3] if version[:3] in ("3.0", "3.1") else ""


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _load(path: Path) -> Document:
    size = path.stat().st_size
    if size > limits.current().max_file_bytes:
        raise DocumentError(too_big(size))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (byte {exc.start})") from None
    return parse_text(text, _display(path), json_data=path.suffix.lower() == ".json")


def finish(subject: Subject, candidate: Candidate) -> Subject:
    """Join external references, and point findings back into the file each node came from."""
    assert subject.document is not None
    root = candidate.path.resolve()
    shown = candidate.display

    def display(path: Path) -> str:
        # Name other files relative to how the user named this one, so a file inside a zip
        # shows as `bid.zip!/models/trip.yaml`, never as the temporary folder it was read from.
        if path.resolve() == root:
            return shown
        try:
            relative = os.path.relpath(path.resolve(), root.parent).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return str(path)
        return posixpath.normpath(posixpath.join(posixpath.dirname(shown), relative))

    joined: Bundle = bundle(
        subject.document, root, candidate.boundary, _load, display, base_url=candidate.url
    )
    subject.document = Document(data=joined.data, path=shown, positions={})
    subject.payload = joined
    subject.locator = joined.locate
    subject.metadata["api"] = {"spec_version": spec_version(joined.data), "files": joined.files}
    info = joined.data.get("info") if isinstance(joined.data, dict) else None
    if isinstance(info, dict) and isinstance(info.get("title"), str):
        version = info.get("version")
        subject.title = info["title"] + (f" {version}" if isinstance(version, (str, int)) else "")
    return subject


detect.DETECTORS.append(api)
FINISHERS[SubjectKind.API] = finish
