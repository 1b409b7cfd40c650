"""Evidence status on every result: an officer can tell "the vendor ticked a box" (declared) from
"a file proves it" (verified) and "the tool computed it" (measured), in every output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ocp_standards import check
from ocp_standards.cli.app import app
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.reporters.html import render_html
from ocp_standards.reporters.markdown import render_markdown
from ocp_standards.reporters.sarif import render_sarif

from .conftest import EXAMPLES
from .crash import assert_no_crash

FALSE_CLAIMS = EXAMPLES / "submissions" / "false-claims"
COMPLETE = EXAMPLES / "submissions" / "complete"
WEAK = EXAMPLES / "procurement" / "weak-bid.ocp.yaml"
AS_OF = "2026-11-24"


def _by_kind(report):  # type: ignore[no-untyped-def]
    return {s.kind: s for s in report.subjects}


def test_each_result_says_how_it_is_known() -> None:
    report = check([FALSE_CLAIMS], profile="procurement", as_of=AS_OF)
    assert_no_crash(report)
    for subject in report.subjects:
        for r in subject.results:
            if r.outcome in (Outcome.PASSED, Outcome.FAILED):
                assert r.evidence in ("declared", "verified", "measured"), (subject.path, r)
            else:
                assert r.evidence is None, (subject.path, r.rule_id)
    kinds = _by_kind(report)
    submission = kinds[SubjectKind.SUBMISSION]
    assert {r.evidence for r in submission.results if r.evidence} == {"verified"}
    manifest = {r.rule_id: r.evidence for r in kinds[SubjectKind.MANIFEST].results}
    assert manifest["PROC-RES-001"] == "declared"  # the vendor says where the data lives
    assert manifest["GOV-MAN-001"] == "measured"  # the tool validated the manifest itself
    api = kinds[SubjectKind.API]
    assert {r.evidence for r in api.results if r.evidence} == {"measured"}


def test_a_bare_manifest_stays_declared() -> None:
    report = check([WEAK], profile="procurement", as_of=AS_OF)
    evidence = {r.evidence for r in report.subjects[0].results if r.evidence}
    assert evidence == {"declared", "measured"}
    assert sum(r.evidence == "declared" for r in report.subjects[0].results) > 20


def test_every_output_shows_it() -> None:
    report = check([FALSE_CLAIMS, WEAK], profile="procurement", as_of=AS_OF)
    data = json.loads(report.model_dump_json())
    assert any(r.get("evidence") == "verified" for s in data["subjects"] for r in s["results"])
    sarif = json.loads(render_sarif(report))
    props = [r.get("properties", {}).get("evidence") for r in sarif["runs"][0]["results"]]
    assert {"verified", "declared"} <= set(props)
    markdown = render_markdown(report)
    assert "_(verified)_" in markdown and "_(declared)_" in markdown
    html = render_html(report)
    assert 'data-evidence="verified"' in html and 'id="f-evidence"' in html
    assert '<option value="verified">verified only</option>' in html
    result = CliRunner().invoke(
        app, ["check", str(FALSE_CLAIMS), str(WEAK), "-p", "procurement", "--as-of", AS_OF]
    )
    assert_no_crash(result)
    assert "(verified)" in result.output and "(declared)" in result.output


def test_the_comparison_filters_to_what_was_verified(tmp_path: Path) -> None:
    files = []
    for bid in (COMPLETE, FALSE_CLAIMS, WEAK):
        out = tmp_path / f"{bid.name}.json"
        result = CliRunner().invoke(
            app,
            ["check", str(bid), "-p", "procurement", "--as-of", AS_OF, "-o", f"json={out}"],
        )
        assert_no_crash(result)
        files.append(str(out))
    every = CliRunner().invoke(app, ["compare", *files, "-f", "markdown"])
    verified = CliRunner().invoke(
        app, ["compare", *files, "-f", "markdown", "--evidence", "verified"]
    )
    assert_no_crash(every, verified)
    assert every.exit_code == verified.exit_code == 0
    assert "Results known by" in every.output and "verified" in every.output
    assert "failed rules shown: verified only" in verified.output
    # The weak bid's declared MUST failures drop out of the verified view; the false-claims
    # submission's verified cross-check failures stay.
    assert "PROC-" in every.output and "EXC-SUB-" in verified.output
    lines = [line for line in verified.output.splitlines() if "Failed MUSTs" in line]
    assert lines and "PROC-" not in lines[0]
