"""Semantic-version bumps: what a version number declares, and ordering of bumps."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from ..model.standard import StandardVersion

#: From this day the versioning policy counts what users feel (docs/versioning.md): a change that
#: can change an outcome, a level or a gate result is major, and a new SHOULD/MAY rule is minor
#: only when the version before announced it (as a draft rule, shown as "upcoming"). The same day
#: starts the citation policy (sources with locators; lint L060/L061).
POLICY_SINCE = dt.date(2026, 12, 3)
#: The policy names: "outcomes" (from POLICY_SINCE) and "legacy" (versions released before it).
CURRENT_POLICY = "outcomes"
LEGACY_POLICY = "legacy"


def grandfathered(std: StandardVersion) -> bool:
    """Released before the policy existed: its files are frozen, so it is judged by the old one."""
    return std.status == "released" and std.released is not None and std.released < POLICY_SINCE


def policy_for(std: StandardVersion) -> str:
    return LEGACY_POLICY if grandfathered(std) else CURRENT_POLICY


class Bump(IntEnum):
    """How big a release must be; ordered so the largest required change wins."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


def parse_version(text: str) -> tuple[int, int, int]:
    major, minor, patch = (int(p) for p in text.split("."))
    return major, minor, patch


def declared_bump(old: str, new: str) -> Bump:
    """The bump that going from `old` to `new` declares (NONE when equal)."""
    a, b = parse_version(old), parse_version(new)
    if b[0] != a[0]:
        return Bump.MAJOR
    if b[1] != a[1]:
        return Bump.MINOR
    if b[2] != a[2]:
        return Bump.PATCH
    return Bump.NONE


def bumped(version: str, bump: Bump) -> str:
    major, minor, patch = parse_version(version)
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump is Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError("a new version needs a patch, minor or major bump")
