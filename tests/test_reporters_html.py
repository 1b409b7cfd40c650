"""The HTML report as a file: self-contained, printable, escaped, same numbers as the JSON."""

from __future__ import annotations

import re
from pathlib import Path

from ocp_standards.reporters.html import render_html

from .fixtures.reports.build import ALL_BIDS, GOLD, POOR, copy_bids, report_of


def test_self_contained_and_printable() -> None:
    html = render_html(report_of(*ALL_BIDS))
    assert not re.search(r"<(script|img|iframe)[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    assert "@import" not in html
    assert "@media print" in html
    assert "<script>" in html and "<style>" in html


def test_sections_and_scores_match_the_report() -> None:
    report = report_of(GOLD, POOR)
    html = render_html(report)
    assert f'id="summary-score" data-score="{report.summary.score}"' in html
    for s in report.subjects:
        assert f'data-score="{s.score}"' in html
        assert s.level_title in html
    for heading in (
        "Scores by dimension",
        "Failures by severity",
        "What to fix:",
        "What could not be checked",
        "How the score is computed",
    ):
        assert heading in html, heading
    assert html.count('class="failure ') == sum(s.counts.failed for s in report.subjects)


def test_input_text_is_escaped(tmp_path: Path) -> None:
    (bid,) = copy_bids(tmp_path, POOR)
    bid.write_text(bid.read_text().replace("QuickPark Cloud", "<script>alert(1)</script>"))
    html = render_html(report_of(bid))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
