"""The changelog of a standard, generated from the diffs between consecutive versions."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ..catalog.loader import Catalog
from ..model.standard import StandardVersion
from .diff import StandardDiff, diff_versions


@dataclass
class Entry:
    """One version: its diff from the version before it (None for the first)."""

    version: StandardVersion
    diff: StandardDiff | None

    def to_dict(self) -> dict[str, Any]:
        v = self.version
        return {
            "version": v.version,
            "status": v.status,
            "released": v.released.isoformat() if v.released else None,
            "digest": v.digest if not v.is_draft else None,
            "rules": len(v.rules),
            "diff": self.diff.to_dict() if self.diff else None,
        }


def changelog(catalog: Catalog, standard_id: str) -> list[Entry]:
    """Newest first, as changelogs are read."""
    versions = catalog.versions(standard_id)
    entries = [Entry(versions[0], None)]
    entries += [Entry(b, diff_versions(a, b)) for a, b in itertools.pairwise(versions)]
    return entries[::-1]
