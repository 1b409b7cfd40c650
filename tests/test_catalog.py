"""Loading standards from data files: validation problems as `file: field: reason`, release
digests, and profiles (extends chains, merging, lookup by name or path)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.digest import RELEASE_FILE, write_release
from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.loader import Catalog, load_catalog, merge_profiles
from ocp_standards.model.outcome import Severity
from ocp_standards.model.profile import Gate, Profile, RuleOverride

from .fixtures.core.builders import profile_data, rule_data, standard_data, write, write_version

LABEL = "standards/ocp-testing/1.0.0"
RULE_LABEL = f"{LABEL}/rules/TST-GEN-001.yaml"


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(root=root)
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def one_problem(root: Path) -> str:
    problems = problems_of(root)
    assert len(problems) == 1, problems
    return problems[0]


# a valid draft --------------------------------------------------------------------------------


def test_valid_draft_standard_loads(tmp_path: Path) -> None:
    write_version(
        tmp_path,
        rules=[
            rule_data("TST-GEN-001"),
            rule_data(
                "TST-GEN-002",
                level="SHOULD",
                dimension="sovereignty",
                tags=["residency"],
                params={"allowed": ["CA"]},
                check={
                    "kind": "each",
                    "path": "$.locations",
                    "message": "{path} must be in {params.allowed}",
                    "check": {"kind": "present", "path": "$.country"},
                },
            ),
        ],
    )
    catalog = load_catalog(root=tmp_path)
    std = catalog.get("ocp-testing")
    assert std.ref == "ocp-testing@1.0.0"
    assert std.is_draft
    assert std.digest.startswith("sha256:")
    assert std.path == LABEL
    assert [r.id for r in std.rules] == ["TST-GEN-001", "TST-GEN-002"]
    rule = std.rules[1]
    assert (rule.standard, rule.standard_version) == ("ocp-testing", "1.0.0")
    assert rule.file == f"{LABEL}/rules/TST-GEN-002.yaml"
    assert rule.severity is Severity.WARNING
    assert catalog.find_rule("TST-GEN-002") is rule
    assert catalog.find_rule("TST-NOPE-001") is None
    assert {r.id for r in catalog.input_rules} == {
        "OCP-INPUT-001",
        "OCP-INPUT-002",
        "OCP-INPUT-003",
    }
    assert catalog.all_rules()[-3:] == catalog.input_rules


def test_draft_digest_follows_content(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path)
    before = load_catalog(root=tmp_path).get("ocp-testing").digest
    write(version_dir / "rules" / "TST-GEN-001.yaml", rule_data(title="A different title here"))
    after = load_catalog(root=tmp_path).get("ocp-testing").digest
    assert before != after


def test_versions_sort_by_semver_and_get(tmp_path: Path) -> None:
    for version in ("1.9.0", "1.10.0", "1.2.0"):
        write_version(tmp_path, standard_data(version=version))
    catalog = load_catalog(root=tmp_path)
    assert [s.version for s in catalog.versions("ocp-testing")] == ["1.2.0", "1.9.0", "1.10.0"]
    assert catalog.get("ocp-testing").version == "1.10.0"
    assert catalog.get("ocp-testing", "latest").version == "1.10.0"
    assert catalog.get("ocp-testing", "1.9.0").version == "1.9.0"
    with pytest.raises(
        CatalogError, match=re.escape("ocp-testing has no version '2.0.0'; known: 1.2.0")
    ):
        catalog.get("ocp-testing", "2.0.0")
    with pytest.raises(CatalogError, match="unknown standard 'ocp-nope'; known: ocp-testing"):
        catalog.get("ocp-nope")


def test_find_rule_falls_back_to_older_versions(tmp_path: Path) -> None:
    write_version(tmp_path, standard_data(version="1.0.0"), [rule_data("TST-OLD-001")])
    write_version(tmp_path, standard_data(version="1.1.0"), [rule_data("TST-NEW-001")])
    catalog = load_catalog(root=tmp_path)
    assert [r.id for r in catalog.all_rules()][:1] == ["TST-NEW-001"]
    old = catalog.find_rule("TST-OLD-001")
    assert old is not None and old.standard_version == "1.0.0"


def test_folders_not_named_ocp_are_ignored(tmp_path: Path) -> None:
    write_version(tmp_path)
    (tmp_path / "schemas").mkdir()
    write(tmp_path / "schemas" / "x.json", {})
    write(tmp_path / "notes" / "1.0.0" / "standard.yaml", {"whatever": True})
    assert list(load_catalog(root=tmp_path).standards) == ["ocp-testing"]


def test_missing_root_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="standards folder not found"):
        load_catalog(root=tmp_path / "nowhere")


# broken rules -----------------------------------------------------------------------------------

Mutator = Callable[[dict[str, Any]], None]


def _drop(key: str) -> Mutator:
    return lambda rule: rule.pop(key)


def _set(key: str, value: Any) -> Mutator:
    return lambda rule: rule.__setitem__(key, value)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_drop("statement"), f"{RULE_LABEL}: (top level): 'statement' is a required property"),
        (_drop("examples"), f"{RULE_LABEL}: (top level): 'examples' is a required property"),
        (
            _set("dimension", "nowhere"),
            f"{RULE_LABEL}: dimension: 'nowhere' is not declared in ocp-testing@1.0.0",
        ),
        (_set("level", "MUSTNT"), f"{RULE_LABEL}: level: 'MUSTNT' is not one of"),
        (_set("weight", 9), f"{RULE_LABEL}: weight: 9 is greater than the maximum of 5"),
        (_set("statment", "typo"), f"{RULE_LABEL}: (top level): Additional properties"),
        (_set("sources", []), f"{RULE_LABEL}: sources: [] should be non-empty"),
        (_set("since", "1.1.0"), f"{RULE_LABEL}: since: 1.1.0 is later than ocp-testing@1.0.0"),
        (
            _set("check", {"kind": "presnt", "path": "$.a"}),
            f"{RULE_LABEL}: check.kind: unknown check kind 'presnt'",
        ),
        (
            _set("check", {"kind": "present", "pth": "$.a"}),
            f"{RULE_LABEL}: check: Additional properties",
        ),
        (
            _set("check", {"kind": "python", "name": "telepathy"}),
            f"{RULE_LABEL}: check.name: unknown python check 'telepathy'",
        ),
        (
            _set("check", {"kind": "all_of", "checks": [{"kind": "present"}, {"kind": "x"}]}),
            f"{RULE_LABEL}: check.checks[1].kind: unknown check kind 'x'",
        ),
        (
            _set("check", {"kind": "present", "path": "$.a", "message": "need {params.x}"}),
            f"{RULE_LABEL}: check: uses {{params.x}} but params has no 'x'",
        ),
        (
            _set("check", {"kind": "equals", "path": "$.a", "value": "{params.expected}"}),
            f"{RULE_LABEL}: check: uses {{params.expected}} but params has no 'expected'",
        ),
    ],
    ids=[
        "no-statement",
        "no-examples",
        "unknown-dimension",
        "bad-level",
        "weight-too-high",
        "unknown-field",
        "no-sources",
        "since-later",
        "unknown-kind",
        "unknown-check-key",
        "unknown-python-check",
        "nested-unknown-kind",
        "undeclared-param-in-message",
        "undeclared-param-in-value",
    ],
)
def test_broken_rule_is_named_with_file_and_field(
    tmp_path: Path, mutate: Mutator, expected: str
) -> None:
    rule = rule_data()
    mutate(rule)
    write_version(tmp_path, rules=[rule])
    problem = one_problem(tmp_path)
    assert problem.startswith(expected), problem


def test_id_must_match_file_name(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path, rules=[])
    write(version_dir / "rules" / "TST-GEN-001.yaml", rule_data("TST-GEN-002"))
    assert one_problem(tmp_path) == (
        f"{RULE_LABEL}: id: 'TST-GEN-002' does not match the file name 'TST-GEN-001'"
    )


def test_duplicate_id_and_slug(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path, rules=[rule_data("TST-GEN-001")])
    write(version_dir / "rules" / "TST-GEN-002.yaml", rule_data("TST-GEN-001"))
    problems = problems_of(tmp_path)
    second = f"{LABEL}/rules/TST-GEN-002.yaml"
    assert f"{second}: id: TST-GEN-001 is already used by {RULE_LABEL}" in problems
    assert f"{second}: slug: 'slug-tst-gen-001' is already used by {RULE_LABEL}" in problems


def test_duplicate_slug_alone(tmp_path: Path) -> None:
    write_version(
        tmp_path,
        rules=[rule_data("TST-GEN-001"), rule_data("TST-GEN-002", slug="slug-tst-gen-001")],
    )
    assert one_problem(tmp_path) == (
        f"{LABEL}/rules/TST-GEN-002.yaml: slug: 'slug-tst-gen-001' is already used by {RULE_LABEL}"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    write_version(
        tmp_path,
        rules=[
            rule_data("TST-GEN-001", dimension="nowhere"),
            rule_data("TST-GEN-002", check={"kind": "nope"}),
        ],
    )
    write_version(tmp_path, standard_data("ocp-other"), rules=[rule_data("TST-OTH-001", level="X")])
    problems = problems_of(tmp_path)
    assert len(problems) == 3
    assert [p.split(":", 1)[0] for p in problems] == [
        "standards/ocp-other/1.0.0/rules/TST-OTH-001.yaml",
        RULE_LABEL,
        f"{LABEL}/rules/TST-GEN-002.yaml",
    ]


def test_malformed_rule_yaml_names_file_and_line(tmp_path: Path) -> None:
    version_dir = write_version(tmp_path, rules=[])
    (version_dir / "rules" / "TST-GEN-001.yaml").write_text("id: TST-GEN-001\nid: again\n")
    problem = one_problem(tmp_path)
    assert problem.startswith(f"{RULE_LABEL}:2: cannot parse: duplicate key")


def test_param_placeholder_as_a_whole_value_loads(tmp_path: Path) -> None:
    rule = rule_data(
        params={"allowed_countries": ["CA"], "k": 5},
        check={
            "kind": "all_of",
            "checks": [
                {"kind": "enum", "path": "$.country", "values": "{params.allowed_countries}"},
                {"kind": "range", "path": "$.k", "min": "{params.k}"},
            ],
        },
    )
    write_version(tmp_path, rules=[rule])
    assert load_catalog(root=tmp_path).get("ocp-testing").rules[0].params["k"] == 5


def test_list_as_check_kind_is_a_catalog_error(tmp_path: Path) -> None:
    write_version(tmp_path, rules=[rule_data(check={"kind": ["present"], "path": "$.a"})])
    assert one_problem(tmp_path).startswith(f"{RULE_LABEL}: check.kind")


# broken standard.yaml ---------------------------------------------------------------------------

STD_LABEL = f"{LABEL}/standard.yaml"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"scoring": None}, f"{STD_LABEL}: scoring: None is not of type 'object'"),
        ({"status": "final"}, f"{STD_LABEL}: status: 'final' is not one of"),
        ({"id": "OCP_Testing"}, f"{STD_LABEL}: id: 'OCP_Testing' does not match"),
        ({"version": "1.0"}, f"{STD_LABEL}: version: '1.0' does not match"),
        ({"colour": "blue"}, f"{STD_LABEL}: (top level): Additional properties"),
        ({"released": "someday"}, f"{STD_LABEL}: released: 'someday' is not a 'date'"),
    ],
)
def test_broken_standard_file_is_named(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    std = standard_data()
    std.update(change)
    version_dir = tmp_path / "ocp-testing" / "1.0.0"
    write(version_dir / "standard.yaml", std)
    problem = one_problem(tmp_path)
    assert problem.startswith(expected), problem


def test_broken_scoring_block_is_named(tmp_path: Path) -> None:
    std = standard_data()
    std["scoring"]["levels"][0]["min_score"] = 150
    del std["scoring"]["level_weights"]["MAY"]
    write_version(tmp_path, std)
    problems = problems_of(tmp_path)
    assert f"{STD_LABEL}: scoring.level_weights: 'MAY' is a required property" in problems
    assert f"{STD_LABEL}: scoring.levels.0.min_score: 150 is greater than the maximum of 100" in (
        problems
    )


def test_standard_folder_must_match_id_and_version(tmp_path: Path) -> None:
    version_dir = tmp_path / "ocp-testing" / "1.0.0"
    write(version_dir / "standard.yaml", standard_data(version="1.0.1"))
    (version_dir / "rules").mkdir()
    assert one_problem(tmp_path) == (
        f"{STD_LABEL}: id/version ocp-testing@1.0.1 does not match its folder"
    )


# released versions ------------------------------------------------------------------------------


def _released(tmp_path: Path) -> Path:
    std = standard_data(status="released", released="2026-11-24")
    version_dir = write_version(tmp_path, std, [rule_data("TST-GEN-001"), rule_data("TST-GEN-002")])
    return version_dir


def test_released_version_loads_with_its_recorded_digest(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    digest = write_release(version_dir)
    std = load_catalog(root=tmp_path).get("ocp-testing")
    assert not std.is_draft
    assert std.digest == digest
    assert str(std.released) == "2026-11-24"


def test_released_digest_ignores_line_endings(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    digest = write_release(version_dir)
    rule_file = version_dir / "rules" / "TST-GEN-001.yaml"
    rule_file.write_bytes(rule_file.read_bytes().replace(b"\n", b"\r\n"))
    assert load_catalog(root=tmp_path).get("ocp-testing").digest == digest


def test_tampered_rule_is_named(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    write_release(version_dir)
    write(version_dir / "rules" / "TST-GEN-002.yaml", rule_data("TST-GEN-002", weight=5))
    problem = one_problem(tmp_path)
    assert problem.startswith(f"{LABEL}/rules/TST-GEN-002.yaml: changed after release")
    assert "released versions are immutable" in problem


def test_tampered_standard_file_is_named(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    write_release(version_dir)
    std = standard_data(status="released", released="2026-11-24", title="Renamed")
    write(version_dir / "standard.yaml", std)
    assert one_problem(tmp_path).startswith(f"{STD_LABEL}: changed after release")


def test_file_added_after_release_is_named(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    write_release(version_dir)
    write(version_dir / "rules" / "TST-GEN-003.yaml", rule_data("TST-GEN-003"))
    assert one_problem(tmp_path) == f"{LABEL}/rules/TST-GEN-003.yaml: file was added after release"


def test_file_removed_after_release_is_named(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    write_release(version_dir)
    (version_dir / "rules" / "TST-GEN-002.yaml").unlink()
    assert one_problem(tmp_path) == f"{LABEL}/rules/TST-GEN-002.yaml: released file is missing"


@pytest.mark.parametrize("content", [None, "not json", '{"files": {}}'])
def test_released_without_valid_release_file(tmp_path: Path, content: str | None) -> None:
    version_dir = _released(tmp_path)
    if content is not None:
        (version_dir / RELEASE_FILE).write_text(content)
    problem = one_problem(tmp_path)
    assert problem.startswith(f"{LABEL}/{RELEASE_FILE}: a released version needs a valid digest")


def test_release_file_with_forged_total_digest(tmp_path: Path) -> None:
    version_dir = _released(tmp_path)
    write_release(version_dir)
    release = version_dir / RELEASE_FILE
    release.write_text(release.read_text().replace("sha256:", "sha256:0", 1))
    assert one_problem(tmp_path) == (
        f"{LABEL}/{RELEASE_FILE}: recorded digest does not match its file list"
    )


# profiles ---------------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An OCP_STANDARDS_HOME with one standard and a chain of profiles."""
    monkeypatch.setenv("OCP_STANDARDS_HOME", str(tmp_path))
    write_version(
        tmp_path / "standards",
        rules=[rule_data("TST-GEN-001", params={"k": 5, "days": 30}), rule_data("TST-GEN-002")],
    )
    profiles = tmp_path / "profiles"
    write(
        profiles / "base.yaml",
        profile_data(
            "base",
            description="the base",
            standards={"ocp-testing": "1.0.0"},
            scoring="ocp-testing",
            select=["TST-"],
            ignore=["TST-GEN-009"],
            overrides={"TST-GEN-001": {"severity": "warning", "weight": 2, "params": {"k": 3}}},
            gate={"fail_on": "error", "fail_under": 50},
        ),
    )
    write(
        profiles / "mid.yaml",
        profile_data(
            "mid",
            extends="base",
            ignore=["TST-GEN-008"],
            overrides={"TST-GEN-001": {"params": {"days": 10}}},
            gate={"fail_under": 70},
        ),
    )
    write(
        profiles / "leaf.yaml",
        profile_data(
            "leaf",
            extends="mid",
            select=["tag:residency"],
            include_draft=True,
            overrides={
                "TST-GEN-001": {"weight": 4},
                "TST-GEN-002": {"severity": "info"},
            },
        ),
    )
    write(profiles / "loop-a.yaml", profile_data("loop-a", extends="loop-b"))
    write(profiles / "loop-b.yaml", profile_data("loop-b", extends="loop-a"))
    write(profiles / "selfish.yaml", profile_data("selfish", extends="selfish"))
    return tmp_path


def _catalog(home: Path) -> Catalog:
    return load_catalog(root=home / "standards")


def test_profile_without_extends(home: Path) -> None:
    base = _catalog(home).profile("base")
    assert base.chain == ["base"]
    assert base.source == "profiles/base.yaml"
    assert base.overrides["TST-GEN-001"].severity is Severity.WARNING


def test_profile_extends_chain_is_flattened(home: Path) -> None:
    leaf = _catalog(home).profile("leaf")
    assert leaf.id == "leaf"
    assert leaf.chain == ["base", "mid", "leaf"]
    assert leaf.source == "profiles/leaf.yaml"
    assert leaf.description == "the base"
    assert leaf.standards == {"ocp-testing": "1.0.0"}
    assert leaf.scoring == "ocp-testing"
    assert leaf.select == ["tag:residency"]
    assert leaf.ignore == ["TST-GEN-009", "TST-GEN-008"]
    assert leaf.include_draft is True
    ov = leaf.overrides["TST-GEN-001"]
    assert ov.severity is Severity.WARNING
    assert ov.weight == 4
    assert ov.params == {"k": 3, "days": 10}
    assert leaf.overrides["TST-GEN-002"].severity is Severity.INFO
    assert leaf.gate == Gate(fail_on="error", fail_under=70)


def test_profile_mid_keeps_parent_select(home: Path) -> None:
    mid = _catalog(home).profile("mid")
    assert mid.select == ["TST-"]
    assert mid.include_draft is None
    assert mid.overrides["TST-GEN-001"].weight == 2


@pytest.mark.parametrize("name", ["loop-a", "selfish"])
def test_profile_extends_loop_is_an_error(home: Path, name: str) -> None:
    with pytest.raises(CatalogError) as info:
        _catalog(home).profile(name)
    (problem,) = info.value.problems
    assert "extends: profiles extend each other in a loop" in problem
    assert f"({name} -> " in problem


def test_unknown_profile_lists_bundled_ones(home: Path) -> None:
    with pytest.raises(CatalogError) as info:
        _catalog(home).profile("nope")
    (problem,) = info.value.problems
    assert problem.startswith("unknown profile 'nope'; bundled profiles: ")
    assert "base, leaf, loop-a, loop-b, mid, selfish" in problem
    assert _catalog(home).profile_names() == ["base", "leaf", "loop-a", "loop-b", "mid", "selfish"]


def test_unknown_parent_profile_is_an_error(home: Path) -> None:
    write(home / "profiles" / "orphan.yaml", profile_data("orphan", extends="ghost"))
    with pytest.raises(CatalogError, match="unknown profile 'ghost'"):
        _catalog(home).profile("orphan")


def test_profile_from_a_file_path(home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("city")
    write(elsewhere / "shared.yaml", profile_data("shared", extends="base", ignore=["TST-GEN-007"]))
    path = write(
        elsewhere / "city.yaml",
        profile_data("city", extends="shared.yaml", gate={"fail_on": "warning"}),
    )
    city = _catalog(home).profile(str(path))
    assert city.chain == ["base", "shared", "city"]
    assert city.source == str(path)
    assert city.ignore == ["TST-GEN-009", "TST-GEN-007"]
    assert city.gate == Gate(fail_on="warning", fail_under=50)


def test_bad_profile_file_names_file_and_field(home: Path) -> None:
    write(
        home / "profiles" / "broken.yaml",
        profile_data("broken", gate={"fail_on": "sometimes"}, selct=["X"]),
    )
    with pytest.raises(CatalogError) as info:
        _catalog(home).profile("broken")
    problems = info.value.problems
    assert any(
        p.startswith("profiles/broken.yaml: (top level): Additional properties") for p in problems
    )
    assert any(p.startswith("profiles/broken.yaml: gate.fail_on: 'sometimes'") for p in problems)


def test_profile_with_bad_weight_override(home: Path) -> None:
    write(
        home / "profiles" / "heavy.yaml",
        profile_data("heavy", overrides={"TST-GEN-001": {"weight": 11, "level": "MAY"}}),
    )
    with pytest.raises(CatalogError) as info:
        _catalog(home).profile("heavy")
    joined = "\n".join(info.value.problems)
    assert "profiles/heavy.yaml: overrides.TST-GEN-001.weight: 11 is greater than" in joined
    assert "profiles/heavy.yaml: overrides.TST-GEN-001: Additional properties" in joined


# merge_profiles ---------------------------------------------------------------------------------


def _profile(pid: str, **kw: Any) -> Profile:
    return Profile(id=pid, title=pid.title(), source=f"{pid}.yaml", chain=[pid], **kw)


def test_merge_child_replaces_standards_and_select() -> None:
    parent = _profile(
        "p", standards={"ocp-a": "1.0.0", "ocp-b": "1.0.0"}, select=["A-", "B-"], scoring="ocp-a"
    )
    child = _profile("c", standards={"ocp-b": "2.0.0"}, select=["B-"])
    merged = merge_profiles(parent, child)
    assert merged.standards == {"ocp-b": "2.0.0"}
    assert merged.select == ["B-"]
    assert merged.scoring == "ocp-a"
    assert merged.chain == ["p", "c"]
    assert merged.source == "c.yaml"


def test_merge_child_without_settings_inherits() -> None:
    parent = _profile("p", standards={"ocp-a": "1.0.0"}, select=["A-"], include_draft=True)
    merged = merge_profiles(parent, _profile("c"))
    assert merged.standards == {"ocp-a": "1.0.0"}
    assert merged.select == ["A-"]
    assert merged.include_draft is True


def test_merge_empty_select_list_is_kept() -> None:
    merged = merge_profiles(_profile("p", select=["A-"]), _profile("c", select=[]))
    assert merged.select == []


def test_merge_ignore_accumulates_without_duplicates() -> None:
    merged = merge_profiles(_profile("p", ignore=["A-", "B-"]), _profile("c", ignore=["B-", "C-"]))
    assert merged.ignore == ["A-", "B-", "C-"]


def test_merge_overrides_per_key() -> None:
    parent = _profile(
        "p",
        overrides={
            "R-1": RuleOverride(severity=Severity.WARNING, weight=3, params={"a": 1, "b": 2}),
            "R-2": RuleOverride(weight=1),
        },
    )
    child = _profile(
        "c",
        overrides={
            "R-1": RuleOverride(weight=0, params={"b": 20, "c": 30}),
            "R-3": RuleOverride(severity=Severity.INFO),
        },
    )
    merged = merge_profiles(parent, child)
    assert merged.overrides["R-1"] == RuleOverride(
        severity=Severity.WARNING, weight=0, params={"a": 1, "b": 20, "c": 30}
    )
    assert merged.overrides["R-2"] == RuleOverride(weight=1)
    assert merged.overrides["R-3"] == RuleOverride(severity=Severity.INFO)
    # the parent is not modified
    assert parent.overrides["R-1"].params == {"a": 1, "b": 2}


def test_merge_gate_per_key() -> None:
    parent = _profile("p", gate=Gate(fail_on="error", fail_under=60))
    assert merge_profiles(parent, _profile("c", gate=Gate(fail_under=70))).gate == Gate(
        fail_on="error", fail_under=70
    )
    assert merge_profiles(parent, _profile("c", gate=Gate(fail_on="never"))).gate == Gate(
        fail_on="never", fail_under=60
    )
    assert merge_profiles(parent, _profile("c")).gate == parent.gate


def test_bundled_profiles_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped profiles all flatten (run against the shipped standards)."""
    monkeypatch.delenv("OCP_STANDARDS_HOME", raising=False)
    catalog = load_catalog()
    for name in catalog.profile_names():
        profile = catalog.profile(name)
        assert profile.chain[-1] == profile.id
        assert profile.gate.fail_on in ("error", "warning", "info", "never", None)
