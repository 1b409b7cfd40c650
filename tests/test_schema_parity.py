"""The column-wise Table Schema engine gives frictionless' findings: same error type, row and
field, on generated tables with injected errors of every type and on the corpus' fl-* files.

frictionless is run exactly as a user runs it (a file and a schema on disk), so its row numbers
are the reference; ours are row indexes, shifted by the header row.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocp_standards.checks.tables.schema import _lenient
from ocp_standards.checks.tables.schema_engine import SchemaScan
from ocp_standards.sources.tables import read_table

from .conftest import CORPUS
from .crash import assert_no_crash

_CONSTRAINT = re.compile(r'constraint "(\w+)"')


def frictionless_errors(path: Path, schema: dict[str, Any]) -> set[tuple[str, int, str]]:
    from frictionless import Resource, Schema

    resource = Resource(path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema))
    report = resource.validate(limit_errors=100_000)
    out = set()
    for err in report.tasks[0].errors:
        if err.type in ("type-error", "constraint-error", "unique-error", "primary-key"):
            field = getattr(err, "field_name", "") or ""  # a primary-key error has none
            out.add((_kind(err.type, err.note), err.row_number, field))
    return out


def _kind(code: str, note: str) -> str:
    if code == "constraint-error":
        return "constraint:" + (_CONSTRAINT.search(note) or ["", "?"])[1]
    return code


def our_errors(path: Path, schema: dict[str, Any]) -> set[tuple[str, int, str]]:
    table = read_table(path)
    table.schema = schema
    problems = SchemaScan(table, _lenient(schema)).run()
    out = set()
    for category, items in problems.items():
        for index, field, _cell, note in items:
            if category == "type":
                kind = "type-error"
            elif category == "unique":
                kind = "unique-error"
            elif category == "primary-key":
                kind = "primary-key"
            else:
                kind = _kind("constraint-error", note)
            out.add((kind, index + 2, field))
    return out


SCHEMA: dict[str, Any] = {
    "fields": [
        {
            "name": "id",
            "type": "string",
            "constraints": {"required": True, "unique": True, "pattern": "SR-[0-9]{4}"},
        },
        {"name": "ward", "type": "integer", "constraints": {"minimum": 1, "maximum": 25}},
        {"name": "lat", "type": "number", "constraints": {"minimum": 43.5, "maximum": 43.9}},
        {"name": "status", "type": "string", "constraints": {"enum": ["open", "closed"]}},
        {"name": "created", "type": "datetime"},
        {"name": "day", "type": "date"},
        {"name": "flag", "type": "boolean"},
        {"name": "year", "type": "year"},
        {"name": "note", "type": "string", "constraints": {"maxLength": 12}},
        {
            "name": "count",
            "type": "integer",
            "constraints": {"unique": True, "maximum": 999},
        },
    ],
    "primaryKey": ["id"],
}
GOOD = [
    "SR-{:04d}",
    "7",
    "43.7",
    "open",
    "2025-03-01T10:00:00Z",
    "2025-03-01",
    "true",
    "2020",
    "short",
    "{}",
]
#: Per column, values frictionless rejects (type or constraint) or treats specially.
BAD = [
    ["SR-12", "", "sr-0001", " SR-0001"],
    ["x", "0", "26", "1.5", " 7 ", "+7", "007", "1_0", "٣", "1", "25", "-0"],
    ["abc", "43.5", "43.9", "43.49999999999", "1e400", "NaN", "44", " 43.6 ", "43,6"],
    ["Open", "dragons", " open", ""],
    [
        "2025-03-01",
        "2025-02-30T10:00:00Z",
        "2025-03-01T24:00:00Z",
        "2025-03-01 10:00:00",
        "2025-03-01T10:00:00+0100",
        "0000-01-01T00:00:00Z",
        "2025-03-01T10:00:00.1234567Z",
    ],
    ["2025-3-1", "2025-02-29", "01/03/2025", "0999-12-31", "2024-02-29"],
    ["yes", "TRUE", "1", "True ", "0"],
    ["20", "02020", "-100", "١٩٩٩", "0000"],
    ["a much longer note", "éééééééééééé", "ééééééééééééé"],
    ["1", "01", "x", "+1", "", "1000", "999", "99999999999999999999"],
]


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([f["name"] for f in SCHEMA["fields"]])
        writer.writerows(rows)


def good_row(i: int) -> list[str]:
    return [v.format(i) for v in GOOD]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.integers(0, 59), st.integers(0, 9), st.integers(0, 8)),
        min_size=1,
        max_size=25,
    ),
    st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59)), max_size=3),
)
def test_injected_errors_match_frictionless(
    tmp_path: Path, injections: list[tuple[int, int, int]], copies: list[tuple[int, int]]
) -> None:
    rows = [good_row(i) for i in range(60)]
    for row, col, pick in injections:
        choices = BAD[col]
        rows[row][col] = choices[pick % len(choices)]
    for src, dst in copies:  # duplicates for unique and the primary key
        rows[dst][0] = rows[src][0]
        rows[dst][9] = rows[src][9]
    path = tmp_path / "t.csv"
    write(path, rows)
    assert our_errors(path, SCHEMA) == frictionless_errors(path, SCHEMA)


def test_every_injected_kind_is_found_by_both(tmp_path: Path) -> None:
    """Not vacuous: the injected values do produce every error kind we compare."""
    rows = [good_row(i) for i in range(40)]
    for col, values in enumerate(BAD):
        for j, value in enumerate(values):
            rows[(col * 7 + j) % 40][col] = value
    rows[39][0] = rows[0][0]
    path = tmp_path / "t.csv"
    write(path, rows)
    ours, theirs = our_errors(path, SCHEMA), frictionless_errors(path, SCHEMA)
    assert ours == theirs
    kinds = {k for k, *_ in theirs}
    assert {
        "type-error",
        "unique-error",
        "primary-key",
        "constraint:required",
        "constraint:enum",
        "constraint:minimum",
        "constraint:maximum",
        "constraint:pattern",
        "constraint:maxLength",
    } <= kinds


#: The rule that reports each kind of frictionless error (standards/ocp-generation GEN-SCH-*).
RULE_OF = {
    "type-error": "GEN-SCH-002",
    "constraint:required": "GEN-SCH-003",
    "unique-error": "GEN-SCH-004",
    "constraint:enum": "GEN-SCH-005",
    "constraint:minimum": "GEN-SCH-006",
    "constraint:maximum": "GEN-SCH-006",
    "constraint:maxLength": "GEN-SCH-006",
    "constraint:pattern": "GEN-SCH-007",
    "primary-key": "GEN-SCH-008",
}


@pytest.mark.parametrize("reader", ["streamed", "in-memory"])
def test_a_whole_run_counts_what_frictionless_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    """Through `check` on a data package, both readers: the schema rules count frictionless'
    errors, and no check crashed or fell back to frictionless row by row (tests/crash.py)."""
    from ocp_standards import check
    from ocp_standards.sources import tables

    rows = [good_row(i) for i in range(40)]
    for col, values in enumerate(BAD):
        for j, value in enumerate(values):
            rows[(col * 7 + j) % 40][col] = value
    rows[39][0] = rows[0][0]
    write(tmp_path / "t.csv", rows)
    package = {"name": "t", "resources": [{"name": "t", "path": "t.csv", "schema": SCHEMA}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    expected = Counter(RULE_OF[k] for k, *_ in frictionless_errors(tmp_path / "t.csv", SCHEMA))
    if reader == "in-memory":

        def refuse(_path: Path) -> None:
            raise tables.StreamError("forced")

        monkeypatch.setattr(tables, "stream_table", refuse)
    report = check([tmp_path], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(report)
    counted = Counter(
        {
            r.rule_id: sum(f.count for f in r.findings)
            for s in report.subjects
            for r in s.results
            if r.rule_id in expected and r.findings
        }
    )
    assert counted == expected


def test_ragged_and_blank_rows_keep_frictionless_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,n\n1,2\n\nx,3\n4\n5,6,7\ny,z\n,\n8,9\n", encoding="utf-8")
    schema = {
        "fields": [
            {"name": "id", "type": "integer"},
            {"name": "n", "type": "integer", "constraints": {"required": True}},
        ]
    }
    assert our_errors(path, schema) == frictionless_errors(path, schema)
    assert read_table(path).stream is not None  # the fast reader took it


FL_FILES = sorted(CORPUS.glob("tables/fl-*.csv")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not FL_FILES, reason="shared corpus not present")
@pytest.mark.parametrize("path", FL_FILES, ids=lambda p: p.name)
def test_corpus_fl_files_match_frictionless(tmp_path: Path, path: Path) -> None:
    """frictionless infers each file's schema; then both engines validate with it, plus a
    strict variant (every field required and unique, integers where it inferred integers)."""
    from frictionless import describe

    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    inferred = describe(copy.name, basepath=str(tmp_path)).schema.to_descriptor()  # type: ignore[union-attr]
    strict = json.loads(json.dumps(inferred))
    for field in strict["fields"]:
        field["constraints"] = {"required": True, "unique": True}
        if field["type"] == "any":
            field["type"] = "integer"
    header = read_table(copy).header
    if [f["name"] for f in inferred["fields"]] != header:
        pytest.skip("duplicate labels: frictionless renames them (a header-level matter)")
    for schema in (inferred, strict):
        assert our_errors(copy, schema) == frictionless_errors(copy, schema)
