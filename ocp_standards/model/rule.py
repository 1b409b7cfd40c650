"""A rule as written by the standards committee (one YAML file per rule)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .outcome import Level, Severity, Status

#: How a rule relates to one of its sources: the source requires it as written (`verbatim`), the
#: rule is our reading of it (`derived`), or the rule is our policy choice the source informs.
SourceBasis = Literal["verbatim", "derived", "policy"]


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    title: str | None = None
    #: Where in the source: article, section, clause, principle ("Art. 25(5)", "§ 4.2").
    locator: str | None = None
    basis: SourceBasis | None = None

    def cite(self) -> str:
        """One line for people: title or URL, the locator and the basis."""
        text = self.title or self.url
        if self.locator:
            text += f", {self.locator}"
        if self.basis:
            text += f" ({self.basis})"
        return text


class ParamSource(BaseModel):
    """Where a parameter's value comes from: a source of the rule (1-based index into `sources`)
    and the place in it, or `policy` — our own default, with the reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: int | None = Field(default=None, ge=1)
    locator: str | None = None
    policy: str | None = None


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
    #: Per parameter: the source its value comes from, or that it is our policy default.
    param_sources: dict[str, ParamSource] = Field(default_factory=dict)
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
