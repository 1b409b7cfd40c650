"""Types a check receives and returns. A check decides an outcome; never severity or score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ..model.outcome import Outcome
from ..model.vocabulary import VocabularyError
from .paths import find

if TYPE_CHECKING:
    from ..sources.subject import Subject


@dataclass(frozen=True)
class Hit:
    """A value selected by a path, with its absolute JSON pointer in the subject document."""

    pointer: str
    value: Any


@dataclass
class CheckFinding:
    message: str
    pointer: str = ""
    count: int = 1
    examples: list[str] = field(default_factory=list)
    row: int | None = None
    field: str | None = None
    node: str | None = None


@dataclass
class CheckOutcome:
    outcome: Outcome
    findings: list[CheckFinding] = field(default_factory=list)
    reason: str | None = None
    #: How the outcome is known, when the check knows better than its subject's kind does
    #: (engine/evaluate.py: `declared` for a manifest, `verified` for a submission's
    #: cross-checks, `measured` for what the tool computes from data, APIs and metadata).
    evidence: Literal["declared", "verified", "measured"] | None = None

    @classmethod
    def passed(cls) -> CheckOutcome:
        return cls(Outcome.PASSED)

    @classmethod
    def failed(cls, *findings: CheckFinding) -> CheckOutcome:
        return cls(Outcome.FAILED, list(findings))

    @classmethod
    def inapplicable(cls, reason: str | None = None) -> CheckOutcome:
        return cls(Outcome.INAPPLICABLE, reason=reason)

    @classmethod
    def cant_tell(cls, reason: str) -> CheckOutcome:
        return cls(Outcome.CANT_TELL, reason=reason)


class RunView(Protocol):
    """What a check may know of the run it is part of; the engine implements it.

    Only the few checks that need the run see more than their own subject: the first table check
    fuses the analyses of every table check of the run into one pass, and a submission's
    cross-checks judge its parts with the run's MUST rules. A check never imports the catalogue
    or the engine: it asks this view.
    """

    def table_checks(self) -> list[tuple[str, dict[str, Any]]]:
        """(name, args) of every Python check the run's dataset rules call, nested ones too."""
        ...

    def must_rule_ids(self, kind: str, standard: str) -> list[str]:
        """Ids of the MUST rules the run applies to a kind of subject: the profile's, or, for a
        rule's golden example run without one, those of the latest `standard` in the catalogue."""
        ...

    def must_failures(self, part: Subject, data: Any, kind: str, standard: str) -> list[str] | None:
        """Ids of those MUST rules that `part` (whose document is `data`) fails, sorted; None
        when the part cannot be evaluated (not read)."""
        ...

    def vocabulary(self, standard: str, name: str) -> dict[str, Any]:
        """Vocabulary `name` as the standard version `standard` pins it."""
        ...

    def analyses(self, table: object) -> dict[str, Any]:
        """The run's memo of analyses already computed on `table` (see tables/fused.py)."""
        ...


@dataclass
class CheckContext:
    """What a check can see: the document (or the current item), the run's now, the rule params."""

    root: Any
    now: dt.datetime
    params: dict[str, Any] = field(default_factory=dict)
    subject: Subject | None = None
    node: Any = None
    base: str = ""
    #: The run this check is part of (None for a library call of one check).
    run: RunView | None = None
    #: The standard version (`id@version`) of the rule being checked: whose vocabularies apply.
    standard: str = ""

    def __post_init__(self) -> None:
        if self.node is None:
            self.node = self.root

    def find(self, path: str | None) -> list[Hit]:
        """Evaluate a JSONPath relative to the current node (`$` is the node)."""
        return [Hit(p, v) for p, v in find(path or "$", self.node, self.base)]

    def vocabulary(self, name: str) -> dict[str, Any]:
        """A vocabulary pinned by the standard version of the rule being checked (its
        `vocabularies/NAME.json`), so a released version keeps its verdicts when the shared
        vocabularies are regenerated. Raises VocabularyError when the version pins none."""
        if self.run is None:
            raise VocabularyError(f"vocabulary {name!r}: no run to say which standard version")
        return self.run.vocabulary(self.standard, name)

    def at(self, hit: Hit) -> CheckContext:
        """A context whose `$` is the given hit (used by `each`)."""
        return CheckContext(
            root=self.root,
            now=self.now,
            params=self.params,
            subject=self.subject,
            node=hit.value,
            base=hit.pointer,
            run=self.run,
            standard=self.standard,
        )
