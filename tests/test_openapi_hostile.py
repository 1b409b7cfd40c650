"""Bad API input through the command line: each a clear finding, exit 1, no traceback, no network,
nothing written outside a temporary folder."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards import Report, RunOptions, check
from ocp_standards.cli.app import app

from .crash import assert_no_crash

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n"
OK = "      responses: {'200': {description: ok}}\n"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    # Patch the methods, not the class: ssl and others subclass socket.socket at import.
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--as-of", "2026-11-24"])
    assert_no_crash(result)
    return result.exit_code, json.loads(result.stdout)


def _failures(report: dict) -> dict[str, str]:
    return {
        r["rule_id"]: " ".join(f["message"] for f in r["findings"])
        for s in report["subjects"]
        for r in s["results"]
        if r["outcome"] == "failed"
    }


def _bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return HEAD.split("paths")[0] + "\n".join(lines) + "\n"


CASES = {
    "invalid-yaml": (HEAD + "      responses: {'200': [\n", "OCP-INPUT-002", "cannot parse"),
    "alias-bomb": (_bomb(), "OCP-INPUT-002", "alias"),
    "duplicate-keys": (HEAD + OK + "    get:\n" + OK, "OCP-INPUT-002", "duplicate"),
    "remote-ref": (
        HEAD + "      responses: {'200': {$ref: 'https://evil.example/r.yaml'}}\n",
        "EXC-VAL-002",
        "needs --online",
    ),
    "outside-ref": (
        HEAD + "      responses: {'200': {$ref: '../../../../etc/passwd'}}\n",
        "EXC-VAL-002",
        "outside the checked folder",
    ),
    "circular-ref": (
        HEAD + "      responses: {'200': {$ref: 'loop.yaml'}}\n",
        "EXC-VAL-002",
        "circular",
    ),
    "not-openapi": (
        "openapi: 9.9.9\ninfo: {title: T, version: 1.0.0}\npaths: {}\n",
        "EXC-VAL-001",
        "unsupported version",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_api_input_is_a_finding(tmp_path: Path, case: str) -> None:
    text, rule, words = CASES[case]
    folder = tmp_path / "spec"
    folder.mkdir()
    (folder / "loop.yaml").write_text("description: x\ncontent: {$ref: 'loop.yaml'}\n")
    (folder / "api.yaml").write_text(text, encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    code, report = _run(str(folder / "api.yaml"), "--as", "api")
    assert code == 1
    failures = _failures(report)
    assert rule in failures, failures
    assert words in failures[rule].lower() or words in failures[rule]
    assert sorted(tmp_path.rglob("*")) == before  # nothing written beside the input


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(HEAD + OK + "# " + "x" * 2000 + "\n")
    code, report = _run(str(spec), "--max-file-size", "1000")
    assert code == 1
    assert "the limit is 1,000 bytes" in _failures(report)["OCP-INPUT-001"]


def test_the_size_limit_is_set_by_the_environment_for_the_cli(tmp_path: Path) -> None:
    import subprocess
    import sys

    spec = tmp_path / "big.yaml"
    spec.write_text(HEAD + OK + "# " + "x" * 2000 + "\n")
    code = (
        "import sys; from ocp_standards.cli.app import main;"
        f"sys.argv = ['ocp', 'check', {str(spec)!r}, '--as-of', '2026-11-24', '--format',"
        " 'json', '--no-config']; main()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"OCP_MAX_FILE_BYTES": "1000", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert_no_crash(out)
    assert out.returncode == 1
    assert "OCP-INPUT-001" in _failures(json.loads(out.stdout))


def test_the_library_reads_the_environment_only_through_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run is described by its RunOptions alone: check() never reads the environment.
    spec = tmp_path / "big.yaml"
    spec.write_text(HEAD + OK + "# " + "x" * 2000 + "\n")
    monkeypatch.setenv("OCP_MAX_FILE_BYTES", "1000")
    plain = check([spec], as_of="2026-11-24")
    assert "OCP-INPUT-001" not in _failed_ids(plain)
    options = RunOptions.from_config(None, paths=[spec], as_of="2026-11-24")
    assert options.limits.max_file_bytes == 1000
    assert "OCP-INPUT-001" in _failed_ids(check([spec], options))


def _failed_ids(report: Report) -> list[str]:
    return [r.rule_id for s in report.subjects for r in s.results if r.outcome.value == "failed"]


def test_swagger2_json_forced_with_as_api(tmp_path: Path) -> None:
    spec = tmp_path / "legacy.txt"
    spec.write_text(
        json.dumps(
            {
                "swagger": "2.0",
                "info": {"title": "L", "version": "1"},
                "schemes": ["http"],
                "paths": {},
            }
        )
    )
    code, report = _run(str(spec), "--as", "api")
    assert code == 1
    (subject,) = report["subjects"]
    assert subject["kind"] == "api"
    assert {"EXC-API-006", "EXC-API-001"} <= set(_failures(report))


@pytest.mark.parametrize(
    "body",
    [
        "paths: 5\n",
        "servers: 7\npaths: {/v1/a: {get: {responses: {'200': {description: ok}}}}}\n",
        "paths: {1: {get: {responses: {'200': {description: ok}}}}}\n",
    ],
    ids=["paths-a-number", "servers-a-number", "path-key-a-number"],
)
def test_wrongly_typed_top_level_fields_are_findings_not_crashes(tmp_path: Path, body: str) -> None:
    # Found splitting the API checks: `paths: 5` crashed major-version-in-path (TypeError), and
    # the OpenAPI validator's own crash hid the structural error it had already reported.
    spec = tmp_path / "odd.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\n" + body)
    code, report = _run(str(spec))
    assert_no_crash(report)
    assert code == 1
    if body.startswith("paths: 5"):
        assert "`paths` must be object" in _failures(report)["EXC-VAL-001"]
