"""`ocp standards release`: freeze a draft, but only one that lint finds fit to release.

A version is refused when one of its examples misbehaves, when it drops or reuses an id, or when
its number is smaller than its changes require: once released it can never be fixed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..catalog import digest as digests
from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog
from ..model.standard import StandardVersion
from .check_versions import release_fields
from .errors import AuthoringError
from .lint import LintProblem, version_problems


def pick_draft(catalog: Catalog, standard_id: str, version: str | None) -> StandardVersion:
    """The named version, or the newest draft of the standard; it must be a draft."""
    try:
        if version is None:
            drafts = [s for s in catalog.versions(standard_id) if s.is_draft]
            catalog.get(standard_id)  # unknown standard -> CatalogError
            if not drafts:
                raise AuthoringError(f"{standard_id} has no draft version to release")
            std = drafts[-1]
        else:
            std = catalog.get(standard_id, version)
    except CatalogError as exc:
        raise AuthoringError(str(exc)) from None
    if not std.is_draft:
        raise AuthoringError(
            f"{std.ref} is already released (digest {std.digest}); make a new version"
        )
    return std


def release_blockers(catalog: Catalog, std: StandardVersion, now: dt.datetime) -> list[LintProblem]:
    """Lint errors that make `std` unfit to freeze (warnings do not block)."""
    history = catalog.versions(std.id)
    earlier = [s for s in history if s.version != std.version and _older(s, std)]
    previous = earlier[-1] if earlier else None
    known = {s.version for s in history}
    return [p for p in version_problems(std, previous, now, known) if p.severity == "error"]


def _older(a: StandardVersion, b: StandardVersion) -> bool:
    return tuple(int(x) for x in a.version.split(".")) < tuple(int(x) for x in b.version.split("."))


def freeze(root: Path, std: StandardVersion, day: dt.date) -> str:
    """Mark the version released on `day` and write its digests; returns the version digest."""
    version_dir = root / std.id / std.version
    meta = version_dir / "standard.yaml"
    text = meta.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):  # JSON is YAML too; edit it as data
        data = json.loads(text)
        data.update(status="released", released=day.isoformat())
        meta.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return digests.write_release(version_dir, release_fields(std))
    text = re.sub(r"^released:.*\n", "", text, flags=re.MULTILINE)
    new_text, n = re.subn(
        r"(?m)^status:\s*draft\s*$", f"status: released\nreleased: {day.isoformat()}", text
    )
    if n != 1:
        raise AuthoringError(f"{meta}: expected exactly one `status: draft` line")
    meta.write_text(new_text, encoding="utf-8")
    return digests.write_release(version_dir, release_fields(std))
