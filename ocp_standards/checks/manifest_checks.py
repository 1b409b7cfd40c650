"""Python checks for procurement manifests (what the declarative kinds cannot express)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from .base import CheckContext, CheckFinding, CheckOutcome
from .declarative import shorten
from .paths import dotted, escape_token
from .registry import python_check


@lru_cache(maxsize=1)
def _manifest_validator() -> Draft202012Validator:
    from ..model.schemas import manifest_json_schema

    return Draft202012Validator(manifest_json_schema(), format_checker=FormatChecker())


def _most_specific(err: ValidationError) -> ValidationError:
    """Optional fields are `anyOf [X, null]`; report why X failed, not "not valid under any"."""
    while err.context:
        candidates = [
            e for e in err.context if e.validator != "type" or e.validator_value != "null"
        ]
        err = best_match(candidates or err.context)
    return err


@python_check(
    "manifest-schema",
    "The document validates against the published procurement manifest JSON Schema.",
    {"type": "object", "properties": {}, "additionalProperties": False},
)
def manifest_schema(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Validates the manifest against the published procurement manifest JSON Schema (2020-12,
        formats checked): known sections and fields only, each of the right type and with allowed
        values. Each error is a finding at its place; for an optional field that is wrong, the
        finding says why the value fails, not merely that it is not null.
    Why:
        Every other procurement rule reads fields of the manifest; a misspelt or mistyped field is
        silently ignored by them, so the bid would be judged on less than the vendor meant to say.
    Passes:
        A manifest with `ocp_manifest: "1.0"` and its sections as the schema defines them.
    Fails:
        A misspelt field such as `residancy` ("... (check the spelling)"), or a country given as a
        number.
    """
    errors = sorted(
        _manifest_validator().iter_errors(ctx.node), key=lambda e: [str(p) for p in e.absolute_path]
    )
    findings = []
    for err in map(_most_specific, errors):
        pointer = ctx.base + "".join(f"/{escape_token(p)}" for p in err.absolute_path)
        if err.validator == "additionalProperties":
            message = f"{dotted(pointer)}: {shorten(err.message, 160)} (check the spelling)"
        else:
            message = f"{dotted(pointer)}: {shorten(err.message, 160)}"
        findings.append(CheckFinding(message, pointer))
    outcome = CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()
    outcome.evidence = "measured"  # the tool validated the document; nothing is taken on trust
    return outcome
