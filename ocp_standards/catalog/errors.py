"""Errors in the standards or profile files: always `file: field: reason`, never a traceback."""

from __future__ import annotations


class CatalogError(Exception):
    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
