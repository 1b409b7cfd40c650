"""Vocabularies pinned inside the standard version that uses them: a rule reads its version's
copy, a release freezes it, and regenerating the shared vocabularies changes no released verdict."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.ruleset import activate
from ocp_standards.checks.base import CheckContext, CheckFinding, CheckOutcome
from ocp_standards.checks.registry import REGISTRY
from ocp_standards.committee import check_versions as cv
from ocp_standards.committee.vocab import VocabError, pin_vocabularies
from ocp_standards.engine.evaluate import SubjectRun, run_rule
from ocp_standards.model.outcome import Outcome
from ocp_standards.model.vocabulary import default_folder

from .fixtures.core.builders import rule_data, standard_data, write_version

NOW = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
CHECK = "test-known-country"


@pytest.fixture
def country_check() -> Iterator[None]:
    """A Python check that reads the `countries` vocabulary its rule's version pins."""

    def known_country(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
        """What it checks: `$.country` is an ISO 3166-1 alpha-2 code of the pinned list.
        Why: a test of pinned vocabularies.
        Passes: `{country: CA}`.
        Fails: `{country: XX}`."""
        codes = ctx.vocabulary("countries")["entries"]
        value = ctx.root.get("country") if isinstance(ctx.root, dict) else None
        if value in codes:
            return CheckOutcome.passed()
        return CheckOutcome.failed(CheckFinding(f"{value!r} is not a country", "/country"))

    REGISTRY.python_check(CHECK, "A country of the pinned list.", {"type": "object"})(known_country)
    yield
    REGISTRY.python.pop(CHECK, None)


def _rule() -> dict[str, Any]:
    return rule_data(
        "TST-GEN-002",
        check={"kind": "python", "name": CHECK},
        examples={"pass": [{"country": "CA"}], "fail": [{"country": "XX"}]},
    )


def _outcome(root: Path, doc: dict[str, Any]) -> CheckOutcome:
    std = load_catalog(root).get("ocp-testing")
    rule = next(r for r in std.rules if r.id == "TST-GEN-002")
    run = SubjectRun(None, NOW, (std,))  # as lint runs a rule's examples
    return run_rule(activate(rule), CheckContext(root=doc, now=NOW, run=run))


@pytest.mark.usefixtures("country_check")
def test_a_rule_reads_the_vocabulary_its_version_pins(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path, standard_data(), [rule_data(), _rule()])
    # Not pinned: the rule cannot tell, and says what to do.
    missing = _outcome(tmp_path, {"country": "CA"})
    assert missing.outcome is Outcome.CANT_TELL
    assert "does not pin the vocabulary 'countries'" in (missing.reason or "")
    (pinned,) = pin_vocabularies(version_dir, ["countries"])
    assert pinned == version_dir / "vocabularies" / "countries.json"
    assert _outcome(tmp_path, {"country": "CA"}).outcome is Outcome.PASSED
    assert _outcome(tmp_path, {"country": "XX"}).outcome is Outcome.FAILED
    # The version's copy is what counts, not the shared file: a code dropped from the copy
    # (re-digested, as `make vocab` would write it) changes this version's verdict.
    data = json.loads(pinned.read_text())
    del data["entries"]["CA"]
    shared = tmp_path / "shared"
    shared.mkdir()
    from ocp_standards.model.vocabulary import entries_digest, render_vocabulary

    data["digest"] = entries_digest(data["entries"])
    header = {k: v for k, v in data.items() if k != "entries"}
    (shared / "countries.json").write_text(
        render_vocabulary(header, data["entries"]), encoding="utf-8"
    )
    pin_vocabularies(version_dir, ["countries"], source=shared)
    assert _outcome(tmp_path, {"country": "CA"}).outcome is Outcome.FAILED


@pytest.mark.usefixtures("country_check")
def test_a_release_freezes_its_pinned_vocabularies(tmp_path: Path) -> None:
    std = standard_data(status="released", released="2026-12-10")
    version_dir = write_version(tmp_path, std, [rule_data(), _rule()])
    pin_vocabularies(version_dir, ["countries"])
    write_release(version_dir)
    write_release(version_dir, cv.release_fields(load_catalog(tmp_path).get("ocp-testing")))
    recorded = json.loads((version_dir / "release.json").read_text())
    # The pinned copy is one of the version's frozen files, and a check that reads it records
    # the copy's digest, not the shared file's.
    assert "vocabularies/countries.json" in json.dumps(recorded["files"])
    copy_digest = json.loads((version_dir / "vocabularies" / "countries.json").read_text())
    folder = load_catalog(tmp_path).get("ocp-testing").folder
    assert cv.vocabulary_digest("countries", folder) == copy_digest["digest"]
    with pytest.raises(VocabError, match="released"):
        pin_vocabularies(version_dir, ["countries"])
    copy = version_dir / "vocabularies" / "countries.json"
    copy.write_text(copy.read_text().replace('"Canada"', '"Kanada"'))
    with pytest.raises(CatalogError):
        load_catalog(tmp_path)


def test_new_versions_carry_the_pinned_vocabularies_over(tmp_path: Path) -> None:
    from ocp_standards.committee.bump import Bump
    from ocp_standards.committee.newversion import new_version

    root = tmp_path / "standards"
    std = standard_data(status="released", released="2026-12-10")
    version_dir = write_version(root, std, [rule_data()])
    shutil.copytree(default_folder(), tmp_path / "vocab")
    pin_vocabularies(version_dir, ["countries"], source=tmp_path / "vocab")
    write_release(version_dir)
    new_version(root, load_catalog(root), "ocp-testing", Bump.MINOR)
    assert (root / "ocp-testing" / "1.1.0" / "vocabularies" / "countries.json").is_file()
