"""Python checks for procurement manifests (what the declarative kinds cannot express)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from ..model.vocabulary import VocabularyError
from ..model.vocabulary import _parse_expression as parse_licence_expression
from .base import CheckContext, CheckFinding, CheckOutcome
from .declarative import parse_when, shorten
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


# ---------------------------------------------------------------------------------------------
# ocp-governance 2.0.0: PROC-SEC-001 and PROC-OSS-001/003 as their statements read
# ---------------------------------------------------------------------------------------------
#: `ISO/IEC 27001:2022`, `ISO/IEC 27001: 2013`: an accepted name followed by an edition year.
_EDITION = re.compile(r"\s*:\s*(19|20)\d\d")


def _standard_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _recognised(standard: Any, accepted: list[str]) -> bool:
    """The name is an accepted one, case and spacing aside, optionally with `:YEAR` after it."""
    if not isinstance(standard, str):
        return False
    key = _standard_key(standard)
    for name in accepted:
        base = _standard_key(name)
        if key == base or (key.startswith(base) and _EDITION.fullmatch(key[len(base) :])):
            return True
    return False


def _certificate_problem(cert: Any, ctx: CheckContext, max_age_days: float) -> str | None:
    """Why a recognised certificate is not valid on the run's date, or None when it is."""
    if not isinstance(cert, dict):
        return "is not a certificate entry"
    today = ctx.now.date()
    issued = parse_when(cert.get("issued")) if cert.get("issued") is not None else None
    if cert.get("issued") is not None and issued is None:
        return f"issue date {shorten(cert.get('issued'))!r} is not an ISO 8601 date"
    if issued is not None and issued.date() > today:
        return f"is dated {issued.date().isoformat()}, later than {today.isoformat()}"
    if cert.get("expires") is not None:
        expires = parse_when(cert.get("expires"))
        if expires is None:
            return f"expiry date {shorten(cert.get('expires'))!r} is not an ISO 8601 date"
        if expires.date() <= today:
            return f"expired on {expires.date().isoformat()}"
        return None
    if issued is None:
        return "states neither an expiry date nor an issue date"
    age = (ctx.now - issued).total_seconds() / 86400
    if age > max_age_days:
        return (
            f"has no expiry date and was issued {issued.date().isoformat()}, {int(age)} days ago; "
            f"at most {max_age_days:g} days allowed without one"
        )
    return None


@python_check(
    "current-security-certification",
    "At least one recognised security certificate is valid on the run's date.",
    {
        "type": "object",
        "properties": {
            "path": {"type": "string", "description": "JSONPath of the certificate list."},
            "accepted_standards": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "description": "Recognised certifications (`:YEAR` may follow).",
            },
            "max_age_days": {
                "type": "number",
                "minimum": 0,
                "description": "Oldest issue accepted when no expiry is stated.",
            },
        },
        "required": ["accepted_standards", "max_age_days"],
        "additionalProperties": False,
    },
)
def current_security_certification(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Reads the certificate list at `path` (default `$.security.certifications`) and looks for
        one certificate that is both recognised and valid on the run's date. Recognised: its
        `standard` is one of `accepted_standards`, ignoring case and spacing, optionally followed
        by an edition year (`ISO/IEC 27001:2022`). Valid: not dated in the future and, when it
        states `expires`, expiring after the run's date; when it states no expiry, issued at most
        `max_age_days` days before the run's date.
    Why:
        A security claim is only as good as a certificate in force today. Judging by the issue
        date alone rejects a valid three-year certificate and accepts an expired one; requiring
        every listed certificate to be recognised punishes a vendor for disclosing more.
    Passes:
        An `ISO/IEC 27001:2022` certificate expiring next year, issued three years ago, listed
        beside a `PCI DSS` attestation (extra certificates are never held against the bid).
    Fails:
        No certificate listed; only unrecognised ones (`Self-assessment`); or only recognised ones
        that have expired, are dated in the future, or state no expiry and are older than
        `max_age_days`. Each certificate that does not count gets a finding saying why.
    """
    path = args.get("path") or "$.security.certifications"
    accepted = list(args["accepted_standards"])
    max_age = float(args["max_age_days"])
    hits = ctx.find(path)
    certs = [(hit.pointer, hit.value) for hit in hits if hit.value is not None]
    items: list[tuple[str, Any]] = []
    for pointer, value in certs:
        if isinstance(value, list):
            items.extend((f"{pointer}/{i}", cert) for i, cert in enumerate(value))
        else:
            items.append((pointer, value))
    if not items:
        return CheckOutcome.failed(
            CheckFinding(
                f"no security certification is declared at `{path}`",
                ctx.base,
            )
        )
    findings = []
    for pointer, cert in items:
        standard = cert.get("standard") if isinstance(cert, dict) else None
        if not _recognised(standard, accepted):
            findings.append(
                CheckFinding(
                    f"{dotted(pointer)}: {shorten(standard)!r} is not a recognised security "
                    f"certification ({', '.join(accepted)})",
                    pointer,
                )
            )
            continue
        problem = _certificate_problem(cert, ctx, max_age)
        if problem is None:
            outcome = CheckOutcome.passed()
            outcome.evidence = "declared"  # the certificate is the vendor's statement
            return outcome
        findings.append(CheckFinding(f"{dotted(pointer)}: {standard} {problem}", pointer))
    return CheckOutcome.failed(*findings)


def _licence_index(entries: dict[str, Any]) -> dict[str, str]:
    return {key.casefold(): key for key in entries}


def _osi_problem(expression: Any, entries: dict[str, Any]) -> str | None:
    """Why an SPDX expression is not acceptable as OSI-approved, or None when it is.

    An `OR` needs one acceptable branch, an `AND` every part; `X WITH exception` is judged by X;
    an id the pinned vocabulary does not know (a `LicenseRef-`, `Proprietary`) is not approved.
    """
    from boolean import AND, OR

    if not isinstance(expression, str) or not expression.strip():
        return "no licence is given"
    try:
        parsed = parse_licence_expression(expression)
    except VocabularyError:
        return f"{shorten(expression)!r} is not an SPDX licence expression"
    if parsed is None:
        return "no licence is given"
    index = _licence_index(entries)

    def approved(node: Any) -> bool:
        if isinstance(node, AND):
            return all(approved(arg) for arg in node.args)
        if isinstance(node, OR):
            return any(approved(arg) for arg in node.args)
        symbol = getattr(node, "license_symbol", node)
        key = index.get(str(getattr(symbol, "key", symbol)).casefold())
        return bool(key and entries[key].get("osi_approved") is True)

    if approved(parsed):
        return None
    return f"{shorten(expression)!r} is not an OSI-approved licence (SPDX)"


@python_check(
    "osi-approved-licence",
    "The licence at `path` is an SPDX expression acceptable as OSI-approved (pinned licences).",
    {
        "type": "object",
        "properties": {
            "path": {
                "type": "string",
                "description": "JSONPath of the licence (default `$.license`).",
            }
        },
        "additionalProperties": False,
    },
)
def osi_approved_licence(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Reads the licence at `path` (default `$.license`, used inside `each` over components) as
        an SPDX licence expression and judges it against the `licences` vocabulary pinned by the
        rule's standard version: an id counts when the vocabulary marks it OSI-approved; `A OR B`
        counts when either branch does, `A AND B` only when both do, `X WITH exception` as X.
    Why:
        A fixed short list of licences called `MIT OR Apache-2.0`, `BSL-1.0` and `PostgreSQL`
        not open source although OSI approves them; the SPDX list is the public reference, and
        pinning it keeps a released version's verdicts when the list is updated.
    Passes:
        `EUPL-1.2`, `MIT OR Apache-2.0`, `BSL-1.0`, `PostgreSQL`.
    Fails:
        `Proprietary`, a `LicenseRef-` id, an unparseable text, a missing licence, or
        `GPL-3.0-only AND LicenseRef-closed` (one part is not approved). A version that pins no
        `licences` vocabulary cannot tell.
    """
    entries = ctx.vocabulary("licences")["entries"]
    path = args.get("path") or "$.license"
    hits = ctx.find(path)
    if not hits:
        return CheckOutcome.failed(
            CheckFinding(f"{dotted(ctx.base) or '$'}: no licence is given", ctx.base)
        )
    findings = []
    for hit in hits:
        problem = _osi_problem(hit.value, entries)
        if problem:
            findings.append(CheckFinding(f"{dotted(hit.pointer)}: {problem}", hit.pointer))
    if findings:
        return CheckOutcome.failed(*findings)
    outcome = CheckOutcome.passed()
    outcome.evidence = "declared"  # the licence is the vendor's statement
    return outcome
