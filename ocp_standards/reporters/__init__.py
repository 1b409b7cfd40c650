"""Reporters only render a Report; they never recompute scores or outcomes."""

from __future__ import annotations

from collections.abc import Callable

from ..model.report import Report
from .html import render_html
from .json import render_json
from .junit import render_junit
from .markdown import render_markdown
from .sarif import render_sarif
from .text import render_text

Renderer = Callable[[Report], str]


def render_earl(report: Report) -> str:
    # rdflib costs ~50 ms to import: only runs that ask for EARL pay it.
    from .earl import render_earl as render

    return render(report)


def render_earl_jsonld(report: Report) -> str:
    from .earl import render_earl_jsonld as render

    return render(report)


#: Output formats by name, as `--format` and `--output FORMAT=FILE` accept them.
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "markdown": render_markdown,
    "html": render_html,
    "earl": render_earl,
    "earl-jsonld": render_earl_jsonld,
}

#: The usual file extension of each format (used by docs and `ocp init`).
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "markdown": "md",
    "html": "html",
    "earl": "ttl",
    "earl-jsonld": "jsonld",
}

__all__ = [
    "EXTENSIONS",
    "RENDERERS",
    "Renderer",
    "render_earl",
    "render_earl_jsonld",
    "render_html",
    "render_json",
    "render_junit",
    "render_markdown",
    "render_sarif",
    "render_text",
]
