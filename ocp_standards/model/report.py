"""The report: the one object every reporter renders and the gate reads.

Its JSON Schema is published as `standards/schemas/report.schema.json`; bump
`REPORT_SCHEMA_VERSION` on any incompatible change.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .outcome import Level, Outcome, Severity, SubjectKind

REPORT_SCHEMA_VERSION = "1.1"
#: Report schema versions this tool reads back (`ocp compare`, stored reports): this one and the
#: one before it. 1.1 added each result's evidence, the profile's version and digest, and
#: "announced" upcoming rules.
READABLE_REPORT_VERSIONS = ("1.0", "1.1")

#: How a result is known: `declared` (the submission says so), `verified` (a file or a
#: cross-check proves it) or `measured` (the tool computed it from the input).
Evidence = Literal["declared", "verified", "measured"]

#: Why a failure is waived: a fixed vocabulary, so waivers can be tallied and audited.
WaiverReason = Literal["not-applicable", "accepted-risk", "remediation-planned", "false-positive"]


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
    fingerprint: str | None = Field(
        default=None,
        description="Stable id of this finding from its logical location (rule, subject path "
        "relative to the run, pointer/row/field), never its line; used by SARIF and baselines.",
    )


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
    evidence: Evidence | None = Field(
        default=None,
        description="How a passed or failed result is known: 'declared' (the submission says "
        "so), 'verified' (a file or a cross-check proves it) or 'measured' (the tool computed "
        "it). None for results that are neither passed nor failed.",
    )
    waiver: AppliedWaiver | None = Field(
        default=None,
        description="Set on a failed result an active waiver covers: it stays failed (and in "
        "the score) but does not fail the gate.",
    )
    baseline: Literal["new", "known"] | None = Field(
        default=None,
        description="With a baseline: 'known' when every finding of this failed result is "
        "recorded in it (it does not fail the gate), else 'new'.",
    )


class AppliedWaiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="Rule id (or id prefix ending in '*') the waiver names.")
    subject: str = Field(description="Glob of subject paths the waiver covers.")
    reason: WaiverReason
    justification: str
    approver: str
    expires: str = Field(description="Last day the waiver holds (ISO 8601).")


class WaiverProblem(BaseModel):
    """An expired or unused waiver: a finding about the waivers file itself."""

    model_config = ConfigDict(extra="forbid")

    rule_id: str = Field(description="OCP-WAIVER-001 (expired) or OCP-WAIVER-002 (unused).")
    severity: Severity
    message: str
    location: Location
    fingerprint: str | None = None


class WaiverSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    applied: int = Field(description="Failed results covered by an active waiver.")
    problems: list[WaiverProblem] = Field(default_factory=list)


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fingerprint: str
    rule_id: str
    path: str
    pointer: str | None = None


class BaselineSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    new: int = Field(description="Failed results with a finding not in the baseline.")
    known: int = Field(description="Failed results whose findings are all in the baseline.")
    fixed: list[BaselineEntry] = Field(
        default_factory=list, description="Baseline entries that no longer fail."
    )


class RuleInfo(BaseModel):
    """What a rule used in this run says, so reporters (SARIF rules, HTML) need no catalog."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    standard: str = Field(description="standard-id@version, or 'ocp' for the tool's own rules")
    level: Level
    severity: Severity = Field(description="Effective severity in this run's profile.")
    dimension: str
    statement: str
    rationale: str | None = None
    remediation: str | None = None
    sources: list[str] = Field(default_factory=list)
    help_uri: str | None = Field(default=None, description="The rule's documentation page.")
    checks: list[str] = Field(
        default_factory=list,
        description="The check versions the rule ran, nested ones included: kinds as `each@1`, "
        "named Python checks as `python:has-operation@1`.",
    )


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


class UpcomingResult(BaseModel):
    """A rule of a newer released version that this subject would fail: notice before adoption.

    Never scored and never gating: it only tells what checking against that version would add.
    """

    model_config = ConfigDict(extra="forbid")

    rule_id: str
    title: str
    standard: str = Field(description="standard-id@version of the newer version")
    level: Level
    severity: Severity = Field(description="Severity it would have under the run's profile.")
    change: Literal["new", "changed", "announced"] = Field(
        description="'new' in that version, 'changed' (e.g. tightened) since the one used, or "
        "'announced': a draft rule of the version used, announced to take effect in a later one"
    )
    findings: list[Finding] = Field(default_factory=list)


class RollupDataset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    title: str | None = None
    score: float
    level: str


class RollupFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    title: str
    datasets: int = Field(description="How many of the catalogue's datasets fail this rule.")


class CatalogRollup(BaseModel):
    """A catalogue's datasets at a glance: for a portal that checks its whole catalogue."""

    model_config = ConfigDict(extra="forbid")

    datasets: int
    mean_score: float | None = Field(description="Mean score of the datasets (null if none).")
    levels: dict[str, int] = Field(description="How many datasets reached each level.")
    score_bands: dict[str, int] = Field(description="Datasets per score band (0-49 ... 90-100).")
    worst: list[RollupDataset] = Field(description="Lowest-scoring datasets, worst first.")
    common_failures: list[RollupFailure] = Field(
        description="Rules failed by the most datasets, most common first."
    )


class BidPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    kind: SubjectKind
    score: float
    level: str
    failed_errors: int = Field(description="Failed rules at error severity (MUST by default).")


class SubmissionOverview(BaseModel):
    """A vendor's whole bid at a glance: its cross-checks and every part it holds, together."""

    model_config = ConfigDict(extra="forbid")

    parts: int = Field(description="Subjects in the bid, the submission's cross-checks included.")
    mean_score: float = Field(ge=0, le=100, description="Mean score of those subjects.")
    lowest_level: str = Field(description="Lowest level any of them reached.")
    lowest_level_title: str
    failed_errors: int = Field(description="Failed rules at error severity across the bid.")
    members: list[BidPart] = Field(description="The submission itself, then each part.")


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
    upcoming: list[UpcomingResult] = Field(
        default_factory=list,
        description="Rules of a newer released version this subject would newly fail (or fail "
        "more severely); they affect neither score nor gate.",
    )
    rollup: CatalogRollup | None = Field(
        default=None, description="For a catalogue: its datasets' scores and common failures."
    )
    bid: SubmissionOverview | None = Field(
        default=None,
        description="For a submission: the whole bid (cross-checks and parts) at a glance.",
    )


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
    version: str | None = Field(
        default=None, description="The bundled profile's version (e.g. 2026.12), when it has one."
    )
    digest: str | None = Field(
        default=None, description="sha256 over the files of the profile's extends chain."
    )


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
    rules: list[RuleInfo] = Field(
        default_factory=list, description="Catalogue of the rules this report's results use."
    )
    waivers: WaiverSummary | None = None
    baseline: BaselineSummary | None = None
