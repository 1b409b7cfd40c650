"""A profile: which standard versions and rules a city applies, with its overrides and gate."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .outcome import Severity

FailOn = Literal["error", "warning", "info", "never"]


class RuleOverride(BaseModel):
    model_config = ConfigDict(extra="forbid")

    severity: Severity | None = None
    weight: int | None = Field(default=None, ge=0, le=10)
    params: dict[str, Any] = Field(default_factory=dict)


class Gate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fail_on: FailOn | None = None
    fail_under: float | None = Field(default=None, ge=0, le=100)


class Profile(BaseModel):
    """A profile file as written; `extends` is resolved by the catalog into a flat profile."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    #: A bundled profile's own version (`procurement@2026.12`): frozen, so a tender that pins it
    #: keeps its verdicts when the unversioned name moves on to a newer version.
    version: str | None = None
    description: str = ""
    extends: str | None = None
    standards: dict[str, str] = Field(default_factory=dict)
    #: One standard whose scoring model scores every subject, or a mapping from subject kind
    #: (manifest, dataset, metadata, api, submission, catalog, default) to a standard id.
    scoring: str | dict[str, str] | None = None
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    include_draft: bool | None = None
    overrides: dict[str, RuleOverride] = Field(default_factory=dict)
    gate: Gate = Field(default_factory=Gate)
    # Filled in by the catalog.
    source: str = ""
    #: sha256 over the files of the `extends` chain, root first (what exactly was applied).
    digest: str = ""
    chain: list[str] = Field(default_factory=list)
    #: Which profile file set each overridden parameter (rule key -> parameter -> file), so an
    #: error names the file to edit even when the value was inherited through `extends`.
    _param_sources: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)

    def param_source(self, rule_key: str, name: str) -> str:
        """The file that set `overrides[rule_key].params[name]` (this profile's own by default)."""
        return self._param_sources.get(rule_key, {}).get(name, self.source)

    def record_param_sources(self, sources: dict[str, dict[str, str]] | None = None) -> None:
        """Set where each overridden parameter came from; by default, this profile's own file."""
        if sources is None:
            sources = {k: {n: self.source for n in ov.params} for k, ov in self.overrides.items()}
        self._param_sources = {k: dict(v) for k, v in sources.items()}
