"""Recognise what a parsed document is from its content, not its file name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model.outcome import SubjectKind

Detector = Callable[[Any], "SubjectKind | None"]


def manifest(data: Any) -> SubjectKind | None:
    # The format-version key is the signature, as `publiccode.yml` does with `publiccodeYmlVersion`.
    if isinstance(data, dict) and "ocp_manifest" in data:
        return SubjectKind.MANIFEST
    return None


#: Tried in order; the first that answers wins. Reader modules append datasets, APIs, metadata.
DETECTORS: list[Detector] = [manifest]


def detect(data: Any) -> SubjectKind | None:
    for detector in DETECTORS:
        kind = detector(data)
        if kind is not None:
            return kind
    return None


def describe(data: Any) -> str:
    """A short description of unrecognised content, for the finding message."""
    if isinstance(data, dict):
        keys = ", ".join(list(map(str, data))[:5])
        return f"a mapping with keys {keys}" if keys else "an empty mapping"
    if isinstance(data, list):
        return f"a list of {len(data)} item(s)"
    if data is None:
        return "an empty document"
    return f"a single {type(data).__name__} value"
