"""The rule catalogue a Report carries, so reporters never need the catalog (SARIF rules, HTML)."""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog.loader import INPUT_STANDARD
from ..catalog.ruleset import ActiveRule
from ..checks.versions import check_refs
from ..model.report import RuleInfo

#: Where the generated rule pages (docs/rules/) are published. Also the base of rule IRIs in RDF.
DOCS_BASE = "https://ocp-standards.example/docs/rules/"


def help_uri(rule_id: str, title: str, standard_id: str) -> str:
    if standard_id == INPUT_STANDARD or not standard_id:
        return f"{DOCS_BASE}README.md"
    return f"{DOCS_BASE}{standard_id}/{rule_id}.md"  # the page docs_gen.rule_page_name writes


def rule_info(active: ActiveRule) -> RuleInfo:
    rule = active.rule
    return RuleInfo(
        id=rule.id,
        title=rule.title,
        standard=f"{rule.standard}@{rule.standard_version}",
        level=active.level,
        severity=active.severity,
        dimension=rule.dimension,
        statement=rule.statement.strip(),
        rationale=rule.rationale.strip() or None,
        remediation=rule.remediation.strip() if rule.remediation else None,
        sources=[s.url for s in rule.sources],
        help_uri=help_uri(rule.id, rule.title, rule.standard),
        checks=check_refs(rule.check),
    )


def catalogue(rules: Iterable[ActiveRule], used: set[str]) -> list[RuleInfo]:
    """RuleInfo for each rule whose id is in `used`, sorted by id."""
    by_id = {r.id: r for r in rules}
    return [rule_info(by_id[rid]) for rid in sorted(used) if rid in by_id]
