"""Every declarative check kind, both ways; `missing`; message templates; spec validation."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.checks.base import CheckContext, CheckFinding, CheckOutcome
from ocp_standards.checks.builtin import run_check
from ocp_standards.checks.registry import REGISTRY, PythonCheck
from ocp_standards.model.outcome import Outcome
from ocp_standards.settings.clock import resolve_now

NOW = resolve_now("2026-11-24")
PASSED, FAILED = Outcome.PASSED, Outcome.FAILED
INAPPLICABLE, CANT_TELL = Outcome.INAPPLICABLE, Outcome.CANT_TELL


def run(spec: dict[str, Any], doc: Any, params: dict[str, Any] | None = None) -> CheckOutcome:
    return run_check(spec, CheckContext(root=doc, now=NOW, params=params or {}))


def pointers(outcome: CheckOutcome) -> list[str]:
    return [f.pointer for f in outcome.findings]


def messages(outcome: CheckOutcome) -> list[str]:
    return [f.message for f in outcome.findings]


def assert_outcome(outcome: CheckOutcome, expected: Outcome) -> None:
    detail = outcome.reason or "; ".join(messages(outcome))
    assert outcome.outcome is expected, f"got {outcome.outcome.value}: {detail}"
    if expected is FAILED:
        assert outcome.findings and all(m.strip() for m in messages(outcome))
    else:
        assert outcome.findings == []


# present -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spec_extra"),
    [
        ("Acme", {}),
        (0, {}),
        (False, {}),
        ([1], {}),
        ({"a": 1}, {}),
        ("abc", {"min_length": 3}),
        ([], {"min_items": 0}),
        ([1, 2], {"min_items": 2}),
    ],
)
def test_present_passes(value: Any, spec_extra: dict[str, Any]) -> None:
    assert_outcome(run({"kind": "present", "path": "$.x", **spec_extra}, {"x": value}), PASSED)


@pytest.mark.parametrize(
    ("value", "spec_extra", "problem"),
    [
        (None, {}, "is empty"),
        ("", {}, "is blank"),
        ("   ", {}, "is blank"),
        ({}, {}, "is empty"),
        ([], {}, "has 0 item(s); at least 1 required"),
        ([1], {"min_items": 2}, "has 1 item(s); at least 2 required"),
        ("ab", {"min_length": 3}, "is shorter than 3 characters"),
    ],
)
def test_present_fails(value: Any, spec_extra: dict[str, Any], problem: str) -> None:
    outcome = run({"kind": "present", "path": "$.v.x", **spec_extra}, {"v": {"x": value}})
    assert_outcome(outcome, FAILED)
    assert messages(outcome) == [f"v.x: {problem}"]
    assert pointers(outcome) == ["/v/x"]


def test_present_missing_points_where_the_value_should_be() -> None:
    outcome = run({"kind": "present", "path": "$.vendor.contact.email"}, {"vendor": {}})
    assert_outcome(outcome, FAILED)
    assert messages(outcome) == ["vendor.contact.email is missing"]
    assert pointers(outcome) == ["/vendor/contact/email"]


def test_present_with_wildcard_reports_each_bad_match() -> None:
    doc = {"contacts": [{"email": "a@x"}, {"email": ""}, {"email": None}]}
    outcome = run({"kind": "present", "path": "$.contacts[*].email"}, doc)
    assert_outcome(outcome, FAILED)
    assert pointers(outcome) == ["/contacts/1/email", "/contacts/2/email"]


# enum --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spec_extra", "expected"),
    [
        ("CA", {"values": ["CA", "FR"]}, PASSED),
        ("US", {"values": ["CA", "FR"]}, FAILED),
        (["CA", "FR"], {"values": ["CA", "FR"]}, PASSED),
        (["CA", "US"], {"values": ["CA", "FR"]}, FAILED),
        ("US", {"not_in": ["US", "CN"]}, FAILED),
        ("CA", {"not_in": ["US", "CN"]}, PASSED),
        ("CA", {"values": ["CA"], "not_in": ["CA"]}, FAILED),
        ("ca", {"values": ["CA"]}, FAILED),
        ("ca", {"values": ["CA"], "case_sensitive": False}, PASSED),
        ("us", {"not_in": ["US"], "case_sensitive": False}, FAILED),
        (3, {"values": [1, 2, 3]}, PASSED),
        ({"country": "CA"}, {"values": ["CA"]}, FAILED),
        ([["CA"]], {"values": ["CA"]}, FAILED),
        ([], {"values": ["CA"]}, FAILED),
        (None, {"values": ["CA"]}, FAILED),
    ],
)
def test_enum(value: Any, spec_extra: dict[str, Any], expected: Outcome) -> None:
    assert_outcome(run({"kind": "enum", "path": "$.c", **spec_extra}, {"c": value}), expected)


def test_enum_messages() -> None:
    out = run({"kind": "enum", "path": "$.c", "values": ["CA", "FR"]}, {"c": "US"})
    assert messages(out) == ["c: US is not one of: CA, FR"]
    out = run({"kind": "enum", "path": "$.c", "not_in": ["US"]}, {"c": "US"})
    assert messages(out) == ["c: US is not allowed"]
    out = run({"kind": "enum", "path": "$.c", "values": ["CA"]}, {"c": []})
    assert messages(out) == ["c: is empty"]


@settings(deadline=None)
@given(st.text(max_size=3), st.lists(st.text(max_size=3), max_size=4))
def test_enum_property(value: str, allowed: list[str]) -> None:
    out = run({"kind": "enum", "path": "$.c", "values": allowed}, {"c": value})
    assert out.outcome is (PASSED if value in allowed else FAILED)


# equals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected_value", "expected"),
    [
        (True, True, PASSED),
        ("1.0", "1.0", PASSED),
        ({"a": [1]}, {"a": [1]}, PASSED),
        (False, True, FAILED),
        (1, True, FAILED),
        (1.0, 1, FAILED),
        ("true", True, FAILED),
        (None, "x", FAILED),
    ],
)
def test_equals(value: Any, expected_value: Any, expected: Outcome) -> None:
    spec = {"kind": "equals", "path": "$.v", "value": expected_value}
    assert_outcome(run(spec, {"v": value}), expected)


def test_equals_message() -> None:
    out = run({"kind": "equals", "path": "$.open_source", "value": True}, {"open_source": False})
    assert messages(out) == ["open_source: is False; expected True"]
    assert pointers(out) == ["/open_source"]


# pattern -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spec_extra", "expected"),
    [
        ("https://x.org", {"regex": "^https://"}, PASSED),
        ("http://x.org", {"regex": "^https://"}, FAILED),
        ("see https://x.org", {"regex": "https://"}, PASSED),  # searched, not anchored
        ("HTTPS://X.ORG", {"regex": "^https://"}, FAILED),
        ("HTTPS://X.ORG", {"regex": "^https://", "flags": "i"}, PASSED),
        (["https://a", "https://b"], {"regex": "^https://"}, PASSED),
        (["https://a", "ftp://b"], {"regex": "^https://"}, FAILED),
        (42, {"regex": "^4"}, FAILED),
        (None, {"regex": ".*"}, FAILED),
        ([], {"regex": ".*"}, FAILED),
        ("a\nb", {"regex": "^b$"}, FAILED),
        ("a\nb", {"regex": "^b$", "flags": "m"}, PASSED),
    ],
)
def test_pattern(value: Any, spec_extra: dict[str, Any], expected: Outcome) -> None:
    assert_outcome(run({"kind": "pattern", "path": "$.u", **spec_extra}, {"u": value}), expected)


def test_pattern_messages() -> None:
    out = run({"kind": "pattern", "path": "$.u", "regex": "^https://"}, {"u": "http://x"})
    assert messages(out) == ["u: 'http://x' does not have the expected form"]
    out = run({"kind": "pattern", "path": "$.u", "regex": "x"}, {"u": 42})
    assert messages(out) == ["u: 42 is not text"]


# range -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "bounds", "expected"),
    [
        (5, {"min": 5, "max": 10}, PASSED),
        (10, {"min": 5, "max": 10}, PASSED),
        (7.5, {"min": 5, "max": 10}, PASSED),
        (4.99, {"min": 5}, FAILED),
        (10.01, {"max": 10}, FAILED),
        (5, {"exclusive_min": 5}, FAILED),
        (5.0001, {"exclusive_min": 5}, PASSED),
        (10, {"exclusive_max": 10}, FAILED),
        (-1, {}, PASSED),
        (True, {"min": 0}, FAILED),
        ("7", {"min": 0}, FAILED),
        (None, {"min": 0}, FAILED),
        (math.inf, {"max": 10}, FAILED),
    ],
)
def test_range(value: Any, bounds: dict[str, Any], expected: Outcome) -> None:
    assert_outcome(run({"kind": "range", "path": "$.n", **bounds}, {"n": value}), expected)


def test_range_messages() -> None:
    spec = {"kind": "range", "path": "$.k", "min": 5}
    assert messages(run(spec, {"k": 3})) == ["k: is 3; must be at least 5"]
    spec = {"kind": "range", "path": "$.k", "max": 2.5}
    assert messages(run(spec, {"k": 3})) == ["k: is 3; must be at most 2.5"]
    spec = {"kind": "range", "path": "$.k", "exclusive_max": 3}
    assert messages(run(spec, {"k": 3})) == ["k: is 3; must be less than 3"]
    spec = {"kind": "range", "path": "$.k", "min": 0}
    assert messages(run(spec, {"k": "lots"})) == ["k: lots is not a number"]


@settings(deadline=None)
@given(
    st.one_of(st.integers(-1000, 1000), st.floats(-1000, 1000)),
    st.integers(-1000, 1000),
    st.integers(0, 500),
)
def test_range_property(value: float, low: int, width: int) -> None:
    high = low + width
    out = run({"kind": "range", "path": "$.n", "min": low, "max": high}, {"n": value})
    assert out.outcome is (PASSED if low <= value <= high else FAILED)


def test_range_rejects_nan() -> None:
    out = run({"kind": "range", "path": "$.n", "min": 0, "max": 100}, {"n": math.nan})
    assert out.outcome is FAILED


def test_range_handles_huge_integers() -> None:
    out = run({"kind": "range", "path": "$.n", "max": 100}, {"n": 10**400})
    assert out.outcome is FAILED


# date --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spec_extra", "expected"),
    [
        ("2026-11-24", {"not_after": "now"}, PASSED),
        ("2026-11-25", {"not_after": "now"}, FAILED),
        ("2026-11-23T23:59:59Z", {"not_after": "now"}, PASSED),
        ("2026-11-24T01:00:00+02:00", {"not_after": "now"}, PASSED),  # 23:00 UTC the day before
        ("2026-11-24", {"not_before": "now"}, PASSED),
        ("2026-11-23", {"not_before": "now"}, FAILED),
        ("2019-12-31", {"not_before": "2020-01-01"}, FAILED),
        ("2020-01-01", {"not_before": "2020-01-01"}, PASSED),
        ("2027-01-01", {"not_after": "2026-12-31"}, FAILED),
        ("2026-10-25", {"max_age_days": 30}, PASSED),
        ("2026-10-24", {"max_age_days": 30}, FAILED),
        ("2030-01-01", {"max_age_days": 30}, PASSED),
        ("2026-12-24", {"min_ahead_days": 30}, PASSED),
        ("2026-12-23", {"min_ahead_days": 30}, FAILED),
        ("2026-11-24", {}, PASSED),
        ("2026-13-01", {}, FAILED),
        ("24/11/2026", {}, FAILED),
        ("soon", {}, FAILED),
        (20261124, {}, FAILED),
        (None, {}, FAILED),
    ],
)
def test_date(value: Any, spec_extra: dict[str, Any], expected: Outcome) -> None:
    assert_outcome(run({"kind": "date", "path": "$.d", **spec_extra}, {"d": value}), expected)


def test_date_messages_use_the_fixed_now() -> None:
    spec = {"kind": "date", "path": "$.cert.issued", "max_age_days": 365}
    out = run(spec, {"cert": {"issued": "2025-11-23"}})
    assert messages(out) == ["cert.issued: 2025-11-23 is 366 days old; at most 365 allowed"]
    assert pointers(out) == ["/cert/issued"]
    spec = {"kind": "date", "path": "$.d", "not_after": "now"}
    assert messages(run(spec, {"d": "2027-01-01"})) == ["d: 2027-01-01 is later than 2026-11-24"]
    spec = {"kind": "date", "path": "$.d", "min_ahead_days": 30}
    assert messages(run(spec, {"d": "2026-12-01"})) == ["d: 2026-12-01 is less than 30 days ahead"]
    spec = {"kind": "date", "path": "$.d"}
    assert messages(run(spec, {"d": "soon"})) == ["d: 'soon' is not an ISO 8601 date (YYYY-MM-DD)"]


def test_date_same_day_as_now_is_not_later_than_now() -> None:
    out = run(
        {"kind": "date", "path": "$.signed", "not_after": "now"}, {"signed": "2026-11-24T09:00:00Z"}
    )
    assert out.outcome is PASSED, messages(out)


def test_date_moves_with_now() -> None:
    spec = {"kind": "date", "path": "$.d", "max_age_days": 30}
    doc = {"d": "2026-10-01"}
    later = CheckContext(root=doc, now=resolve_now("2026-10-15"), params={})
    assert run_check(spec, later).outcome is PASSED
    assert run(spec, doc).outcome is FAILED


# json_schema -------------------------------------------------------------------------------------


SCHEMA = {
    "type": "object",
    "required": ["name", "since"],
    "properties": {"name": {"type": "string"}, "since": {"type": "string", "format": "date"}},
}


def test_json_schema_passes() -> None:
    doc = {"vendor": {"name": "Acme", "since": "2020-01-01"}}
    spec = {"kind": "json_schema", "path": "$.vendor", "schema": SCHEMA}
    assert_outcome(run(spec, doc), PASSED)


def test_json_schema_each_error_is_a_finding_at_its_pointer() -> None:
    doc = {"vendor": {"name": 7, "since": "yesterday"}}
    out = run({"kind": "json_schema", "path": "$.vendor", "schema": SCHEMA}, doc)
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/vendor/name", "/vendor/since"]
    assert messages(out)[0] == "vendor.name: 7 is not of type 'string'"
    assert "is not a 'date'" in messages(out)[1]


def test_json_schema_required_error_points_at_the_object() -> None:
    out = run({"kind": "json_schema", "path": "$.vendor", "schema": SCHEMA}, {"vendor": {}})
    assert pointers(out) == ["/vendor", "/vendor"]
    assert any("'name' is a required property" in m for m in messages(out))


def test_json_schema_items_in_arrays() -> None:
    schema = {"type": "array", "items": {"type": "integer"}}
    out = run({"kind": "json_schema", "path": "$.xs", "schema": schema}, {"xs": [1, "b", 3, "d"]})
    assert pointers(out) == ["/xs/1", "/xs/3"]


def test_json_schema_boolean_schema() -> None:
    assert run({"kind": "json_schema", "schema": True}, {"a": 1}).outcome is PASSED
    assert run({"kind": "json_schema", "schema": False}, {"a": 1}).outcome is FAILED


def test_json_schema_pointer_escapes_keys() -> None:
    schema = {"properties": {"a/b": {"type": "string"}}}
    out = run({"kind": "json_schema", "schema": schema}, {"a/b": 1})
    assert pointers(out) == ["/a~1b"]


# missing: fail | inapplicable | pass -------------------------------------------------------------

LEAF_SPECS: list[dict[str, Any]] = [
    {"kind": "present"},
    {"kind": "enum", "values": ["x"]},
    {"kind": "equals", "value": "x"},
    {"kind": "pattern", "regex": "x"},
    {"kind": "range", "min": 0},
    {"kind": "date"},
    {"kind": "json_schema", "schema": {"type": "string"}},
]


@pytest.mark.parametrize("spec", LEAF_SPECS, ids=lambda s: s["kind"])
def test_missing_defaults_to_fail(spec: dict[str, Any]) -> None:
    out = run({**spec, "path": "$.a.b"}, {"a": {}})
    assert_outcome(out, FAILED)
    assert messages(out) == ["a.b is missing"]
    assert pointers(out) == ["/a/b"]


@pytest.mark.parametrize("spec", LEAF_SPECS, ids=lambda s: s["kind"])
def test_missing_fail_explicit(spec: dict[str, Any]) -> None:
    out = run({**spec, "path": "$.a.b", "missing": "fail"}, {})
    assert_outcome(out, FAILED)


@pytest.mark.parametrize("spec", LEAF_SPECS, ids=lambda s: s["kind"])
def test_missing_inapplicable(spec: dict[str, Any]) -> None:
    out = run({**spec, "path": "$.a.b", "missing": "inapplicable"}, {})
    assert_outcome(out, INAPPLICABLE)
    assert out.reason == "nothing at a.b"


@pytest.mark.parametrize("spec", LEAF_SPECS, ids=lambda s: s["kind"])
def test_missing_pass(spec: dict[str, Any]) -> None:
    assert_outcome(run({**spec, "path": "$.a.b", "missing": "pass"}, {}), PASSED)


@pytest.mark.parametrize("spec", LEAF_SPECS, ids=lambda s: s["kind"])
def test_missing_policy_does_not_excuse_a_present_bad_value(spec: dict[str, Any]) -> None:
    out = run({**spec, "path": "$.a", "missing": "pass"}, {"a": {}})
    assert_outcome(out, FAILED)


def test_missing_with_a_filter_path_points_at_the_current_node() -> None:
    spec = {"kind": "present", "path": "$.locs[?(@.primary == true)]"}
    out = run(spec, {"locs": [{"primary": False}]})
    assert_outcome(out, FAILED)
    assert pointers(out) == [""]
    assert messages(out) == ["$.locs[?(@.primary == true)] is missing"]


# message templates -------------------------------------------------------------------------------


def test_message_template_path_value_params() -> None:
    spec = {
        "kind": "enum",
        "path": "$.residency.locations[*].country",
        "values": ["CA"],
        "message": "{path} is {value}; allowed: {params.allowed}; k={params.k}",
    }
    doc = {"residency": {"locations": [{"country": "CA"}, {"country": "US"}]}}
    out = run(spec, doc, {"allowed": ["CA", "FR"], "k": 5})
    assert messages(out) == ["residency.locations[1].country is US; allowed: CA, FR; k=5"]
    assert pointers(out) == ["/residency/locations/1/country"]


def test_message_template_unknown_placeholders_are_left_alone() -> None:
    spec = {"kind": "present", "path": "$.a", "message": "{params.nope} {other} {path}"}
    assert messages(run(spec, {}, {})) == ["{params.nope} {other} a"]


def test_message_template_value_is_shortened_and_single_line() -> None:
    spec = {"kind": "pattern", "path": "$.a", "regex": "^x", "message": "bad: {value}"}
    out = run(spec, {"a": "line one\nline two " + "y" * 100})
    (message,) = messages(out)
    assert "\n" not in message
    assert len(message) <= len("bad: ") + 60
    assert message.endswith("…")


def test_message_template_on_missing_value() -> None:
    spec = {"kind": "present", "path": "$.vendor.name", "message": "Say who you are ({path})"}
    assert messages(run(spec, {})) == ["Say who you are (vendor.name)"]


def test_composite_message_replaces_children_findings() -> None:
    spec = {
        "kind": "all_of",
        "message": "exit plan incomplete at {path} (need {params.days} days)",
        "checks": [
            {"kind": "present", "path": "$.exit.plan"},
            {"kind": "range", "path": "$.exit.days", "min": 90},
        ],
    }
    out = run(spec, {"exit": {"days": 30}}, {"days": 90})
    assert messages(out) == ["exit plan incomplete at exit.plan (need 90 days)"]
    assert pointers(out) == ["/exit/plan"]


# condition ---------------------------------------------------------------------------------------

CONDITION = {
    "kind": "condition",
    "when": {"kind": "equals", "path": "$.processes_personal_data", "value": True},
    "then": {"kind": "present", "path": "$.privacy.dpia"},
}


def test_condition_when_passes_then_decides() -> None:
    assert_outcome(
        run(CONDITION, {"processes_personal_data": True, "privacy": {"dpia": "x"}}), PASSED
    )
    out = run(CONDITION, {"processes_personal_data": True})
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/privacy/dpia"]


def test_condition_without_else_is_inapplicable() -> None:
    out = run(CONDITION, {"processes_personal_data": False})
    assert_outcome(out, INAPPLICABLE)
    assert out.reason
    assert_outcome(run(CONDITION, {}), INAPPLICABLE)


def test_condition_else_branch() -> None:
    spec = {**CONDITION, "else": {"kind": "present", "path": "$.privacy.statement"}}
    assert_outcome(run(spec, {"processes_personal_data": False}), FAILED)
    doc = {"processes_personal_data": False, "privacy": {"statement": "none"}}
    assert_outcome(run(spec, doc), PASSED)


def test_condition_cant_tell_when_propagates() -> None:
    spec = {**CONDITION, "when": {"kind": "python", "name": "no-such-check"}}
    out = run(spec, {})
    assert out.outcome is CANT_TELL
    assert "no-such-check" in (out.reason or "")


def test_condition_message_applies_to_failure() -> None:
    spec = {**CONDITION, "message": "personal data needs a DPIA"}
    out = run(spec, {"processes_personal_data": True})
    assert messages(out) == ["personal data needs a DPIA"]
    assert pointers(out) == ["/privacy/dpia"]


# all_of / any_of ---------------------------------------------------------------------------------

P_A = {"kind": "present", "path": "$.a"}
P_B = {"kind": "present", "path": "$.b"}
P_C_INAPPLICABLE = {"kind": "present", "path": "$.c", "missing": "inapplicable"}
CANT = {"kind": "python", "name": "no-such-check"}


def test_all_of() -> None:
    assert_outcome(run({"kind": "all_of", "checks": [P_A, P_B]}, {"a": 1, "b": 1}), PASSED)
    out = run({"kind": "all_of", "checks": [P_A, P_B]}, {})
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/a", "/b"]
    out = run({"kind": "all_of", "checks": [P_A, P_B]}, {"a": 1})
    assert pointers(out) == ["/b"]


def test_all_of_skips_inapplicable_parts() -> None:
    assert_outcome(run({"kind": "all_of", "checks": [P_A, P_C_INAPPLICABLE]}, {"a": 1}), PASSED)
    assert_outcome(run({"kind": "all_of", "checks": [P_C_INAPPLICABLE]}, {}), INAPPLICABLE)
    assert_outcome(run({"kind": "all_of", "checks": [P_A, P_C_INAPPLICABLE]}, {}), FAILED)


def test_all_of_cant_tell_unless_something_failed() -> None:
    assert run({"kind": "all_of", "checks": [P_A, CANT]}, {"a": 1}).outcome is CANT_TELL
    assert run({"kind": "all_of", "checks": [P_A, CANT]}, {}).outcome is FAILED


def test_any_of() -> None:
    assert_outcome(run({"kind": "any_of", "checks": [P_A, P_B]}, {"b": 1}), PASSED)
    assert_outcome(run({"kind": "any_of", "checks": [P_A, CANT]}, {"a": 1}), PASSED)
    out = run({"kind": "any_of", "checks": [P_A, P_B]}, {})
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/a", "/b"]
    assert_outcome(run({"kind": "any_of", "checks": [P_C_INAPPLICABLE]}, {}), INAPPLICABLE)
    assert run({"kind": "any_of", "checks": [CANT, P_C_INAPPLICABLE]}, {}).outcome is CANT_TELL


def test_any_of_message() -> None:
    spec = {"kind": "any_of", "checks": [P_A, P_B], "message": "give a or b"}
    assert messages(run(spec, {})) == ["give a or b"]


def test_any_of_failed_or_cant_tell_is_cant_tell() -> None:
    assert run({"kind": "any_of", "checks": [P_A, CANT]}, {}).outcome is CANT_TELL


# each --------------------------------------------------------------------------------------------

RESIDENCY = {
    "kind": "each",
    "path": "$.residency.locations[?(@.data_class != 'public')]",
    "check": {"kind": "enum", "path": "$.country", "values": "{params.allowed}"},
}


def test_each_with_filter_checks_only_selected_items() -> None:
    doc = {
        "residency": {
            "locations": [
                {"data_class": "personal", "country": "CA"},
                {"data_class": "public", "country": "US"},
                {"data_class": "backup", "country": "FR"},
            ]
        }
    }
    spec = {**RESIDENCY, "check": {**RESIDENCY["check"], "values": ["CA"]}}
    out = run(spec, doc)
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/residency/locations/2/country"]
    assert messages(out) == ["residency.locations[2].country: FR is not one of: CA"]
    spec = {**RESIDENCY, "check": {**RESIDENCY["check"], "values": ["CA", "FR"]}}
    assert_outcome(run(spec, doc), PASSED)


def test_each_path_to_a_list_means_its_items() -> None:
    spec = {"kind": "each", "path": "$.systems", "check": {"kind": "present", "path": "$.name"}}
    out = run(spec, {"systems": [{"name": "a"}, {}, {"name": ""}]})
    assert pointers(out) == ["/systems/1/name", "/systems/2/name"]


def test_nested_each_gives_absolute_pointers() -> None:
    spec = {
        "kind": "each",
        "path": "$.systems",
        "check": {
            "kind": "each",
            "path": "$.residency.locations",
            "check": {"kind": "equals", "path": "$.country", "value": "CA"},
        },
    }
    doc = {
        "systems": [
            {"residency": {"locations": [{"country": "CA"}]}},
            {"residency": {"locations": [{"country": "CA"}, {"country": "US"}]}},
        ]
    }
    out = run(spec, doc)
    assert pointers(out) == ["/systems/1/residency/locations/1/country"]
    assert messages(out) == ["systems[1].residency.locations[1].country: is US; expected CA"]


def test_each_missing_inside_item_points_into_the_item() -> None:
    spec = {"kind": "each", "path": "$.xs", "check": {"kind": "present", "path": "$.a.b"}}
    out = run(spec, {"xs": [{"a": {"b": 1}}, {"a": {}}]})
    assert pointers(out) == ["/xs/1/a/b"]
    assert messages(out) == ["xs[1].a.b is missing"]


def test_each_without_items_is_inapplicable_unless_missing_fail() -> None:
    spec = {"kind": "each", "path": "$.xs", "check": {"kind": "present", "path": "$.a"}}
    assert_outcome(run(spec, {"xs": []}), INAPPLICABLE)
    assert_outcome(run(spec, {}), INAPPLICABLE)
    out = run({**spec, "missing": "fail"}, {})
    assert_outcome(out, FAILED)
    assert pointers(out) == ["/xs"]
    assert_outcome(run({**spec, "missing": "pass"}, {}), PASSED)


def test_each_min_items() -> None:
    spec = {
        "kind": "each",
        "path": "$.xs",
        "min_items": 2,
        "check": {"kind": "present", "path": "$.a"},
    }
    out = run(spec, {"xs": [{"a": 1}]})
    assert_outcome(out, FAILED)
    assert messages(out) == ["1 item(s) at $.xs; at least 2 required"]
    assert pointers(out) == ["/xs"]
    assert_outcome(run(spec, {"xs": [{"a": 1}, {"a": 2}]}), PASSED)


def test_each_items_inapplicable_parts_are_skipped() -> None:
    spec = {
        "kind": "each",
        "path": "$.xs",
        "check": {"kind": "present", "path": "$.a", "missing": "inapplicable"},
    }
    assert_outcome(run(spec, {"xs": [{"a": 1}, {}]}), PASSED)
    assert_outcome(run(spec, {"xs": [{}, {}]}), INAPPLICABLE)


def test_each_wildcard_single_list_item_is_one_item() -> None:
    spec = {"kind": "each", "path": "$.rows[*]", "check": {"kind": "present"}}
    # With two rows the first (empty) one fails; with one row the answer must be the same.
    assert run(spec, {"rows": [[], [1]]}).outcome is FAILED
    assert run(spec, {"rows": [[]]}).outcome is FAILED


# python ------------------------------------------------------------------------------------------


def test_python_check_receives_ctx_and_args(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fn(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
        seen.update(node=ctx.node, base=ctx.base, params=ctx.params, args=args, now=ctx.now)
        if ctx.node.get("ok"):
            return CheckOutcome.passed()
        return CheckOutcome.failed(CheckFinding("not ok", ctx.base + "/ok"))

    monkeypatch.setitem(REGISTRY.python, "test-ok", PythonCheck("test-ok", "test", fn))
    spec = {"kind": "python", "name": "test-ok", "args": {"n": 1}}
    assert_outcome(run(spec, {"ok": True}, {"p": 2}), PASSED)
    assert seen == {
        "node": {"ok": True},
        "base": "",
        "params": {"p": 2},
        "args": {"n": 1},
        "now": NOW,
    }
    nested = {"kind": "each", "path": "$.items", "check": {"kind": "python", "name": "test-ok"}}
    out = run(nested, {"items": [{"ok": True}, {"ok": False}]})
    assert pointers(out) == ["/items/1/ok"]
    assert seen["args"] == {}


def test_python_unknown_name_is_cant_tell() -> None:
    out = run({"kind": "python", "name": "no-such-check"}, {})
    assert out.outcome is CANT_TELL
    assert out.reason == "no python check named 'no-such-check'"


def test_unknown_kind_at_run_time_is_cant_tell() -> None:
    out = run({"kind": "telepathy"}, {})
    assert out.outcome is CANT_TELL
    assert "telepathy" in (out.reason or "")


# REGISTRY.validate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "present", "path": "$.a", "missing": "inapplicable", "message": "m"},
        {"kind": "enum", "values": ["a"], "not_in": ["b"], "case_sensitive": False},
        {"kind": "equals", "value": None},
        {"kind": "pattern", "regex": "^a", "flags": "im"},
        {"kind": "range", "min": 0, "max": 1.5, "exclusive_min": -1, "exclusive_max": 2},
        {"kind": "date", "not_after": "now", "not_before": "2020-01-01", "max_age_days": 3},
        {"kind": "json_schema", "schema": {"type": "object"}},
        {"kind": "json_schema", "schema": False},
        CONDITION,
        {**CONDITION, "else": P_A},
        {"kind": "all_of", "checks": [P_A, P_B]},
        {"kind": "any_of", "checks": [P_A]},
        {**RESIDENCY, "check": {"kind": "enum", "path": "$.country", "values": ["CA"]}},
        {"kind": "python", "name": "manifest-schema"},
        {"kind": "python", "name": "input-readable", "args": {}},
    ],
    ids=lambda s: s["kind"],
)
def test_validate_accepts_good_specs(spec: dict[str, Any]) -> None:
    assert REGISTRY.validate(spec) == []


def test_every_kind_in_the_docs_is_registered() -> None:
    documented = {
        "present", "enum", "equals", "pattern", "range", "date", "json_schema",
        "condition", "all_of", "any_of", "each", "python",
    }  # fmt: skip
    assert documented <= set(REGISTRY.kinds)


def test_validate_unknown_kind_lists_known_kinds() -> None:
    (problem,) = REGISTRY.validate({"kind": "presnt", "path": "$.a"})
    assert problem.startswith("check.kind: unknown check kind 'presnt'")
    assert "present" in problem and "json_schema" in problem


def test_validate_missing_kind_and_non_mapping() -> None:
    assert REGISTRY.validate({"path": "$.a"})[0].startswith("check.kind: unknown check kind None")
    assert REGISTRY.validate(["present"]) == ["check: must be a mapping with a 'kind'"]


def test_validate_unknown_key() -> None:
    (problem,) = REGISTRY.validate({"kind": "present", "pth": "$.a"})
    assert problem.startswith("check: ")
    assert "'pth'" in problem


@pytest.mark.parametrize(
    ("spec", "where"),
    [
        ({"kind": "enum", "values": "CA"}, "check.values"),
        ({"kind": "pattern"}, "check"),
        ({"kind": "pattern", "regex": "x", "flags": "g"}, "check.flags"),
        ({"kind": "present", "missing": "skip"}, "check.missing"),
        ({"kind": "range", "min": "5"}, "check.min"),
        ({"kind": "date", "max_age_days": -1}, "check.max_age_days"),
        ({"kind": "each", "path": "$.xs"}, "check"),
        ({"kind": "all_of", "checks": []}, "check.checks"),
        ({"kind": "equals"}, "check"),
    ],
)
def test_validate_bad_parameters(spec: dict[str, Any], where: str) -> None:
    problems = REGISTRY.validate(spec)
    assert problems
    assert problems[0].split(": ", 1)[0] == where


def test_validate_nested_bad_specs_name_their_place() -> None:
    spec = {
        "kind": "all_of",
        "checks": [
            P_A,
            {"kind": "each", "path": "$.xs", "check": {"kind": "enum", "valeus": ["a"]}},
            {**CONDITION, "then": {"kind": "nope"}},
        ],
    }
    problems = REGISTRY.validate(spec, "rules/X.yaml: check")
    assert len(problems) == 2
    assert problems[0].startswith("rules/X.yaml: check.checks[1].check: ")
    assert "'valeus'" in problems[0]
    assert problems[1].startswith("rules/X.yaml: check.checks[2].then.kind: unknown check kind")


def test_validate_unknown_python_check() -> None:
    (problem,) = REGISTRY.validate({"kind": "python", "name": "telepathy"})
    assert problem.startswith("check.name: unknown python check 'telepathy'; known: ")
    assert "manifest-schema" in problem


def test_validate_python_args_against_its_schema() -> None:
    problems = REGISTRY.validate({"kind": "python", "name": "input-readable", "args": {"x": 1}})
    assert len(problems) == 1
    assert problems[0].startswith("check.args: ")


@pytest.mark.parametrize("kind", [["present"], {"name": "present"}])
def test_validate_unhashable_kind_is_a_problem(kind: Any) -> None:
    problems = REGISTRY.validate({"kind": "all_of", "checks": [{"kind": kind}]})
    assert problems and problems[0].startswith("check.checks[0].kind")


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "present", "path": "$.["},
        {"kind": "pattern", "path": "$.a", "regex": "("},
        {"kind": "date", "path": "$.a", "not_after": "nwo"},
        {"kind": "json_schema", "path": "$.a", "schema": {"type": "nonsense"}},
    ],
    ids=["jsonpath", "regex", "date-bound", "schema"],
)
def test_validate_catches_bad_parameter_values(spec: dict[str, Any]) -> None:
    assert REGISTRY.validate(spec) != []


def test_bad_date_bound_does_not_pass_everything() -> None:
    out = run({"kind": "date", "path": "$.d", "not_after": "nwo"}, {"d": "2099-01-01"})
    assert out.outcome is not PASSED


def test_each_filter_matching_nothing_in_a_present_list_is_inapplicable() -> None:
    # "All locations are public" is not "no locations declared".
    spec = {
        "kind": "each",
        "path": "$.locations[?(@.data_class != 'public')]",
        "missing": "fail",
        "check": {"kind": "enum", "path": "$.country", "values": ["CA"]},
    }
    only_public = {"locations": [{"country": "US", "data_class": "public"}]}
    assert run(spec, only_public).outcome is INAPPLICABLE
    assert run(spec, {}).outcome is FAILED
