"""Load every standard version and profile, checking them before anything runs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import ValidationError

from .._version import __version__
from ..checks.builtin import registry
from ..model.profile import Profile
from ..model.rule import Rule
from ..model.standard import StandardVersion
from . import digest as digests
from .errors import CatalogError
from .files import read_yaml, schema_problems
from .params import param_problems, referenced, substitute
from .paths import profiles_dir, standards_dir

INPUT_STANDARD = "ocp-input"


#: The file recording the digest of every released bundled profile version.
RELEASED_PROFILES = "released.json"


def _semver(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@dataclass
class Catalog:
    root: Path
    standards: dict[str, dict[str, StandardVersion]] = field(default_factory=dict)
    input_rules: list[Rule] = field(default_factory=list)

    def versions(self, standard_id: str) -> list[StandardVersion]:
        return sorted(
            self.standards.get(standard_id, {}).values(), key=lambda s: _semver(s.version)
        )

    def get(self, standard_id: str, version: str | None = None) -> StandardVersion:
        if standard_id not in self.standards:
            known = ", ".join(sorted(self.standards))
            raise CatalogError(f"unknown standard {standard_id!r}; known: {known}")
        versions = self.standards[standard_id]
        if version is None or version == "latest":
            return self.versions(standard_id)[-1]
        if version not in versions:
            known = ", ".join(v.version for v in self.versions(standard_id))
            raise CatalogError(f"{standard_id} has no version {version!r}; known: {known}")
        return versions[version]

    def latest_versions(self) -> list[StandardVersion]:
        return [self.versions(sid)[-1] for sid in sorted(self.standards)]

    def all_rules(self) -> list[Rule]:
        """Rules of the latest version of every standard, then the input rules."""
        rules = [r for s in self.latest_versions() for r in s.rules]
        return rules + self.input_rules

    def find_rule(self, rule_id: str) -> Rule | None:
        """A rule by id, newest version first; a renamed rule is also found by a former id."""
        older = [
            r
            for std in self.standards.values()
            for version in sorted(std.values(), key=lambda s: _semver(s.version), reverse=True)
            for r in version.rules
        ]
        for candidates in (self.all_rules(), older):
            for rule in candidates:
                if rule.id == rule_id:
                    return rule
        for rule in [*self.all_rules(), *older]:
            if rule_id in rule.aliases:
                return rule
        return None

    # Profiles -------------------------------------------------------------------------------

    def profile_names(self) -> list[str]:
        """Bundled profile names, without versions (`procurement`, not `procurement@2026.12`)."""
        return sorted({p.stem.partition("@")[0] for p in profiles_dir().glob("*.yaml")})

    def profile_versions(self, name: str) -> list[str]:
        """The bundled versions of a profile, oldest first."""
        found = [p.stem.partition("@")[2] for p in profiles_dir().glob(f"{name}@*.yaml")]
        return sorted(found, key=_calver)

    def bundled_profile_file(self, name: str) -> Path | None:
        """`name@version` exactly; a bare `name` is an alias of its newest version (or the
        unversioned `name.yaml` of a tree that does not version its profiles)."""
        if "@" in name:
            path = profiles_dir() / f"{name}.yaml"
            return path if path.is_file() else None
        versions = self.profile_versions(name)
        if versions:
            return profiles_dir() / f"{name}@{versions[-1]}.yaml"
        plain = profiles_dir() / f"{name}.yaml"
        return plain if plain.is_file() else None

    def load_profile_file(self, path: Path, label: str | None = None) -> Profile:
        label = label or str(path)
        data = read_yaml(path, label)
        problems = schema_problems(data, "profile", label)
        if problems:
            raise CatalogError(problems)
        try:
            profile = Profile.model_validate(data)
        except ValidationError as exc:
            raise CatalogError(_pydantic_problems(exc, label)) from None
        profile.source = label
        profile.digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        profile.record_param_sources()
        return profile

    def profile(self, name_or_path: str, _seen: tuple[tuple[str, str], ...] = ()) -> Profile:
        """A profile by bundled name or file path, with `extends` flattened into it."""
        path = Path(name_or_path)
        if path.suffix in (".yaml", ".yml") and path.is_file():
            raw = self.load_profile_file(path)
            base_dir: Path | None = path.parent
            key = str(path.resolve())
        else:
            bundled = self.bundled_profile_file(name_or_path)
            if bundled is None:
                raise CatalogError(self._unknown_profile(name_or_path))
            raw = self.load_profile_file(bundled, f"profiles/{bundled.name}")
            _check_bundled_version(raw, bundled)
            base_dir = None
            key = f"bundled:{bundled.name}"
        # Loops are detected by file, not id: a city's profile may reuse the id it extends.
        if key in {k for k, _ in _seen}:
            chain = " -> ".join([*(name for _, name in _seen), raw.id])
            raise CatalogError(
                f"{raw.source}: extends: profiles extend each other in a loop ({chain})"
            )
        if not raw.extends:
            raw.chain = [raw.id]
            return raw
        parent_ref = raw.extends
        if base_dir is not None and (base_dir / parent_ref).is_file():
            parent_ref = str(base_dir / parent_ref)
        parent = self.profile(parent_ref, (*_seen, (key, raw.id)))
        return merge_profiles(parent, raw)

    def _unknown_profile(self, name: str) -> str:
        base, _, version = name.partition("@")
        if version and base in self.profile_names():
            known = ", ".join(f"{base}@{v}" for v in self.profile_versions(base))
            return f"unknown profile version {name!r}; {base} has {known}"
        return (
            f"unknown profile {name!r}; bundled profiles: {', '.join(self.profile_names())} "
            "(NAME for the newest version, NAME@VERSION to pin one, or a profile .yaml file)"
        )


def _calver(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))


def released_profiles() -> dict[str, str]:
    """`profiles/released.json`: bundled `name@version` -> sha256 of its file, frozen."""
    path = profiles_dir() / RELEASED_PROFILES
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("profiles", {}).items()}


def _check_bundled_version(profile: Profile, path: Path) -> None:
    """A versioned bundled profile is frozen: its name matches its id and version, and its bytes
    match the digest recorded when it was released."""
    base, _, version = path.stem.partition("@")
    if not version:
        return
    label = f"profiles/{path.name}"
    if profile.id != base or profile.version != version:
        raise CatalogError(
            f"{label}: id/version {profile.id}@{profile.version} does not match the file name"
        )
    recorded = released_profiles().get(path.stem)
    if recorded is None:
        raise CatalogError(
            f"{label} is not recorded in profiles/{RELEASED_PROFILES}; record it with "
            "`make profiles-lock` when the version is final"
        )
    if recorded != profile.digest:
        raise CatalogError(
            f"{label} changed after it was released ({profile.digest} is not the recorded "
            f"{recorded}); released profile versions are frozen: add a new version instead"
        )


def merge_profiles(parent: Profile, child: Profile) -> Profile:
    """Child settings win (`standards` and `select` are replaced whole when the child sets them);
    ignores accumulate; per-rule overrides merge key by key."""
    overrides = {k: v.model_copy(deep=True) for k, v in parent.overrides.items()}
    for rule_id, ov in child.overrides.items():
        if rule_id in overrides:
            base = overrides[rule_id]
            overrides[rule_id] = base.model_copy(
                update={
                    "severity": ov.severity or base.severity,
                    "weight": ov.weight if ov.weight is not None else base.weight,
                    "params": {**base.params, **ov.params},
                }
            )
        else:
            overrides[rule_id] = ov
    gate = parent.gate.model_copy(
        update={k: v for k, v in child.gate.model_dump().items() if v is not None}
    )
    merged = Profile(
        id=child.id,
        title=child.title,
        description=child.description or parent.description,
        extends=child.extends,
        standards=child.standards or parent.standards,
        scoring=child.scoring or parent.scoring,
        select=child.select if child.select is not None else parent.select,
        ignore=list(dict.fromkeys([*parent.ignore, *child.ignore])),
        include_draft=(
            child.include_draft if child.include_draft is not None else parent.include_draft
        ),
        overrides=overrides,
        gate=gate,
        version=child.version,
        source=child.source,
        digest="sha256:" + hashlib.sha256(f"{parent.digest}\n{child.digest}".encode()).hexdigest(),
        chain=[*parent.chain, child.id],
    )
    sources: dict[str, dict[str, str]] = {}
    for prof in (parent, child):
        for rule_id, ov in prof.overrides.items():
            for name in ov.params:
                sources.setdefault(rule_id, {})[name] = prof.param_source(rule_id, name)
    merged.record_param_sources(sources)
    return merged


def _pydantic_problems(exc: ValidationError, label: str) -> list[str]:
    out = []
    for err in exc.errors():
        field_path = ".".join(str(p) for p in err["loc"]) or "(top level)"
        out.append(f"{label}: {field_path}: {err['msg']}")
    return out


def _load_rule(path: Path, label: str, std: StandardVersion) -> tuple[Rule | None, list[str]]:
    data = read_yaml(path, label)
    problems = schema_problems(data, "rule", label)
    if problems:
        return None, problems
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_problems(exc, label)
    rule.standard, rule.standard_version, rule.file = std.id, std.version, label
    problems += semantic_problems(rule, std, label, expected_id=path.stem)
    return rule, problems


def semantic_problems(
    rule: Rule, std: StandardVersion | None, label: str, expected_id: str | None = None
) -> list[str]:
    """What the meta-schema cannot say: names line up, parameters exist, the check is valid."""
    problems = []
    if expected_id is not None and rule.id != expected_id:
        problems.append(f"{label}: id: {rule.id!r} does not match the file name {expected_id!r}")
    if std is not None:
        dims = {d.id for d in std.scoring.dimensions}
        if rule.dimension not in dims:
            problems.append(
                f"{label}: dimension: {rule.dimension!r} is not declared in {std.ref} "
                f"(declared: {', '.join(sorted(dims))})"
            )
        if _semver(rule.since) > _semver(std.version):
            problems.append(f"{label}: since: {rule.since} is later than {std.ref}")
    problems += _params_schema_problems(rule, label)
    for name, cited in sorted(rule.param_sources.items()):
        if name not in rule.params:
            problems.append(f"{label}: param_sources: {name!r} is not a parameter of this rule")
        if cited.source is not None and cited.source > len(rule.sources):
            problems.append(
                f"{label}: param_sources.{name}.source: {cited.source} but the rule lists "
                f"{len(rule.sources)} source(s) (1-based)"
            )
    undeclared = sorted(referenced(rule.check) - set(rule.params))
    for name in undeclared:
        problems.append(f"{label}: check: uses {{params.{name}}} but params has no {name!r}")
    if not undeclared:
        # Validate the check as it will run, with parameter values in place.
        problems += [
            f"{label}: {p}" for p in registry().validate(substitute(rule.check, rule.params))
        ]
    return problems


def _params_schema_problems(rule: Rule, label: str) -> list[str]:
    """A declared `params_schema` describes existing parameters, is valid JSON Schema, and the
    defaults fit it (an inferred schema always fits its own default)."""
    declared = rule.params_schema or {}
    problems = [
        f"{label}: params_schema.{name}: params has no {name!r}"
        for name in sorted(set(declared) - set(rule.params))
    ]
    for name, schema in sorted(declared.items()):
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            problems.append(
                f"{label}: params_schema.{name}: not a valid JSON Schema: {exc.message}"
            )
    if problems:
        return problems
    return [
        f"{label}: params.{where}: {reason}"
        for where, reason in param_problems(rule.params, rule.params, declared)
    ]


def _load_version(version_dir: Path, label: str) -> tuple[StandardVersion | None, list[str]]:
    data = read_yaml(version_dir / "standard.yaml", f"{label}/standard.yaml")
    problems = schema_problems(data, "standard", f"{label}/standard.yaml")
    if problems:
        return None, problems
    try:
        std = StandardVersion.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_problems(exc, f"{label}/standard.yaml")
    if f"{std.id}/{std.version}" != f"{version_dir.parent.name}/{version_dir.name}":
        problems.append(
            f"{label}/standard.yaml: id/version {std.id}@{std.version} does not match its folder"
        )
    if std.is_draft:
        std.digest = digests.combine(digests.compute(version_dir))
    else:
        std.digest, frozen = digests.verify(version_dir, label)
        problems += frozen
    std.path = label
    std.pin_folder(str(version_dir.resolve()))
    seen: dict[str, str] = {}
    for rule_path in sorted((version_dir / "rules").glob("*.yaml")):
        rule_label = f"{label}/rules/{rule_path.name}"
        rule, rule_problems = _load_rule(rule_path, rule_label, std)
        problems += rule_problems
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(f"{rule_label}: id: {rule.id} is already used by {seen[rule.id]}")
        if rule.slug in seen:
            problems.append(
                f"{rule_label}: slug: {rule.slug!r} is already used by {seen[rule.slug]}"
            )
        seen[rule.id] = seen[rule.slug] = rule_label
        std.rules.append(rule)
    return std, problems


def _load_input_rules() -> list[Rule]:
    path = Path(__file__).with_name("input_rules.yaml")
    data = read_yaml(path, "ocp_standards/catalog/input_rules.yaml")
    rules = []
    for item in data:
        rule = Rule.model_validate(item)
        rule.standard, rule.standard_version = INPUT_STANDARD, __version__
        rule.file = "ocp_standards/catalog/input_rules.yaml"
        rules.append(rule)
    return rules


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and validate every standard version under `root` (default: the bundled standards)."""
    root = root or standards_dir()
    if not root.is_dir():
        raise CatalogError(f"{root}: standards folder not found (is the package installed fully?)")
    catalog = Catalog(root=root, input_rules=_load_input_rules())
    problems: list[str] = []
    for std_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("ocp-")):
        for version_dir in sorted(p for p in std_dir.iterdir() if (p / "standard.yaml").is_file()):
            label = f"standards/{std_dir.name}/{version_dir.name}"
            std, found = _load_version(version_dir, label)
            problems += found
            if std is not None:
                catalog.standards.setdefault(std.id, {})[std.version] = std
    if problems:
        raise CatalogError(problems)
    return catalog


@cache
def default_catalog() -> Catalog:
    from .cache import cached

    root = standards_dir()
    return cached(root, lambda: load_catalog(root)) if root.is_dir() else load_catalog(root)
