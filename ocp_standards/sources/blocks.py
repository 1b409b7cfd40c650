"""Tables as a stream of column blocks: the one shape every table check reads.

A block is a polars DataFrame of text columns `c0 … cN-1` (an empty cell is "", a cell missing
from a short row is null) plus `__i`, each row's index among the data rows. Checks evaluate
column-wise on a block and keep only what they must remember, so memory does not grow with the
file. Delimited text files are parsed by pyarrow's streaming CSV reader (native, about 100× the
speed of Python's csv module) — see docs/performance.md for why pyarrow parses and polars
evaluates.

pyarrow skips rows whose cell count differs from the header's; we hear of each one (with its line,
read serially) and hand it back as a short block of its own, so ragged rows are still checked
cell by cell and every row keeps the index a reader counting rows would give it.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..settings import limits

INDEX = "__i"
#: Bytes parsed per block: large enough for the native parser to stream at full speed, small
#: enough that a block (and what checks derive from it) stays a few tens of MiB.
#: Bytes the native parser reads at a time (it is fastest with small reads) ...
PARSE_BYTES = 1 << 20
#: ... and bytes of parsed text per block handed to checks: larger blocks mean fewer native
#: calls, smaller ones less memory (used when the file is streamed rather than kept).
BLOCK_BYTES = 32 << 20
STREAM_BLOCK_BYTES = 8 << 20
#: Files up to this size are kept in memory, parsed, after the first pass so checks do not
#: parse them again (about 1.3x the file in memory); larger files are streamed from disk for
#: every pass: memory stays bounded by a block, time grows by a parse per pass.
CACHE_FILE_BYTES = 256 << 20


def column(i: int) -> str:
    return f"c{i}"


def frame_from_rows(rows: list[list[str]], width: int, start: int = 0) -> pl.DataFrame:
    """A block from rows held in memory (short rows padded with null, extra cells dropped)."""
    data: dict[str, Any] = {
        column(c): [r[c] if c < len(r) else None for r in rows] for c in range(width)
    }
    data[INDEX] = list(range(start, start + len(rows)))
    return pl.DataFrame(data, schema={**{k: pl.String for k in data}, INDEX: pl.Int64})


class StreamError(ValueError):
    """The fast reader cannot take this file; the caller reads it the reference way instead."""


class TooManyRows(Exception):
    """More data rows than the run's limit: reading stops there (see limits.py)."""

    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


@dataclass
class CsvStream:
    """A delimited text file read in blocks by pyarrow, header already known."""

    path: Path
    width: int
    delimiter: str
    encoding: str
    header_line: int = 1
    rows: int = 0
    #: (index, line, cell count, cells) of each row with a different number of cells.
    ragged: list[tuple[int, int, int, list[str]]] = field(default_factory=list)
    #: Indexes of rows holding a line break inside a quoted cell, with the number of breaks
    #: before each, so a row's line can be computed without keeping one number per row.
    _nl_rows: list[int] = field(default_factory=list)
    _nl_upto: list[int] = field(default_factory=list)
    _gaps: list[int] = field(default_factory=list)
    _cache: list[pl.DataFrame] | None = None

    def open(self) -> None:
        """First pass: count rows, find ragged rows and line breaks in cells, keep the data
        when it is small. Raises StreamError when the file needs the reference reader.

        Parsed on both cores; only a file with ragged rows is parsed again serially, the one
        way pyarrow tells each ragged row's line."""
        if not self._open(threads=True):
            self._open(threads=False)

    def _open(self, threads: bool) -> bool:
        invalid: list[tuple[int, int, str]] = []
        cache: list[pl.DataFrame] | None = (
            [] if self.path.stat().st_size <= CACHE_FILE_BYTES else None
        )
        valid_rows = 0
        breaks: list[tuple[int, int]] = []  # (valid-row index, breaks in that row)
        max_rows = limits.current().max_rows
        try:
            for frame in self._frames(invalid, threads):
                n = frame.height
                if valid_rows + n + len(invalid) > max_rows:
                    raise TooManyRows(valid_rows + n + len(invalid))
                breaks.extend(self._line_breaks(frame, valid_rows))
                if cache is not None:
                    cache.append(frame)
                valid_rows += n
        except (StreamError, TooManyRows):
            raise
        except Exception as exc:  # pyarrow: invalid UTF-8, unbalanced quotes, I/O
            raise StreamError(str(exc).splitlines()[0][:200]) from None
        if threads and invalid:
            return False  # their lines are unknown in a threaded parse
        if invalid and (breaks or any("\n" in text for _, _, text in invalid)):
            # Mapping lines back to rows around both would need a line per row; rare enough
            # (ragged rows *and* multi-line cells) to leave to the reference reader.
            raise StreamError("ragged rows together with line breaks inside cells")
        self.rows = valid_rows + len(invalid)
        for j, (line, count, text) in enumerate(sorted(invalid)):
            index = line - self.header_line - 1
            cells = next(csv.reader([text], delimiter=self.delimiter), [])
            self.ragged.append((index, line, count, cells))
            # The k-th kept row has index k + (number of skipped rows with gap <= k).
            self._gaps.append(index - j)
        total = 0
        for k, extra in breaks:
            total += extra
            self._nl_rows.append(k)
            self._nl_upto.append(total)
        self._cache = cache
        return True

    def _batches(
        self, invalid: list[tuple[int, int, str]] | None, threads: bool = True
    ) -> Iterator[Any]:
        """Parsed batches; ragged rows are skipped, and noted in `invalid` when given."""
        import pyarrow as pa
        import pyarrow.csv as pcsv

        names = [column(i) for i in range(self.width)]

        def on_invalid(row: Any) -> str:
            if invalid is not None:  # the line is None when parsing threaded
                line = -1 if row.number is None else int(row.number)
                invalid.append((line, int(row.actual_columns), str(row.text)))
            return "skip"

        reader = pcsv.open_csv(
            self.path,
            read_options=pcsv.ReadOptions(
                column_names=names,
                skip_rows=self.header_line,
                use_threads=threads,
                block_size=PARSE_BYTES,
                encoding=self.encoding,
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=self.delimiter,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from reader

    def _frames(
        self, invalid: list[tuple[int, int, str]] | None, threads: bool = True
    ) -> Iterator[pl.DataFrame]:
        """Parsed batches grouped into blocks of about BLOCK_BYTES."""
        import pyarrow as pa

        group: list[Any] = []
        size = 0
        limit = BLOCK_BYTES if self.path.stat().st_size <= CACHE_FILE_BYTES else STREAM_BLOCK_BYTES
        for batch in self._batches(invalid, threads):
            group.append(batch)
            size += batch.nbytes
            if size >= limit:
                yield self._frame(pa, group)
                group, size = [], 0
        if group:
            yield self._frame(pa, group)

    @staticmethod
    def _frame(pa: Any, batches: list[Any]) -> pl.DataFrame:
        frame = pl.from_arrow(pa.Table.from_batches(batches))
        assert isinstance(frame, pl.DataFrame)
        return frame

    @staticmethod
    def _line_breaks(frame: pl.DataFrame, first: int) -> list[tuple[int, int]]:
        cols = [c for c in frame.columns if c != INDEX]
        # Per column first (one boolean each): nearly every block has no line break at all.
        anywhere = frame.select(pl.col(c).str.contains("\n", literal=True).any() for c in cols)
        cols = [c for c, hit in zip(cols, anywhere.row(0), strict=True) if hit] if cols else []
        if not cols:
            return []
        has = frame.select(
            pl.any_horizontal(pl.col(c).str.contains("\n", literal=True) for c in cols)
        )
        counts = (
            frame.with_row_index("__k")
            .filter(has.to_series())
            .select(
                pl.col("__k"),
                pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True) for c in cols),
            )
        )
        return [(first + int(k), int(n)) for k, n in counts.iter_rows()]

    def tail_lines(self, n: int) -> list[str]:
        """The file's last `n` lines (without the final line end), oldest first."""
        size = self.path.stat().st_size
        want = min(size, 64 * (n + 1) + 4096)
        while True:
            with self.path.open("rb") as fh:
                fh.seek(size - want)
                raw = fh.read(want)
            lines = raw.decode(self.encoding, errors="replace").split("\n")
            if lines and lines[-1] == "":
                lines.pop()  # the final line end
            if len(lines) > n or want == size:
                return lines[-n:] if n else []
            want = min(size, want * 4)

    def index_of(self, k: int) -> int:
        """The row index (ragged rows counted) of the k-th row the parser kept."""
        return k + bisect.bisect_right(self._gaps, k) if self._gaps else k

    def line_of(self, index: int) -> int:
        """The line where the row with this index starts."""
        before = bisect.bisect_left(self._nl_rows, index)  # no ragged rows then: index == k
        extra = self._nl_upto[before - 1] if before else 0
        return self.header_line + 1 + index + extra

    def blocks(self) -> Iterator[pl.DataFrame]:
        frames: Iterator[pl.DataFrame]
        frames = iter(self._cache) if self._cache is not None else self._frames(None)
        k = 0
        for frame in frames:
            n = frame.height
            index = pl.int_range(k, k + n, dtype=pl.Int64, eager=True)
            if self._gaps:
                index = index + pl.Series(self._gaps).search_sorted(index, side="right")
            yield frame.with_columns(index.alias(INDEX))
            k += n
        if self.ragged:
            yield frame_from_rows(
                [cells for _, _, _, cells in self.ragged], self.width
            ).with_columns(pl.Series(INDEX, [i for i, *_ in self.ragged], dtype=pl.Int64))
