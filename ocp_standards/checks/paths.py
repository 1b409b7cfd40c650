"""JSONPath evaluation that returns RFC 6901 pointers, so every finding can be located."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonpath_ng import Child, Fields, Index, Root, This
from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
from jsonpath_ng.ext import parse

from ..model.pointer import escape as escape_token
from ..model.pointer import unescape


class PathError(ValueError):
    pass


@lru_cache(maxsize=2048)
def compile_path(expr: str) -> Any:
    try:
        return parse(expr)
    except (
        JsonPathLexerError,
        JsonPathParserError,
        Exception,
    ) as exc:  # ply raises plain Exception
        raise PathError(f"invalid JSONPath {expr!r}: {exc}") from None


def _tokens(path: Any) -> list[str]:
    if isinstance(path, Child):
        return _tokens(path.left) + _tokens(path.right)
    if isinstance(path, Fields):
        return [str(f) for f in path.fields]
    if isinstance(path, Index):
        # jsonpath-ng >= 1.7 holds `indices`; older releases a single `index`.
        indices = getattr(path, "indices", None) or (path.index,)  # type: ignore[attr-defined]
        return [str(indices[0])]
    if isinstance(path, (Root, This)):
        return []
    return [str(path)]


def find(expr: str, node: Any, base: str = "") -> list[tuple[str, Any]]:
    """(pointer, value) for every match of `expr` on `node`; pointers are prefixed by `base`."""
    if expr in ("$", "@", ""):
        return [(base, node)]
    matches = compile_path(expr).find(node)
    out = []
    for m in matches:
        tokens = _absolute(_tokens(m.full_path), node)
        pointer = base + "".join("/" + escape_token(t) for t in tokens)
        out.append((pointer, m.value))
    return out


def _absolute(tokens: list[str], node: Any) -> list[str]:
    """Turn negative list indexes (`[-1]`) into the real index: RFC 6901 has no negatives."""
    out = []
    current = node
    for token in tokens:
        if isinstance(current, list) and token.lstrip("-").isdigit():
            index = int(token)
            if index < 0:
                index += len(current)
            token = str(index)
            current = current[index] if 0 <= index < len(current) else None
        elif isinstance(current, dict):
            current = current.get(token)
        else:
            current = None
        out.append(token)
    return out


def dotted(pointer: str) -> str:
    """`/a/0/b` -> `a[0].b`, for messages people read."""
    out = ""
    for raw in pointer.split("/")[1:]:
        token = unescape(raw)
        if token.isdigit():
            out += f"[{token}]"
        else:
            out += ("." if out else "") + token
    return out or "(document)"
