"""`diff_versions`: every kind of change is found and classified by the bump it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.loader import load_catalog
from ocp_standards.committee.bump import Bump, bumped, declared_bump
from ocp_standards.committee.diff import StandardDiff, diff_versions
from ocp_standards.committee.direction import Effect, Way, effect, way_of

from .fixtures.core.builders import GOVERNANCE_SCORING, rule_data, standard_data, write_version

ENUM_RULE = rule_data(
    "TST-GEN-002",
    level="SHOULD",
    params={"allowed": ["CA"], "max_days": 30},
    check={
        "kind": "all_of",
        "checks": [
            {"kind": "enum", "path": "$.country", "values": "{params.allowed}"},
            {"kind": "range", "path": "$.days", "max": "{params.max_days}"},
        ],
    },
    examples={"pass": [{"country": "CA", "days": 1}], "fail": [{"country": "US", "days": 1}]},
)


def two_versions(
    tmp_path: Path,
    new_rules: list[dict[str, Any]],
    version: str = "1.1.0",
    old_rules: list[dict[str, Any]] | None = None,
    policy: str | None = None,
    **std: Any,
) -> StandardDiff:
    old = old_rules if old_rules is not None else [rule_data(), ENUM_RULE]
    write_version(tmp_path, standard_data(), old)
    write_version(tmp_path, standard_data(version=version, previous="1.0.0", **std), new_rules)
    cat = load_catalog(root=tmp_path)
    return diff_versions(cat.get("ocp-testing", "1.0.0"), cat.get("ocp-testing", version), policy)


def changed(rule: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**rule, **fields}


def test_identical_versions_need_nothing(tmp_path: Path) -> None:
    d = two_versions(tmp_path, [rule_data(), ENUM_RULE], version="1.0.1")
    assert d.rules == [] and d.scoring == [] and d.required is Bump.NONE and d.ok


def test_new_must_rule_in_a_minor_release_is_mis_versioned(tmp_path: Path) -> None:
    d = two_versions(tmp_path, [rule_data(), ENUM_RULE, rule_data("TST-GEN-003", since="1.1.0")])
    (added,) = d.rules
    assert (added.rule_id, added.kind, added.bump, added.breaking) == (
        "TST-GEN-003",
        "added",
        Bump.MAJOR,
        True,
    )
    assert d.declared is Bump.MINOR and d.required is Bump.MAJOR and not d.ok
    assert "the changes need a major release" in d.verdict()
    assert any("new MUST rule" in b for b in d.breaking_changes())


@pytest.mark.parametrize(
    ("level", "status", "legacy", "outcomes"),
    [
        # Today a new SHOULD/MAY can move a level, so it is major unless announced as a draft
        # first (test_versioning_policy.py); the legacy policy let it through as minor.
        ("SHOULD", "active", Bump.MINOR, Bump.MAJOR),
        ("MAY", "active", Bump.MINOR, Bump.MAJOR),
        ("MUST", "draft", Bump.MINOR, Bump.MINOR),
        ("SHOULD", "draft", Bump.MINOR, Bump.MINOR),
    ],
)
def test_new_should_may_or_draft_rules_under_each_policy(
    tmp_path: Path, level: str, status: str, legacy: Bump, outcomes: Bump
) -> None:
    new = rule_data("TST-GEN-003", level=level, status=status, since="1.1.0")
    d = two_versions(tmp_path, [rule_data(), ENUM_RULE, new], policy="legacy")
    assert d.rules[0].bump is legacy and d.ok
    d = two_versions(tmp_path, [rule_data(), ENUM_RULE, new])
    assert d.policy == "outcomes" and d.rules[0].bump is outcomes


@pytest.mark.parametrize(
    ("params", "bump", "note"),
    [
        ({"allowed": ["CA", "US"], "max_days": 30}, Bump.MINOR, "allowed relaxed"),
        ({"allowed": [], "max_days": 30}, Bump.MAJOR, "allowed tightened"),
        ({"allowed": ["CA"], "max_days": 45}, Bump.MINOR, "max_days relaxed"),
        ({"allowed": ["CA"], "max_days": 10}, Bump.MAJOR, "max_days tightened"),
        ({"allowed": ["US"], "max_days": 30}, Bump.MAJOR, "not clearly a relaxation"),
    ],
)
def test_parameter_direction_comes_from_the_check(
    tmp_path: Path, params: dict[str, Any], bump: Bump, note: str
) -> None:
    d = two_versions(tmp_path, [rule_data(), changed(ENUM_RULE, params=params)], policy="legacy")
    (rule,) = d.rules
    (change,) = rule.changes
    assert change.field.startswith("params.") and change.bump is bump and note in change.note
    # Under today's policy a relaxation changes outcomes too: major either way.
    d = two_versions(tmp_path, [rule_data(), changed(ENUM_RULE, params=params)])
    ((change,),) = [r.changes for r in d.rules]
    assert change.bump is Bump.MAJOR and note in change.note


def test_level_lowered_was_minor_and_is_major_now(tmp_path: Path) -> None:
    rules = [rule_data(level="SHOULD"), changed(ENUM_RULE, level="MUST")]
    d = two_versions(tmp_path, rules, policy="legacy")
    by_id = {r.rule_id: r for r in d.rules}
    assert by_id["TST-GEN-001"].bump is Bump.MINOR
    assert by_id["TST-GEN-002"].bump is Bump.MAJOR
    assert d.required is Bump.MAJOR
    d = two_versions(tmp_path, rules)
    assert {r.rule_id: r.bump for r in d.rules} == {
        "TST-GEN-001": Bump.MAJOR,
        "TST-GEN-002": Bump.MAJOR,
    }


@pytest.mark.parametrize(
    ("fields", "bump"),
    [
        ({"weight": 2}, Bump.MAJOR),
        ({"dimension": "security"}, Bump.MAJOR),
        ({"check": {"kind": "present", "path": "$.title"}}, Bump.MAJOR),
        ({"check": {"kind": "present", "path": "$.name", "message": "say the name"}}, Bump.PATCH),
        # A bare check name means @1: spelling the version out changes no outcome.
        ({"check": {"kind": "present@1", "path": "$.name"}}, Bump.PATCH),
        ({"statement": "The manifest names, in plain words, the thing it offers."}, Bump.PATCH),
        ({"sources": [{"url": "https://example.org/other"}]}, Bump.PATCH),
        ({"examples": {"pass": [{"name": "y"}], "fail": [{"name": None}]}}, Bump.PATCH),
        ({"tags": ["residency"]}, Bump.MINOR),
        ({"applies_to": ["manifest", "dataset"]}, Bump.MAJOR),
        ({"status": "deprecated", "replaced_by": "TST-GEN-002"}, Bump.MINOR),
        ({"status": "retired"}, Bump.MAJOR),
        ({"status": "draft"}, Bump.MAJOR),
    ],
)
def test_rule_field_changes(tmp_path: Path, fields: dict[str, Any], bump: Bump) -> None:
    d = two_versions(tmp_path, [changed(rule_data(), **fields), ENUM_RULE], version="2.0.0")
    (rule,) = d.rules
    assert rule.bump is bump, [c.note for c in rule.changes]


def test_status_changes_name_the_kind(tmp_path: Path) -> None:
    d = two_versions(
        tmp_path,
        [changed(rule_data(), status="retired"), changed(ENUM_RULE, status="deprecated")],
        version="2.0.0",
    )
    assert [(r.rule_id, r.kind) for r in d.rules] == [
        ("TST-GEN-001", "retired"),
        ("TST-GEN-002", "deprecated"),
    ]


def test_reusing_a_retired_id_is_breaking(tmp_path: Path) -> None:
    d = two_versions(
        tmp_path,
        [rule_data(), ENUM_RULE],
        version="2.0.0",
        old_rules=[changed(rule_data(), status="retired"), ENUM_RULE],
    )
    (rule,) = d.rules
    assert rule.kind == "reinstated" and rule.bump is Bump.MAJOR
    assert "never reused" in rule.changes[0].note


def test_removed_rule_is_breaking(tmp_path: Path) -> None:
    d = two_versions(tmp_path, [ENUM_RULE], version="2.0.0")
    (rule,) = d.rules
    assert (rule.kind, rule.bump) == ("removed", Bump.MAJOR)
    assert "retire it" in rule.changes[0].note


def test_renamed_rule_keeps_its_old_id_as_alias(tmp_path: Path) -> None:
    renamed = changed(rule_data("TST-NEW-001"), aliases=["TST-GEN-001"])
    d = two_versions(tmp_path, [renamed, ENUM_RULE])
    (rule,) = d.rules
    assert (rule.rule_id, rule.kind, rule.old_id, rule.bump) == (
        "TST-NEW-001",
        "renamed",
        "TST-GEN-001",
        Bump.MINOR,
    )
    assert d.ok


def test_scoring_model_changes(tmp_path: Path) -> None:
    scoring = {
        **GOVERNANCE_SCORING,
        "level_weights": {"MUST": 4, "SHOULD": 2, "MAY": 1},
        "levels": [
            {"id": "gold", "title": "Gold", "min_score": 85, "require_pass": ["MUST"]},
            {"id": "silver", "title": "Silver", "min_score": 80, "require_pass": ["MUST"]},
            {"id": "bronze", "title": "Bronze", "min_score": 50, "require_pass": ["MUST"]},
        ],
    }
    d = two_versions(
        tmp_path, [rule_data(), ENUM_RULE], version="2.0.0", scoring=scoring, policy="legacy"
    )
    found = {c.field: c.bump for c in d.scoring}
    assert found == {
        "level_weights.MUST": Bump.MAJOR,
        "levels.gold.min_score": Bump.MINOR,
        "levels.gold.require_pass": Bump.MINOR,
        "levels.silver.min_score": Bump.MAJOR,
    }
    assert d.required is Bump.MAJOR and d.ok
    # A level made easier changes levels too: major under today's policy.
    d = two_versions(tmp_path, [rule_data(), ENUM_RULE], version="2.0.0", scoring=scoring)
    assert {c.bump for c in d.scoring} == {Bump.MAJOR}


def test_to_dict_is_json_ready(tmp_path: Path) -> None:
    import json

    d = two_versions(tmp_path, [rule_data(), changed(ENUM_RULE, weight=3)])
    data = json.loads(json.dumps(d.to_dict()))
    assert data["declared_bump"] == "minor" and data["required_bump"] == "major"
    assert data["ok"] is False and data["rules"][0]["changes"][0]["breaking"] is True


def test_version_arithmetic() -> None:
    assert declared_bump("1.2.3", "2.0.0") is Bump.MAJOR
    assert declared_bump("1.2.3", "1.3.0") is Bump.MINOR
    assert declared_bump("1.2.3", "1.2.4") is Bump.PATCH
    assert declared_bump("1.2.3", "1.2.3") is Bump.NONE
    assert [bumped("1.2.3", b) for b in (Bump.PATCH, Bump.MINOR, Bump.MAJOR)] == [
        "1.2.4",
        "1.3.0",
        "2.0.0",
    ]


def test_direction_from_names_for_python_checks() -> None:
    check = {"kind": "python", "name": "x", "args": {"limit": "{params.max_hours}"}}
    assert way_of("max_hours", check) is Way.GROWS
    assert way_of("mystery", {"kind": "python", "args": {"a": "{params.mystery}"}}) is None
    assert effect(72, 48, Way.GROWS) is Effect.TIGHTENED
    assert effect(["a"], ["a", "b"], Way.SHRINKS) is Effect.TIGHTENED
    assert effect("x", "y", Way.GROWS) is Effect.UNKNOWN


def test_shipped_governance_1_1_0_is_a_correct_minor_release() -> None:
    from ocp_standards.catalog.loader import default_catalog

    cat = default_catalog()
    d = diff_versions(cat.get("ocp-governance", "1.0.0"), cat.get("ocp-governance", "1.1.0"))
    assert d.ok and d.declared is Bump.MINOR and d.required is Bump.MINOR
    kinds = {r.rule_id: r.kind for r in d.rules}
    assert kinds == {
        "PROC-OSS-007": "deprecated",
        "PROC-OSS-008": "added",
        "PROC-PRIV-005": "added",
        "PROC-SEC-001": "changed",
    }
