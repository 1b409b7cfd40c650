"""Metadata readers: Data Package, DCAT-US data.json, CKAN and DCAT RDF into one MetadataRecord.

Each reader also returns where each record field came from (a JSON pointer in the original file,
or an RDF node), so a finding on `/license` points at the line a publisher has to edit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model.metadata import Distribution, MetadataRecord
from ..model.outcome import SubjectKind
from . import detect
from .document import Document
from .loader import EXPANDERS, READERS, Candidate, _problem
from .subject import Subject

FieldMap = dict[str, str]  # record field -> pointer (or node) in the source


def _s(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [
            s for v in value if (s := _s(v) or (_s(v.get("name")) if isinstance(v, dict) else None))
        ]
    return []


# Data Package ------------------------------------------------------------------------------


def from_datapackage(desc: dict[str, Any]) -> tuple[MetadataRecord, FieldMap]:
    fm: FieldMap = {}

    def take(field: str, *keys: str) -> Any:
        for key in keys:
            if key in desc:
                fm[field] = f"/{key}"
                return desc[key]
        return None

    licenses = desc.get("licenses") if isinstance(desc.get("licenses"), list) else []
    lic = licenses[0] if licenses and isinstance(licenses[0], dict) else {}
    if lic:
        fm["license"] = "/licenses/0"
    contributors = [c for c in desc.get("contributors") or [] if isinstance(c, dict)]
    publisher = next((c for c in contributors if c.get("role") in ("publisher", "author")), None)
    contact = next((c for c in contributors if c.get("email")), None)
    dists = []
    for i, res in enumerate(r for r in desc.get("resources") or [] if isinstance(r, dict)):
        fm[f"distributions/{i}"] = f"/resources/{i}"
        dists.append(
            Distribution(
                title=_s(res.get("title")) or _s(res.get("name")),
                format=_s(res.get("format"))
                or (
                    Path(str(res.get("path", ""))).suffix[1:] or None
                    if isinstance(res.get("path"), str)
                    else None
                ),
                media_type=_s(res.get("mediatype")) or _s(res.get("mediaType")),
                path=res.get("path") if isinstance(res.get("path"), str) else None,
                url=res.get("path")
                if isinstance(res.get("path"), str) and "://" in res["path"]
                else None,
            )
        )
    record = MetadataRecord(
        source_format="datapackage",
        identifier=_s(take("identifier", "id", "name")),
        title=_s(take("title", "title")),
        description=_s(take("description", "description")),
        keywords=_list(take("keywords", "keywords")),
        publisher=_s(publisher.get("title")) if publisher else None,
        contact_name=_s(contact.get("title")) if contact else None,
        contact_email=_s(contact.get("email")) if contact else None,
        license=_s(lic.get("path")) or _s(lic.get("name")),
        modified=_s(take("modified", "modified", "updated", "created")),
        issued=_s(take("issued", "created")),
        frequency=_s(take("frequency", "frequency", "accrualPeriodicity")),
        spatial=_s(take("spatial", "spatial")),
        sensitive=desc.get("sensitive") if isinstance(desc.get("sensitive"), bool) else None,
        distributions=dists,
    )
    if publisher:
        fm["publisher"] = "/contributors"
    if contact:
        fm["contact_email"] = "/contributors"
    return record, fm


# DCAT-US / Project Open Data data.json --------------------------------------------------------


def from_pod(ds: dict[str, Any], base: str) -> tuple[MetadataRecord, FieldMap]:
    fm: FieldMap = {}
    keys = {
        "identifier": "identifier",
        "title": "title",
        "description": "description",
        "keywords": "keyword",
        "license": "license",
        "access_level": "accessLevel",
        "rights": "rights",
        "frequency": "accrualPeriodicity",
        "issued": "issued",
        "modified": "modified",
        "spatial": "spatial",
        "themes": "theme",
        "language": "language",
        "conforms_to": "conformsTo",
        "publisher": "publisher",
        "contact_email": "contactPoint",
        "distributions": "distribution",
    }
    for field, key in keys.items():
        if key in ds:
            fm[field] = f"{base}/{key}"
    publisher = ds.get("publisher")
    contact_raw = ds.get("contactPoint")
    contact: dict[str, Any] = contact_raw if isinstance(contact_raw, dict) else {}
    email = _s(contact.get("hasEmail"))
    temporal = _s(ds.get("temporal"))
    start, _, end = (temporal or "").partition("/")
    dists = []
    for i, d in enumerate(x for x in ds.get("distribution") or [] if isinstance(x, dict)):
        fm[f"distributions/{i}"] = f"{base}/distribution/{i}"
        dists.append(
            Distribution(
                title=_s(d.get("title")),
                format=_s(d.get("format")),
                media_type=_s(d.get("mediaType")),
                url=_s(d.get("downloadURL")) or _s(d.get("accessURL")),
                conforms_to=_s(d.get("conformsTo")),
            )
        )
    record = MetadataRecord(
        source_format="data.json",
        identifier=_s(ds.get("identifier")),
        title=_s(ds.get("title")),
        description=_s(ds.get("description")),
        keywords=_list(ds.get("keyword")),
        themes=_list(ds.get("theme")),
        publisher=_s(publisher.get("name")) if isinstance(publisher, dict) else _s(publisher),
        contact_name=_s(contact.get("fn")),
        contact_email=email.removeprefix("mailto:") if email else None,
        license=_s(ds.get("license")),
        access_level=_s(ds.get("accessLevel")),
        rights=_s(ds.get("rights")),
        frequency=_s(ds.get("accrualPeriodicity")),
        issued=_s(ds.get("issued")),
        modified=_s(ds.get("modified")),
        temporal_start=start or None,
        temporal_end=end or None,
        spatial=_s(ds.get("spatial"))
        or (json.dumps(ds["spatial"]) if isinstance(ds.get("spatial"), dict) else None),
        language=_list(ds.get("language")),
        conforms_to=_list(ds.get("conformsTo")),
        distributions=dists,
    )
    return record, fm


# CKAN package_show ----------------------------------------------------------------------------


def from_ckan(pkg: dict[str, Any], base: str) -> tuple[MetadataRecord, FieldMap]:
    fm: FieldMap = {}
    for field, key in {
        "identifier": "id",
        "title": "title",
        "description": "notes",
        "keywords": "tags",
        "license": "license_id",
        "modified": "metadata_modified",
        "issued": "metadata_created",
        "publisher": "organization",
        "contact_email": "maintainer_email",
        "frequency": "frequency",
    }.items():
        if key in pkg:
            fm[field] = f"{base}/{key}"
    org_raw = pkg.get("organization")
    org: dict[str, Any] = org_raw if isinstance(org_raw, dict) else {}
    dists = [
        Distribution(
            title=_s(r.get("name")),
            format=_s(r.get("format")),
            media_type=_s(r.get("mimetype")),
            url=_s(r.get("url")),
        )
        for r in pkg.get("resources") or []
        if isinstance(r, dict)
    ]
    record = MetadataRecord(
        source_format="ckan",
        identifier=_s(pkg.get("id")) or _s(pkg.get("name")),
        title=_s(pkg.get("title")),
        description=_s(pkg.get("notes")),
        keywords=_list(pkg.get("tags")),
        publisher=_s(org.get("title")) or _s(org.get("name")),
        contact_name=_s(pkg.get("maintainer")) or _s(pkg.get("author")),
        contact_email=_s(pkg.get("maintainer_email")) or _s(pkg.get("author_email")),
        license=_s(pkg.get("license_url")) or _s(pkg.get("license_id")),
        modified=_s(pkg.get("metadata_modified")),
        issued=_s(pkg.get("metadata_created")),
        frequency=_s(pkg.get("frequency")),
        distributions=dists,
    )
    return record, fm


# Subjects -------------------------------------------------------------------------------------


def record_subject(
    record: MetadataRecord,
    fieldmap: FieldMap,
    path: str,
    doc: Document | None,
    base: str = "",
    node: str | None = None,
) -> Subject:
    subject = Subject(path=path, kind=SubjectKind.METADATA, title=record.title)
    subject.document = Document(data=record.model_dump(mode="json"), path=path)
    subject.payload = record

    def locate(pointer: str) -> dict[str, Any]:
        parts = pointer.strip("/").split("/")
        source = fieldmap.get("/".join(parts[:2])) or fieldmap.get(parts[0]) or base
        out: dict[str, Any] = {"path": path, "pointer": source or base}
        if doc is not None:
            out["line"], out["column"] = doc.locate(source or base)
        if node:
            out["node"] = node
        return out

    subject.locator = locate
    return subject


def _is_pod(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("dataset"), list)
        and (
            "project-open-data" in str(data.get("conformsTo", ""))
            or "dcat" in str(data.get("@type", "")).lower()
            or all(isinstance(d, dict) for d in data["dataset"])
        )
    )


def metadata(data: Any) -> SubjectKind | None:
    if _is_pod(data):
        return SubjectKind.CATALOG
    if (
        isinstance(data, dict)
        and isinstance(data.get("resources"), list)
        and ("name" in data or "profile" in data or "title" in data)
        and "notes" not in data
    ):
        return SubjectKind.METADATA
    ckan = data.get("result") if isinstance(data, dict) and data.get("success") is True else data
    if isinstance(ckan, dict) and "notes" in ckan and isinstance(ckan.get("resources"), list):
        return SubjectKind.METADATA
    return None


def expand_metadata(subject: Subject, candidate: Candidate) -> list[Subject]:
    data, doc = subject.data, subject.document
    if isinstance(data, dict) and isinstance(data.get("resources"), list) and "notes" not in data:
        from .datapackage import read_package

        return read_package(candidate.path, subject.path, data, doc)
    base = "/result" if isinstance(data, dict) and data.get("success") is True else ""
    pkg = data.get("result") if base else data
    record, fm = from_ckan(pkg, base)
    return [record_subject(record, fm, subject.path, doc, base)]


def expand_catalog(subject: Subject, candidate: Candidate) -> list[Subject]:
    data, doc = subject.data, subject.document
    subjects = []
    for i, ds in enumerate(data.get("dataset") or []):
        if not isinstance(ds, dict):
            continue
        record, fm = from_pod(ds, f"/dataset/{i}")
        shown = f"{subject.path}#/dataset/{i}"
        subjects.append(record_subject(record, fm, shown, doc, f"/dataset/{i}"))
    catalog = Subject(
        path=subject.path,
        kind=SubjectKind.CATALOG,
        document=doc,
        title=_s(data.get("title")) or f"{len(subjects)} datasets",
    )
    catalog.metadata["catalog"] = {"datasets": len(subjects)}
    return [catalog, *subjects]


detect.DETECTORS.append(metadata)
EXPANDERS[SubjectKind.METADATA] = expand_metadata
EXPANDERS[SubjectKind.CATALOG] = expand_catalog
_ = (READERS, _problem)  # registered elsewhere; kept importable for the RDF reader
