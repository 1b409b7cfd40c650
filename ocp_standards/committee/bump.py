"""Semantic-version bumps: what a version number declares, and ordering of bumps."""

from __future__ import annotations

from enum import IntEnum


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
