"""A submission's whole bid at a glance: the panel reading a bid sees one line for all of it.

The submission subject's own score covers the cross-checks only; a procurement officer also needs
the bid as a whole: how many parts, their mean score, the lowest level any part reached and how many
MUST-level failures there are in total. Computed from the subject reports; nothing is re-scored.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.outcome import Outcome, Severity, SubjectKind
from ..model.report import BidPart, SubjectReport, SubmissionOverview


def _errors(report: SubjectReport) -> int:
    return sum(
        1 for r in report.results if r.outcome is Outcome.FAILED and r.severity is Severity.ERROR
    )


def overview(members: list[SubjectReport], rank: Callable[[str], int]) -> SubmissionOverview:
    """`members` starts with the submission subject; `rank` orders level ids (higher is better)."""
    worst = min(members, key=lambda m: rank(m.level))
    return SubmissionOverview(
        parts=len(members),
        mean_score=round(sum(m.score for m in members) / len(members), 1),
        lowest_level=worst.level,
        lowest_level_title=worst.level_title,
        failed_errors=sum(_errors(m) for m in members),
        members=[
            BidPart(
                path=m.path, kind=m.kind, score=m.score, level=m.level, failed_errors=_errors(m)
            )
            for m in members
        ],
    )


def attach_bid_overviews(reports: list[SubjectReport], rank: Callable[[str], int]) -> None:
    """Give every submission subject the overview of itself and the parts read from it."""
    for report in reports:
        if report.kind is not SubjectKind.SUBMISSION:
            continue
        parts = [r for r in reports if r is not report and r.metadata.get("part_of") == report.path]
        report.bid = overview([report, *parts], rank)
