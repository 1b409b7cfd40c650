"""A rule as written by the standards committee (one YAML file per rule)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .outcome import Level, Severity, Status


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    title: str | None = None


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    passing: list[Any] = Field(alias="pass")
    failing: list[Any] = Field(alias="fail")
    inapplicable: list[Any] = Field(default_factory=list)


class Rule(BaseModel):
    """One requirement of a standard version. Immutable once its version is released."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str
    slug: str
    title: str
    level: Level
    applies_to: list[str]
    dimension: str
    weight: int = 1
    tags: list[str] = Field(default_factory=list)
    statement: str
    rationale: str
    remediation: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    #: JSON Schema keywords per parameter, laid over the schema inferred from its default
    #: (catalog/params.py). Optional: released rules have none and stay byte-identical.
    params_schema: dict[str, dict[str, Any]] | None = None
    check: dict[str, Any]
    sources: list[Source]
    since: str
    status: Status = Status.ACTIVE
    replaced_by: str | None = None
    #: Former ids of a renamed rule: they stay taken and keep selecting this rule.
    aliases: list[str] = Field(default_factory=list)
    examples: Examples
    # Filled in by the catalog, not written in the file.
    standard: str = ""
    standard_version: str = ""
    file: str = ""

    @property
    def severity(self) -> Severity:
        return self.level.severity
