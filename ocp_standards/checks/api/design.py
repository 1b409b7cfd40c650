"""Design: versioning, errors, response shapes, dates, paging, naming and limits of an API."""

from __future__ import annotations

import re
from typing import Any

from ..base import CheckFinding, CheckOutcome
from ..paths import escape_token
from ..policy import any_of, patterns_arg, strings_arg
from .common import api_check, verdict
from .model import OpenApi, responses, schema_type

_MAJOR = re.compile(r"/v(\d+)(?=/|$|\.)", re.I)


@api_check(
    "major-version-in-path",
    "The major version of info.version appears in the base path.",
    not_a_mapping="judge",
)
def major_version_in_path(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    spec, info = api.spec, api.info
    version = str(info.get("version", "")) if info is not None else ""
    m = re.match(r"^v?(\d+)", version)
    if not m:
        return CheckOutcome.inapplicable("info.version has no major number")
    # From here on the description is a mapping with an `info`.
    major = m.group(1)
    bases: list[str] = []
    if api.swagger2:
        bases.append(str(spec.get("basePath", "")))
    else:
        servers = spec.get("servers")
        if isinstance(servers, list):
            bases += [str(s.get("url", "")) for s in servers if isinstance(s, dict)]
    # Hostile descriptions: `paths: 5`, or path keys that YAML read as numbers.
    paths = spec.get("paths")
    keys = [str(p) for p in paths] if isinstance(paths, dict) else []
    prefixes = {p.split("/")[1] for p in keys if p.count("/") > 1}
    found = [m2.group(1) for text in bases for m2 in _MAJOR.finditer(text)]
    found += [p[1:] for p in prefixes if re.fullmatch(r"v\d+", p, re.I)]
    if major in found:
        return CheckOutcome.passed()
    where = "/basePath" if api.swagger2 else "/servers"
    seen = f" (found v{', v'.join(sorted(set(found)))})" if found else ""
    return CheckOutcome.failed(
        CheckFinding(
            f"info.version is {version} but /v{major} is not in the server URL or paths{seen}",
            where,
        )
    )


#: Response headers that tell clients about rate limits (matched from the start, any case).
RATE_LIMIT_HEADERS = (r"(x-)?rate-?limit",)


@api_check(
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
    needs="operations",
)
def rate_limit_declared(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    limit_header = any_of(args.get("rate_limit_headers", RATE_LIMIT_HEADERS))
    for operation in api.operations:
        for code, resp, _ptr in responses(operation):
            resp = api.deref(resp)
            headers = resp.get("headers") if isinstance(resp, dict) else None
            if code == "429" or (
                isinstance(headers, dict) and any(limit_header.match(str(h)) for h in headers)
            ):
                return CheckOutcome.passed()
    return CheckOutcome.failed(
        CheckFinding("no operation declares a 429 response or RateLimit headers", "/paths")
    )


@api_check(
    "problem-json-errors",
    "Error responses (4xx, 5xx, default) use application/problem+json.",
    not_a_mapping="inapplicable",
)
def problem_json_errors(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    any_error = False
    for operation in api.operations:
        for code, resp, ptr in responses(operation):
            if not (code[:1] in ("4", "5") or code == "default"):
                continue
            any_error = True
            resp = api.deref(resp)
            if api.swagger2:
                produces = operation.op.get("produces") or api.spec.get("produces") or []
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
    return verdict(findings, api)


@api_check(
    "error-responses-declared",
    "Every operation describes at least one error response (4xx, 5xx or default).",
    needs="operations",
)
def error_responses_declared(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = [
        CheckFinding(f"{o.label} describes no error response", f"{o.pointer}/responses")
        for o in api.operations
        if not any(c[:1] in ("4", "5") or c == "default" for c, _r, _p in responses(o))
    ]
    return verdict(findings, api)


@api_check(
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
    not_a_mapping="inapplicable",
)
def json_object_responses(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    exempt = [re.compile(p) for p in args.get("exempt_paths", [])]
    info = api.info
    conforms = str(info.get("x-conforms-to", "")) if info is not None else ""
    for pattern in args.get("exempt_conforms_to", []):
        if conforms and re.search(pattern, conforms, re.I):
            return CheckOutcome.inapplicable(f"the domain standard ({conforms}) fixes the format")
    findings = []
    seen_json = False
    for operation in api.operations:
        if any(p.search(operation.path) for p in exempt):
            continue
        for code, media, schema, ptr in api.response_schemas(operation):
            if not code.startswith("2") or "json" not in media:
                continue
            seen_json = True
            node = api.deref(schema)
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
    return verdict(findings, api)


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


@api_check(
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
    not_a_mapping="inapplicable",
)
def datetime_formats(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    seen: set[str] = set()
    date_name = any_of(args.get("date_names", DATE_NAMES))
    formats = list(args.get("date_formats", DATE_FORMATS))
    for node, ptr in api.all_schemas():
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = api.deref(sub)
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
    return verdict(findings, api)


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


@api_check(
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
    not_a_mapping="inapplicable",
)
def collections_paginated(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    collections = 0
    paging = any_of(args.get("pagination_names", PAGINATION_NAMES), whole=True)
    for operation in api.operations:
        if operation.method != "get" or "{" in operation.path.rsplit("/", 1)[-1]:
            continue
        is_collection = False
        for code, _media, schema, _ptr in api.response_schemas(operation):
            node = api.deref(schema)
            if code.startswith("2") and isinstance(node, dict):
                if "array" in schema_type(node):
                    is_collection = True
                props = node.get("properties")
                if isinstance(props, dict) and any(
                    "array" in schema_type(api.deref(v) if isinstance(v, dict) else {})
                    for v in props.values()
                ):
                    is_collection = True
        if not is_collection:
            continue
        collections += 1
        names = {str(p.get("name", "")) for p, _ in api.parameters(operation)}
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
    return verdict(findings, api)


@api_check(
    "operation-ids-unique",
    "Every operation has an operationId, and no two share one.",
    needs="operations",
)
def operation_ids_unique(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    seen: dict[str, str] = {}
    for o in api.operations:
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
    return verdict(findings, api)


@api_check(
    "operations-described", "Every operation has a summary or description.", needs="operations"
)
def operations_described(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = [
        CheckFinding(f"{o.label} has neither summary nor description", o.pointer)
        for o in api.operations
        if not str(o.op.get("summary") or o.op.get("description") or "").strip()
    ]
    return verdict(findings, api)
