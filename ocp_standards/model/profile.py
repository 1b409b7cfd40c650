"""A profile: which standard versions and rules a city applies, with its overrides and gate."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
    chain: list[str] = Field(default_factory=list)
