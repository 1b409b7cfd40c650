"""Release bundled profile versions: record the digest of every `profiles/NAME@VERSION.yaml`
in `profiles/released.json`, so the version is frozen (catalog/loader.py refuses a changed one).

`make profiles-lock` runs this. It adds new versions and never rewrites a recorded digest: a
released version that needs a change gets a new version instead.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from ..catalog.loader import RELEASED_PROFILES, released_profiles
from ..catalog.paths import profiles_dir


class ProfileReleaseError(ValueError):
    """A released profile version was edited: add a new version instead."""


def record_profiles(folder: Path | None = None) -> list[str]:
    """Record every versioned profile not yet recorded; return the names added."""
    folder = folder or profiles_dir()
    recorded = released_profiles() if folder == profiles_dir() else _read(folder)
    added = []
    for path in sorted(folder.glob("*@*.yaml")):
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        known = recorded.get(path.stem)
        if known is None:
            recorded[path.stem] = digest
            added.append(path.stem)
        elif known != digest:
            raise ProfileReleaseError(
                f"profiles/{path.name} changed after it was released; add a new version "
                f"(e.g. {path.stem.partition('@')[0]}@YYYY.MM) instead of editing it"
            )
    body = {
        "comment": "Digests of released profile versions: frozen. Written by `make profiles-lock`.",
        "profiles": dict(sorted(recorded.items())),
    }
    (folder / RELEASED_PROFILES).write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return added


def _read(folder: Path) -> dict[str, str]:
    path = folder / RELEASED_PROFILES
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("profiles", {}))


def main() -> int:
    try:
        added = record_profiles()
    except ProfileReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("recorded: " + (", ".join(added) if added else "nothing new"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
