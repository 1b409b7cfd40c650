"""The real-world corpus (../shared/corpus): no traceback, exit 0/1, findings a steward expects.

Skips cleanly when the corpus is absent (a fresh clone has no ../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.cli.app import app
from ocp_standards.runner import check

from .conftest import CORPUS
from .crash import assert_no_crash

FOLDERS = ("tables", "datapackages", "datajson", "rdf")
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


def _inputs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for f in FOLDERS if (CORPUS / f).is_dir() for p in (CORPUS / f).iterdir())


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_is_checked_cleanly(path: Path) -> None:
    result = CliRunner().invoke(app, ["check", "-p", "open-data-publication", str(path)])
    assert_no_crash(result)
    assert result.exit_code in (0, 1), result.output
    assert_no_crash(check([path], profile="open-data-publication"))


def _failed(path: Path) -> dict[str, set[str]]:
    report = check([path], profile="open-data-publication")
    assert_no_crash(report)
    return {
        s.path: {r.rule_id for r in s.results if r.outcome.value == "failed"}
        for s in report.subjects
    }


@pytest.mark.parametrize(
    ("name", "rules"),
    [
        ("tables/fl-invalid.csv", {"GEN-STR-002", "GEN-STR-003", "GEN-STR-004", "GEN-STR-005"}),
        ("tables/fl-duplicate-headers.csv", {"GEN-STR-003"}),
        ("tables/montpellier-budget-2015.csv", {"GEN-QUAL-003"}),
        ("tables/nhs-utf16le.csv", {"GEN-QUAL-003"}),
        ("tables/uk-excel-pasting.csv", {"GEN-QUAL-004"}),
        ("tables/de-weird-head-padding.csv", {"GEN-QUAL-004", "GEN-STR-004"}),
    ],
)
def test_table_findings(name: str, rules: set[str]) -> None:
    [failed] = _failed(CORPUS / name).values()
    assert rules <= failed


def test_montpellier_is_read_as_cp1252_not_thai() -> None:
    from ocp_standards.sources.tables import read_table

    table = read_table(CORPUS / "tables" / "montpellier-budget-2015.csv")
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert any("Libellé" in h for h in table.header)


def test_datapackages() -> None:
    invalid = _failed(CORPUS / "datapackages" / "frictionless-invalid")
    data = next(v for k, v in invalid.items() if k.endswith("/data.csv"))
    assert "GEN-SCH-008" in data  # the primary key repeats
    ct = _failed(CORPUS / "datapackages" / "ct-housing")
    assert any("OCP-INPUT-001" in v for v in ct.values())  # its data file is missing
    hsds = _failed(CORPUS / "datapackages" / "hsds-simple")
    assert any("GEN-SCH-001" in v for v in hsds.values())  # format "url" is not Table Schema


def test_datajson_and_rdf() -> None:
    arm = _failed(CORPUS / "datajson" / "doe-arm.data.json")
    first = next(v for k, v in arm.items() if k.endswith("#/dataset/0"))
    assert {"GEN-META-002", "GEN-META-007"} <= first  # placeholder text, unknown licence
    empty = _failed(CORPUS / "datajson" / "missing-dataset-fields.data.json")
    assert any({"GEN-META-001", "GEN-META-006"} <= v for v in empty.values())
    invalid = _failed(CORPUS / "rdf" / "dcatapno-invalid_catalog.ttl")
    assert any({"GEN-META-002", "GEN-META-020"} <= v for v in invalid.values())
    remote = _failed(CORPUS / "rdf" / "dcatap3-example-bee-population.jsonld")
    assert any("OCP-INPUT-002" in v for v in remote.values())
