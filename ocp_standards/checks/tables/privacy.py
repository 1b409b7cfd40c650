"""Privacy checks on table values and column names (GEN-PRIV rules).

Detectors are patterns and checksums only: no model downloads, nothing leaves the machine. A
finding names the column, counts the hits and quotes masked examples; the personal value itself
never reaches the report.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ...sources.blocks import INDEX, column
from ...sources.tables import Table
from ..base import CheckContext, CheckFinding, CheckOutcome
from ..registry import python_check
from .fused import Analysis, analysed, analysis, memo_of, run_pass
from .quality import ColumnScan, Hits, aggregate, run_on_table

_OBJ = "object"


def mask(value: str) -> str:
    """Keep the shape, not the content: j***@e***.org, *** *** 286, M*** ***, 1*** Main St."""
    value = value.strip()
    if "@" in value:
        user, _, domain = value.partition("@")
        host, _, tld = domain.rpartition(".")
        return f"{user[:1]}***@{host[:1]}***.{tld}" if host else f"{user[:1]}***@***"
    digits = sum(ch.isdigit() for ch in value)
    if digits >= 6:
        # Long numbers keep their last three digits and separators, as receipts do.
        out, seen = [], 0
        for ch in reversed(value):
            if ch.isdigit():
                seen += 1
                out.append(ch if seen <= 3 else "*")
            else:
                out.append(ch)
        return "".join(reversed(out))
    words = value.split()
    if len(words) > 1:  # an address: hide the number and the street name's letters
        return " ".join(w[:1] + "***" for w in words[:2]) + (
            " " + words[-1] if len(words) > 2 else ""
        )
    return value[:1] + "***" if len(value) > 1 else "***"


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(\+?1[\s.-]?)?(\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}|\+\d{1,3}[\s.-]?\d{2,4}([\s.-]?\d{2,4}){2,4}"
)
_SIN = re.compile(r"\d{3}[\s-]?\d{3}[\s-]?\d{3}")
_POSTAL = re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d", re.I)
_STREET = re.compile(
    r"\d{1,6}[A-Za-z]?(-\d{1,5})?,?\s+([\w.'-]+\s){0,4}(street|st|avenue|ave|road|rd|boulevard|"
    r"blvd|drive|dr|lane|ln|way|court|ct|crescent|cres|place|pl|terrace|parkway|pkwy|highway|hwy|"
    r"rue|chemin|strasse|straße|str|weg|allee|platz)\b\.?.*",
    re.I,
)


def _is_ip(value: str) -> bool:
    if not re.fullmatch(r"[0-9a-fA-F:.]{7,45}", value):
        return False
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return False
    # Version-like strings (1.2.3.4) are rare in data; private addresses identify devices too.
    return not ip.is_unspecified


@dataclass(frozen=True)
class Detector:
    what: str
    match: Callable[[str], bool]
    #: Share of a column's candidate values that must match before the column is flagged.
    column_share: float = 0.0
    #: Which values are candidates (default: every non-empty value).
    candidate: Callable[[str], bool] | None = None
    #: A cheap necessary condition tried first: most cells are rejected without a regex.
    quick: Callable[[str], bool] | None = None
    #: A necessary condition as a native regex on the raw cell (surrounding space allowed), so
    #: whole blocks are filtered natively and Python only sees the few cells that survive.
    prefilter: str | None = None


#: Whitespace as Python's str.strip() and \s see it (the native \s lacks \x1c-\x1f).
_S = r"[\s\x1c-\x1f]"


def _native(core: str) -> str:
    return f"^{_S}*(?:{core}){_S}*$"


def _sin(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    return _SIN.fullmatch(value) is not None and luhn(digits)


DETECTORS: dict[str, Detector] = {
    "email": Detector(
        "e-mail address(es)",
        lambda v: _EMAIL.fullmatch(v) is not None,
        quick=lambda v: "@" in v,
        prefilter="@",
    ),
    "phone": Detector(
        "phone number(s)",
        lambda v: _PHONE.fullmatch(v) is not None,
        quick=lambda v: 10 <= len(v) <= 32 and (v[0].isdigit() or v[0] in "+("),
        # Only digits, separators, "+" and brackets; at least seven digits.
        prefilter=_native(r"[\d+(][\d\s\x1c-\x1f+().-]{9,31}"),
    ),
    # One random 9-digit number in ten passes Luhn, so a column of plain IDs is not flagged:
    # nearly all of its nine-digit values must pass the checksum.
    "sin": Detector(
        "Canadian social insurance number(s) (valid checksum)",
        _sin,
        column_share=0.9,
        candidate=lambda v: _SIN.fullmatch(v) is not None,
        quick=lambda v: 9 <= len(v) <= 11 and v[0].isdigit(),
        prefilter=_native(r"\d{3}[\s\x1c-\x1f-]?\d{3}[\s\x1c-\x1f-]?\d{3}"),
    ),
    "postal_code": Detector(
        "full postal code(s)",
        lambda v: _POSTAL.fullmatch(v) is not None,
        quick=lambda v: 6 <= len(v) <= 7 and v[0].isalpha(),
        prefilter=_native(r"(?i)[a-z\x{17f}\x{212a}]\d[a-z\x{17f}\x{212a}]\s?\d\w\d"),
    ),
    "ip": Detector(
        "IP address(es)",
        _is_ip,
        # Dotted IPv4 starts with a digit; IPv6 has at least two colons.
        quick=lambda v: (
            len(v) <= 45 and ((v[0].isdigit() and v.count(".") == 3) or v.count(":") >= 2)
        ),
        # ipaddress reads IPv4 as four ASCII decimal octets; IPv6 needs two colons.
        prefilter=_native(
            r"[0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*"
        ),
    ),
    "street_address": Detector(
        "exact street address(es) (house number and street)",
        # "100 block of Main St" is the generalised form the rule asks for.
        lambda v: _STREET.fullmatch(v) is not None and not re.search(r"\bblock\b", v, re.I),
        quick=lambda v: v[:1].isdigit(),
        prefilter=_native(r"(?i)\d{1,6}[a-z\x{17f}\x{212a}]?(-\d{1,5})?,?[\s\x1c-\x1f].*"),
    ),
}


def _is_sensitive(table: Table, ctx: CheckContext, args: dict[str, Any]) -> bool:
    """Marked sensitive by its metadata (data package) or by the profile's parameter."""
    root = ctx.root if isinstance(ctx.root, dict) else {}
    return bool(table.sensitive or args.get("sensitive") or root.get("sensitive") is True)


@python_check(
    "personal-values",
    "No column holds values of the given personal-data kind (masked in the report).",
    {
        "type": _OBJ,
        "required": ["detector"],
        "additionalProperties": False,
        "properties": {
            "detector": {
                "enum": sorted(DETECTORS),
                "description": "Which kind of personal value to look for.",
            },
            "only_sensitive": {
                "type": "boolean",
                "default": False,
                "description": "Judge only datasets marked sensitive (else the rule does not "
                "apply).",
            },
            "sensitive": {
                "type": "boolean",
                "default": False,
                "description": "Treat the dataset as sensitive (a profile sets this for a "
                "portal whose data is).",
            },
            "ignore_local_parts": {
                "type": "array",
                "items": {"type": "string"},
                "description": "E-mail local parts (before the @, any case) of role inboxes "
                "that are not personal.",
            },
        },
    },
)
def personal_values(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Runs the personal-data detector named by `detector` on every non-empty cell of every column,
        the cell trimmed of surrounding whitespace. The whole cell must be such a value: one inside
        a sentence is not detected.
        - `email`: an e-mail address; one whose part before the @ is in `ignore_local_parts` (role
          inboxes such as info@) is not counted.
        - `phone`: a North American number (optional +1, area code with or without brackets,
          separators) or an international one starting with +.
        - `sin`: nine digits (or 3-3-3 groups split by spaces or hyphens) passing the Luhn checksum;
          a column is flagged only when at least 90% of its nine-digit values pass, as one random
          number in ten does.
        - `postal_code`: a full six-character Canadian postal code (A1A 1A1).
        - `ip`: an IPv4 or IPv6 address other than the unspecified one.
        - `street_address`: a house number followed within a few words by a street type (street,
          ave, rd, rue, strasse ...); "100 block of Main St" is not counted.
        Each column with hits is one finding with the count, the first lines and masked examples.
        With `only_sensitive`, the rule applies only to a dataset marked sensitive: by its metadata,
        by `sensitive: true` in an example, or by the `sensitive` argument.
    Why:
        A published value that identifies a person cannot be taken back; detecting values catches
        what an innocent column name hides.
    Passes:
        A column of role inboxes `opendata@city.ca` with `ignore_local_parts: [opendata]`; locations
        given as "100 block of Main St".
    Fails:
        "column 'contact': 2 e-mail address(es) (lines 3, 7)", with examples masked as
        `j***@e***.org`.
    Does not apply:
        `only_sensitive` is set and the dataset is not marked sensitive.
    Cannot tell:
        There is no table to inspect.
    """
    detector = DETECTORS[args["detector"]]

    def body(t: Table) -> CheckOutcome:
        if args.get("only_sensitive") and not _is_sensitive(t, ctx, args):
            return CheckOutcome.inapplicable(
                "the dataset is not marked sensitive (by its metadata or the profile)"
            )
        findings = []
        scan = analysed(ctx, t, "personal-values", args)
        if not isinstance(scan, PersonalScan):  # skipped as not sensitive, yet it is here
            scan = PersonalScan(t, detector, _roles(args), memo_of(ctx, t))
            run_pass(t, [scan])
        found = scan.found
        for col in range(t.width):
            hits, candidates = found[col].hits, found[col].candidates
            if hits and hits.count / max(candidates, 1) >= detector.column_share:
                findings.append(aggregate(t, col, hits, detector.what, mask))
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


@dataclass
class Tally:
    hits: Hits = field(default_factory=Hits)
    candidates: int = 0


class DetectorGate(Analysis):
    """One native pass for all the detectors of a run: per column, the cells passing any of
    their pre-filters (one combined pattern), so each detector's own pattern then runs only on
    those few cells instead of on every cell."""

    def __init__(self, t: Table) -> None:
        self.width = t.width
        self.patterns: list[str] = []

    def add(self, pattern: str) -> None:
        if pattern not in self.patterns:
            self.patterns.append(pattern)

    def exprs(self) -> list[pl.Expr]:
        combined = "|".join(f"(?:{p})" for p in self.patterns) or r"\S"
        return [
            pl.col(column(c)).str.contains(combined).fill_null(False).alias(self.name(str(c)))
            for c in range(self.width)
        ]


def _gate(t: Table, memo: dict[str, Any]) -> DetectorGate:
    """The table's gate for the analyses being gathered (a fresh one once a gate has run), kept
    in the run's memo for the table."""
    gate = memo.get("shared:detector-gate")
    if not isinstance(gate, DetectorGate) or gate.ran:
        gate = memo["shared:detector-gate"] = DetectorGate(t)
    return gate


class PersonalScan(Analysis):
    """One detector on every column: per column the hits and how many cells were candidates.
    Memory stays bounded: Hits keeps a count and the first few cells."""

    def __init__(self, t: Table, detector: Detector, roles: set[str], memo: dict[str, Any]) -> None:
        self.detector, self.roles = detector, roles
        self.found = {c: Tally() for c in range(t.width)}
        self.pattern = detector.prefilter or r"\S"
        self.gate = _gate(t, memo)
        self.gate.add(self.pattern)
        self.needs = [self.gate]

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        for c, tally in self.found.items():
            keep = out.get_column(self.gate.name(str(c)))
            if keep.any():
                gated = frame.select(INDEX, column(c)).filter(keep)
                mine = gated.filter(pl.col(column(c)).str.contains(self.pattern))
                _judge(self.detector, mine.iter_rows(), tally, self.roles)

    def finish(self) -> None:
        for tally in self.found.values():  # ragged rows come in a block of their own, last
            tally.hits.first.sort()


def _roles(args: dict[str, Any]) -> set[str]:
    # Role addresses (info@, opendata@) belong to an organisation, not a person.
    return {r.lower() for r in args.get("ignore_local_parts", [])}


@analysis("personal-values")
def _personal_scan(t: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    if args.get("only_sensitive") and not (t.sensitive or args.get("sensitive")):
        return Analysis()  # the rule is inapplicable here: nothing to compute
    return PersonalScan(t, DETECTORS[args["detector"]], _roles(args), memo)


def _judge(det: Detector, cells: Iterable[tuple[int, str]], acc: Tally, roles: set[str]) -> None:
    """The detector's own Python test on the cells that passed its native pre-filter."""
    for i, raw in cells:
        value = raw.strip()
        if not value or (det.quick and not det.quick(value)):
            continue
        if det.candidate and not det.candidate(value):
            continue
        acc.candidates += 1
        if det.match(value) and value.split("@")[0].lower() not in roles:
            acc.hits.add(i, value)


@python_check(
    "personal-column-names",
    "No column is named like personal data (name, e-mail, phone, birth date …).",
    {
        "type": _OBJ,
        "required": ["patterns"],
        "additionalProperties": False,
        "properties": {
            "patterns": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Regular expressions searched in each column label (any case).",
            }
        },
    },
)
def personal_column_names(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Each header label, trimmed, is searched (any case) for each regular expression of
        `patterns`, which rules pass as a parameter. The columns that match make one finding that
        names them.
    Why:
        A column named like a direct identifier (a name, an e-mail, a birth date) publishes personal
        data, or is about to; the name alone is enough to stop and look.
    Passes:
        Columns `ward`, `service_type`, `opened`.
    Fails:
        Columns `first_name` and `email` ("2 column(s) named like personal data: 'first_name',
        'email'").
    Cannot tell:
        There is no table to inspect.
    """
    patterns = [re.compile(p, re.I) for p in args["patterns"]]

    def body(t: Table) -> CheckOutcome:
        named = [
            (i, h) for i, h in enumerate(t.header) if any(p.search(h.strip()) for p in patterns)
        ]
        if not named:
            return CheckOutcome.passed()
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(named)} column(s) named like personal data: "
                + ", ".join(repr(h) for _, h in named[:8]),
                f"/columns/{named[0][0]}",
                count=len(named),
                examples=[h for _, h in named[:3]],
                row=t.header_line,
                field=named[0][1],
            )
        )

    return run_on_table(ctx, body)


def _small(value: str, k: int) -> bool:
    try:
        return value.isdigit() and 0 < int(value) < k
    except ValueError:  # digits int() does not take (superscripts)
        return False


def _count_columns(t: Table, args: dict[str, Any]) -> list[int]:
    names = [re.compile(p, re.I) for p in args["count_columns"]]
    return [i for i, h in enumerate(t.header) if any(p.search(h.strip()) for p in names)]


@analysis("small-cells")
def _small_scan(t: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    k = int(args["k"])
    digits = _native(r"\d+")
    return ColumnScan(
        _count_columns(t, args), lambda c: c.str.contains(digits), lambda v: _small(v.strip(), k)
    )


@python_check(
    "small-cells",
    "Count columns of an aggregate table suppress counts below k (1 … k-1).",
    {
        "type": _OBJ,
        "required": ["k", "count_columns"],
        "additionalProperties": False,
        "properties": {
            "k": {
                "type": "integer",
                "minimum": 2,
                "description": "The smallest count that may be published; 1 to k-1 must not be.",
            },
            "count_columns": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Regular expressions searched in each column label (any case): "
                "the columns that hold counts.",
            },
        },
    },
)
def small_cells(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Count columns are those whose trimmed header label contains a match of one of
        `count_columns` (regular expressions, any case). In them, each cell that is only digits
        (surrounding whitespace allowed) with a value from 1 to k-1 is a hit; each column with hits
        is one finding with the count and the first lines. Blank cells, zero, markers such as "<5"
        or "suppressed", and counts of k or more pass.
    Why:
        A count of one or two people in a small area or group can single them out; suppressing small
        cells is standard practice in official statistics.
    Passes:
        With k = 5, counts 0, 5 and 12, blank cells and "<5".
    Fails:
        With k = 5, a count of 3 ("column 'count': 1 count(s) between 1 and 4 that could single out
        people (k = 5)").
    Does not apply:
        No column label matches `count_columns`.
    Cannot tell:
        There is no table to inspect.
    """
    k = int(args["k"])
    names = [re.compile(p, re.I) for p in args["count_columns"]]

    def body(t: Table) -> CheckOutcome:
        cols = [i for i, h in enumerate(t.header) if any(p.search(h.strip()) for p in names)]
        if not cols:
            return CheckOutcome.inapplicable("no count columns (an aggregate table names them)")
        findings = []
        for col, hits in analysed(ctx, t, "small-cells", args).hits.items():
            hits.first = [(i, v.strip()) for i, v in hits.first]
            if hits:
                findings.append(
                    aggregate(
                        t,
                        col,
                        hits,
                        f"count(s) between 1 and {k - 1} that could single out people (k = {k})",
                    )
                )
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)
