"""One metadata model from every format (sources/metadata/*) and the catalogue roll-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards.model.metadata import normalise_access, normalise_frequency, period_days
from ocp_standards.model.outcome import SubjectKind
from ocp_standards.runner import check
from ocp_standards.sources.loader import load_paths

from .conftest import EXAMPLES

GOOD = EXAMPLES / "datasets" / "good-street-trees"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("R/P1M", "P1M"),
        ("P1W", "P1W"),
        ("monthly", "P1M"),
        ("http://publications.europa.eu/resource/authority/frequency/MONTHLY", "P1M"),
        ("http://purl.org/cld/freq/annual", "P1Y"),
        ("irregular", "irregular"),
        ("as needed", "as_needed"),
        ("whenever", None),
        (None, None),
    ],
)
def test_frequency_normalisation(raw: str | None, code: str | None) -> None:
    assert normalise_frequency(raw) == code


def test_period_days_and_access() -> None:
    assert period_days("P1M") == pytest.approx(30.44)
    assert period_days("irregular") is None
    assert (
        normalise_access("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC")
        == "non-public"
    )


def _records(path: Path) -> dict[str, dict[str, object]]:
    return {s.path: s.data for s in load_paths([path]) if s.kind is SubjectKind.METADATA}


def test_the_same_metadata_reads_the_same_from_every_format() -> None:
    package = _records(GOOD / "datapackage.json")
    dcat = _records(GOOD / "dcat.ttl")
    pod = _records(GOOD / "data.json")
    records = [*package.values(), *dcat.values(), *pod.values()]
    assert len(records) == 3
    for field in (
        "title",
        "license",
        "contact_email",
        "frequency_code",
        "modified",
        "access_level",
        "temporal_start",
        "temporal_end",
    ):
        values = {str(r.get(field)) for r in records}
        assert len(values) == 1, (field, values)
    assert {r["source_format"] for r in records} == {"datapackage", "dcat-turtle", "data.json"}


def test_rdf_xml_and_jsonld_read_like_turtle(tmp_path: Path) -> None:
    from rdflib import Graph

    g = Graph().parse(GOOD / "dcat.ttl")
    (tmp_path / "d.rdf").write_text(g.serialize(format="xml"))
    (tmp_path / "d.jsonld").write_text(g.serialize(format="json-ld"))
    xml = next(iter(_records(tmp_path / "d.rdf").values()))
    jsonld = next(iter(_records(tmp_path / "d.jsonld").values()))
    assert xml["title"] == jsonld["title"] == "Street trees"
    assert xml["frequency_code"] == jsonld["frequency_code"] == "P1M"


def test_remote_jsonld_context_is_refused_offline(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "x"}))
    [subject] = load_paths([path])
    assert subject.problem is not None and "offline" in subject.problem.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.ttl", "@prefix dcat: <broken"),
        ("bad.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><oops"),
        ("bad.jsonld", "{not json"),
        ("empty.ttl", ""),
    ],
)
def test_invalid_rdf_is_an_input_finding(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    [subject] = load_paths([path])
    assert subject.problem is not None and subject.problem.rule_id == "OCP-INPUT-002"


def test_ckan_package_show(tmp_path: Path) -> None:
    path = tmp_path / "ckan.json"
    path.write_text(
        json.dumps(
            {
                "success": True,
                "result": {
                    "id": "abc",
                    "title": "Trees",
                    "notes": "All the trees in the city, yearly.",
                    "license_id": "cc-by",
                    "maintainer_email": "trees@city.example",
                    "private": False,
                    "organization": {"title": "City"},
                    "tags": [{"name": "trees"}],
                    "extras": [{"key": "frequency", "value": "P1Y"}],
                    "resources": [
                        {"format": "CSV", "mimetype": "text/csv", "url": "https://x/t.csv"}
                    ],
                },
            }
        )
    )
    [record] = _records(path).values()
    assert record["source_format"] == "ckan" and record["keywords"] == ["trees"]
    assert record["frequency_code"] == "P1Y" and record["access_level"] == "public"


def test_data_resource_descriptor_reads_as_a_package_of_one(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id\n1\n")
    (tmp_path / "resource.json").write_text(
        json.dumps(
            {
                "name": "t",
                "path": "t.csv",
                "schema": {"fields": [{"name": "id", "type": "integer"}]},
            }
        )
    )
    subjects = load_paths([tmp_path / "resource.json"])
    assert [s.kind for s in subjects] == [SubjectKind.METADATA, SubjectKind.DATASET]


def test_catalogue_rollup(tmp_path: Path) -> None:
    report = check(
        [EXAMPLES / "datasets" / "poor-service-requests" / "data.json"],
        profile="open-data-publication",
    )
    catalog = next(s for s in report.subjects if s.kind is SubjectKind.CATALOG)
    assert catalog.rollup is not None and catalog.rollup.datasets == 2
    assert sum(catalog.rollup.score_bands.values()) == 2
    assert catalog.rollup.worst[0].score <= catalog.rollup.worst[-1].score
    common = {f.rule_id: f.datasets for f in catalog.rollup.common_failures}
    assert common["GEN-META-005"] == 2
    assert any(r.rule_id == "GEN-META-021" and r.outcome.value == "failed" for r in catalog.results)


def test_data_json_findings_point_at_the_source_line() -> None:
    report = check(
        [EXAMPLES / "datasets" / "poor-service-requests" / "data.json"],
        profile="open-data-publication",
    )
    ds = next(s for s in report.subjects if s.path.endswith("#/dataset/0"))
    lic = next(r for r in ds.results if r.rule_id == "GEN-META-007")
    loc = lic.findings[0].location
    assert loc.pointer == "/dataset/0/license" and loc.line is not None


@pytest.mark.parametrize("value", [1, "x", {"downloadURL": "https://a.example/x.csv"}, None, True])
def test_list_fields_of_another_type_are_read_as_empty(tmp_path: Path, value: object) -> None:
    # Found by the fuzz suite: `"distribution": 1` crashed the data.json reader (int not iterable).
    catalog = {"dataset": [{"title": "T", "distribution": value}]}
    ckan = {"title": "T", "notes": "n", "resources": [], "extras": value}
    (tmp_path / "data.json").write_text(json.dumps(catalog), encoding="utf-8")
    (tmp_path / "ckan.json").write_text(json.dumps(ckan), encoding="utf-8")
    subjects = load_paths([tmp_path / "data.json", tmp_path / "ckan.json"])
    assert {s.kind for s in subjects} >= {SubjectKind.METADATA}
    assert all(s.problem is None for s in subjects)
