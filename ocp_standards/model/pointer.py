"""JSON Pointer (RFC 6901) tokens: the one place `~` and `/` inside a key are escaped.

Findings point into documents by JSON pointer (`/paths/~1trips/get`); every stage builds and reads
them — sources record positions, checks report where, reporters show them — so the escaping lives
here, at the bottom of the flow, where all of them can import it.
"""

from __future__ import annotations


def escape(token: object) -> str:
    """One reference token: `~` → `~0`, then `/` → `~1` (in that order: key `~1` is `~01`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """The key a reference token names: `~1` → `/`, then `~0` → `~` (RFC 6901, section 4)."""
    return token.replace("~1", "/").replace("~0", "~")
