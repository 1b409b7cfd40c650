"""Transitional alias: the API checks are the `checks.api` package now (one module per concern).

Importing this module imports that package, which registers every API check once. It only keeps
the name "api_checks" in the built-in check modules working until that list names "api"; then
delete this file.
"""

from __future__ import annotations

from .api import (
    CREDENTIAL_NAMES,
    DATE_FORMATS,
    DATE_NAMES,
    PAGINATION_NAMES,
    PERSONAL_NAMES,
    RATE_LIMIT_HEADERS,
)

__all__ = [
    "CREDENTIAL_NAMES",
    "DATE_FORMATS",
    "DATE_NAMES",
    "PAGINATION_NAMES",
    "PERSONAL_NAMES",
    "RATE_LIMIT_HEADERS",
]
