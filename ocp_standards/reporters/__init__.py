"""Reporters only render a Report; they never recompute scores or outcomes."""

from __future__ import annotations

from collections.abc import Callable

from ..model.report import Report
from .json import render_json
from .text import render_text

Renderer = Callable[[Report], str]

#: Output formats by name. Later work adds sarif, junit, markdown, html, rdf.
RENDERERS: dict[str, Renderer] = {"text": render_text, "json": render_json}

__all__ = ["RENDERERS", "Renderer", "render_json", "render_text"]
