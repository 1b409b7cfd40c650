"""API descriptions: detection, joining multi-file specs safely, and the example APIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards import check
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.sources.loader import load_paths

from .conftest import EXAMPLES

APIS = EXAMPLES / "apis"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SPEC = """openapi: 3.1.0
info: {title: Split, version: 1.0.0}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: ../models/thing.yaml
"""
THING = """type: object
properties:
  id: {type: string}
  created_at:
    type: string
"""


def test_multi_file_spec_is_joined_with_source_positions(tmp_path: Path) -> None:
    _write(tmp_path / "api" / "spec.yaml", SPEC)
    _write(tmp_path / "models" / "thing.yaml", THING)
    (subject,) = load_paths([tmp_path])
    assert subject.kind is SubjectKind.API
    schema = subject.data["paths"]["/things"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    assert schema["properties"]["id"] == {"type": "string"}
    pointer = (
        "/paths/~1things/get/responses/200/content/application~1json/schema/properties/created_at"
    )
    where = subject.locator(pointer)  # type: ignore[misc]
    assert where["path"].endswith("thing.yaml") and where["line"] == 4


def test_finding_in_a_referenced_file_points_at_that_file(tmp_path: Path) -> None:
    _write(tmp_path / "api" / "spec.yaml", SPEC)
    _write(tmp_path / "models" / "thing.yaml", THING)
    report = check([tmp_path], select=["EXC-API-015"], as_of="2026-11-24")
    (result,) = report.subjects[0].results
    assert result.outcome is Outcome.FAILED
    location = result.findings[0].location
    assert location.path.endswith("thing.yaml") and location.line == 4


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("https://example.com/thing.yaml", "remote URL"),
        ("../../outside.yaml", "leads outside the checked folder"),
        ("missing.yaml", "does not exist"),
    ],
)
def test_unsafe_or_broken_refs_are_findings(tmp_path: Path, ref: str, expected: str) -> None:
    root = tmp_path / "sub"
    _write(tmp_path / "outside.yaml", "type: object\n")
    _write(root / "spec.yaml", SPEC.replace("../models/thing.yaml", ref))
    report = check([root], select=["EXC-VAL-002"], as_of="2026-11-24")
    (result,) = report.subjects[0].results
    assert result.outcome is Outcome.FAILED
    assert expected in result.findings[0].message


def test_circular_refs_terminate_with_a_finding(tmp_path: Path) -> None:
    _write(tmp_path / "spec.yaml", SPEC.replace("../models/thing.yaml", "a.yaml"))
    _write(tmp_path / "a.yaml", "type: object\nproperties:\n  b: {$ref: b.yaml}\n")
    _write(tmp_path / "b.yaml", "type: object\nproperties:\n  a: {$ref: a.yaml}\n")
    report = check([tmp_path], select=["EXC-VAL-002"], as_of="2026-11-24")
    (result,) = report.subjects[0].results
    assert result.outcome is Outcome.FAILED
    assert "circular" in result.findings[0].message


def test_swagger2_is_detected(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.json", json.dumps({"swagger": "2.0", "info": {}, "paths": {}}))
    (subject,) = load_paths([path])
    assert subject.kind is SubjectKind.API


def test_good_api_passes_and_poor_api_fails_naming_rules() -> None:
    report = check([APIS], as_of="2026-11-24")
    by_name = {Path(s.path).name: s for s in report.subjects}
    good = by_name["city-311-good.openapi.yaml"]
    poor = by_name["parking-permits-poor.openapi.yaml"]
    assert not [r for r in good.results if r.outcome is Outcome.FAILED and r.level.value == "MUST"]
    assert good.level in ("gold", "silver")
    failed = {r.rule_id for r in poor.results if r.outcome is Outcome.FAILED}
    assert {"EXC-API-006", "EXC-API-004", "EXC-API-023", "EXC-API-024", "EXC-API-026"} <= failed
    assert poor.level == "non-conformant"
    assert good.score > poor.score + 40


def test_a_crashing_validator_is_could_not_tell_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openapi_spec_validator

    def boom(self: object) -> None:
        raise AttributeError("'list' object has no attribute 'get'")

    monkeypatch.setattr(openapi_spec_validator.OpenAPIV31SpecValidator, "iter_errors", boom)
    _write(tmp_path / "api" / "spec.yaml", SPEC)
    _write(tmp_path / "models" / "thing.yaml", THING)
    report = check([tmp_path], as_of="2026-11-24")
    results = {r.rule_id: r for r in report.subjects[0].results}
    assert results["EXC-VAL-001"].outcome is Outcome.CANT_TELL
    assert "could not process" in (results["EXC-VAL-001"].reason or "")
    assert results["EXC-API-015"].outcome is Outcome.FAILED  # the other rules still ran


def test_validity_errors_are_worded_for_authors_and_located(tmp_path: Path) -> None:
    spec = _write(
        tmp_path / "bad.yaml",
        "openapi: 3.0.3\ninfo: {title: x}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200': {descriptio: ok}\n      foo: 1\n",
    )
    report = check([spec], select=["EXC-VAL-001"], as_of="2026-11-24")
    (result,) = report.subjects[0].results
    found = {f.message: f.location.line for f in result.findings}
    assert found["`info` lacks required field(s) version"] == 2
    assert found["`200` lacks required field(s) description"] == 7
    assert found["`get` has field(s) not allowed here: foo"] == 5


def test_referenced_files_inside_a_zip_are_named_inside_the_zip(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "bid.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ocp-manifest.yaml", 'ocp_manifest: "1.0"\n')
        zf.writestr("api/spec.yaml", SPEC)
        zf.writestr("models/thing.yaml", THING)
    report = check([archive], select=["EXC-API-015"], as_of="2026-11-24")
    (api,) = [s for s in report.subjects if s.kind is SubjectKind.API]
    (result,) = api.results
    assert result.findings[0].location.path == f"{archive}!/models/thing.yaml"


def test_unparsable_spec_is_an_api_with_rules_untested(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.yaml", "openapi: 3.1.0\ninfo: {title: x, version: 1.0.0\n")
    report = check([path], as_of="2026-11-24")
    (subject,) = report.subjects
    assert subject.kind is SubjectKind.API
    assert subject.counts.untested > 0 and subject.score == 0
