"""JSON Schemas generated from the pydantic models, and where they are published."""

from __future__ import annotations

from functools import cache
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://ocp-standards.example/schemas"


@cache
def manifest_json_schema() -> dict[str, Any]:
    from .manifest import Manifest

    schema = Manifest.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"{BASE_ID}/manifest.schema.json", **schema}


@cache
def report_json_schema() -> dict[str, Any]:
    from .report import Report

    schema = Report.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"{BASE_ID}/report.schema.json", **schema}


PUBLISHED = {
    "manifest.schema.json": manifest_json_schema,
    "report.schema.json": report_json_schema,
}
