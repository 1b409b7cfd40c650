"""Personal data: fields say whether they are personal, and personal data is well protected."""

from __future__ import annotations

from typing import Any

from ..base import CheckFinding, CheckOutcome
from ..paths import escape_token
from ..policy import any_of, patterns_arg
from .common import api_check, verdict
from .model import OpenApi


@api_check(
    "no-basic-auth-for-personal-data",
    "An API exposing personal data does not accept HTTP Basic authentication.",
    needs="personal-data",
)
def no_basic_auth(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    base = api.schemes_pointer
    findings = [
        CheckFinding(
            f"security scheme {name!r} is HTTP Basic; personal data needs token-based "
            "authentication",
            f"{base}/{escape_token(name)}",
        )
        for name, s in api.security_schemes.items()
        if s.get("type") == "basic"
        or (s.get("type") == "http" and str(s.get("scheme", "")).lower() == "basic")
    ]
    return verdict(findings, api)


@api_check(
    "oauth-for-personal-data",
    "An API exposing personal data offers OAuth 2.0 or OpenID Connect.",
    needs="personal-data",
)
def oauth_for_personal_data(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    kinds = {s.get("type") for s in api.security_schemes.values()}
    if kinds & {"oauth2", "openIdConnect"}:
        return CheckOutcome.passed()
    where = "/securityDefinitions" if api.swagger2 else "/components"
    return CheckOutcome.failed(
        CheckFinding(
            "personal data is exposed but no oauth2 or openIdConnect security scheme is declared",
            where,
        )
    )


@api_check(
    "personal-data-not-public",
    "Fields marked x-personal-data never appear in responses open to anonymous callers.",
    needs="personal-data",
)
def personal_data_not_public(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    for operation in api.operations:
        if not api.is_anonymous(operation):
            continue
        for code, _media, schema, ptr in api.response_schemas(operation):
            if not code.startswith("2"):
                continue
            for node, sptr in api.walk_schema(schema, ptr):
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
    return verdict(findings, api)


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


@api_check(
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
    not_a_mapping="inapplicable",
)
def personal_fields_marked(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    seen: set[str] = set()
    personal = any_of(args.get("personal_names", PERSONAL_NAMES), whole=True)
    for node, ptr in api.all_schemas():
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, sub in props.items():
            sub = api.deref(sub)
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
    return verdict(findings, api)
