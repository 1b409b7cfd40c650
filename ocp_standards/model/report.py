"""The report: the one object every reporter renders and the gate reads.

Its JSON Schema is published as `standards/schemas/report.schema.json`; bump
`REPORT_SCHEMA_VERSION` on any incompatible change.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .outcome import Level, Outcome, Severity, SubjectKind

REPORT_SCHEMA_VERSION = "1.0"


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File the finding is in, as given on the command line.")
    pointer: str | None = Field(default=None, description="JSON pointer (RFC 6901) into the file.")
    line: int | None = Field(default=None, description="1-based line in the file.")
    column: int | None = Field(default=None, description="1-based column in the file.")
    row: int | None = Field(default=None, description="1-based data row, for tables.")
    field: str | None = Field(default=None, description="Column name, for tables.")
    node: str | None = Field(default=None, description="RDF focus node, for graphs.")


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str
    location: Location
    count: int = Field(default=1, description="How many occurrences this finding stands for.")
    examples: list[str] = Field(default_factory=list, description="First few (masked) examples.")


class RuleResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    title: str
    standard: str = Field(description="standard-id@version the rule comes from")
    level: Level
    severity: Severity
    dimension: str
    weight: float = Field(description="Points this rule is worth in the scoring model.")
    outcome: Outcome
    findings: list[Finding] = Field(default_factory=list)
    reason: str | None = Field(default=None, description="Why cantTell/inapplicable, if known.")
    remediation: str | None = None


class DimensionScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    score: float | None = Field(description="0-100, or null when no rule applied.")
    earned: float
    possible: float
    passed: int
    failed: int


class Fix(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    title: str
    severity: Severity
    gain: float = Field(description="Score points gained if this rule passed.")
    blocks_level: bool = Field(description="Whether this failure alone bars the next level.")


class NextLevel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: str
    title: str
    score_needed: float = Field(description="Score points still missing (0 if enough).")
    blocking_rules: list[str] = Field(description="Failed rules the level requires to pass.")


class OutcomeCounts(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    passed: int = 0
    failed: int = 0
    inapplicable: int = 0
    cantTell: int = 0
    untested: int = 0


class SubjectReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    kind: SubjectKind
    title: str | None = None
    score: float = Field(ge=0, le=100)
    level: str
    level_title: str
    earned: float
    possible: float
    counts: OutcomeCounts
    dimensions: list[DimensionScore]
    next_level: NextLevel | None = None
    top_fixes: list[Fix] = Field(default_factory=list)
    results: list[RuleResult]
    scoring_model: str | None = Field(
        default=None, description="standard-id@version whose scoring model scored this subject"
    )
    metadata: dict[str, Any] = Field(default_factory=dict)


class StandardRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    status: str
    digest: str


class ProfileRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    source: str
    chain: list[str]


class ScoringRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(description="standard-id@version of the default scoring model")
    formula: str
    level_weights: dict[str, float]
    levels: list[dict[str, Any]]
    by_kind: dict[str, str] = Field(
        default_factory=dict, description="subject kind -> standard@version scoring it"
    )


class GateResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passed: bool
    fail_on: str
    fail_under: float | None
    reasons: list[str] = Field(default_factory=list)


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subjects: int
    score: float = Field(ge=0, le=100, description="Mean of subject scores.")
    level: str = Field(description="Lowest level among subjects.")
    level_title: str
    counts: OutcomeCounts


class ToolRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "ocp-standards"
    version: str


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = REPORT_SCHEMA_VERSION
    tool: ToolRef
    as_of: str = Field(description="The date rules treated as 'now' (ISO 8601).")
    draft: bool = Field(description="True when any standard used is an unreleased draft.")
    profile: ProfileRef
    standards: list[StandardRef]
    scoring: ScoringRef
    summary: Summary
    gate: GateResult
    subjects: list[SubjectReport]
