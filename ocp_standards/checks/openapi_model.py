"""Read-only helpers over an OpenAPI 3.x / Swagger 2.0 document, shared by the API checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..sources.refs import resolve_pointer
from .paths import escape_token

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
