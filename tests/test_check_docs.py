"""Checks document themselves: every named Python check says what it checks, why, what passes and
what fails; every argument is described; policy lists are arguments whose defaults are exactly
the values released rules were judged with; and the generated rule pages show all of it."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.checks import api
from ocp_standards.checks.base import CheckContext, CheckOutcome
from ocp_standards.checks.builtin import registry, run_check
from ocp_standards.checks.check_docs import REQUIRED_SECTIONS, parse_check_doc
from ocp_standards.checks.policy import any_of
from ocp_standards.checks.registry import REGISTRY, Registry
from ocp_standards.checks.tables import quality as table_checks
from ocp_standards.committee.docs_gen import generate, rule_page_name
from ocp_standards.model.outcome import Outcome
from ocp_standards.settings.clock import resolve_now

assert registry() is REGISTRY  # the built-in checks are registered
NOW = resolve_now("2026-11-24")
CHECKS = sorted(REGISTRY.python)


@pytest.mark.parametrize("name", CHECKS)
def test_every_python_check_documents_itself(name: str) -> None:
    check = REGISTRY.python[name]
    doc = check.doc
    assert doc.complete, f"{name}: {'; '.join(doc.problems)}"
    for heading in REQUIRED_SECTIONS:
        assert len(doc.get(heading)) >= 10, f"{name}: say more under '{heading}:'"
    assert check.summary.strip()
    for arg in check.arguments:
        assert arg.description, f"{name}: describe argument {arg.name!r}"
    assert name not in REGISTRY.doc_problems


def test_the_shared_registry_recorded_no_undocumented_check() -> None:
    assert REGISTRY.doc_problems == {}


def test_every_declarative_kind_has_a_summary() -> None:
    for name, kind in REGISTRY.kinds.items():
        assert len(kind.summary.strip()) > 20, name


def _bare(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    return CheckOutcome.passed()


def _half(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Something.
    Why:
        A reason.
    """
    return CheckOutcome.passed()


def test_a_strict_registry_refuses_an_undocumented_check() -> None:
    strict = Registry(strict_docs=True)
    with pytest.raises(ValueError, match="no docstring"):
        strict.python_check("bare", "summary")(_bare)
    with pytest.raises(ValueError, match="no 'Passes:' section"):
        strict.python_check("half", "summary")(_half)
    assert strict.python == {}


def test_the_shared_kind_of_registry_records_rather_than_refuses() -> None:
    lenient = Registry()  # a plug-in's missing docstring must never stop a run
    lenient.python_check("bare", "summary")(_bare)
    assert "bare" in lenient.python
    assert lenient.doc_problems["bare"] == ["no docstring"]


def test_an_undescribed_argument_is_a_documentation_problem() -> None:
    documented = REGISTRY.python["no-credentials-in-url"].fn
    lenient = Registry()
    lenient.python_check("x", "summary", {"type": "object", "properties": {"k": {}}})(documented)
    assert lenient.doc_problems["x"] == ["argument 'k' has no description"]


def test_docstring_sections_are_parsed() -> None:
    doc = parse_check_doc(
        """What it checks:
            One thing,
            on two lines.
        Why:
            Because.
        Passes:
            - a bullet
              continued
        Fails:
            The rest.
        Cannot tell:
            Never.
        """
    )
    assert doc.complete
    assert doc.get("What it checks") == "One thing,\non two lines."
    assert doc.get("Passes") == "- a bullet\n  continued"
    assert [h for h, _ in doc.sections][-1] == "Cannot tell"
    assert parse_check_doc("Summary first.\nWhy:\n  x").problems == (
        "text before the first section heading",
        "no 'What it checks:' section",
        "no 'Passes:' section",
        "no 'Fails:' section",
    )
    assert "the 'Why:' section is empty" in parse_check_doc("Why:\nFails:\n x").problems


# Policy values as arguments --------------------------------------------------------------------

#: The module-level patterns the checks used before their lists became arguments, verbatim.
BEFORE = {
    "no-credentials-in-url": (
        r"(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|^token$|secret|password|passwd|"
        r"^key$|client[-_]?secret|session[-_]?id)"
    ),
    "personal-fields-marked": (
        r"^(e?mail|email_address|phone|phone_number|telephone|mobile|first_name|last_name|"
        r"full_name|given_name|family_name|surname|date_of_birth|dob|birth_?date|sin|ssn|"
        r"social_insurance_number|home_address|street_address|licen[cs]e_plate|plate|"
        r"ip_address|device_id)$"
    ),
    "datetime-formats": (
        r"(date|time|timestamp|_at$|At$|^created$|^updated$|^modified$|^expires$)"
    ),
    "collections-paginated": (
        r"^(limit|offset|page|page_?size|per_?page|cursor|page_?token|next|start|count|"
        r"max_?results|page\[.*\])$"
    ),
    "rate-limit-declared": r"((x-)?rate-?limit)",
    "latitude_columns": r"^(lat|latitude|breite|breitengrad|y_wgs84|lat_wgs84)$",
    "longitude_columns": r"^(lon|lng|long|longitude|laenge|längengrad|x_wgs84|lon_wgs84)$",
    # Was `A|B|C|D` with no outer group: the same matches with `search`.
    "date_columns": (
        r"((^|[_\s-])(date|datum|timestamp|zeit|zeitpunkt)($|[_\s-])|_at$|_on$"
        r"|^(created|updated|modified|issued)$)"
    ),
    "markup": (
        r"(?i)<\s*(script|iframe|object|style|a\s|img\s|div|span|p|br|b|i|table)\b[^>]*>"
        r"|javascript:|on(load|error|click)\s*="
    ),
}


def test_policy_defaults_compile_to_the_patterns_used_before() -> None:
    assert any_of(api.CREDENTIAL_NAMES).pattern == BEFORE["no-credentials-in-url"]
    assert any_of(api.PERSONAL_NAMES, whole=True).pattern == BEFORE["personal-fields-marked"]
    assert any_of(api.DATE_NAMES).pattern == BEFORE["datetime-formats"]
    assert any_of(api.PAGINATION_NAMES, whole=True).pattern == (BEFORE["collections-paginated"])
    assert any_of(api.RATE_LIMIT_HEADERS).pattern == BEFORE["rate-limit-declared"]
    assert api.DATE_FORMATS == ("date", "date-time", "time", "duration")
    for key, names in (
        ("latitude_columns", table_checks.LATITUDE_COLUMNS),
        ("longitude_columns", table_checks.LONGITUDE_COLUMNS),
    ):
        assert any_of(names, whole=True).pattern == BEFORE[key]
    assert any_of(table_checks.DATE_COLUMNS).pattern == BEFORE["date_columns"]
    assert table_checks._markup_re({}) == BEFORE["markup"]
    assert any_of(api.CREDENTIAL_NAMES).flags & 2  # re.IGNORECASE, as before


#: (check, argument, the module constant that is its default)
POLICY_ARGS = [
    ("no-credentials-in-url", "credential_names", api.CREDENTIAL_NAMES),
    ("personal-fields-marked", "personal_names", api.PERSONAL_NAMES),
    ("datetime-formats", "date_names", api.DATE_NAMES),
    ("datetime-formats", "date_formats", api.DATE_FORMATS),
    ("collections-paginated", "pagination_names", api.PAGINATION_NAMES),
    ("rate-limit-declared", "rate_limit_headers", api.RATE_LIMIT_HEADERS),
    ("table-coordinates-valid", "latitude_columns", table_checks.LATITUDE_COLUMNS),
    ("table-coordinates-valid", "longitude_columns", table_checks.LONGITUDE_COLUMNS),
    ("table-dates-iso", "date_columns", table_checks.DATE_COLUMNS),
    ("table-no-markup", "markup_patterns", table_checks.MARKUP_PATTERNS),
]


@pytest.mark.parametrize(("check", "arg", "default"), POLICY_ARGS)
def test_policy_lists_are_arguments_with_todays_defaults(
    check: str, arg: str, default: tuple[str, ...]
) -> None:
    schema = REGISTRY.python[check].args_schema
    assert schema["properties"][arg]["default"] == list(default)
    assert not Draft202012Validator(schema).is_valid({arg: []}), "an empty list matches anything"
    assert REGISTRY.validate({"kind": "python", "name": check, "args": {arg: list(default)}}) == []


def test_defaults_are_valid_values_of_their_own_arguments() -> None:
    for name, check in REGISTRY.python.items():
        for arg in check.arguments:
            if arg.has_default:
                sub = check.args_schema["properties"][arg.name]
                assert Draft202012Validator(sub).is_valid(arg.default), (name, arg.name)


def test_a_regex_argument_that_does_not_compile_is_refused_at_load() -> None:
    spec = {"kind": "python", "name": "no-credentials-in-url", "args": {"credential_names": ["("]}}
    (problem,) = REGISTRY.validate(spec)
    assert problem.startswith("check.args.credential_names.0: invalid regular expression")


def _spec_with_query_param(name: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/items": {
                "get": {
                    "parameters": [{"name": name, "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }


def test_a_rule_can_pass_its_own_list_instead_of_the_default() -> None:
    doc = _spec_with_query_param("signature")
    check = {"kind": "python", "name": "no-credentials-in-url"}
    ctx = CheckContext(root=doc, now=NOW)
    assert run_check(check, ctx).outcome is Outcome.PASSED
    custom = {**check, "args": {"credential_names": ["^signature$"]}}
    assert run_check(custom, ctx).outcome is Outcome.FAILED
    # The default still flags what it flagged before.
    assert run_check(check, CheckContext(_spec_with_query_param("api_key"), NOW)).outcome is (
        Outcome.FAILED
    )


# Rule pages -----------------------------------------------------------------------------------


def _python_rules() -> list[tuple[str, Any, list[str]]]:
    from ocp_standards.checks.tables.fused import _python_specs

    found = []
    cat = default_catalog()
    for sid in cat.standards:
        # A rule's page documents its newest version (as docs_gen does).
        latest: dict[str, Any] = {}
        for version in cat.versions(sid):
            latest.update({r.id: r for r in version.rules})
        for rule in latest.values():
            names = [s["name"] for s in _python_specs(rule.check)]
            if names:
                found.append((sid, rule, names))
    return found


def test_rule_pages_explain_their_python_checks_in_words() -> None:
    pages = generate(default_catalog())
    rules = _python_rules()
    assert len(rules) > 60
    for sid, rule, names in rules:
        page = pages[rule_page_name(sid, rule.id)]
        for name in names:
            check = REGISTRY.get_python(name)
            assert check is not None, (rule.id, name)
            assert f"### Python check `{check.ref}`" in page, rule.id
            for heading in REQUIRED_SECTIONS:
                assert f"**{heading}**" in page, (rule.id, heading)
            first_line = check.doc.get("What it checks").splitlines()[0]
            assert first_line in page, rule.id
            for arg in check.arguments:
                assert f"`{arg.name}`: {arg.description}" in page, (rule.id, arg.name)


def test_rule_pages_show_the_defaults_and_what_the_rule_passes() -> None:
    pages = generate(default_catalog())
    api = pages[rule_page_name("ocp-exchange", "EXC-API-023")]
    assert "Not set by this rule; the default:" in api
    assert "- client[-_]?secret" in api
    fields = pages[rule_page_name("ocp-exchange", "EXC-311-002")]
    assert "`operations`: " in fields and "This rule passes:" in fields
    assert "- `condition@1`: If `when` passes" in fields  # declarative kinds, in words
    email = pages[rule_page_name("ocp-generation", "GEN-PRIV-001")]
    assert "This rule passes `email`." in email
    assert "This rule passes its parameter `role_addresses` (see Parameters)." in email
