"""One metadata model for every metadata format.

Frictionless Data Packages, DCAT (Turtle, RDF/XML, JSON-LD), DCAT-US `data.json` and CKAN
`package_show` JSON are all read into a `MetadataRecord`, so each metadata rule is written once,
as a path into this record. Readers remember where each field came from in the original file.

The record keeps what the publisher declared (`frequency`, `license`, `access_level` as written)
beside a few normalised values (`frequency_code`), so a rule can judge either and a finding can
quote the publisher's own words.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field


class Distribution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    format: str | None = Field(default=None, description="Format name, e.g. CSV, GeoJSON.")
    media_type: str | None = Field(default=None, description="IANA media type.")
    url: str | None = Field(default=None, description="Download or access URL.")
    path: str | None = Field(default=None, description="Local path (data packages).")
    license: str | None = None
    conforms_to: str | None = None
    encoding: str | None = Field(default=None, description="Declared character set.")


class MetadataRecord(BaseModel):
    """A dataset's description, whatever format it was published in."""

    model_config = ConfigDict(extra="forbid")

    source_format: str = Field(
        description="datapackage, dcat-turtle, dcat-rdfxml, dcat-jsonld, data.json or ckan."
    )
    identifier: str | None = None
    title: str | None = None
    description: str | None = None
    keywords: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    publisher: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    license: str | None = Field(default=None, description="Licence URI, SPDX id or name.")
    access_level: str | None = Field(
        default=None, description="public, restricted public or non-public (normalised)."
    )
    rights: str | None = None
    frequency: str | None = Field(default=None, description="Update frequency as declared.")
    frequency_code: str | None = Field(
        default=None,
        description="The declared frequency as an ISO 8601 duration (P1M) or one of "
        "continual, irregular, as_needed, not_planned, unknown; null if unrecognised.",
    )
    issued: str | None = None
    modified: str | None = None
    temporal_start: str | None = None
    temporal_end: str | None = None
    spatial: str | None = None
    language: list[str] = Field(default_factory=list)
    conforms_to: list[str] = Field(default_factory=list)
    landing_page: str | None = None
    described_by: str | None = Field(default=None, description="Data dictionary URL or path.")
    sensitive: bool | None = Field(
        default=None, description="Marked as holding sensitive or personal data."
    )
    distributions: list[Distribution] = Field(default_factory=list)


#: Frequency words and vocabulary codes (EU authority table, Dublin Core Collection frequencies,
#: CKAN/open.canada.ca presets) -> ISO 8601 period or a non-periodic token.
_FREQUENCY_WORDS = {
    "daily": "P1D",
    "day": "P1D",
    "weekly": "P1W",
    "week": "P1W",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "month": "P1M",
    "bimonthly": "P2M",
    "quarterly": "P3M",
    "semiannual": "P6M",
    "biannual": "P6M",
    "annual": "P1Y",
    "annually": "P1Y",
    "yearly": "P1Y",
    "biennial": "P2Y",
    "triennial": "P3Y",
    "hourly": "PT1H",
    "continuous": "continual",
    "continual": "continual",
    "cont": "continual",
    "realtime": "continual",
    "update_cont": "continual",
    "irregular": "irregular",
    "irreg": "irregular",
    "as_needed": "as_needed",
    "asneeded": "as_needed",
    "never": "not_planned",
    "not_planned": "not_planned",
    "notplanned": "not_planned",
    "unknown": "unknown",
    "other": "unknown",
}
_ISO_PERIOD = re.compile(r"^(R\d*/)?(P(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?|PT(?:\d+[HMS])+)$")


def normalise_frequency(raw: str | None) -> str | None:
    """`R/P1M`, `P1M`, `monthly`, `.../frequency/MONTHLY`, `freq:monthly` -> `P1M`, else None."""
    if not raw:
        return None
    value = raw.strip()
    iso = _ISO_PERIOD.match(value.upper())
    if iso:
        return iso.group(2)
    # The last segment of a vocabulary URI or CURIE is the code.
    word = re.split(r"[/#:]", value.rstrip("/"))[-1].strip().lower()
    word = re.sub(r"[\s-]+", "_", word)
    return _FREQUENCY_WORDS.get(word) or _FREQUENCY_WORDS.get(word.replace("_", ""))


def period_days(code: str | None) -> float | None:
    """Approximate length of an ISO 8601 period in days (None for non-periodic codes)."""
    if not code or not code.startswith("P"):
        return None
    days = 0.0
    date_part, _, time_part = code[1:].partition("T")
    for amount, unit in re.findall(r"(\d+)([YMWD])", date_part):
        days += int(amount) * {"Y": 365.25, "M": 30.44, "W": 7, "D": 1}[unit]
    for amount, unit in re.findall(r"(\d+)([HMS])", time_part):
        days += int(amount) / {"H": 24, "M": 1440, "S": 86400}[unit]
    return days or None


_ACCESS = {
    "public": "public",
    "open": "public",
    "restricted public": "restricted public",
    "restricted": "restricted public",
    "non-public": "non-public",
    "non_public": "non-public",
    "nonpublic": "non-public",
    "private": "non-public",
}


def normalise_access(raw: str | None) -> str | None:
    """POD accessLevel, EU access-right URIs (PUBLIC/RESTRICTED/NON_PUBLIC), CKAN private flag."""
    if not raw:
        return None
    word = re.split(r"[/#]", raw.strip().rstrip("/"))[-1].lower().replace("_", "-")
    return _ACCESS.get(word, _ACCESS.get(word.replace("-", " "), raw.strip()))
