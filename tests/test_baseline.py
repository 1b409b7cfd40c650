"""Baselines: only new failures fail the gate; fixed ones are reported; lines may move freely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards.gate.baseline import BaselineError, create_baseline, load_baseline

from .fixtures.reports.build import GOLD, POOR, copy_bids, report_of


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy_bids(tmp_path / "bids", POOR, GOLD)
    return tmp_path


def make_baseline(path: Path, *bids: str) -> Path:
    out = path / "ocp-baseline.json"
    out.write_text(create_baseline(report_of(*bids)), encoding="utf-8")
    return out


def test_baseline_records_failures_by_logical_location(workdir: Path) -> None:
    base = make_baseline(workdir, "bids/poor-bid.ocp.yaml")
    data = json.loads(base.read_text())
    assert data["entries"] and data["fingerprint_version"] == "v1"
    assert all(e["path"] == "bids/poor-bid.ocp.yaml" for e in data["entries"])
    assert all(set(e) == {"fingerprint", "rule_id", "path", "pointer"} for e in data["entries"])
    assert load_baseline(base).entries[0].fingerprint == data["entries"][0]["fingerprint"]


def test_known_failures_do_not_fail_the_gate(workdir: Path) -> None:
    base = make_baseline(workdir, "bids/poor-bid.ocp.yaml")
    assert not report_of("bids/poor-bid.ocp.yaml", fail_under=0).gate.passed
    report = report_of("bids/poor-bid.ocp.yaml", baseline=base, fail_under=0)
    assert report.gate.passed, report.gate.reasons
    assert report.baseline is not None
    assert report.baseline.new == 0 and report.baseline.known == report.subjects[0].counts.failed
    assert report.baseline.fixed == []


def test_moved_lines_stay_known(workdir: Path) -> None:
    base = make_baseline(workdir, "bids/poor-bid.ocp.yaml")
    bid = workdir / "bids/poor-bid.ocp.yaml"
    bid.write_text("# reviewed 2026-11-20\n\n" + bid.read_text())
    report = report_of("bids/poor-bid.ocp.yaml", baseline=base, fail_under=0)
    assert report.baseline.new == 0 and report.gate.passed


def test_a_new_failure_fails_and_a_fixed_one_is_reported(workdir: Path) -> None:
    base = make_baseline(workdir, "bids/poor-bid.ocp.yaml", "bids/gold-bid.ocp.yaml")
    poor = workdir / "bids/poor-bid.ocp.yaml"
    gold = workdir / "bids/gold-bid.ocp.yaml"
    # Fixed in the poor bid: the data owner becomes the city.
    poor.write_text(poor.read_text().replace("owner: vendor", "owner: municipality"))
    # New in the gold bid: personal data now stored in the US.
    gold.write_text(
        gold.read_text().replace(
            "{purpose: storage, country: CA", "{purpose: storage, country: US", 1
        )
    )
    report = report_of(
        "bids/poor-bid.ocp.yaml", "bids/gold-bid.ocp.yaml", baseline=base, fail_under=0
    )
    assert report.baseline.new >= 1
    assert not report.gate.passed
    assert all("gold-bid" in reason for reason in report.gate.reasons)
    new = [r for s in report.subjects for r in s.results if r.baseline == "new"]
    assert new and all(r.outcome.value == "failed" for r in new)
    fixed = {e.rule_id for e in report.baseline.fixed}
    assert fixed and all(e.path == "bids/poor-bid.ocp.yaml" for e in report.baseline.fixed)


def test_unchecked_files_are_not_reported_fixed(workdir: Path) -> None:
    base = make_baseline(workdir, "bids/poor-bid.ocp.yaml")
    report = report_of("bids/gold-bid.ocp.yaml", baseline=base)
    assert report.baseline.fixed == []


@pytest.mark.parametrize("text", ["{}", "not json", '{"ocp_baseline": 1}'])
def test_other_files_are_rejected(tmp_path: Path, text: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(BaselineError):
        load_baseline(path)
