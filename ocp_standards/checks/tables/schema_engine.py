"""Table Schema conformance, column-wise, with frictionless' findings.

frictionless validates row by row in Python (about 40k rows/s). Here each column of a block is
split natively into cells that are *surely* fine — a missing value, or a value a strict pattern
proves is of the type and inside every constraint — and the rest, usually a handful of distinct
values, which frictionless' own cell reader judges. So the verdicts are frictionless' by
construction, as long as the native "surely fine" tests accept nothing frictionless rejects; the
parity tests (tests/test_schema_parity.py) hold us to that on generated and real files.

Unique fields and primary keys remember a 64-bit hash and a row index per row (12 bytes), not the
values; rows whose hashes collide are re-read to compare the real values, so a collision can never
invent a duplicate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal
from typing import Any

import polars as pl

from ...sources.blocks import INDEX, column
from ...sources.tables import Table
from .duplicates import DuplicateHashes
from .fused import Analysis, run_pass

Problem = tuple[int, str, str, str]  # (row index, field, cell, note)
#: Distinct doubtful values judged per field before the memo is reset (bounds memory).
MEMO = 200_000
_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}
_DAY = r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_CLOCK = r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
_SURE_TYPE = {
    "integer": r"^[+-]?[0-9]{1,18}$",
    "number": r"^[+-]?([0-9]{1,300}(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$",
    "year": r"^[0-9]{4}$",
    "date": f"^{_DAY}$",
    "datetime": f"^{_DAY}T{_CLOCK}(\\.[0-9]{{1,6}})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$",
}
#: Regex syntax whose meaning differs between Python's re and the native engine, or that the
#: native engine lacks: patterns using any of it are judged by Python for every cell.
_UNSAFE_PATTERN = re.compile(r"\\[wWsSbBdDAZzG0-9]|\(\?|\[\[|\{,|\\[pPNxuU]")


def category(note_key: str) -> str | None:
    if note_key == "type":
        return "type"
    if note_key in _RANGE:
        return "range"
    if note_key in ("required", "unique", "enum", "pattern"):
        return note_key
    return None


@dataclass
class FieldPlan:
    name: str
    col: int
    reader: Callable[[Any], tuple[Any, dict[str, str] | None]]
    missing: list[str]
    #: Native test: True only where frictionless would surely accept the cell.
    sure: pl.Expr | None
    #: Native canonical text of a surely-valid cell's typed value (for unique/primary keys).
    canonical: pl.Expr | None
    missing_notes: dict[str, str]


def _is_default(field: Any, *names: str) -> bool:
    defined = set(field.list_defined())
    return not defined.intersection(names)


def plan_field(field: Any, col: int, schema_missing: list[str]) -> FieldPlan:
    cell = pl.col(column(col))
    missing = (
        list(field.missing_values) if field.has_defined("missing_values") else list(schema_missing)
    )
    reader = field.create_cell_reader()
    _, notes = reader(None)
    ftype, fmt = field.type, getattr(field, "format", "default")
    sure: pl.Expr | None = None
    canonical: pl.Expr | None = None
    if ftype == "string" and fmt == "default":
        sure, canonical = pl.lit(True), cell
    elif ftype == "integer" and _is_default(field, "bare_number"):
        sure = cell.str.contains(_SURE_TYPE["integer"])
        canonical = cell.cast(pl.Int64, strict=False).cast(pl.String)
    elif ftype == "number" and _is_default(
        field, "bare_number", "group_char", "decimal_char", "float_number"
    ):
        sure = cell.str.contains(_SURE_TYPE["number"])
    elif ftype == "year":
        sure = cell.str.contains(_SURE_TYPE["year"])
        canonical = cell.cast(pl.Int64, strict=False).cast(pl.String)
    elif ftype in ("date", "datetime") and fmt == "default":
        sure = (
            cell.str.contains(_SURE_TYPE[ftype])
            & cell.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).is_not_null()
        )
    elif ftype == "boolean":
        trues, falses = list(field.true_values), list(field.false_values)
        sure = cell.is_in(trues + falses)
        canonical = pl.when(cell.is_in(trues)).then(pl.lit("True")).otherwise(pl.lit("False"))
    if sure is not None:
        sure = _constraints(field, ftype, cell, sure)
    return FieldPlan(field.name, col, reader, missing, sure, canonical, dict(notes or {}))


def _constraints(field: Any, ftype: str, cell: pl.Expr, sure: pl.Expr) -> pl.Expr | None:
    """Narrow `sure` by every constraint, or None when one cannot be tested natively."""
    for name, value in field.constraints.items():
        if name in ("required", "unique"):
            continue  # missing cells and duplicates are handled on their own
        if name == "enum" and isinstance(value, list):
            raw = [v for v in value if isinstance(v, str)] if ftype == "string" else []
            if ftype in ("integer", "year"):
                raw = [str(v) for v in value if isinstance(v, int) and not isinstance(v, bool)]
            sure = sure & cell.is_in(raw)
        elif name in ("minLength", "maxLength") and ftype == "string" and isinstance(value, int):
            length = cell.str.len_chars()
            sure = sure & (length >= value if name == "minLength" else length <= value)
        elif name == "pattern" and ftype == "string" and isinstance(value, str):
            if _UNSAFE_PATTERN.search(value) or not _native_regex_ok(value):
                return None
            sure = sure & cell.str.contains(f"^(?:{value})$")
        elif name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = _number(value)
            if bound is None or ftype not in ("integer", "number", "year"):
                return None
            whole = bound == bound.to_integral_value() and abs(bound) < 2**62
            if ftype in ("integer", "year") and whole:
                # Whole numbers compare exactly, as integers: values on the bound are sure too.
                number = cell.cast(pl.Int64, strict=False)
                low = high = pl.lit(int(bound), dtype=pl.Int64)
            else:
                # Away from the bound by a margin, so float rounding can never flip a verdict.
                number = cell.cast(pl.Float64, strict=False)
                margin = 1e-9 * max(1.0, abs(float(bound)))
                low, high = pl.lit(float(bound) + margin), pl.lit(float(bound) - margin)
            if name == "minimum":
                sure = sure & (number >= low)
            elif name == "maximum":
                sure = sure & (number <= high)
            elif name == "exclusiveMinimum":
                sure = sure & (number > low)
            else:
                sure = sure & (number < high)
        else:
            return None
    return sure


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except Exception:
        return None


def _native_regex_ok(pattern: str) -> bool:
    try:
        pl.Series([""]).str.contains(f"^(?:{pattern})$")
    except Exception:
        return False
    return True


def _canon(value: Any) -> str:
    """Text equal for two typed values exactly when Python finds them equal."""
    if isinstance(value, Decimal):
        return "n:" + str(value.normalize()) if value.is_finite() else "x:" + str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, str)):
        return str(value)
    if hasattr(value, "utcoffset") and getattr(value, "tzinfo", None) is not None:
        return "t:" + value.astimezone(UTC).isoformat()
    return f"{type(value).__name__}:{value!s}"


class SchemaScan(Analysis):
    """One pass over a table's blocks collecting every Table Schema problem by category (alone
    with `run()`, or fused with the other table analyses by tables/fused.py)."""

    def __init__(self, table: Table, schema: Any) -> None:
        self.table = table
        self.schema = schema
        header = table.header
        self.plans = [
            plan_field(f, header.index(f.name), list(schema.missing_values))
            for f in schema.fields
            if f.name in header
        ]
        names = {p.name for p in self.plans}
        self.unique = [p for p in self.plans if _unique(p, schema)]
        pk = list(schema.primary_key)
        self.pk = [p for n in pk for p in self.plans if p.name == n] if set(pk) <= names else []
        self.out: dict[str, list[Problem]] = defaultdict(list)
        self._memo: dict[str, dict[str, tuple[Any, dict[str, str] | None]]] = defaultdict(dict)
        self._hashes: dict[str, DuplicateHashes] = defaultdict(DuplicateHashes)
        self._pk_is_unique = len(self.pk) == 1 and self.pk[0] in self.unique

    def run(self) -> dict[str, list[Problem]]:
        run_pass(self.table, [self])
        if self.error is not None:
            raise self.error
        return self.out

    def exprs(self) -> list[pl.Expr]:
        return [e.alias(self.name(n)) for n, e in self._flag_exprs()]

    def consume(self, frame: pl.DataFrame, out: pl.DataFrame) -> None:
        if not self.plans:
            return
        flags = out.select(pl.col(self.name(n)).alias(n) for n, _ in self._flag_exprs())
        self._block(frame, flags)

    def finish(self) -> None:
        for plan in self.unique:
            self._duplicates(plan.name, [plan], "unique")
        if self._pk_is_unique:
            # A one-field key that is also unique: the same duplicates, found once.
            field = self.pk[0].name
            self.out["primary-key"].extend(
                (i, "", "", note) for i, f, _, note in self.out.get("unique", []) if f == field
            )
        elif self.pk:
            self._duplicates("\x00pk", self.pk, "primary-key")
        for items in self.out.values():
            items.sort(key=lambda p: p[0])

    # -- one block ------------------------------------------------------------------------
    def _flag_exprs(self) -> list[tuple[str, pl.Expr]]:
        """Per row: blank (every field missing), and per field missing (m) and surely fine (s)."""
        if not self.plans:
            return []
        missing = [
            pl.col(column(p.col)).is_null() | pl.col(column(p.col)).is_in(p.missing)
            for p in self.plans
        ]
        return [
            ("__blank", pl.all_horizontal(missing)),
            *[(f"m{i}", m.fill_null(True)) for i, m in enumerate(missing)],
            *[
                (f"s{i}", (p.sure if p.sure is not None else pl.lit(False)).fill_null(False))
                for i, p in enumerate(self.plans)
            ],
        ]

    def _flags(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(e.alias(n) for n, e in self._flag_exprs())

    def _block(self, frame: pl.DataFrame, flags: pl.DataFrame) -> None:
        # A blank row is one blank-row error in frictionless, never cell errors.
        filled = ~flags.get_column("__blank")
        for i, plan in enumerate(self.plans):
            missing, sure = flags.get_column(f"m{i}"), flags.get_column(f"s{i}")
            if plan.missing_notes:
                for index in frame.get_column(INDEX).filter(missing & filled).to_list():
                    self._emit(index, plan, "", plan.missing_notes)
            doubtful = frame.select(INDEX, column(plan.col)).filter(~missing & ~sure & filled)
            for index, value in doubtful.iter_rows():
                notes = self._judge(plan, value)[1]
                if notes:
                    self._emit(index, plan, value, notes)
        if self.unique or self.pk:
            self._remember_keys(frame, flags)

    def _judge(self, plan: FieldPlan, value: str) -> tuple[Any, dict[str, str] | None]:
        """frictionless' own verdict on one cell (typed value, notes), memoised per field."""
        memo = self._memo[plan.name]
        verdict = memo.get(value)
        if verdict is None:
            if len(memo) > MEMO:
                memo.clear()
            verdict = memo[value] = plan.reader(value)
        return verdict

    def _emit(self, index: int, plan: FieldPlan, cell: str, notes: dict[str, str]) -> None:
        if "type" in notes:
            self.out["type"].append((index, plan.name, cell, notes["type"]))
            return
        for key, note in notes.items():
            cat = category(key)
            if cat:
                self.out[cat].append((index, plan.name, cell, note))

    # -- unique and primary keys ----------------------------------------------------------
    def _keys_of(self, frame: pl.DataFrame, plan: FieldPlan, flags: pl.DataFrame) -> pl.Series:
        """Canonical text of each row's typed value; null where frictionless has None."""
        i = self.plans.index(plan)
        missing, sure = flags.get_column(f"m{i}"), flags.get_column(f"s{i}")
        native = plan.canonical is not None
        out = (
            frame.select(plan.canonical).to_series()
            if native
            else pl.Series([None] * frame.height, dtype=pl.String)
        )
        need = ~missing & (~sure if native else pl.Series([True] * frame.height))
        if need.any():
            canon = []
            for value in frame.get_column(column(plan.col)).filter(need).to_list():
                typed, notes = self._judge(plan, value)
                bad = typed is None or (notes is not None and "type" in notes)
                canon.append(None if bad else _canon(typed))
            out = out.scatter(need.arg_true(), pl.Series(canon, dtype=pl.String))
        return pl.select(pl.when(missing).then(None).otherwise(out)).to_series()

    @staticmethod
    def _joined(parts: list[pl.Series]) -> pl.Series:
        frame = pl.DataFrame({f"k{j}": p.fill_null("\x00") for j, p in enumerate(parts)})
        return frame.select(pl.concat_str(pl.all(), separator="\x1f")).to_series()

    def _key_hashes(
        self, frame: pl.DataFrame, flags: pl.DataFrame, plans: list[FieldPlan]
    ) -> tuple[pl.Series, pl.Series]:
        """(key text, hash) per row for a unique field or the primary key; a null key (the
        value, or every part of the key, is None) is not a key at all."""
        parts = [self._keys_of(frame, p, flags) for p in plans]
        if len(parts) == 1:
            text = parts[0]
        else:
            none = pl.DataFrame(parts).select(pl.all_horizontal(pl.all().is_null())).to_series()
            text = pl.select(pl.when(none).then(None).otherwise(self._joined(parts))).to_series()
        return text, text.hash(7)

    def _remember_keys(self, frame: pl.DataFrame, flags: pl.DataFrame) -> None:
        groups = [(plan.name, [plan]) for plan in self.unique]
        if self.pk and not self._pk_is_unique:
            groups.append(("\x00pk", self.pk))
        for name, plans in groups:
            text, hashes = self._key_hashes(frame, flags, plans)
            self._hashes[name].add(hashes.filter(text.is_not_null()))
            if name == "\x00pk":
                self._all_none(frame.get_column(INDEX).filter(text.is_null()))
        if self._pk_is_unique:
            plan = self.pk[0]
            self._all_none(
                frame.get_column(INDEX).filter(self._keys_of(frame, plan, flags).is_null())
            )

    def _all_none(self, rows: pl.Series) -> None:
        for i in rows.to_list():
            self.out["primary-key"].append(
                (i, "", "", 'cells composing the primary keys are all "None"')
            )

    def _duplicates(self, key: str, plans: list[FieldPlan], cat: str) -> None:
        finder = self._hashes.pop(key, None)
        repeated = finder.repeated() if finder is not None else None
        if repeated is None or not repeated.len():
            return
        values: dict[int, tuple[str, str]] = {}
        # Re-read only the rows whose hash repeats and compare real values: hashes may collide.
        needed = {f"{x}{self.plans.index(p)}" for p in plans for x in "ms"}
        only = [e.alias(n) for n, e in self._flag_exprs() if n in needed]
        for frame in self.table.blocks():
            flags = frame.select(only)  # just the flags these keys need
            text, hashes = self._key_hashes(frame, flags, plans)
            keep = hashes.is_in(repeated.implode()) & text.is_not_null()
            if keep.any():
                raw = frame.get_column(column(plans[0].col)).fill_null("").filter(keep)
                rows = zip(
                    frame.get_column(INDEX).filter(keep), text.filter(keep), raw, strict=True
                )
                values.update((int(i), (k, c)) for i, k, c in rows)
        last: dict[str, int] = {}
        field = plans[0].name if cat == "unique" else ""
        for i in sorted(values):
            key_text, raw_cell = values[i]
            if key_text in last:
                note = f"the same as in the row at position {last[key_text] + 2}"
                self.out[cat].append((i, field, "" if cat == "primary-key" else raw_cell, note))
            last[key_text] = i


def _unique(plan: FieldPlan, schema: Any) -> bool:
    field = schema.get_field(plan.name)
    return bool(field.constraints.get("unique"))
