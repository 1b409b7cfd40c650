"""DCAT-US / Project Open Data v1.1 `data.json` datasets -> MetadataRecord."""

from __future__ import annotations

import json
from typing import Any

from ...model.metadata import (
    Distribution,
    MetadataRecord,
    normalise_access,
    normalise_frequency,
)
from .common import FieldMap, items, mailto, text, texts

_KEYS = {
    "identifier": "identifier",
    "title": "title",
    "description": "description",
    "keywords": "keyword",
    "themes": "theme",
    "license": "license",
    "access_level": "accessLevel",
    "rights": "rights",
    "frequency": "accrualPeriodicity",
    "issued": "issued",
    "modified": "modified",
    "temporal_start": "temporal",
    "temporal_end": "temporal",
    "spatial": "spatial",
    "language": "language",
    "conforms_to": "conformsTo",
    "publisher": "publisher",
    "contact_email": "contactPoint",
    "contact_name": "contactPoint",
    "landing_page": "landingPage",
    "described_by": "describedBy",
}


def is_data_catalogue(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("dataset"), list)
        and "@graph" not in data
        and (
            "project-open-data" in str(data.get("conformsTo", ""))
            or "dcat" in str(data.get("@type", "")).lower()
            or all(isinstance(d, dict) for d in data["dataset"])
        )
    )


def from_pod(ds: dict[str, Any], base: str) -> tuple[MetadataRecord, FieldMap]:
    fm: FieldMap = {f: f"{base}/{k}" for f, k in _KEYS.items() if k in ds}
    publisher = ds.get("publisher")
    contact: dict[str, Any] = ds["contactPoint"] if isinstance(ds.get("contactPoint"), dict) else {}
    temporal = text(ds.get("temporal")) or ""
    start, _, end = temporal.partition("/")
    dists = []
    for i, d in enumerate(items(ds.get("distribution"))):
        if not isinstance(d, dict):
            continue
        fm[f"distributions/{i}"] = f"{base}/distribution/{i}"
        dists.append(
            Distribution(
                title=text(d.get("title")),
                format=text(d.get("format")),
                media_type=text(d.get("mediaType")),
                url=text(d.get("downloadURL")) or text(d.get("accessURL")),
                conforms_to=text(d.get("conformsTo")),
            )
        )
    spatial = ds.get("spatial")
    record = MetadataRecord(
        source_format="data.json",
        identifier=text(ds.get("identifier")),
        title=text(ds.get("title")),
        description=text(ds.get("description")),
        keywords=texts(ds.get("keyword")),
        themes=texts(ds.get("theme")),
        publisher=text(publisher.get("name")) if isinstance(publisher, dict) else text(publisher),
        contact_name=text(contact.get("fn")),
        contact_email=mailto(contact.get("hasEmail")),
        license=text(ds.get("license")),
        access_level=normalise_access(text(ds.get("accessLevel"))),
        rights=text(ds.get("rights")),
        frequency=text(ds.get("accrualPeriodicity")),
        frequency_code=normalise_frequency(text(ds.get("accrualPeriodicity"))),
        issued=text(ds.get("issued")),
        modified=text(ds.get("modified")),
        temporal_start=start or None,
        temporal_end=end or None,
        spatial=json.dumps(spatial, sort_keys=True)[:2000]
        if isinstance(spatial, (dict, list))
        else text(spatial),
        language=texts(ds.get("language")),
        conforms_to=texts(ds.get("conformsTo")),
        landing_page=text(ds.get("landingPage")),
        described_by=text(ds.get("describedBy")),
        sensitive=True if normalise_access(text(ds.get("accessLevel"))) == "non-public" else None,
        distributions=dists,
    )
    return record, fm
