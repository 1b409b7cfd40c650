"""A per-user cache of the loaded catalogue, so start-up does not re-read and re-validate ~180
YAML files on every run (a few seconds: they are YAML 1.2, read by ruamel's pure-Python parser;
`ocp check` on one file is otherwise mostly that).

The key covers what the loaded catalogue depends on: the tool's version, and the size and
modification time of every standards file and of the code and meta-schemas that validate them.
Any change, a missing or unreadable cache, a cache file another user could have written, or
OCP_NO_CACHE=1 means a normal load; a failed load is never cached. The folder is OCP_CACHE_DIR,
else $XDG_CACHE_HOME/ocp-standards, else ~/.cache/ocp-standards.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .._version import __version__

T = TypeVar("T")
_CODE = Path(__file__).resolve().parent.parent  # the ocp_standards package


def cache_dir() -> Path:
    if os.environ.get("OCP_CACHE_DIR"):
        return Path(os.environ["OCP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ocp-standards"


def _key(root: Path) -> str:
    digest = hashlib.sha256(f"{__version__}\0{root.resolve()}".encode())
    files = sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.json"))
    files += sorted((_CODE / "catalog").glob("*.py")) + sorted((_CODE / "checks").glob("*.py"))
    files += sorted((_CODE / "catalog").glob("*.yaml")) + sorted((_CODE / "model").glob("*.py"))
    files += sorted((_CODE / "catalog" / "schemas").glob("*.json"))  # the meta-schemas
    for path in files:
        st = path.stat()
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _private(st: os.stat_result) -> bool:
    """Ours alone: a pickle runs code when loaded, so only trust a file this user wrote."""
    getuid = getattr(os, "getuid", None)
    mine = getuid is None or st.st_uid == getuid()
    return mine and not st.st_mode & 0o022


def cached(root: Path, load: Callable[[], T]) -> T:
    """`load()`'s result, from the cache when nothing it depends on changed."""
    if os.environ.get("OCP_NO_CACHE"):
        return load()
    try:
        path = cache_dir() / f"catalog-{_key(root)}.pickle"
        with path.open("rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                raise PermissionError(path)  # written by someone else: never unpickle it
            return pickle.load(fh)
    except Exception:  # absent, stale format, unreadable: load normally
        pass
    value = load()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except Exception:  # a read-only home must not fail the run
        pass
    return value
