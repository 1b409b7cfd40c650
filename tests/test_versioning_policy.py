"""The versioning policy counts what users feel: anything that can change an outcome, a level or a
gate result is major; a new SHOULD/MAY is minor only when the version before announced it."""

from __future__ import annotations

import json
from pathlib import Path

from ocp_standards import check
from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.paths import standards_dir
from ocp_standards.committee.bump import Bump
from ocp_standards.committee.diff import diff_versions
from ocp_standards.committee.lint import LintResult, lint_tree

from .conftest import AS_OF
from .crash import assert_no_crash
from .fixtures.core.builders import (
    profile_data,
    rule_data,
    standard_data,
    write,
    write_version,
)

AFTER_POLICY = "2026-12-10"
BEFORE_POLICY = "2026-11-24"


def lint(root: Path) -> LintResult:
    return lint_tree(root, AS_OF)


def two_versions(
    tmp_path: Path, old_rules: list[dict], new_rules: list[dict], released: str = AFTER_POLICY
) -> Path:
    old = standard_data(status="released", released=released)
    write_release(write_version(tmp_path, old, old_rules))
    new = standard_data(version="1.1.0", previous="1.0.0", status="released", released=released)
    write_release(write_version(tmp_path, new, new_rules))
    return tmp_path


def _diff(root: Path, policy: str | None = None):  # type: ignore[no-untyped-def]
    catalog = load_catalog(root)
    return diff_versions(
        catalog.get("ocp-testing", "1.0.0"), catalog.get("ocp-testing", "1.1.0"), policy
    )


SHOULD = rule_data("TST-GEN-002", level="SHOULD", since="1.1.0")


def test_an_unannounced_new_should_needs_a_major_release(tmp_path: Path) -> None:
    root = two_versions(tmp_path, [rule_data()], [rule_data(), SHOULD])
    diff = _diff(root)
    assert diff.policy == "outcomes" and diff.required is Bump.MAJOR
    assert "did not announce: it can move a level" in diff.breaking_changes()[0]
    result = lint(root)
    assert [(p.code, p.severity) for p in result.problems] == [("L050", "error")]


def test_an_announced_should_may_be_activated_in_a_minor_release(tmp_path: Path) -> None:
    draft = rule_data("TST-GEN-002", level="SHOULD", since="1.0.0", status="draft")
    active = {**draft, "status": "active"}
    root = two_versions(tmp_path, [rule_data(), draft], [rule_data(), active])
    diff = _diff(root)
    assert diff.required is Bump.MINOR, diff.to_dict()
    assert lint(root).problems == []


def test_a_relaxation_is_major_now_and_was_minor_before(tmp_path: Path) -> None:
    def ranged(limit: int) -> dict:
        return rule_data(
            params={"max_days": limit},
            param_sources={"max_days": {"policy": "a test default"}},
            check={"kind": "range", "path": "$.days", "max": "{params.max_days}"},
            examples={"pass": [{"days": 1}], "fail": [{"days": 999}]},
        )

    root = two_versions(tmp_path, [ranged(30)], [ranged(60)])
    assert _diff(root).required is Bump.MAJOR
    assert "it can change an outcome, a level or a gate result" in _diff(root).breaking_changes()[0]
    assert _diff(root, "legacy").required is Bump.MINOR


def test_versions_released_before_the_policy_are_judged_by_the_old_one_and_noted(
    tmp_path: Path,
) -> None:
    root = two_versions(tmp_path, [rule_data()], [rule_data(), SHOULD], released=BEFORE_POLICY)
    assert _diff(root).policy == "legacy" and _diff(root).ok
    result = lint(root)
    assert result.problems == []
    assert [(n.code, n.severity) for n in result.notes] == [("L050", "note")]
    assert "grandfathered" in result.notes[0].message


def test_the_shipped_governance_1_1_0_is_noted_for_the_should_that_moved_gold_to_silver() -> None:
    result = lint(standards_dir())
    assert result.errors == []
    notes = [n.message for n in result.notes if n.code == "L050"]
    assert any("PROC-OSS-008: new SHOULD rule" in n and "1.0.0 -> 1.1.0" in n for n in notes)


def test_an_announced_draft_rule_shows_as_upcoming_and_never_counts(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "standards"
    announced = rule_data(
        "TST-GEN-002",
        level="SHOULD",
        status="draft",
        check={"kind": "present", "path": "$.owner"},
        examples={"pass": [{"owner": "x"}], "fail": [{}]},
    )
    std = standard_data(status="released", released=AFTER_POLICY)
    write_release(write_version(root, std, [rule_data(), announced]))
    write(tmp_path / "profiles" / "p.yaml", profile_data("p", standards={"ocp-testing": "1.0.0"}))
    monkeypatch.setenv("OCP_STANDARDS_HOME", str(tmp_path))
    bid = write(tmp_path / "bid.ocp.yaml", {"ocp_manifest": "1.0", "name": "x"})
    report = check([bid], profile="p", as_of=AS_OF, catalog=load_catalog(root))
    assert_no_crash(report)
    (subject,) = report.subjects
    assert [(u.rule_id, u.change, u.standard) for u in subject.upcoming] == [
        ("TST-GEN-002", "announced", "ocp-testing@1.0.0")
    ]
    assert "TST-GEN-002" not in {r.rule_id for r in subject.results}
    assert report.gate.passed and subject.score == 100
    assert json.loads(report.model_dump_json())["subjects"][0]["upcoming"][0]["change"] == (
        "announced"
    )
