"""`ocp check` on datasets: the examples, bad input in one run, and safe package paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ocp_standards.cli.app import app

from .conftest import EXAMPLES
from .crash import assert_no_crash

DATASETS = EXAMPLES / "datasets"
runner = CliRunner()


def _run(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, ["check", "-p", "open-data-publication", "-f", "json", *args])
    assert_no_crash(result)
    return result.exit_code, json.loads(result.stdout)


def _failed(report: Any) -> set[str]:
    return {
        r["rule_id"] for s in report["subjects"] for r in s["results"] if r["outcome"] == "failed"
    }


def test_good_example_passes_poor_fails_with_the_right_rules() -> None:
    code, good = _run(str(DATASETS / "good-street-trees"))
    assert code == 0, _failed(good)
    assert _failed(good) == set()
    code, poor = _run(str(DATASETS / "poor-service-requests"))
    assert code == 1
    assert {
        "GEN-META-007",
        "GEN-PRIV-001",
        "GEN-PRIV-006",
        "GEN-STR-004",
        "GEN-QUAL-003",
        "GEN-QUAL-004",
        "GEN-QUAL-001",
        "GEN-META-021",
        "OCP-INPUT-001",
    } <= _failed(poor)
    mean = lambda r: r["summary"]["score"]  # noqa: E731
    assert mean(good) - mean(poor) > 30


def test_bad_inputs_are_findings_and_the_run_goes_on(tmp_path: Path) -> None:
    files = {
        "garbage.csv": bytes(range(256)) * 20,
        "empty.csv": b"",
        "header-only.csv": b"id,name\n",
        "broken.json": b"{oops",
        "broken.ttl": b"@prefix x: <nope",
        "broken.rdf": b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><x",
        "remote.jsonld": json.dumps({"@context": "https://example.org/c", "@id": "a"}).encode(),
        "fine.csv": b"id,name\n1,Ada\n",
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    code, report = _run(*(str(tmp_path / n) for n in files))
    assert code == 1
    subjects = {Path(s["path"]).name: s for s in report["subjects"]}
    assert set(subjects) == set(files)
    assert subjects["fine.csv"]["score"] == 100
    header_only = {
        r["rule_id"] for r in subjects["header-only.csv"]["results"] if r["outcome"] == "failed"
    }
    assert header_only == {"GEN-STR-001"}
    for name in set(files) - {"fine.csv", "header-only.csv"}:
        failed = [r for r in subjects[name]["results"] if r["outcome"] == "failed"]
        assert failed and failed[0]["rule_id"].startswith("OCP-INPUT-"), name
        assert failed[0]["findings"][0]["message"]


def test_package_paths_cannot_escape_or_fetch(tmp_path: Path) -> None:
    (tmp_path / "ok.csv").write_text("id\n1\n")
    (tmp_path / "datapackage.json").write_text(
        json.dumps(
            {
                "name": "p",
                "resources": [
                    {"name": "a", "path": "../../etc/passwd"},
                    {"name": "b", "path": "/etc/passwd"},
                    {"name": "c", "path": "https://example.org/data.csv"},
                    {"name": "d", "path": "missing.csv"},
                    {"name": "e", "path": "ok.csv"},
                ],
            }
        )
    )
    code, report = _run(str(tmp_path))
    assert code == 1
    messages = " ".join(
        f["message"]
        for s in report["subjects"]
        for r in s["results"]
        for f in r["findings"]
        if r["rule_id"] == "OCP-INPUT-001"
    )
    assert "outside the package folder" in messages and "--online" in messages
    assert "does not exist" in messages
    assert "root:" not in json.dumps(report)  # /etc/passwd was never read


def test_shacl_results_carry_focus_node_and_path(tmp_path: Path) -> None:
    (tmp_path / "d.ttl").write_text(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        '<https://example.org/ds/1> a dcat:Dataset ; dct:title "T" ;\n'
        "  dcat:distribution <https://example.org/dist/1> .\n"
        "<https://example.org/dist/1> a dcat:Distribution .\n"
    )
    _code, report = _run(str(tmp_path / "d.ttl"))
    [subject] = report["subjects"]
    shacl = next(r for r in subject["results"] if r["rule_id"] == "GEN-META-020")
    nodes = {f["location"]["node"] for f in shacl["findings"]}
    paths = {f["location"]["pointer"] for f in shacl["findings"]}
    assert "https://example.org/dist/1" in nodes and "dcat:accessURL" in paths
    assert "dct:description" in paths


def test_profile_shapes_are_applied(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass dcat:Dataset ;\n"
        '  sh:property [ sh:path dcat:keyword ; sh:minCount 1 ; sh:message "keywords" ] .\n'
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "id: national\ntitle: National DCAT profile\nextends: open-data-publication\n"
        f"overrides:\n  GEN-META-020:\n    params: {{shapes: [{json.dumps(str(shapes))}]}}\n"
    )
    result = runner.invoke(
        app,
        [
            "check",
            "-p",
            str(profile),
            "-f",
            "json",
            str(DATASETS / "good-street-trees" / "dcat.ttl"),
        ],
    )
    report = json.loads(result.stdout)
    shacl = next(r for r in report["subjects"][0]["results"] if r["rule_id"] == "GEN-META-020")
    assert shacl["outcome"] == "passed"  # the example has keywords
