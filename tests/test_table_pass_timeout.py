"""A shared table pass stopped by the time limit (issue 12, bug 2).

The first table check computes every table analysis of the run in one pass over the blocks; when
the time limit stops that pass half way, what the analyses hold is partial. Every rule reading
one of them must then say it cannot tell (and why), never pass or fail on the rows seen so far.
The timeout is forced at a chosen block through table_pass.BLOCK_HOOK, never by the clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ocp_standards import check
from ocp_standards.catalog.loader import Catalog
from ocp_standards.checks.tables import fused as table_pass
from ocp_standards.model.outcome import Outcome
from ocp_standards.settings.timelimit import CheckTimeout
from ocp_standards.sources import blocks, tables

PROFILE = "open-data-publication"
#: The pass is stopped when it reaches this block (0 is the first).
STOP_AT = 3
ROWS = 240


def _csv(path: Path) -> Path:
    """A table whose problems are spread over the whole file: blank rows early and late,
    markup, a bad date, a bad latitude and the only e-mail addresses near the end, and an
    `email` column empty until then (so a partial pass would call it an empty column)."""
    lines = ["id,name,created_at,lat,lon,email"]
    for i in range(ROWS):
        if i in (5, ROWS - 20):
            lines.append(",,,,,")
            continue
        name = "<script>x</script>" if i == ROWS - 10 else f"name {i}"
        date = "2024-13-45" if i == ROWS - 9 else f"2024-01-{1 + i % 28:02d}"
        lat = "123.5" if i == ROWS - 8 else f"45.{i}"
        email = f"person{i}@example.org" if i >= ROWS - 30 else ""
        lines.append(f"{i},{name},{date},{lat},-75.{i},{email}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of about a dozen rows, so the table is walked in many of them."""
    monkeypatch.setattr(blocks, "PARSE_BYTES", 512)
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 1)
    monkeypatch.setattr(blocks, "STREAM_BLOCK_BYTES", 1)


def _results(path: Path) -> dict[str, tuple[Outcome, str | None, list[str]]]:
    report = check([path], profile=PROFILE, as_of="2026-11-24")
    [subject] = report.subjects
    return {
        r.rule_id: (r.outcome, r.reason, [f.message for f in r.findings]) for r in subject.results
    }


def _reads_the_pass(catalog: Catalog, rule_id: str) -> bool:
    """Whether the rule's check reads an analysis of the shared table pass."""
    rule = catalog.find_rule(rule_id)
    assert rule is not None
    return any(
        spec["name"] in table_pass.FACTORIES for spec in table_pass._python_specs(rule.check)
    )


def _stop_at(block: int, fired: list[int]) -> Any:
    """A hook raising CheckTimeout, as the time limit's alarm would, the first time the pass
    reaches `block`."""

    def hook(number: int) -> None:
        if number == block and not fired:
            fired.append(number)
            raise CheckTimeout

    return hook


def test_a_timeout_in_the_shared_pass_leaves_no_verdict_on_partial_data(
    tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    path = _csv(tmp_path / "t.csv")
    table = tables.read_table(path)
    assert table.stream is not None
    assert sum(1 for _ in table.blocks()) > STOP_AT + 5, "the table must span many blocks"

    normal = _results(path)
    fired: list[int] = []
    monkeypatch.setattr(table_pass, "BLOCK_HOOK", _stop_at(STOP_AT, fired))
    stopped = _results(path)
    assert fired == [STOP_AT], "the hook must have stopped the pass"

    dependent = {rid for rid in normal if _reads_the_pass(catalog, rid)}
    # Rules that judge the rows in the control run (not those inapplicable from the header).
    judged = {rid for rid in dependent if normal[rid][0] in (Outcome.PASSED, Outcome.FAILED)}
    assert len(judged) >= 6, judged

    # No rule reading the pass passes or fails: those that judge rows cannot tell, the others
    # are inapplicable as always (from the header alone).
    wrong = {
        rid: (normal[rid][0].value, "->", *stopped[rid])
        for rid in sorted(dependent)
        if stopped[rid][0] is not Outcome.CANT_TELL
        and (rid in judged or stopped[rid] != normal[rid])
    }
    assert not wrong, wrong

    cant_tell = {rid: stopped[rid][1] or "" for rid in judged}
    # The check that was running when the alarm fired says so (engine.py) ...
    running = [rid for rid, why in cant_tell.items() if why.startswith("the check took longer")]
    assert len(running) == 1, cant_tell
    # ... and every other rule reading the pass says the shared pass was stopped, naming the
    # limit and how to raise it.
    for rid, why in cant_tell.items():
        if rid in running:
            continue
        assert "shared pass" in why and "time limit" in why, (rid, why)
        assert "--check-timeout" in why and " s " in why, (rid, why)

    # Rules that never read the pass are judged as always.
    for rid in normal:
        if rid not in dependent:
            assert stopped[rid] == normal[rid], rid


def test_without_the_hook_small_blocks_give_the_normal_outcomes(
    tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _csv(tmp_path / "t.csv")
    in_small_blocks = _results(path)
    monkeypatch.undo()  # the default block sizes: one block
    assert sum(1 for _ in tables.read_table(path).blocks()) == 1
    assert _results(path) == in_small_blocks

    expected = {
        "GEN-STR-001": Outcome.PASSED,  # has data
        "GEN-STR-005": Outcome.FAILED,  # blank rows
        "GEN-QUAL-005": Outcome.FAILED,  # markup
        "GEN-QUAL-006": Outcome.FAILED,  # a bad date
        "GEN-QUAL-007": Outcome.FAILED,  # a bad latitude
        "GEN-QUAL-009": Outcome.PASSED,  # no empty column
        "GEN-PRIV-001": Outcome.FAILED,  # e-mail addresses
    }
    assert {rid: in_small_blocks[rid][0] for rid in expected} == expected


class _Probe(table_pass.Analysis):
    """Counts the rows it saw; `stop` makes its finish step run out of time."""

    def __init__(self, stop: bool = False, needs: list[table_pass.Analysis] | None = None) -> None:
        self.rows, self.stop, self.needs = 0, stop, needs or []

    def exprs(self) -> list[Any]:
        import polars as pl

        return [pl.len().alias(self.name("n"))]

    def consume(self, frame: Any, out: Any) -> None:
        self.rows += frame.height

    def finish(self) -> None:
        if self.stop:
            raise CheckTimeout


def test_only_analyses_that_truly_finished_keep_their_results(
    tmp_path: Path, small_blocks: None
) -> None:
    table = tables.read_table(_csv(tmp_path / "t.csv"))
    gate = _Probe()  # a shared pre-pass, finished after the analyses that read it
    kept, reader, stopping = _Probe(), _Probe(needs=[gate]), _Probe(stop=True)
    with pytest.raises(CheckTimeout):
        table_pass.run_pass(table, [kept, reader, stopping])
    assert kept.error is None and kept.rows == ROWS  # finished before the alarm: whole
    for a in (reader, stopping, gate):  # the reader finished, but not the gate it reads
        assert isinstance(a.error, table_pass.PassInterrupted), a
        assert "--check-timeout" in str(a.error)
    assert all(a.ran for a in (kept, reader, stopping, gate))  # none is run again half-filled


def test_a_read_error_half_way_marks_every_unfinished_analysis(
    tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = tables.read_table(_csv(tmp_path / "t.csv"))
    problem = OSError("the disk went away")

    def hook(number: int) -> None:
        if number == STOP_AT:
            raise problem

    monkeypatch.setattr(table_pass, "BLOCK_HOOK", hook)
    probes: list[table_pass.Analysis] = [_Probe(), _Probe()]
    with pytest.raises(OSError):
        table_pass.run_pass(table, probes)
    assert all(p.error is problem and p.ran for p in probes)


def test_spill_files_of_an_abandoned_duplicate_search_are_removed() -> None:
    """A pass stopped half way never asks for the repeats: the files go with the object."""
    import gc

    import polars as pl

    from ocp_standards.checks.tables.duplicates import DuplicateHashes

    finder = DuplicateHashes(memory_rows=2, buckets=2)
    finder.add(pl.Series([1, 2, 3, 3], dtype=pl.UInt64))
    folder = finder._dir
    assert folder is not None and any(folder.iterdir())
    del finder
    gc.collect()
    assert not folder.exists()
