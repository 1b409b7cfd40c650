"""A version of one OCP standard, with the scoring model that travels with it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .outcome import Level
from .rule import Rule


class Dimension(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    description: str | None = None


class ConformanceLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    min_score: float = 0
    require_pass: list[Level] = Field(default_factory=list)


class FallbackLevel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str


class ScoringModel(BaseModel):
    """Points per requirement level, dimensions and conformance levels (highest first)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level_weights: dict[Level, float]
    dimensions: list[Dimension]
    levels: list[ConformanceLevel]
    fallback_level: FallbackLevel

    def dimension_title(self, dimension_id: str) -> str:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d.title
        return dimension_id


class StandardVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    title: str
    status: str  # draft | released
    released: dt.date | None = None
    summary: str = ""
    homepage: str | None = None
    previous: str | None = None
    scoring: ScoringModel
    # Filled in by the catalog.
    digest: str = ""
    path: str = ""
    rules: list[Rule] = Field(default_factory=list)
    #: The version's folder on disk; its `vocabularies/` holds the vocabularies it pins.
    _folder: str = PrivateAttr(default="")

    @property
    def folder(self) -> str:
        return self._folder

    def pin_folder(self, folder: str) -> None:
        self._folder = folder

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status != "released"
