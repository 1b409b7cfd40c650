"""What every API check shares: one decorator that reads the description once, and the verdict.

`@api_check(name, summary, args_schema, needs=…, not_a_mapping=…)` registers a Python check
(`python_check`) whose function receives an `OpenApi` model instead of the raw context. Before the
check runs, the decorator decides the outcomes every API check would otherwise decide for itself:

1. `needs` — what the description must have for the rule to apply at all:
   `"operations"` (inapplicable "no operations" when it has none) or `"personal-data"`
   (inapplicable "no operation or field is marked x-personal-data" when nothing is marked).
   A document that is not a mapping has neither, so it is inapplicable for the same reason.
2. `not_a_mapping` — for checks that need nothing (give one or the other, never both), what a
   document that is not a mapping gives:
   `"inapplicable"` (inapplicable, no reason), `"fail"` (failed: "the document is not a
   mapping") or `"judge"` (the check runs and sees a description without operations, schemes or
   schemas; `OpenApi.document` still holds what was read).

A subject that could not be read never reaches a check: the engine marks its rules untested.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

from ...model.outcome import SubjectKind
from ...sources.refs import Bundle, RefProblem
from ..base import CheckContext, CheckFinding, CheckOutcome
from ..registry import python_check
from .model import OpenApi

ApiFn = Callable[[OpenApi, dict[str, Any]], CheckOutcome]
Needs = Literal["operations", "personal-data"]
NotAMapping = Literal["inapplicable", "fail", "judge"]

#: The args schema of a check that takes no arguments.
NO_ARGS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
#: An argument that is a list of strings.
STRING_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
#: Findings listed per rule before the rest are summarised.
MAX_FINDINGS = 25
#: The marker that says a field, schema or operation holds personal data.
PERSONAL_MARKER = "x-personal-data"

_NEEDS_REASON: dict[str, str] = {
    "operations": "no operations",
    "personal-data": f"no operation or field is marked {PERSONAL_MARKER}",
}


def api_of(ctx: CheckContext) -> OpenApi:
    """The description a check context holds: its document, the loader's unjoined references
    and the subject's locator."""
    subject = ctx.subject
    if subject is None:  # a rule's golden example: the document alone
        return OpenApi(ctx.root, (), None)
    problems: tuple[RefProblem, ...] = ()
    if subject.kind is SubjectKind.API and isinstance(subject.payload, Bundle):
        problems = tuple(subject.payload_as(SubjectKind.API, Bundle).problems)
    return OpenApi(ctx.root, problems, subject.locator)


def _has(api: OpenApi, needs: Needs) -> bool:
    if needs == "operations":
        return bool(api.operations)
    return api.marks(PERSONAL_MARKER)


def api_check(
    name: str,
    summary: str,
    args_schema: dict[str, Any] | None = None,
    *,
    needs: Needs | None = None,
    not_a_mapping: NotAMapping | None = None,
    version: int = 1,
) -> Callable[[ApiFn], ApiFn]:
    """Register an API check. Exactly one of `needs` and `not_a_mapping` says when it does not
    apply (see the module docstring), so every check states it.

    The function's docstring documents the check, as for any Python check."""
    if (needs is None) == (not_a_mapping is None):
        raise ValueError(
            f"API check {name!r}: give exactly one of `needs` and `not_a_mapping` (a document "
            "that is not a mapping has nothing a check needs)"
        )

    def register(fn: ApiFn) -> ApiFn:
        @functools.wraps(fn)
        def run(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
            api = api_of(ctx)
            if needs is not None:
                if not _has(api, needs):
                    return CheckOutcome.inapplicable(_NEEDS_REASON[needs])
            elif not api.is_mapping and not_a_mapping == "inapplicable":
                return CheckOutcome.inapplicable()
            elif not api.is_mapping and not_a_mapping == "fail":
                return CheckOutcome.failed(CheckFinding("the document is not a mapping", ""))
            return fn(api, args)

        schema = NO_ARGS if args_schema is None else args_schema
        python_check(name, summary, schema, version=version)(run)
        return fn

    return register


def verdict(findings: list[CheckFinding], api: OpenApi | None = None) -> CheckOutcome:
    """Passed without findings; else failed, one finding per place in the source files (when
    `api` can locate them) and at most MAX_FINDINGS listed before the rest are summarised."""
    if not findings:
        return CheckOutcome.passed()
    findings = _merge_same_source(findings, api.locate if api is not None else None)
    if len(findings) > MAX_FINDINGS:
        rest = len(findings) - MAX_FINDINGS
        findings = [
            *findings[:MAX_FINDINGS],
            CheckFinding(
                f"… and {rest} more like these", findings[MAX_FINDINGS].pointer, count=rest
            ),
        ]
    return CheckOutcome.failed(*findings)


def _merge_same_source(
    findings: list[CheckFinding], locate: Callable[[str], dict[str, Any]] | None
) -> list[CheckFinding]:
    """One finding per place in the source files: a model file joined in through several
    references is one thing to fix, not one per path that reaches it."""
    if locate is None:
        return findings
    merged: dict[tuple[str, Any, Any], CheckFinding] = {}
    for finding in findings:
        where = locate(finding.pointer) if finding.pointer else {}
        key = (finding.message, where.get("path"), where.get("line"))
        if where.get("line") is not None and key in merged:
            merged[key].count += finding.count
        else:
            merged[key if where.get("line") is not None else (finding.message, id(finding), 0)] = (
                finding
            )
    return list(merged.values())
