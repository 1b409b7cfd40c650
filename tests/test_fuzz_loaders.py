"""Fuzz every dataset and metadata loader through the public entry points: random bytes under
each suffix, and structured-but-wrong documents of each metadata kind. Property: nothing
escapes — each input becomes ordinary subjects or an OCP-INPUT finding, and a whole check run
over it ends with a report in which no check crashed (tests/crash.py) and every could-not-tell
outcome says why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocp_standards import check
from ocp_standards.model.outcome import Outcome
from ocp_standards.sources.loader import load_paths

from .crash import assert_no_crash

SUFFIXES = [".csv", ".tsv", ".xlsx", ".ndjson", ".jsonl", ".json", ".ttl", ".rdf", ".jsonld"]
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_loaded_cleanly(paths: list[Path]) -> None:
    for subject in load_paths(paths):
        if subject.problem is not None:
            assert subject.problem.rule_id.startswith("OCP-INPUT"), subject.problem
            assert subject.problem.message


def _assert_checked_cleanly(paths: list[Path]) -> None:
    report = check(paths, as_of="2026-11-24")
    assert_no_crash(report)
    for subject in report.subjects:
        for result in subject.results:
            assert result.outcome is not Outcome.CANT_TELL or result.reason, result.rule_id


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_random_bytes_under_every_table_and_metadata_suffix(
    tmp_path: Path, blob: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(blob)
    _assert_loaded_cleanly([path])


_CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@FUZZ
@given(st.lists(st.lists(_CELL, max_size=6), max_size=20), st.sampled_from([",", ";", "\t", "|"]))
def test_random_delimited_text_through_a_whole_run(
    tmp_path: Path, rows: list[list[str]], delimiter: str
) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text(
        "\n".join(delimiter.join(r) for r in rows), encoding="utf-8", errors="surrogatepass"
    )
    _assert_checked_cleanly([path])


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _CELL,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_CELL, inner, max_size=4),
    max_leaves=20,
)
#: Keys the metadata readers look for, so the fuzz reaches past detection into the readers.
_DATASET_KEYS = [
    *("title", "description", "identifier", "distribution", "keyword", "modified", "license"),
    *("publisher", "contactPoint", "accessLevel", "downloadURL", "resources", "path", "schema"),
    *("fields", "name", "format", "mediatype"),
]


def _messy(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys) | _CELL, _JSON, max_size=8)


@FUZZ
@given(_messy(_DATASET_KEYS), st.lists(_messy(_DATASET_KEYS), max_size=3))
def test_wrong_data_packages(tmp_path: Path, top: dict[str, Any], resources: list[Any]) -> None:
    top = {**top, "resources": resources}
    (tmp_path / "datapackage.json").write_text(json.dumps(top), encoding="utf-8")
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    _assert_checked_cleanly([tmp_path])


@FUZZ
@given(st.lists(_messy(_DATASET_KEYS), max_size=4), _JSON)
def test_wrong_dcat_us_catalogues(tmp_path: Path, datasets: list[Any], extra: Any) -> None:
    doc = {"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": datasets,
           "@type": "dcat:Catalog", "extra": extra}  # fmt: skip
    path = tmp_path / "data.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _assert_checked_cleanly([path])


@FUZZ
@given(_messy([*_DATASET_KEYS, "organization", "notes", "tags", "url"]))
def test_wrong_ckan_package_show(tmp_path: Path, result: dict[str, Any]) -> None:
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"success": True, "result": result}), encoding="utf-8")
    _assert_checked_cleanly([path])


_TERMS = ["dcat:Dataset", "dcat:Catalog", "dct:title", "dct:description", "dcat:distribution",
          "dcat:downloadURL", "dct:license", "dcat:keyword", "dct:modified", "foaf:name",
          'rdf:type', "dct:publisher", "dcat:mediaType"]  # fmt: skip
_PREFIXES = (
    "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["<http://example.org/d>", "_:b", "<http://example.org/c>"]),
            st.sampled_from(_TERMS),
            st.sampled_from(_TERMS) | _CELL.map(lambda t: json.dumps(t)),
        ),
        max_size=12,
    ),
    st.text(alphabet="<>\"'.;,[]()_:@ \n", max_size=30),
)
def test_wrong_turtle(tmp_path: Path, triples: list[tuple[str, str, str]], noise: str) -> None:
    body = "\n".join(f"{s} {p} {o} ." for s, p, o in triples)
    path = tmp_path / "catalog.ttl"
    path.write_text(_PREFIXES + body + "\n" + noise, encoding="utf-8", errors="surrogatepass")
    _assert_checked_cleanly([path])


@FUZZ
@given(_JSON, st.sampled_from(["http://example.org/ctx", {"dcat": "http://www.w3.org/ns/dcat#"}]))
def test_wrong_json_ld(tmp_path: Path, graph: Any, context: Any) -> None:
    path = tmp_path / "catalog.jsonld"
    doc = {"@context": context, "@graph": graph if isinstance(graph, list) else [graph]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    _assert_checked_cleanly([path])


@FUZZ
@given(st.lists(_messy(_DATASET_KEYS), max_size=5), st.booleans())
def test_wrong_record_tables(tmp_path: Path, records: list[Any], as_lines: bool) -> None:
    if as_lines:
        path = tmp_path / "records.ndjson"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    else:
        path = tmp_path / "records.json"
        path.write_text(json.dumps(records), encoding="utf-8")
    _assert_checked_cleanly([path])
