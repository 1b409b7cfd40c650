"""Compare two versions of a standard and classify every change by the version bump it needs.

The policy (docs/versioning.md), by what users feel — from 2026-12-03 ("outcomes"):
- patch: no outcome changes (wording, sources, examples, messages);
- minor: what cannot change an outcome, a level or a gate result by default: new draft rules
  (announcements, shown as upcoming), renames, tags, deprecation notices, and activating a
  SHOULD/MAY rule the version before announced as a draft;
- major: everything else — new MUST rules, new SHOULD/MAY rules nobody was told about (a new
  SHOULD can move a Gold bid to Silver), relaxed or tightened parameters and levels, changed
  checks, weights, dimensions or scoring model, rules removed or retired.
Versions released before then are judged by the "legacy" policy, under which relaxations and
any new SHOULD/MAY rule were minor; lint notes where today's policy would have asked for more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks.versions import canonical, is_python
from ..model.outcome import Level, Status
from ..model.rule import Rule
from ..model.standard import StandardVersion
from .bump import CURRENT_POLICY, LEGACY_POLICY, Bump, declared_bump, policy_for
from .direction import Effect, effect, way_of

_LEVEL_RANK = {Level.MAY: 1, Level.SHOULD: 2, Level.MUST: 3}
#: Fields that change what people read, never what a check decides.
_TEXT_FIELDS = ("title", "slug", "statement", "rationale", "remediation", "sources", "examples")


@dataclass(frozen=True)
class Change:
    """One changed field, with the bump it requires and why."""

    field: str
    old: Any
    new: Any
    bump: Bump
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "bump": self.bump.label,
            "breaking": self.bump is Bump.MAJOR,
            "note": self.note,
        }


@dataclass
class RuleDiff:
    """What happened to one rule id between the two versions."""

    rule_id: str
    kind: str  # added | removed | renamed | activated | deprecated | retired | reinstated | changed
    title: str
    level: str
    changes: list[Change] = field(default_factory=list)
    old_id: str | None = None

    @property
    def bump(self) -> Bump:
        return max((c.bump for c in self.changes), default=Bump.NONE)

    @property
    def breaking(self) -> bool:
        return self.bump is Bump.MAJOR

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "title": self.title,
            "level": self.level,
            "bump": self.bump.label,
            "breaking": self.breaking,
            "changes": [c.to_dict() for c in self.changes],
        }
        if self.old_id:
            data["old_id"] = self.old_id
        return data


@dataclass
class StandardDiff:
    standard: str
    old: str
    new: str
    rules: list[RuleDiff]
    scoring: list[Change]
    metadata: list[Change]
    #: The versioning policy the changes were judged by (bump.py: "outcomes" or "legacy").
    policy: str = CURRENT_POLICY

    @property
    def declared(self) -> Bump:
        return declared_bump(self.old, self.new)

    @property
    def required(self) -> Bump:
        changes = [*self.scoring, *self.metadata, *(c for r in self.rules for c in r.changes)]
        return max((c.bump for c in changes), default=Bump.NONE)

    @property
    def ok(self) -> bool:
        """The declared version bump is at least what the changes require."""
        return self.declared >= self.required

    def breaking_changes(self) -> list[str]:
        out = [
            f"{r.rule_id}: {c.note}" for r in self.rules for c in r.changes if c.bump is Bump.MAJOR
        ]
        return out + [f"scoring: {c.note}" for c in self.scoring if c.bump is Bump.MAJOR]

    def verdict(self) -> str:
        if self.ok:
            return (
                f"{self.old} -> {self.new} declares a {self.declared.label} release; "
                f"the changes need {self.required.label}: OK"
            )
        return (
            f"{self.old} -> {self.new} declares a {self.declared.label} release, but the "
            f"changes need a {self.required.label} release"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "old": self.old,
            "new": self.new,
            "declared_bump": self.declared.label,
            "required_bump": self.required.label,
            "ok": self.ok,
            "policy": self.policy,
            "verdict": self.verdict(),
            "rules": [r.to_dict() for r in self.rules],
            "scoring": [c.to_dict() for c in self.scoring],
            "metadata": [c.to_dict() for c in self.metadata],
        }


def diff_versions(
    old: StandardVersion, new: StandardVersion, policy: str | None = None
) -> StandardDiff:
    """Every rule, scoring and metadata change from `old` to `new` (same standard), judged by
    `policy` (default: the one in force when `new` was released, see bump.py)."""
    policy = policy or policy_for(new)
    if policy not in (CURRENT_POLICY, LEGACY_POLICY):
        raise ValueError(f"unknown versioning policy {policy!r}")
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    renamed_from = {alias: r for r in new.rules for alias in r.aliases if alias not in new_rules}
    diffs: list[RuleDiff] = []
    for rule_id in sorted(set(old_rules) | set(new_rules)):
        a, b = old_rules.get(rule_id), new_rules.get(rule_id)
        if a is not None and b is not None:
            found = _rule_changed(a, b)
            if found is not None:
                diffs.append(found)
        elif b is not None:
            diffs.append(_rule_added(b))
        elif a is not None and rule_id in renamed_from:
            diffs.append(_rule_renamed(a, renamed_from[rule_id]))
        elif a is not None:
            diffs.append(_rule_removed(a))
    # A rule that took over an old id is reported once, as renamed, not also as added.
    renamed_to = {d.rule_id for d in diffs if d.kind == "renamed"}
    diffs = [d for d in diffs if not (d.kind == "added" and d.rule_id in renamed_to)]
    scoring = scoring_changes(old, new)
    if policy == CURRENT_POLICY:
        diffs = [
            _by_outcomes(d, old_rules.get(d.old_id or d.rule_id), new_rules.get(d.rule_id), old)
            for d in diffs
        ]
        scoring = [_felt(c) for c in scoring]
    return StandardDiff(
        standard=new.id,
        old=old.version,
        new=new.version,
        rules=diffs,
        scoring=scoring,
        metadata=_metadata_changes(old, new),
        policy=policy,
    )


#: Minor changes that cannot change an outcome, a level or a gate result by default.
_UNFELT_NOTES = ("new draft rule", "draft rule retired", "rule deprecated", "deprecation withdrawn")
_UNFELT_FIELDS = ("tags", "id")


def _felt(change: Change) -> Change:
    """A minor change that can change what users get becomes major under today's policy."""
    if change.bump is not Bump.MINOR:
        return change
    if change.field in _UNFELT_FIELDS or change.note.startswith(_UNFELT_NOTES):
        return change
    note = f"{change.note} — it can change an outcome, a level or a gate result"
    return Change(change.field, change.old, change.new, Bump.MAJOR, note)


def _by_outcomes(
    diff: RuleDiff, before: Rule | None, after: Rule | None, old: StandardVersion
) -> RuleDiff:
    if before is not None and before.status is Status.DRAFT:
        if diff.kind == "activated" and diff.level in ("SHOULD", "MAY"):
            # Announced as a draft (shown as upcoming) in the version before: minor.
            rest = [_felt(c) for c in diff.changes if c.field != "status"]
            status = [c for c in diff.changes if c.field == "status"]
            return RuleDiff(diff.rule_id, diff.kind, diff.title, diff.level, status + rest)
        if diff.kind == "changed":
            return diff  # a draft rule changed: it still runs nowhere by default
    runs = after is not None and after.status in (Status.ACTIVE, Status.DEPRECATED)
    if (
        diff.kind == "added"
        and runs
        and diff.bump is Bump.MINOR
        and diff.level in ("SHOULD", "MAY")
    ):
        note = (
            f"new {diff.level} rule that {old.ref} did not announce: it can move a level "
            "(announce it first as a draft rule, shown as upcoming, or release a major version)"
        )
        first = diff.changes[0]
        return RuleDiff(
            diff.rule_id,
            diff.kind,
            diff.title,
            diff.level,
            [Change(first.field, first.old, first.new, Bump.MAJOR, note)],
        )
    return RuleDiff(
        diff.rule_id,
        diff.kind,
        diff.title,
        diff.level,
        [_felt(c) for c in diff.changes],
        old_id=diff.old_id,
    )


# rules ------------------------------------------------------------------------------------------


def _new_rule_bump(rule: Rule) -> tuple[Bump, str]:
    if rule.status is Status.DRAFT:
        return Bump.MINOR, "new draft rule (runs only where a profile includes drafts)"
    if rule.status is Status.RETIRED:
        return Bump.PATCH, "new rule, already retired (never runs)"
    if rule.level is Level.MUST:
        return Bump.MAJOR, "new MUST rule: subjects that passed may now fail the gate"
    return Bump.MINOR, f"new {rule.level.value} rule"


def _rule_added(rule: Rule) -> RuleDiff:
    bump, note = _new_rule_bump(rule)
    return RuleDiff(
        rule.id,
        "added",
        rule.title,
        rule.level.value,
        [Change("rule", None, rule.status.value, bump, note)],
    )


def _rule_removed(rule: Rule) -> RuleDiff:
    change = Change(
        "rule",
        rule.status.value,
        None,
        Bump.MAJOR,
        "rule removed; ids are permanent, so retire it (status: retired) instead",
    )
    return RuleDiff(rule.id, "removed", rule.title, rule.level.value, [change])


def _rule_renamed(old: Rule, new: Rule) -> RuleDiff:
    changes = [
        Change(
            "id",
            old.id,
            new.id,
            Bump.MINOR,
            f"renamed {old.id} to {new.id} (the old id stays as an alias)",
        )
    ]
    changes += _field_changes(old, new)
    return RuleDiff(new.id, "renamed", new.title, new.level.value, changes, old_id=old.id)


def _rule_changed(old: Rule, new: Rule) -> RuleDiff | None:
    changes = _field_changes(old, new)
    if not changes:
        return None
    kind = "changed"
    if old.status is not new.status:
        kind = {
            Status.RETIRED: "retired",
            Status.DEPRECATED: "deprecated",
        }.get(new.status, "activated" if old.status is Status.DRAFT else "changed")
        if old.status is Status.RETIRED:
            kind = "reinstated"
    return RuleDiff(new.id, kind, new.title, new.level.value, changes)


def _status_change(old: Rule, new: Rule) -> Change | None:
    a, b = old.status, new.status
    if a is b:
        return None
    if a is Status.RETIRED:
        return Change(
            "status", a.value, b.value, Bump.MAJOR, "a retired id is reused; ids are never reused"
        )
    if b is Status.RETIRED:
        if a is Status.DRAFT:
            return Change("status", a.value, b.value, Bump.MINOR, "draft rule retired")
        return Change("status", a.value, b.value, Bump.MAJOR, "rule retired: it stops running")
    if a is Status.DRAFT:
        bump, note = _new_rule_bump(new)
        return Change("status", a.value, b.value, bump, note.replace("new ", "activated ", 1))
    if b is Status.DRAFT:
        return Change(
            "status", a.value, b.value, Bump.MAJOR, "rule moved back to draft: it stops running"
        )
    note = "rule deprecated (still runs)" if b is Status.DEPRECATED else "deprecation withdrawn"
    return Change("status", a.value, b.value, Bump.MINOR, note)


def _field_changes(old: Rule, new: Rule) -> list[Change]:
    changes: list[Change] = []
    status = _status_change(old, new)
    if status is not None:
        changes.append(status)
    if old.level is not new.level:
        if _LEVEL_RANK[new.level] < _LEVEL_RANK[old.level]:
            changes.append(
                Change("level", old.level.value, new.level.value, Bump.MINOR, "level relaxed")
            )
        else:
            changes.append(
                Change("level", old.level.value, new.level.value, Bump.MAJOR, "level raised")
            )
    if old.weight != new.weight:
        changes.append(
            Change("weight", old.weight, new.weight, Bump.MAJOR, "weight changes scores")
        )
    if old.dimension != new.dimension:
        note = "moved to another dimension: dimension scores change"
        changes.append(Change("dimension", old.dimension, new.dimension, Bump.MAJOR, note))
    changes += _applies_to_changes(old, new)
    changes += _param_changes(old, new)
    if _logic(old.check) != _logic(new.check):
        changes.append(
            Change("check", old.check, new.check, Bump.MAJOR, "check changed: outcomes may change")
        )
    elif old.check != new.check:
        note = "messages reworded, or a check's version spelled out (a bare name means @1)"
        changes.append(Change("check", old.check, new.check, Bump.PATCH, note))
    if old.tags != new.tags:
        note = "tags changed: profiles that select by tag may run different rules"
        changes.append(Change("tags", old.tags, new.tags, Bump.MINOR, note))
    removed_aliases = sorted(set(old.aliases) - set(new.aliases))
    if removed_aliases:
        note = f"alias(es) {', '.join(removed_aliases)} dropped: configs using them break"
        changes.append(Change("aliases", old.aliases, new.aliases, Bump.MAJOR, note))
    elif old.aliases != new.aliases:
        changes.append(Change("aliases", old.aliases, new.aliases, Bump.PATCH, "alias added"))
    if old.replaced_by != new.replaced_by:
        note = "successor named" if new.replaced_by else "successor removed"
        changes.append(Change("replaced_by", old.replaced_by, new.replaced_by, Bump.PATCH, note))
    if old.since != new.since:
        note = "`since` changed; it should record the version that introduced the rule"
        changes.append(Change("since", old.since, new.since, Bump.PATCH, note))
    for name in _TEXT_FIELDS:
        a, b = _plain(getattr(old, name)), _plain(getattr(new, name))
        if a != b:
            changes.append(Change(name, a, b, Bump.PATCH, f"{name} reworded or updated"))
    # A rule that never runs (draft, or retired in both) cannot change anyone's result by default.
    if old.status is new.status is Status.RETIRED:
        changes = [Change(c.field, c.old, c.new, min(c.bump, Bump.PATCH), c.note) for c in changes]
    elif old.status is new.status is Status.DRAFT:
        changes = [Change(c.field, c.old, c.new, min(c.bump, Bump.MINOR), c.note) for c in changes]
    return changes


def _applies_to_changes(old: Rule, new: Rule) -> list[Change]:
    added = sorted(set(new.applies_to) - set(old.applies_to))
    removed = sorted(set(old.applies_to) - set(new.applies_to))
    if not added and not removed:
        return []
    if removed:
        bump, note = Bump.MAJOR, f"no longer applies to {', '.join(removed)}"
    elif new.level is Level.MUST:
        bump, note = Bump.MAJOR, f"MUST rule now also applies to {', '.join(added)}"
    else:
        bump, note = Bump.MINOR, f"{new.level.value} rule now also applies to {', '.join(added)}"
    return [Change("applies_to", old.applies_to, new.applies_to, bump, note)]


def _param_changes(old: Rule, new: Rule) -> list[Change]:
    changes = []
    for name in sorted(set(old.params) | set(new.params)):
        a, b = old.params.get(name), new.params.get(name)
        if a == b:
            continue
        where = f"params.{name}"
        if name not in new.params:
            changes.append(Change(where, a, None, Bump.MAJOR, "parameter removed"))
            continue
        if name not in old.params:
            changes.append(Change(where, None, b, Bump.MAJOR, "parameter added"))
            continue
        found = effect(a, b, way_of(name, new.check))
        if found is Effect.RELAXED:
            changes.append(Change(where, a, b, Bump.MINOR, f"{name} relaxed"))
        elif found is Effect.TIGHTENED:
            changes.append(Change(where, a, b, Bump.MAJOR, f"{name} tightened"))
        else:
            note = f"{name} changed in a way that is not clearly a relaxation"
            changes.append(Change(where, a, b, Bump.MAJOR, note))
    return changes


def _logic(check: Any) -> Any:
    """A check without its messages, its check names spelled with their versions (a bare name
    means @1): what decides the outcome."""
    if isinstance(check, dict):
        out = {k: _logic(v) for k, v in check.items() if k != "message"}
        if isinstance(out.get("kind"), str):
            out["kind"] = canonical(out["kind"])
        if is_python(check) and isinstance(out.get("name"), str):
            out["name"] = canonical(out["name"])
        return out
    if isinstance(check, list):
        return [_logic(v) for v in check]
    return check


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.strip() if isinstance(value, str) else value


# scoring and metadata ---------------------------------------------------------------------------


def scoring_changes(old: StandardVersion, new: StandardVersion) -> list[Change]:
    a, b = old.scoring, new.scoring
    changes: list[Change] = []
    for level in sorted({*a.level_weights, *b.level_weights}, key=lambda x: x.value):
        wa, wb = a.level_weights.get(level), b.level_weights.get(level)
        if wa != wb:
            note = f"points per {level.value} rule changed: every score moves"
            changes.append(Change(f"level_weights.{level.value}", wa, wb, Bump.MAJOR, note))
    dims_a = {d.id: d for d in a.dimensions}
    dims_b = {d.id: d for d in b.dimensions}
    for dim in sorted(set(dims_a) | set(dims_b)):
        da, db = dims_a.get(dim), dims_b.get(dim)
        where = f"dimensions.{dim}"
        if db is None:
            changes.append(Change(where, dim, None, Bump.MAJOR, "dimension removed"))
        elif da is None:
            changes.append(Change(where, None, db.title, Bump.PATCH, "dimension added"))
        elif da != db:
            changes.append(Change(where, da.title, db.title, Bump.PATCH, "dimension reworded"))
    levels_a = {lv.id: lv for lv in a.levels}
    levels_b = {lv.id: lv for lv in b.levels}
    if list(levels_a) != list(levels_b):
        changes.append(
            Change(
                "levels", list(levels_a), list(levels_b), Bump.MAJOR, "conformance levels changed"
            )
        )
    for lid in [x for x in levels_a if x in levels_b]:
        la, lb = levels_a[lid], levels_b[lid]
        if la.min_score != lb.min_score:
            easier = lb.min_score < la.min_score
            changes.append(
                Change(
                    f"levels.{lid}.min_score",
                    la.min_score,
                    lb.min_score,
                    Bump.MINOR if easier else Bump.MAJOR,
                    f"{lb.title} threshold {'lowered' if easier else 'raised'}",
                )
            )
        ra, rb = {x.value for x in la.require_pass}, {x.value for x in lb.require_pass}
        if ra != rb:
            easier = rb < ra
            changes.append(
                Change(
                    f"levels.{lid}.require_pass",
                    sorted(ra),
                    sorted(rb),
                    Bump.MINOR if easier else Bump.MAJOR,
                    f"{lb.title} {'requires less' if easier else 'requires more'}",
                )
            )
        if la.title != lb.title:
            changes.append(Change(f"levels.{lid}.title", la.title, lb.title, Bump.PATCH, "renamed"))
    if a.fallback_level != b.fallback_level:
        fa, fb = a.fallback_level, b.fallback_level
        bump = Bump.PATCH if fa.id == fb.id else Bump.MAJOR
        changes.append(Change("fallback_level", fa.id, fb.id, bump, "fallback level changed"))
    return changes


def _metadata_changes(old: StandardVersion, new: StandardVersion) -> list[Change]:
    changes = []
    for name in ("title", "summary", "homepage"):
        a, b = _plain(getattr(old, name)), _plain(getattr(new, name))
        if a != b:
            changes.append(Change(name, a, b, Bump.PATCH, f"{name} updated"))
    return changes
