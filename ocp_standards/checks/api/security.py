"""Security: how callers authenticate, and that credentials and open data are handled right."""

from __future__ import annotations

from typing import Any

from ..base import CheckFinding, CheckOutcome
from ..paths import escape_token
from ..policy import any_of, patterns_arg
from .common import api_check, verdict
from .model import OpenApi


@api_check(
    "security-requirements-declared",
    "Every security requirement names a declared security scheme.",
    not_a_mapping="inapplicable",
)
def security_requirements_declared(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    declared = set(api.security_schemes)
    findings = []
    targets = [("", api.spec)] + [(o.pointer, o.op) for o in api.operations]
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
    return verdict(findings, api)


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


@api_check(
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
    not_a_mapping="inapplicable",
)
def no_credentials_in_url(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    findings = []
    credential = any_of(args.get("credential_names", CREDENTIAL_NAMES))
    base = api.schemes_pointer
    for name, scheme in api.security_schemes.items():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "query":
            findings.append(
                CheckFinding(
                    f"security scheme {name!r} sends its key in the query string; use a header",
                    f"{base}/{escape_token(name)}",
                )
            )
    for operation in api.operations:
        for param, ptr in api.parameters(operation):
            where = param.get("in")
            pname = str(param.get("name", ""))
            if where in ("query", "path") and credential.search(pname):
                findings.append(
                    CheckFinding(
                        f"{operation.label}: credential-like parameter {pname!r} in the {where}",
                        ptr,
                    )
                )
    return verdict(findings, api)


@api_check(
    "open-data-is-anonymous",
    "Read operations marked x-open-data need no authentication.",
    not_a_mapping="inapplicable",
)
def open_data_is_anonymous(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    spec_open = api.info is not None and api.info.get("x-open-data") is True
    relevant = [
        o
        for o in api.operations
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
        if not api.is_anonymous(o)
    ]
    return verdict(findings, api)


@api_check(
    "declared-security-used",
    "An API that is not entirely anonymous declares its security schemes.",
    needs="operations",
)
def declared_security_used(api: OpenApi, args: dict[str, Any]) -> CheckOutcome:
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
    ops = api.operations
    needs = [o for o in ops if api.effective_security(o) and not api.is_anonymous(o)]
    writes = [o for o in ops if o.method in ("post", "put", "patch", "delete")]
    if api.security_schemes:
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
