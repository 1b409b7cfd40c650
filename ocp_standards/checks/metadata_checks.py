"""Metadata checks that a declarative path cannot express (GEN-META, GEN-QUAL, GEN-OPEN).

They read the internal MetadataRecord (the subject's `data`, or a golden example shaped like it),
so each works the same for Data Packages, DCAT, data.json and CKAN.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from ..model.metadata import period_days
from ..model.vocabulary import (
    Pinned,
    VocabularyError,
    duration_days,
    frequency_code,
    licence_entry,
    licence_expression_ids,
    normalise_licence,
)
from .base import CheckContext, CheckFinding, CheckOutcome
from .registry import python_check

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _record(ctx: CheckContext) -> dict[str, Any]:
    return ctx.root if isinstance(ctx.root, dict) else {}


@python_check(
    "metadata-contact-point",
    "A valid contact e-mail that reaches the dataset's team, not a generic role inbox.",
    {
        "type": "object",
        "required": ["generic_local_parts"],
        "additionalProperties": False,
        "properties": {
            "generic_local_parts": {
                **_STRINGS,
                "description": "Local parts (before the @, any case) of generic role inboxes "
                "that are not accepted as the contact.",
            }
        },
    },
)
def contact_point(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The record's contact e-mail (from any metadata format) is present, is a syntactically valid
        address, and its part before the @ is not one of `generic_local_parts` (compared in any
        case).
    Why:
        Users with a question or a correction need to reach the team that maintains the data; a
        generic inbox is where such messages go to be lost.
    Passes:
        `transit-data@city.example.ca` when `info` and `opendata` are the generic local parts.
    Fails:
        No contact e-mail ("no contact e-mail address"), `not-an-address`, or `info@city.example.ca`
        ("... is a generic role inbox (info@)").
    """
    email = _record(ctx).get("contact_email")
    if not isinstance(email, str) or not email.strip():
        return CheckOutcome.failed(CheckFinding("no contact e-mail address", "/contact_email"))
    email = email.strip()
    if not _EMAIL.match(email):
        return CheckOutcome.failed(
            CheckFinding(
                f"the contact {email[:60]!r} is not a valid e-mail address", "/contact_email"
            )
        )
    local = email.split("@")[0].lower()
    generic = {g.lower() for g in args["generic_local_parts"]}
    if local in generic:
        return CheckOutcome.failed(
            CheckFinding(
                f"the contact {email!r} is a generic role inbox ({local}@); give an address "
                "of the team that maintains this dataset",
                "/contact_email",
            )
        )
    return CheckOutcome.passed()


def licence_key(value: str) -> str:
    """Compare licences by their essence: scheme, www, trailing slash, legalcode, case."""
    key = value.strip().lower()
    key = re.sub(r"^https?://(www\.)?", "", key)
    key = re.sub(r"(/legalcode(\.[a-z]+)?|/deed\.[a-z]+|\.html?)$", "", key)
    return key.rstrip("/")


@python_check(
    "metadata-open-licence",
    "The licence is on the profile's list of open licences (URIs, SPDX ids or names).",
    {
        "type": "object",
        "required": ["licences"],
        "additionalProperties": False,
        "properties": {
            "licences": {
                **_STRINGS,
                "description": "The open licences accepted: URIs, SPDX ids or names.",
            }
        },
    },
)
def open_licence(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The record declares a licence, and it is one of `licences` once both are reduced to their
        essence: case, `http(s)://`, `www.`, a trailing slash, `/legalcode`, `/deed.xx` and `.html`
        are ignored, so a Creative Commons URI matches in any of its common spellings. SPDX ids and
        names otherwise match only as listed.
    Why:
        Without an open licence, reuse is legally uncertain however open the file looks; a known
        licence lets users and harvesters decide without a lawyer.
    Passes:
        `https://creativecommons.org/licenses/by/4.0/legalcode` when
        `creativecommons.org/licenses/by/4.0` is listed.
    Fails:
        No licence ("no licence is declared"), or `All rights reserved` ("... is not on the list of
        open licences").
    """
    licence = _record(ctx).get("license")
    if not isinstance(licence, str) or not licence.strip():
        return CheckOutcome.failed(CheckFinding("no licence is declared", "/license"))
    allowed = {licence_key(x) for x in args["licences"]}
    if licence_key(licence) in allowed:
        return CheckOutcome.passed()
    return CheckOutcome.failed(
        CheckFinding(
            f"the licence {licence[:100]!r} is not on the list of open licences", "/license"
        )
    )


@python_check(
    "metadata-open-licence",
    "The licence is open by the licence vocabulary the standard version pins.",
    {
        "type": "object",
        "required": ["also_open"],
        "additionalProperties": False,
        "properties": {
            "also_open": {
                **_STRINGS,
                "description": "Licences a profile accepts as open beyond the vocabulary's "
                "judgement (ids, names or URLs, compared as the vocabulary compares them).",
            }
        },
    },
    version=2,
)
def open_licence_v2(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The record declares a licence, and the `licences` vocabulary pinned by the rule's standard
        version marks it open (Open Definition conformant, OSI-approved, DCAT-AP.de `offen`, or a
        city licence we reviewed). The licence may be an id, a name or a URL in any common
        spelling (`/1.0/`, `/1-0/`, `legalcode`, EU licence authority and DCAT-AP.de URIs), or an
        SPDX expression: an `OR` is open when one branch is, an `AND` when every part is.
        `also_open` lists licences a profile accepts on top of the vocabulary.
    Why:
        Without an open licence, reuse is legally uncertain however open the file looks; judging
        by a maintained vocabulary instead of a hand-kept list stops conformant publishers from
        failing over a spelling.
    Passes:
        `http://opendatacommons.org/licenses/odbl/1.0/`,
        `http://publications.europa.eu/resource/authority/licence/CC_BY_4_0`,
        `http://dcat-ap.de/def/licenses/dl-by-de/2.0` or `https://open.toronto.ca/open-data-license/`.
    Fails:
        No licence ("no licence is declared"); a licence the vocabulary knows as not open,
        `https://creativecommons.org/licenses/by-nc/4.0/` ("... is not an open licence"); or one it
        does not know, `All rights reserved` ("... is not a licence the vocabulary knows as open").
    Cannot tell:
        The vocabulary knows the licence but has not reviewed whether it is open.
    """
    licence = _record(ctx).get("license")
    if not isinstance(licence, str) or not licence.strip():
        return CheckOutcome.failed(CheckFinding("no licence is declared", "/license"))
    vocab = Pinned.of("licences", ctx.vocabulary("licences"))
    text = licence.strip()
    shown = text[:100]
    accepted = {normalise_licence(x, vocab) or x.strip().lower() for x in args["also_open"]}
    known = normalise_licence(text, vocab)
    if (known or text.lower()) in accepted:
        return CheckOutcome.passed()
    ids = [known] if known else _expression_ids(text, vocab)
    if not ids:
        return CheckOutcome.failed(
            CheckFinding(
                f"the licence {shown!r} is not a licence the vocabulary knows as open", "/license"
            )
        )
    verdict = _expression_open(text, known, vocab, accepted)
    if verdict is True:
        return CheckOutcome.passed()
    if verdict is None:
        return CheckOutcome.cant_tell(
            f"whether the licence {shown!r} is open has not been reviewed in the vocabulary"
        )
    return CheckOutcome.failed(
        CheckFinding(f"the licence {shown!r} is not an open licence", "/license")
    )


def _expression_ids(text: str, vocab: Pinned) -> list[str]:
    try:
        return sorted(licence_expression_ids(text, vocab))
    except VocabularyError:
        return []


def _open_id(licence_id: str, vocab: Pinned, accepted: set[str]) -> bool | None:
    if licence_id in accepted:
        return True
    entry = licence_entry(licence_id, vocab)
    if entry is None:
        return False
    flag = entry.get("open")
    return flag if isinstance(flag, bool) else None


def _expression_open(
    text: str, known: str | None, vocab: Pinned, accepted: set[str]
) -> bool | None:
    """True, False, or None (not reviewed) for one licence or an SPDX expression of several."""
    if known:
        return _open_id(known, vocab, accepted)
    from boolean import AND, OR
    from license_expression import Licensing

    def judge(node: Any) -> bool | None:
        if isinstance(node, AND | OR):
            parts = [judge(arg) for arg in node.args]
            if isinstance(node, OR):
                return True if True in parts else (None if None in parts else False)
            return False if False in parts else (None if None in parts else True)
        symbol = getattr(node, "license_symbol", node)
        key = str(getattr(symbol, "key", symbol))
        return _open_id(normalise_licence(key, vocab) or key, vocab, accepted)

    return judge(Licensing().parse(text, simple=False))


@python_check(
    "metadata-frequency",
    "The update frequency is an ISO 8601 period or a term of the pinned frequency vocabulary.",
    {"type": "object", "additionalProperties": False, "properties": {}},
)
def frequency_from_vocabulary(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The record declares an update frequency, and it is either an ISO 8601 duration or
        repeating interval (`P1W`, `R/PT15M`, `R/2024-01-01T00:00:00Z/P1D`) or a term of the
        `frequencies` vocabulary pinned by the rule's standard version: an EU frequency code
        (`ANNUAL_2`, `15MIN`, `IRREG`), its URI, or a Dublin Core, DCAT-US or portal spelling
        (`monthly`, `as needed`).
    Why:
        A machine-readable frequency lets portals and users tell fresh data from abandoned data;
        any value a metadata format allows should count, not a short closed list.
    Passes:
        `R/PT15M`, `ANNUAL_2`, `P1W`, `irregular`.
    Fails:
        No frequency ("no update frequency is declared") or `whenever we can` ("the declared
        frequency ... is neither an ISO 8601 period nor a term of the frequency vocabulary").
    """
    record = _record(ctx)
    vocab = Pinned.of("frequencies", ctx.vocabulary("frequencies"))
    values = [record.get("frequency"), record.get("frequency_code")]
    declared = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    if not declared:
        return CheckOutcome.failed(CheckFinding("no update frequency is declared", "/frequency"))
    for value in declared:
        if frequency_code(value, vocab) or duration_days(value) is not None:
            return CheckOutcome.passed()
    return CheckOutcome.failed(
        CheckFinding(
            f"the declared frequency {declared[0][:60]!r} is neither an ISO 8601 period nor a "
            "term of the frequency vocabulary",
            "/frequency",
        )
    )


def parse_date(value: Any) -> dt.datetime | None:
    """ISO 8601 date or date-time (a bare year or year-month counts as its first day)."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    if re.fullmatch(r"\d{4}", v):
        v += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", v):
        v += "-01"
    try:
        parsed = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@python_check(
    "metadata-freshness",
    "Last modified within the declared update period, plus a grace share of that period.",
    {
        "type": "object",
        "required": ["grace"],
        "additionalProperties": False,
        "properties": {
            "grace": {
                "type": "number",
                "minimum": 0,
                "description": "The share of the update period allowed on top of it (0.25 is a "
                "quarter of a period late).",
            }
        },
    },
)
def freshness(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        When the record declares a regular update frequency (read as an ISO 8601 period such as
        P1D, P1W, P1M or P1Y; a month counts 30.44 days, a year 365.25), the last modification must
        be no older, at the run's as-of date, than that period plus `grace` times it: with a grace
        of 0.25 a monthly dataset may be 38 days old.
    Why:
        A dataset that promises monthly updates and stopped a year ago misleads everyone who relies
        on it being current.
    Passes:
        Monthly, last modified 20 days before the as-of date.
    Fails:
        Monthly, last modified 90 days before ("last modified ..., 90 days ago; the declared
        frequency monthly allows 38 days with the grace").
    Does not apply:
        No regular update frequency is declared (irregular, continuous or unknown).
    Cannot tell:
        There is no ISO 8601 modification date to judge by.
    """
    record = _record(ctx)
    code = record.get("frequency_code")
    days = period_days(code if isinstance(code, str) else None)
    if days is None:
        return CheckOutcome.inapplicable("no regular update frequency is declared")
    modified = parse_date(record.get("modified"))
    if modified is None:
        return CheckOutcome.cant_tell("no ISO 8601 modification date to judge freshness by")
    allowed = days * (1 + float(args["grace"]))
    age = (ctx.now - modified).total_seconds() / 86400
    if age <= allowed:
        return CheckOutcome.passed()
    return CheckOutcome.failed(
        CheckFinding(
            f"last modified {record.get('modified')}, {age:.0f} days ago; the declared "
            f"frequency {record.get('frequency')} allows {allowed:.0f} days with the grace",
            "/modified",
        )
    )


@python_check(
    "metadata-temporal-coverage",
    "Temporal coverage has ISO 8601 start and/or end dates, the start not after the end.",
    {"type": "object", "properties": {}, "additionalProperties": False},
)
def temporal_coverage(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The record gives a temporal coverage start and/or end; each given is an ISO 8601 date or
        date-time (a bare year or year-month counts as its first day), and the start is not after
        the end.
    Why:
        Users choose data by the period it covers; without it they have to download the data to find
        out.
    Passes:
        Start `2020-01-01` and end `2024-12-31`; or a start only.
    Fails:
        Neither ("no temporal coverage"), a start `last year`, or a start after the end.
    """
    record = _record(ctx)
    start, end = record.get("temporal_start"), record.get("temporal_end")
    if not start and not end:
        return CheckOutcome.failed(CheckFinding("no temporal coverage", "/temporal_start"))
    findings = []
    for key, value in (("temporal_start", start), ("temporal_end", end)):
        if value and parse_date(value) is None:
            findings.append(
                CheckFinding(f"{key.split('_')[1]} {value!r} is not an ISO 8601 date", f"/{key}")
            )
    s, e = parse_date(start), parse_date(end)
    if s and e and s > e:
        findings.append(
            CheckFinding(f"the coverage starts ({start}) after it ends ({end})", "/temporal_start")
        )
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


_MEDIA = {
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/geo+json": "geojson",
    "application/vnd.geo+json": "geojson",
    "application/x-ndjson": "ndjson",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/pdf": "pdf",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.google-earth.kml+xml": "kml",
    "application/rdf+xml": "rdf",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/zip": "zip",
    "text/html": "html",
    "image/png": "png",
    "image/jpeg": "jpeg",
}


def distribution_formats(dist: dict[str, Any]) -> set[str]:
    """What a distribution offers, from its format, media type and file name."""
    found = set()
    fmt = dist.get("format")
    if isinstance(fmt, str) and fmt.strip():
        found.add(re.split(r"[/#]", fmt.strip().rstrip("/"))[-1].lower().lstrip("."))
    media = dist.get("media_type")
    if isinstance(media, str) and media.strip().lower().split(";")[0] in _MEDIA:
        found.add(_MEDIA[media.strip().lower().split(";")[0]])
    for key in ("path", "url"):
        ref = dist.get(key)
        if isinstance(ref, str):
            suffix = re.search(r"\.([A-Za-z0-9]{2,7})$", ref.split("?")[0])
            if suffix:
                found.add(suffix.group(1).lower())
    return found


@python_check(
    "metadata-offers-format",
    "At least one distribution is in one of the given formats.",
    {
        "type": "object",
        "required": ["formats", "what"],
        "additionalProperties": False,
        "properties": {
            "formats": {
                **_STRINGS,
                "description": "Format names (file extensions such as csv, json, geojson; any "
                "case), one of which a distribution must offer.",
            },
            "what": {
                "type": "string",
                "description": "The kind of format wanted, in words, for the finding.",
            },
        },
    },
)
def offers_format(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        At least one distribution of the record is in one of `formats` (any case). A distribution's
        formats come from its declared format (the last part of a URI such as .../file-type/CSV),
        its media type (text/csv is csv, application/geo+json is geojson ...) and the extension of
        its path or URL. `what` names the kind of format in the finding.
    Why:
        Data locked in a format that needs one vendor's product, or that no program can read, is
        published only in name.
    Passes:
        With `formats: [csv, json]`, a distribution `data.csv`.
    Fails:
        Only `report.pdf` ("no distribution in a machine-readable format: offered pdf"), or no
        distribution at all.
    """
    dists = [d for d in _record(ctx).get("distributions") or [] if isinstance(d, dict)]
    if not dists:
        return CheckOutcome.failed(
            CheckFinding("the record lists no distribution", "/distributions")
        )
    wanted = {f.lower() for f in args["formats"]}
    offered = sorted(set().union(*(distribution_formats(d) for d in dists)))
    if wanted & set(offered):
        return CheckOutcome.passed()
    shown = ", ".join(offered) if offered else "no recognisable format"
    return CheckOutcome.failed(
        CheckFinding(
            f"no distribution in {args['what']}: offered {shown}",
            "/distributions",
            examples=offered[:3],
        )
    )


@python_check(
    "catalog-unique-identifiers",
    "No two datasets of a catalogue share an identifier.",
    {"type": "object", "properties": {}, "additionalProperties": False},
)
def unique_identifiers(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        In a catalogue, no two datasets carry the same `identifier` (compared exactly; datasets
        without one are not counted). Each repeated identifier is one finding with how many datasets
        share it.
    Why:
        Harvesters and links use the identifier as the key: duplicates overwrite each other or send
        users to the wrong dataset.
    Passes:
        Identifiers `parking-2024` and `parking-2025`.
    Fails:
        Two datasets both identified `parking` ("identifier 'parking' is used by 2 datasets").
    Does not apply:
        The catalogue lists no dataset.
    """
    datasets = _record(ctx).get("datasets")
    if not isinstance(datasets, list) or not datasets:
        return CheckOutcome.inapplicable("the catalogue lists no dataset")
    ids = [d.get("identifier") for d in datasets if isinstance(d, dict)]
    counts = Counter(i for i in ids if isinstance(i, str))
    dupes = [i for i, n in counts.items() if n > 1]
    if not dupes:
        return CheckOutcome.passed()
    findings = []
    for ident in dupes:
        first = ids.index(ident)
        findings.append(
            CheckFinding(
                f"identifier {ident[:80]!r} is used by {counts[ident]} datasets",
                f"/datasets/{first}/identifier",
                count=counts[ident],
            )
        )
    return CheckOutcome.failed(*findings)
