"""`ocp standards lint`: is a standards tree fit to release and to be relied on?

Loading the tree checks the meta-schemas, names, parameters, check definitions and the digests
of released versions. On a loadable tree, lint then checks what only the history shows: ids
never disappear or come back, references resolve, examples behave as declared, and every
version's number is at least as big as its changes require.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog, load_catalog
from ..checks.versions import canonical, has_explicit_version, is_python, nested_specs
from ..model.outcome import Status
from ..model.standard import StandardVersion
from .bump import LEGACY_POLICY, POLICY_SINCE, grandfathered
from .diff import diff_versions
from .examples import example_problems

#: Problem codes: stable, so a committee's CI can grep for them.
CODES = {
    "L001": "a file breaks the meta-schema, names or digest of its version",
    "L010": "a rule id disappeared without a retired entry",
    "L011": "a retired id was reused",
    "L012": "an alias collides with an id or another alias",
    "L013": "`since` is inconsistent with the history",
    "L020": "a reference (replaced_by, previous) points nowhere",
    "L030": "a source is listed twice",
    "L040": "an example does not behave as declared",
    "L050": "the version number is smaller than the changes require",
    "L060": "a source does not say where in it (locator) or how the rule relates to it (basis)",
    "L061": "a numeric parameter neither cites a source nor is marked a policy default",
    "L070": "a rule names a Python check without its version (`name: has-operation@1`)",
}

#: Versions released before this day predate the citation and versioning policies: lint notes
#: what they lack once per version and does not fail or warn on them (docs/versioning.md).
CITATION_POLICY_SINCE = POLICY_SINCE


@dataclass(frozen=True)
class LintProblem:
    code: str
    severity: str  # error | warning | note (a note never fails; LintResult keeps notes apart)
    where: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "where": self.where,
            "message": self.message,
        }

    def line(self) -> str:
        return f"{self.where}: {self.code} {self.severity}: {self.message}"


@dataclass
class LintResult:
    root: Path
    problems: list[LintProblem]
    versions: int = 0
    rules: int = 0
    #: What grandfathered versions lack (never fails, never a warning).
    notes: list[LintProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[LintProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[LintProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": str(self.root),
            "versions": self.versions,
            "rules": self.rules,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notes": [p.to_dict() for p in self.notes],
            "problems": [p.to_dict() for p in self.problems],
        }


def lint_tree(root: Path, now: dt.datetime) -> LintResult:
    try:
        catalog = load_catalog(root)
    except CatalogError as exc:
        problems = [_from_loader(p) for p in exc.problems]
        return LintResult(root, problems)
    return lint_catalog(catalog, now)


def lint_catalog(catalog: Catalog, now: dt.datetime) -> LintResult:
    problems: list[LintProblem] = []
    versions = rules = 0
    for sid in sorted(catalog.standards):
        history = catalog.versions(sid)
        for i, std in enumerate(history):
            versions += 1
            rules += len(std.rules)
            previous = history[i - 1] if i else None
            known = {v.version for v in history}
            problems += version_problems(std, previous, now, known)
    notes = [p for p in problems if p.severity == "note"]
    problems = [p for p in problems if p.severity != "note"]
    return LintResult(catalog.root, problems, versions, rules, notes)


def version_problems(
    std: StandardVersion,
    previous: StandardVersion | None,
    now: dt.datetime,
    known: set[str] | None = None,
) -> list[LintProblem]:
    """Everything lint checks about one version, given the version before it and the versions
    of its standard (`known`)."""
    return [
        *_reference_problems(std, previous, known or {std.version}),
        *_alias_problems(std),
        *_source_problems(std),
        *_citation_problems(std),
        *_check_version_problems(std),
        *_example_problems(std, now),
        *(_history_problems(previous, std) if previous is not None else []),
    ]


def _check_version_problems(std: StandardVersion) -> list[LintProblem]:
    """L070: a version under today's policy names each Python check with its version, so the
    rule keeps meaning that version when a later one is registered (docs/versioning.md)."""
    if grandfathered(std):
        return []  # released before checks had versions: a bare name means @1
    found = []
    for rule in std.rules:
        for name in _python_spellings(rule.check):
            if not has_explicit_version(name):
                found.append(
                    LintProblem(
                        "L070",
                        "warning",
                        rule.file,
                        f"python check {name!r} named without a version: write "
                        f"`name: {canonical(name)}` (a bare name means @1)",
                    )
                )
    return found


def _python_spellings(spec: Any) -> list[str]:
    """The names of the Python checks in a check spec, as the rule spells them (once each)."""
    found: list[str] = []
    if isinstance(spec, dict):
        if is_python(spec) and isinstance(spec.get("name"), str):
            found.append(spec["name"])
        for sub in nested_specs(spec):
            found += _python_spellings(sub)
    return list(dict.fromkeys(found))


def _from_loader(problem: str) -> LintProblem:
    where, _, message = problem.partition(": ")
    return LintProblem("L001", "error", where, message or problem)


def _rule_label(std: StandardVersion, rule_id: str) -> str:
    return f"{std.path or std.ref}/rules/{rule_id}.yaml"


def _reference_problems(
    std: StandardVersion, previous: StandardVersion | None, known: set[str]
) -> list[LintProblem]:
    ids = {r.id for r in std.rules} | {a for r in std.rules for a in r.aliases}
    out = []
    for rule in std.rules:
        target = rule.replaced_by
        if target is None:
            continue
        if target == rule.id:
            out.append(
                LintProblem("L020", "error", rule.file, "replaced_by: a rule cannot replace itself")
            )
        elif target not in ids:
            out.append(
                LintProblem(
                    "L020",
                    "error",
                    rule.file,
                    f"replaced_by: {target} is not a rule of {std.ref}",
                )
            )
        elif any(r.id == target and r.status is Status.RETIRED for r in std.rules):
            out.append(
                LintProblem("L020", "warning", rule.file, f"replaced_by: {target} is retired")
            )
    meta = f"{std.path or std.ref}/standard.yaml"
    expected = previous.version if previous is not None else None
    if std.previous != expected:
        unknown = std.previous is not None and std.previous not in known
        what = f"names {std.previous}" if std.previous else "is empty"
        out.append(
            LintProblem(
                "L020",
                "error" if unknown else "warning",
                meta,
                f"previous: {what}; the version before {std.version} is {expected or 'none'}",
            )
        )
    return out


def _alias_problems(std: StandardVersion) -> list[LintProblem]:
    ids = {r.id for r in std.rules}
    seen = Counter(a for r in std.rules for a in r.aliases)
    out = []
    for rule in std.rules:
        for alias in rule.aliases:
            if alias in ids:
                out.append(
                    LintProblem(
                        "L012",
                        "error",
                        rule.file,
                        f"aliases: {alias} is also the id of a rule in {std.ref}",
                    )
                )
            elif seen[alias] > 1:
                out.append(
                    LintProblem(
                        "L012", "error", rule.file, f"aliases: {alias} is claimed by two rules"
                    )
                )
    return out


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, list | tuple):
        return any(_numeric(v) for v in value)
    if isinstance(value, dict):
        return any(_numeric(v) for v in value.values())
    return False


def _citation_problems(std: StandardVersion) -> list[LintProblem]:
    """Every source says where (locator) and how the rule relates to it (basis); every number a
    rule's parameters carry cites its source or says it is our policy default."""
    found: list[LintProblem] = []
    for rule in std.rules:
        if rule.status is Status.RETIRED:
            continue
        for i, source in enumerate(rule.sources, 1):
            missing = [f for f in ("locator", "basis") if getattr(source, f) is None]
            if missing:
                found.append(
                    LintProblem(
                        "L060",
                        "warning",
                        rule.file,
                        f"sources[{i}] {source.url}: no {' and no '.join(missing)}",
                    )
                )
        for name, value in sorted(rule.params.items()):
            if _numeric(value) and name not in rule.param_sources:
                found.append(
                    LintProblem(
                        "L061",
                        "warning",
                        rule.file,
                        f"params.{name} = {value!r}: cite its source in param_sources.{name} "
                        "(source, locator) or mark it `policy: <why>`",
                    )
                )
    if not grandfathered(std) or not found:
        return found
    counts = Counter(p.code for p in found)
    return [
        LintProblem(
            "L060",
            "note",
            f"{std.path or std.ref}/standard.yaml",
            f"released {std.released}, before the citation policy of "
            f"{CITATION_POLICY_SINCE}: {counts['L060']} source(s) without locator or basis and "
            f"{counts['L061']} numeric parameter(s) without a cited source; grandfathered",
        )
    ]


def _source_problems(std: StandardVersion) -> list[LintProblem]:
    out = []
    for rule in std.rules:
        urls = Counter(s.url.rstrip("/") for s in rule.sources)
        if not rule.sources:
            out.append(LintProblem("L030", "error", rule.file, "sources: none listed"))
        for url, n in sorted(urls.items()):
            if n > 1:
                out.append(
                    LintProblem("L030", "warning", rule.file, f"sources: {url} is listed {n} times")
                )
    return out


def _example_problems(std: StandardVersion, now: dt.datetime) -> list[LintProblem]:
    return [
        LintProblem("L040", "error", rule.file, message)
        for rule in std.rules
        for message in example_problems(rule, now, std)
    ]


def _history_problems(old: StandardVersion, new: StandardVersion) -> list[LintProblem]:
    """Ids, `since` and the version number, judged against the version before."""
    out = []
    new_rules = {r.id: r for r in new.rules}
    aliases = {a for r in new.rules for a in r.aliases}
    for rule in old.rules:
        later = new_rules.get(rule.id)
        if later is None and rule.id not in aliases:
            out.append(
                LintProblem(
                    "L010",
                    "error",
                    _rule_label(new, rule.id),
                    f"{rule.id} exists in {old.ref} but not in {new.ref}; ids are permanent: keep "
                    "the file with `status: retired` (or list the id in the successor's aliases)",
                )
            )
            continue
        if later is None:
            continue
        if rule.status is Status.RETIRED and later.status is not Status.RETIRED:
            out.append(
                LintProblem(
                    "L011",
                    "error",
                    later.file,
                    f"{rule.id} was retired in {old.ref}; a retired id is never reused",
                )
            )
        if later.since != rule.since:
            out.append(
                LintProblem(
                    "L013",
                    "error",
                    later.file,
                    f"since: {later.since}, but {old.ref} says {rule.since}; `since` never changes",
                )
            )
    old_ids = {r.id for r in old.rules}
    for rule in new.rules:
        if rule.id not in old_ids and rule.since != new.version and not rule.aliases:
            out.append(
                LintProblem(
                    "L013",
                    "warning",
                    rule.file,
                    f"since: {rule.since}, but the rule is new in {new.ref}",
                )
            )
    diff = diff_versions(old, new)
    if diff.policy == LEGACY_POLICY:
        today = diff_versions(old, new, policy="outcomes")
        if not today.ok:
            out.append(
                LintProblem(
                    "L050",
                    "note",
                    f"{new.path or new.ref}/standard.yaml",
                    f"released before the versioning policy of {POLICY_SINCE}; under it, "
                    f"{today.verdict()} ({'; '.join(today.breaking_changes())}); grandfathered",
                )
            )
    if not diff.ok:
        reasons = "; ".join(diff.breaking_changes()) or "; ".join(
            f"{r.rule_id}: {c.note}"
            for r in diff.rules
            for c in r.changes
            if c.bump > diff.declared
        )
        out.append(
            LintProblem(
                "L050",
                "error",
                f"{new.path or new.ref}/standard.yaml",
                f"{diff.verdict()} ({reasons})",
            )
        )
    return out
