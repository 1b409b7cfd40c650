"""The engine: every applicable rule of a Ruleset on every Subject, in a deterministic order.

A check that raises becomes `cantTell` with the reason, and the run goes on. The engine adds what
checks never decide: severity, points and source positions.

Checks see the run only through a RunView (checks/base.py), which `SubjectRun` implements here:
the few checks that need more than their subject (the fused table pass, a submission's
cross-checks) ask it, and never import the catalogue or the engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from pathlib import Path
from typing import Any

from ..catalog.errors import CatalogError
from ..catalog.loader import default_catalog
from ..catalog.ruleset import ActiveRule, Ruleset, activate
from ..checks.base import CheckContext, CheckFinding, CheckOutcome
from ..checks.builtin import run_check
from ..checks.tables.fused import PassInterrupted, python_specs
from ..checks.versions import lookup_key
from ..model.outcome import Outcome, SubjectKind
from ..model.report import Evidence, Finding, Location, RuleResult
from ..model.standard import StandardVersion
from ..model.vocabulary import VocabularyError, load_vocabulary
from ..settings.timelimit import CheckTimeout, current_limit, time_limit
from ..sources.subject import Subject


def points(rule: ActiveRule, ruleset: Ruleset, kind: str = "") -> float:
    """A rule's worth under the scoring model that scores this kind of subject."""
    _, model = ruleset.model_for(kind)
    return float(rule.weight) * float(model.level_weights.get(rule.level, 0))


class SubjectRun:
    """The run as the checks of one subject see it (a RunView): its ruleset and the memo of the
    analyses computed on its tables (and on those of its parts), owned by this evaluation.

    Without a ruleset — a rule's golden examples, `run_rule` called on its own — there is no
    other table check to fuse with, and a submission's parts are judged with the MUST rules of
    the latest version of the named standard in the catalogue."""

    def __init__(
        self,
        ruleset: Ruleset | None,
        now: dt.datetime,
        standards: tuple[StandardVersion, ...] = (),
    ) -> None:
        self.ruleset = ruleset
        self.now = now
        #: Versions to find a rule's pinned vocabularies in without a ruleset (golden examples
        #: of a tree that is not the bundled one).
        self.standards = standards
        #: id(table) -> (the table, kept alive so its id is not reused; its memo).
        self._memos: dict[int, tuple[object, dict[str, Any]]] = {}

    def table_checks(self) -> list[tuple[str, dict[str, Any]]]:
        if self.ruleset is None:
            return []
        return [
            (lookup_key(spec["name"]), spec.get("args") or {})
            for rule in self.ruleset.for_kind("dataset")
            for spec in python_specs(rule.check)
        ]

    def vocabulary(self, standard: str, name: str) -> dict[str, Any]:
        std_id, _, version = standard.partition("@")
        known = [*(self.ruleset.standards if self.ruleset is not None else ()), *self.standards]
        std = next((s for s in known if s.id == std_id and s.version == version), None)
        if std is None and std_id:
            try:
                std = default_catalog().get(std_id, version or None)
            except CatalogError:
                std = None
        folder = Path(std.folder) / "vocabularies" if std is not None and std.folder else None
        if folder is None or not (folder / f"{name}.json").is_file():
            raise VocabularyError(
                f"{standard or 'this rule'} does not pin the vocabulary {name!r}: copy it into "
                "the version's vocabularies/ folder (make vocab, then pin it) before a rule uses it"
            )
        return load_vocabulary(name, folder)

    def analyses(self, table: object) -> dict[str, Any]:
        held = self._memos.get(id(table))
        if held is None or held[0] is not table:
            held = self._memos[id(table)] = (table, {})
        return held[1]

    def _must_rules(self, kind: str, standard: str) -> list[ActiveRule]:
        if self.ruleset is not None:
            return [r for r in self.ruleset.for_kind(kind) if r.rule.level.value == "MUST"]
        std = default_catalog().get(standard)
        return [activate(r) for r in std.rules if kind in r.applies_to and r.level.value == "MUST"]

    def must_rule_ids(self, kind: str, standard: str) -> list[str]:
        return [r.id for r in self._must_rules(kind, standard)]

    def must_failures(self, part: Subject, data: Any, kind: str, standard: str) -> list[str] | None:
        if not part.loaded:
            return None
        failed = []
        for rule in self._must_rules(kind, standard):
            ctx = CheckContext(root=data, now=self.now, params=rule.params, subject=part, run=self)
            if run_rule(rule, ctx).outcome is Outcome.FAILED:
                failed.append(rule.id)
        return sorted(failed)


def evaluate(subject: Subject, ruleset: Ruleset, now: dt.datetime) -> list[RuleResult]:
    if not subject.loaded:
        return _unreadable(subject, ruleset, now)
    results = []
    run = SubjectRun(ruleset, now)
    for rule in ruleset.for_kind(subject.kind.value):
        ctx = CheckContext(root=subject.data, now=now, params=rule.params, subject=subject, run=run)
        outcome = run_rule(rule, ctx)
        results.append(to_result(rule, outcome, subject, ruleset))
    return results


def run_rule(rule: ActiveRule, ctx: CheckContext) -> CheckOutcome:
    """One rule's outcome; a check that raises or overruns its time becomes cantTell. A context
    outside any run (a golden example) gets a run without ruleset (see SubjectRun)."""
    if ctx.run is None:
        ctx = dataclasses.replace(ctx, run=SubjectRun(None, ctx.now))
    if not ctx.standard and rule.rule.standard:
        ctx = dataclasses.replace(
            ctx, standard=f"{rule.rule.standard}@{rule.rule.standard_version}"
        )
    limit = current_limit()
    try:
        with time_limit(limit):
            return run_check(rule.check, ctx)
    except PassInterrupted as exc:  # a shared table pass that another check started was stopped
        return CheckOutcome.cant_tell(str(exc))
    except CheckTimeout:
        return CheckOutcome.cant_tell(
            f"the check took longer than {limit:g} s and was stopped (raise the limit with "
            "--check-timeout)"
        )
    except Exception as exc:  # a broken check must not stop the other rules
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
        return CheckOutcome.cant_tell(f"the check crashed: {type(exc).__name__}: {exc}{where}")


def _unreadable(subject: Subject, ruleset: Ruleset, now: dt.datetime) -> list[RuleResult]:
    """One failed input rule; every rule for the (possibly unknown) kind is untested."""
    assert subject.problem is not None
    results = []
    failing = ruleset.input_rules[subject.problem.rule_id]
    ctx = CheckContext(root=None, now=now, params=failing.params, subject=subject)
    results.append(to_result(failing, run_rule(failing, ctx), subject, ruleset))
    kinds = [subject.kind.value] if subject.kind is not SubjectKind.UNKNOWN else []
    for rule in ruleset.rules:
        if any(k in rule.rule.applies_to for k in kinds):
            untested = CheckOutcome(Outcome.UNTESTED, reason=f"{failing.id} failed")
            results.append(to_result(rule, untested, subject, ruleset))
    return results


def to_result(
    rule: ActiveRule, outcome: CheckOutcome, subject: Subject, ruleset: Ruleset
) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        title=rule.rule.title,
        standard=f"{rule.rule.standard}@{rule.rule.standard_version}",
        level=rule.rule.level,
        severity=rule.severity,
        dimension=rule.rule.dimension,
        weight=points(rule, ruleset, subject.kind.value),
        outcome=outcome.outcome,
        findings=[_locate(f, subject) for f in outcome.findings],
        reason=outcome.reason,
        remediation=rule.rule.remediation,
        evidence=evidence_of(outcome, subject, rule),
    )


#: What a passed or failed result rests on, by the kind of subject it judged (a check may say
#: otherwise): a manifest only declares; a submission's rules cross-check its files; data,
#: metadata and API descriptions are measured by the tool itself.
_EVIDENCE_BY_KIND: dict[SubjectKind, Evidence] = {
    SubjectKind.MANIFEST: "declared",
    SubjectKind.SUBMISSION: "verified",
}


def evidence_of(outcome: CheckOutcome, subject: Subject, rule: ActiveRule) -> Evidence | None:
    if outcome.outcome not in (Outcome.PASSED, Outcome.FAILED):
        return None
    if outcome.evidence is not None:
        return outcome.evidence
    if rule.id.startswith("OCP-INPUT-"):
        return "measured"  # whether the file could be read is the tool's own observation
    return _EVIDENCE_BY_KIND.get(subject.kind, "measured")


def _locate(finding: CheckFinding, subject: Subject) -> Finding:
    fields: dict[str, object] = {
        "path": subject.path,
        "row": finding.row,
        "field": finding.field,
        "node": finding.node,
    }
    if subject.locator is not None:
        fields.update({k: v for k, v in subject.locator(finding.pointer).items() if v is not None})
    elif subject.document is not None:
        line, column = subject.document.locate(finding.pointer)
        fields.update(pointer=finding.pointer, line=line, column=column)
    elif subject.problem is not None:
        fields.update(line=subject.problem.line, column=subject.problem.column)
    return Finding(
        message=finding.message,
        location=Location.model_validate(fields),
        count=finding.count,
        examples=finding.examples,
    )
