"""Checks behind the OCP-INPUT rules: they read the problem the loader recorded on the subject."""

from __future__ import annotations

from typing import Any

from .base import CheckContext, CheckFinding, CheckOutcome
from .registry import python_check

_NO_ARGS = {"type": "object", "properties": {}, "additionalProperties": False}


def _input_check(rule_id: str, ctx: CheckContext) -> CheckOutcome:
    subject = ctx.subject
    if subject is None:
        return CheckOutcome.cant_tell("no input file to inspect")
    problem = subject.problem
    if problem is None:
        return CheckOutcome.passed()
    if problem.rule_id == rule_id:
        return CheckOutcome.failed(CheckFinding(problem.message, ""))
    # An earlier input rule failed, so this one could not be evaluated.
    return CheckOutcome.cant_tell(f"not evaluated: {problem.rule_id} failed")


@python_check("input-readable", "The loader could open and read the file.", _NO_ARGS)
def input_readable(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    return _input_check("OCP-INPUT-001", ctx)


@python_check("input-parsed", "The loader could parse the file in its format.", _NO_ARGS)
def input_parsed(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    return _input_check("OCP-INPUT-002", ctx)


@python_check("input-recognised", "The loader recognised what kind of document it is.", _NO_ARGS)
def input_recognised(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    return _input_check("OCP-INPUT-003", ctx)
