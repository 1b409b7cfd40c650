"""Is it a description at all: valid OpenAPI, and every reference resolved offline."""

from __future__ import annotations

import copy
from typing import Any

from jsonschema.exceptions import best_match

from ...sources.refs import resolve_pointer
from ..base import CheckFinding, CheckOutcome
from ..declarative import shorten
from ..paths import escape_token
from .common import MAX_FINDINGS, api_check, verdict
from .model import OpenApi, is_swagger2


def _blank_external_refs(node: Any) -> Any:
    """External refs left unjoined (refused or missing) must not make the validator fetch them."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return {}
        return {k: _blank_external_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_blank_external_refs(v) for v in node]
    return node


@api_check(
    "openapi-valid",
    "The document is a valid OpenAPI 3.0/3.1 or Swagger 2.0 description.",
    not_a_mapping="fail",
)
def openapi_valid(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Validates the document with openapi-spec-validator against the schema of the version it
        declares: `swagger: "2.0"`, `openapi: 3.0.x` or `openapi: 3.1.x`. References to other files
        that were not joined in are blanked first, so validation never fetches anything. The same
        error at the same place of a source file (a model joined in through several references) is
        one finding.
    Why:
        Code generators, gateways, documentation portals and every other API rule read the
        description; one that is not valid OpenAPI breaks them in ways that are hard to trace.
    Passes:
        `openapi: 3.0.3` with `info` holding `title` and `version`, and a `paths` object.
    Fails:
        An `info` without `version` ("`info` lacks required field(s) version"); an `openapi` or
        `swagger` value other than 2.0, 3.0.x or 3.1.x; a document that is not a mapping.
    Cannot tell:
        The validator library crashed or ran out of recursion depth on this document.
    """
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    spec = api.spec
    if is_swagger2(spec):
        cls: Any = OpenAPIV2SpecValidator
    elif str(spec.get("openapi", "")).startswith("3.1"):
        cls = OpenAPIV31SpecValidator
    elif str(spec.get("openapi", "")).startswith("3.0"):
        cls = OpenAPIV30SpecValidator
    else:
        return CheckOutcome.failed(
            CheckFinding(
                f"unsupported version {shorten(spec.get('openapi') or spec.get('swagger'))}; "
                "use OpenAPI 3.0, 3.1 or Swagger 2.0",
                "/openapi",
            )
        )
    findings: dict[tuple[str, Any], CheckFinding] = {}
    locate = api.locate
    try:
        for err in cls(_blank_external_refs(copy.deepcopy(spec))).iter_errors():
            path = list(getattr(err, "absolute_path", []) or [])
            pointer = _anchor(spec, "".join(f"/{escape_token(p)}" for p in path))
            message = _describe(err, path)
            # A model file joined in at several places has one bug, not one per use: group by
            # the place in the source file when the reader can tell it, else by pointer.
            where = locate(pointer) if locate is not None and pointer else {}
            key = (message, (where.get("path"), where.get("line")) if where else pointer)
            if key in findings:
                findings[key].count += 1
                continue
            findings[key] = CheckFinding(message, pointer)
            if len(findings) > MAX_FINDINGS * 4:
                break
    except RecursionError:
        return CheckOutcome.cant_tell("the OpenAPI validator ran out of recursion depth")
    except Exception as exc:  # the validator library crashes on some real specs
        if findings:
            # It stopped after finding errors (e.g. `paths: 5` is reported, then it trips over
            # it): those errors stand; what it would have found after them is unknown.
            return verdict(list(findings.values()))
        return CheckOutcome.cant_tell(
            f"the OpenAPI validator could not process this document ({type(exc).__name__}: "
            f"{shorten(str(exc), 120)}); other rules still ran"
        )
    for finding in findings.values():
        if finding.count > 1:
            finding.message += f" (reached through {finding.count} references)"
    return verdict(list(findings.values()))


_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def _describe(err: Any, path: list[Any]) -> str:
    """A validator error in words a spec author acts on, without dumping the whole value."""
    if len(path) > 1 and isinstance(path[-1], int):
        key = f"`{path[-2]}[{path[-1]}]`"
    else:
        key = f"`{path[-1]}`" if path else "the document"
    validator = getattr(err, "validator", None)
    expected = getattr(err, "validator_value", None)
    instance = getattr(err, "instance", None)
    if validator == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        words = " or ".join(
            "a schema" if w == "object" and key in _SCHEMA_KEYS else str(w) for w in wanted
        )
        actual = _JSON_TYPES.get(type(instance), type(instance).__name__)
        return f"{key} must be {words}, but is {actual} ({shorten(instance, 60)})"
    if validator == "required" and isinstance(instance, dict):
        missing = [r for r in expected or [] if r not in instance]
        return f"{key} lacks required field(s) {', '.join(map(str, missing))}"
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(getattr(err, "schema", {}).get("properties", {}) or {})
        extra = [k for k in instance if k not in allowed and not str(k).startswith("x-")]
        if extra:
            return f"{key} has field(s) not allowed here: {', '.join(map(str, extra[:5]))}"
    if validator in ("oneOf", "anyOf"):
        # Say what is closest to right (e.g. "lacks description") rather than "matches none".
        context = [
            e
            for e in getattr(err, "context", None) or []
            if e.validator != "required" or "$ref" not in (e.validator_value or [])
        ]
        best = best_match(context) if context else None
        if best is not None and best is not err:
            return _describe(best, list(getattr(best, "absolute_path", path)))
        return f"{key} matches none of the forms the OpenAPI schema allows here"
    message = str(getattr(err, "message", "") or err).strip().splitlines()[0]
    return shorten(f"{key}: {message}", 200)


#: Keywords whose value must itself be a schema: naming them makes type errors clearer.
_SCHEMA_KEYS = {
    f"`{k}`"
    for k in (
        "contains",
        "items",
        "not",
        "if",
        "then",
        "else",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "schema",
    )
}


def _anchor(spec: Any, pointer: str) -> str:
    """Schema errors come relative to the schema being checked: find where that is in the spec."""
    if not pointer or _internal_target_exists(spec, "#" + pointer):
        return pointer
    found: list[str] = []

    def walk(node: Any, ptr: str, depth: int) -> None:
        if found or depth > 200:
            return
        if ptr.endswith(pointer):
            found.append(ptr)
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{ptr}/{escape_token(k)}", depth + 1)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{ptr}/{i}", depth + 1)

    walk(spec, "", 0)
    return found[0] if found else ""


def _internal_target_exists(spec: Any, ref: str) -> bool:
    """Whether a `#/...` reference points at something in the document."""
    try:
        resolve_pointer(spec, ref[1:] if ref not in ("#", "#/") else "")
    except KeyError:
        return False
    return True


@api_check(
    "refs-resolved",
    "Every $ref resolves inside the description, offline and safely.",
    not_a_mapping="judge",
)
def refs_resolved(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every `$ref` of the description. A reference inside the document (`#/...`) must point at
        something that exists. A reference to another file must have been joined in by the loader,
        which follows only files beside the description, offline: each reference it refused or could
        not find (a URL, a path leaving the folder, a missing file) is a finding.
    Why:
        A reference that points nowhere leaves part of the API undefined, so clients and generators
        cannot know the shape of the data; one that must be fetched from the network makes the
        description depend on a server nobody controls.
    Passes:
        `$ref: '#/components/schemas/Item'` when `components.schemas.Item` exists; `$ref: item.yaml`
        with item.yaml beside the description.
    Fails:
        `$ref: '#/components/schemas/Missing'` ("$ref ... points to nothing"); `$ref:
        https://example.org/item.json` or `$ref: ../elsewhere/item.yaml`.
    """
    findings: list[CheckFinding] = []
    problems = api.ref_problems
    for problem in problems:
        findings.append(CheckFinding(problem.message, problem.pointer))
    reported = {f.pointer for f in findings}

    def walk(node: Any, ptr: str, depth: int) -> None:
        if depth > 200:
            return
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ptr not in reported:
                if ref.startswith("#"):
                    if not _internal_target_exists(api.document, ref):
                        findings.append(CheckFinding(f"$ref {ref} points to nothing", ptr))
                elif not problems:
                    findings.append(
                        CheckFinding(f"$ref {ref} was not joined into the description", ptr)
                    )
            for k, v in node.items():
                walk(v, f"{ptr}/{escape_token(k)}", depth + 1)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{ptr}/{i}", depth + 1)

    walk(api.document, "", 0)
    return verdict(findings, api)
