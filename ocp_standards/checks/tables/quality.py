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

from ...model.outcome import SubjectKind
from ...sources.blocks import INDEX, column
from ...sources.tables import Table, TableError, parse_csv, parse_records
from ..base import CheckContext, CheckFinding, CheckOutcome
from ..policy import any_of, patterns_arg
from ..registry import python_check
from .fused import Analysis, analysed, analysis

#: Examples quoted per finding.
EXAMPLES = 3
_OBJ = "object"


def table_of(ctx: CheckContext) -> Table | None:
    """The subject's table, or one built from a golden example.

    An example is `{csv: text}` or `{records: [...]}`, optionally with what the metadata would
    say: `encoding` (the file's, which text cannot show), `schema` (Table Schema), `sensitive`,
    `declared` ({format, mediatype}) and `siblings` ({resource name: another example}).
    """
    subject = ctx.subject
    if subject is None:
        return example_table(ctx.root)
    if subject.kind is not SubjectKind.DATASET:
        return None  # a table check in a rule for another kind of subject: nothing to inspect
    return subject.payload_as(SubjectKind.DATASET, Table)


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


class ColumnScan(Analysis):
    """The cells of some columns for which `bad(cell)` is true (nulls never are). With
    `confirm`, `bad` only nominates candidates natively and Python has the last word."""

    def __init__(
        self,
        cols: list[int],
        bad: Callable[[pl.Expr], pl.Expr],
        confirm: Callable[[str], bool] | None = None,
    ) -> None:
        self.cols, self.bad, self.confirm = cols, bad, confirm
        self.hits = {c: Hits() for c in cols}

    def exprs(self) -> list[pl.Expr]:
        return [
            self.bad(pl.col(column(c))).fill_null(False).alias(self.name(str(c))) for c in self.cols
        ]

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        for c in self.cols:
            keep = out.get_column(self.name(str(c)))
            if not keep.any():
                continue
            found = frame.select(INDEX, column(c)).filter(keep)
            if self.confirm is None:
                self.hits[c].add_frame(found)
            else:
                for i, v in found.iter_rows():
                    if self.confirm(v):
                        self.hits[c].add(i, v)

    def finish(self) -> None:
        for h in self.hits.values():
            h.first.sort()


class RowShape(Analysis):
    """Which rows are blank and which columns hold anything: shared by three rules."""

    def __init__(self, table: Table) -> None:
        self.width = table.width
        self.filled_rows = 0
        self.last_filled = -1
        self.blank: list[pl.Series] = []
        self.column_filled = [False] * table.width

    def exprs(self) -> list[pl.Expr]:
        cells = [_nonblank(pl.col(column(c))) for c in range(self.width)]
        if not cells:
            return []
        return [
            pl.any_horizontal(cells).alias(self.name("filled")),
            *[cell.any().alias(self.name(f"c{c}")) for c, cell in enumerate(cells)],
        ]

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        if not self.width or not frame.height:
            return
        filled = out.get_column(self.name("filled"))
        index = frame.get_column(INDEX)
        rows = index.filter(filled)
        if rows.len():
            self.filled_rows += rows.len()
            last = rows.max()  # the row index column: always an integer
            assert isinstance(last, int)
            self.last_filled = max(self.last_filled, last)
        self.blank.append(index.filter(~filled))
        for c in range(self.width):
            self.column_filled[c] |= bool(out.get_column(self.name(f"c{c}"))[0])


def _row_shape(table: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    shared = memo.get("shared:row-shape")
    if shared is None:
        shared = memo["shared:row-shape"] = RowShape(table)
    assert isinstance(shared, RowShape)
    return shared


for _name in ("table-has-data", "table-no-blank-rows", "table-no-empty-columns"):
    analysis(_name)(_row_shape)


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


def _nonblank(cell: pl.Expr) -> pl.Expr:
    """Anything but what Python's str.strip() removes (the native \\s lacks \\x1c-\\x1f)."""
    return cell.str.contains(r"[^\s\x1c-\x1f]").fill_null(False)


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
    """What it checks:
        The table has at least one column and at least one row in which some cell holds more than
        whitespace.
    Why:
        A file with a header and nothing under it is published as data but holds none; harvesters
        count it and users download it for nothing.
    Passes:
        A header `ward,count` and a row `1,12`.
    Fails:
        Only a header, or only blank rows under it ("the table has a header but no data rows").
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        if t.width == 0 or not analysed(ctx, t, "table-has-data", args).filled_rows:
            return CheckOutcome.failed(
                CheckFinding("the table has a header but no data rows", "/rows", row=t.header_line)
            )
        return CheckOutcome.passed()

    return run_on_table(ctx, body)


@simple("table-header-labels", "Every column has a non-blank header label.")
def header_labels(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every label of the header row holds more than whitespace.
    Why:
        A column without a label cannot be named in a query, a join or a data dictionary; users have
        to guess what it holds.
    Passes:
        `ward,service,count`.
    Fails:
        `ward,,count` ("1 column(s) have no header label (column 2)").
    Cannot tell:
        There is no table to inspect.
    """

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
    """What it checks:
        No two header labels are the same once trimmed and compared without regard to case. Blank
        labels are left to GEN-STR-002. Each repeat is a finding naming the column it repeats.
    Why:
        Tools address columns by name: with two `Name` columns one is silently dropped or renamed on
        import.
    Passes:
        `id,name,ward`.
    Fails:
        `id,Name,name` ("column 3 repeats the header 'name' of column 2").
    Cannot tell:
        There is no table to inspect.
    """

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
    """What it checks:
        Every data row has exactly as many cells as the header has labels. All rows that do not are
        one finding with their count, the first lines and how many cells each has.
    Why:
        A row with a missing or extra cell shifts its values into the wrong columns, silently, in
        most tools.
    Passes:
        A header of three labels and rows of three cells.
    Fails:
        A row `1,2` under `a,b,c` ("1 row(s) do not have 3 cells like the header (lines 3)").
    Cannot tell:
        There is no table to inspect.
    """

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
    """What it checks:
        No row inside the data has only blank cells (`,,` or whitespace). Empty lines after the last
        filled row are harmless and pass; a row of empty cells there does not. Rows with the wrong
        number of cells are left to GEN-STR-004. A table without columns passes.
    Why:
        Blank rows split a table for spreadsheet users and become empty records in every import.
    Passes:
        Filled rows, then an empty line at the end of the file.
    Fails:
        `,,` between two filled rows ("1 blank row(s) (lines 3)").
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        if t.width == 0:
            return CheckOutcome.passed()
        shape = analysed(ctx, t, "table-no-blank-rows", args)
        last, blank_rows = shape.last_filled, shape.blank
        ragged = {i for i, _ in t.ragged()}
        # Empty lines after the last row are harmless; a row of empty cells (",,") is not.
        # (An in-memory reader sees a bare empty line as a row of no cells.)
        empty_lines = {i for i, r in enumerate(t.rows) if not r}
        blank = sorted(
            i
            for s in blank_rows
            for i in s.to_list()
            if i not in ragged and (i < last or i not in empty_lines)
        )
        if t.stream is not None:
            # The parser reads ",," and an empty line alike; after the last filled row, look at
            # the file's own last lines to keep only the rows that hold something (",,").
            tail = [i for i in blank if i > last]
            if tail:
                held = t.stream.tail_lines(len(tail))
                blank = [i for i in blank if i < last] + [
                    i for i, text in zip(tail, held, strict=False) if text.strip("\r")
                ]
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
    """What it checks:
        A CSV (or other delimited text) file was read as UTF-8 or plain ASCII; a UTF-8 byte-order
        mark is stripped by the reader and tolerated. Any other encoding the reader detected
        (Windows-1252, Latin-1, UTF-16 ...) fails.
    Why:
        UTF-8 is the one encoding every tool reads the same way; any other turns accented names into
        garbage for someone.
    Passes:
        A CSV saved as UTF-8, with or without a byte-order mark.
    Fails:
        A CSV saved as Windows-1252 ("the file is encoded as cp1252, not UTF-8; re-save it as
        UTF-8").
    Does not apply:
        The table is not a text file (a spreadsheet or JSON records).
    Cannot tell:
        There is no table to inspect.
    """

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
    """What it checks:
        The reader locates the header row; any lines it found above it (titles, notes, units) fail
        the check.
    Why:
        Tools take the first line as the header: a title above it becomes the column names and the
        real header becomes data.
    Passes:
        The header on the first line.
    Fails:
        A title line above the header ("1 line(s) above the header (e.g. 'Parking tickets 2024');
        the header is on line 2").
    Cannot tell:
        There is no table to inspect.
    """

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

#: Markup in a cell: tags, javascript: links, event handlers (native regex syntax, any case).
MARKUP_PATTERNS = (
    r"<\s*(script|iframe|object|style|a\s|img\s|div|span|p|br|b|i|table)\b[^>]*>",
    r"javascript:",
    r"on(load|error|click)\s*=",
)


def _markup_re(args: dict[str, Any]) -> str:
    return "(?i)" + "|".join(args.get("markup_patterns", MARKUP_PATTERNS))


@analysis("table-no-markup")
def _markup_scan(t: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    markup = _markup_re(args)
    return ColumnScan(list(range(t.width)), lambda c: c.str.contains(markup))


@simple(
    "table-no-markup",
    "No cell holds HTML or script.",
    {
        "type": _OBJ,
        "properties": {
            "markup_patterns": patterns_arg(
                "Regular expressions (in the syntax of polars' native engine) searched in every "
                "cell, any case: what counts as markup or script.",
                MARKUP_PATTERNS,
            )
        },
        "additionalProperties": False,
    },
)
def no_markup(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every cell is searched (any case) for one of `markup_patterns`: by default an HTML tag among
        script, iframe, object, style, a, img, div, span, p, br, b, i and table, a `javascript:`
        link, or an onload, onerror or onclick handler. Each column with hits is one finding with
        the count, the first lines and examples cut to 40 characters.
    Why:
        Markup is presentation, not data; and a script or event handler in a cell runs in any web
        page that shows the value without escaping it.
    Passes:
        Plain text values, including `a < b`.
    Fails:
        A cell `<b>Closed</b>` or `<script>alert(1)</script>` ("column 'status': 1 cell(s) with HTML
        or script (lines 2)").
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        findings = []
        found = analysed(ctx, t, "table-no-markup", args).hits
        for col, hits in found.items():
            if hits:
                findings.append(
                    aggregate(t, col, hits, "cell(s) with HTML or script", lambda v: v[:40])
                )
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


@simple("table-no-empty-columns", "No column is empty in every row.")
def no_empty_columns(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every column has at least one cell with more than whitespace.
    Why:
        A column empty in every row promises data it does not hold, and usually means an export went
        wrong.
    Passes:
        Every column has a value somewhere.
    Fails:
        A column `notes` that is blank in every row ("column 'notes' is empty in every row").
    Does not apply:
        The table has no data rows.
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        if not t.n_rows:
            return CheckOutcome.inapplicable("no data rows")
        seen = analysed(ctx, t, "table-no-empty-columns", args).column_filled
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


#: Column labels of latitudes and longitudes (each matched against the whole label, any case).
LATITUDE_COLUMNS = ("lat", "latitude", "breite", "breitengrad", "y_wgs84", "lat_wgs84")
LONGITUDE_COLUMNS = (
    "lon",
    "lng",
    "long",
    "longitude",
    "laenge",
    "längengrad",
    "x_wgs84",
    "lon_wgs84",
)


def _degrees(cell: pl.Expr) -> pl.Expr:
    return cell.str.strip_chars().str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", ".")) if value.strip() else None
    except ValueError:
        return None


def _coordinate_columns(t: Table, args: dict[str, Any]) -> tuple[int | None, int | None]:
    lat_name = any_of(args.get("latitude_columns", LATITUDE_COLUMNS), whole=True)
    lon_name = any_of(args.get("longitude_columns", LONGITUDE_COLUMNS), whole=True)
    lat = next((i for i, h in enumerate(t.header) if lat_name.match(h.strip())), None)
    lon = next((i for i, h in enumerate(t.header) if lon_name.match(h.strip())), None)
    return lat, lon


class CoordinateScan(Analysis):
    """Latitudes and longitudes out of range, and points outside the declared extent."""

    def __init__(self, t: Table, extent: list[float], args: dict[str, Any] | None = None) -> None:
        self.lat, self.lon = _coordinate_columns(t, args or {})
        self.bounds = {c: b for c, b in ((self.lat, 90.0), (self.lon, 180.0)) if c is not None}
        self.hits = {c: Hits() for c in self.bounds}
        self.extent = extent if len(extent) == 4 and None not in (self.lat, self.lon) else []
        self.outside = Hits()

    def exprs(self) -> list[pl.Expr]:
        # Natively: every cell that does not read as a number in range is a candidate;
        # Python's float() decides (it reads a few spellings the native cast does not).
        out = [
            (~_degrees(pl.col(column(c))).is_between(-b, b).fill_null(False)).alias(
                self.name(str(c))
            )
            for c, b in self.bounds.items()
        ]
        if self.extent:
            min_lon, min_lat, max_lon, max_lat = self.extent
            a, b = pl.col(column(self.lat or 0)), pl.col(column(self.lon or 0))
            inside = _degrees(a).is_between(min_lat, max_lat) & _degrees(b).is_between(
                min_lon, max_lon
            )
            out.append((~inside).fill_null(True).alias(self.name("extent")))
        return out

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        for c, bound in self.bounds.items():
            keep = out.get_column(self.name(str(c)))
            if keep.any():
                for i, v in frame.select(INDEX, column(c)).filter(keep).iter_rows():
                    if v is not None and v.strip() and not _in_range(v, bound):
                        self.hits[c].add(i, v)
        if self.extent and self.lat is not None and self.lon is not None:
            keep = out.get_column(self.name("extent"))
            if keep.any():
                min_lon, min_lat, max_lon, max_lat = self.extent
                pairs = frame.select(INDEX, column(self.lat), column(self.lon)).filter(keep)
                for i, x, y in pairs.iter_rows():
                    fa, fb = _float(x or ""), _float(y or "")
                    if fa is None or fb is None:
                        continue  # not numbers: the range check above reports them
                    if not (min_lat <= fa <= max_lat and min_lon <= fb <= max_lon):
                        self.outside.add(i, f"{x},{y}")

    def finish(self) -> None:
        for h in [*self.hits.values(), self.outside]:
            h.first.sort()


def _in_range(value: str, bound: float) -> bool:
    f = _float(value)
    return f is not None and -bound <= f <= bound


@analysis("table-coordinates-valid")
def _coordinate_scan(t: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    return CoordinateScan(t, list(args.get("extent") or []), args)


@python_check(
    "table-coordinates-valid",
    "Latitude/longitude columns hold WGS84 degrees, inside the declared extent if any.",
    {
        "type": _OBJ,
        "additionalProperties": False,
        "properties": {
            "extent": {
                "type": "array",
                "items": {"type": "number"},
                "maxItems": 4,
                "description": "The area points must lie in, as [min_lon, min_lat, max_lon, "
                "max_lat] in WGS84 degrees (only judged with all four).",
            },
            "latitude_columns": patterns_arg(
                "Regular expressions for latitude column labels, each matched against the whole "
                "trimmed label (any case); the first matching column is judged.",
                LATITUDE_COLUMNS,
            ),
            "longitude_columns": patterns_arg(
                "Regular expressions for longitude column labels, each matched against the whole "
                "trimmed label (any case); the first matching column is judged.",
                LONGITUDE_COLUMNS,
            ),
        },
    },
)
def coordinates_valid(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The latitude column is the first whose trimmed label matches one of `latitude_columns` as a
        whole (any case; by default lat, latitude, breite, breitengrad, y_wgs84, lat_wgs84); the
        longitude column likewise with `longitude_columns` (lon, lng, long, longitude, laenge,
        längengrad, x_wgs84, lon_wgs84). Every non-blank value must read as a decimal number (a
        decimal comma is allowed) from -90 to 90 for latitude and from -180 to 180 for longitude.
        When the rule passes an `extent` [min_lon, min_lat, max_lon, max_lat], both columns exist
        and no value is out of range, every point whose two values are numbers must lie inside it.
    Why:
        Coordinates in another system (projected metres), swapped or mistyped put points in the
        ocean or on another continent for every map and spatial join.
    Passes:
        `lat,lon` with `45.42,-75.69`.
    Fails:
        `lat` holding `5042123` ("column 'lat': 1 value(s) that are not a latitude in WGS84
        degrees"), or a point outside the declared extent.
    Does not apply:
        No column is named like a latitude or a longitude.
    Cannot tell:
        There is no table to inspect.
    """
    extent = args.get("extent") or []

    def body(t: Table) -> CheckOutcome:
        lat, lon = _coordinate_columns(t, args)
        if lat is None and lon is None:
            return CheckOutcome.inapplicable("no latitude/longitude columns")
        scan = analysed(ctx, t, "table-coordinates-valid", args)
        findings = []
        for col, label in ((lat, "latitude"), (lon, "longitude")):
            if col is not None and scan.hits[col]:
                what = f"value(s) that are not a {label} in WGS84 degrees"
                findings.append(aggregate(t, col, scan.hits[col], what))
        if not findings and len(extent) == 4 and lat is not None and scan.outside:
            findings.append(aggregate(t, lat, scan.outside, "point(s) outside the declared extent"))
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)


#: Column labels of dates (searched in the label, any case). Whole name parts only:
#: "last_action_date" and "created_at" are dates, "updated_by" is not.
DATE_COLUMNS = (
    r"(^|[_\s-])(date|datum|timestamp|zeit|zeitpunkt)($|[_\s-])",
    r"_at$",
    r"_on$",
    r"^(created|updated|modified|issued)$",
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


def _date_columns(t: Table, args: dict[str, Any]) -> list[int]:
    date_name = any_of(args.get("date_columns", DATE_COLUMNS))
    return [i for i, h in enumerate(t.header) if date_name.search(h)]


@analysis("table-dates-iso")
def _dates_scan(t: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    # Natively: what is surely a valid ISO date is dropped; Python judges the rest.
    return ColumnScan(
        _date_columns(t, args), lambda c: ~_surely_iso(c), lambda v: not _iso_ok(v.strip())
    )


@simple(
    "table-dates-iso",
    "Date columns hold ISO 8601 dates.",
    {
        "type": _OBJ,
        "properties": {
            "date_columns": patterns_arg(
                "Regular expressions for date column labels, searched in the label (any case; "
                "use ^ and $ to match a whole label).",
                DATE_COLUMNS,
            )
        },
        "additionalProperties": False,
    },
)
def dates_iso(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Date columns are those whose label contains a match of one of `date_columns` (any case; by
        default date, datum, timestamp, zeit or zeitpunkt as a whole part of the name between `_`,
        `-`, spaces or the ends, a name ending in `_at` or `_on`, or exactly created, updated,
        modified or issued). Every non-blank value, trimmed, must be ISO 8601: YYYY-MM, YYYY-MM-DD,
        or a date with a time (after T or a space) hh:mm, optional seconds and fraction, and an
        optional Z or offset; and it must be a real date and time. With the default names, a column
        named `time` or `start_time` is not a date column.
    Why:
        ISO 8601 sorts as text and reads the same everywhere; 03/04/2024 is March in one country and
        April in the next.
    Passes:
        `opened_date` holding `2024-03-04` or `2024-03-04T09:30:00Z`.
    Fails:
        `opened_date` holding `03/04/2024` or `2024-02-30` ("column 'opened_date': 1 value(s) that
        are not ISO 8601 dates (YYYY-MM-DD)").
    Does not apply:
        No column is named like a date.
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        if not _date_columns(t, args):
            return CheckOutcome.inapplicable("no date columns")
        findings = []
        found = analysed(ctx, t, "table-dates-iso", args).hits
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
    """What it checks:
        What the metadata declares against what the file is. A CSV whose first header cell starts
        with `<!doctype`, `<html`, `<?xml`, `{` or `[` fails (an error page or JSON saved under a
        table's name). A declared `format` or `mediatype` naming csv, tsv, xlsx, json or ndjson (or
        their media types) must match what the file was read as (TSV counts as csv); other values
        are not compared. A declared `encoding` must agree with the detected one: UTF-8, UTF-8 with
        a byte-order mark and ASCII are one family, Latin-1, ISO-8859-1 and Windows-1252 another.
    Why:
        Portals and harvesters trust the declared format and encoding to pick a reader; a wrong
        declaration garbles the data or hides a broken download.
    Passes:
        A CSV declared as `format: csv` and `encoding: utf-8`.
    Fails:
        A CSV declared as `format: xlsx` ("the metadata declares format 'xlsx' but the file is
        csv"), or an HTML page saved as data.csv.
    Does not apply:
        Nothing is declared and the file is not a CSV.
    Cannot tell:
        There is no table to inspect.
    """

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
