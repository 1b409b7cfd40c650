"""The `ocp` command line as a user meets it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.cli.app import app

from .conftest import EXAMPLES, ROOT
from .crash import assert_no_crash

PROC = EXAMPLES / "procurement"
STRONG, WEAK, BROKEN = (PROC / f"{n}-bid.ocp.yaml" for n in ("strong", "weak", "broken"))
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert_no_crash(result)
    return result.exit_code, result.stdout, result.stderr


def report_json(*args: str) -> tuple[int, dict]:
    code, out, _ = run("check", *args, "--format", "json", "--as-of", "2026-11-24")
    return code, json.loads(out)


def test_strong_bid_passes_procurement_gate() -> None:
    code, report = report_json(str(STRONG), "--profile", "procurement")
    assert code == 0, report["gate"]
    (subject,) = report["subjects"]
    assert subject["kind"] == "manifest"
    assert subject["level"] in ("gold", "silver")
    assert not [
        r for r in subject["results"] if r["outcome"] == "failed" and r["severity"] == "error"
    ]


def test_weak_bid_fails_naming_must_rules() -> None:
    code, out, _ = run("check", str(WEAK), "--profile", "procurement", "--as-of", "2026-11-24")
    assert code == 1
    assert "Gate FAILED" in out
    _, report = report_json(str(WEAK), "--profile", "procurement")
    failed_musts = [
        r["rule_id"]
        for r in report["subjects"][0]["results"]
        if r["outcome"] == "failed" and r["level"] == "MUST"
    ]
    assert len(failed_musts) >= 3
    for rule_id in failed_musts:
        assert rule_id in out
    assert report["subjects"][0]["level"] == "non-conformant"


def test_broken_bid_is_a_parse_finding_with_a_line() -> None:
    code, report = report_json(str(BROKEN))
    assert code == 1
    (subject,) = report["subjects"]
    assert subject["score"] == 0
    failed = [r for r in subject["results"] if r["outcome"] == "failed"]
    assert [r["rule_id"] for r in failed] == ["OCP-INPUT-002"]
    location = failed[0]["findings"][0]["location"]
    assert isinstance(location["line"], int) and location["line"] > 1
    assert subject["counts"]["untested"] > 0


def test_json_report_validates_against_published_schema() -> None:
    schema = json.loads((ROOT / "standards/schemas/report.schema.json").read_text())
    _, report = report_json(str(PROC), "--profile", "procurement")
    jsonschema.validate(report, schema)
    assert report["tool"]["version"]
    assert {s["id"] for s in report["standards"]} >= {"ocp-governance"}
    assert all(s["digest"].startswith("sha256:") for s in report["standards"])
    assert len(report["subjects"]) == 3


def test_scores_order_as_an_officer_expects() -> None:
    _, report = report_json(str(PROC), "--profile", "procurement")
    scores = {Path(s["path"]).name: s["score"] for s in report["subjects"]}
    assert (
        scores["strong-bid.ocp.yaml"]
        > scores["weak-bid.ocp.yaml"]
        > scores["broken-bid.ocp.yaml"]
        == 0
    )


def test_text_report_sections() -> None:
    code, out, _ = run("check", str(WEAK), "--profile", "procurement", "--as-of", "2026-11-24")
    assert code == 1
    for heading in (
        "Score",
        "Level",
        "Dimension",
        "Failed requirements",
        "Next level",
        "Fixes worth the most",
        "Gate FAILED",
    ):
        assert heading in out, heading


@pytest.mark.parametrize(
    "args",
    [
        ("check", "does-not-exist.yaml"),
        ("check", str(STRONG), "--profile", "no-such-profile"),
        ("check", str(STRONG), "--fail-on", "sometimes"),
        ("check", str(STRONG), "--bogus"),
        ("check", str(STRONG), "--as-of", "yesterday"),
        ("check", str(STRONG), "--select", "NOPE-"),
        ("rules", "explain", "NOPE-999"),
        ("standards", "show", "ocp-nothing"),
        ("profiles", "show", "nope"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    code, _, _ = run(*args)
    assert code == 2


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    target = tmp_path / "bid.ocp.yaml"
    target.write_text(STRONG.read_text())
    before = target.read_bytes()
    code, _, _ = run("check", str(target), "--output", str(target))
    assert code == 2
    assert target.read_bytes() == before


def test_output_file_written(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    code, _, _ = run(
        "check",
        str(STRONG),
        "--profile",
        "procurement",
        "--format",
        "json",
        "--output",
        str(target),
    )
    assert code == 0
    assert json.loads(target.read_text())["gate"]["passed"] is True


def test_fail_under_and_fail_on_override_profile() -> None:
    code, _, _ = run("check", str(STRONG), "--profile", "procurement", "--fail-under", "100")
    report = report_json(str(STRONG), "--profile", "procurement")[1]
    assert code == (0 if report["subjects"][0]["score"] >= 100 else 1)
    code, _, _ = run(
        "check", str(WEAK), "--profile", "procurement", "--fail-on", "never", "--fail-under", "0"
    )
    assert code == 0


def test_unrecognised_explicit_file_is_a_finding(tmp_path: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("shopping: [eggs, milk]\n")
    code, report = report_json(str(other))
    assert code == 1
    assert report["subjects"][0]["results"][0]["rule_id"] == "OCP-INPUT-003"


def test_rules_explain_works_for_every_rule() -> None:
    for rule in default_catalog().all_rules():
        code, out, _ = run("rules", "explain", rule.id)
        assert code == 0, rule.id
        assert rule.title in out and "Sources" in out and "Failing example" in out


def test_list_commands_json() -> None:
    for args in (
        ("standards", "list"),
        ("rules", "list"),
        ("profiles", "list"),
        ("standards", "show", "ocp-governance@1.0.0"),
        ("profiles", "show", "example-city"),
        ("rules", "list", "--applies-to", "manifest"),
    ):
        code, out, _ = run(*args, "--format", "json")
        assert code == 0, args
        json.loads(out)


def test_rules_list_filters() -> None:
    code, out, _ = run("rules", "list", "--standard", "ocp-governance", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["standard"].startswith("ocp-governance@") for r in rows)


def test_console_script_runs_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ocp_standards", "check", str(BROKEN), "--as-of", "2026-11-24"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert_no_crash(proc)
    assert "OCP-INPUT-002" in proc.stdout
