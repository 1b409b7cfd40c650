"""Repeated hashes are found the same way in memory and spilled to disk in buckets."""

from __future__ import annotations

from collections import Counter

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.checks.tables.duplicates import DuplicateHashes


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=30), max_size=8),
    st.sampled_from([3, 10, 1_000_000]),
)
def test_repeated_hashes_match_a_plain_count(chunks: list[list[int]], memory_rows: int) -> None:
    finder = DuplicateHashes(memory_rows=memory_rows, buckets=4)
    for chunk in chunks:
        finder.add(pl.Series(chunk, dtype=pl.UInt64))
    counts = Counter(v for chunk in chunks for v in chunk)
    assert sorted(finder.repeated().to_list()) == sorted(v for v, n in counts.items() if n > 1)


def test_spill_files_are_removed() -> None:
    finder = DuplicateHashes(memory_rows=2, buckets=2)
    finder.add(pl.Series([1, 2, 3, 3], dtype=pl.UInt64))
    folder = finder._dir
    assert folder is not None and any(folder.iterdir())
    assert finder.repeated().to_list() == [3]
    assert not folder.exists()
