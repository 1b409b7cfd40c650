"""`ocp standards new-version`: start a draft from the latest release of a standard.

The files are copied byte for byte and `standard.yaml` is edited line by line, so the draft's
first diff from its release is empty and reviewers see only the committee's own edits.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog, load_catalog
from .bump import Bump, bumped
from .errors import AuthoringError


def new_version(root: Path, catalog: Catalog, standard_id: str, bump: Bump) -> Path:
    """Create `root/<id>/<next version>/` as a draft copy of the latest release; return it."""
    try:
        history = catalog.versions(standard_id)
        catalog.get(standard_id)  # unknown standard -> CatalogError naming the known ones
    except CatalogError as exc:
        raise AuthoringError(str(exc)) from None
    released = [s for s in history if not s.is_draft]
    if not released:
        raise AuthoringError(
            f"{standard_id} has no released version to start from; edit its draft "
            f"{history[-1].version} and release it first"
        )
    base = released[-1]
    newer_drafts = [s.version for s in history if s.is_draft and s is not base]
    if newer_drafts:
        raise AuthoringError(
            f"{standard_id} already has a draft ({', '.join(newer_drafts)}); release or delete it "
            "before starting another"
        )
    version = bumped(base.version, bump)
    source = root / standard_id / base.version
    target = root / standard_id / version
    if target.exists():
        raise AuthoringError(f"{target} already exists")
    (target / "rules").mkdir(parents=True)
    try:
        for rule_file in sorted((source / "rules").glob("*.yaml")):
            shutil.copyfile(rule_file, target / "rules" / rule_file.name)
        # The vocabularies the base version pins carry over; `pin_vocabularies` updates them.
        for vocab_file in sorted((source / "vocabularies").glob("*.json")):
            (target / "vocabularies").mkdir(exist_ok=True)
            shutil.copyfile(vocab_file, target / "vocabularies" / vocab_file.name)
        text = (source / "standard.yaml").read_text(encoding="utf-8")
        (target / "standard.yaml").write_text(
            draft_metadata(text, version, base.version), encoding="utf-8"
        )
        load_catalog(root)  # the new draft must load, or it is not left behind
    except (OSError, CatalogError, AuthoringError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        detail = "\n  ".join(exc.problems) if isinstance(exc, CatalogError) else str(exc)
        raise AuthoringError(f"could not create {standard_id} {version}:\n  {detail}") from None
    return target


def _sub_once(pattern: str, replacement: str, text: str, what: str) -> str:
    new_text, n = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if n != 1:
        raise AuthoringError(f"standard.yaml: expected exactly one {what} line, found {n}")
    return new_text


def draft_metadata(text: str, version: str, previous: str) -> str:
    """A released `standard.yaml` turned into the next version's draft, keeping its layout."""
    if text.lstrip().startswith("{"):  # JSON is YAML too; edit it as data
        data = json.loads(text)
        data.update(version=version, status="draft", previous=previous)
        data.pop("released", None)
        return json.dumps(data, indent=2) + "\n"
    text = _sub_once(r"^version:.*$", f"version: {version}", text, "`version:`")
    text = _sub_once(r"^status:.*$", "status: draft", text, "`status:`")
    text = re.sub(r"^released:.*\n", "", text, flags=re.MULTILINE)
    if re.search(r"^previous:", text, flags=re.MULTILINE):
        return _sub_once(r"^previous:.*$", f"previous: {previous}", text, "`previous:`")
    return _sub_once(r"^(status: draft)$", rf"\1\nprevious: {previous}", text, "`status:`")
