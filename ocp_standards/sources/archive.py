"""Unpack a `.zip` submission safely: no path escapes, no links, bounded size and ratio."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..settings import limits as run


class ArchiveError(Exception):
    pass


@dataclass(frozen=True)
class Limits:
    """What stops zip bombs and floods of entries (defaults: settings/limits.py)."""

    max_entries: int = run.DEFAULT.max_archive_entries
    max_total_bytes: int = run.DEFAULT.max_archive_bytes
    max_ratio: float = run.DEFAULT.max_archive_ratio  # uncompressed / compressed, per entry


def run_limits() -> Limits:
    """The archive limits of the current run (see settings/limits.py)."""
    cur = run.current()
    return Limits(cur.max_archive_entries, cur.max_archive_bytes, cur.max_archive_ratio)


def safe_extract(archive: Path, target: Path, limits: Limits | None = None) -> list[str]:
    """Extract into `target` (which must be empty); raises ArchiveError naming the bad entry."""
    limits = limits or run_limits()
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"not a readable zip archive: {exc}") from None
    names: list[str] = []
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveError(f"{len(infos):,} entries; the limit is {limits.max_entries:,}")
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total_bytes:
            raise ArchiveError(
                f"expands to {declared:,} bytes; the limit is {limits.max_total_bytes:,}"
            )
        root = target.resolve()
        written = 0
        for info in infos:
            name = info.filename
            pure = PurePosixPath(name.replace("\\", "/"))
            if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
                raise ArchiveError(f"entry {name!r} would be written outside the folder (zip-slip)")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ArchiveError(f"entry {name!r} is a symbolic link; links are refused")
            if info.is_dir():
                continue
            if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                raise ArchiveError(
                    f"entry {name!r} expands {info.file_size / info.compress_size:,.0f}"
                    f" times; the limit is {limits.max_ratio:,.0f} (a zip bomb? raise the limit"
                    " with --max-archive-ratio)"
                )
            dest = (root / pure).resolve()
            if not str(dest).startswith(str(root) + "/") and dest != root:
                raise ArchiveError(f"entry {name!r} would be written outside the folder")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(dest, "wb") as out:
                # Count real bytes: a lying header must not get past the total limit.
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > limits.max_total_bytes:
                        raise ArchiveError(f"expands beyond {limits.max_total_bytes:,} bytes")
                    out.write(chunk)
            names.append(str(pure))
    return names
