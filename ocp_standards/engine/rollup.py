"""Data catalogue roll-ups: a portal checking its whole data catalogue sees the distribution, not
500 panels.

A data catalogue subject (`data.json`, or RDF with several datasets; subject kind "catalog") is
followed by its datasets, whose paths are `<data catalogue path>#<dataset>`; the roll-up
summarises their reports. (Not the rule catalogue: that is the `catalog/` package.)
"""

from __future__ import annotations

from collections import Counter

from ..model.outcome import Outcome, SubjectKind
from ..model.report import CatalogRollup, RollupDataset, RollupFailure, SubjectReport

WORST = 5
COMMON = 10
BANDS = (("90-100", 90), ("75-89", 75), ("50-74", 50), ("0-49", 0))


def data_catalogue_rollup(members: list[SubjectReport]) -> CatalogRollup:
    levels = Counter(m.level for m in members)
    bands = {name: 0 for name, _ in BANDS}
    for m in members:
        bands[next(name for name, floor in BANDS if m.score >= floor)] += 1
    failures: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for m in members:
        for r in m.results:
            if r.outcome is Outcome.FAILED:
                failures[r.rule_id] += 1
                titles[r.rule_id] = r.title
    worst = sorted(members, key=lambda m: (m.score, m.path))[:WORST]
    return CatalogRollup(
        datasets=len(members),
        mean_score=round(sum(m.score for m in members) / len(members), 1) if members else None,
        levels=dict(sorted(levels.items())),
        score_bands=bands,
        worst=[
            RollupDataset(path=m.path, title=m.title, score=m.score, level=m.level) for m in worst
        ],
        common_failures=[
            RollupFailure(rule_id=rule, title=titles[rule], datasets=n)
            for rule, n in sorted(failures.items(), key=lambda kv: (-kv[1], kv[0]))[:COMMON]
        ],
    )


def attach_rollups(reports: list[SubjectReport]) -> None:
    """Give every data catalogue subject the roll-up of the datasets read from it."""
    for report in reports:
        if report.kind is not SubjectKind.CATALOG:
            continue
        prefix = f"{report.path}#"
        members = [r for r in reports if r is not report and r.path.startswith(prefix)]
        report.rollup = data_catalogue_rollup(members)
