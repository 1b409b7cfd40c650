"""Load YAML/JSON text into plain Python data plus a locator (JSON pointer -> line, column).

ruamel.yaml is used for both YAML and JSON (JSON is YAML 1.2) because it keeps node positions, so
findings can name the line a vendor has to edit. Dates stay ISO strings (YAML would otherwise turn
`2026-03-01` into a date object and JSON Schema would reject it), and the tree is expanded with a
node budget so an alias bomb fails fast instead of eating memory.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..model.pointer import escape
from ..settings import limits


class DocumentError(Exception):
    """The text is not well-formed YAML/JSON. Carries a 1-based line/column when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    data: Any
    path: str
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    def locate(self, pointer: str) -> tuple[int | None, int | None]:
        """Line and column of `pointer`, or of its nearest located ancestor."""
        probe = pointer
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (None, None)
            probe = probe.rsplit("/", 1)[0]


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def parse_text(text: str, path: str, *, json_data: bool = False) -> Document:
    """Parse YAML or JSON text. Raises DocumentError with a position on malformed input.

    With `json_data`, the values come from Python's JSON parser (JSON is not quite YAML: escaped
    surrogate pairs, raw control characters and U+0085 differ) and ruamel only supplies positions.
    """
    if json_data:
        from .json_positions import json_positions

        data = _within_depth(_strict_json(text))
        # Values from Python's JSON parser; positions from a JSON-only tokenizer (20x ruamel).
        return Document(data=data, path=path, positions=json_positions(text))
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark is not None and "end of stream" in problem:
            # An unclosed quote or bracket is only noticed at the end of the file: point at
            # where it was opened, which is the line a person has to fix.
            mark = exc.context_mark
            problem = f"{exc.context} that is never closed ({problem})"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        if "duplicate key" in str(exc):
            problem = f"duplicate key: {_first_line(str(exc.problem or exc))}"
        raise DocumentError(f"cannot parse: {problem}", line, col) from None
    except YAMLError as exc:
        raise DocumentError(f"cannot parse: {_first_line(str(exc))}") from None
    except RecursionError:
        raise DocumentError(_too_deep()) from None
    except Exception as exc:  # the parser's own assertions fail on some inputs (found by fuzzing)
        raise DocumentError(
            f"cannot parse: the YAML parser rejected this input ({type(exc).__name__})"
        ) from None
    doc = Document(data=None, path=path)
    budget = [_max_nodes()]
    try:
        # Aliases share nodes: size the expansion first, in time linear in the distinct nodes,
        # so a "billion laughs" document is refused at once instead of after 2M copies.
        if _expanded_size(tree, {}) > budget[0]:
            raise DocumentError(_too_many_nodes())
        doc.data = _within_depth(_plain(tree, "", doc.positions, budget))
    except RecursionError:
        raise DocumentError(_too_deep()) from None
    return doc


def parse_json_fast(text: str, path: str) -> Document:
    """Large JSON without positions: findings then carry a pointer but no line."""
    return Document(data=_within_depth(_strict_json(text)), path=path)


def _max_nodes() -> int:
    # Expanded nodes allowed per document: far above any real manifest, far below an alias bomb.
    return limits.current().max_nodes


def _too_many_nodes() -> str:
    return (
        f"document expands to too many nodes (more than {_max_nodes():,}; YAML aliases may be "
        "used to inflate it; the limit is raised with max-nodes in ocp.toml)"
    )


def _too_deep() -> str:
    return (
        f"cannot parse: nesting is deeper than {limits.current().max_depth} levels (the limit; "
        "raise it with --max-depth)"
    )


def _within_depth(data: Any) -> Any:
    """The data, or DocumentError when containers nest deeper than the run's limit."""
    limit = limits.current().max_depth
    if not isinstance(data, (dict, list)):
        return data
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise DocumentError(_too_deep())
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DocumentError(f"cannot parse: duplicate key {key!r}")
        out[key] = value
    return out


def _strict_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"cannot parse JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise DocumentError(_too_deep()) from None


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    if not isinstance(node, (CommentedMap, CommentedSeq)):
        return 1
    key = id(node)
    if key in memo:
        return memo[key]
    limit = _max_nodes()
    memo[key] = limit + 1  # a node reached again while being sized is a cycle: too big
    children = node.values() if isinstance(node, CommentedMap) else node
    total = 1
    for child in children:
        total += _expanded_size(child, memo)
        if total > limit:
            break
    memo[key] = total
    return total


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _plain(node: Any, pointer: str, pos: dict[str, tuple[int, int]], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise DocumentError(_too_many_nodes())
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            skey = _fix_surrogates(key) if isinstance(key, str) else _scalar_key(key)
            child = f"{pointer}/{escape(skey)}"
            try:
                line, col = node.lc.key(key)
                pos[child] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            out[skey] = _plain(value, child, pos, budget)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            child = f"{pointer}/{i}"
            try:
                line, col = node.lc.item(i)
                pos[child] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
            items.append(_plain(value, child, pos, budget))
        return items
    if isinstance(node, (dt.datetime, dt.date)):
        return node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return _fix_surrogates(str(node))
    return str(node)


def _fix_surrogates(text: str) -> str:
    """YAML `"\\ud83d\\ude00"` escapes arrive as two surrogates: join pairs, replace strays."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _scalar_key(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (dt.datetime, dt.date)):
        return key.isoformat()
    return str(key)
