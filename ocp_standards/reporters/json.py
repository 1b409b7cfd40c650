"""Machine-readable report; its schema is published as standards/schemas/report.schema.json."""

from __future__ import annotations

from ..model.report import Report


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
