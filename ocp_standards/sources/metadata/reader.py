"""The metadata reader: recognises every metadata format, turns records into Subjects, and
registers itself (detector, expanders, RDF suffixes) in registry.py.

A data catalogue (data.json, or RDF with a dcat:Catalog or several datasets) gives one subject per
dataset plus one for the data catalogue, whose report carries the roll-up. A data package
descriptor is read by the data package reader (datapackage.py), with its tables.
"""

from __future__ import annotations

from typing import Any

from ...model.outcome import SubjectKind
from ...settings import limits
from .. import detect
from ..datapackage import read_package
from ..registry import EXPANDERS, READERS, Candidate, problem, too_big
from ..subject import Subject
from . import ckan, dcat, pod
from .common import RecordPayload, data_catalogue_subject, items, record_subject, text


def is_datapackage(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("resources"), list)
        and any(k in data for k in ("name", "profile", "$schema", "title", "id"))
        and "notes" not in data
    )


def is_data_resource(data: Any) -> bool:
    if not isinstance(data, dict) or "resources" in data:
        return False
    has_data = isinstance(data.get("path"), (str, list)) or "data" in data
    marked = (
        isinstance(data.get("schema"), (dict, str))
        or "dialect" in data
        or "data-resource" in str(data.get("profile", "")) + str(data.get("$schema", ""))
    )
    return has_data and marked and "name" in data


def metadata(data: Any) -> SubjectKind | None:
    """Detector: which metadata format a parsed JSON document is."""
    if pod.is_data_catalogue(data):
        return SubjectKind.CATALOG
    if dcat.is_jsonld_dcat(data) or is_datapackage(data) or is_data_resource(data):
        return SubjectKind.METADATA
    if ckan.is_package(data):
        return SubjectKind.METADATA
    return None


def expand_metadata(subject: Subject, candidate: Candidate) -> list[Subject]:
    data, doc = subject.data, subject.document
    if dcat.is_jsonld_dcat(data):
        return read_rdf(candidate, "json-ld")
    if is_datapackage(data) or is_data_resource(data):
        return read_package(candidate.path, subject.path, data, doc, candidate)
    pkg, base = ckan.unwrap(data)
    if pkg is None:
        return [subject]
    record, fm = ckan.from_ckan(pkg, base)
    return [record_subject(record, fm, subject.path, doc, base)]


def expand_data_catalogue(subject: Subject, candidate: Candidate) -> list[Subject]:
    data, doc = subject.data, subject.document
    subjects: list[Subject] = []
    records = []
    for i, ds in enumerate(items(data.get("dataset"))):
        if not isinstance(ds, dict):
            continue
        base = f"/dataset/{i}"
        record, fm = pod.from_pod(ds, base)
        records.append((record, base))
        shown = f"{subject.path}#{base}"
        subjects.append(record_subject(record, fm, shown, doc, base))
    data_catalogue = data_catalogue_subject(
        subject.path, text(data.get("title")), records, doc, "data.json"
    )
    return [data_catalogue, *subjects]


def read_rdf(candidate: Candidate, fmt: str) -> list[Subject]:
    """Read an RDF file; each dcat:Dataset becomes a subject (plus the data catalogue, if any)."""
    display = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > limits.current().max_file_bytes:
            return [_rdf_problem(display, "OCP-INPUT-001", too_big(size))]
        raw = candidate.path.read_bytes()
        content = (
            raw.decode("utf-16")
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
            else raw.decode("utf-8-sig")
        )
    except OSError as exc:
        return [_rdf_problem(display, "OCP-INPUT-001", f"cannot read the file: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return [_rdf_problem(display, "OCP-INPUT-002", f"not UTF-8 text (byte {exc.start})")]
    if not content.strip():
        return [_rdf_problem(display, "OCP-INPUT-002", "the file is empty")]
    base = candidate.path.resolve().as_uri()
    try:
        source = dcat.parse_rdf(content, fmt, base)
    except dcat.RdfError as exc:
        return [_rdf_problem(display, "OCP-INPUT-002", str(exc))]
    return rdf_subjects(source, display)


def rdf_subjects(source: dcat.RdfSource, display: str) -> list[Subject]:
    g = source.graph
    nodes = dcat.datasets(g)
    data_catalogues = dcat.data_catalogues(g)
    fmt = {"turtle": "dcat-turtle", "xml": "dcat-rdfxml", "json-ld": "dcat-jsonld"}.get(
        source.fmt, f"dcat-{source.fmt}"
    )
    if not nodes and not data_catalogues:
        return [
            problem(
                display,
                "OCP-INPUT-003",
                f"RDF with {len(g)} triple(s) but no dcat:Dataset or dcat:Catalog: not DCAT "
                "metadata",
                kind=SubjectKind.METADATA,
            )
        ]
    single = len(nodes) == 1 and not data_catalogues
    subjects: list[Subject] = []
    records = []
    for ds in nodes:
        label = dcat.node_label(ds)
        record, fm = dcat.from_dcat(g, ds, fmt)
        records.append((record, label))
        shown = display if single else f"{display}#{label}"
        payload = RecordPayload(record, rdf=source, node=ds)
        subjects.append(
            record_subject(
                record, fm, shown, None, node=label, line_of=source.line_of, payload=payload
            )
        )
    if single:
        return subjects
    title = None
    if data_catalogues:
        title = dcat.literal(g, data_catalogues[0], dcat.DCTERMS.title)
    data_catalogue = data_catalogue_subject(display, title, records, None, fmt)
    return [data_catalogue, *subjects]


def _rdf_problem(display: str, rule: str, message: str) -> Subject:
    return problem(display, rule, message, kind=SubjectKind.METADATA)


def read_rdf_file(candidate: Candidate, as_kind: SubjectKind | None) -> list[Subject] | None:
    fmt = dcat.RDF_SUFFIXES[candidate.path.suffix.lower()]
    return read_rdf(candidate, fmt)


def read_xml_file(candidate: Candidate, as_kind: SubjectKind | None) -> list[Subject] | None:
    """.xml is RDF/XML only when it says so; other XML is not ours (or unrecognised if named)."""
    try:
        with candidate.path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return [_rdf_problem(candidate.display, "OCP-INPUT-001", f"cannot read: {exc.strerror}")]
    if b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" in head or b"rdf:RDF" in head:
        return read_rdf(candidate, "xml")
    if not candidate.explicit:
        return None
    return [
        problem(
            candidate.display, "OCP-INPUT-003", "XML that is not RDF/XML: not a recognised input"
        )
    ]


def _register() -> None:
    detect.DETECTORS.append(metadata)
    EXPANDERS[SubjectKind.METADATA] = expand_metadata
    EXPANDERS[SubjectKind.CATALOG] = expand_data_catalogue
    for suffix in dcat.RDF_SUFFIXES:
        READERS[suffix] = read_rdf_file
    READERS[".xml"] = read_xml_file


_register()
