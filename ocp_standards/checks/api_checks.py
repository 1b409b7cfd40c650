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
from .policy import any_of, patterns_arg, strings_arg
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
    """What it checks:
        Takes the major number of `info.version` (`2.1.0` or `v2` give 2) and looks for the segment
        `/v2` (any case, followed by `/`, `.` or the end) in the base path: Swagger 2.0's
        `basePath`, or any of OpenAPI 3's `servers[].url`. A first path segment `v2` of the paths
        (`/v2/items`) counts too.
    Why:
        With the major version in the URL, clients pinned to /v1 keep working when /v2 ships
        breaking changes; otherwise every breaking change breaks every client at once.
    Passes:
        `info.version: 1.4.0` with `servers: [{url: https://api.example.org/v1}]`.
    Fails:
        `info.version: 2.0.0` with the server URL `https://api.example.org/v1` ("info.version is
        2.0.0 but /v2 is not in the server URL or paths (found v1)").
    Does not apply:
        `info.version` does not start with a number (e.g. `beta`).
    """
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
    """What it checks:
        Every security requirement, in the global `security` list and in each operation's, names
        only schemes declared in `components.securitySchemes` (Swagger 2.0: `securityDefinitions`).
        The empty requirement `{}` (anonymous access) names none and is fine.
    Why:
        A requirement naming an undeclared scheme leaves clients and gateways unable to tell how to
        authenticate: some tools then treat the operation as open, others reject the description.
    Passes:
        `security: [{oauth: [read]}]` with a scheme `oauth` declared; a description with no security
        requirements.
    Fails:
        `security: [{apiKey: []}]` when no scheme `apiKey` is declared ("security requirement uses
        undeclared scheme 'apiKey'").
    Does not apply:
        The document is not a mapping.
    """
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


#: Parameter names that look like credentials (searched in the name, any case).
CREDENTIAL_NAMES = (
    r"api[-_]?key",
    r"apikey",
    r"access[-_]?token",
    r"auth[-_]?token",
    r"^token$",
    r"secret",
    r"password",
    r"passwd",
    r"^key$",
    r"client[-_]?secret",
    r"session[-_]?id",
)


@python_check(
    "no-credentials-in-url",
    "No API key, token or password travels in the URL (path or query).",
    {
        "type": "object",
        "properties": {
            "credential_names": patterns_arg(
                "Regular expressions for credential-like parameter names, searched in the name "
                "of each query and path parameter (any case; use ^ and $ to match a whole name).",
                CREDENTIAL_NAMES,
            )
        },
        "additionalProperties": False,
    },
)
def no_credentials_in_url(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Two things. Every `apiKey` security scheme that sends its key `in: query` is a finding. And
        every parameter `in: query` or `in: path` (path-level or the operation's own) whose name
        contains a match of one of `credential_names` is a finding (regular expressions searched in
        the name, any case; by default API key, access or auth token, a bare `token` or `key`,
        secret, password or passwd, client secret and session id). Header and cookie parameters are
        not judged.
    Why:
        URLs are written to server and proxy logs, browser history and referrer headers, so a
        credential in a URL leaks to all of them.
    Passes:
        An `apiKey` scheme `in: header`; query parameters such as `page` or `status`.
    Fails:
        An `apiKey` scheme `in: query` ("sends its key in the query string; use a header"); a query
        parameter `access_token` ("credential-like parameter 'access_token' in the query").
    Does not apply:
        The document is not a mapping.
    """
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    credential = any_of(args.get("credential_names", CREDENTIAL_NAMES))
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
            if where in ("query", "path") and credential.search(pname):
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
    """What it checks:
        When anything in the description is marked `x-personal-data: true` (a property, a schema, an
        operation), no declared security scheme may be HTTP Basic: `type: basic` in Swagger 2.0, or
        `type: http` with `scheme: basic` (any case) in OpenAPI 3. Each such scheme is a finding.
    Why:
        Basic authentication sends a reusable password with every request; it cannot be scoped,
        expires never and is easily logged. Personal data needs token-based access.
    Passes:
        Personal fields marked, and only a bearer or OAuth 2.0 scheme declared.
    Fails:
        Personal fields marked, and a scheme `{type: http, scheme: basic}` ("security scheme ... is
        HTTP Basic; personal data needs token-based authentication").
    Does not apply:
        Nothing is marked `x-personal-data: true`.
    """
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
    """What it checks:
        When anything is marked `x-personal-data: true`, at least one declared security scheme has
        type `oauth2` or `openIdConnect`. Being declared is enough; which operations use it is not
        checked.
    Why:
        Delegated, scoped tokens let the city grant, limit and revoke access to personal data per
        user and per application; a shared key or password cannot.
    Passes:
        Personal fields marked, and a scheme `{type: oauth2, flows: ...}`.
    Fails:
        Personal fields marked, and only an API-key scheme ("personal data is exposed but no oauth2
        or openIdConnect security scheme is declared").
    Does not apply:
        Nothing is marked `x-personal-data: true`.
    """
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
    """What it checks:
        GET and HEAD operations that serve open data: marked `x-open-data: true` on the operation,
        or on `info` for the whole API (an operation may opt out with `x-open-data: false`). Each
        must be callable anonymously: its effective security (its own `security`, else the global
        one) is empty or includes the empty alternative `{}`.
    Why:
        Open data behind a key or a login is not open: it shuts out anonymous reuse and adds a step
        for every user.
    Passes:
        `info.x-open-data: true` with no security, or with `security: [{}, {apiKey: []}]`.
    Fails:
        A GET marked `x-open-data: true` with `security: [{apiKey: []}]` ("... serves open data but
        requires authentication").
    Does not apply:
        No GET or HEAD operation is marked as open data.
    """
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
    """What it checks:
        For every operation callable anonymously (no effective security requirement, or the empty
        alternative `{}`): none of its 2xx response schemas contains a schema marked
        `x-personal-data: true` at any depth (properties, items, additionalProperties, allOf, anyOf,
        oneOf, internal references followed), and the operation itself is not marked
        `x-personal-data: true`.
    Why:
        A field marked personal in a response anyone can fetch without logging in is published to
        the world, whatever the documentation says.
    Passes:
        The operations returning marked fields require an OAuth 2.0 scheme.
    Fails:
        An anonymous GET whose 200 response has `email: {type: string, x-personal-data: true}` ("...
        is open to anonymous callers but returns personal field 'email'").
    Does not apply:
        Nothing is marked `x-personal-data: true`.
    """
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


#: Property names that look personal (each matched against the whole name, any case).
PERSONAL_NAMES = (
    r"e?mail",
    r"email_address",
    r"phone",
    r"phone_number",
    r"telephone",
    r"mobile",
    r"first_name",
    r"last_name",
    r"full_name",
    r"given_name",
    r"family_name",
    r"surname",
    r"date_of_birth",
    r"dob",
    r"birth_?date",
    r"sin",
    r"ssn",
    r"social_insurance_number",
    r"home_address",
    r"street_address",
    r"licen[cs]e_plate",
    r"plate",
    r"ip_address",
    r"device_id",
)


@python_check(
    "personal-fields-marked",
    "Properties that look personal say whether they are (x-personal-data).",
    {
        "type": "object",
        "properties": {
            "personal_names": patterns_arg(
                "Regular expressions for property names that look personal, each matched "
                "against the whole property name (any case).",
                PERSONAL_NAMES,
            )
        },
        "additionalProperties": False,
    },
)
def personal_fields_marked(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every property of every schema (component schemas or Swagger definitions, and every response
        schema, walked through references, items and compositions) whose whole name matches one of
        `personal_names` (regular expressions, any case; by default names such as email, phone,
        first_name, surname, date_of_birth, sin, home_address, licence_plate, ip_address, device_id)
        carries the key `x-personal-data`, true or false. Names are compared whole: `contact_email`,
        or a bare `name` or `address`, is not on the default list.
    Why:
        An explicit marking tells reviewers, gateways and the other personal-data rules
        (EXC-API-012, 024, 026 read it) which fields are personal; without it personal data passes
        unnoticed.
    Passes:
        `email: {type: string, x-personal-data: true}`; `phone: {type: string, x-personal-data:
        false}` for a service's public number.
    Fails:
        `email: {type: string}` ("property 'email' looks personal; mark it `x-personal-data: true`
        (or false)").
    Does not apply:
        The document is not a mapping.
    """
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    seen: set[str] = set()
    personal = any_of(args.get("personal_names", PERSONAL_NAMES), whole=True)
    for node, ptr in all_schemas(spec):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = deref(spec, sub)
            if personal.match(str(name)) and isinstance(sub, dict) and "x-personal-data" not in sub:
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


#: Response headers that tell clients about rate limits (matched from the start, any case).
RATE_LIMIT_HEADERS = (r"(x-)?rate-?limit",)


@python_check(
    "rate-limit-declared",
    "The API tells clients about rate limits (429 responses or RateLimit headers).",
    {
        "type": "object",
        "properties": {
            "rate_limit_headers": patterns_arg(
                "Regular expressions for rate-limit response headers, matched from the start of "
                "the header name (any case).",
                RATE_LIMIT_HEADERS,
            )
        },
        "additionalProperties": False,
    },
)
def rate_limit_declared(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        At least one operation declares a `429` response, or a response with a header whose name
        begins with a match of one of `rate_limit_headers` (regular expressions matched from the
        start of the header name, any case; by default `RateLimit...` or `X-RateLimit...`, with or
        without a hyphen between rate and limit). One operation is enough.
    Why:
        Clients that know how limits show up can slow down and retry; clients that do not keep
        hammering the API or fail in unexplained ways.
    Passes:
        An operation with a `429` response, or with a `RateLimit-Remaining` header on its 200
        response.
    Fails:
        No operation declares either ("no operation declares a 429 response or RateLimit headers").
    Does not apply:
        The description has no operations.
    """
    spec = _spec(ctx)
    ops = list(operations(spec)) if spec else []
    if not ops:
        return CheckOutcome.inapplicable("no operations")
    limit_header = any_of(args.get("rate_limit_headers", RATE_LIMIT_HEADERS))
    for operation in ops:
        for code, resp, _ptr in responses(operation):
            resp = deref(spec, resp)
            headers = resp.get("headers") if isinstance(resp, dict) else None
            if code == "429" or (
                isinstance(headers, dict) and any(limit_header.match(str(h)) for h in headers)
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
    """What it checks:
        Every error response (status 4xx, 5xx or `default`) of every operation. In OpenAPI 3 its
        `content` must have a media type beginning with `application/problem+` (so problem+json, and
        also problem+xml); a response with no content fails. In Swagger 2.0 the operation's
        `produces` (else the document's) must list `application/problem+json`.
    Why:
        RFC 9457 problem details give every error the same machine-readable shape (type, title,
        status, detail), so clients handle errors once instead of once per API.
    Passes:
        `'404': {content: {application/problem+json: {schema: ...}}}`.
    Fails:
        `'404': {description: Not found}`, or an error body in `application/json` ("GET /items 404:
        error body is not application/problem+json").
    Does not apply:
        No operation describes an error response.
    """
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
    """What it checks:
        Every operation has at least one response whose status is 4xx, 5xx or `default`.
    Why:
        An operation documented only for success leaves clients to guess what failure looks like.
    Passes:
        `responses: {'200': ..., '404': ...}`.
    Fails:
        `responses: {'200': ...}` only ("GET /items describes no error response").
    Does not apply:
        The description has no operations.
    """
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
        "properties": {
            "exempt_paths": {
                "type": "array",
                "description": "Regular expressions; an operation whose path contains a match "
                "(case-sensitive) is not judged.",
            },
            "exempt_conforms_to": {
                "type": "array",
                "description": "Regular expressions searched in `info.x-conforms-to` (any case); "
                "a match makes the rule inapplicable (a domain standard that fixes the format).",
            },
        },
        "additionalProperties": False,
    },
)
def json_object_responses(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every 2xx response whose media type contains `json` has a schema that is not typed `array`
        at the top level (after following a reference). Operations whose path contains a match of
        one of `exempt_paths` (regular expressions, case-sensitive) are skipped; the whole API is
        exempt when its `info.x-conforms-to` contains a match of one of `exempt_conforms_to` (any
        case).
    Why:
        An object at the top level can gain fields later (paging links, counts, warnings) without
        breaking clients; a bare array cannot.
    Passes:
        `{type: object, properties: {items: {type: array}}}`.
    Fails:
        `{type: array, items: ...}` ("GET /items 200 returns a top-level array; wrap it in an object
        so fields can be added later").
    Does not apply:
        `info.x-conforms-to` names an exempt domain standard (e.g. Open311 GeoReport v2, which fixes
        arrays), or no JSON success body is described.
    """
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


#: Property names that say they hold a date or time (searched in the name, any case).
DATE_NAMES = (
    r"date",
    r"time",
    r"timestamp",
    r"_at$",
    r"At$",
    r"^created$",
    r"^updated$",
    r"^modified$",
    r"^expires$",
)
#: The `format` values a date or time string property may declare.
DATE_FORMATS = ("date", "date-time", "time", "duration")


@python_check(
    "datetime-formats",
    "Date and time properties declare format date or date-time.",
    {
        "type": "object",
        "properties": {
            "date_names": patterns_arg(
                "Regular expressions for property names that hold dates or times, searched in "
                "the name (any case; use ^ and $ to match a whole name).",
                DATE_NAMES,
            ),
            "date_formats": strings_arg(
                "The `format` values that such a string property may declare.", DATE_FORMATS
            ),
        },
        "additionalProperties": False,
    },
)
def datetime_formats(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every property (of component schemas or definitions, and of response schemas) whose name
        contains a match of one of `date_names` (regular expressions, any case; by default `date`,
        `time` or `timestamp` anywhere in the name, a name ending in `_at` or `At`, or exactly
        created, updated, modified or expires) and whose `type` is exactly `string` declares a
        `format` listed in `date_formats` (by default date, date-time, time or duration). Other
        types (an integer of epoch seconds, or a type list such as `[string, "null"]`) are not
        judged. The match is on any part of the name, so `candidate` or `timezone` are judged too.
    Why:
        A declared ISO 8601 format tells clients to read the value as a date, not as free text;
        generators then produce date types and validators catch malformed values.
    Passes:
        `created_at: {type: string, format: date-time}`.
    Fails:
        `opened_date: {type: string}` ("property 'opened_date' holds a date or time but declares no
        format: date-time (ISO 8601)").
    Does not apply:
        The document is not a mapping.
    """
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    seen: set[str] = set()
    date_name = any_of(args.get("date_names", DATE_NAMES))
    formats = list(args.get("date_formats", DATE_FORMATS))
    for node, ptr in all_schemas(spec):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = deref(spec, sub)
            if not isinstance(sub, dict) or not date_name.search(str(name)):
                continue
            if schema_type(sub) == {"string"} and sub.get("format") not in formats:
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


#: Parameter names that page through a list (each matched against the whole name, any case).
PAGINATION_NAMES = (
    r"limit",
    r"offset",
    r"page",
    r"page_?size",
    r"per_?page",
    r"cursor",
    r"page_?token",
    r"next",
    r"start",
    r"count",
    r"max_?results",
    r"page\[.*\]",
)


@python_check(
    "collections-paginated",
    "GET operations that return lists accept pagination parameters.",
    {
        "type": "object",
        "properties": {
            "pagination_names": patterns_arg(
                "Regular expressions for pagination parameter names, each matched against the "
                "whole parameter name (any case).",
                PAGINATION_NAMES,
            )
        },
        "additionalProperties": False,
    },
)
def collections_paginated(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        A GET operation whose path does not end in a `{parameter}` segment is a collection when one
        of its 2xx response schemas is an array, or an object with at least one array-typed
        property. Each collection must take a parameter (path-level or its own, in any location)
        whose whole name matches one of `pagination_names` (regular expressions, any case; by
        default limit, offset, page, page_size, per_page, cursor, page_token, next, start, count,
        max_results and `page[...]`).
    Why:
        An unpaged list grows with the data until responses time out or exhaust memory on either
        side; paging keeps every response bounded.
    Passes:
        GET /requests returning an array, with query parameters `limit` and `offset`.
    Fails:
        GET /requests returning an array with neither ("GET /requests returns a list but takes no
        pagination parameter (limit/offset, page or cursor)").
    Does not apply:
        No GET operation returns a list.
    """
    spec = _spec(ctx)
    if spec is None:
        return CheckOutcome.inapplicable()
    findings = []
    collections = 0
    paging = any_of(args.get("pagination_names", PAGINATION_NAMES), whole=True)
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
        if not any(paging.match(n) for n in names):
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
    """What it checks:
        Every operation has a non-empty string `operationId`, and no two operations share one (each
        repeat is a finding naming the first user).
    Why:
        Code generators name methods after operationIds and documentation links to them; a missing
        or repeated id gives broken or colliding names.
    Passes:
        `listRequests` on GET /requests and `createRequest` on POST /requests.
    Fails:
        An operation without `operationId`, or two operations both called `getItem`.
    Does not apply:
        The description has no operations.
    """
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
    """What it checks:
        Every operation has a non-blank `summary` or `description`.
    Why:
        An operation without words leaves people to guess its purpose from its path; generated
        documentation shows nothing.
    Passes:
        `get: {summary: List service requests, ...}`.
    Fails:
        An operation with neither ("GET /items has neither summary nor description").
    Does not apply:
        The description has no operations.
    """
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
    "a parameter matching `parameter_pattern` (any location).",
    {
        "type": "object",
        "properties": {
            "path_patterns": {
                **_STRING_LIST,
                "description": "Regular expressions searched in each operation's path (any case).",
            },
            "method": {
                "type": "string",
                "description": "Only operations of this HTTP method (lower case, e.g. `get`).",
            },
            "parameter_pattern": {
                "type": "string",
                "description": "A regular expression searched in the name of each parameter of "
                "an operation (any case, any location).",
            },
            "marker": {
                "type": "string",
                "description": "An extension key: an operation with `<marker>: true` counts.",
            },
            "description": {
                "type": "string",
                "description": "What is looked for, in words, for the finding.",
            },
        },
        "additionalProperties": False,
    },
)
def has_operation(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Passes as soon as one operation (of HTTP method `method`, when given) has a path containing
        a match of one of `path_patterns` (regular expressions, any case), or is marked `<marker>:
        true`, or has a parameter (path-level or its own, in any location) whose name contains a
        match of `parameter_pattern` (any case). Otherwise one finding names what was looked for, in
        the rule's `description`.
    Why:
        Some capabilities (a change feed, a bulk download) matter more than their exact path; this
        finds them wherever the API puts them.
    Passes:
        With `path_patterns: ['/(changes|events)$']`, an operation GET /requests/changes.
    Fails:
        No operation matches ("the API offers no incremental change feed or since-parameter").
    Does not apply:
        The description has no operations.
    """
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
                "description": "The operations that must exist: each a `path` (a regular "
                "expression searched in the path, any case), a `method` (lower case), optional "
                "`parameters` (names, any case) and an optional `label` for the finding.",
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
    """What it checks:
        For each entry of `operations`, some operation has the entry's `method` and a path
        containing a match of its `path` (a regular expression, any case). The first such operation
        must take every name in the entry's `parameters` (path-level or its own parameters, any
        location, names compared without regard to case).
    Why:
        A domain standard (Open311 GeoReport, OGC API - Features) fixes the endpoints its clients
        call; a missing endpoint or parameter breaks every client built for that standard.
    Passes:
        With an entry `{path: /requests.json, method: get, parameters: [service_code]}`, GET
        /requests.json taking `service_code`.
    Fails:
        "required operation GET /services.json is missing", or "GET /requests.json lacks the
        'service_code' parameter".
    """
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
    """What it checks:
        When at least one operation changes data (POST, PUT, PATCH or DELETE) or has an effective
        security requirement that does not allow anonymous access, the description declares at least
        one security scheme. Which schemes the requirements name is EXC-API-025's question; any
        declared scheme passes.
    Why:
        An API that changes data or needs a login, yet declares no way to authenticate, leaves
        clients and reviewers unable to tell how access is protected, or whether it is.
    Passes:
        A POST operation and a declared `oauth2` scheme.
    Fails:
        POST /requests and no security scheme ("POST /requests changes data or requires
        authentication, but no security scheme is declared").
    Does not apply:
        The description has no operations, or it is read-only and anonymous and declares no scheme.
    """
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
                "description": "The operations to look at: each a `path` (a regular expression "
                "searched in the path, any case), a `method` (lower case), the `fields` every "
                "record of its success response must have, and an optional `label`.",
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
    """What it checks:
        For each entry of `operations` (a `path` regular expression searched in the path, any case,
        a `method` and the `fields`), the first operation offered that matches: its first 2xx
        response with a JSON media type must describe records carrying all `fields`. A record's
        fields are the properties of the body itself, of the items of a top-level array, or of the
        items of an array property (`{"services": [...]}`), through internal references and allOf,
        oneOf, anyOf.
    Why:
        Clients of a domain standard read the fields it defines; a response that lacks them breaks
        those clients even when the endpoint exists.
    Passes:
        GET /services.json returning an array of objects with service_code and service_name.
    Fails:
        The response lacks a field ("GET /services.json response lacks field(s) service_name"), or
        the operation describes no JSON success body.
    Does not apply:
        None of the listed operations is offered (a missing endpoint is another rule's finding).
    """
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
