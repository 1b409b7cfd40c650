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
    """What it checks:
        The loader could open and read the file: it exists, is within the size limits, and (a
        folder) could be listed or (a URL, with --online) could be fetched. The check reads the
        problem the loader recorded; it does not open the file again.
    Why:
        Nothing can be judged in a file that cannot be read; saying so is a finding, not a crash.
    Passes:
        Any file the loader read.
    Fails:
        A file that cannot be opened, or is over the size limit (the loader's message).
    Cannot tell:
        The loader recorded the problem of another input rule (a run reports only the input rule
        that failed), or there is no input file.
    """
    return _input_check("OCP-INPUT-001", ctx)


@python_check("input-parsed", "The loader could parse the file in its format.", _NO_ARGS)
def input_parsed(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The loader could parse the file in its format (CSV, JSON, YAML, XML, RDF ...).
    Why:
        A file that does not parse in the format it claims cannot be used by anyone, and no other
        rule can judge it.
    Passes:
        Any file the loader parsed.
    Fails:
        Invalid JSON, YAML or XML (the parser's message, with the place).
    Cannot tell:
        The loader recorded the problem of another input rule (a run reports only the input rule
        that failed), or there is no input file.
    """
    return _input_check("OCP-INPUT-002", ctx)


@python_check("input-recognised", "The loader recognised what kind of document it is.", _NO_ARGS)
def input_recognised(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The loader recognised what kind of document the file is (a dataset, its metadata, an API
        description, a procurement manifest, a submission ...), so the right rules apply.
    Why:
        A file of unknown kind is judged by no rule at all; saying so keeps it from passing
        unnoticed.
    Passes:
        A CSV table, an OpenAPI description, a manifest with `ocp_manifest`.
    Fails:
        A JSON document that is none of the kinds the tool knows.
    Cannot tell:
        The loader recorded the problem of another input rule (a run reports only the input rule
        that failed), or there is no input file.
    """
    return _input_check("OCP-INPUT-003", ctx)
