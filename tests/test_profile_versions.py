"""Profiles a tender can pin: bundled profiles have frozen versions, the bare name is an alias of
the newest, reports record the exact version and digest, and a pin keeps its verdicts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards import check
from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.paths import profiles_dir, standards_dir
from ocp_standards.cli.app import app
from ocp_standards.committee.profiles import ProfileReleaseError, record_profiles
from ocp_standards.reporters.comparison import CompareError, load_report

from .conftest import AS_OF, EXAMPLES
from .crash import assert_no_crash

STRONG = EXAMPLES / "procurement" / "strong-bid.ocp.yaml"


def test_the_bare_name_is_the_newest_version_and_a_pin_is_exact() -> None:
    catalog = load_catalog()
    assert catalog.profile_versions("procurement") == ["2026.12"]
    alias, pinned = catalog.profile("procurement"), catalog.profile("procurement@2026.12")
    assert alias.version == pinned.version == "2026.12" and alias.digest == pinned.digest
    assert alias.source == "profiles/procurement@2026.12.yaml"
    with pytest.raises(CatalogError, match=r"procurement has procurement@2026\.12"):
        catalog.profile("procurement@2031.01")


def test_every_bundled_profile_version_is_recorded_and_unchanged() -> None:
    recorded = json.loads((profiles_dir() / "released.json").read_text())["profiles"]
    files = sorted(p.stem for p in profiles_dir().glob("*@*.yaml"))
    assert sorted(recorded) == files
    catalog = load_catalog()
    for name in files:
        assert catalog.profile(name).version == name.partition("@")[2]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_catalog: None) -> Path:
    """A tree with procurement@2026.12 (bundled) and a stricter procurement@2027.03."""
    (tmp_path / "standards").symlink_to(standards_dir())
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for f in profiles_dir().glob("*@2026.12.yaml"):
        shutil.copy(f, profiles / f.name)
    newer = (profiles / "procurement@2026.12.yaml").read_text(encoding="utf-8")
    newer = newer.replace('version: "2026.12"', 'version: "2027.03"')
    newer = newer.replace("fail_under: 60", "fail_under: 99")
    (profiles / "procurement@2027.03.yaml").write_text(newer, encoding="utf-8")
    assert record_profiles(profiles) == sorted(p.stem for p in profiles.glob("*@*.yaml"))
    monkeypatch.setenv("OCP_STANDARDS_HOME", str(tmp_path))
    return tmp_path


def test_a_pinned_profile_keeps_its_verdict_when_the_alias_moves(home: Path) -> None:
    moved = check([STRONG], profile="procurement", as_of=AS_OF)
    pinned = check([STRONG], profile="procurement@2026.12", as_of=AS_OF)
    assert (moved.profile.version, pinned.profile.version) == ("2027.03", "2026.12")
    assert not moved.gate.passed and pinned.gate.passed
    assert moved.profile.digest != pinned.profile.digest
    # The same pin from a config file, as a tender or a repository keeps it.
    (home / "bids").mkdir()
    shutil.copy(STRONG, home / "bids" / STRONG.name)
    (home / "bids" / "ocp.toml").write_text('profile = "procurement@2026.12"\n')
    result = CliRunner().invoke(
        app, ["check", str(home / "bids" / STRONG.name), "--as-of", "2026-11-24", "-f", "json"]
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"]["version"] == "2026.12"


def test_a_released_profile_version_is_frozen(home: Path) -> None:
    released = home / "profiles" / "procurement@2026.12.yaml"
    released.write_text(released.read_text() + "# edited\n")
    with pytest.raises(CatalogError, match="changed after it was released"):
        load_catalog().profile("procurement@2026.12")
    with pytest.raises(ProfileReleaseError, match="add a new version"):
        record_profiles(home / "profiles")
    (home / "profiles" / "procurement@2027.05.yaml").write_text(
        released.read_text().replace('version: "2026.12"', 'version: "2027.05"')
    )
    with pytest.raises(CatalogError, match="not recorded"):
        load_catalog().profile("procurement@2027.05")


def test_reports_record_the_profile_version_and_old_reports_still_load(tmp_path: Path) -> None:
    report = check([STRONG], profile="procurement", as_of=AS_OF)
    data = json.loads(report.model_dump_json())
    assert data["schema_version"] == "1.1"
    assert data["profile"]["version"] == "2026.12" and data["profile"]["digest"].startswith(
        "sha256:"
    )
    # A report written by the previous version of the schema reads back.
    data["schema_version"] = "1.0"
    del data["profile"]["version"], data["profile"]["digest"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    assert load_report(old).profile.version is None
    data["schema_version"] = "9.0"
    old.write_text(json.dumps(data))
    with pytest.raises(CompareError, match=r"schema version 9\.0"):
        load_report(old)
