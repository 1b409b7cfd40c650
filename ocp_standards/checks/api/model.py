"""The API description as the API checks read it: an OpenAPI 3.x / Swagger 2.0 document.

`OpenApi` is what every API check receives (see common.py); the functions below are the
read-only helpers it is made of, each taking the document as a plain mapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from ...sources.refs import resolve_pointer
from ..paths import escape_token

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_MAX_DEREF = 32


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    op: dict[str, Any]
    item: dict[str, Any]
    pointer: str

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def is_swagger2(spec: Any) -> bool:
    return isinstance(spec, dict) and str(spec.get("swagger", "")) == "2.0"


def deref(spec: Any, node: Any) -> Any:
    """Follow internal `#/...` references (with a cycle guard); anything else is returned as is."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or seen > _MAX_DEREF:
            return node
        seen += 1
        try:
            node = resolve_pointer(spec, ref[1:])
        except KeyError:
            return {}
    return node


def operations(spec: Any) -> Iterator[Operation]:
    paths = spec.get("paths") if isinstance(spec, dict) else None
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        item = deref(spec, item)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield Operation(
                    str(path), method, op, item, f"/paths/{escape_token(path)}/{method}"
                )


def security_schemes(spec: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(spec, dict):
        return {}
    if is_swagger2(spec):
        raw = spec.get("securityDefinitions")
    else:
        comps = spec.get("components")
        raw = comps.get("securitySchemes") if isinstance(comps, dict) else None
    if not isinstance(raw, dict):
        return {}
    return {str(k): deref(spec, v) for k, v in raw.items() if isinstance(deref(spec, v), dict)}


def effective_security(spec: Any, op: dict[str, Any]) -> list[Any]:
    """The security requirements that apply to an operation (operation-level wins)."""
    sec = op.get("security", spec.get("security") if isinstance(spec, dict) else None)
    return sec if isinstance(sec, list) else []


def is_anonymous(spec: Any, op: dict[str, Any]) -> bool:
    """No requirement, or an empty alternative (`{}`) that allows anonymous access."""
    reqs = effective_security(spec, op)
    return not reqs or any(isinstance(r, dict) and not r for r in reqs)


def parameters(spec: Any, operation: Operation) -> list[tuple[dict[str, Any], str]]:
    """Path-level and operation-level parameters, dereferenced, with their pointers."""
    out: list[tuple[dict[str, Any], str]] = []
    for owner, base in (
        (operation.item, operation.pointer.rsplit("/", 1)[0]),
        (operation.op, operation.pointer),
    ):
        raw = owner.get("parameters")
        if isinstance(raw, list):
            for i, p in enumerate(raw):
                param = deref(spec, p)
                if isinstance(param, dict):
                    out.append((param, f"{base}/parameters/{i}"))
    return out


def responses(operation: Operation) -> Iterator[tuple[str, Any, str]]:
    raw = operation.op.get("responses")
    if isinstance(raw, dict):
        for code, resp in raw.items():
            yield str(code), resp, f"{operation.pointer}/responses/{escape_token(code)}"


def response_schemas(spec: Any, operation: Operation) -> Iterator[tuple[str, str, Any, str]]:
    """(status code, media type, schema, pointer) for every response body."""
    for code, resp, ptr in responses(operation):
        resp = deref(spec, resp)
        if not isinstance(resp, dict):
            continue
        if is_swagger2(spec):
            if "schema" in resp:
                media = ",".join(operation.op.get("produces") or spec.get("produces") or [])
                yield code, media or "application/json", resp["schema"], f"{ptr}/schema"
            continue
        content = resp.get("content")
        if isinstance(content, dict):
            for media, body in content.items():
                if isinstance(body, dict) and "schema" in body:
                    yield (
                        code,
                        str(media),
                        body["schema"],
                        (f"{ptr}/content/{escape_token(media)}/schema"),
                    )


def walk_schema(
    spec: Any, schema: Any, pointer: str, seen: set[int] | None = None
) -> Iterator[tuple[dict[str, Any], str]]:
    """Every (sub)schema reachable from `schema`, internal references followed once."""
    seen = set() if seen is None else seen
    node = deref(spec, schema)
    if not isinstance(node, dict) or id(node) in seen:
        return
    seen.add(id(node))
    yield node, pointer
    props = node.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            yield from walk_schema(spec, sub, f"{pointer}/properties/{escape_token(name)}", seen)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            yield from walk_schema(spec, node[key], f"{pointer}/{key}", seen)
    for key in ("allOf", "anyOf", "oneOf"):
        subs = node.get(key)
        if isinstance(subs, list):
            for i, sub in enumerate(subs):
                yield from walk_schema(spec, sub, f"{pointer}/{key}/{i}", seen)


def all_schemas(spec: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Component/definition schemas and every response schema, each walked once."""
    seen: set[int] = set()
    if is_swagger2(spec):
        defs = spec.get("definitions")
        base = "/definitions"
    else:
        comps = spec.get("components") if isinstance(spec, dict) else None
        defs = comps.get("schemas") if isinstance(comps, dict) else None
        base = "/components/schemas"
    if isinstance(defs, dict):
        for name, sub in defs.items():
            yield from walk_schema(spec, sub, f"{base}/{escape_token(name)}", seen)
    for operation in operations(spec):
        for _code, _media, schema, ptr in response_schemas(spec, operation):
            yield from walk_schema(spec, schema, ptr, seen)


def has_marker(node: Any, key: str, depth: int = 0) -> bool:
    """Whether `key: true` appears anywhere below `node` (bounded depth)."""
    if depth > 64:
        return False
    if isinstance(node, dict):
        if node.get(key) is True:
            return True
        return any(has_marker(v, key, depth + 1) for v in node.values())
    if isinstance(node, list):
        return any(has_marker(v, key, depth + 1) for v in node)
    return False


def schema_type(schema: dict[str, Any]) -> set[str]:
    t = schema.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return {str(x) for x in t}
    return set()


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.I) is not None


class RefProblem(Protocol):
    """A reference the loader did not join in (refused, missing, circular …), where it was."""

    @property
    def pointer(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass(frozen=True)
class OpenApi:
    """An API description, read-only: the document as read, what the loader could not join in,
    and where a JSON pointer lies in the source files.

    `spec` is the document when it is a mapping and an empty mapping otherwise, so a check that
    judges whatever it is given sees a description without operations, schemes or schemas.
    """

    #: The (joined) document as read: normally a mapping, but any JSON value.
    document: Any
    #: References to other files that the loader refused or could not find.
    ref_problems: Sequence[RefProblem] = ()
    #: JSON pointer -> {"path": source file, "line": …} (empty when unknown); None when the
    #: subject cannot tell.
    locate: Callable[[str], dict[str, Any]] | None = field(default=None, compare=False)

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.document, dict)

    @cached_property
    def spec(self) -> dict[str, Any]:
        return self.document if isinstance(self.document, dict) else {}

    @cached_property
    def swagger2(self) -> bool:
        return is_swagger2(self.spec)

    @property
    def info(self) -> dict[str, Any] | None:
        info = self.spec.get("info")
        return info if isinstance(info, dict) else None

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation of every path item, in document order."""
        return tuple(operations(self.spec))

    @cached_property
    def security_schemes(self) -> dict[str, dict[str, Any]]:
        return security_schemes(self.spec)

    @property
    def schemes_pointer(self) -> str:
        """Where security schemes are declared: Swagger 2.0 or OpenAPI 3."""
        return "/securityDefinitions" if self.swagger2 else "/components/securitySchemes"

    def deref(self, node: Any) -> Any:
        return deref(self.spec, node)

    def marks(self, key: str) -> bool:
        """Whether `key: true` appears anywhere in the description."""
        return has_marker(self.spec, key)

    def effective_security(self, operation: Operation) -> list[Any]:
        return effective_security(self.spec, operation.op)

    def is_anonymous(self, operation: Operation) -> bool:
        return is_anonymous(self.spec, operation.op)

    def parameters(self, operation: Operation) -> list[tuple[dict[str, Any], str]]:
        return parameters(self.spec, operation)

    def response_schemas(self, operation: Operation) -> Iterator[tuple[str, str, Any, str]]:
        return response_schemas(self.spec, operation)

    def walk_schema(self, schema: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
        return walk_schema(self.spec, schema, pointer)

    def all_schemas(self) -> Iterator[tuple[dict[str, Any], str]]:
        return all_schemas(self.spec)
