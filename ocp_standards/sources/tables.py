"""Tables: CSV/TSV in any common encoding and dialect, Excel .xlsx, JSON records and NDJSON.

Everything is read into one small `Table` (header, rows, where each row starts, how the file was
encoded), so the table checks are written once. Encoding is decided strictly — UTF-8 first, then a
UTF-16 byte-order mark, then charset detection preferring the Western code pages cities use — and
the result is reported, never silently guessed (frictionless, for one, reads a French cp1252 file
as Thai).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..model.outcome import SubjectKind
from ..settings import limits
from . import detect
from .blocks import CsvStream, StreamError, TooManyRows, frame_from_rows
from .registry import FINISHERS, KIND_READERS, READERS, Candidate, problem, too_big
from .subject import Subject

TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".xlsx", ".ndjson", ".jsonl")
#: Rows kept in memory for the checks; beyond this the table is flagged as sampled.
MAX_ROWS = 1_000_000
#: Bytes of a text table read for checking; a larger file is checked on this leading sample
#: (the streaming engine of the Performance work will lift this).
SAMPLE_BYTES = 256 * 1024 * 1024
#: How many leading lines may be titles/notes before the real header.
MAX_TITLE_ROWS = 20


class TableError(ValueError):
    """The bytes are not a table we can read (a finding on the input, not a crash)."""


class TableLimit(TableError):
    """The table is over a configured limit (rows): a finding naming the limit."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    #: 1-based line (CSV) or row (xlsx) where each data row starts, parallel to `rows`.
    row_lines: list[int] = field(default_factory=list)
    header_line: int = 1
    encoding: str = "utf-8"
    bom: bool = False
    delimiter: str = ","
    line_terminator: str = "\n"
    #: Non-empty lines above the header (titles, notes pasted from a spreadsheet).
    title_rows: list[str] = field(default_factory=list)
    source_format: str = "csv"
    sampled: bool = False
    # What the metadata says about this table (set by the data package reader).
    schema: dict[str, Any] | None = None
    schema_problem: str | None = None
    resource: str | None = None
    declared: dict[str, Any] = field(default_factory=dict)
    sensitive: bool = False
    #: The other tables of the same package by resource name (foreign keys).
    siblings: dict[str, Table] = field(default_factory=dict, repr=False)
    #: A large delimited file read in blocks from disk instead of `rows` (see blocks.py).
    stream: CsvStream | None = field(default=None, repr=False)
    #: Why the fast reader did not take this file, when it did not (said in the report).
    reference_reason: str | None = None
    #: The subject's metadata, where checks note how they judged the table (in the report).
    notes: dict[str, Any] = field(default_factory=dict, repr=False)
    _frames: list[pl.DataFrame] | None = field(default=None, repr=False)

    @property
    def width(self) -> int:
        return len(self.header)

    @property
    def n_rows(self) -> int:
        return self.stream.rows if self.stream is not None else len(self.rows)

    def blocks(self) -> Iterator[pl.DataFrame]:
        """The data rows as column blocks (`c0 …`, `__i`): how checks should walk a table."""
        if self.stream is not None:
            yield from self.stream.blocks()
            return
        if self._frames is None:
            step = 200_000
            self._frames = [
                frame_from_rows(self.rows[i : i + step], self.width, i)
                for i in range(0, len(self.rows), step)
            ] or [frame_from_rows([], self.width)]
        yield from self._frames

    def line_of(self, index: int) -> int:
        """The line (row, in a spreadsheet) where the data row with this index starts."""
        if self.stream is not None:
            return self.stream.line_of(index)
        if 0 <= index < len(self.row_lines):
            return self.row_lines[index]
        return self.header_line + 1 + index

    def ragged(self) -> list[tuple[int, int]]:
        """(index, cell count) of each non-blank row whose cell count differs from the header's."""
        if self.stream is not None:
            return [
                (i, n) for i, _line, n, cells in self.stream.ragged if any(c.strip() for c in cells)
            ]
        width = self.width
        return [
            (i, len(r))
            for i, r in enumerate(self.rows)
            if len(r) != width and any(c.strip() for c in r)
        ]

    def all_rows(self) -> list[list[str]]:
        """Every data row as cells, in memory: for small tables and tests only."""
        if self.stream is None:
            return self.rows
        ragged = {i: cells for i, _line, _n, cells in self.stream.ragged}
        out: list[list[str]] = []
        for frame in self.stream.blocks():
            for row in frame.iter_rows():
                index = row[-1]
                out.append(ragged[index] if index in ragged else list(row[:-1]))
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "format": self.source_format,
            "columns": self.header,
            "rows": self.n_rows,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "title_rows": len(self.title_rows),
            "sampled": self.sampled,
            "sensitive": self.sensitive,
            "resource": self.resource,
            "declared": self.declared,
            "has_schema": self.schema is not None,
        }


def decode(raw: bytes) -> tuple[str, str, bool]:
    """(text, encoding, had_bom). Raises TableError for binary or undecodable content."""
    if raw[:3] == b"\xef\xbb\xbf":
        try:
            return raw[3:].decode("utf-8"), "utf-8", True
        except UnicodeDecodeError as exc:
            raise TableError(
                f"has a UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start}"
            ) from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), "utf-16", True
        except UnicodeDecodeError as exc:
            raise TableError(f"invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in raw[:8192] or _control_share(raw[:65536]) > 0.01:
        raise TableError("binary content, not a text table (is it really a CSV?)")
    try:
        return raw.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    if _looks_western(raw):
        # Windows-1252 is what spreadsheets on Western systems save; Latin-1 covers the five
        # bytes cp1252 leaves undefined.
        try:
            return raw.decode("cp1252"), "cp1252", False
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1", False
    from charset_normalizer import from_bytes

    sample = raw[:1_000_000]
    if len(raw) > len(sample):  # cut at a line end, not inside a multi-byte character
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    best = from_bytes(sample).best()
    if best is None:
        raise TableError("the text encoding cannot be determined")
    encoding = str(best.encoding)
    try:
        return raw.decode(encoding), encoding.replace("_", "-"), False
    except (UnicodeDecodeError, LookupError):
        raise TableError(f"cannot decode as {encoding}") from None


def _control_share(raw: bytes) -> float:
    """Share of control bytes other than tab/CR/LF/FF: text tables have none."""
    if not raw:
        return 0.0
    controls = sum(1 for b in raw if b < 0x20 and b not in (9, 10, 12, 13))
    return controls / len(raw)


def _looks_western(raw: bytes) -> bool:
    """Single high bytes between ASCII letters (Libell\xe9) are Western European text;
    runs of high bytes are a multi-byte legacy encoding (Big5, Shift-JIS ...)."""
    runs, current, total = [], 0, 0
    for byte in raw[:200_000]:
        if byte >= 0x80:
            current += 1
            total += 1
        elif current:
            runs.append(current)
            current = 0
    if current:
        runs.append(current)
    if not runs:
        return False
    return sum(runs) / len(runs) < 1.5


def _sniff_delimiter(lines: list[str], suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = "\n".join(lines[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _terminator(text: str) -> str:
    if "\r\n" in text[:65536]:
        return "\r\n"
    if "\r" in text[:65536]:
        return "\r"
    return "\n"


def parse_csv(text: str, suffix: str = ".csv") -> Table:
    terminator = _terminator(text)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = normalised.split("\n")
    non_empty = [ln for ln in lines if ln.strip()]
    if not non_empty:
        raise TableError("the file is empty")
    delimiter = _sniff_delimiter(non_empty, suffix)
    reader = csv.reader(io.StringIO(normalised), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        rows = iter(reader)
        while len(records) <= MAX_ROWS + MAX_TITLE_ROWS:
            start = reader.line_num + 1  # where the row starts (a quoted cell may span lines)
            row = next(rows, None)
            if row is None:
                break
            records.append((start, row))
    except csv.Error as exc:
        raise TableError(f"malformed CSV near line {reader.line_num}: {exc}") from None
    # Leading lines with fewer fields than the widest rows are titles or notes, not the header.
    widths = sorted(len([c for c in r if c.strip()]) for _, r in records[:200] if any(r))
    typical = widths[len(widths) // 2] if widths else 0
    start = 0
    titles: list[str] = []
    for i, (_, row) in enumerate(records[:MAX_TITLE_ROWS]):
        filled = len([c for c in row if c.strip()])
        if filled == 0:
            continue
        if typical > 1 and filled < max(2, typical // 2 + 1):
            titles.append(delimiter.join(row).strip(delimiter + " "))
            continue
        start = i
        break
    else:
        start = next((i for i, (_, r) in enumerate(records) if any(c.strip() for c in r)), 0)
    header_line, header = records[start]
    body = records[start + 1 :]
    table = Table(
        header=[h.strip() for h in header],
        rows=[r for _, r in body[:MAX_ROWS]],
        row_lines=[n for n, _ in body[:MAX_ROWS]],
        header_line=header_line,
        delimiter=delimiter,
        line_terminator=terminator,
        title_rows=titles,
        sampled=len(body) > MAX_ROWS,
    )
    return table


def parse_records(records: list[Any], fmt: str) -> Table:
    if not records or not all(isinstance(r, dict) for r in records):
        raise TableError("expected a list of records (JSON objects)")
    header: list[str] = []
    for record in records:
        for key in record:
            if key not in header:
                header.append(str(key))
    rows = [["" if r.get(h) is None else _cell(r.get(h)) for h in header] for r in records]
    return Table(
        header=header,
        rows=rows,
        row_lines=list(range(1, len(rows) + 1)),
        source_format=fmt,
        delimiter="",
    )


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_xlsx(path: Path) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a declared dependency
        raise TableError("reading .xlsx needs openpyxl") from None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise TableError(f"not a readable .xlsx workbook: {type(exc).__name__}") from None
    try:
        sheet = wb.worksheets[0]
        rows = [
            ["" if v is None else _cell(v) for v in row]
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + MAX_TITLE_ROWS)
        ]
    finally:
        wb.close()
    text_rows = [r for r in rows]
    if not any(any(c for c in r) for r in text_rows):
        raise TableError("the first sheet is empty")
    start = next(i for i, r in enumerate(text_rows) if any(c for c in r))
    header = [h.strip() for h in text_rows[start]]
    return Table(
        header=header,
        rows=text_rows[start + 1 :],
        row_lines=list(range(start + 2, len(text_rows) + 1)),
        header_line=start + 1,
        source_format="xlsx",
        encoding="xlsx",
        delimiter="",
    )


#: Leading bytes read to decide encoding, dialect and header before streaming the rest.
SNIFF_BYTES = 1 << 20
#: Encodings the streaming reader takes; others (UTF-16, Big5 …) are read in memory.
_STREAMABLE = {"utf-8", "ascii", "cp1252", "latin-1"}


def stream_table(path: Path) -> Table:
    """Read a delimited file in blocks, deciding encoding, dialect and header on a leading
    sample. Raises StreamError when only the in-memory reader can read it faithfully."""
    with path.open("rb") as fh:
        raw = fh.read(SNIFF_BYTES + 1)
    if len(raw) > SNIFF_BYTES:
        raw = raw[: raw.rfind(b"\n", 0, SNIFF_BYTES) + 1] or raw[:SNIFF_BYTES]
    if not raw.strip():
        raise TableError("the file is empty")
    text, encoding, bom = decode(raw)
    if encoding not in _STREAMABLE:
        raise StreamError(f"{encoding} text is read in memory")
    head = parse_csv(text, path.suffix.lower())
    if head.title_rows or head.header_line != 1:
        raise StreamError("lines above the header are read in memory")
    if head.line_terminator == "\r":
        raise StreamError("old Mac line ends are read in memory")
    stream = CsvStream(
        path=path,
        width=len(head.header),
        delimiter=head.delimiter,
        encoding="utf-8" if encoding == "ascii" else encoding,
    )
    try:
        stream.open()
    except TooManyRows as exc:
        raise TableLimit(rows_over(exc.rows, at_least=True)) from None
    return Table(
        header=head.header,
        rows=[],
        header_line=1,
        encoding=encoding,
        bom=bom,
        delimiter=head.delimiter,
        line_terminator=head.line_terminator,
        stream=stream,
    )


def rows_over(rows: int, at_least: bool = False) -> str:
    limit = limits.current().max_rows
    count = f"at least {rows:,}" if at_least else f"{rows:,}"
    return (
        f"the table has {count} data rows; the limit is {limit:,} "
        "(raise it with --max-rows or in ocp.toml)"
    )


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return parse_xlsx(path)
    if suffix in (".csv", ".tsv", ".tab"):
        try:
            return stream_table(path)
        except StreamError as exc:
            reason: str | None = str(exc)
        table = _read_in_memory(path, suffix)
        table.reference_reason = reason
        return table
    return _read_in_memory(path, suffix)


def _read_in_memory(path: Path, suffix: str) -> Table:
    with path.open("rb") as fh:
        raw = fh.read(SAMPLE_BYTES + 1)
    sampled = len(raw) > SAMPLE_BYTES
    if sampled:  # check the first SAMPLE_BYTES, cut at a line end
        raw = raw[: raw.rfind(b"\n", 0, SAMPLE_BYTES) + 1] or raw[:SAMPLE_BYTES]
    if not raw.strip():
        raise TableError("the file is empty")
    text, encoding, bom = decode(raw)
    if suffix in (".ndjson", ".jsonl"):
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    raise TableError(f"line {n} is not JSON: {exc}") from None
        table = parse_records(records, "ndjson")
    else:
        table = parse_csv(text, suffix)
    table.encoding, table.bom = encoding, bom
    table.sampled = table.sampled or sampled
    if len(table.rows) > limits.current().max_rows:
        raise TableLimit(rows_over(len(table.rows), at_least=table.sampled))
    return table


def table_subject(display: str, table: Table, path: Path | None = None) -> Subject:
    subject = Subject(
        path=display, kind=SubjectKind.DATASET, payload=table, title=path.name if path else None
    )
    from .document import Document

    subject.document = Document(data=table.summary(), path=display)
    subject.locator = lambda pointer: {"path": display}
    if table.reference_reason:  # said in the report: this table was read the slow, exact way
        subject.metadata["reader"] = f"in memory ({table.reference_reason})"
    # The checks can add to it (e.g. a Table Schema validated by frictionless row by row).
    table.notes = subject.metadata
    return subject


def read_table_file(candidate: Candidate, as_kind: SubjectKind | None) -> list[Subject] | None:
    try:
        size = candidate.path.stat().st_size
        limit = limits.current().max_table_bytes
        if size > limit:
            message = too_big(size, limit, "--max-table-size")
            return [problem(candidate.display, "OCP-INPUT-001", message, kind=SubjectKind.DATASET)]
        table = read_table(candidate.path)
    except OSError as exc:
        return [
            problem(
                candidate.display,
                "OCP-INPUT-001",
                f"cannot read the file: {exc}",
                kind=SubjectKind.DATASET,
            )
        ]
    except TableLimit as exc:
        return [problem(candidate.display, "OCP-INPUT-001", str(exc), kind=SubjectKind.DATASET)]
    except TableError as exc:
        return [
            problem(
                candidate.display,
                "OCP-INPUT-002",
                f"not a readable table: {exc}",
                kind=SubjectKind.DATASET,
            )
        ]
    return [table_subject(candidate.display, table, candidate.path)]


def records(data: Any) -> SubjectKind | None:
    """A JSON array of flat records is a dataset."""
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data[:100]):
        return SubjectKind.DATASET
    return None


def finish_records(subject: Subject, candidate: Candidate) -> Subject:
    if isinstance(subject.data, list):
        try:
            table = parse_records(subject.data, "json")
        except TableError as exc:
            return problem(subject.path, "OCP-INPUT-002", str(exc), kind=SubjectKind.DATASET)
        return table_subject(subject.path, table, candidate.path)
    return subject


for _suffix in TABLE_SUFFIXES:
    READERS[_suffix] = read_table_file
KIND_READERS[SubjectKind.DATASET] = read_table_file
detect.DETECTORS.append(records)
FINISHERS[SubjectKind.DATASET] = finish_records
