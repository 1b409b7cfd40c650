"""`ocp compare`: bids ranked as an evaluation panel would, from JSON reports only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards.reporters.compare import (
    render_compare_html,
    render_compare_markdown,
    render_compare_text,
)
from ocp_standards.reporters.comparison import CompareError, compare, load_report
from ocp_standards.reporters.json import render_json
from ocp_standards.reporters.sarif import render_sarif

from .fixtures.reports.build import BROKEN, GOLD, POOR, SILVER, report_of


def write_reports(tmp_path: Path, *bids: Path, profile: str = "procurement") -> list[Path]:
    paths = []
    for bid in bids:
        path = tmp_path / f"{bid.stem}.json"
        path.write_text(render_json(report_of(bid, profile=profile)))
        paths.append(path)
    return paths


def test_ranks_disqualified_bids_last_then_level_then_score(tmp_path: Path) -> None:
    paths = write_reports(tmp_path, POOR, BROKEN, SILVER, GOLD)
    comparison = compare(paths)
    names = [b.subject.path for b in comparison.bids]
    assert [Path(n).name for n in names] == [
        "gold-bid.ocp.yaml",
        "silver-bid.ocp.yaml",
        "poor-bid.ocp.yaml",
        "broken-bid.ocp.yaml",
    ]
    assert [b.rank for b in comparison.bids] == [1, 2, 3, 4]
    assert [b.qualified for b in comparison.bids] == [True, True, False, False]
    assert "OCP-INPUT-002" in comparison.bids[3].failed_musts
    assert comparison.bids[3].unsure  # a broken bid: everything else could not be checked


def test_one_report_of_many_bids_compares_the_same(tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    path.write_text(render_json(report_of(POOR, GOLD, SILVER)))
    assert [b.subject.level for b in compare([path]).bids] == ["gold", "silver", "non-conformant"]


def test_renderers_show_the_same_scorecard(tmp_path: Path) -> None:
    comparison = compare(write_reports(tmp_path, POOR, GOLD))
    gold, poor = comparison.bids
    text = render_compare_text(comparison)
    md = render_compare_markdown(comparison)
    html = render_compare_html(comparison)
    for out in (text, md, html):
        assert f"{gold.subject.score:g}" in out and f"{poor.subject.score:g}" in out
        assert "Failed MUSTs" in out and "Could not be checked" in out
        assert poor.failed_musts[0] in out
        for _, title in comparison.dimensions[:3]:
            assert title in out
    assert md.index("#1 ") < md.index("#2 ")
    assert "Disqualified" in html or "DISQUALIFIED" in html
    assert "<script src" not in html


def test_mixed_profiles_are_flagged(tmp_path: Path) -> None:
    a = write_reports(tmp_path, GOLD)
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = write_reports(b_dir, POOR, profile="default")
    assert any("different profiles" in n for n in compare(a + b).notes)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not JSON"),
        ('{"hello": "world"}', "is not an ocp report"),
    ],
)
def test_other_files_get_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(CompareError, match=message):
        load_report(path)


def test_a_sarif_file_is_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "x.sarif"
    path.write_text(render_sarif(report_of(GOLD)))
    with pytest.raises(CompareError, match="ocp check --format json"):
        load_report(path)
    json.loads(path.read_text())
