"""Check versions: how a rule names the version of a check it uses.

A check kind (`each`, `enum` …) and a named Python check (`has-operation` …) are each registered
with a version. A rule names one as `NAME@N` (`kind: each@2`, `name: has-operation@2`); a name
without a version means `@1`, so the rule files of released versions, written before checks had
versions, keep meaning the implementations they were released with. Changing what a check decides
means registering `NAME@2` beside `NAME@1` (docs/versioning.md, "Checks are versioned too").

Pure string handling: it imports no check and no registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

#: The version a name without `@N` means.
DEFAULT_VERSION = 1

_REF = re.compile(r"^(?P<name>[^@\s]+)@(?P<version>[1-9][0-9]*)$")

#: Keys whose values are nested check specs (as in registry.NESTED_ONE / NESTED_MANY).
_NESTED_ONE = ("when", "then", "else", "check")
_NESTED_MANY = ("checks",)


def parse_ref(spelling: str) -> tuple[str, int]:
    """`"has-operation@2"` -> `("has-operation", 2)`; `"has-operation"` -> `(…, 1)`."""
    m = _REF.match(spelling)
    if m:
        return m.group("name"), int(m.group("version"))
    return spelling, DEFAULT_VERSION


def key(name: str, version: int) -> str:
    """The key a check version is registered under: the bare name for `@1` (what a name
    without a version means), `NAME@N` from version 2 on."""
    return name if version == DEFAULT_VERSION else f"{name}@{version}"


def lookup_key(spelling: str) -> str:
    """The registry key of a name as a rule writes it (`x@1` and `x` are the same check)."""
    return key(*parse_ref(spelling))


def ref(name: str, version: int) -> str:
    """The full name of a check version: `each@1`."""
    return f"{name}@{version}"


def canonical(spelling: str) -> str:
    """A name as a rule writes it, with its version spelled out: `each` -> `each@1`."""
    return ref(*parse_ref(spelling))


def base_kind(spec: Any) -> str | None:
    """The kind's name without its version (`each@2` -> `each`), or None when there is none."""
    kind = spec.get("kind") if isinstance(spec, dict) else None
    return parse_ref(kind)[0] if isinstance(kind, str) else None


def is_python(spec: Any) -> bool:
    """Whether a spec is a `kind: python` check (any version of the `python` kind)."""
    return base_kind(spec) == "python"


def has_explicit_version(spelling: str) -> bool:
    return _REF.match(spelling) is not None


def nested_specs(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The check specs directly inside `spec` (`check`, `when`/`then`/`else`, `checks`)."""
    for name in _NESTED_ONE:
        if isinstance(spec.get(name), dict):
            yield spec[name]
    for name in _NESTED_MANY:
        for sub in spec.get(name) or []:
            if isinstance(sub, dict):
                yield sub


def check_refs(spec: Any) -> list[str]:
    """Every check version a (possibly nested) check spec uses, in order of first use:
    kinds as `each@1`, named Python checks as `python:has-operation@1`."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        kind = node.get("kind")
        if isinstance(kind, str):
            found.append(canonical(kind))
            if is_python(node) and isinstance(node.get("name"), str):
                found.append("python:" + canonical(node["name"]))
        for sub in nested_specs(node):
            walk(sub)

    walk(spec)
    return list(dict.fromkeys(found))
