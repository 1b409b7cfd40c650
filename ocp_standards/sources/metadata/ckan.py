"""CKAN `package_show` JSON (the API envelope or the bare package) -> MetadataRecord."""

from __future__ import annotations

from typing import Any

from ...model.metadata import Distribution, MetadataRecord, normalise_frequency
from .common import FieldMap, items, text, texts


def unwrap(data: Any) -> tuple[dict[str, Any] | None, str]:
    """The package and its pointer: `{success, result: {...}}` or the package itself."""
    if (
        isinstance(data, dict)
        and data.get("success") is True
        and isinstance(data.get("result"), dict)
    ):
        return data["result"], "/result"
    return (data, "") if isinstance(data, dict) else (None, "")


def is_package(data: Any) -> bool:
    pkg, _ = unwrap(data)
    return isinstance(pkg, dict) and "notes" in pkg and isinstance(pkg.get("resources"), list)


def _extras(pkg: dict[str, Any]) -> dict[str, Any]:
    # CKAN stores custom fields (frequency, spatial ...) as [{key, value}] extras.
    out = {}
    for extra in items(pkg.get("extras")):
        if isinstance(extra, dict) and isinstance(extra.get("key"), str):
            out[extra["key"]] = extra.get("value")
    return out


def from_ckan(pkg: dict[str, Any], base: str) -> tuple[MetadataRecord, FieldMap]:
    extras = _extras(pkg)
    fm: FieldMap = {}
    for field, key in {
        "identifier": "id",
        "title": "title",
        "description": "notes",
        "keywords": "tags",
        "themes": "groups",
        "license": "license_id",
        "modified": "metadata_modified",
        "issued": "metadata_created",
        "publisher": "organization",
        "contact_email": "maintainer_email",
        "contact_name": "maintainer",
        "access_level": "private",
    }.items():
        if key in pkg:
            fm[field] = f"{base}/{key}"
    org: dict[str, Any] = pkg["organization"] if isinstance(pkg.get("organization"), dict) else {}
    for i, _ in enumerate(items(pkg.get("resources"))):
        fm[f"distributions/{i}"] = f"{base}/resources/{i}"
    frequency = text(pkg.get("frequency")) or text(extras.get("frequency"))
    private = pkg.get("private")
    record = MetadataRecord(
        source_format="ckan",
        identifier=text(pkg.get("id")) or text(pkg.get("name")),
        title=text(pkg.get("title")),
        description=text(pkg.get("notes")),
        keywords=texts(pkg.get("tags")),
        themes=texts(pkg.get("groups")),
        publisher=text(org.get("title")) or text(org.get("name")),
        contact_name=text(pkg.get("maintainer")) or text(pkg.get("author")),
        contact_email=text(pkg.get("maintainer_email")) or text(pkg.get("author_email")),
        license=text(pkg.get("license_url")) or text(pkg.get("license_id")),
        access_level=None if private is None else ("non-public" if private else "public"),
        frequency=frequency,
        frequency_code=normalise_frequency(frequency),
        issued=text(pkg.get("metadata_created")),
        modified=text(pkg.get("metadata_modified")),
        temporal_start=text(extras.get("temporal_start")),
        temporal_end=text(extras.get("temporal_end")),
        spatial=text(pkg.get("spatial")) or text(extras.get("spatial")),
        language=texts(pkg.get("language")),
        landing_page=text(pkg.get("url")),
        distributions=[
            Distribution(
                title=text(r.get("name")),
                format=text(r.get("format")),
                media_type=text(r.get("mimetype")),
                url=text(r.get("url")),
            )
            for r in items(pkg.get("resources"))
            if isinstance(r, dict)
        ],
    )
    return record, fm
