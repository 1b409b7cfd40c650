"""Outcome, level and severity vocabularies.

Outcomes follow W3C EARL (https://www.w3.org/TR/EARL10-Schema/#OutcomeValue) so that
"not applicable" and "could not tell" are never confused with a failure.
"""

from __future__ import annotations

from enum import Enum


class Outcome(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    INAPPLICABLE = "inapplicable"
    CANT_TELL = "cantTell"
    UNTESTED = "untested"


class Level(str, Enum):
    """RFC 2119 requirement level of a rule."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"

    @property
    def severity(self) -> Severity:
        return _LEVEL_SEVERITY[self]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used by `--fail-on`."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(str, Enum):
    """Rule lifecycle: draft -> active -> deprecated -> retired."""

    DRAFT = "draft"
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    RETIRED = "retired"


class SubjectKind(str, Enum):
    MANIFEST = "manifest"
    DATASET = "dataset"
    METADATA = "metadata"
    API = "api"
    SUBMISSION = "submission"
    CATALOG = "catalog"
    UNKNOWN = "unknown"


_LEVEL_SEVERITY = {
    Level.MUST: Severity.ERROR,
    Level.SHOULD: Severity.WARNING,
    Level.MAY: Severity.INFO,
}
