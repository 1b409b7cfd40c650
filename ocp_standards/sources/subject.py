"""A Subject is one thing to check: a manifest, dataset, metadata record, API or submission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model.outcome import SubjectKind
from .document import Document


@dataclass
class InputProblem:
    """Why an input could not be read, parsed or recognised. Becomes a finding, never a crash."""

    rule_id: str  # one of the OCP-INPUT-* rules
    message: str
    line: int | None = None
    column: int | None = None


@dataclass
class Subject:
    path: str
    kind: SubjectKind
    document: Document | None = None
    title: str | None = None
    problem: InputProblem | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Maps a finding's JSON pointer (into `data`) to location fields in the *original* file:
    #: any of path, pointer, line, column, row, field, node. Readers that normalise their input
    #: (tables, DCAT, data.json ...) set it so findings point back into what the user gave.
    locator: Callable[[str], dict[str, Any]] | None = None
    #: Anything a reader wants its checks to have (e.g. the parsed table), beside `data`.
    payload: Any = None

    @property
    def data(self) -> Any:
        return self.document.data if self.document is not None else None

    @property
    def loaded(self) -> bool:
        return self.problem is None and self.document is not None
