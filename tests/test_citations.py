"""Sources with locators: where in a source a rule comes from, how it relates to it, and where
each number of its parameters comes from — loaded, linted, explained and shown on rule pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.paths import standards_dir
from ocp_standards.cli.app import app
from ocp_standards.committee.docs_gen import rule_page
from ocp_standards.committee.lint import LintResult, lint_tree

from .conftest import AS_OF
from .crash import assert_no_crash
from .fixtures.core.builders import rule_data, standard_data, write_version

CITED = rule_data(
    "TST-GEN-002",
    params={"max_days": 30, "label": "x"},
    check={"kind": "present", "path": "$.name"},
    sources=[
        {"url": "https://example.org/act", "title": "An Act", "locator": "Art. 25(5)",
         "basis": "verbatim"},
        {"url": "https://example.org/guide", "locator": "§ 4.2", "basis": "policy"},
    ],
    param_sources={"max_days": {"source": 1, "locator": "Art. 25(1)"}},
)  # fmt: skip


def lint(root: Path) -> LintResult:
    return lint_tree(root, AS_OF)


def codes(result: LintResult) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in result.problems]


def test_a_fully_cited_draft_lints_clean(tmp_path: Path) -> None:
    write_version(tmp_path, standard_data(), [rule_data(), CITED])
    result = lint(tmp_path)
    assert result.problems == [] and result.notes == []


def test_a_draft_source_without_locator_or_basis_is_a_warning(tmp_path: Path) -> None:
    bare = rule_data("TST-GEN-003", sources=[{"url": "https://example.org/x"}])
    write_version(tmp_path, standard_data(), [rule_data(), bare])
    result = lint(tmp_path)
    assert codes(result) == [("L060", "warning")]
    assert "no locator and no basis" in result.problems[0].message
    assert result.errors == []


def test_an_uncited_number_is_a_warning_and_policy_answers_it(tmp_path: Path) -> None:
    uncited = {**CITED, "param_sources": {}}
    write_version(tmp_path, standard_data(), [rule_data(), uncited])
    result = lint(tmp_path)
    assert codes(result) == [("L061", "warning")]
    assert "params.max_days = 30" in result.problems[0].message
    # Text parameters need no citation; a policy default is an answer.
    policy = {**CITED, "param_sources": {"max_days": {"policy": "a month is our default"}}}
    write_version(tmp_path, standard_data(), [rule_data(), policy])
    assert lint(tmp_path).problems == []


def test_versions_released_before_the_policy_are_grandfathered(tmp_path: Path) -> None:
    bare = rule_data("TST-GEN-003", sources=[{"url": "https://example.org/x"}], params={"n": 3})
    old = standard_data(status="released", released="2026-11-24")
    write_release(write_version(tmp_path, old, [rule_data(), bare]))
    result = lint(tmp_path)
    assert result.problems == []
    (note,) = result.notes
    assert note.severity == "note" and "grandfathered" in note.message
    assert "1 source(s) without locator or basis and 1 numeric parameter(s)" in note.message


def test_released_after_the_policy_is_held_to_it(tmp_path: Path) -> None:
    bare = rule_data("TST-GEN-003", sources=[{"url": "https://example.org/x"}])
    new = standard_data(status="released", released="2026-12-03")
    write_release(write_version(tmp_path, new, [rule_data(), bare]))
    assert codes(lint(tmp_path)) == [("L060", "warning")]


@pytest.mark.parametrize(
    ("param_sources", "message"),
    [
        ({"nope": {"policy": "x"}}, "'nope' is not a parameter"),
        ({"max_days": {"source": 3}}, "source: 3 but the rule lists 2 source(s)"),
    ],
)
def test_param_sources_must_name_real_parameters_and_sources(
    tmp_path: Path, param_sources: dict, message: str
) -> None:
    write_version(
        tmp_path, standard_data(), [rule_data(), {**CITED, "param_sources": param_sources}]
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_param_sources_need_a_source_or_a_policy(tmp_path: Path) -> None:
    empty = {**CITED, "param_sources": {"max_days": {"locator": "Art. 1"}}}
    write_version(tmp_path, standard_data(), [rule_data(), empty])
    with pytest.raises(CatalogError):
        load_catalog(tmp_path)


@pytest.mark.usefixtures("fresh_catalog")
def test_explain_and_the_rule_page_show_clause_and_basis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "standards"
    write_version(root, standard_data(), [rule_data(), CITED])
    (tmp_path / "profiles").mkdir()
    monkeypatch.setenv("OCP_STANDARDS_HOME", str(tmp_path))
    catalog = load_catalog(root)
    rule = next(r for r in catalog.all_rules() if r.id == "TST-GEN-002")
    page = rule_page(catalog, rule)
    assert "An Act, Art. 25(5) (the source requires this as written)" in page
    assert "`max_days` comes from An Act, Art. 25(5) (verbatim), Art. 25(1)." in page
    assert "§ 4.2 (our policy choice, informed by the source)" in page
    result = CliRunner().invoke(app, ["rules", "explain", "TST-GEN-002"])
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert "(An Act, Art. 25(5)) [verbatim]" in result.output
    assert "max_days: from An Act, Art. 25(5) (verbatim), Art. 25(1)" in result.output


def test_the_shipped_tree_has_no_citation_warnings_only_notes() -> None:
    """Released versions carry no citation warnings; a draft may still carry them only in rule
    files it copied unchanged from its previous version (the rules it changed are cited)."""
    root = standards_dir()
    result = lint(root)
    warned = [p for p in result.problems if p.code in ("L060", "L061")]
    catalog = load_catalog(root)
    unexpected = []
    for problem in warned:
        path = Path(problem.where)
        path = path if path.is_absolute() else root.parent / path
        version_dir = path.parent.parent if path.parent.name == "rules" else path.parent
        std = catalog.get(version_dir.parent.name, version_dir.name)
        carried = False
        if std.status == "draft" and std.previous and path.parent.name == "rules":
            before = version_dir.parent / std.previous / "rules" / path.name
            carried = before.is_file() and before.read_bytes() == path.read_bytes()
        if not carried:
            unexpected.append(problem)
    assert unexpected == []
    assert result.notes, "the released versions predate the policy and are noted"
