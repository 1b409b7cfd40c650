"""The fused pass: the same outcomes as each table rule alone, and one failing analysis stays
the problem of its own rule."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocp_standards import check
from ocp_standards.checks.tables import fused as table_pass
from ocp_standards.checks.tables import quality as table_checks
from ocp_standards.model.outcome import Outcome

from .conftest import EXAMPLES
from .crash import CRASH_MARKERS, assert_no_crash

POOR = EXAMPLES / "datasets" / "poor-service-requests"


def _outcomes(report):  # type: ignore[no-untyped-def]
    return {
        (s.path, r.rule_id): (r.outcome, [f.message for f in r.findings])
        for s in report.subjects
        for r in s.results
    }


def test_fused_pass_gives_the_same_outcomes_as_each_rule_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fused_report = check([POOR], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(fused_report)
    fused = _outcomes(fused_report)
    original = table_pass.analysed
    monkeypatch.setattr(
        table_pass, "analysed", lambda ctx, t, name, args: original(None, t, name, args)
    )
    for module in ("tables.quality", "tables.privacy", "tables.schema"):
        mod = __import__(f"ocp_standards.checks.{module}", fromlist=["analysed"])
        monkeypatch.setattr(mod, "analysed", table_pass.analysed)
    alone_report = check([POOR], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(alone_report)
    alone = _outcomes(alone_report)
    assert fused == alone
    assert any(o is Outcome.FAILED for o, _ in fused.values())


def test_a_failing_analysis_only_affects_its_own_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    before_report = check([POOR], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(before_report)
    before = _outcomes(before_report)

    def broken(self, frame, out):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    original = table_checks.ColumnScan.consume

    def consume(self, frame, out):  # type: ignore[no-untyped-def]
        if self.bad.__qualname__.startswith("_markup_scan"):
            return broken(self, frame, out)
        return original(self, frame, out)

    monkeypatch.setattr(table_checks.ColumnScan, "consume", consume)
    after_report = check([POOR], profile="open-data-publication", as_of="2026-11-24")
    after = _outcomes(after_report)
    changed = {k for k in before if before[k] != after[k]}
    assert changed, "the markup rule should have been affected"
    assert all(after[k][0] is Outcome.CANT_TELL for k in changed)
    assert len({rule for _, rule in changed}) == 1
    # The failed analysis is reported in the words tests/crash.py looks for.
    reasons = {
        (s.path, r.rule_id): r.reason or "" for s in after_report.subjects for r in s.results
    }
    assert all("RuntimeError: boom" in reasons[k] for k in changed)
    assert all(any(m in reasons[k] for m in CRASH_MARKERS) for k in changed)


@pytest.mark.parametrize(
    "content",
    [
        "a,b\n1,2\n,\n",  # a row of empty cells at the end: blank
        "a,b\n1,2\n\n\n",  # empty lines at the end: harmless
        "a,b\n1,2\n,\n\n",
        "a,b\n,\n1,2\n",
        "a,b\n1,2\n \t,\n",
        "a,b\r\n1,2\r\n,\r\n\r\n",
        # a quoted line break, markup, bad dates and coordinates, e-mails
        "id,name,created_at,lat,lon,email\n1,x,2024-01-01,45.1,-75.2,a@b.org\n"
        '3,"two\nlines",2024-02-30,91,-75,c@d.org\n4,<b>z</b>,2024-13-01,x,y,\n5,w,,,,e@f.org\n',
        # ragged rows, short and long
        "id,name,created_at,lat,lon,email\n1,x,2024-01-01,45.1,-75.2,a@b.org\n2,y\n"
        "3,z,2024-02-30,91,-75,c@d.org,extra\n4,<b>z</b>,2024-13-01,x,y,\n5,w,,,,e@f.org\n",
        '\ufeffid;name\n1;"a;b"\n2;"c ""q"""\n',
    ],
)
def test_streamed_and_in_memory_tables_agree(
    tmp_path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:  # type: ignore[no-untyped-def]
    from ocp_standards.sources import tables

    path = tmp_path / "t.csv"
    path.write_bytes(content.encode())

    def rule(report):  # type: ignore[no-untyped-def]
        return [
            (r.rule_id, r.outcome, [f.message for f in r.findings])
            for r in report.subjects[0].results
        ]

    streamed = check([path], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(streamed)
    assert tables.read_table(path).stream is not None

    def refuse(_path):  # type: ignore[no-untyped-def]
        raise tables.StreamError("forced")

    monkeypatch.setattr(tables, "stream_table", refuse)
    in_memory = check([path], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(in_memory)
    assert rule(streamed) == rule(in_memory)


_CELL = st.text(alphabet=st.sampled_from(list('ab1 ,"\n@.-<>:9')), max_size=8)
_FLAT = st.text(alphabet=st.sampled_from(list('ab1 ,"@.-<>:9')), max_size=8)
#: Rectangular tables whose cells may hold line breaks, and ragged ones whose cells do not: the
#: fast reader takes both (it leaves ragged rows *with* line breaks to the in-memory reader).
_TABLES = st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=12) | st.lists(
    st.lists(_FLAT, min_size=1, max_size=4), min_size=1, max_size=12
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TABLES)
def test_random_tables_read_alike_both_ways(
    tmp_path, monkeypatch: pytest.MonkeyPatch, rows: list[list[str]]
) -> None:  # type: ignore[no-untyped-def]
    """Whatever the fast reader accepts, it reads as the in-memory reader does."""
    import csv
    import io

    from ocp_standards.sources import tables

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "name", "email"])
    writer.writerows(rows)
    path = tmp_path / "r.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert tables.read_table(path).stream is not None
    streamed = check([path], profile="open-data-publication", as_of="2026-11-24")
    with monkeypatch.context() as m:
        m.setattr(tables, "stream_table", lambda _p: (_ for _ in ()).throw(tables.StreamError("x")))
        in_memory = check([path], profile="open-data-publication", as_of="2026-11-24")
    assert_no_crash(streamed, in_memory)
    assert _outcomes(streamed) == _outcomes(in_memory)
