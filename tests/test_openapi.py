"""API descriptions: detection, joining multi-file specs safely, and the example APIs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards import check
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.sources.loader import load_paths

from .conftest import CORPUS, EXAMPLES

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
        "application/json"]["schema"]
    assert schema["properties"]["id"] == {"type": "string"}
    pointer = ("/paths/~1things/get/responses/200/content/application~1json/schema/properties/"
               "created_at")
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
    assert {"EXC-API-001", "EXC-API-002", "EXC-API-008", "EXC-API-009", "EXC-API-022"} <= failed
    assert poor.level == "non-conformant"
    assert good.score > poor.score + 40


CORPUS_SPECS = sorted((CORPUS / "api").glob("*.json")) if (CORPUS / "api").is_dir() else []


@pytest.mark.skipif(not CORPUS_SPECS, reason="shared corpus not available")
@pytest.mark.parametrize("spec", CORPUS_SPECS, ids=lambda p: p.name)
def test_corpus_specs_are_checked_without_crashing(spec: Path) -> None:
    report = check([spec], as_of="2026-11-24")
    (subject,) = report.subjects
    assert subject.kind is SubjectKind.API
    assert not [r for r in subject.results if r.outcome is Outcome.CANT_TELL]


@pytest.mark.skipif(not (CORPUS / "api" / "mds-2.0-multifile").is_dir(),
                    reason="shared corpus not available")
def test_mds_multifile_bugs_are_found_in_the_model_file() -> None:
    report = check([CORPUS / "api" / "mds-2.0-multifile"], as_of="2026-11-24",
                   select=["EXC-VAL-"])
    assert len(report.subjects) == 2  # provider and agency; model files are not specs
    for subject in report.subjects:
        validity = {r.rule_id: r for r in subject.results}
        assert validity["EXC-VAL-002"].outcome is Outcome.PASSED  # every relative $ref joined
        bug = validity["EXC-VAL-001"]
        assert bug.outcome is Outcome.FAILED
        assert any("car-share/event.yaml" in f.location.path for f in bug.findings)
