"""Every API description in the shared corpus, through the command line as a reviewer runs it.

The expectations are what an API reviewer would say about these real specs (see docs/apis.md);
they skip cleanly when ../shared/corpus is absent. Corpus files are read in place, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.cli.app import app

from .conftest import CORPUS
from .crash import assert_no_crash

API = CORPUS / "api"
needs_corpus = pytest.mark.skipif(not API.is_dir(), reason="shared corpus not available")
runner = CliRunner()


def _check(path: Path) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--as-of", "2026-11-24"])
    assert_no_crash(result)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def _failed(subject: dict) -> dict[str, list[dict]]:
    return {r["rule_id"]: r["findings"] for r in subject["results"] if r["outcome"] == "failed"}


# file, exit code, rules a reviewer expects to fail
EXPECTED = [
    ("bc-data-catalogue-oas3.json", 0, {"EXC-API-027", "EXC-API-029"}),
    ("bc-open511-oas3.json", 1, {"EXC-API-006", "EXC-API-027"}),
    ("bc-open511-swagger2.json", 1, {"EXC-API-006", "EXC-API-001"}),
    ("hsds-openapi30.json", 1, {"EXC-API-004", "EXC-API-003", "EXC-VAL-002"}),
]


@needs_corpus
@pytest.mark.parametrize(("name", "code", "rules"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_corpus_spec(name: str, code: int, rules: set[str]) -> None:
    exit_code, report = _check(API / name)
    assert exit_code == code
    (subject,) = report["subjects"]
    assert subject["kind"] == "api"
    failed = _failed(subject)
    assert rules <= set(failed), sorted(failed)
    # Nothing crashed: a check that could not decide says so, but none did on these files.
    assert not [r["rule_id"] for r in subject["results"] if r["outcome"] == "cantTell"]
    for findings in failed.values():
        assert all(f["message"].strip() for f in findings)


@needs_corpus
def test_every_corpus_file_gives_0_or_1_without_traceback() -> None:
    for path in sorted(API.iterdir()):
        _check(path)


@needs_corpus
def test_hsds_remote_refs_need_online_and_are_located() -> None:
    _, report = _check(API / "hsds-openapi30.json")
    refs = _failed(report["subjects"][0])["EXC-VAL-002"]
    assert all("needs --online" in f["message"] for f in refs)
    assert all(f["location"]["line"] and f["location"]["pointer"].startswith("/") for f in refs)


@needs_corpus
def test_open511_http_server_is_named_with_its_line() -> None:
    _, report = _check(API / "bc-open511-oas3.json")
    (finding, *_) = _failed(report["subjects"][0])["EXC-API-006"]
    assert "http://" in finding["message"] and finding["location"]["line"]


@needs_corpus
def test_mds_multifile_model_bug_is_found_in_its_own_file() -> None:
    exit_code, report = _check(API / "mds-2.0-multifile")
    assert exit_code == 1
    names = sorted(Path(s["path"]).name for s in report["subjects"])
    assert names == ["agency.yaml", "provider.yaml"]  # model files are parts, not specs
    for subject in report["subjects"]:
        failed = _failed(subject)
        assert "EXC-VAL-002" not in failed  # every relative $ref was joined
        (bug,) = failed["EXC-VAL-001"]  # one bug, reported once though reached 4 times
        assert bug["location"]["path"].endswith("models/modes/car-share/event.yaml")
        assert bug["location"]["line"] == 104
        assert "`contains` must be a schema" in bug["message"]
        assert bug["location"]["pointer"].endswith("/contains")
        # Fields that look personal are asked to be marked, pointing into the model files.
        assert any("models/" in f["location"]["path"] for f in failed["EXC-API-022"])


@needs_corpus
def test_a_spec_named_alone_keeps_refs_inside_its_folder() -> None:
    """Naming one file of a multi-file spec trusts only its folder: sibling folders are refused
    with a hint, never read silently."""
    _, report = _check(API / "mds-2.0-multifile" / "reference" / "provider.yaml")
    refs = _failed(report["subjects"][0]).get("EXC-VAL-002", [])
    if refs:  # run from outside the corpus: the models/ folder is outside the trusted folder
        assert "check the folder that holds every file" in refs[0]["message"]
