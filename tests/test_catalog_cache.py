"""The catalogue cache returns what a fresh load returns, and never a stale or broken copy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ocp_standards.catalog import cache
from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.paths import standards_dir


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OCP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OCP_NO_CACHE", raising=False)
    root = tmp_path / "standards"
    shutil.copytree(standards_dir(), root)
    return root


def _load(root: Path) -> tuple[object, int]:
    calls = []

    def load() -> object:
        calls.append(1)
        return load_catalog(root)

    return cache.cached(root, load), len(calls)


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(tree: Path) -> None:
    first, loads = _load(tree)
    second, again = _load(tree)
    assert (loads, again) == (1, 0)
    assert second.standards.keys() == first.standards.keys()  # type: ignore[attr-defined]
    fresh = load_catalog(tree)
    for sid, versions in fresh.standards.items():
        for ver, std in versions.items():
            cached_std = second.standards[sid][ver]  # type: ignore[attr-defined]
            assert cached_std.model_dump() == std.model_dump()


def test_an_edited_rule_file_is_loaded_again(tree: Path) -> None:
    _load(tree)
    rule = next(tree.glob("ocp-governance/1.1.0/rules/*.yaml"))
    st = rule.stat()
    os.utime(rule, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    _, loads = _load(tree)
    assert loads == 1


def test_a_broken_cache_file_is_ignored(tree: Path) -> None:
    _load(tree)
    for path in cache.cache_dir().glob("catalog-*.pickle"):
        path.write_bytes(b"not a pickle")
    value, loads = _load(tree)
    assert loads == 1 and value.standards  # type: ignore[attr-defined]


def test_no_cache_when_asked(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCP_NO_CACHE", "1")
    _load(tree)
    assert _load(tree)[1] == 1
    assert not cache.cache_dir().exists()


def test_a_cache_file_others_can_write_is_not_trusted(tree: Path) -> None:
    _load(tree)
    for path in cache.cache_dir().glob("catalog-*.pickle"):
        path.chmod(0o666)
    assert _load(tree)[1] == 1  # loaded afresh, not unpickled
