"""Upcoming rules: a newer release's new or tightened rules are shown, never scored or gating."""

from __future__ import annotations

from pathlib import Path

from ocp_standards.catalog.digest import write_release
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.engine.upcoming import upcoming_lines
from ocp_standards.runner import check

from .conftest import AS_OF, EXAMPLES
from .fixtures.core.builders import rule_data, standard_data, write, write_version


def _tree(tmp_path: Path, v2_status: str = "released") -> Path:
    root = tmp_path / "standards"
    released = {"status": "released", "released": "2026-11-24"}
    write_release(write_version(root, standard_data(**released), [rule_data()]))
    v2 = standard_data(version="1.1.0", previous="1.0.0", status=v2_status)
    if v2_status == "released":
        v2["released"] = "2026-12-01"
    new_rule = rule_data(
        "TST-GEN-002", level="SHOULD", since="1.1.0", check={"kind": "present", "path": "$.city"}
    )
    v2_dir = write_version(root, v2, [rule_data(), new_rule])
    if v2_status == "released":
        write_release(v2_dir)
    return root


def _run(tmp_path: Path, root: Path) -> tuple:
    bid = write(tmp_path / "bid.ocp.yaml", {"ocp_manifest": "1.0", "name": "x"})
    profile = write(
        tmp_path / "p.yaml", {"id": "p", "title": "Pinned", "standards": {"ocp-testing": "1.0.0"}}
    )
    return check([bid], profile=str(profile), catalog=load_catalog(root), as_of=AS_OF)


def test_newer_release_rules_show_as_upcoming_only(tmp_path: Path) -> None:
    report = _run(tmp_path, _tree(tmp_path))
    (subject,) = report.subjects
    assert [r.rule_id for r in subject.results] == ["TST-GEN-001"]
    assert subject.score == 100 and report.gate.passed
    (up,) = subject.upcoming
    assert (up.rule_id, up.standard, up.severity.value, up.change) == (
        "TST-GEN-002",
        "ocp-testing@1.1.0",
        "warning",
        "new",
    )
    assert up.findings and up.findings[0].location.path.endswith("bid.ocp.yaml")
    assert upcoming_lines(report)[0].endswith("would fail (warning): " + up.findings[0].message)


def test_drafts_do_not_produce_upcoming_warnings(tmp_path: Path) -> None:
    report = _run(tmp_path, _tree(tmp_path, v2_status="draft"))
    assert report.subjects[0].upcoming == []


def test_json_report_carries_upcoming(tmp_path: Path) -> None:
    data = _run(tmp_path, _tree(tmp_path)).model_dump(mode="json")
    assert data["subjects"][0]["upcoming"][0]["rule_id"] == "TST-GEN-002"


def test_weak_bid_hears_about_governance_1_1_0_without_changing_its_result() -> None:
    weak = EXAMPLES / "procurement" / "weak-bid.ocp.yaml"
    report = check([weak], profile="procurement", as_of=AS_OF)
    (subject,) = report.subjects
    assert {u.rule_id for u in subject.upcoming} == {"PROC-OSS-008", "PROC-PRIV-005"}
    assert all(u.standard == "ocp-governance@1.1.0" for u in subject.upcoming)
    # The pinned version alone decides results, score and gate.
    assert not {r.rule_id for r in subject.results} & {"PROC-OSS-008", "PROC-PRIV-005"}
    assert all(r.standard != "ocp-governance@1.1.0" for r in subject.results)
    strong = check(
        [EXAMPLES / "procurement" / "strong-bid.ocp.yaml"], profile="procurement", as_of=AS_OF
    )
    assert strong.subjects[0].upcoming == [] and strong.gate.passed
