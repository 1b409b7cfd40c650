"""What every metadata reader shares: value coercion and turning records into Subjects.

A reader returns a `MetadataRecord` and a *field map* (record field -> JSON pointer or RDF property
in the original file); `record_subject` uses the map so a finding on `/license` is reported at the
line (or RDF node and property) the publisher has to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...model.metadata import MetadataRecord
from ...model.outcome import SubjectKind
from ..document import Document
from ..subject import Subject


@dataclass
class RecordPayload:
    """What metadata checks get beside `data`: the record and, for RDF, the graph and node."""

    record: MetadataRecord
    rdf: Any = None  # dcat.RdfSource when read from RDF
    node: Any = None  # the dataset's rdflib node


FieldMap = dict[str, str]  # record field (or "distributions/N") -> pointer / property in source
#: How many characters of a free-text value the reader keeps (descriptions can be huge).
MAX_TEXT = 20_000


def text(value: Any) -> str | None:
    """A non-empty string (numbers allowed), else None."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_TEXT]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def items(value: Any) -> list[Any]:
    """A list value as it is; anything else (a number, a string, a mapping) as no items.

    Readers iterate lists taken from untrusted JSON: `"distribution": 1` must not crash them."""
    return value if isinstance(value, list) else []


def texts(value: Any) -> list[str]:
    """A list of strings from a list, a comma-separated string, or a list of {name: ...}."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        out = []
        for item in value:
            s = text(item)
            if s is None and isinstance(item, dict):
                s = text(item.get("name")) or text(item.get("display_name"))
            if s:
                out.append(s)
        return out
    return []


def mailto(value: Any) -> str | None:
    s = text(value)
    return s[len("mailto:") :] if s and s.lower().startswith("mailto:") else s


def record_subject(
    record: MetadataRecord,
    fieldmap: FieldMap,
    path: str,
    doc: Document | None,
    base: str = "",
    node: str | None = None,
    line_of: Callable[[str], int | None] | None = None,
    payload: RecordPayload | None = None,
) -> Subject:
    """A metadata Subject whose `data` is the record; its locator points into the source."""
    subject = Subject(path=path, kind=SubjectKind.METADATA, title=record.title)
    # Absent values are left out (not null), so rules see "missing", not "null is not a date".
    subject.document = Document(data=record.model_dump(mode="json", exclude_none=True), path=path)
    subject.payload = payload or RecordPayload(record)
    if record.identifier:
        subject.metadata["identifier"] = record.identifier
    if node is not None:
        subject.metadata["iri"] = node

    def locate(pointer: str) -> dict[str, Any]:
        parts = pointer.strip("/").split("/")
        source = fieldmap.get("/".join(parts[:2])) or fieldmap.get(parts[0]) or base
        out: dict[str, Any] = {"path": path}
        if node is not None:
            # RDF: the dataset node and the property in place of a pointer. A finding that is
            # not about a record field (a SHACL result) keeps its own focus node and path.
            if not pointer.startswith("/"):
                out["pointer"] = pointer or None
            else:
                out["node"] = node
                out["pointer"] = source or None
            out["line"] = line_of(node) if line_of else None
            return out
        out["pointer"] = source or base
        if doc is not None:
            out["line"], out["column"] = doc.locate(source or base)
        return out

    subject.locator = locate
    return subject


def data_catalogue_subject(
    path: str,
    title: str | None,
    records: list[tuple[MetadataRecord, str]],
    doc: Document | None,
    source_format: str,
) -> Subject:
    """The data catalogue as a whole: its datasets' records (for cross-dataset rules) and a roll-up.

    `records` pairs each record with where it starts in the source (pointer or RDF node).
    """
    data = {
        "source_format": source_format,
        "title": title,
        "datasets": [r.model_dump(mode="json", exclude_none=True) for r, _ in records],
    }
    subject = Subject(
        path=path,
        kind=SubjectKind.CATALOG,
        document=Document(data=data, path=path),
        title=title or f"catalogue of {len(records)} dataset(s)",
    )
    where = [w for _, w in records]

    def locate(pointer: str) -> dict[str, Any]:
        parts = pointer.strip("/").split("/")
        out: dict[str, Any] = {"path": path}
        if len(parts) >= 2 and parts[0] == "datasets" and parts[1].isdigit():
            source = where[int(parts[1])] if int(parts[1]) < len(where) else ""
            if source.startswith("/") or source == "":
                out["pointer"] = source
                if doc is not None:
                    out["line"], out["column"] = doc.locate(source)
            else:
                out["node"] = source
        return out

    subject.locator = locate
    # "catalog" is the subject kind's value, shown in reports: it stays as released.
    subject.metadata["catalog"] = {"datasets": len(records)}
    return subject
