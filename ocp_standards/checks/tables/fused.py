"""One pass over a table's blocks for every table rule of the run.

Each table rule is a separate check, but their native work is fused: the first table check that
runs asks the run (its RunView, checks/base.py) which other table checks (with which arguments)
will run on this subject, and computes all their analyses in a single walk over the blocks, one
native query per block — polars spreads the expressions over the cores, and a file streamed from
disk is parsed once instead of once per rule. A check then reads its analysis from the run's memo
(owned by the run, never stored on the table). Outside a run (a library call of one check) an
analysis simply runs alone; a golden example's run asks for no other check.

The pass runs inside the time limit of the check that started it. When the limit (or anything
else) stops it half way, every analysis it had not finished holds partial data: each is marked
with `PassInterrupted` and kept that way, so every rule reading it says it cannot tell, and why,
instead of passing or failing on the rows seen so far.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from ...settings.timelimit import CheckTimeout, current_limit
from ...sources.tables import Table
from ..base import CheckContext
from ..versions import is_python


class PassInterrupted(BaseException):
    """The shared pass stopped before this analysis finished: what it holds is partial. Raised
    to every check that reads it; the engine makes it cantTell with this reason. A
    BaseException, like CheckTimeout, so no `except Exception` in a check (a fallback, say)
    turns it into a pass or a fail."""


class Analysis:
    """A check's work on blocks: native expressions per block, then Python on what they found.

    Subclasses name their expressions with `self.name(...)` so many analyses share one query."""

    prefix = ""
    #: Set when this analysis failed in a shared pass: its check reports it, the others go on.
    #: A PassInterrupted when the pass was stopped before this analysis finished.
    error: BaseException | None = None
    #: An analysis shared by several rules runs in one pass only, however it is asked for.
    ran = False
    #: Analyses whose expressions this one reads from the same pass (e.g. a shared gate).
    needs: list[Analysis] = []  # noqa: RUF012 - never mutated; instances assign their own

    def name(self, part: str) -> str:
        return f"{self.prefix}{part}"

    def exprs(self) -> list[pl.Expr]:
        return []

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        """One block (`frame`) with this block's results of every expression (`out`)."""

    def finish(self) -> None:
        """After the pass (e.g. a second, targeted pass over the few suspect rows)."""


#: Test hook, None in every real run: when set, the shared pass calls it with each block's number
#: (0 for the first block) before evaluating that block, so a test can stop the pass at a chosen
#: block (say, by raising CheckTimeout as the time limit would) without depending on the clock.
BLOCK_HOOK: Callable[[int], None] | None = None

#: A factory gets the table, the check's args and the memo of the run for that table, where
#: analyses keep what several of them share (a pre-pass, a parsed schema) under "shared:" keys.
Factory = Callable[[Table, dict[str, Any], dict[str, Any]], Analysis]
#: Python check name → the analysis it needs.
FACTORIES: dict[str, Factory] = {}


def analysis(name: str) -> Callable[[Factory], Factory]:
    def register(factory: Factory) -> Factory:
        FACTORIES[name] = factory
        return factory

    return register


def memo_of(ctx: CheckContext | None, table: Table) -> dict[str, Any]:
    """The run's memo for `table` (analyses, and what they share); a new one outside a run."""
    run = ctx.run if ctx is not None else None
    return run.analyses(table) if run is not None else {}


def _key(name: str, args: dict[str, Any]) -> str:
    return name + json.dumps(args, sort_keys=True, default=str)


def analysed(ctx: CheckContext | None, table: Table, name: str, args: dict[str, Any]) -> Any:
    """The analysis of `name` with `args` on `table`, computed with every other table analysis
    the run will ask for, in one pass, and kept in the run's memo. Outside a run (`ctx` without
    one, or no `ctx`) it runs alone."""
    run = ctx.run if ctx is not None else None
    memo = memo_of(ctx, table)
    key = _key(name, args)
    if key not in memo:
        todo = {key: FACTORIES[name](table, args, memo)}
        for other, other_args in run.table_checks() if run is not None else []:
            k = _key(other, other_args)
            if other in FACTORIES and k not in memo and k not in todo:
                try:
                    todo[k] = FACTORIES[other](table, other_args, memo)
                except Exception:  # that rule's own run will report the problem
                    continue
        try:
            run_pass(table, list(todo.values()))
        except BaseException:
            # Keep what the pass reached, each finished or marked as interrupted, so no later
            # rule reads partial data as if it were whole (a shared analysis is not run again).
            memo.update({k: a for k, a in todo.items() if a.ran})
            raise
        memo.update(todo)
    found: Analysis = memo[key]
    if found.error is not None:
        raise found.error
    return found


def run_pass(table: Table, analyses: list[Analysis]) -> None:
    """Run the analyses in one walk over the blocks. One that fails is marked and left out (its
    own check reports it as could-not-tell); the others go on.

    When the walk itself is stopped (the time limit's CheckTimeout, an interrupt, a read error),
    every analysis that had not truly finished is marked with the reason before the exception
    goes on: none is left looking complete with partial data."""
    wanted = [*analyses, *(n for a in analyses for n in a.needs)]  # shared pre-passes too
    unique = [a for a in {id(a): a for a in wanted}.values() if not a.ran]
    finished: set[int] = set()
    try:
        _walk(table, unique, finished)
    except BaseException as exc:
        _abandon(unique, finished, exc)
        raise


def _walk(table: Table, unique: list[Analysis], finished: set[int]) -> None:
    for n, a in enumerate(unique):
        a.prefix, a.ran = f"a{n}:", True
    blocks = table.blocks()
    first = next(blocks, None)
    if first is None:
        return
    # Try each analysis' expressions on a little data first, so one bad expression (say, a
    # pattern the native engine cannot compile) cannot sink the shared query.
    for a in unique:
        _guarded(a, lambda a=a: first.head(2).select(a.exprs()))
    live = [a for a in unique if a.error is None]
    exprs = [e for a in live for e in a.exprs()]
    for number, frame in enumerate(_chain(first, blocks)):
        if BLOCK_HOOK is not None:
            BLOCK_HOOK(number)
        try:
            out = frame.select(exprs) if exprs else pl.DataFrame()
        except Exception as exc:
            for a in live:
                a.error = exc
            return
        for a in live:
            if a.error is None:
                _guarded(a, a.consume, frame, out)
    for a in live:
        if a.error is None:
            _guarded(a, a.finish)
            finished.add(id(a))


def _abandon(unique: list[Analysis], finished: set[int], exc: BaseException) -> None:
    """Mark every analysis of a stopped pass that had not truly finished (itself and the shared
    pre-passes it reads) as interrupted; one that already failed keeps its own error."""
    mine = {id(a) for a in unique}

    def done(a: Analysis) -> bool:
        return id(a) in finished or id(a) not in mine  # not in this pass: finished before

    stopped = exc if isinstance(exc, Exception) else _interrupted(exc)
    for a in unique:
        a.ran = True  # never run again: its state is partial
        if a.error is None and not (id(a) in finished and all(done(n) for n in a.needs)):
            a.error = stopped


def _interrupted(exc: BaseException) -> PassInterrupted:
    if isinstance(exc, CheckTimeout):
        why = (
            f"was stopped by the time limit of {current_limit():g} s per check (raise it with "
            "--check-timeout)"
        )
    else:
        why = f"was interrupted ({type(exc).__name__})"
    return PassInterrupted(
        f"the shared pass over the table, which this rule reads, {why} before this rule's "
        "analysis finished: its results would be partial"
    )


def _chain(first: pl.DataFrame, rest: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    yield first
    yield from rest


def _guarded(a: Analysis, step: Callable[..., Any], *args: Any) -> None:
    try:
        step(*args)
    except Exception as exc:
        a.error = exc


def python_specs(spec: Any) -> Iterator[dict[str, Any]]:
    """Every `kind: python` check inside a (possibly nested) check spec."""
    if isinstance(spec, dict):
        if is_python(spec) and isinstance(spec.get("name"), str):
            yield spec
        for value in spec.values():
            yield from python_specs(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from python_specs(item)


_python_specs = python_specs  # the name tests/test_table_pass_timeout.py and test_check_docs use
