"""The committee's commands end to end: new-version → edit → diff/lint → release → changelog,
impact over the example bids, and usage errors (exit 2, never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.cli.app import app

from .conftest import EXAMPLES
from .crash import assert_no_crash
from .fixtures.core.builders import rule_data, standard_data, write, write_version

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    output = result.stdout + result.stderr
    assert_no_crash(result)
    return result.exit_code, output


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A tree with one released version (1.0.0) of ocp-testing."""
    root = tmp_path / "standards"
    std = standard_data(status="released", released="2026-11-24")
    write_release(write_version(root, std, [rule_data(), rule_data("TST-GEN-002")]))
    return root


def test_new_version_edit_diff_release_changelog(tree: Path) -> None:
    code, out = run(
        "standards", "new-version", "ocp-testing", "--bump", "minor", "--standards-dir", str(tree)
    )
    assert code == 0, out
    draft_dir = tree / "ocp-testing" / "1.1.0"
    assert not (draft_dir / "release.json").exists()
    draft = load_catalog(tree).get("ocp-testing", "1.1.0")
    assert draft.is_draft and draft.previous == "1.0.0" and draft.released is None
    assert [r.id for r in draft.rules] == ["TST-GEN-001", "TST-GEN-002"]
    # A second draft is refused while this one is open.
    code, out = run(
        "standards", "new-version", "ocp-testing", "--bump", "patch", "--standards-dir", str(tree)
    )
    assert code == 2 and "already has a draft (1.1.0)" in out

    # A minor release may announce a rule (as a draft); a new active SHOULD would need a major.
    write(
        draft_dir / "rules" / "TST-GEN-003.yaml",
        rule_data("TST-GEN-003", level="SHOULD", since="1.1.0", status="draft"),
    )
    code, out = run(
        "standards", "diff", "ocp-testing@1.0.0", "ocp-testing@1.1.0", "--standards-dir", str(tree)
    )
    assert code == 0 and "added" in out and "TST-GEN-003" in out and "OK:" in out
    code, out = run(
        "standards", "release", "ocp-testing", "--standards-dir", str(tree), "--date", "2026-12-01"
    )
    assert code == 0, out
    assert "released ocp-testing@1.1.0 on 2026-12-01: sha256:" in out
    released = load_catalog(tree).get("ocp-testing", "1.1.0")
    assert not released.is_draft and str(released.released) == "2026-12-01"
    code, out = run("standards", "release", "ocp-testing@1.1.0", "--standards-dir", str(tree))
    assert code == 2 and "already released" in out

    code, out = run("standards", "changelog", "ocp-testing", "--standards-dir", str(tree))
    assert code == 0
    assert out.index("## 1.1.0 — 2026-12-01 (minor)") < out.index("## 1.0.0 — 2026-11-24")
    assert "### Added" in out and "**TST-GEN-003**" in out and "First version: 2 rules." in out
    code, out = run(
        "standards", "changelog", "ocp-testing", "--standards-dir", str(tree), "-f", "json"
    )
    assert code == 0 and [e["version"] for e in json.loads(out)] == ["1.1.0", "1.0.0"]


def test_mis_versioned_draft_is_caught_by_diff_lint_and_release(tree: Path) -> None:
    assert (
        run(
            "standards",
            "new-version",
            "ocp-testing",
            "--bump",
            "minor",
            "--standards-dir",
            str(tree),
        )[0]
        == 0
    )
    write(
        tree / "ocp-testing" / "1.1.0" / "rules" / "TST-GEN-003.yaml",
        rule_data("TST-GEN-003", since="1.1.0"),
    )

    code, out = run("standards", "diff", "ocp-testing@1.0.0", "1.1.0", "--standards-dir", str(tree))
    assert code == 1
    assert "MIS-VERSIONED" in out and "new MUST rule" in out and "BREAKING" in out
    code, out = run(
        "standards",
        "diff",
        "ocp-testing@1.0.0",
        "@1.1.0",
        "--standards-dir",
        str(tree),
        "-f",
        "json",
    )
    assert code == 1 and json.loads(out)["required_bump"] == "major"
    code, out = run(
        "standards",
        "diff",
        "ocp-testing@1.0.0",
        "ocp-testing@1.1.0",
        "--standards-dir",
        str(tree),
        "-f",
        "markdown",
    )
    assert (
        code == 1
        and "❌ mis-versioned" in out
        and "| TST-GEN-003 | added | MUST | **major** |" in out
    )

    code, out = run("standards", "lint", str(tree))
    assert code == 1 and "L050 error" in out
    code, out = run("standards", "release", "ocp-testing", "--standards-dir", str(tree))
    assert code == 1 and "not releasing ocp-testing@1.1.0" in out and "L050" in out
    assert load_catalog(tree).get("ocp-testing", "1.1.0").is_draft  # nothing was frozen


def test_authoring_never_writes_without_a_standards_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("standards", "new-version", "ocp-governance", "--bump", "minor")
    assert code == 2 and "./standards is not a standards tree" in out
    code, out = run("standards", "release", "ocp-governance", "--standards-dir", str(tmp_path))
    assert code == 2 and "is not a standards tree" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("standards", "diff", "ocp-governance@1.0.0", "ocp-nope@1.0.0"), "unknown standard"),
        (("standards", "diff", "ocp-governance", "ocp-governance@1.0.0"), "give a version"),
        (("standards", "diff", "ocp-governance@1.0.0", "ocp-governance@1.0.0"), "must be older"),
        (
            ("standards", "diff", "ocp-governance@1.0.0", "ocp-exchange@1.0.0"),
            "not ocp-governance with",
        ),
        (("standards", "diff", "ocp-governance@1.0.0", "9.9.9"), "has no version '9.9.9'"),
        (("standards", "changelog", "ocp-nope"), "unknown standard"),
        (("standards", "lint", "/no/such/folder"), "folder not found"),
        (
            ("standards", "impact", "ocp-governance@1.0.0", "ocp-exchange@1.0.0", "examples"),
            "not ocp-governance",
        ),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out = run(*args)
    assert code == 2 and message in out


def test_lint_shipped_standards() -> None:
    code, out = run("standards", "lint")
    assert code == 0, out
    assert "0 error(s)" in out


def test_diff_of_the_shipped_release() -> None:
    code, out = run("standards", "diff", "ocp-governance@1.0.0", "ocp-governance@1.1.0")
    assert code == 0
    assert "OK: 1.0.0 -> 1.1.0 declares a minor release; the changes need minor: OK" in out


def test_impact_over_the_example_bids() -> None:
    code, out = run(
        "standards",
        "impact",
        "ocp-governance@1.0.0",
        "ocp-governance@1.1.0",
        str(EXAMPLES / "procurement"),
        "--profile",
        "procurement",
        "--as-of",
        "2026-11-24",
        "-f",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    weak = next(s for s in data["subjects"] if s["path"].endswith("weak-bid.ocp.yaml"))
    strong = next(s for s in data["subjects"] if s["path"].endswith("strong-bid.ocp.yaml"))
    newly = {s["rule_id"] for s in weak["shifts"] if s["change"] == "newly failing"}
    assert newly == {"PROC-OSS-008", "PROC-PRIV-005"}
    assert weak["score"]["new"] < weak["score"]["old"] and weak["changed"]
    assert not strong["changed"]  # its new rules pass
    assert data["summary"]["newly_failing_gate"] == 0
    code, md = run(
        "standards",
        "impact",
        "ocp-governance@1.0.0",
        "ocp-governance@1.1.0",
        str(EXAMPLES / "procurement"),
        "--profile",
        "procurement",
        "--as-of",
        "2026-11-24",
        "-f",
        "markdown",
    )
    assert code == 0 and md.startswith("## Impact of ocp-governance 1.0.0 → 1.1.0")


def test_impact_on_a_tmp_tree_finds_newly_failing_and_passing(tmp_path: Path) -> None:
    root = tmp_path / "standards"
    write_version(root, standard_data(), [rule_data(), rule_data("TST-GEN-002", status="active")])
    write_version(
        root,
        standard_data(version="2.0.0", previous="1.0.0"),
        [
            rule_data(status="retired"),
            rule_data("TST-GEN-002", check={"kind": "present", "path": "$.city"}),
        ],
    )
    bids = tmp_path / "bids"
    write(bids / "a.ocp.yaml", {"ocp_manifest": "1.0", "name": "x"})
    profile = tmp_path / "p.yaml"
    write(profile, {"id": "p", "title": "Test profile", "standards": {"ocp-testing": "1.0.0"}})
    code, out = run(
        "standards",
        "impact",
        "ocp-testing@1.0.0",
        "ocp-testing@2.0.0",
        str(bids),
        "--standards-dir",
        str(root),
        "--profile",
        str(profile),
        "-f",
        "json",
    )
    assert code == 0, out
    # (a folder holding a manifest is also read as a submission; the manifest is what changes)
    subject = next(s for s in json.loads(out)["subjects"] if s["kind"] == "manifest")
    changes = {s["rule_id"]: s["change"] for s in subject["shifts"]}
    assert changes == {"TST-GEN-001": "no longer run", "TST-GEN-002": "newly failing"}
    assert subject["gate_passed"] == {"old": True, "new": False}
