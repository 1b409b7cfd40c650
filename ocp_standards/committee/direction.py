"""Is a parameter change a relaxation or a tightening? Decided from where the check uses it.

A list that `enum.values` accepts from may grow (more values pass: relaxed); a `range.max` may
rise. Where the check gives no answer (a Python check's argument), a parameter's name decides
(`max_*`, `min_*`, `allowed_*`...). When nothing tells, the change counts as tightening: a
version that claims too little breaks cities' gates, one that claims too much costs a number.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from ..checks.versions import base_kind

_WHOLE = re.compile(r"^\{params\.([A-Za-z_]\w*)\}$")


class Way(Enum):
    """How a parameter relaxes the rule."""

    GROWS = "grows"  # a larger number / more list items lets more subjects pass
    SHRINKS = "shrinks"  # a smaller number / fewer list items lets more subjects pass


#: (check kind, key) -> how the value relaxes.
_BY_USE: dict[tuple[str, str], Way] = {
    ("enum", "values"): Way.GROWS,
    ("enum", "not_in"): Way.SHRINKS,
    ("contains", "values"): Way.SHRINKS,
    ("range", "max"): Way.GROWS,
    ("range", "exclusive_max"): Way.GROWS,
    ("range", "min"): Way.SHRINKS,
    ("range", "exclusive_min"): Way.SHRINKS,
    ("date", "max_age_days"): Way.GROWS,
    ("date", "min_ahead_days"): Way.SHRINKS,
    ("present", "min_items"): Way.SHRINKS,
    ("present", "min_length"): Way.SHRINKS,
    ("each", "min_items"): Way.SHRINKS,
}

_BY_NAME: list[tuple[re.Pattern[str], Way]] = [
    (re.compile(r"^(max|maximum)_"), Way.GROWS),
    (re.compile(r"^(min|minimum)_"), Way.SHRINKS),
    (re.compile(r"^(allowed|accepted|permitted|open)_"), Way.GROWS),
    (re.compile(r"^(required|forbidden|banned)(_|$)"), Way.SHRINKS),
]


class Effect(Enum):
    RELAXED = "relaxed"
    TIGHTENED = "tightened"
    UNKNOWN = "unknown"


def uses(check: Any, kind: str = "") -> dict[str, set[tuple[str, str]]]:
    """Every (check kind, key) at which each parameter is substituted as a whole value."""
    found: dict[str, set[tuple[str, str]]] = {}

    def walk(node: Any, kind: str) -> None:
        if isinstance(node, dict):
            kind = base_kind(node) or kind
            for key, value in node.items():
                m = _WHOLE.match(value) if isinstance(value, str) else None
                if m:
                    found.setdefault(m.group(1), set()).add((kind, str(key)))
                else:
                    walk(value, kind)
        elif isinstance(node, list):
            for item in node:
                walk(item, kind)

    walk(check, kind)
    return found


def way_of(name: str, check: dict[str, Any]) -> Way | None:
    """How parameter `name` relaxes the rule, or None when its uses disagree or say nothing."""
    ways = {_BY_USE.get(use) for use in uses(check).get(name, set())}
    ways.discard(None)
    if len(ways) == 1:
        return ways.pop()
    if ways:
        return None  # used both ways: no single direction
    for pattern, way in _BY_NAME:
        if pattern.search(name):
            return way
    return None


def effect(old: Any, new: Any, way: Way | None) -> Effect:
    """Whether moving a parameter from `old` to `new` relaxes or tightens the rule."""
    if way is None:
        return Effect.UNKNOWN
    grew: bool | None = None
    if _is_number(old) and _is_number(new):
        grew = new > old
    elif isinstance(old, list) and isinstance(new, list):
        a, b = _keys(old), _keys(new)
        if a <= b:
            grew = True
        elif b <= a:
            grew = False
    if grew is None:
        return Effect.UNKNOWN
    return Effect.RELAXED if grew == (way is Way.GROWS) else Effect.TIGHTENED


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _keys(items: list[Any]) -> set[str]:
    return {repr(i) for i in items}
