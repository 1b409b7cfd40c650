"""One metadata model for every metadata format.

Frictionless Data Packages, DCAT (Turtle, RDF/XML, JSON-LD), DCAT-US `data.json` and CKAN
`package_show` JSON are all read into a `MetadataRecord`, so each metadata rule is written once,
as a path into this record. Readers remember where each field came from in the original file.
"""

from __future__ import annotations

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


class MetadataRecord(BaseModel):
    """A dataset's description, whatever format it was published in."""

    model_config = ConfigDict(extra="forbid")

    source_format: str = Field(description="datapackage, dcat, data.json or ckan.")
    identifier: str | None = None
    title: str | None = None
    description: str | None = None
    keywords: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    publisher: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    license: str | None = None
    access_level: str | None = Field(default=None, description="public, restricted, non-public.")
    rights: str | None = None
    frequency: str | None = Field(default=None, description="ISO 8601 duration or a word.")
    issued: str | None = None
    modified: str | None = None
    temporal_start: str | None = None
    temporal_end: str | None = None
    spatial: str | None = None
    language: list[str] = Field(default_factory=list)
    conforms_to: list[str] = Field(default_factory=list)
    sensitive: bool | None = Field(default=None, description="Marked as holding sensitive data.")
    distributions: list[Distribution] = Field(default_factory=list)
