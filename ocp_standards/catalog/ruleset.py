"""Resolve a profile against the catalog into the exact rules, severities and params of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks.builtin import registry
from ..model.outcome import Level, Severity, Status
from ..model.profile import Profile
from ..model.rule import Rule
from ..model.standard import ScoringModel, StandardVersion
from .errors import CatalogError
from .loader import Catalog
from .params import param_problems, substitute

#: Scoring treats a rule by its effective severity, so a profile that downgrades a MUST to a
#: warning also stops it from blocking conformance levels.
SEVERITY_LEVEL = {
    Severity.ERROR: Level.MUST,
    Severity.WARNING: Level.SHOULD,
    Severity.INFO: Level.MAY,
}


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    severity: Severity
    weight: int
    params: dict[str, Any]
    check: dict[str, Any]

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def level(self) -> Level:
        return SEVERITY_LEVEL[self.severity]


@dataclass
class Ruleset:
    profile: Profile
    standards: list[StandardVersion]
    rules: list[ActiveRule]
    input_rules: dict[str, ActiveRule]
    scoring: ScoringModel
    scoring_ref: str
    notes: list[str] = field(default_factory=list)
    #: Scoring model per subject kind, when the profile maps kinds to standards.
    scoring_by_kind: dict[str, tuple[str, ScoringModel]] = field(default_factory=dict)

    def for_kind(self, kind: str) -> list[ActiveRule]:
        return [r for r in self.rules if kind in r.rule.applies_to]

    def model_for(self, kind: str) -> tuple[str, ScoringModel]:
        """(standard@version, model) that scores subjects of this kind."""
        return self.scoring_by_kind.get(kind, (self.scoring_ref, self.scoring))

    @property
    def draft(self) -> bool:
        return any(s.is_draft for s in self.standards)


def matches(rule: Rule, selector: str) -> bool:
    """Id, id prefix or tag:NAME. A renamed rule's former ids (aliases) still select it."""
    if selector.startswith("tag:"):
        return selector[4:] in rule.tags
    return any(i == selector or i.startswith(selector) for i in (rule.id, *rule.aliases))


def activate(
    rule: Rule,
    severity: Severity | None = None,
    weight: int | None = None,
    params: dict[str, Any] | None = None,
) -> ActiveRule:
    merged = {**rule.params, **(params or {})}
    return ActiveRule(
        rule=rule,
        severity=severity or rule.severity,
        weight=rule.weight if weight is None else weight,
        params=merged,
        check=substitute(rule.check, merged),
    )


def override_problems(profile: Profile, key: str, rule: Rule) -> list[str]:
    """Each overridden parameter exists and fits the parameter's schema (catalog/params.py).
    A problem names the profile file that set the value, which may be one `extends` reached."""
    params = profile.overrides[key].params
    problems = []
    unknown: dict[str, list[str]] = {}
    for name in params:
        if name not in rule.params:
            unknown.setdefault(profile.param_source(key, name), []).append(name)
    for source, names in unknown.items():
        problems.append(
            f"{source}: overrides.{key}.params: unknown parameter(s) "
            f"{', '.join(sorted(names))}; the rule has: "
            f"{', '.join(sorted(rule.params)) or 'none'}"
        )
    for where, reason in param_problems(params, rule.params, rule.params_schema):
        source = profile.param_source(key, where.split(".", 1)[0])
        problems.append(f"{source}: overrides.{key}.params.{where}: {reason}")
    return problems


def resolve_ruleset(
    catalog: Catalog,
    profile: Profile,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Ruleset:
    """Apply a (flattened) profile, then command-line select/ignore, to the catalog."""
    pins = profile.standards or {s.id: s.version for s in catalog.latest_versions()}
    standards = [catalog.get(sid, version) for sid, version in sorted(pins.items())]
    by_id = {s.id: s for s in standards}
    by_kind: dict[str, tuple[str, ScoringModel]] = {}
    if isinstance(profile.scoring, dict):
        unknown = sorted(set(profile.scoring.values()) - set(catalog.standards))
        if unknown:
            raise CatalogError(
                f"{profile.source}: scoring: unknown standard(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(catalog.standards))}"
            )
        # A mapping may name standards this profile does not pin (inherited from a parent):
        # those kinds fall back to the default model.
        default_id = profile.scoring.get("default")
        scoring_std = by_id.get(default_id or "") or standards[0]
        for kind, sid in profile.scoring.items():
            if kind != "default" and sid in by_id:
                by_kind[kind] = (by_id[sid].ref, by_id[sid].scoring)
    else:
        scoring_id = profile.scoring or standards[0].id
        found = by_id.get(scoring_id)
        if found is None:
            raise CatalogError(
                f"{profile.source}: scoring: {scoring_id!r} is not one of the pinned standards"
            )
        scoring_std = found
    candidates = [r for s in standards for r in s.rules]
    known_ids = {i for r in candidates for i in (r.id, *r.aliases)}
    problems = []
    for rule_id in profile.overrides:
        if rule_id not in known_ids:
            problems.append(
                f"{profile.source}: overrides: {rule_id!r} is not a rule of the pinned standards"
            )
    selectors = select if select is not None else profile.select
    ignores = [*profile.ignore, *(ignore or [])]
    for sel in [*(selectors or []), *ignores]:
        if not any(matches(r, sel) for r in candidates):
            problems.append(f"selector {sel!r} matches no rule of the pinned standards")
    if problems:
        raise CatalogError(problems)

    include_draft = bool(profile.include_draft)
    active: list[ActiveRule] = []
    notes: list[str] = []
    for rule in candidates:
        if rule.status is Status.RETIRED:
            continue
        if rule.status is Status.DRAFT and not include_draft:
            continue
        if selectors is not None and not any(matches(rule, s) for s in selectors):
            continue
        if any(matches(rule, s) for s in ignores):
            continue
        key = next((k for k in (rule.id, *rule.aliases) if k in profile.overrides), None)
        if key is not None:
            ov = profile.overrides[key]
            wrong = override_problems(profile, key, rule)
            activated = activate(rule, ov.severity, ov.weight, ov.params)
            if not wrong:
                # Overridden parameters must still make a valid check (e.g. a list stays a list).
                wrong = [
                    f"{profile.source}: overrides.{key}.params: {p}"
                    for p in registry().validate(activated.check)
                ]
            problems += wrong
            active.append(activated)
        else:
            active.append(activate(rule))
        if rule.status is Status.DEPRECATED:
            notes.append(
                f"{rule.id} is deprecated"
                + (f"; use {rule.replaced_by}" if rule.replaced_by else "")
            )
    if problems:
        raise CatalogError(problems)
    active.sort(key=lambda a: a.id)
    return Ruleset(
        profile=profile,
        standards=standards,
        rules=active,
        input_rules={r.id: activate(r) for r in catalog.input_rules},
        scoring=scoring_std.scoring,
        scoring_ref=scoring_std.ref,
        notes=notes,
        scoring_by_kind=by_kind,
    )
