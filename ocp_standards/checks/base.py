"""Types a check receives and returns. A check decides an outcome; never severity or score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.outcome import Outcome
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


@dataclass
class CheckContext:
    """What a check can see: the document (or the current item), the run's now, the rule params."""

    root: Any
    now: dt.datetime
    params: dict[str, Any] = field(default_factory=dict)
    subject: Subject | None = None
    node: Any = None
    base: str = ""
    #: The run's Ruleset, for checks that judge parts with other rules (submission cross-checks).
    ruleset: Any = None

    def __post_init__(self) -> None:
        if self.node is None:
            self.node = self.root

    def find(self, path: str | None) -> list[Hit]:
        """Evaluate a JSONPath relative to the current node (`$` is the node)."""
        return [Hit(p, v) for p, v in find(path or "$", self.node, self.base)]

    def at(self, hit: Hit) -> CheckContext:
        """A context whose `$` is the given hit (used by `each`)."""
        return CheckContext(
            root=self.root,
            now=self.now,
            params=self.params,
            subject=self.subject,
            node=hit.value,
            base=hit.pointer,
            ruleset=self.ruleset,
        )
