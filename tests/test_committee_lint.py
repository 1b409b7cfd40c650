"""`ocp standards lint` (library side): each problem class on a tmp tree, and the shipped tree."""

from __future__ import annotations

import json
from pathlib import Path

from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.paths import standards_dir
from ocp_standards.committee.lint import LintResult, lint_tree

from .conftest import AS_OF
from .fixtures.core.builders import rule_data, standard_data, write, write_version


def released(std_version: str = "1.0.0", **extra: object) -> dict:
    return standard_data(version=std_version, status="released", released="2026-11-24", **extra)


def lint(root: Path) -> LintResult:
    return lint_tree(root, AS_OF)


def codes(result: LintResult) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in result.problems]


def release_two(tmp_path: Path, new_rules: list[dict], version: str = "1.1.0") -> None:
    write_release(write_version(tmp_path, released(), [rule_data(), rule_data("TST-GEN-002")]))
    write_release(write_version(tmp_path, released(version, previous="1.0.0"), new_rules))


def test_shipped_standards_lint_clean() -> None:
    result = lint(standards_dir())
    assert result.errors == [], [p.line() for p in result.errors]
    assert result.versions >= 3 and result.rules > 40


def test_a_correct_minor_release_lints_clean(tmp_path: Path) -> None:
    new = rule_data("TST-GEN-003", level="SHOULD", since="1.1.0")
    release_two(tmp_path, [rule_data(), rule_data("TST-GEN-002"), new])
    assert lint(tmp_path).problems == []


def test_new_must_rule_released_as_minor_is_caught(tmp_path: Path) -> None:
    new = rule_data("TST-GEN-003", since="1.1.0")  # a MUST rule
    release_two(tmp_path, [rule_data(), rule_data("TST-GEN-002"), new])
    result = lint(tmp_path)
    assert codes(result) == [("L050", "error")]
    (problem,) = result.problems
    assert problem.where == "standards/ocp-testing/1.1.0/standard.yaml"
    assert "declares a minor release, but the changes need a major release" in problem.message
    assert "TST-GEN-003: new MUST rule" in problem.message


def test_id_that_disappears_is_caught(tmp_path: Path) -> None:
    release_two(tmp_path, [rule_data()], version="2.0.0")
    result = lint(tmp_path)
    assert codes(result) == [("L010", "error")]
    assert "TST-GEN-002 exists in ocp-testing@1.0.0 but not in ocp-testing@2.0.0" in (
        result.problems[0].message
    )


def test_retiring_instead_of_deleting_is_fine_in_a_major(tmp_path: Path) -> None:
    release_two(
        tmp_path, [rule_data(), rule_data("TST-GEN-002", status="retired")], version="2.0.0"
    )
    assert lint(tmp_path).problems == []


def test_reused_retired_id_is_caught(tmp_path: Path) -> None:
    write_release(
        write_version(
            tmp_path, released(), [rule_data(), rule_data("TST-GEN-002", status="retired")]
        )
    )
    write_version(
        tmp_path,
        standard_data(version="2.0.0", previous="1.0.0"),
        [rule_data(), rule_data("TST-GEN-002")],
    )
    assert ("L011", "error") in codes(lint(tmp_path))


def test_dangling_replaced_by_and_alias_collisions(tmp_path: Path) -> None:
    write_version(
        tmp_path,
        standard_data(),
        [
            rule_data(status="deprecated", replaced_by="TST-NOPE-001"),
            rule_data("TST-GEN-002", aliases=["TST-GEN-001"]),
        ],
    )
    result = lint(tmp_path)
    assert codes(result) == [("L020", "error"), ("L012", "error")]
    assert (
        "replaced_by: TST-NOPE-001 is not a rule of ocp-testing@1.0.0" in result.problems[0].message
    )


def test_example_that_misbehaves_is_caught(tmp_path: Path) -> None:
    write_version(
        tmp_path, standard_data(), [rule_data(examples={"pass": [{}], "fail": [{"name": "x"}]})]
    )
    result = lint(tmp_path)
    assert codes(result) == [("L040", "error"), ("L040", "error")]
    assert result.problems[0].message.startswith("examples.pass[0]: expected passed, got failed")


def test_changed_since_and_previous_are_caught(tmp_path: Path) -> None:
    write_release(write_version(tmp_path, released(), [rule_data()]))
    write_version(
        tmp_path, standard_data(version="1.0.1", previous="0.9.0"), [rule_data(since="1.0.1")]
    )
    assert codes(lint(tmp_path)) == [("L020", "error"), ("L013", "error")]


def test_duplicate_source_is_a_warning(tmp_path: Path) -> None:
    cited = {"locator": "§ 1", "basis": "derived"}
    src = [{"url": "https://example.org/a", **cited}, {"url": "https://example.org/a/", **cited}]
    write_version(tmp_path, standard_data(), [rule_data(sources=src)])
    result = lint(tmp_path)
    assert codes(result) == [("L030", "warning")] and result.errors == []


def test_tampered_release_and_broken_files_are_load_errors(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path, released(), [rule_data()])
    write_release(version_dir)
    write(version_dir / "rules" / "TST-GEN-001.yaml", rule_data(title="Changed after release"))
    result = lint(tmp_path)
    assert codes(result) == [("L001", "error")]
    assert "changed after release" in result.problems[0].message
    assert json.loads(json.dumps(result.to_dict()))["errors"] == 1
