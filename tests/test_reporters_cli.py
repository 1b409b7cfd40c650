"""`ocp check -o FORMAT=FILE ...`, config, waivers, baselines, `ocp compare` and `ocp init` from the
command line: exit codes and files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from junitparser import JUnitXml
from rdflib import Graph
from typer.testing import CliRunner

from ocp_standards.cli.app import app

from .conftest import EXAMPLES
from .crash import assert_no_crash
from .fixtures.reports.build import GOLD, POOR, copy_bids
from .test_reporters_sarif import SARIF_SCHEMA

runner = CliRunner()
PROC = EXAMPLES / "procurement"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert_no_crash(result)
    return result.exit_code, result.stdout, result.stderr


def test_one_run_writes_every_format_for_the_examples(tmp_path: Path) -> None:
    out = {
        fmt: tmp_path / f"ocp.{ext}"
        for fmt, ext in (
            ("sarif", "sarif"),
            ("junit", "xml"),
            ("markdown", "md"),
            ("html", "html"),
            ("earl", "ttl"),
            ("earl-jsonld", "jsonld"),
            ("json", "json"),
        )
    }
    args = ["check", str(PROC), "--profile", "procurement", "--as-of", "2026-11-24"]
    for fmt, path in out.items():
        args += ["--output", f"{fmt}={path}"]
    code, stdout, stderr = run(*args)
    assert code in (0, 1)
    assert stdout == ""  # outputs only: the terminal stays clean for CI logs
    assert stderr.count("wrote ") == len(out)
    report = json.loads(out["json"].read_text())
    sarif = json.loads(out["sarif"].read_text())
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    assert sarif["runs"][0]["results"]
    junit = JUnitXml.fromfile(str(out["junit"]))
    assert junit.tests == sum(len(s["results"]) for s in report["subjects"])
    assert out["markdown"].read_text().startswith("## OCP check:")
    assert f'data-score="{report["summary"]["score"]}"' in out["html"].read_text()
    assert len(Graph().parse(out["earl"], format="turtle")) > 100
    assert len(Graph().parse(out["earl-jsonld"], format="json-ld")) > 100


def test_output_usage_errors(tmp_path: Path) -> None:
    assert run("check", str(GOLD), "-o", f"pdf={tmp_path / 'x.pdf'}")[0] == 2
    same = tmp_path / "x.json"
    assert run("check", str(GOLD), "-o", f"json={same}", "-o", f"html={same}")[0] == 2
    (bid,) = copy_bids(tmp_path / "b", GOLD)
    before = bid.read_bytes()
    assert run("check", str(bid), "-o", f"sarif={bid}")[0] == 2
    assert bid.read_bytes() == before


def test_format_with_outputs_also_prints(tmp_path: Path) -> None:
    code, stdout, _ = run(
        "check",
        str(GOLD),
        "--profile",
        "procurement",
        "-f",
        "markdown",
        "-o",
        f"sarif={tmp_path / 'o.sarif'}",
    )
    assert code == 0 and stdout.startswith("## OCP check: ✅")
    assert (tmp_path / "o.sarif").is_file()


def test_config_then_cli_precedence(tmp_path: Path) -> None:
    (bid,) = copy_bids(tmp_path, GOLD)
    assert run("check", str(bid), "--profile", "procurement")[0] == 0
    (tmp_path / "ocp.toml").write_text('profile = "procurement"\nfail-under = 100.1\n')
    assert run("check", str(bid))[0] == 2  # invalid setting: a usage error
    (tmp_path / "ocp.toml").write_text('profile = "procurement"\nfail-on = "warning"\n')
    _, out, _ = run("check", str(bid), "-f", "json")
    assert json.loads(out)["gate"]["fail_on"] == "warning"
    assert json.loads(out)["profile"]["id"] == "procurement"
    _, out, _ = run("check", str(bid), "-f", "json", "--fail-on", "error")
    assert json.loads(out)["gate"]["fail_on"] == "error"
    _, out, _ = run("check", str(bid), "-f", "json", "--no-config")
    assert json.loads(out)["profile"]["id"] == "default"


def test_waivers_and_baseline_from_the_command_line(tmp_path: Path) -> None:
    (bid,) = copy_bids(tmp_path, POOR)
    args = ["check", str(bid), "--profile", "procurement", "--fail-under", "0"]
    assert run(*args)[0] == 1
    base = tmp_path / "base.json"
    code, _, err = run("baseline", "create", str(bid), "--profile", "procurement", "-o", str(base))
    assert code == 0 and base.is_file() and "wrote baseline" in err
    code, out, _ = run(*args, "--baseline", str(base))
    assert code == 0 and "known" in out
    assert run(*args, "--baseline", str(tmp_path / "missing.json"))[0] == 2
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - {rule: '*', subject: '*', reason: accepted-risk, justification: Pilot,"
        " approver: CIO, expires: 2026-01-01}\n"
    )
    code, out, _ = run(*args, "--waivers", str(waivers))
    assert code == 1 and "OCP-WAIVER-001" in out
    waivers.write_text("waivers:\n  - {rule: '*', reason: because}\n")
    assert run(*args, "--waivers", str(waivers))[0] == 2


def test_compare_command(tmp_path: Path) -> None:
    reports = []
    for bid in (POOR, GOLD):
        path = tmp_path / f"{bid.stem}.json"
        run("check", str(bid), "--profile", "procurement", "-o", f"json={path}")
        reports.append(str(path))
    code, out, _ = run("compare", *reports)
    assert code == 0 and out.index("Aurora") < out.index("Quickpark")
    html = tmp_path / "cmp.html"
    assert run("compare", *reports, "-f", "html", "-o", str(html))[0] == 0
    assert "Bid comparison" in html.read_text()
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[]")
    code, _, err = run("compare", str(bogus))
    assert code == 2 and "ocp check --format json" in err


def test_init_writes_once(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--profile", "procurement")[0] == 0
    text = (tmp_path / "ocp.toml").read_text()
    assert 'profile = "procurement"' in text
    assert run("init", str(tmp_path))[0] == 2
    assert (tmp_path / "ocp.toml").read_text() == text
    assert run("init", str(tmp_path / "nope"), "--profile", "nope")[0] == 2


def test_quiet_and_no_color(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": ""}
    env.pop("FORCE_COLOR")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ocp_standards",
            "check",
            str(POOR),
            "--profile",
            "procurement",
            "-q",
            "-o",
            f"html={tmp_path / 'r.html'}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1 and proc.stderr == "" and proc.stdout == ""
    proc = subprocess.run(
        [sys.executable, "-m", "ocp_standards", "check", str(POOR), "--profile", "procurement"],
        capture_output=True,
        text=True,
        env={**env, "TERM": "xterm-256color"},
        check=False,
    )
    assert "\x1b[" not in proc.stdout


def test_progress_bar_only_on_a_terminal_for_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from ocp_standards.cli import check as check_cli

    with check_cli.progress_bar(500, quiet=False) as progress:
        assert progress is None  # stderr is not a terminal under pytest
    buffer = io.StringIO()
    monkeypatch.setattr(check_cli, "err", Console(file=buffer, force_terminal=True, width=80))
    with check_cli.progress_bar(5, quiet=False) as progress:
        assert progress is None  # a short run needs no bar
    with check_cli.progress_bar(500, quiet=True) as progress:
        assert progress is None
    with check_cli.progress_bar(500, quiet=False) as progress:
        assert progress is not None
        progress(250, 500)
    assert "250/500" in buffer.getvalue()
