"""A Subject is one thing to check: a manifest, dataset, metadata record, API or submission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..model.outcome import SubjectKind
from .document import Document


@dataclass
class InputProblem:
    """Why an input could not be read, parsed or recognised. Becomes a finding, never a crash."""

    rule_id: str  # one of the OCP-INPUT-* rules
    message: str
    line: int | None = None
    column: int | None = None


P = TypeVar("P")


class WrongSubjectKind(TypeError):
    """A check asked a subject for what only another kind of subject carries (a dataset check on
    a metadata record, say): a misplaced rule or a reader that set no payload, never bad data."""


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
    #: What the reader of this kind gives its checks beside `data`, one type per kind: a
    #: dataset's Table, a metadata record's RecordPayload, a submission's SubmissionView, an
    #: API's Bundle. Checks read it through `payload_as`, typed, never as it is.
    payload: object = None

    @property
    def data(self) -> Any:
        return self.document.data if self.document is not None else None

    @property
    def loaded(self) -> bool:
        return self.problem is None and self.document is not None

    def payload_as(self, kind: SubjectKind, cls: type[P]) -> P:
        """The payload of a subject of `kind`, as the `cls` its reader gives (`Table` for a
        dataset, `RecordPayload` for a metadata record, `SubmissionView` for a submission ...).

        Raises WrongSubjectKind, saying which, when this subject is of another kind or its
        reader left no such payload."""
        if self.kind is not kind:
            raise WrongSubjectKind(
                f"{self.path} is a {self.kind.value} subject; only a {kind.value} subject "
                f"carries a {cls.__name__}"
            )
        if not isinstance(self.payload, cls):
            raise WrongSubjectKind(
                f"the {kind.value} subject {self.path} carries no {cls.__name__} (its reader gave "
                f"{type(self.payload).__name__})"
            )
        return self.payload
