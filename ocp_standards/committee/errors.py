"""An authoring request that cannot be carried out (a usage problem: the CLI exits 2)."""

from __future__ import annotations


class AuthoringError(Exception):
    pass
