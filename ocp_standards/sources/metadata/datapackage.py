"""Frictionless Data Package / Data Resource descriptors (v1 and v2) -> MetadataRecord.

The Data Package specs have no fields for access level, update frequency or contact point; a
publisher adds them as custom properties, and we read the common spellings (DCAT and POD names).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ...model.metadata import (
    Distribution,
    MetadataRecord,
    normalise_access,
    normalise_frequency,
)
from .common import FieldMap, items, mailto, text, texts


def _roles(contributor: dict[str, Any]) -> list[str]:
    # v1 has one `role`, v2 a list of `roles`.
    roles = contributor.get("roles")
    if isinstance(roles, list):
        return [str(r).lower() for r in roles]
    return [str(contributor.get("role", "")).lower()]


def _distribution(res: dict[str, Any]) -> Distribution:
    ref = res.get("path")
    if isinstance(ref, list):
        ref = ref[0] if ref else None
    path = ref if isinstance(ref, str) else None
    suffix = PurePosixPath(path).suffix[1:] if path else ""
    return Distribution(
        title=text(res.get("title")) or text(res.get("name")),
        format=text(res.get("format")) or (suffix or None),
        media_type=text(res.get("mediatype")) or text(res.get("mediaType")),
        path=path,
        url=path if path and "://" in path else None,
        license=None,
        encoding=text(res.get("encoding")),
        conforms_to=text(res.get("profile")) if isinstance(res.get("profile"), str) else None,
    )


def from_datapackage(desc: dict[str, Any]) -> tuple[MetadataRecord, FieldMap]:
    """Map a package descriptor (or a single resource, read as a package of one)."""
    fm: FieldMap = {}

    def take(field: str, *keys: str) -> Any:
        for key in keys:
            if desc.get(key) not in (None, "", []):
                fm[field] = f"/{key}"
                return desc[key]
        return None

    licenses = desc.get("licenses") if isinstance(desc.get("licenses"), list) else []
    lic = licenses[0] if licenses and isinstance(licenses[0], dict) else {}
    if lic:
        fm["license"] = "/licenses/0"
    contributors = [c for c in items(desc.get("contributors")) if isinstance(c, dict)]
    publisher = next((c for c in contributors if "publisher" in _roles(c)), None) or next(
        (c for c in contributors if {"author", "creator"} & set(_roles(c))), None
    )
    contact = next(
        (c for c in contributors if c.get("email") and {"maintainer", "contact"} & set(_roles(c))),
        None,
    ) or next((c for c in contributors if c.get("email")), None)
    if contributors:
        fm["publisher"] = fm["contact_email"] = fm["contact_name"] = "/contributors"
    custom_contact = take("contact_email", "contactPoint", "contact")
    custom_publisher = take("publisher", "publisher")
    temporal = take("temporal_start", "temporal")
    if temporal is not None:
        fm["temporal_end"] = fm["temporal_start"]
    start, end = _temporal(temporal)
    package = isinstance(desc.get("resources"), list)
    resources = desc["resources"] if package else [desc]
    dists = []
    for i, res in enumerate(resources):
        if isinstance(res, dict):
            fm[f"distributions/{i}"] = f"/resources/{i}" if package else ""
            dists.append(_distribution(res))
    has_schema = any(isinstance(r, dict) and r.get("schema") for r in resources)
    sensitive = take("sensitive", "sensitive", "personal_data", "containsPersonalData")
    record = MetadataRecord(
        source_format="datapackage",
        identifier=text(take("identifier", "id", "identifier", "name")),
        title=text(take("title", "title")),
        description=text(take("description", "description")),
        keywords=texts(take("keywords", "keywords", "keyword")),
        themes=texts(take("themes", "theme", "themes")),
        publisher=_name(custom_publisher)
        or (text(publisher.get("title")) if publisher else None)
        or (text(publisher.get("organization")) if publisher else None)
        or text(take("publisher", "author")),
        contact_name=_name(custom_contact) or (text(contact.get("title")) if contact else None),
        contact_email=_email(custom_contact) or (mailto(contact.get("email")) if contact else None),
        # v1 drafts (and many real packages) use a single `license` string.
        license=text(lic.get("path")) or text(lic.get("name")) or text(take("license", "license")),
        access_level=normalise_access(text(take("access_level", "accessLevel", "access_level"))),
        rights=text(take("rights", "rights")),
        frequency=(freq := text(take("frequency", "accrualPeriodicity", "frequency"))),
        frequency_code=normalise_frequency(freq),
        issued=text(take("issued", "issued", "created")),
        modified=text(take("modified", "modified", "updated", "lastModified")),
        temporal_start=start,
        temporal_end=end,
        spatial=_spatial(take("spatial", "spatial")),
        language=texts(take("language", "language", "languages")),
        conforms_to=texts(take("conforms_to", "conformsTo")),
        landing_page=text(take("landing_page", "homepage", "landingPage")),
        described_by="table schema" if has_schema else text(take("described_by", "describedBy")),
        sensitive=sensitive if isinstance(sensitive, bool) else None,
        distributions=dists,
    )
    return record, fm


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return text(value.get("name")) or text(value.get("title")) or text(value.get("fn"))
    return text(value) if isinstance(value, str) and "@" not in value else None


def _email(value: Any) -> str | None:
    if isinstance(value, dict):
        return mailto(value.get("email") or value.get("hasEmail"))
    return mailto(value) if isinstance(value, str) and "@" in value else None


def _temporal(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, dict):
        return text(value.get("start")), text(value.get("end"))
    if isinstance(value, str) and "/" in value:
        start, _, end = value.partition("/")
        return text(start), text(end)
    return None, None


def _spatial(value: Any) -> str | None:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, sort_keys=True)[:2000]
    return text(value)
