"""Resolving a profile against the catalog: selection, lifecycle, overrides and their errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.loader import Catalog, load_catalog
from ocp_standards.catalog.ruleset import Ruleset, resolve_ruleset, substitute
from ocp_standards.model.outcome import Level, Severity
from ocp_standards.model.profile import Profile, RuleOverride

from .fixtures.core.builders import rule_data, standard_data, write_version

ALL_ACTIVE = [
    "EXT-AAA-001",
    "EXT-AAA-002",
    "TST-GEN-001",
    "TST-GEN-003",
    "TST-OTH-001",
    "TST-OTH-002",
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root: Path = tmp_path_factory.mktemp("standards")
    write_version(
        root,
        standard_data("ocp-testing"),
        [
            rule_data(
                "TST-GEN-001",
                tags=["residency"],
                params={"country": "CA", "regex": "^[A-Z]{2}$"},
                # A profile may give one country or a list (the default alone would allow text).
                params_schema={"country": {"type": ["string", "array"]}},
                check={
                    "kind": "all_of",
                    "message": "{path} must be {params.country}",
                    "checks": [
                        {"kind": "pattern", "path": "$.country", "regex": "{params.regex}"},
                        {"kind": "equals", "path": "$.country", "value": "{params.country}"},
                    ],
                },
            ),
            rule_data("TST-GEN-002", status="draft", tags=["residency"]),
            rule_data("TST-GEN-003", status="deprecated", replaced_by="TST-GEN-001"),
            rule_data("TST-GEN-004", status="retired"),
            rule_data("TST-OTH-001", level="SHOULD", tags=["privacy"], weight=2),
            rule_data("TST-OTH-002", level="MAY", applies_to=["dataset"]),
        ],
    )
    write_version(root, standard_data("ocp-extra", "1.0.0"), [rule_data("EXT-AAA-001")])
    write_version(
        root,
        standard_data("ocp-extra", "1.1.0"),
        [rule_data("EXT-AAA-001"), rule_data("EXT-AAA-002", status="deprecated")],
    )
    return load_catalog(root=root)


def profile(**kw: Any) -> Profile:
    return Profile(id="t", title="Test", source="profiles/t.yaml", chain=["t"], **kw)


def ids(ruleset: Ruleset) -> list[str]:
    return [r.id for r in ruleset.rules]


def test_default_is_latest_versions_and_all_active_rules(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile())
    assert [s.ref for s in rs.standards] == ["ocp-extra@1.1.0", "ocp-testing@1.0.0"]
    assert ids(rs) == ALL_ACTIVE
    assert rs.scoring_ref == "ocp-extra@1.1.0"
    assert rs.draft is True
    assert set(rs.input_rules) == {"OCP-INPUT-001", "OCP-INPUT-002", "OCP-INPUT-003"}
    assert rs.input_rules["OCP-INPUT-002"].severity is Severity.ERROR


def test_pins_choose_versions_and_scoring(catalog: Catalog) -> None:
    rs = resolve_ruleset(
        catalog,
        profile(standards={"ocp-extra": "1.0.0", "ocp-testing": "1.0.0"}, scoring="ocp-testing"),
    )
    assert [s.ref for s in rs.standards] == ["ocp-extra@1.0.0", "ocp-testing@1.0.0"]
    assert "EXT-AAA-002" not in ids(rs)
    assert rs.scoring_ref == "ocp-testing@1.0.0"
    assert rs.scoring == catalog.get("ocp-testing").scoring


def test_pins_limit_standards(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile(standards={"ocp-testing": "1.0.0"}))
    assert all(i.startswith("TST-") for i in ids(rs))


def test_unknown_pinned_version_is_an_error(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match=re.escape("ocp-testing has no version '9.9.9'")):
        resolve_ruleset(catalog, profile(standards={"ocp-testing": "9.9.9"}))


def test_scoring_must_be_a_pinned_standard(catalog: Catalog) -> None:
    with pytest.raises(CatalogError) as info:
        resolve_ruleset(catalog, profile(standards={"ocp-testing": "1.0.0"}, scoring="ocp-extra"))
    assert info.value.problems == [
        "profiles/t.yaml: scoring: 'ocp-extra' is not one of the pinned standards"
    ]


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        (["TST-OTH-001"], ["TST-OTH-001"]),
        (["TST-OTH-"], ["TST-OTH-001", "TST-OTH-002"]),
        (["TST-OTH-001", "EXT-"], ["EXT-AAA-001", "EXT-AAA-002", "TST-OTH-001"]),
        (["tag:residency"], ["TST-GEN-001"]),
        (["tag:privacy", "TST-OTH-002"], ["TST-OTH-001", "TST-OTH-002"]),
        ([], []),
    ],
)
def test_select(catalog: Catalog, select: list[str], expected: list[str]) -> None:
    assert ids(resolve_ruleset(catalog, profile(select=select))) == expected


def test_ignore_after_select(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile(select=["TST-"], ignore=["TST-OTH-", "tag:residency"]))
    assert ids(rs) == ["TST-GEN-003"]


def test_command_line_select_replaces_and_ignore_adds(catalog: Catalog) -> None:
    prof = profile(select=["TST-"], ignore=["TST-OTH-002"])
    rs = resolve_ruleset(catalog, prof, select=["TST-OTH-", "EXT-AAA-001"], ignore=["EXT-"])
    assert ids(rs) == ["TST-OTH-001"]


def test_draft_rules_only_with_include_draft(catalog: Catalog) -> None:
    assert "TST-GEN-002" not in ids(resolve_ruleset(catalog, profile()))
    assert "TST-GEN-002" not in ids(resolve_ruleset(catalog, profile(include_draft=False)))
    rs = resolve_ruleset(catalog, profile(include_draft=True, select=["tag:residency"]))
    assert ids(rs) == ["TST-GEN-001", "TST-GEN-002"]


def test_retired_rules_never_run(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile(include_draft=True, select=["TST-GEN-004"]))
    assert ids(rs) == []
    assert "TST-GEN-004" not in ids(resolve_ruleset(catalog, profile(include_draft=True)))


def test_deprecated_rules_run_with_a_note(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile())
    assert "TST-GEN-003" in ids(rs)
    assert rs.notes == ["EXT-AAA-002 is deprecated", "TST-GEN-003 is deprecated; use TST-GEN-001"]
    assert resolve_ruleset(catalog, profile(select=["TST-OTH-"])).notes == []


def test_rules_without_overrides_keep_their_own_settings(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile(select=["TST-GEN-001", "TST-OTH-001"]))
    gen, oth = rs.rules
    assert (gen.severity, gen.level, gen.weight) == (Severity.ERROR, Level.MUST, 1)
    assert (oth.severity, oth.level, oth.weight) == (Severity.WARNING, Level.SHOULD, 2)
    assert gen.params == {"country": "CA", "regex": "^[A-Z]{2}$"}
    checks = gen.check["checks"]
    assert checks[0]["regex"] == "^[A-Z]{2}$"
    assert checks[1]["value"] == "CA"
    # Inside a longer string the placeholder stays; it is formatted when the message is rendered.
    assert gen.check["message"] == "{path} must be {params.country}"


def test_overrides_change_severity_weight_and_params(catalog: Catalog) -> None:
    prof = profile(
        overrides={
            "TST-GEN-001": RuleOverride(
                severity=Severity.INFO, weight=5, params={"country": ["FR", "DE"]}
            ),
            "TST-OTH-001": RuleOverride(severity=Severity.ERROR),
        }
    )
    rs = resolve_ruleset(catalog, prof)
    gen = next(r for r in rs.rules if r.id == "TST-GEN-001")
    assert (gen.severity, gen.level, gen.weight) == (Severity.INFO, Level.MAY, 5)
    assert gen.params == {"country": ["FR", "DE"], "regex": "^[A-Z]{2}$"}
    # A whole-string placeholder takes the parameter's value with its type (here a list).
    assert gen.check["checks"][1]["value"] == ["FR", "DE"]
    oth = next(r for r in rs.rules if r.id == "TST-OTH-001")
    assert (oth.severity, oth.level, oth.weight) == (Severity.ERROR, Level.MUST, 2)
    # The catalog's rule is untouched.
    rule = catalog.find_rule("TST-GEN-001")
    assert rule is not None
    assert rule.params["country"] == "CA"
    assert rule.check["checks"][1]["value"] == "{params.country}"


def test_weight_override_of_zero_is_kept(catalog: Catalog) -> None:
    prof = profile(overrides={"TST-OTH-001": RuleOverride(weight=0)})
    rs = resolve_ruleset(catalog, prof, select=["TST-OTH-001"])
    assert rs.rules[0].weight == 0


def test_substitute_copies_values() -> None:
    params: dict[str, Any] = {"xs": [1, 2], "n": 3}
    check = {"a": "{params.xs}", "b": ["{params.n}", "x {params.n}"], "c": "{params.none}"}
    out = substitute(check, params)
    assert out == {"a": [1, 2], "b": [3, "x {params.n}"], "c": "{params.none}"}
    out["a"].append(99)
    assert params["xs"] == [1, 2]


def test_for_kind(catalog: Catalog) -> None:
    rs = resolve_ruleset(catalog, profile())
    assert [r.id for r in rs.for_kind("dataset")] == ["TST-OTH-002"]
    assert "TST-OTH-002" not in [r.id for r in rs.for_kind("manifest")]
    assert rs.for_kind("api") == []


def test_unknown_override_rule_is_an_error(catalog: Catalog) -> None:
    prof = profile(overrides={"TST-GEN-999": RuleOverride(weight=1)})
    with pytest.raises(CatalogError) as info:
        resolve_ruleset(catalog, prof)
    assert info.value.problems == [
        "profiles/t.yaml: overrides: 'TST-GEN-999' is not a rule of the pinned standards"
    ]


def test_override_of_a_rule_outside_the_pins_is_an_error(catalog: Catalog) -> None:
    prof = profile(
        standards={"ocp-testing": "1.0.0"}, overrides={"EXT-AAA-001": RuleOverride(weight=1)}
    )
    with pytest.raises(CatalogError, match="'EXT-AAA-001' is not a rule of the pinned standards"):
        resolve_ruleset(catalog, prof)


def test_unknown_override_param_is_an_error(catalog: Catalog) -> None:
    prof = profile(overrides={"TST-GEN-001": RuleOverride(params={"contry": "FR", "zz": 1})})
    with pytest.raises(CatalogError) as info:
        resolve_ruleset(catalog, prof)
    assert info.value.problems == [
        "profiles/t.yaml: overrides.TST-GEN-001.params: unknown parameter(s) contry, zz; "
        "the rule has: country, regex"
    ]


def test_override_param_on_rule_without_params(catalog: Catalog) -> None:
    prof = profile(overrides={"TST-OTH-001": RuleOverride(params={"x": 1})})
    with pytest.raises(CatalogError, match="the rule has: none"):
        resolve_ruleset(catalog, prof)


@pytest.mark.parametrize(
    ("kwargs", "selector"),
    [
        ({"select": ["TST-NOPE-"]}, "TST-NOPE-"),
        ({"select": ["tag:nothing"]}, "tag:nothing"),
        ({"ignore": ["XYZ-"]}, "XYZ-"),
    ],
)
def test_selector_matching_nothing_is_an_error(
    catalog: Catalog, kwargs: dict[str, Any], selector: str
) -> None:
    with pytest.raises(CatalogError) as info:
        resolve_ruleset(catalog, profile(**kwargs))
    assert info.value.problems == [f"selector {selector!r} matches no rule of the pinned standards"]


def test_command_line_selector_matching_nothing_is_an_error(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="selector 'GOV-' matches no rule"):
        resolve_ruleset(catalog, profile(), select=["GOV-"])
    with pytest.raises(CatalogError, match="selector 'GOV-' matches no rule"):
        resolve_ruleset(catalog, profile(), ignore=["GOV-"])


def test_all_profile_problems_are_reported_together(catalog: Catalog) -> None:
    prof = profile(select=["NOPE-"], overrides={"NOPE-AAA-001": RuleOverride(weight=1)})
    with pytest.raises(CatalogError) as info:
        resolve_ruleset(catalog, prof)
    assert len(info.value.problems) == 2


def test_scoring_by_kind(catalog: Catalog) -> None:
    rs = resolve_ruleset(
        catalog, profile(scoring={"default": "ocp-testing", "dataset": "ocp-extra"})
    )
    assert rs.scoring_ref == "ocp-testing@1.0.0"
    assert rs.model_for("dataset") == ("ocp-extra@1.1.0", catalog.get("ocp-extra").scoring)
    assert rs.model_for("manifest") == ("ocp-testing@1.0.0", rs.scoring)
    assert rs.model_for("api")[0] == "ocp-testing@1.0.0"


def test_scoring_by_kind_naming_an_unpinned_standard_falls_back(catalog: Catalog) -> None:
    """A child profile may pin fewer standards than the mapping it inherits names."""
    rs = resolve_ruleset(
        catalog,
        profile(
            standards={"ocp-testing": "1.0.0"},
            scoring={"default": "ocp-extra", "dataset": "ocp-extra", "manifest": "ocp-testing"},
        ),
    )
    assert rs.scoring_ref == "ocp-testing@1.0.0"
    assert rs.scoring_by_kind == {"manifest": ("ocp-testing@1.0.0", rs.scoring)}
    assert rs.model_for("dataset")[0] == "ocp-testing@1.0.0"


def test_renamed_rule_is_selected_and_overridden_by_its_old_id() -> None:
    from ocp_standards.catalog.loader import default_catalog
    from ocp_standards.catalog.ruleset import matches

    rule = (
        default_catalog()
        .get("ocp-governance", "1.0.0")
        .rules[0]
        .model_copy(update={"id": "GOV-NEW-001", "aliases": ["GOV-OLD-001"]})
    )
    assert matches(rule, "GOV-OLD-001") and matches(rule, "GOV-OLD") and matches(rule, "GOV-NEW")
    assert not matches(rule, "GOV-OTHER-001")
