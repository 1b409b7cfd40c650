"""Where each value of a JSON text sits: JSON pointer → (line, column), 1-based.

Findings point into documents by JSON pointer and the report shows lines. For JSON the values
come from Python's own parser; only the positions were taken from ruamel's YAML parser, which is
pure Python and general: 5 s for a 2 MB data.json. This tokenizer knows only JSON and records,
like ruamel did, the position of an object member's key and of an array item. It runs after the
strict parser accepted the text, so it never judges validity; on anything unexpected it gives up
and the document simply has no line numbers.
"""

from __future__ import annotations

import json
import re

from ..model.pointer import escape

#: One token: a string, a structural character, or a bare literal (number, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


class _GiveUp(Exception):
    pass


def json_positions(text: str) -> dict[str, tuple[int, int]]:
    try:
        return _positions(text)
    except (_GiveUp, ValueError, IndexError):
        return {}


def _positions(text: str) -> dict[str, tuple[int, int]]:
    pos: dict[str, tuple[int, int]] = {}
    # Each open container: [is_object, pointer, next array index, pending member pointer].
    stack: list[list[object]] = []
    line, line_start, scanned = 1, 0, 0
    expect_key = False

    def where(offset: int) -> tuple[int, int]:
        nonlocal line, line_start, scanned
        breaks = text.count("\n", scanned, offset)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", scanned, offset) + 1
        scanned = offset
        return line, offset - line_start + 1

    def value_pointer(start: int) -> str:
        """The pointer of a value starting here; records array items' positions."""
        if not stack:
            return ""
        top = stack[-1]
        if top[0]:  # an object: the member's key was recorded already
            member = top[3]
            if not isinstance(member, str):
                raise _GiveUp
            top[3] = None
            return member
        index = top[2]
        assert isinstance(index, int)
        top[2] = index + 1
        pointer = f"{top[1]}/{index}"
        pos[pointer] = where(start)
        return pointer

    for match in _TOKEN.finditer(text):
        token, start = match.group(), match.start()
        if expect_key:
            if token == "}":
                stack.pop()
                expect_key = False
                continue
            if not token.startswith('"'):
                raise _GiveUp
            key = json.loads(token)
            member = f"{stack[-1][1]}/{escape(key)}"
            pos[member] = where(start)
            stack[-1][3] = member
            expect_key = False
        elif token == ":":
            continue
        elif token == ",":
            expect_key = bool(stack) and bool(stack[-1][0])
        elif token in ("}", "]"):
            stack.pop()
        elif token in ("{", "["):
            pointer = value_pointer(start)
            stack.append([token == "{", pointer, 0, None])
            expect_key = token == "{"
        else:
            value_pointer(start)
    if stack:
        raise _GiveUp
    return pos
