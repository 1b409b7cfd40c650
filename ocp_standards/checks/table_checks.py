"""Checks on tables: structure, quality and personal data in values.

A repeated problem is one finding with a count and the first few examples (rows and masked
values), never one line per cell. The report never carries a personal value in clear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ..sources.blocks import INDEX, column
from ..sources.tables import Table, TableError, parse_csv, parse_records
from .base import CheckContext, CheckFinding, CheckOutcome
from .registry import python_check

#: Examples quoted per finding.
EXAMPLES = 3
_OBJ = "object"


def table_of(ctx: CheckContext) -> Table | None:
    """The subject's table, or one built from a golden example.

    An example is `{csv: text}` or `{records: [...]}`, optionally with what the metadata would
    say: `encoding` (the file's, which text cannot show), `schema` (Table Schema), `sensitive`,
    `declared` ({format, mediatype}) and `siblings` ({resource name: another example}).
    """
    payload = getattr(ctx.subject, "payload", None)
    if isinstance(payload, Table):
        return payload
    return example_table(ctx.root) if ctx.subject is None else None


def example_table(root: Any) -> Table | None:
    if not isinstance(root, dict):
        return None
    try:
        if isinstance(root.get("csv"), str):
            table = parse_csv(root["csv"])
        elif isinstance(root.get("records"), list):
            table = parse_records(root["records"], "json")
        else:
            return None
    except TableError:
        return None
    if isinstance(root.get("encoding"), str):
        table.encoding = root["encoding"]
    if isinstance(root.get("schema"), dict):
        table.schema = root["schema"]
    table.sensitive = root.get("sensitive") is True
    if isinstance(root.get("declared"), dict):
        table.declared = root["declared"]
    if isinstance(root.get("resource"), str):
        table.resource = root["resource"]
    siblings = root.get("siblings")
    if isinstance(siblings, dict):
        for name, spec in siblings.items():
            other = example_table(spec)
            if other is not None:
                other.resource = name
                table.siblings[name] = other
    if table.resource:
        table.siblings.setdefault(table.resource, table)
    return table


def _rows_text(lines: Iterable[int]) -> str:
    shown = list(lines)[: EXAMPLES + 2]
    return ", ".join(str(n) for n in shown)


@dataclass
class Hits:
    """What a check remembers of a column's problem cells: how many, and the first few."""

    count: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)

    def add(self, index: int, value: str) -> None:
        self.count += 1
        if len(self.first) < EXAMPLES + 3:
            self.first.append((index, value))

    def add_frame(self, frame: pl.DataFrame) -> None:
        """Add the rows of a (`__i`, value) frame, already filtered to the problem cells."""
        if frame.height == 0:
            return
        self.count += frame.height
        room = EXAMPLES + 3 - len(self.first)
        if room > 0:
            self.first.extend(
                (int(i), "" if v is None else str(v)) for i, v in frame.head(room).iter_rows()
            )

    def __bool__(self) -> bool:
        return self.count > 0


def scan(
    table: Table,
    col: int,
    bad: Callable[[pl.Expr], pl.Expr],
    confirm: Callable[[str], bool] | None = None,
) -> Hits:
    """The cells of one column for which `bad(cell)` is true (nulls never are). With
    `confirm`, `bad` only nominates candidates natively and Python has the last word."""
    return scan_columns(table, [col], bad, confirm)[col]


def scan_columns(
    table: Table,
    cols: list[int],
    bad: Callable[[pl.Expr], pl.Expr],
    confirm: Callable[[str], bool] | None = None,
) -> dict[int, Hits]:
    """`scan` over several columns at once: one native query per block for all of them."""
    hits = {c: Hits() for c in cols}
    names = {c: column(c) for c in cols}
    for frame in table.blocks():
        mask = frame.select(bad(pl.col(n)).fill_null(False).alias(n) for n in names.values())
        for c, name in names.items():
            keep = mask.get_column(name)
            if not keep.any():
                continue
            found = frame.select(INDEX, name).filter(keep)
            if confirm is None:
                hits[c].add_frame(found)
            else:
                for i, v in found.iter_rows():
                    if confirm(v):
                        hits[c].add(i, v)
    for h in hits.values():
        h.first.sort()
    return hits


def aggregate(
    table: Table,
    col: int,
    hits: Hits | list[tuple[int, str]],
    what: str,
    mask: Callable[[str], str] | None = None,
) -> CheckFinding:
    if isinstance(hits, list):
        found = Hits()
        for i, v in hits:
            found.add(i, v)
        hits = found
    name = table.header[col] if col < len(table.header) else f"column {col + 1}"
    lines = [table.line_of(i) for i, _ in hits.first]
    more = " …" if hits.count > EXAMPLES + 2 else ""
    examples = [(mask or (lambda v: v))(v) for _, v in hits.first[:EXAMPLES]]
    return CheckFinding(
        f"column {name!r}: {hits.count} {what} (lines {_rows_text(lines)}{more})",
        pointer=f"/columns/{col}",
        count=hits.count,
        examples=examples,
        row=lines[0],
        field=name,
    )


def _filled(table: Table) -> pl.Expr:
    """True for a row with at least one non-blank cell."""
    # Anything but what Python's str.strip() removes (the native \s lacks \x1c-\x1f).
    return pl.any_horizontal(
        pl.col(column(c)).str.contains(r"[^\s\x1c-\x1f]").fill_null(False)
        for c in range(table.width)
    )


def run_on_table(ctx: CheckContext, body: Callable[[Table], CheckOutcome]) -> CheckOutcome:
    table = table_of(ctx)
    if table is None:
        return CheckOutcome.cant_tell("no table to inspect")
    return body(table)


def simple(name: str, summary: str, args_schema: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    return python_check(
        name,
        summary,
        args_schema or {"type": _OBJ, "properties": {}, "additionalProperties": False},
    )


# Structure -----------------------------------------------------------------------------------


@simple("table-has-data", "The table has a header and at least one data row.")
def has_data(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        if t.width == 0 or not any(f.select(_filled(t).any()).item() for f in t.blocks()):
            return CheckOutcome.failed(
                CheckFinding("the table has a header but no data rows", "/rows", row=t.header_line)
            )
        return CheckOutcome.passed()

    return run_on_table(ctx, body)


@simple("table-header-labels", "Every column has a non-blank header label.")
def header_labels(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        blank = [i for i, h in enumerate(t.header) if not h.strip()]
        if not blank:
            return CheckOutcome.passed()
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(blank)} column(s) have no header label (column "
                f"{', '.join(str(i + 1) for i in blank[:10])})",
                "/columns",
                count=len(blank),
                row=t.header_line,
            )
        )

    return run_on_table(ctx, body)


@simple("table-unique-headers", "No two columns share a header label.")
def unique_headers(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        seen: dict[str, int] = {}
        findings = []
        for i, h in enumerate(t.header):
            key = h.strip().casefold()
            if not key:
                continue
            if key in seen:
                findings.append(
                    CheckFinding(
                        f"column {i + 1} repeats the header {h!r} of column {seen[key] + 1}",
                        f"/columns/{i}",
                        row=t.header_line,
                        field=h,
                    )
                )
            else:
                seen[key] = i
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


@simple("table-no-ragged-rows", "Every row has as many cells as the header.")
def no_ragged_rows(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        width = t.width
        bad = t.ragged()
        if not bad:
            return CheckOutcome.passed()
        lines = [t.line_of(i) for i, _ in bad[: EXAMPLES + 2]]
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(bad)} row(s) do not have {width} cells like the header (lines "
                f"{_rows_text(lines)}{' …' if len(bad) > 5 else ''})",
                "/rows",
                count=len(bad),
                examples=[f"line {t.line_of(i)}: {n} cells" for i, n in bad[:EXAMPLES]],
                row=lines[0],
            )
        )

    return run_on_table(ctx, body)


@simple("table-no-blank-rows", "No row is entirely empty.")
def no_blank_rows(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        if t.width == 0:
            return CheckOutcome.passed()
        last, blank_rows = -1, []
        ragged = {i for i, _ in t.ragged()}
        for frame in t.blocks():
            marked = frame.select(INDEX, _filled(t).alias("filled"))
            filled = marked.filter(pl.col("filled")).get_column(INDEX)
            if len(filled):
                last = max(last, int(filled.max()))  # type: ignore[arg-type]
            blank_rows.append(marked.filter(~pl.col("filled")).get_column(INDEX))
        # Empty lines after the last row are harmless; a row of empty cells (",,") is not.
        # (An in-memory reader sees a bare empty line as a row of no cells.)
        empty_lines = {i for i, r in enumerate(t.rows) if not r}
        blank = sorted(
            i
            for s in blank_rows
            for i in s.to_list()
            if i not in ragged and (i < last or i not in empty_lines)
        )
        if t.stream is not None:  # the streaming reader cannot tell ",," from an empty line
            blank = [i for i in blank if i < last]
        if not blank:
            return CheckOutcome.passed()
        lines = [t.line_of(i) for i in blank[: EXAMPLES + 2]]
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(blank)} blank row(s) (lines {_rows_text(lines)}"
                f"{' …' if len(blank) > 5 else ''})",
                "/rows",
                count=len(blank),
                row=lines[0],
            )
        )

    return run_on_table(ctx, body)


@simple("table-utf8", "The file is encoded as UTF-8.")
def utf8(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        if t.source_format != "csv" or t.encoding.replace("_", "-").lower() in ("utf-8", "ascii"):
            return (
                CheckOutcome.passed()
                if t.source_format == "csv"
                else CheckOutcome.inapplicable("not a text table")
            )
        return CheckOutcome.failed(
            CheckFinding(f"the file is encoded as {t.encoding}, not UTF-8; re-save it as UTF-8", "")
        )

    return run_on_table(ctx, body)


@simple("table-no-title-rows", "The header is the first line: no titles or notes above it.")
def no_title_rows(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        if not t.title_rows:
            return CheckOutcome.passed()
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(t.title_rows)} line(s) above the header (e.g. {t.title_rows[0][:60]!r}); "
                f"the header is on line {t.header_line}",
                "",
                count=len(t.title_rows),
                row=t.header_line,
            )
        )

    return run_on_table(ctx, body)


# Quality -------------------------------------------------------------------------------------

_MARKUP_RE = (
    r"(?i)<\s*(script|iframe|object|style|a\s|img\s|div|span|p|br|b|i|table)\b[^>]*>"
    r"|javascript:|on(load|error|click)\s*="
)


@simple("table-no-markup", "No cell holds HTML or script.")
def no_markup(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        findings = []
        found = scan_columns(t, list(range(t.width)), lambda c: c.str.contains(_MARKUP_RE))
        for col, hits in found.items():
            if hits:
                findings.append(
                    aggregate(t, col, hits, "cell(s) with HTML or script", lambda v: v[:40])
                )
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


@simple("table-no-empty-columns", "No column is empty in every row.")
def no_empty_columns(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        if not t.n_rows:
            return CheckOutcome.inapplicable("no data rows")
        seen = [False] * t.width
        for frame in t.blocks():
            todo = [i for i in range(t.width) if not seen[i]]
            if not todo:
                break
            row = frame.select(
                pl.col(column(i)).str.contains(r"[^\s\x1c-\x1f]").fill_null(False).any()
                for i in todo
            ).row(0)
            for i, filled in zip(todo, row, strict=True):
                seen[i] = bool(filled)
        empty = [i for i in range(t.width) if not seen[i]]
        findings = [
            CheckFinding(
                f"column {t.header[i] or i + 1!r} is empty in every row",
                f"/columns/{i}",
                field=t.header[i],
            )
            for i in empty
        ]
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


_LAT = re.compile(r"^(lat|latitude|breite|breitengrad|y_wgs84|lat_wgs84)$", re.I)
_LON = re.compile(r"^(lon|lng|long|longitude|laenge|längengrad|x_wgs84|lon_wgs84)$", re.I)


def _degrees(cell: pl.Expr) -> pl.Expr:
    return cell.str.strip_chars().str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", ".")) if value.strip() else None
    except ValueError:
        return None


@python_check(
    "table-coordinates-valid",
    "Latitude/longitude columns hold WGS84 degrees, inside the declared extent if any.",
    {
        "type": _OBJ,
        "additionalProperties": False,
        "properties": {"extent": {"type": "array", "items": {"type": "number"}, "maxItems": 4}},
    },
)
def coordinates_valid(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    extent = args.get("extent") or []

    def body(t: Table) -> CheckOutcome:
        lat = next((i for i, h in enumerate(t.header) if _LAT.match(h.strip())), None)
        lon = next((i for i, h in enumerate(t.header) if _LON.match(h.strip())), None)
        if lat is None and lon is None:
            return CheckOutcome.inapplicable("no latitude/longitude columns")
        findings = []
        for col, lo, hi, label in ((lat, -90, 90, "latitude"), (lon, -180, 180, "longitude")):
            if col is None:
                continue

            def wrong(v: str, lo: float = lo, hi: float = hi) -> bool:
                return bool(v.strip()) and ((f := _float(v)) is None or not lo <= f <= hi)

            # Natively: every cell that does not read as a number in range is a candidate;
            # Python's float() decides (it reads a few spellings the native cast does not).
            def outside(c: pl.Expr, lo: float = lo, hi: float = hi) -> pl.Expr:
                return ~_degrees(c).is_between(lo, hi).fill_null(False)

            bad = scan(t, col, outside, wrong)
            if bad:
                findings.append(
                    aggregate(t, col, bad, f"value(s) that are not a {label} in WGS84 degrees")
                )
        if not findings and len(extent) == 4 and lat is not None and lon is not None:
            min_lon, min_lat, max_lon, max_lat = extent
            out = Hits()
            for frame in t.blocks():
                a, b = pl.col(column(lat)), pl.col(column(lon))
                pairs = frame.select(INDEX, a, b).filter(
                    ~(
                        _degrees(a).is_between(min_lat, max_lat)
                        & _degrees(b).is_between(min_lon, max_lon)
                    ).fill_null(True)
                )
                for i, x, y in pairs.iter_rows():
                    fa, fb = _float(x or ""), _float(y or "")
                    inside = (
                        fa is None
                        or fb is None
                        or (min_lat <= fa <= max_lat and min_lon <= fb <= max_lon)
                    )
                    if not inside:
                        out.add(i, f"{x},{y}")
            if out:
                findings.append(aggregate(t, lat, out, "point(s) outside the declared extent"))
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


# Whole name parts only: "last_action_date" and "created_at" are dates, "updated_by" is not.
_DATE_COL = re.compile(
    r"(^|[_\s-])(date|datum|timestamp|zeit|zeitpunkt)($|[_\s-])|_at$|_on$"
    r"|^(created|updated|modified|issued)$",
    re.I,
)
_ISO = re.compile(r"^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$")


_ISO_SURE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]"
    r"(\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?)?$"
)


def _surely_iso(cell: pl.Expr) -> pl.Expr:
    """A blank cell, or one Python's check below would surely accept (the calendar date is
    real, every number in range): the bulk of a date column never reaches Python."""
    value = cell.str.strip_chars()
    day_ok = (value.str.len_bytes() == 7) | value.str.slice(0, 10).str.to_date(
        "%Y-%m-%d", strict=False
    ).is_not_null()
    return (value.str.len_bytes() == 0) | (value.str.contains(_ISO_SURE) & day_ok)


def _iso_ok(value: str) -> bool:
    if not value:
        return True
    if not _ISO.match(value):
        return False
    try:
        dt.datetime.fromisoformat(
            value.replace("Z", "+00:00").replace(" ", "T") if len(value) > 7 else value + "-01"
        )
    except ValueError:
        return False
    return True


@simple("table-dates-iso", "Date columns hold ISO 8601 dates.")
def dates_iso(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        cols = [i for i, h in enumerate(t.header) if _DATE_COL.search(h)]
        if not cols:
            return CheckOutcome.inapplicable("no date columns")
        findings = []
        # Natively: what is surely a valid ISO date is dropped; Python judges the rest.
        found = scan_columns(t, cols, lambda c: ~_surely_iso(c), lambda v: not _iso_ok(v.strip()))
        for col, bad in found.items():
            bad.first = [(i, v.strip()) for i, v in bad.first]
            if bad:
                findings.append(
                    aggregate(
                        t,
                        col,
                        bad,
                        "value(s) that are not ISO 8601 dates (YYYY-MM-DD)",
                        lambda v: v[:25],
                    )
                )
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


_FORMAT_ALIASES = {
    "csv": "csv",
    "text/csv": "csv",
    "tsv": "csv",
    "text/tab-separated-values": "csv",
    "xlsx": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "json": "json",
    "application/json": "json",
    "ndjson": "ndjson",
    "jsonl": "ndjson",
    "application/x-ndjson": "ndjson",
}


@simple(
    "table-declared-format", "What the metadata declares (format, encoding) is what the file is."
)
def declared_format(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    def body(t: Table) -> CheckOutcome:
        findings = []
        first = (t.header[0] if t.header else "").lstrip().lower()
        if t.source_format == "csv" and first.startswith(("<!doctype", "<html", "<?xml", "{", "[")):
            findings.append(
                CheckFinding(
                    "the content looks like HTML, XML or JSON, not a delimited table "
                    "(an error page saved under a data file name?)",
                    "",
                    row=t.header_line,
                )
            )
        for key in ("format", "mediatype"):
            value = t.declared.get(key)
            if not isinstance(value, str):
                continue
            expected = _FORMAT_ALIASES.get(value.strip().lower())
            if expected is not None and expected != t.source_format:
                findings.append(
                    CheckFinding(
                        f"the metadata declares {key} {value!r} but the file is {t.source_format}",
                        f"/declared/{key}",
                    )
                )
        enc = t.declared.get("encoding")
        actual = t.encoding.lower().replace("_", "-")
        if isinstance(enc, str) and t.source_format == "csv":
            said = enc.strip().lower().replace("_", "-")
            same = (
                said == actual
                or {said, actual} <= {"utf-8", "utf-8-sig", "ascii"}
                or ({said, actual} <= {"latin-1", "iso-8859-1", "cp1252", "windows-1252"})
            )
            if not same:
                findings.append(
                    CheckFinding(
                        f"the metadata declares encoding {enc!r} but the file is {t.encoding}",
                        "/declared/encoding",
                    )
                )
        if findings:
            return CheckOutcome.failed(*findings)
        if not t.declared and t.source_format != "csv":
            return CheckOutcome.inapplicable("no declared format to compare with")
        return CheckOutcome.passed()

    return run_on_table(ctx, body)
