"""Standards and profiles are YAML 1.2 (issue 12): Norway's `NO` is text, not `false`. And a rule's
parameters have types, inferred from their defaults (or declared in `params_schema`), so a profile
that overrides one with the wrong type is refused with the file and the field to fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ocp_standards.catalog.errors import CatalogError
from ocp_standards.catalog.files import read_yaml
from ocp_standards.catalog.loader import Catalog, load_catalog
from ocp_standards.catalog.ruleset import resolve_ruleset
from ocp_standards.cli.app import app

from .crash import assert_no_crash
from .fixtures.core.builders import rule_data, write_version

NORWAY = """\
id: nordic-city
title: A city that also allows Norway
extends: procurement
overrides:
  PROC-RES-001:
    params: {allowed_countries: [CA, NO]}
"""


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems(call: Any, *args: Any) -> list[str]:
    with pytest.raises(CatalogError) as info:
        call(*args)
    return info.value.problems


def load_and_resolve(catalog: Catalog, path: Path) -> Any:
    return resolve_ruleset(catalog, catalog.profile(str(path)))


def params_of(catalog: Catalog, path: Path, rule_id: str) -> dict[str, Any]:
    ruleset = load_and_resolve(catalog, path)
    return next(a.params for a in ruleset.rules if a.id == rule_id)


# YAML 1.2 ---------------------------------------------------------------------------------------


def test_profiles_show_keeps_norway_as_text(tmp_path: Path) -> None:
    path = write_text(tmp_path / "nordic.yaml", NORWAY)
    result = CliRunner().invoke(app, ["profiles", "show", str(path), "--format", "json"])
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    override = shown["overrides"]["PROC-RES-001"]["params"]["allowed_countries"]
    assert override == ["CA", "NO"]
    (rule,) = [r for r in shown["rules"] if r["id"] == "PROC-RES-001"]
    assert rule["params"]["allowed_countries"] == ["CA", "NO"]


def test_the_library_keeps_norway_as_text(catalog: Catalog, tmp_path: Path) -> None:
    path = write_text(tmp_path / "nordic.yaml", NORWAY)
    profile = catalog.profile(str(path))
    assert profile.overrides["PROC-RES-001"].params == {"allowed_countries": ["CA", "NO"]}
    params = params_of(catalog, path, "PROC-RES-001")
    assert params["allowed_countries"] == ["CA", "NO"]


def test_yaml_1_1_scalars_are_read_as_yaml_1_2(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "scalars.yaml",
        "words: [yes, no, on, off, y, n, Yes, NO, ON, Off]\n"
        "bools: [true, false, True, FALSE]\n"
        "octal: 0777\n"
        "octal_12: 0o17\n"
        "hex: 0x1F\n"
        "sexagesimal: 1:20\n"
        "float: 1.5\n"
        "date: 2026-03-01\n"
        "nulls: [~, null, NULL]\n",
    )
    data = read_yaml(path, "scalars.yaml")
    assert data["words"] == ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "ON", "Off"]
    assert data["bools"] == [True, False, True, False]
    assert all(type(v) is bool for v in data["bools"])
    assert data["octal"] == 777 and type(data["octal"]) is int  # YAML 1.1: 511
    assert data["octal_12"] == 15
    assert data["hex"] == 31
    assert data["sexagesimal"] == "1:20"  # YAML 1.1: 80
    assert data["float"] == 1.5
    assert data["date"] == "2026-03-01"  # dates stay text, as before
    assert data["nulls"] == [None, None, None]


def test_timestamps_stay_as_written_and_a_bare_equals_sign_is_text(tmp_path: Path) -> None:
    """A bare `=` used to defeat the fast loader (YAML 1.1's `value` tag), and the fallback then
    rewrote timestamps (`Z` became `+00:00`)."""
    path = write_text(
        tmp_path / "stamps.yaml",
        "stamp: 2026-03-01T10:00:00Z\nequals: =\nword: no\n",
    )
    data = read_yaml(path, "stamps.yaml")
    assert data == {"stamp": "2026-03-01T10:00:00Z", "equals": "=", "word": "no"}


def test_a_yes_in_a_profile_is_text_so_a_boolean_field_refuses_it(tmp_path: Path) -> None:
    """`include_draft: yes` was true under YAML 1.1; now it is the word "yes", and the profile
    meta-schema says so instead of guessing."""
    path = write_text(tmp_path / "p.yaml", "id: p\ntitle: P\ninclude_draft: yes\n")
    found = problems(Catalog(root=tmp_path).load_profile_file, path, "profiles/p.yaml")
    assert found == ["profiles/p.yaml: include_draft: 'yes' is not of type 'boolean'"]


def test_duplicate_keys_are_still_refused_with_the_line(tmp_path: Path) -> None:
    path = write_text(tmp_path / "dup.yaml", "id: p\ntitle: P\nid: q\n")
    (message,) = problems(read_yaml, path, "profiles/dup.yaml")
    assert message.startswith("profiles/dup.yaml:3: cannot parse: duplicate key")
    assert '"id"' in message
    nested = write_text(
        tmp_path / "nested.yaml",
        "id: p\ntitle: P\noverrides:\n  PROC-RES-001:\n    weight: 1\n    weight: 2\n",
    )
    (message,) = problems(Catalog(root=tmp_path).profile, str(nested))
    assert message.startswith(f"{nested}:6: cannot parse: duplicate key")


def test_malformed_yaml_still_names_the_line(tmp_path: Path) -> None:
    path = write_text(tmp_path / "bad.yaml", "id: p\ntitle: P: x\n")
    (message,) = problems(read_yaml, path, "profiles/bad.yaml")
    assert message == "profiles/bad.yaml:2: cannot parse: mapping values are not allowed here"


# parameter types in profiles --------------------------------------------------------------------


def test_a_string_where_a_list_is_expected_names_file_and_field(
    catalog: Catalog, tmp_path: Path
) -> None:
    path = write_text(
        tmp_path / "x.yaml",
        "id: x\ntitle: X\nextends: procurement\n"
        "overrides:\n  PROC-RES-001:\n    params: {allowed_countries: CA}\n",
    )
    assert problems(load_and_resolve, catalog, path) == [
        f"{path}: overrides.PROC-RES-001.params.allowed_countries: "
        'expected a list of strings, got a string ("CA")'
    ]


def test_a_list_item_of_the_wrong_type_names_its_index(catalog: Catalog, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "x.yaml",
        "id: x\ntitle: X\nextends: procurement\n"
        "overrides:\n  PROC-RES-001:\n    params: {allowed_countries: [CA, 47]}\n",
    )
    assert problems(load_and_resolve, catalog, path) == [
        f"{path}: overrides.PROC-RES-001.params.allowed_countries.1: "
        "expected a string, got an integer (47) (quote it to make it text)"
    ]


def test_numbers_and_text_are_not_interchangeable(catalog: Catalog, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "x.yaml",
        "id: x\ntitle: X\nextends: procurement\noverrides:\n"
        "  PROC-PRIV-004:\n    params: {max_hours: '24'}\n"
        "  PROC-SEC-002:\n    params: {allowed_tls_versions: [1.2, '1.3']}\n",
    )
    assert problems(load_and_resolve, catalog, path) == [
        f"{path}: overrides.PROC-PRIV-004.params.max_hours: "
        'expected an integer, got a string ("24")',
        f"{path}: overrides.PROC-SEC-002.params.allowed_tls_versions.0: "
        "expected a string, got a number (1.2) (quote it to make it text)",
    ]


def test_a_number_parameter_takes_a_whole_number(catalog: Catalog, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "x.yaml",
        "id: x\ntitle: X\nextends: procurement\n"
        "overrides:\n  PROC-SLA-001:\n    params: {min_uptime_percent: 99}\n",
    )
    assert params_of(catalog, path, "PROC-SLA-001")["min_uptime_percent"] == 99


def test_a_wrong_value_inherited_through_extends_names_the_file_that_set_it(
    catalog: Catalog, tmp_path: Path
) -> None:
    parent = write_text(
        tmp_path / "parent.yaml",
        "id: parent\ntitle: Parent\nextends: procurement\n"
        "overrides:\n  PROC-RES-001:\n    params: {allowed_countries: [CA, false]}\n",
    )
    child = write_text(
        tmp_path / "child.yaml",
        "id: child\ntitle: Child\nextends: parent.yaml\n"
        "overrides:\n  PROC-RES-001:\n    severity: warning\n",
    )
    assert problems(load_and_resolve, catalog, child) == [
        f"{parent}: overrides.PROC-RES-001.params.allowed_countries.1: "
        "expected a string, got a boolean (false) (quote it to make it text)"
    ]


def test_an_unknown_parameter_name_is_an_error(catalog: Catalog, tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "x.yaml",
        "id: x\ntitle: X\nextends: procurement\n"
        "overrides:\n  PROC-RES-001:\n    params: {allowed_country: [CA]}\n",
    )
    assert problems(load_and_resolve, catalog, path) == [
        f"{path}: overrides.PROC-RES-001.params: unknown parameter(s) allowed_country; "
        "the rule has: allowed_countries"
    ]


def test_the_bundled_profiles_all_fit_their_rules(catalog: Catalog) -> None:
    for name in catalog.profile_names():
        resolve_ruleset(catalog, catalog.profile(name))


# params_schema in a new rule --------------------------------------------------------------------


def tree(tmp_path: Path, **rule: Any) -> Path:
    root = tmp_path / "standards"
    data = rule_data(
        "TST-GEN-001",
        params={"countries": ["CA"], "max_days": 30, "grace": None},
        check={
            "kind": "each",
            "path": "$.locations",
            "message": "{path} must be in {params.countries}",
            "check": {"kind": "enum", "path": "$.country", "values": "{params.countries}"},
        },
    )
    data.update(rule)
    write_version(root, rules=[data])
    return root


def profile_file(tmp_path: Path, params: dict[str, Any]) -> Path:
    data = {
        "id": "t",
        "title": "T",
        "standards": {"ocp-testing": "1.0.0"},
        "include_draft": True,
        "overrides": {"TST-GEN-001": {"params": params}},
    }
    return write_text(tmp_path / "t.yaml", json.dumps(data))


SCHEMA = {
    "countries": {"items": {"pattern": "^[A-Z]{2}$"}, "minItems": 1},
    "max_days": {"type": "number", "minimum": 0},
    "grace": {"type": ["integer", "null"]},
}


def test_params_schema_refines_the_inferred_types(tmp_path: Path) -> None:
    catalog = load_catalog(tree(tmp_path, params_schema=SCHEMA))
    assert catalog.get("ocp-testing").rules[0].params_schema == SCHEMA
    fine = profile_file(tmp_path, {"countries": ["NO"], "max_days": 7.5, "grace": 3})
    assert params_of(catalog, fine, "TST-GEN-001") == {
        "countries": ["NO"],
        "max_days": 7.5,  # `type: number` replaced the inferred integer
        "grace": 3,
    }
    bad = profile_file(tmp_path, {"countries": ["no", 1], "max_days": -1, "grace": "x"})
    assert problems(load_and_resolve, catalog, bad) == [
        f"{bad}: overrides.TST-GEN-001.params.countries.0: 'no' does not match '^[A-Z]{{2}}$'",
        # the inferred item type stays under the declared pattern
        f"{bad}: overrides.TST-GEN-001.params.countries.1: expected a string, got an integer (1) "
        "(quote it to make it text)",
        f"{bad}: overrides.TST-GEN-001.params.max_days: -1 is less than the minimum of 0",
        f"{bad}: overrides.TST-GEN-001.params.grace: "
        'expected an integer or null, got a string ("x")',
    ]


def test_params_schema_items_and_properties_are_laid_over_the_inferred_ones() -> None:
    from ocp_standards.catalog.params import param_schema

    default = {"limits": {"max": 5, "min": 1}, "names": ["a"]}
    declared = {
        "properties": {"limits": {"properties": {"max": {"maximum": 9}}}, "names": {"minItems": 1}}
    }
    assert param_schema(default, declared) == {
        "type": "object",
        "properties": {
            "limits": {
                "type": "object",
                "properties": {
                    "max": {"type": "integer", "maximum": 9},
                    "min": {"type": "integer"},
                },
            },
            "names": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
    }
    assert param_schema(72, {"type": "number", "minimum": 0}) == {"type": "number", "minimum": 0}


def test_without_params_schema_a_null_default_takes_anything(tmp_path: Path) -> None:
    catalog = load_catalog(tree(tmp_path))
    path = profile_file(tmp_path, {"grace": "P1D"})
    assert params_of(catalog, path, "TST-GEN-001")["grace"] == "P1D"


def test_a_rule_default_must_fit_its_params_schema(tmp_path: Path) -> None:
    root = tree(tmp_path, params_schema={"max_days": {"maximum": 10}})
    assert problems(load_catalog, root) == [
        "standards/ocp-testing/1.0.0/rules/TST-GEN-001.yaml: params.max_days: "
        "30 is greater than the maximum of 10"
    ]


def test_params_schema_names_only_declared_params_and_is_json_schema(tmp_path: Path) -> None:
    root = tree(tmp_path, params_schema={"nope": {"type": "string"}, "grace": {"type": "text"}})
    label = "standards/ocp-testing/1.0.0/rules/TST-GEN-001.yaml"
    found = problems(load_catalog, root)
    assert found[0] == f"{label}: params_schema.nope: params has no 'nope'"
    assert found[1].startswith(f"{label}: params_schema.grace: not a valid JSON Schema: ")
    assert len(found) == 2


def test_params_schema_must_be_a_mapping_of_schemas(tmp_path: Path) -> None:
    root = tree(tmp_path, params_schema={"max_days": "integer"})
    assert problems(load_catalog, root) == [
        "standards/ocp-testing/1.0.0/rules/TST-GEN-001.yaml: params_schema.max_days: "
        "'integer' is not of type 'object'"
    ]


# the inferred schema ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("default", "schema"),
    [
        (["CA"], {"type": "array", "items": {"type": "string"}}),
        ([], {"type": "array"}),
        ([1, 2.5], {"type": "array", "items": {"type": "number"}}),
        (
            ["a", 1],
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        ),
        (72, {"type": "integer"}),
        (99.5, {"type": "number"}),
        (False, {"type": "boolean"}),
        ("violation", {"type": "string"}),
        (None, {}),
        (
            {"k": 10, "names": ["a"]},
            {
                "type": "object",
                "properties": {
                    "k": {"type": "integer"},
                    "names": {"type": "array", "items": {"type": "string"}},
                },
            },
        ),
    ],
)
def test_schema_inferred_from_a_default(default: Any, schema: dict[str, Any]) -> None:
    from ocp_standards.catalog.params import infer_schema

    assert infer_schema(default) == schema


def test_a_boolean_is_not_a_number_and_a_mapping_keeps_unknown_keys_open() -> None:
    from ocp_standards.catalog.params import param_problems

    defaults = {"k": 10, "flag": False, "limits": {"max": 5}}
    values = {"k": True, "flag": 0, "limits": {"max": "5", "extra": [1]}}
    assert param_problems(values, defaults, None) == [
        ("k", "expected an integer, got a boolean (true)"),
        ("flag", "expected true or false, got an integer (0)"),
        ("limits.max", 'expected an integer, got a string ("5")'),
    ]
