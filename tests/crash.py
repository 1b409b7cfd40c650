"""`assert_no_crash`: the one assertion every hostile, fuzz, corpus and differential test makes.

A crashing check does not stop a run: the engine turns it into a `cantTell` whose reason says so
(ocp_standards/engine/evaluate.py, `run_rule`), and a failed analysis of the fused table pass is
re-raised inside its own check (checks/table_pass.py, `analysed`), so it reads the same, or, when
the shared pass was stopped, says so (`PassInterrupted`). Asserting only that a `cantTell` *has*
a reason is therefore vacuous: the engine always writes one. This helper looks for the engine's
own words instead, and for the signs of a crash in command-line output.
"""

from __future__ import annotations

import json
import re
import subprocess
import traceback
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

#: What the engine and the checks write when code broke, not when an input was bad.
CRASH_MARKERS = (
    # engine/evaluate.run_rule: any exception out of a check (and a failed table_pass analysis,
    # which `analysed` re-raises in its own check)
    "the check crashed:",
    # engine/evaluate.run_rule: a check stopped by the per-check time limit (settings/timelimit.py)
    "was stopped (raise the limit with --check-timeout)",
    # checks/table_pass._interrupted: the shared pass over a table, started by another check, was
    # stopped (time limit, interrupt) before this rule's analysis finished
    "before this rule's analysis finished",
    # schema_checks.schema_problems: the column-wise Table Schema analysis (run by table_pass)
    # failed and frictionless validated row by row instead; set in the subject's metadata
    "the column-wise engine could not run",
    # cli/app.main: an exception that reached the top of the command line
    "This is a bug in ocp-standards",
)
TRACEBACK = "Traceback"


def assert_no_crash(*things: Any) -> None:
    """Fail if any of `things` shows a crash.

    Each thing may be a Report (or any pydantic model), a report as JSON data (dict/list), a
    CliRunner Result, a subprocess.CompletedProcess, rendered output (str/bytes), or a list or
    tuple of those. For a Result, an exception other than SystemExit (typer.Exit) fails; for any
    text, "Traceback" or a crash marker fails; for a report, a crash marker in any of its texts
    (rule reasons, finding messages, subject metadata) fails.
    """
    problems: list[str] = []
    for thing in things:
        problems.extend(_problems(thing, "output"))
    assert not problems, "a crash:\n" + "\n".join(problems)


def _problems(thing: Any, where: str) -> Iterator[str]:
    if thing is None:
        return
    if _is_cli_result(thing):
        exc = thing.exception
        if exc is not None and not isinstance(exc, SystemExit):
            info = thing.exc_info or (type(exc), exc, exc.__traceback__)
            yield f"{where}: the command raised\n" + "".join(traceback.format_exception(*info))
        yield from _text_problems(thing.output, f"{where} (command output)")
        return
    if isinstance(thing, subprocess.CompletedProcess):
        for name in ("stdout", "stderr"):
            yield from _text_problems(getattr(thing, name), f"{where} ({name})")
        return
    if isinstance(thing, str | bytes):
        yield from _text_problems(thing, where)
        return
    if isinstance(thing, BaseModel):
        yield from _data_problems(thing.model_dump(mode="json"), type(thing).__name__)
        return
    if isinstance(thing, dict):
        yield from _data_problems(thing, "report")
        return
    if isinstance(thing, list | tuple):
        for n, item in enumerate(thing):
            yield from _problems(item, f"{where}[{n}]")
        return
    raise TypeError(f"assert_no_crash cannot read a {type(thing).__name__}")


def _is_cli_result(thing: Any) -> bool:
    return all(hasattr(thing, a) for a in ("exit_code", "exception", "exc_info", "output"))


def _text_problems(text: str | bytes | None, where: str) -> Iterator[str]:
    if not text:
        return
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if TRACEBACK in text:
        yield f"{where} holds a traceback:\n{_around(text, text.index(TRACEBACK))}"
    data = _json(text)
    if data is not None:  # a JSON report: name the rule whose reason says it crashed
        yield from _data_problems(data, f"{where} as JSON")
        return
    # A terminal report may wrap a reason over lines, inside a box: join them up again.
    flat = " ".join(_BOX.sub(" ", text).split())
    for marker in CRASH_MARKERS:
        if marker in flat:
            yield f"{where} says {marker!r}: ...{_around(flat, flat.index(marker))}..."


def _json(text: str) -> Any:
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def _data_problems(data: Any, where: str) -> Iterator[str]:
    for path, text in _strings(data, where):
        for marker in (*CRASH_MARKERS, "Traceback (most recent call last)"):
            if marker in text:
                yield f"{path}{_rule_of(data, path)}: {text}"
                break


def _strings(data: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _strings(value, f"{path}[{n}]")


#: rich's box-drawing characters (U+2500-U+257F), which a wrapped reason is framed in.
_BOX = re.compile("[\u2500-\u257f]")
_RESULT = re.compile(r"\.subjects\[(\d+)\]\.results\[(\d+)\]")


def _rule_of(data: Any, path: str) -> str:
    """` (RULE-ID on subject path)` for a text inside a rule result, to name the broken check."""
    found = _RESULT.search(path)
    if not found or not isinstance(data, dict):
        return ""
    try:
        subject = data["subjects"][int(found[1])]
        result = subject["results"][int(found[2])]
        return f" ({result['rule_id']} on {subject['path']})"
    except (KeyError, IndexError, TypeError):
        return ""


def _around(text: str, at: int, width: int = 300) -> str:
    return text[max(0, at - 80) : at + width]
