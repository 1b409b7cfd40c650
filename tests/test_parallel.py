"""`--workers N` gives the same report as one process, in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

from ocp_standards import check
from ocp_standards.sources.loader import load_paths
from ocp_standards.sources.shard import Shard, sharding

from .conftest import ROOT


def _inputs(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    for name in ("procurement", "datasets", "apis", "submissions"):
        shutil.copytree(ROOT / "examples" / name, root / name)
    return root


def test_shards_partition_the_subjects_in_order(tmp_path: Path) -> None:
    root = _inputs(tmp_path)
    whole = [s.path for s in load_paths([root])]
    parts: list[tuple[int, int, str]] = []
    for k in range(3):
        with sharding(Shard(k, 3)) as shard:
            subjects = load_paths([root])
        assert len(shard.tags) == len(subjects)
        parts += [(t, i, s.path) for i, (t, s) in enumerate(zip(shard.tags, subjects, strict=True))]
    assert [p for *_, p in sorted(parts)] == whole
    assert len({t for t, *_ in parts}) > 3  # really split into several units


def test_two_workers_give_the_same_report(tmp_path: Path) -> None:
    root = _inputs(tmp_path)
    one = check([root], as_of="2026-11-24", workers=1)
    two = check([root], as_of="2026-11-24", workers=2)
    assert two.model_dump_json() == one.model_dump_json()
    assert len(one.subjects) > 10 and not one.gate.passed
