"""One self-contained HTML file a procurement officer can read, filter and print.

Jinja2 templates ship inside the package (reporters/templates/); CSS and JavaScript are inline
and nothing is fetched from the network, so the file works offline, attached to an email or
archived with the tender. Autoescaping is on: every value from an input is text, never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..model.outcome import Level, Outcome
from ..model.report import Report, RuleResult, SubjectReport

MAX_FINDINGS = 20
SEVERITIES = [
    ("error", "Failed requirements — MUST"),
    ("warning", "Failed recommendations — SHOULD"),
    ("info", "Failed options — MAY"),
]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ocp_standards", "reporters/templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(fmt=fmt, band=band)
    return env


def fmt(value: float | None) -> str:
    """Numbers as the JSON shows them, without a trailing .0 (82.5, 100)."""
    return "n/a" if value is None else f"{value:g}"


def band(score: float) -> str:
    """Colour band of a score bar."""
    return "high" if score >= 75 else "mid" if score >= 50 else "low"


@dataclass
class SubjectView:
    """What the template lists per subject: selections of the report, nothing recomputed."""

    subject: SubjectReport
    anchor: str
    failures: list[RuleResult] = field(default_factory=list)
    unsure: list[RuleResult] = field(default_factory=list)
    inapplicable: list[RuleResult] = field(default_factory=list)
    failed_musts: int = 0


def anchor(path: str, index: int) -> str:
    return f"s{index}-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")[:60]


def subject_view(subject: SubjectReport, index: int) -> SubjectView:
    rs = subject.results
    failures = [r for r in rs if r.outcome is Outcome.FAILED]
    return SubjectView(
        subject=subject,
        anchor=anchor(subject.path, index),
        failures=failures,
        unsure=[r for r in rs if r.outcome in (Outcome.CANT_TELL, Outcome.UNTESTED)],
        inapplicable=[r for r in rs if r.outcome is Outcome.INAPPLICABLE],
        failed_musts=sum(1 for r in failures if r.level is Level.MUST),
    )


def render_html(report: Report) -> str:
    context: dict[str, Any] = {
        "report": report,
        "views": [subject_view(s, i) for i, s in enumerate(report.subjects)],
        "rules": {r.id: r for r in report.rules},
        "severities": SEVERITIES,
        "max_findings": MAX_FINDINGS,
        "evidence_help": EVIDENCE_HELP,
    }
    return environment().get_template("report.html.j2").render(context)


#: What each evidence status means, for a reader who hovers over it.
EVIDENCE_HELP = {
    "declared": "the submission says so; nothing checked it",
    "verified": "a file of the submission or a cross-check proves it",
    "measured": "the tool computed it from the input",
}
