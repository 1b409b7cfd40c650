"""Python checks over API descriptions (what JSONPath alone cannot express).

Each check works on the (joined) document as `ctx.root`, so rule examples exercise the same code
as real specs. Findings point at the path, operation, parameter or schema concerned.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from jsonschema.exceptions import best_match

from .base import CheckContext, CheckFinding, CheckOutcome
from .declarative import shorten
from .openapi_model import (
    all_schemas,
    deref,
    effective_security,
    has_marker,
    is_anonymous,
    is_swagger2,
    operations,
    parameters,
    response_schemas,
    responses,
    schema_type,
    security_schemes,
)
from .paths import escape_token
from .registry import python_check

_NO_ARGS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
#: Findings listed per rule before the rest are summarised.
MAX_FINDINGS = 25


def _verdict(findings: list[CheckFinding], ctx: CheckContext | None = None) -> CheckOutcome:
    if not findings:
        return CheckOutcome.passed()
    findings = _merge_same_source(findings, ctx)
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
    findings: list[CheckFinding], ctx: CheckContext | None
) -> list[CheckFinding]:
    """One finding per place in the source files: a model file joined in through several
    references is one thing to fix, not one per path that reaches it."""
    locate = getattr(ctx.subject, "locator", None) if ctx is not None else None
    if not callable(locate):
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


def _spec(ctx: CheckContext) -> dict[str, Any] | None:
    return ctx.root if isinstance(ctx.root, dict) else None


# Validity -----------------------------------------------------------------------------------


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


@python_check(
    "openapi-valid", "The document is a valid OpenAPI 3.0/3.1 or Swagger 2.0 description.", _NO_ARGS
)
def openapi_valid(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.failed(CheckFinding("the document is not a mapping", ""))
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
    locate = getattr(ctx.subject, "locator", None)
    try:
        for err in cls(_blank_external_refs(copy.deepcopy(spec))).iter_errors():
            path = list(getattr(err, "absolute_path", []) or [])
            pointer = _anchor(spec, "".join(f"/{escape_token(p)}" for p in path))
            message = _describe(err, path)
            # A model file joined in at several places has one bug, not one per use: group by
            # the place in the source file when the reader can tell it, else by pointer.
            where = locate(pointer) if callable(locate) and pointer else {}
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
        return CheckOutcome.cant_tell(
            f"the OpenAPI validator could not process this document ({type(exc).__name__}: "
            f"{shorten(str(exc), 120)}); other rules still ran"
        )
    for finding in findings.values():
        if finding.count > 1:
            finding.message += f" (reached through {finding.count} references)"
    return _verdict(list(findings.values()))


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
    from ..sources.refs import resolve_pointer

    try:
        resolve_pointer(spec, ref[1:] if ref not in ("#", "#/") else "")
    except KeyError:
        return False
    return True


@python_check(
    "refs-resolved", "Every $ref resolves inside the description, offline and safely.", _NO_ARGS
)
def refs_resolved(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    findings: list[CheckFinding] = []
    payload = getattr(ctx.subject, "payload", None)
    problems = getattr(payload, "problems", None) or []
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
                    if not _internal_target_exists(ctx.root, ref):
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

    walk(ctx.root, "", 0)
    return _verdict(findings, ctx)


# Versioning ----------------------------------------------------------------------------------

_MAJOR = re.compile(r"/v(\d+)(?=/|$|\.)", re.I)


@python_check(
    "major-version-in-path", "The major version of info.version appears in the base path.", _NO_ARGS
)
def major_version_in_path(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    info = spec.get("info") if spec else None
    version = str(info.get("version", "")) if isinstance(info, dict) else ""
    m = re.match(r"^v?(\d+)", version)
    if not m:
        return CheckOutcome.inapplicable("info.version has no major number")
    major = m.group(1)
    bases: list[str] = []
    if spec and is_swagger2(spec):
        bases.append(str(spec.get("basePath", "")))
    elif spec:
        bases += [str(s.get("url", "")) for s in spec.get("servers") or [] if isinstance(s, dict)]
    prefixes = (
        {p.split("/")[1] for p in (spec.get("paths") or {}) if p.count("/") > 1} if spec else set()
    )
    found = [m2.group(1) for text in bases for m2 in _MAJOR.finditer(text)]
    found += [p[1:] for p in prefixes if re.fullmatch(r"v\d+", p, re.I)]
    if major in found:
        return CheckOutcome.passed()
    where = "/servers" if spec and not is_swagger2(spec) else "/basePath"
    seen = f" (found v{', v'.join(sorted(set(found)))})" if found else ""
    return CheckOutcome.failed(
        CheckFinding(
            f"info.version is {version} but /v{major} is not in the server URL or paths{seen}",
            where,
        )
    )


# Security ------------------------------------------------------------------------------------


@python_check(
    "security-requirements-declared",
    "Every security requirement names a declared security scheme.",
    _NO_ARGS,
)
def security_requirements_declared(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    declared = set(security_schemes(spec))
    findings = []
    targets = [("", spec)] + [(o.pointer, o.op) for o in operations(spec)]
    for ptr, owner in targets:
        reqs = owner.get("security")
        if not isinstance(reqs, list):
            continue
        for i, req in enumerate(reqs):
            if isinstance(req, dict):
                for name in req:
                    if name not in declared:
                        findings.append(
                            CheckFinding(
                                f"security requirement uses undeclared scheme {name!r}",
                                f"{ptr}/security/{i}",
                            )
                        )
    return _verdict(findings, ctx)


_CREDENTIAL = re.compile(
    r"(api[-_]?key|apikey|access[-_]?token|auth[-_]?token|^token$|secret|password|passwd|"
    r"^key$|client[-_]?secret|session[-_]?id)",
    re.I,
)


@python_check(
    "no-credentials-in-url",
    "No API key, token or password travels in the URL (path or query).",
    _NO_ARGS,
)
def no_credentials_in_url(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    base = "/securityDefinitions" if is_swagger2(spec) else "/components/securitySchemes"
    for name, scheme in security_schemes(spec).items():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "query":
            findings.append(
                CheckFinding(
                    f"security scheme {name!r} sends its key in the query string; use a header",
                    f"{base}/{escape_token(name)}",
                )
            )
    for operation in operations(spec):
        for param, ptr in parameters(spec, operation):
            where = param.get("in")
            pname = str(param.get("name", ""))
            if where in ("query", "path") and _CREDENTIAL.search(pname):
                findings.append(
                    CheckFinding(
                        f"{operation.label}: credential-like parameter {pname!r} in the {where}",
                        ptr,
                    )
                )
    return _verdict(findings, ctx)


def _handles_personal_data(spec: Any) -> bool:
    return has_marker(spec, "x-personal-data")


@python_check(
    "no-basic-auth-for-personal-data",
    "An API exposing personal data does not accept HTTP Basic authentication.",
    _NO_ARGS,
)
def no_basic_auth(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None or not _handles_personal_data(spec):
        return CheckOutcome.inapplicable("no operation or field is marked x-personal-data")
    base = "/securityDefinitions" if is_swagger2(spec) else "/components/securitySchemes"
    findings = [
        CheckFinding(
            f"security scheme {name!r} is HTTP Basic; personal data needs token-based "
            "authentication",
            f"{base}/{escape_token(name)}",
        )
        for name, s in security_schemes(spec).items()
        if s.get("type") == "basic"
        or (s.get("type") == "http" and str(s.get("scheme", "")).lower() == "basic")
    ]
    return _verdict(findings, ctx)


@python_check(
    "oauth-for-personal-data",
    "An API exposing personal data offers OAuth 2.0 or OpenID Connect.",
    _NO_ARGS,
)
def oauth_for_personal_data(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None or not _handles_personal_data(spec):
        return CheckOutcome.inapplicable("no operation or field is marked x-personal-data")
    kinds = {s.get("type") for s in security_schemes(spec).values()}
    if kinds & {"oauth2", "openIdConnect"}:
        return CheckOutcome.passed()
    where = "/securityDefinitions" if is_swagger2(spec) else "/components"
    return CheckOutcome.failed(
        CheckFinding(
            "personal data is exposed but no oauth2 or openIdConnect security scheme is declared",
            where,
        )
    )


@python_check(
    "open-data-is-anonymous", "Read operations marked x-open-data need no authentication.", _NO_ARGS
)
def open_data_is_anonymous(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    spec_open = isinstance(spec.get("info"), dict) and spec["info"].get("x-open-data") is True
    relevant = [
        o
        for o in operations(spec)
        if o.method in ("get", "head") and (o.op.get("x-open-data", spec_open) is True)
    ]
    if not relevant:
        return CheckOutcome.inapplicable("no read operation is marked x-open-data")
    findings = [
        CheckFinding(
            f"{o.label} serves open data but requires authentication",
            f"{o.pointer}/security" if "security" in o.op else o.pointer,
        )
        for o in relevant
        if not is_anonymous(spec, o.op)
    ]
    return _verdict(findings, ctx)


@python_check(
    "personal-data-not-public",
    "Fields marked x-personal-data never appear in responses open to anonymous callers.",
    _NO_ARGS,
)
def personal_data_not_public(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None or not _handles_personal_data(spec):
        return CheckOutcome.inapplicable("no operation or field is marked x-personal-data")
    findings = []
    for operation in operations(spec):
        if not is_anonymous(spec, operation.op):
            continue
        for code, _media, schema, ptr in response_schemas(spec, operation):
            if not code.startswith("2"):
                continue
            from .openapi_model import walk_schema

            for node, sptr in walk_schema(spec, schema, ptr):
                if node.get("x-personal-data") is True:
                    name = sptr.rsplit("/", 1)[-1]
                    findings.append(
                        CheckFinding(
                            f"{operation.label} is open to anonymous callers but returns personal "
                            f"field {name!r}",
                            sptr,
                        )
                    )
        if operation.op.get("x-personal-data") is True:
            findings.append(
                CheckFinding(
                    f"{operation.label} returns personal data without authentication",
                    operation.pointer,
                )
            )
    return _verdict(findings, ctx)


_PERSONAL_NAME = re.compile(
    r"^(e?mail|email_address|phone|phone_number|telephone|mobile|first_name|last_name|"
    r"full_name|given_name|family_name|surname|date_of_birth|dob|birth_?date|sin|ssn|"
    r"social_insurance_number|home_address|street_address|licen[cs]e_plate|plate|"
    r"ip_address|device_id)$",
    re.I,
)


@python_check(
    "personal-fields-marked",
    "Properties that look personal say whether they are (x-personal-data).",
    _NO_ARGS,
)
def personal_fields_marked(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    seen: set[str] = set()
    for node, ptr in all_schemas(spec):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = deref(spec, sub)
            if (
                _PERSONAL_NAME.match(str(name))
                and isinstance(sub, dict)
                and "x-personal-data" not in sub
            ):
                where = f"{ptr}/properties/{escape_token(name)}"
                if where not in seen:
                    seen.add(where)
                    findings.append(
                        CheckFinding(
                            f"property {name!r} looks personal; mark it `x-personal-data: true` "
                            "(or false)",
                            where,
                        )
                    )
    return _verdict(findings, ctx)


@python_check(
    "rate-limit-declared",
    "The API tells clients about rate limits (429 responses or RateLimit headers).",
    _NO_ARGS,
)
def rate_limit_declared(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    for operation in ops:
        for code, resp, _ptr in responses(operation):
            resp = deref(spec, resp)
            headers = resp.get("headers") if isinstance(resp, dict) else None
            if code == "429" or (
                isinstance(headers, dict)
                and any(re.match(r"(x-)?rate-?limit", str(h), re.I) for h in headers)
            ):
                return CheckOutcome.passed()
    return CheckOutcome.failed(
        CheckFinding("no operation declares a 429 response or RateLimit headers", "/paths")
    )


# Design --------------------------------------------------------------------------------------


@python_check(
    "problem-json-errors",
    "Error responses (4xx, 5xx, default) use application/problem+json.",
    _NO_ARGS,
)
def problem_json_errors(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    any_error = False
    for operation in operations(spec):
        for code, resp, ptr in responses(operation):
            if not (code[:1] in ("4", "5") or code == "default"):
                continue
            any_error = True
            resp = deref(spec, resp)
            if is_swagger2(spec):
                produces = operation.op.get("produces") or spec.get("produces") or []
                ok = "application/problem+json" in produces
            else:
                content = resp.get("content") if isinstance(resp, dict) else None
                ok = isinstance(content, dict) and any(
                    str(m).startswith("application/problem+") for m in content
                )
            if not ok:
                findings.append(
                    CheckFinding(
                        f"{operation.label} {code}: error body is not application/problem+json", ptr
                    )
                )
    if not any_error:
        return CheckOutcome.inapplicable("no error responses are described")
    return _verdict(findings, ctx)


@python_check(
    "error-responses-declared",
    "Every operation describes at least one error response (4xx, 5xx or default).",
    _NO_ARGS,
)
def error_responses_declared(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    findings = [
        CheckFinding(f"{o.label} describes no error response", f"{o.pointer}/responses")
        for o in ops
        if not any(c[:1] in ("4", "5") or c == "default" for c, _r, _p in responses(o))
    ]
    return _verdict(findings, ctx)


@python_check(
    "json-object-responses",
    "Successful JSON responses are objects, not bare arrays.",
    {
        "type": "object",
        "properties": {"exempt_paths": {"type": "array"}, "exempt_conforms_to": {"type": "array"}},
        "additionalProperties": False,
    },
)
def json_object_responses(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    exempt = [re.compile(p) for p in args.get("exempt_paths", [])]
    info = spec.get("info")
    conforms = str(info.get("x-conforms-to", "")) if isinstance(info, dict) else ""
    for pattern in args.get("exempt_conforms_to", []):
        if conforms and re.search(pattern, conforms, re.I):
            return CheckOutcome.inapplicable(f"the domain standard ({conforms}) fixes the format")
    findings = []
    seen_json = False
    for operation in operations(spec):
        if any(p.search(operation.path) for p in exempt):
            continue
        for code, media, schema, ptr in response_schemas(spec, operation):
            if not code.startswith("2") or "json" not in media:
                continue
            seen_json = True
            node = deref(spec, schema)
            if isinstance(node, dict) and "array" in schema_type(node):
                findings.append(
                    CheckFinding(
                        f"{operation.label} {code} returns a top-level array; wrap it in an object "
                        "so fields can be added later",
                        ptr,
                    )
                )
    if not seen_json:
        return CheckOutcome.inapplicable("no JSON response bodies are described")
    return _verdict(findings, ctx)


_DATE_NAME = re.compile(
    r"(date|time|timestamp|_at$|At$|^created$|^updated$|^modified$|^expires$)", re.I
)


@python_check(
    "datetime-formats", "Date and time properties declare format date or date-time.", _NO_ARGS
)
def datetime_formats(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    seen: set[str] = set()
    for node, ptr in all_schemas(spec):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = deref(spec, sub)
            if not isinstance(sub, dict) or not _DATE_NAME.search(str(name)):
                continue
            if schema_type(sub) == {"string"} and sub.get("format") not in (
                "date",
                "date-time",
                "time",
                "duration",
            ):
                where = f"{ptr}/properties/{escape_token(name)}"
                if where not in seen:
                    seen.add(where)
                    findings.append(
                        CheckFinding(
                            f"property {name!r} holds a date or time but declares no "
                            "format: date-time (ISO 8601)",
                            where,
                        )
                    )
    return _verdict(findings, ctx)


_PAGINATION = re.compile(
    r"^(limit|offset|page|page_?size|per_?page|cursor|page_?token|next|start|count|max_?results|"
    r"page\[.*\])$",
    re.I,
)


@python_check(
    "collections-paginated",
    "GET operations that return lists accept pagination parameters.",
    _NO_ARGS,
)
def collections_paginated(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    collections = 0
    for operation in operations(spec):
        if operation.method != "get" or "{" in operation.path.rsplit("/", 1)[-1]:
            continue
        is_collection = False
        for code, _media, schema, _ptr in response_schemas(spec, operation):
            node = deref(spec, schema)
            if code.startswith("2") and isinstance(node, dict):
                if "array" in schema_type(node):
                    is_collection = True
                props = node.get("properties")
                if isinstance(props, dict) and any(
                    "array" in schema_type(deref(spec, v) if isinstance(v, dict) else {})
                    for v in props.values()
                ):
                    is_collection = True
        if not is_collection:
            continue
        collections += 1
        names = {str(p.get("name", "")) for p, _ in parameters(spec, operation)}
        if not any(_PAGINATION.match(n) for n in names):
            findings.append(
                CheckFinding(
                    f"{operation.label} returns a list but takes no pagination parameter "
                    "(limit/offset, page or cursor)",
                    operation.pointer,
                )
            )
    if not collections:
        return CheckOutcome.inapplicable("no collection endpoints")
    return _verdict(findings, ctx)


@python_check(
    "operation-ids-unique", "Every operation has an operationId, and no two share one.", _NO_ARGS
)
def operation_ids_unique(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    findings = []
    seen: dict[str, str] = {}
    for o in ops:
        oid = o.op.get("operationId")
        if not isinstance(oid, str) or not oid:
            findings.append(CheckFinding(f"{o.label} has no operationId", o.pointer))
        elif oid in seen:
            findings.append(
                CheckFinding(
                    f"{o.label} reuses operationId {oid!r} of {seen[oid]}",
                    f"{o.pointer}/operationId",
                )
            )
        else:
            seen[oid] = o.label
    return _verdict(findings, ctx)


@python_check("operations-described", "Every operation has a summary or description.", _NO_ARGS)
def operations_described(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    findings = [
        CheckFinding(f"{o.label} has neither summary nor description", o.pointer)
        for o in ops
        if not str(o.op.get("summary") or o.op.get("description") or "").strip()
    ]
    return _verdict(findings, ctx)


# Interoperability ----------------------------------------------------------------------------

_STRING_LIST = {"type": "array", "items": {"type": "string"}}


@python_check(
    "has-operation",
    "Some operation's path matches one of `path_patterns` (and `method`, when given), or has "
    "a query parameter matching `parameter_pattern`.",
    {
        "type": "object",
        "properties": {
            "path_patterns": _STRING_LIST,
            "method": {"type": "string"},
            "parameter_pattern": {"type": "string"},
            "marker": {"type": "string"},
            "description": {"type": "string"},
        },
        "additionalProperties": False,
    },
)
def has_operation(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    patterns = [re.compile(p, re.I) for p in args.get("path_patterns", [])]
    param = re.compile(args["parameter_pattern"], re.I) if args.get("parameter_pattern") else None
    marker = args.get("marker")
    for o in ops:
        if args.get("method") and o.method != args["method"]:
            continue
        if any(p.search(o.path) for p in patterns):
            return CheckOutcome.passed()
        if marker and o.op.get(marker) is True:
            return CheckOutcome.passed()
        if param and any(param.search(str(p.get("name", ""))) for p, _ in parameters(spec, o)):
            return CheckOutcome.passed()
    what = args.get("description") or "a matching operation"
    return CheckOutcome.failed(CheckFinding(f"the API offers no {what}", "/paths"))


@python_check(
    "required-operations",
    "Each entry of `operations` ({path, method, parameters}) exists, with those parameters.",
    {
        "type": "object",
        "required": ["operations"],
        "additionalProperties": False,
        "properties": {
            "operations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "method"],
                    "additionalProperties": False,
                    "properties": {
                        "path": {"type": "string"},
                        "method": {"type": "string"},
                        "parameters": _STRING_LIST,
                        "label": {"type": "string"},
                    },
                },
            }
        },
    },
)
def required_operations(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    findings = []
    for want in args["operations"]:
        pattern = re.compile(want["path"], re.I)
        found = [o for o in ops if o.method == want["method"] and pattern.search(o.path)]
        label = want.get("label") or f"{want['method'].upper()} {want['path']}"
        if not found:
            findings.append(CheckFinding(f"required operation {label} is missing", "/paths"))
            continue
        names = {str(p.get("name", "")).lower() for p, _ in parameters(spec, found[0])}
        for req in want.get("parameters", []):
            if req.lower() not in names:
                findings.append(
                    CheckFinding(f"{found[0].label} lacks the {req!r} parameter", found[0].pointer)
                )
    return _verdict(findings, ctx)


@python_check(
    "declared-security-used",
    "An API that is not entirely anonymous declares its security schemes.",
    _NO_ARGS,
)
def declared_security_used(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    needs = [o for o in ops if effective_security(spec, o.op) and not is_anonymous(spec, o.op)]
    writes = [o for o in ops if o.method in ("post", "put", "patch", "delete")]
    if security_schemes(spec):
        return CheckOutcome.passed()
    if needs or writes:
        first = (needs or writes)[0]
        return CheckOutcome.failed(
            CheckFinding(
                f"{first.label} changes data or requires authentication, but no security scheme is "
                "declared",
                first.pointer,
            )
        )
    return CheckOutcome.inapplicable("a read-only API with no authentication")


def _body_fields(spec: Any, schema: Any, depth: int = 0) -> set[str]:
    """Property names of the records a response body carries: the object itself, the items of a
    top-level array, or the items of an array wrapped in an object (`{"services": [...]}`)."""
    node = deref(spec, schema)
    if not isinstance(node, dict) or depth > 8:
        return set()
    names: set[str] = set()
    for key in ("allOf", "oneOf", "anyOf"):
        subs = node.get(key)
        for sub in subs if isinstance(subs, list) else []:
            names |= _body_fields(spec, sub, depth + 1)
    if isinstance(node.get("items"), dict):
        names |= _body_fields(spec, node["items"], depth + 1)
    props = node.get("properties")
    if isinstance(props, dict):
        names |= {str(k) for k in props}
        for sub in props.values():
            inner = deref(spec, sub)
            if isinstance(inner, dict) and "array" in schema_type(inner):
                names |= _body_fields(spec, inner.get("items"), depth + 1)
    return names


@python_check(
    "response-fields",
    "The success response of each listed operation describes records with the listed fields.",
    {
        "type": "object",
        "required": ["operations"],
        "additionalProperties": False,
        "properties": {
            "operations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "method", "fields"],
                    "additionalProperties": False,
                    "properties": {
                        "path": {"type": "string"},
                        "method": {"type": "string"},
                        "fields": _STRING_LIST,
                        "label": {"type": "string"},
                    },
                },
            }
        },
    },
)
def response_fields(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    findings, checked = [], 0
    for want in args["operations"]:
        pattern = re.compile(want["path"], re.I)
        found = [o for o in ops if o.method == want["method"] and pattern.search(o.path)]
        if not found:
            continue  # a missing endpoint is another rule's finding, not this one's
        checked += 1
        operation = found[0]
        bodies = [
            (schema, ptr)
            for code, media, schema, ptr in response_schemas(spec, operation)
            if code.startswith("2") and "json" in media.lower()
        ]
        if not bodies:
            findings.append(
                CheckFinding(
                    f"{operation.label} describes no JSON success body; it must carry "
                    f"{', '.join(want['fields'])}",
                    operation.pointer,
                )
            )
            continue
        schema, ptr = bodies[0]
        missing = [f for f in want["fields"] if f not in _body_fields(spec, schema)]
        if missing:
            findings.append(
                CheckFinding(f"{operation.label} response lacks field(s) {', '.join(missing)}", ptr)
            )
    if not checked:
        return CheckOutcome.inapplicable("none of the operations is offered")
    return _verdict(findings, ctx)
