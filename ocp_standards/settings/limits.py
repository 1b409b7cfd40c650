"""Every resource limit of a run in one place, with safe defaults.

Inputs are hostile (docs/reliability.md), so each reader bounds what it will take: bytes, rows,
nesting, nodes, archive expansion. A limit that is hit is a finding on that input naming the
limit and the option that raises it — never a crash. A run's limits are part of its RunOptions
(settings/options.py: defaults < OCP_MAX_FILE_BYTES < `ocp.toml` < `--max-file-size`, `--max-rows`
…);
`check()` binds them for the run with `using()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    #: Documents, specs, manifests, metadata (parsed whole, with positions).
    max_file_bytes: int = 64 * MiB
    #: Delimited tables (streamed: memory does not grow with the file).
    max_table_bytes: int = 16 * 1024 * MiB
    #: Data rows of one table.
    max_rows: int = 100_000_000
    #: Nesting depth of a JSON/YAML document.
    max_depth: int = 256
    #: Nodes a document may expand to (YAML aliases) or a joined API description may hold.
    max_nodes: int = 2_000_000
    #: `$ref` chain length.
    max_ref_depth: int = 64
    #: Zip archives: entries, expanded bytes, expansion ratio per entry.
    max_archive_entries: int = 10_000
    max_archive_bytes: int = 512 * MiB
    max_archive_ratio: float = 200.0

    def but(self, **changes: object) -> Limits:
        """A copy with some limits changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


DEFAULT = Limits()
_CURRENT: ContextVar[Limits | None] = ContextVar("ocp_limits", default=None)


def current() -> Limits:
    return _CURRENT.get() or DEFAULT


@contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.I)
_UNITS = {
    "": 1, "b": 1,
    "k": 1000, "kb": 1000, "kib": 1024,
    "m": 1000**2, "mb": 1000**2, "mib": 1024**2,
    "g": 1000**3, "gb": 1000**3, "gib": 1024**3,
    "t": 1000**4, "tb": 1000**4, "tib": 1024**4,
}  # fmt: skip


def parse_size(text: str) -> int:
    """'64MiB', '2GB', '500k', '1048576' → bytes. Raises ValueError with what is accepted."""
    match = _SIZE.match(str(text))
    unit = (match.group(2) or "").lower() if match else None
    if match is None or unit not in _UNITS:
        raise ValueError(
            f"{text!r} is not a size; give bytes or a number with a unit, e.g. 64MiB, 2GB, 500k"
        )
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"{text!r}: a size limit must be positive")
    return size


def describe(size: int) -> str:
    """Bytes for people: 67,108,864 bytes (64 MiB)."""
    for unit, factor in (("GiB", 1024**3), ("MiB", MiB), ("KiB", 1024)):
        if size >= factor:
            return f"{size:,} bytes ({size / factor:g} {unit})"
    return f"{size:,} bytes"
