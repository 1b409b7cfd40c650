"""Declarative check kinds: what a rule file can ask for without any Python.

Every leaf kind selects values with `path`, tests each one, and reports one finding per offending
value at its JSON pointer. What happens when the path selects nothing is the rule's choice
(`missing: fail | inapplicable | pass`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ..model.outcome import Outcome
from .base import CheckContext, CheckFinding, CheckOutcome, Hit
from .paths import dotted
from .paths import escape_token as escape
from .registry import REGISTRY, run_check

_SIMPLE_PATH = re.compile(r"^\$((\.[A-Za-z_][\w-]*)|(\[\d+\]))*$")
_PLACEHOLDER = re.compile(r"\{(path|value|params\.[A-Za-z_][\w]*)\}")
_SCALAR = {"type": ["string", "number", "integer", "boolean", "null"]}
_ANY_LIST = {"type": "array"}
_NESTED = {"type": "object"}


def shorten(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(template: str | None, default: str, pointer: str, value: Any, ctx: CheckContext) -> str:
    if not template:
        return default

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "path":
            return dotted(pointer)
        if key == "value":
            return shorten(value)
        param = ctx.params.get(key.split(".", 1)[1], m.group(0))
        if isinstance(param, list):
            return ", ".join(str(p) for p in param)
        return str(param)

    return _PLACEHOLDER.sub(sub, template)


def expected_pointer(spec: dict[str, Any], ctx: CheckContext) -> str:
    """Where a missing value should have been, for simple paths; else the current node."""
    path = spec.get("path") or "$"
    if not _SIMPLE_PATH.match(path):
        return ctx.base
    tokens = re.findall(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]", path)
    return ctx.base + "".join("/" + (name or index) for name, index in tokens)


def on_missing(spec: dict[str, Any], ctx: CheckContext, default: str = "fail") -> CheckOutcome:
    policy = spec.get("missing", default)
    if policy == "pass":
        return CheckOutcome.passed()
    pointer = expected_pointer(spec, ctx)
    what = dotted(pointer) if pointer != ctx.base else (spec.get("path") or "$")
    if policy == "inapplicable":
        return CheckOutcome.inapplicable(f"nothing at {what}")
    message = render(spec.get("message"), f"{what} is missing", pointer, None, ctx)
    return CheckOutcome.failed(CheckFinding(message, pointer))


def each_value(
    spec: dict[str, Any],
    ctx: CheckContext,
    test: Callable[[Any], str | None],
) -> CheckOutcome:
    """Apply `test` (returns a problem or None) to every value at `path`."""
    hits = ctx.find(spec.get("path"))
    if not hits:
        return on_missing(spec, ctx)
    findings = []
    for hit in hits:
        problem = test(hit.value)
        if problem is not None:
            default = f"{dotted(hit.pointer)}: {problem}"
            message = render(spec.get("message"), default, hit.pointer, hit.value, ctx)
            findings.append(CheckFinding(message, hit.pointer))
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


@REGISTRY.kind(
    "present",
    "The value exists and is not empty (null, blank text, empty list or mapping).",
    {"min_items": {"type": "integer", "minimum": 0}, "min_length": {"type": "integer"}},
)
def present(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    min_items = spec.get("min_items", 1)
    min_length = spec.get("min_length", 1)

    def test(value: Any) -> str | None:
        if value is None or value == {}:
            return "is empty"
        if isinstance(value, str) and len(value.strip()) < min_length:
            return "is blank" if not value.strip() else f"is shorter than {min_length} characters"
        if isinstance(value, list) and len(value) < min_items:
            return f"has {len(value)} item(s); at least {min_items} required"
        return None

    return each_value(spec, ctx, test)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None:
        return []
    return [value]


@REGISTRY.kind(
    "enum",
    "Every value (or list element) is one of `values` and none of `not_in`.",
    {"values": _ANY_LIST, "not_in": _ANY_LIST, "case_sensitive": {"type": "boolean"}},
)
def enum(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    allowed = spec.get("values")
    banned = spec.get("not_in") or []
    fold = not spec.get("case_sensitive", True)

    def norm(v: Any) -> Any:
        return v.casefold() if fold and isinstance(v, str) else v

    allowed_n = [norm(v) for v in allowed] if allowed is not None else None
    banned_n = [norm(v) for v in banned]

    def test(value: Any) -> str | None:
        for item in _as_list(value):
            if isinstance(item, (dict, list)):
                return "must be a single value, not a mapping or list"
            if norm(item) in banned_n:
                return f"{shorten(item)!s} is not allowed"
            if allowed_n is not None and norm(item) not in allowed_n:
                options = ", ".join(str(a) for a in allowed or [])
                return f"{shorten(item)!s} is not one of: {options}"
        if value is None or value == []:
            return "is empty"
        return None

    return each_value(spec, ctx, test)


@REGISTRY.kind(
    "contains",
    "Every value is a list holding all of `values` (e.g. an export that includes data and logs).",
    {"values": {"type": "array", "minItems": 1}, "case_sensitive": {"type": "boolean"}},
    required=("values",),
)
def contains(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    fold = not spec.get("case_sensitive", True)

    def norm(v: Any) -> Any:
        return v.casefold() if fold and isinstance(v, str) else v

    def test(value: Any) -> str | None:
        if not isinstance(value, list):
            return f"{shorten(value)} is not a list"
        have = {norm(v) for v in value if not isinstance(v, (dict, list))}
        lacking = [str(v) for v in spec["values"] if norm(v) not in have]
        return f"lacks {', '.join(lacking)}" if lacking else None

    return each_value(spec, ctx, test)


@REGISTRY.kind(
    "equals",
    "Every value equals `value`.",
    {"value": {}},
    required=("value",),
)
def equals(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    expected = spec["value"]

    def test(value: Any) -> str | None:
        if value == expected and type(value) is type(expected):
            return None
        return f"is {shorten(value)}; expected {shorten(expected)}"

    return each_value(spec, ctx, test)


@REGISTRY.kind(
    "pattern",
    "Every value is text matching the regular expression `regex` (searched, Python syntax).",
    {"regex": {"type": "string"}, "flags": {"type": "string", "pattern": "^[imsx]*$"}},
    required=("regex",),
)
def pattern(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    flags = 0
    for f in spec.get("flags", ""):
        flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}[f]
    regex = re.compile(spec["regex"], flags)

    def test(value: Any) -> str | None:
        for item in _as_list(value):
            if not isinstance(item, str):
                return f"{shorten(item)} is not text"
            if not regex.search(item):
                return f"{shorten(item)!r} does not have the expected form"
        return None if _as_list(value) else "is empty"

    return each_value(spec, ctx, test)


def _number(value: Any) -> int | float | None:
    """The value as a finite number, or None. Ints stay ints so huge values compare exactly."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


@REGISTRY.kind(
    "range",
    "Every value is a number within [min, max] (or the exclusive bounds).",
    {
        "min": {"type": "number"},
        "max": {"type": "number"},
        "exclusive_min": {"type": "number"},
        "exclusive_max": {"type": "number"},
    },
)
def number_range(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    def test(value: Any) -> str | None:
        n = _number(value)
        if n is None:
            return f"{shorten(value)} is not a number"
        if "min" in spec and n < spec["min"]:
            return f"is {_fmt(n)}; must be at least {_fmt(spec['min'])}"
        if "max" in spec and n > spec["max"]:
            return f"is {_fmt(n)}; must be at most {_fmt(spec['max'])}"
        if "exclusive_min" in spec and n <= spec["exclusive_min"]:
            return f"is {_fmt(n)}; must be more than {_fmt(spec['exclusive_min'])}"
        if "exclusive_max" in spec and n >= spec["exclusive_max"]:
            return f"is {_fmt(n)}; must be less than {_fmt(spec['exclusive_max'])}"
        return None

    return each_value(spec, ctx, test)


def _fmt(n: float) -> str:
    if isinstance(n, int):
        return str(n) if abs(n) < 10**15 else f"a {len(str(abs(n)))}-digit number"
    return str(int(n)) if n.is_integer() else str(n)


def parse_when(value: Any) -> dt.datetime | None:
    """Parse an ISO 8601 date or date-time; naive values are taken as UTC."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class BoundError(ValueError):
    pass


def _bound(value: Any, ctx: CheckContext) -> dt.datetime | None:
    if value is None:
        return None
    if value == "now":
        return ctx.now
    parsed = parse_when(value)
    if parsed is None:
        # Never ignore a misspelt bound: that would let every date pass.
        raise BoundError(f"date bound {value!r} is neither 'now' nor an ISO 8601 date")
    return parsed


@REGISTRY.kind(
    "date",
    "Every value is an ISO 8601 date/date-time within the bounds; `now` is the run's as-of date.",
    {
        "not_after": {"type": "string"},
        "not_before": {"type": "string"},
        "max_age_days": {"type": "number", "minimum": 0},
        "min_ahead_days": {"type": "number"},
    },
)
def date(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    try:
        not_after = _bound(spec.get("not_after"), ctx)
        not_before = _bound(spec.get("not_before"), ctx)
    except BoundError as exc:
        return CheckOutcome.cant_tell(str(exc))

    def test(value: Any) -> str | None:
        when = parse_when(value)
        if when is None:
            return f"{shorten(value)!r} is not an ISO 8601 date (YYYY-MM-DD)"
        day = when.date().isoformat()
        # Bounds compare whole days: "not in the future" must accept a timestamp later today.
        if not_after is not None and when.date() > not_after.date():
            return f"{day} is later than {not_after.date().isoformat()}"
        if not_before is not None and when.date() < not_before.date():
            return f"{day} is earlier than {not_before.date().isoformat()}"
        if "max_age_days" in spec:
            age = (ctx.now - when).total_seconds() / 86400
            if age > spec["max_age_days"]:
                return f"{day} is {int(age)} days old; at most {_fmt(spec['max_age_days'])} allowed"
        if "min_ahead_days" in spec:
            ahead = (when - ctx.now).total_seconds() / 86400
            if ahead < spec["min_ahead_days"]:
                return f"{day} is less than {_fmt(spec['min_ahead_days'])} days ahead"
        return None

    return each_value(spec, ctx, test)


@REGISTRY.kind(
    "json_schema",
    "Every value validates against the JSON Schema (2020-12) fragment `schema`.",
    {"schema": {"type": ["object", "boolean"]}},
    required=("schema",),
)
def json_schema(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    validator = Draft202012Validator(spec["schema"], format_checker=FormatChecker())
    hits = ctx.find(spec.get("path"))
    if not hits:
        return on_missing(spec, ctx)
    findings = []
    for hit in hits:
        for err in sorted(validator.iter_errors(hit.value), key=lambda e: list(e.absolute_path)):
            pointer = hit.pointer + "".join(f"/{escape(p)}" for p in err.absolute_path)
            default = f"{dotted(pointer)}: {shorten(err.message, 160)}"
            message = render(spec.get("message"), default, pointer, err.instance, ctx)
            findings.append(CheckFinding(message, pointer))
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


def _combine(outcomes: list[CheckOutcome]) -> CheckOutcome:
    """All must pass: failures win, then cantTell, then passed; all-inapplicable is inapplicable."""
    failed = [o for o in outcomes if o.outcome is Outcome.FAILED]
    if failed:
        return CheckOutcome(Outcome.FAILED, [f for o in failed for f in o.findings])
    unsure = [o for o in outcomes if o.outcome is Outcome.CANT_TELL]
    if unsure:
        return CheckOutcome(Outcome.CANT_TELL, reason="; ".join(o.reason or "" for o in unsure))
    if outcomes and all(o.outcome is Outcome.INAPPLICABLE for o in outcomes):
        return CheckOutcome.inapplicable(outcomes[0].reason)
    return CheckOutcome.passed()


def _with_message(outcome: CheckOutcome, spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    """A composite's own `message` replaces its children's findings with one finding."""
    if outcome.outcome is Outcome.FAILED and spec.get("message"):
        pointer = outcome.findings[0].pointer if outcome.findings else ctx.base
        text = render(spec["message"], "", pointer, None, ctx)
        return CheckOutcome.failed(CheckFinding(text, pointer))
    return outcome


@REGISTRY.kind(
    "condition",
    "If `when` passes, the result is `then`; otherwise `else` (if given) or inapplicable.",
    {"when": _NESTED, "then": _NESTED, "else": _NESTED},
    required=("when", "then"),
)
def condition(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    when = run_check(spec["when"], ctx)
    if when.outcome is Outcome.CANT_TELL:
        return when
    if when.outcome is Outcome.PASSED:
        return _with_message(run_check(spec["then"], ctx), spec, ctx)
    if "else" in spec:
        return _with_message(run_check(spec["else"], ctx), spec, ctx)
    return CheckOutcome.inapplicable("the rule's condition does not hold")


@REGISTRY.kind(
    "not",
    "Passes when `check` fails and fails when it passes (inapplicable and cantTell are kept).",
    {"check": _NESTED},
    required=("check",),
)
def negate(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    inner = run_check(spec["check"], ctx)
    if inner.outcome is Outcome.FAILED:
        return CheckOutcome.passed()
    if inner.outcome is Outcome.PASSED:
        text = render(spec.get("message"), "the condition holds but must not", ctx.base, None, ctx)
        return CheckOutcome.failed(CheckFinding(text, ctx.base))
    return inner


@REGISTRY.kind(
    "all_of",
    "Every check in `checks` passes (inapplicable parts are skipped).",
    {"checks": {"type": "array", "items": _NESTED, "minItems": 1}},
    required=("checks",),
)
def all_of(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    return _with_message(_combine([run_check(c, ctx) for c in spec["checks"]]), spec, ctx)


@REGISTRY.kind(
    "any_of",
    "At least one check in `checks` passes.",
    {"checks": {"type": "array", "items": _NESTED, "minItems": 1}},
    required=("checks",),
)
def any_of(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    outcomes = [run_check(c, ctx) for c in spec["checks"]]
    if any(o.outcome is Outcome.PASSED for o in outcomes):
        return CheckOutcome.passed()
    unsure = [o for o in outcomes if o.outcome is Outcome.CANT_TELL]
    if unsure:
        # An undecided alternative might have passed: that is cantTell, not failed.
        return CheckOutcome(Outcome.CANT_TELL, reason="; ".join(o.reason or "" for o in unsure))
    failed = [o for o in outcomes if o.outcome is Outcome.FAILED]
    if failed:
        merged = CheckOutcome(Outcome.FAILED, [f for o in failed for f in o.findings])
        return _with_message(merged, spec, ctx)
    return _combine(outcomes)


@REGISTRY.kind(
    "each",
    "Every item selected by `path` passes `check` (evaluated with `$` = the item).",
    {"check": _NESTED, "min_items": {"type": "integer", "minimum": 0}},
    required=("check",),
)
def each(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    hits: list[Hit] = ctx.find(spec.get("path"))
    # A plain path to a list means "its items"; wildcards and filters already yield items.
    simple = _SIMPLE_PATH.match(spec.get("path") or "$") is not None
    declared_empty = False
    if simple and len(hits) == 1 and isinstance(hits[0].value, list):
        parent = hits[0]
        hits = [Hit(f"{parent.pointer}/{i}", v) for i, v in enumerate(parent.value)]
        # `[]` is a declaration ("none"), unlike an absent key: it is never "missing".
        declared_empty = not hits
    min_items = spec.get("min_items", 0)
    if len(hits) < min_items:
        msg = f"{len(hits)} item(s) at {spec.get('path')}; at least {min_items} required"
        text = render(spec.get("message"), msg, expected_pointer(spec, ctx), None, ctx)
        return CheckOutcome.failed(CheckFinding(text, expected_pointer(spec, ctx)))
    if declared_empty:
        return CheckOutcome.inapplicable(f"{spec.get('path')} is an empty list")
    if not hits and _selected_from_existing_list(spec.get("path") or "$", ctx):
        # A filter or wildcard over a list that exists but has no matching item: nothing to
        # check ("all locations are public"), which is not the same as the list being absent.
        return CheckOutcome.inapplicable(f"no item of {spec.get('path')} applies")
    if not hits:
        return on_missing(spec, ctx, default="inapplicable")
    # `each`'s own message describes a missing or short list; per-item findings stay as they are.
    return _combine([run_check(spec["check"], ctx.at(h)) for h in hits])


_LAST_SELECTOR = re.compile(r"^(?P<base>.*?)(\[\?\(.*\)\]|\[\?[^\]]*\]|\[\*\])$")


def _selected_from_existing_list(path: str, ctx: CheckContext) -> bool:
    """Whether `path` ends in a filter or wildcard applied to a list that is present."""
    m = _LAST_SELECTOR.match(path.strip())
    if not m or not m.group("base"):
        return False
    return any(isinstance(h.value, list) and h.value for h in ctx.find(m.group("base")))


@REGISTRY.kind(
    "python",
    "A named Python check (for what data cannot express), called with `args`.",
    {"name": {"type": "string"}, "args": {"type": "object"}},
    required=("name",),
)
def python(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    check = REGISTRY.get_python(spec["name"])
    if check is None:
        return CheckOutcome.cant_tell(f"no python check named {spec['name']!r}")
    return check.fn(ctx, spec.get("args") or {})
