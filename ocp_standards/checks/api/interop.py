"""Interoperability: the operations and response fields a domain standard (Open311 GeoReport,
OGC API - Features …) fixes, named by the rule's arguments."""

from __future__ import annotations

import re
from typing import Any

from ..base import CheckFinding, CheckOutcome
from .common import STRING_LIST, api_check, verdict
from .model import OpenApi, deref, schema_type


@api_check(
    "has-operation",
    "Some operation's path matches one of `path_patterns` (and `method`, when given), or has "
    "a parameter matching `parameter_pattern` (any location).",
    {
        "type": "object",
        "properties": {
            "path_patterns": {
                **STRING_LIST,
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
    needs="operations",
)
def has_operation(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    patterns = [re.compile(p, re.I) for p in args.get("path_patterns", [])]
    param = re.compile(args["parameter_pattern"], re.I) if args.get("parameter_pattern") else None
    marker = args.get("marker")
    for o in api.operations:
        if args.get("method") and o.method != args["method"]:
            continue
        if any(p.search(o.path) for p in patterns):
            return CheckOutcome.passed()
        if marker and o.op.get(marker) is True:
            return CheckOutcome.passed()
        if param and any(param.search(str(p.get("name", ""))) for p, _ in api.parameters(o)):
            return CheckOutcome.passed()
    what = args.get("description") or "a matching operation"
    return CheckOutcome.failed(CheckFinding(f"the API offers no {what}", "/paths"))


@api_check(
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
                        "parameters": STRING_LIST,
                        "label": {"type": "string"},
                    },
                },
            }
        },
    },
    not_a_mapping="judge",
)
def required_operations(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    ops = api.operations
    findings = []
    for want in args["operations"]:
        pattern = re.compile(want["path"], re.I)
        found = [o for o in ops if o.method == want["method"] and pattern.search(o.path)]
        label = want.get("label") or f"{want['method'].upper()} {want['path']}"
        if not found:
            findings.append(CheckFinding(f"required operation {label} is missing", "/paths"))
            continue
        names = {str(p.get("name", "")).lower() for p, _ in api.parameters(found[0])}
        for req in want.get("parameters", []):
            if req.lower() not in names:
                findings.append(
                    CheckFinding(f"{found[0].label} lacks the {req!r} parameter", found[0].pointer)
                )
    return verdict(findings, api)


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


@api_check(
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
                        "fields": STRING_LIST,
                        "label": {"type": "string"},
                    },
                },
            }
        },
    },
    not_a_mapping="judge",
)
def response_fields(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    ops = api.operations
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
            for code, media, schema, ptr in api.response_schemas(operation)
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
        missing = [f for f in want["fields"] if f not in _body_fields(api.spec, schema)]
        if missing:
            findings.append(
                CheckFinding(f"{operation.label} response lacks field(s) {', '.join(missing)}", ptr)
            )
    if not checked:
        return CheckOutcome.inapplicable("none of the operations is offered")
    return verdict(findings, api)
