"""Which 64-bit hashes occur more than once among millions, in bounded memory.

Unique fields and primary keys need to remember every key they have seen. We remember a hash (8
bytes) rather than the value; up to MEMORY_ROWS hashes stay in memory, and beyond that they are
spilled to temporary files in BUCKETS buckets by their top bits, so finding the repeated ones
needs only one bucket in memory at a time. The caller then re-reads only the rows whose hash
repeats and compares the real values, so a hash collision never invents a duplicate.

The spilled files go with the object too (or at exit), so a pass stopped by the time limit, which
never asks for the repeats, leaves nothing behind.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path

import polars as pl

#: Hashes kept in memory before spilling (8 bytes each: 32 MiB).
MEMORY_ROWS = 4_000_000
BUCKETS = 32


class DuplicateHashes:
    def __init__(self, memory_rows: int = MEMORY_ROWS, buckets: int = BUCKETS) -> None:
        self._memory_rows = memory_rows
        self._buckets = buckets
        self._held: list[pl.Series] = []
        self._count = 0
        self._dir: Path | None = None
        self._remove: Callable[[], object] | None = None
        self._parts = 0

    def add(self, hashes: pl.Series) -> None:
        if not hashes.len():
            return
        self._held.append(hashes.cast(pl.UInt64))
        self._count += hashes.len()
        if self._count > self._memory_rows:
            self._spill()

    def _spill(self) -> None:
        if not self._held:
            return
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="ocp-keys-"))
            self._remove = weakref.finalize(self, shutil.rmtree, self._dir, ignore_errors=True)
        frame = pl.DataFrame({"h": pl.concat(self._held, rechunk=False)})
        bucket = pl.col("h") % self._buckets
        for (b,), part in frame.with_columns(bucket.alias("b")).group_by("b"):
            part.select("h").write_ipc(self._dir / f"{b}-{self._parts}.arrow")
        self._parts += 1
        self._held, self._count = [], 0

    def repeated(self) -> pl.Series:
        """The hash values seen more than once."""
        try:
            if self._dir is None:
                if not self._held:
                    return pl.Series("h", [], dtype=pl.UInt64)
                return _repeated(pl.concat(self._held, rechunk=False))
            self._spill()
            found = []
            for b in range(self._buckets):
                files = sorted(self._dir.glob(f"{b}-*.arrow"))
                if files:
                    hashes = pl.concat([pl.read_ipc(f).to_series() for f in files])
                    found.append(_repeated(hashes))
            return pl.concat(found) if found else pl.Series("h", [], dtype=pl.UInt64)
        finally:
            self.close()

    def close(self) -> None:
        self._held = []
        if self._remove is not None:
            self._remove()  # the folder's removal, done once however often it is called
        self._dir = self._remove = None


def _repeated(hashes: pl.Series) -> pl.Series:
    # Sorting and comparing neighbours needs a copy of the hashes; a hash table (is_duplicated)
    # needs several times more.
    ordered = hashes.sort()
    return ordered.filter(ordered == ordered.shift(1)).unique().rename("h")
