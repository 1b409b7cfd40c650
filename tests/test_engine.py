"""The engine: every applicable rule on every subject; crashes become cantTell; unreadable inputs
become a failed OCP-INPUT rule with the rest untested; findings get source positions."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.loader import Catalog, load_catalog
from ocp_standards.catalog.ruleset import ActiveRule, Ruleset, resolve_ruleset
from ocp_standards.checks import builtin
from ocp_standards.checks.base import CheckContext, CheckFinding, CheckOutcome
from ocp_standards.checks.registry import REGISTRY, PythonCheck
from ocp_standards.engine.evaluate import evaluate, points
from ocp_standards.engine.report import build_report
from ocp_standards.model.outcome import Level, Outcome, Severity, SubjectKind
from ocp_standards.model.profile import Profile, RuleOverride
from ocp_standards.model.report import RuleResult
from ocp_standards.settings.clock import resolve_now
from ocp_standards.sources.document import parse_text
from ocp_standards.sources.loader import Candidate, load
from ocp_standards.sources.subject import Subject

from .crash import assert_no_crash
from .fixtures.core.builders import rule_data, standard_data, write_version

NOW = resolve_now("2026-11-24")

MANIFEST = """\
ocp_manifest: "1.0"
name: Smart Parking
vendor:
  name: Acme
residency:
  locations:
    - data_class: personal
      country: CA
    - data_class: backup
      country: US
"""


def _boom(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    raise RuntimeError("boom")


def _finds_at(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    return CheckOutcome.failed(
        CheckFinding("from python", str(args["pointer"]), count=4, examples=["a", "b"])
    )


@pytest.fixture
def python_checks() -> Iterator[None]:
    assert builtin.registry() is REGISTRY  # the built-in checks are registered
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(REGISTRY.python, "test-boom", PythonCheck("test-boom", "raises", _boom))
        mp.setitem(REGISTRY.python, "test-finds", PythonCheck("test-finds", "finds", _finds_at))
        yield


@pytest.fixture
def catalog(tmp_path: Path, python_checks: None) -> Catalog:
    root = tmp_path / "standards"
    write_version(
        root,
        standard_data("ocp-testing"),
        [
            rule_data("TST-GEN-001", remediation="Name the solution in the manifest."),
            rule_data("TST-GEN-002", check={"kind": "python", "name": "test-boom"}),
            rule_data(
                "TST-GEN-003",
                level="SHOULD",
                weight=2,
                dimension="sovereignty",
                check={
                    "kind": "each",
                    "path": "$.residency.locations",
                    "check": {"kind": "equals", "path": "$.country", "value": "CA"},
                },
            ),
            rule_data(
                "TST-GEN-004",
                level="MAY",
                check={"kind": "present", "path": "$.vendor.contact.email"},
            ),
            rule_data(
                "TST-GEN-005",
                check={"kind": "python", "name": "test-finds", "args": {"pointer": "/vendor/name"}},
            ),
            rule_data("TST-DAT-001", applies_to=["dataset"]),
        ],
    )
    std = standard_data("ocp-other")
    std["scoring"]["level_weights"] = {"MUST": 10, "SHOULD": 5, "MAY": 1}
    write_version(root, std, [rule_data("OTH-GEN-001", applies_to=["dataset", "manifest"])])
    return load_catalog(root=root)


def ruleset(catalog: Catalog, **kw: Any) -> Ruleset:
    prof = Profile(id="t", title="T", source="t.yaml", chain=["t"], **kw)
    return resolve_ruleset(catalog, prof)


def only_testing_std(catalog: Catalog, **kw: Any) -> Ruleset:
    return ruleset(catalog, standards={"ocp-testing": "1.0.0"}, **kw)


def manifest(tmp_path: Path, text: str = MANIFEST, name: str = "bid.yaml") -> Subject:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    subject = load(Candidate(path, name, explicit=True))
    assert subject is not None
    return subject


def by_id(results: list[RuleResult]) -> dict[str, RuleResult]:
    return {r.rule_id: r for r in results}


def test_every_rule_for_the_kind_runs_in_order(catalog: Catalog, tmp_path: Path) -> None:
    results = evaluate(manifest(tmp_path), only_testing_std(catalog), NOW)
    assert [r.rule_id for r in results] == [
        "TST-GEN-001",
        "TST-GEN-002",
        "TST-GEN-003",
        "TST-GEN-004",
        "TST-GEN-005",
    ]
    assert [r.outcome for r in results] == [
        Outcome.PASSED,
        Outcome.CANT_TELL,
        Outcome.FAILED,
        Outcome.FAILED,
        Outcome.FAILED,
    ]


def test_a_crashing_check_is_cant_tell_and_the_run_goes_on(
    catalog: Catalog, tmp_path: Path
) -> None:
    results = by_id(evaluate(manifest(tmp_path), only_testing_std(catalog), NOW))
    crashed = results["TST-GEN-002"]
    assert crashed.outcome is Outcome.CANT_TELL
    assert crashed.findings == []
    assert crashed.reason is not None
    assert re.fullmatch(
        r"the check crashed: RuntimeError: boom \(test_engine\.py:\d+\)", crashed.reason
    )
    with pytest.raises(AssertionError, match="TST-GEN-002"):
        assert_no_crash(build_report([manifest(tmp_path)], only_testing_std(catalog), NOW))
    assert results["TST-GEN-003"].outcome is Outcome.FAILED


def test_a_crash_inside_a_declarative_kind_is_cant_tell(catalog: Catalog, tmp_path: Path) -> None:
    rs = only_testing_std(catalog, select=["TST-GEN-001"])
    rule = rs.rules[0]
    broken = ActiveRule(
        rule=rule.rule,
        severity=rule.severity,
        weight=rule.weight,
        params=rule.params,
        check={"kind": "pattern", "path": "$.name", "regex": "("},
    )
    rs.rules = [broken]
    (res,) = evaluate(manifest(tmp_path), rs, NOW)
    assert res.outcome is Outcome.CANT_TELL
    assert res.reason is not None and res.reason.startswith("the check crashed: error: ")


def test_findings_carry_pointer_and_line(catalog: Catalog, tmp_path: Path) -> None:
    results = by_id(evaluate(manifest(tmp_path), only_testing_std(catalog), NOW))
    (finding,) = results["TST-GEN-003"].findings
    assert finding.message == "residency.locations[1].country: is US; expected CA"
    loc = finding.location
    assert (loc.path, loc.pointer, loc.line, loc.column) == (
        "bid.yaml",
        "/residency/locations/1/country",
        10,
        7,
    )


def test_missing_value_is_located_at_the_nearest_ancestor(catalog: Catalog, tmp_path: Path) -> None:
    results = by_id(evaluate(manifest(tmp_path), only_testing_std(catalog), NOW))
    (finding,) = results["TST-GEN-004"].findings
    assert finding.location.pointer == "/vendor/contact/email"
    assert (finding.location.line, finding.location.column) == (3, 1)  # the `vendor:` key


def test_missing_top_level_value_has_no_line(catalog: Catalog, tmp_path: Path) -> None:
    subject = manifest(tmp_path, 'ocp_manifest: "1.0"\n')
    results = by_id(evaluate(subject, only_testing_std(catalog), NOW))
    (finding,) = results["TST-GEN-001"].findings
    assert finding.location.pointer == "/name"
    assert finding.location.line is None


def test_python_finding_fields_are_kept(catalog: Catalog, tmp_path: Path) -> None:
    results = by_id(evaluate(manifest(tmp_path), only_testing_std(catalog), NOW))
    (finding,) = results["TST-GEN-005"].findings
    assert finding.message == "from python"
    assert finding.count == 4
    assert finding.examples == ["a", "b"]
    assert (finding.location.pointer, finding.location.line) == ("/vendor/name", 4)


def test_result_fields_come_from_rule_ruleset_and_model(catalog: Catalog, tmp_path: Path) -> None:
    rs = only_testing_std(
        catalog,
        overrides={"TST-GEN-003": RuleOverride(severity=Severity.ERROR, weight=4)},
    )
    results = by_id(evaluate(manifest(tmp_path), rs, NOW))
    first = results["TST-GEN-001"]
    assert first.title == "Rule TST-GEN-001 for tests"
    assert first.standard == "ocp-testing@1.0.0"
    assert (first.level, first.severity, first.dimension) == (
        Level.MUST,
        Severity.ERROR,
        "ownership",
    )
    assert first.weight == 3.0  # weight 1 x MUST 3
    assert first.remediation == "Name the solution in the manifest."
    overridden = results["TST-GEN-003"]
    assert overridden.level is Level.SHOULD  # as written
    assert overridden.severity is Severity.ERROR  # as the profile says
    assert overridden.weight == 12.0  # weight 4 x level weight of the effective level (MUST 3)
    assert results["TST-GEN-004"].weight == 1.0  # MAY 1 x 1


def test_points_use_the_model_for_the_subject_kind(catalog: Catalog) -> None:
    rs = ruleset(catalog, scoring={"default": "ocp-testing", "dataset": "ocp-other"})
    rule = next(r for r in rs.rules if r.id == "OTH-GEN-001")
    assert rs.model_for("dataset")[0] == "ocp-other@1.0.0"
    assert rs.model_for("manifest")[0] == "ocp-testing@1.0.0"
    assert points(rule, rs, "dataset") == 10.0
    assert points(rule, rs, "manifest") == 3.0


def test_only_rules_for_the_subject_kind_run(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "table.yaml"
    path.write_text("columns: [a, b]\n")
    subject = load(Candidate(path, "table.yaml", explicit=True), SubjectKind.DATASET)
    assert subject is not None and subject.kind is SubjectKind.DATASET
    results = evaluate(subject, ruleset(catalog), NOW)
    assert [r.rule_id for r in results] == ["OTH-GEN-001", "TST-DAT-001"]


def test_unparsable_manifest_fails_input_rule_and_leaves_its_rules_untested(
    catalog: Catalog, tmp_path: Path
) -> None:
    subject = manifest(tmp_path, 'ocp_manifest: "1.0"\nvendor: [\n', "broken.yaml")
    assert subject.problem is not None and subject.kind is SubjectKind.MANIFEST
    results = evaluate(subject, ruleset(catalog, scoring="ocp-testing"), NOW)
    first, *rest = results
    assert first.rule_id == "OCP-INPUT-002"
    assert first.outcome is Outcome.FAILED
    assert first.severity is Severity.ERROR
    assert first.weight == 15.0  # weight 5 x MUST 3
    (finding,) = first.findings
    assert finding.message == subject.problem.message
    assert (finding.location.path, finding.location.pointer) == ("broken.yaml", None)
    assert (finding.location.line, finding.location.column) == (3, 1)
    assert [r.rule_id for r in rest] == [
        "OTH-GEN-001",
        "TST-GEN-001",
        "TST-GEN-002",
        "TST-GEN-003",
        "TST-GEN-004",
        "TST-GEN-005",
    ]
    assert all(r.outcome is Outcome.UNTESTED for r in rest)
    assert all(r.reason == "OCP-INPUT-002 failed" and r.findings == [] for r in rest)


def test_unrecognised_input_has_only_the_failed_input_rule(
    catalog: Catalog, tmp_path: Path
) -> None:
    subject = manifest(tmp_path, "shopping: [eggs]\n", "list.yaml")
    (only,) = evaluate(subject, ruleset(catalog), NOW)
    assert (only.rule_id, only.outcome) == ("OCP-INPUT-003", Outcome.FAILED)
    assert "not a recognised input" in only.findings[0].message
    assert only.findings[0].location.line is None


def test_unreadable_input(catalog: Catalog, tmp_path: Path) -> None:
    subject = load(Candidate(tmp_path / "gone.yaml", "gone.yaml", explicit=True))
    assert subject is not None
    (only,) = evaluate(subject, ruleset(catalog), NOW)
    assert (only.rule_id, only.outcome) == ("OCP-INPUT-001", Outcome.FAILED)


def test_a_locator_maps_findings_back_to_the_original_file(catalog: Catalog) -> None:
    doc = parse_text('ocp_manifest: "1.0"\nresidency: {locations: [{country: US}]}\n', "x")
    subject = Subject(
        path="table.csv",
        kind=SubjectKind.MANIFEST,
        document=doc,
        locator=lambda pointer: {"row": 7, "field": "country", "pointer": None, "line": None},
    )
    results = by_id(evaluate(subject, only_testing_std(catalog), NOW))
    (finding,) = results["TST-GEN-003"].findings
    loc = finding.location
    assert (loc.path, loc.row, loc.field, loc.pointer, loc.line) == (
        "table.csv",
        7,
        "country",
        None,
        None,
    )


def test_evaluation_is_deterministic(catalog: Catalog, tmp_path: Path) -> None:
    subject = manifest(tmp_path)
    rs = ruleset(catalog)
    assert evaluate(subject, rs, NOW) == evaluate(subject, rs, NOW)


def test_build_report_scores_each_subject(catalog: Catalog, tmp_path: Path) -> None:
    good = manifest(tmp_path)
    broken = manifest(tmp_path, 'ocp_manifest: "1.0"\nvendor: [\n', "broken.yaml")
    report = build_report([good, broken], only_testing_std(catalog), NOW)
    first, second = report.subjects
    assert first.counts.passed == 1 and first.counts.cantTell == 1 and first.counts.failed == 3
    assert second.score == 0.0
    assert second.counts.failed == 1 and second.counts.untested == 5
    assert not report.gate.passed
    assert report.as_of == "2026-11-24"
    assert report.draft is True
    assert report.summary.subjects == 2


def _sleeps(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """Sleeps far longer than the limit the test sets; passes if nothing stops it."""
    time.sleep(5)
    return CheckOutcome.passed()


@pytest.fixture
def sleeping_check() -> Iterator[None]:
    """`test-sleeps` in the shared registry for one test only (removed again afterwards)."""
    assert builtin.registry() is REGISTRY  # the built-in checks are registered
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(REGISTRY.python, "test-sleeps", PythonCheck("test-sleeps", "sleeps", _sleeps))
        yield
    assert "test-sleeps" not in REGISTRY.python


def test_a_check_that_runs_too_long_is_cant_tell_and_the_run_goes_on(
    sleeping_check: None,
) -> None:
    from ocp_standards.catalog.loader import default_catalog
    from ocp_standards.catalog.ruleset import activate
    from ocp_standards.engine.evaluate import run_rule
    from ocp_standards.settings.timelimit import limit_checks

    base = default_catalog().get("ocp-governance", "1.0.0").rules[0]
    slow = activate(base.model_copy(update={"check": {"kind": "python", "name": "test-sleeps"}}))
    ctx = CheckContext(root={}, now=resolve_now("2026-11-24"))
    with limit_checks(0.2):
        outcome = run_rule(slow, ctx)
    # Had the limit not stopped it, the check would have passed: no clock needed to tell.
    assert outcome.outcome is Outcome.CANT_TELL
    assert outcome.reason and "longer than 0.2 s" in outcome.reason
    with pytest.raises(AssertionError, match="check-timeout"):
        assert_no_crash(outcome.reason)  # tests/crash.py knows the engine's words


def test_test_checks_do_not_stay_in_the_shared_registry() -> None:
    assert builtin.registry() is REGISTRY  # the built-in checks are registered
    assert not {"test-boom", "test-finds", "test-sleeps"} & set(REGISTRY.python)
