"""Checks see the run through a narrow RunView: the fused table pass and a submission's
cross-checks ask it, its memo is the run's (never stored on the table), and checks import
neither the catalogue nor the engine."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import ocp_standards.checks
from ocp_standards.catalog.loader import default_catalog
from ocp_standards.catalog.ruleset import activate, resolve_ruleset
from ocp_standards.checks.base import CheckContext
from ocp_standards.checks.builtin import registry, run_check
from ocp_standards.checks.tables.fused import Analysis
from ocp_standards.engine.evaluate import SubjectRun, evaluate, run_rule
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.settings.clock import resolve_now
from ocp_standards.sources.subject import Subject, WrongSubjectKind
from ocp_standards.sources.tables import Table, read_table, table_subject

from .conftest import EXAMPLES

NOW = resolve_now("2026-11-24")
CSV = EXAMPLES / "datasets" / "poor-service-requests" / "service-requests.csv"
CHECKS = Path(ocp_standards.checks.__file__).parent


def _imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("path", sorted(CHECKS.rglob("*.py")), ids=lambda p: p.name)
def test_no_check_imports_the_catalogue_or_the_engine(path: Path) -> None:
    bad = {
        m
        for m in _imported(path)
        if any(part in ("catalog", "engine") for part in m.lstrip(".").split(".")[:2])
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_a_check_context_has_a_run_and_no_ruleset() -> None:
    names = {f.name for f in dataclasses.fields(CheckContext)}
    assert "run" in names and "ruleset" not in names


def _dataset_run() -> tuple[SubjectRun, Subject, Table]:
    catalog = default_catalog()
    ruleset = resolve_ruleset(catalog, catalog.profile("open-data-publication"))
    table = read_table(CSV)
    return SubjectRun(ruleset, NOW), table_subject(CSV.name, table, CSV), table


def test_the_run_lists_the_table_checks_of_its_dataset_rules() -> None:
    run, _, _ = _dataset_run()
    names = {name for name, _ in run.table_checks()}
    assert {"table-has-data", "table-no-markup", "personal-values"} <= names
    assert SubjectRun(None, NOW).table_checks() == []  # a golden example fuses nothing


def test_the_first_table_check_fills_the_runs_memo_not_the_table() -> None:
    run, subject, table = _dataset_run()
    before = set(vars(table))
    assert run.ruleset is not None
    rule = next(r for r in run.ruleset.for_kind("dataset") if "table-has-data" in str(r.check))
    ctx = CheckContext(root=subject.data, now=NOW, params=rule.params, subject=subject, run=run)
    assert run_rule(rule, ctx).outcome is Outcome.PASSED
    memo = run.analyses(table)
    analyses = [
        k for k, v in memo.items() if isinstance(v, Analysis) and not k.startswith("shared:")
    ]
    assert len(analyses) > 1  # every table check of the run, in the one pass
    assert set(vars(table)) == before  # nothing stashed on the input
    assert run.analyses(read_table(CSV)) == {}  # another table has its own memo


def test_evaluating_leaves_nothing_on_the_table() -> None:
    run, subject, table = _dataset_run()
    before = set(vars(table))
    assert run.ruleset is not None
    results = evaluate(subject, run.ruleset, NOW)
    assert any(r.outcome is Outcome.FAILED for r in results)
    assert set(vars(table)) == before


def test_a_golden_examples_run_uses_the_latest_standard_of_the_catalogue() -> None:
    std = default_catalog().get("ocp-generation")
    expected = [r.id for r in std.rules if "dataset" in r.applies_to and r.level.value == "MUST"]
    assert expected
    assert SubjectRun(None, NOW).must_rule_ids("dataset", "ocp-generation") == expected


def test_a_run_judges_a_part_with_its_must_rules() -> None:
    run, subject, _ = _dataset_run()
    failed = run.must_failures(subject, subject.data, "dataset", "ocp-generation")
    assert failed is not None and failed == sorted(failed)
    assert set(failed) <= set(run.must_rule_ids("dataset", "ocp-generation"))
    unread = Subject(path="x.csv", kind=SubjectKind.DATASET)
    assert run.must_failures(unread, None, "dataset", "ocp-generation") is None


def test_a_cross_check_outside_a_run_cannot_tell() -> None:
    spec = {"kind": "python", "name": "sample-export-passes-dataset-rules"}
    doc = {
        "manifest": {"exit": {"sample_export": "s.csv"}},
        "files": {"s.csv": "id,name\n1,a\n"},
    }
    alone = run_check(spec, CheckContext(root=doc, now=NOW))
    assert alone.outcome is Outcome.CANT_TELL and "run" in (alone.reason or "")
    rule = next(
        activate(r)
        for r in default_catalog().get("ocp-exchange").rules
        if r.check.get("name") == "sample-export-passes-dataset-rules"
    )
    # Through the engine, a golden example is judged with the catalogue's rules, as before.
    assert run_rule(rule, CheckContext(root=doc, now=NOW)).outcome is Outcome.PASSED


def test_the_builtin_registry_is_loaded() -> None:
    assert {"present", "all_of", "python"} <= set(registry().kinds)
    assert {"table-has-data", "declared-specs-pass"} <= set(registry().python)


def test_a_subject_gives_its_payload_typed_or_says_why_not() -> None:
    table = read_table(CSV)
    subject = table_subject(CSV.name, table, CSV)
    assert subject.payload_as(SubjectKind.DATASET, Table) is table
    with pytest.raises(WrongSubjectKind, match="is a dataset subject; only a submission"):
        subject.payload_as(SubjectKind.SUBMISSION, dict)
    bare = Subject(path="t.csv", kind=SubjectKind.DATASET)
    with pytest.raises(WrongSubjectKind, match="carries no Table"):
        bare.payload_as(SubjectKind.DATASET, Table)
