"""Generated rule docs: one page per rule with its history, an index and changelog per standard;
the committed pages are current; `ocp docs build` writes, checks and prunes only its own pages."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ocp_standards.catalog.loader import default_catalog, load_catalog
from ocp_standards.cli.app import app
from ocp_standards.committee.docs_gen import MARKER, generate, rule_page_name, stale
from ocp_standards.engine.rule_info import DOCS_BASE, help_uri

from .conftest import ROOT
from .fixtures.core.builders import rule_data, standard_data, write, write_version

runner = CliRunner()
DOCS = ROOT / "docs" / "rules"


def test_committed_rule_docs_are_current() -> None:
    assert stale(DOCS, generate(default_catalog())) == [], "run `ocp docs build`"


def test_every_rule_of_every_version_has_a_page() -> None:
    cat = default_catalog()
    pages = generate(cat)
    for sid in cat.standards:
        assert f"{sid}.md" in pages and f"{sid}/CHANGELOG.md" in pages
        for version in cat.versions(sid):
            for rule in version.rules:
                page = pages[rule_page_name(sid, rule.id)]
                assert page.startswith(MARKER) and f"# {rule.id} — " in page
                assert "## History" in page and f"**{version.version}**" in page


def test_help_uri_points_at_the_rule_page() -> None:
    assert help_uri("PROC-RES-001", "t", "ocp-governance") == (
        DOCS_BASE + rule_page_name("ocp-governance", "PROC-RES-001")
    )


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    write_version(root, standard_data(), [rule_data(params={"n": 1})])
    write_version(
        root,
        standard_data(version="1.1.0", previous="1.0.0"),
        [
            rule_data(status="deprecated", replaced_by="TST-GEN-002", params={"n": 1}),
            rule_data("TST-GEN-002", level="SHOULD", since="1.1.0"),
        ],
    )
    return root


def test_rule_page_content_and_history(tmp_path: Path) -> None:
    pages = generate(load_catalog(_tree(tmp_path)))
    page = pages["ocp-testing/TST-GEN-001.md"]
    for part in (
        "## Statement",
        "## Why",
        "## Parameters",
        "## Check",
        "## Examples",
        "## Sources",
        "> **Deprecated.** Use [TST-GEN-002](TST-GEN-002.md) instead.",
    ):
        assert part in page
    assert "- **1.0.0** (draft): introduced as MUST, weight 1, active" in page
    assert "- **1.1.0** (draft): deprecated (minor)" in page
    index = pages["ocp-testing.md"]
    assert "[TST-GEN-002](ocp-testing/TST-GEN-002.md)" in index
    assert "## 1.1.0 — unreleased draft (minor)" in pages["ocp-testing/CHANGELOG.md"]


def test_cli_build_check_and_prune(tmp_path: Path) -> None:
    root, out = _tree(tmp_path), tmp_path / "out"
    keep = write(out / "NOTES.md", {"hand": "written"})  # not generated: never touched
    old = out / "ocp-testing" / "TST-OLD-001.md"
    old.parent.mkdir(parents=True)
    old.write_text(MARKER + "\n\nold page\n", encoding="utf-8")

    args = ["docs", "build", "--standards-dir", str(root), "--output", str(out)]
    result = runner.invoke(app, [*args, "--check"])
    assert result.exit_code == 1 and "stale:" in result.stdout
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stdout
    assert "removed" in result.stdout and not old.exists() and keep.exists()
    assert (out / "ocp-testing" / "TST-GEN-002.md").is_file()
    result = runner.invoke(app, [*args, "--check"])
    assert result.exit_code == 0 and "0 stale" in result.stdout


def test_cli_build_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["docs", "build", "--standards-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2
    target = write(tmp_path / "file.md", {})
    result = runner.invoke(app, ["docs", "build", "--output", str(target)])
    assert result.exit_code == 2


def test_the_default_target_is_the_repository_docs_folder() -> None:
    # docs_gen moved into committee/; its default target must still be <repo>/docs/rules.
    from ocp_standards.committee.docs_gen import default_target

    from .conftest import ROOT

    assert default_target() == ROOT / "docs" / "rules"
