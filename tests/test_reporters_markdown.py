"""Markdown for a pull-request comment: verdict, score, level, failed MUSTs; details folded."""

from __future__ import annotations

from ocp_standards.model.outcome import Level, Outcome
from ocp_standards.reporters.markdown import MAX_CHARS, md_escape, render_markdown

from .fixtures.reports.build import GOLD, POOR, report_of


def test_summary_fits_a_pr_comment() -> None:
    report = report_of(GOLD, POOR)
    md = render_markdown(report)
    head, _, rest = md.partition("<details>")
    assert head.startswith("## OCP check: ❌ gate FAILED")
    assert f"**{report.summary.score:g}**" in head
    for s in report.subjects:
        assert f"| {s.score:g} | {s.level_title} |" in head
    poor = report.subjects[1]
    musts = [
        r.rule_id for r in poor.results if r.outcome is Outcome.FAILED and r.level is Level.MUST
    ]
    for rule_id in musts[:15]:
        assert f"`{rule_id}`" in head
    assert "**Fixes worth the most:**" in head
    assert poor.top_fixes[0].rule_id in head
    assert rest.count("</details>") == len(report.subjects)
    assert len(md) < MAX_CHARS + 2000


def test_passing_report_says_so() -> None:
    md = render_markdown(report_of(GOLD))
    assert md.startswith("## OCP check: ✅ gate passed")
    assert "Failed MUSTs" not in md.partition("<details>")[0]


def test_escapes_table_breaking_text() -> None:
    assert md_escape("a | b <script>\nc") == "a \\| b &lt;script&gt; c"
