"""Policy values that decide verdicts, as check arguments with today's values as defaults.

Lists of names a check looks for (credential-like parameter names, personal-looking property
names, pagination parameters, date and coordinate column names …) are policy, not code: each is
an argument of its check, declared in the check's args JSON Schema with a `default` that is
exactly the value released rules were judged with. A rule that leaves the argument out gets the
default; a new standard version can pass a parameter instead (`names: "{params.names}"`).

A list of regular expressions is joined into one alternation, in order, so the default list
compiles to the very pattern the check used before it became an argument.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any


def patterns_arg(description: str, default: Sequence[str]) -> dict[str, Any]:
    """The JSON Schema of an argument that is a non-empty list of regular expressions.

    Never empty: an empty alternation matches every name."""
    return {
        "type": "array",
        "items": {"type": "string", "format": "regex"},
        "minItems": 1,
        "default": list(default),
        "description": description,
    }


def strings_arg(description: str, default: Sequence[str]) -> dict[str, Any]:
    """The JSON Schema of an argument that is a non-empty list of plain strings."""
    return {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "default": list(default),
        "description": description,
    }


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...], whole: bool) -> re.Pattern[str]:
    body = "|".join(patterns)
    return re.compile(f"^({body})$" if whole else f"({body})", re.I)


def any_of(patterns: Sequence[str], *, whole: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of `patterns` (the whole text when `whole`)."""
    return _compiled(tuple(patterns), whole)
