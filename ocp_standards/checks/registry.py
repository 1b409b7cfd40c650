"""One registry for every check kind: declarative kinds usable from YAML, and named Python checks.

Each kind declares a JSON Schema for its parameters, so a typo in a rule's `check:` block is caught
when the standard is loaded (with the file and field), not when the rule first runs.

This module only holds the registry and its decorators; it imports no check. The modules of the
built-in checks import it to register themselves, and `checks/builtin.py` imports them all and
hands out the loaded registry: whoever runs or validates checks (catalogue, engine, docs) gets the
registry from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ..model.outcome import Outcome
from . import versions
from .base import CheckContext, CheckOutcome
from .check_docs import ArgDoc, CheckDoc, argument_docs, documentation_problems, parse_check_doc
from .versions import base_kind, lookup_key, ref

KindFn = Callable[[dict[str, Any], CheckContext], CheckOutcome]
PythonFn = Callable[[CheckContext, dict[str, Any]], CheckOutcome]

#: Keys every kind accepts.
COMMON_PROPERTIES: dict[str, Any] = {
    "kind": {"type": "string"},
    "path": {"type": "string"},
    "message": {"type": "string"},
    "missing": {"enum": ["fail", "inapplicable", "pass"]},
    "description": {"type": "string"},
}

#: Keys whose values are nested check specs (validated recursively).
NESTED_ONE = ("when", "then", "else", "check")
NESTED_MANY = ("checks",)


@dataclass(frozen=True)
class CheckKind:
    name: str
    summary: str
    fn: KindFn
    properties: dict[str, Any]
    required: tuple[str, ...] = ()
    version: int = 1

    @property
    def ref(self) -> str:
        """The full name of this version: `each@1`."""
        return ref(self.name, self.version)

    @property
    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {**COMMON_PROPERTIES, **self.properties},
            "required": ["kind", *self.required],
            "additionalProperties": False,
        }


@dataclass(frozen=True)
class PythonCheck:
    name: str
    summary: str
    fn: PythonFn
    args_schema: dict[str, Any] = field(default_factory=lambda: {"type": "object"})
    version: int = 1

    @property
    def ref(self) -> str:
        """The full name of this version: `has-operation@1`."""
        return ref(self.name, self.version)

    @property
    def doc(self) -> CheckDoc:
        """What it checks, why, what passes and fails: the function's docstring, parsed."""
        return parse_check_doc(self.fn.__doc__)

    @property
    def arguments(self) -> list[ArgDoc]:
        """The arguments of its args schema, each with its description and default."""
        return argument_docs(self.args_schema)


class Registry:
    """Check kinds and named Python checks, each in one or more versions.

    `kinds` and `python` are keyed by the name a rule writes: the bare name for version 1 (a
    name without `@N` means `@1`) and `NAME@N` for later versions, registered beside it
    (`versions.py`); `get_kind` / `get_python` take either spelling.

    A Python check documents itself (see check_docs.py). The shared registry records what an
    undocumented check lacks in `doc_problems` (tests/test_check_docs.py fails on it) rather
    than refusing it, so a plug-in's missing docstring never stops a run; a registry made with
    `strict_docs=True` refuses such a check when it is registered.
    """

    def __init__(self, strict_docs: bool = False) -> None:
        self.kinds: dict[str, CheckKind] = {}
        self.python: dict[str, PythonCheck] = {}
        self.strict_docs = strict_docs
        #: Python check name -> what its documentation lacks (only checks that lack something).
        self.doc_problems: dict[str, list[str]] = {}

    def kind(
        self,
        name: str,
        summary: str,
        properties: dict[str, Any],
        required: tuple[str, ...] = (),
        version: int = 1,
    ) -> Callable[[KindFn], KindFn]:
        def register(fn: KindFn) -> KindFn:
            slot = _slot(name, version)
            if slot in self.kinds:
                raise ValueError(f"check kind {ref(name, version)!r} registered twice")
            self.kinds[slot] = CheckKind(name, summary, fn, properties, required, version)
            return fn

        return register

    def python_check(
        self,
        name: str,
        summary: str,
        args_schema: dict[str, Any] | None = None,
        version: int = 1,
    ) -> Callable[[PythonFn], PythonFn]:
        def register(fn: PythonFn) -> PythonFn:
            slot = _slot(name, version)
            if slot in self.python:
                raise ValueError(f"python check {ref(name, version)!r} registered twice")
            schema = args_schema or {"type": "object"}
            problems = documentation_problems(fn, schema, summary)
            if problems and self.strict_docs:
                raise ValueError(f"python check {slot!r} is not documented: {'; '.join(problems)}")
            if problems:
                self.doc_problems[slot] = problems
            self.python[slot] = PythonCheck(name, summary, fn, schema, version)
            return fn

        return register

    def get_kind(self, spelling: Any) -> CheckKind | None:
        """The kind a rule names (`each`, `each@1`, `each@2`), or None."""
        return self.kinds.get(lookup_key(spelling)) if isinstance(spelling, str) else None

    def get_python(self, spelling: Any) -> PythonCheck | None:
        """The Python check a rule names (`has-operation`, `has-operation@2`), or None."""
        return self.python.get(lookup_key(spelling)) if isinstance(spelling, str) else None

    def validate(self, spec: Any, where: str = "check") -> list[str]:
        """Return human-readable problems with a check spec (empty when it is valid)."""
        if not isinstance(spec, dict):
            return [f"{where}: must be a mapping with a 'kind'"]
        name = spec.get("kind")
        kind = self.get_kind(name)
        if kind is None:
            known = ", ".join(sorted(self.kinds))
            return [f"{where}.kind: unknown check kind {name!r}; known kinds: {known}"]
        errors = []
        for err in Draft202012Validator(kind.schema).iter_errors(spec):
            loc = ".".join(str(p) for p in err.absolute_path)
            errors.append(f"{where}{'.' + loc if loc else ''}: {err.message}")
        if not errors:
            errors += _value_problems(spec, where)
        if kind.name == "python":
            pname = spec.get("name")
            check = self.get_python(pname)
            if check is None:
                known = ", ".join(sorted(self.python))
                errors.append(f"{where}.name: unknown python check {pname!r}; known: {known}")
            else:
                validator = Draft202012Validator(check.args_schema)
                for err in validator.iter_errors(spec.get("args", {})):
                    loc = ".".join(str(p) for p in err.absolute_path)
                    errors.append(f"{where}.args{'.' + loc if loc else ''}: {err.message}")
                errors += _regex_arg_problems(check.args_schema, spec.get("args"), f"{where}.args")
        for key in NESTED_ONE:
            if key in spec:
                errors += self.validate(spec[key], f"{where}.{key}")
        for key in NESTED_MANY:
            for i, sub in enumerate(spec.get(key) or []):
                errors += self.validate(sub, f"{where}.{key}[{i}]")
        return errors


def _value_problems(spec: dict[str, Any], where: str) -> list[str]:
    """Problems a type check cannot see: paths, regexes, date bounds and schemas that won't work."""
    from .paths import PathError, compile_path

    problems = []
    if isinstance(spec.get("path"), str):
        try:
            compile_path(spec["path"])
        except PathError as exc:
            problems.append(f"{where}.path: {exc}")
    kind = base_kind(spec)
    if kind == "pattern":
        try:
            re.compile(spec["regex"])
        except re.error as exc:
            problems.append(f"{where}.regex: invalid regular expression: {exc}")
    if kind == "date":
        for key in ("not_after", "not_before"):
            bound = spec.get(key)
            if bound is not None and bound != "now" and not _is_iso_date(bound):
                problems.append(f"{where}.{key}: {bound!r} is neither 'now' nor an ISO 8601 date")
    if kind == "json_schema":
        try:
            Draft202012Validator.check_schema(spec["schema"])
        except SchemaError as exc:
            problems.append(f"{where}.schema: not a valid JSON Schema: {exc.message}")
    return problems


def _regex_arg_problems(schema: dict[str, Any], args: Any, where: str) -> list[str]:
    """Arguments declared as lists of regular expressions (`items: {format: regex}`) that do
    not compile. A `{params.x}` placeholder is checked once the profile's value is in."""
    props = schema.get("properties")
    if not isinstance(args, dict) or not isinstance(props, dict):
        return []
    problems = []
    for key, value in args.items():
        prop = props.get(key)
        items = prop.get("items") if isinstance(prop, dict) else None
        if not isinstance(items, dict) or items.get("format") != "regex":
            continue
        for i, pattern in enumerate(value if isinstance(value, list) else []):
            if not isinstance(pattern, str):
                continue
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{where}.{key}.{i}: invalid regular expression: {exc}")
    return problems


def _slot(name: str, version: int) -> str:
    if "@" in name or version < 1:
        raise ValueError(
            f"check {name!r}: give the version as `version=N` (N >= 1), not in the name"
        )
    return versions.key(name, version)


def _is_iso_date(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


REGISTRY = Registry()
python_check = REGISTRY.python_check


def run_check(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    """Run one check spec. Unknown kinds give cantTell: the catalog should have refused them.

    The kinds are those registered so far: import `checks.builtin` for the built-in ones."""
    kind = REGISTRY.get_kind(spec.get("kind", ""))
    if kind is None:
        return CheckOutcome(Outcome.CANT_TELL, reason=f"unknown check kind {spec.get('kind')!r}")
    return kind.fn(spec, ctx)
