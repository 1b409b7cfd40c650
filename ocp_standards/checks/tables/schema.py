"""Table Schema conformance (GEN-SCH rules) and the data dictionary (GEN-META-015).

Row-level Table Schema semantics (types, formats, constraints, unique and primary keys) come from
frictionless, run on the rows we already decoded, so its encoding guesses never matter. Foreign
keys are resolved here against the sibling tables of the same package. Every problem category is
its own rule, and each column's problems are one finding with a count and the first examples.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

import polars as pl

from ...sources.blocks import INDEX, column
from ...sources.tables import Table
from ..base import CheckContext, CheckFinding, CheckOutcome
from ..registry import python_check
from .fused import Analysis, analysed, analysis, memo_of
from .quality import EXAMPLES, run_on_table

#: frictionless stops collecting after this many errors; the count then says "at least".
LIMIT_ERRORS = 100_000
CATEGORIES = (
    "type",
    "required",
    "unique",
    "enum",
    "range",
    "pattern",
    "primary-key",
    "foreign-key",
)
_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}
_WHAT = {
    "type": "value(s) not of the declared type or format",
    "required": "empty value(s) in a required field",
    "unique": "repeated value(s) in a unique field",
    "enum": "value(s) outside the declared list",
    "range": "value(s) outside the declared range or length",
    "pattern": "value(s) not matching the declared pattern",
    "primary-key": "row(s) repeating or missing the primary key",
    "foreign-key": "row(s) whose reference is not found",
}
Problem = tuple[int, str, str, str]  # (row index, field, cell, note)


def descriptor_errors(schema: dict[str, Any]) -> list[str]:
    from frictionless import Schema

    try:
        return [e.message for e in Schema.validate_descriptor(schema).errors]
    except Exception as exc:  # frictionless raises for shapes it cannot even read
        return [f"{type(exc).__name__}: {exc}"]


def _lenient(schema: dict[str, Any]) -> Any:
    """A frictionless Schema, dropping field formats it does not know (e.g. HSDS's "url")."""
    from frictionless import FrictionlessException, Schema

    try:
        return Schema.from_descriptor(schema)
    except FrictionlessException:
        fixed = copy.deepcopy(schema)
        for fld in fixed.get("fields") or []:
            if isinstance(fld, dict):
                fld.pop("format", None)
        return Schema.from_descriptor(fixed)


def _table_schema(table: Table, memo: dict[str, Any]) -> Any:
    """The table's frictionless Schema, built once per run (every schema rule asks for it)."""
    built = memo.get("shared:frictionless-schema")
    if built is None:
        assert table.schema is not None
        built = memo["shared:frictionless-schema"] = _lenient(table.schema)
    return built


@analysis("table-schema-errors")
def _shared_scan(table: Table, args: dict[str, Any], memo: dict[str, Any]) -> Analysis:
    """Every category's rule shares one scan of the table."""
    scan = memo.get("shared:schema-scan")
    if scan is None:
        if _schema_ready(table, memo) is not None:
            return Analysis()  # the check says why; nothing to compute
        from .schema_engine import SchemaScan

        assert table.schema is not None
        scan = memo["shared:schema-scan"] = SchemaScan(table, _table_schema(table, memo))
    assert isinstance(scan, Analysis)
    return scan


def schema_problems(table: Table, ctx: CheckContext | None = None) -> dict[str, list[Problem]]:
    """Every Table Schema problem of the table, by category (computed once per table in a run, in
    the shared pass over the table; alone when `ctx` is part of no run).

    The column-wise engine (schema_engine.py) gives frictionless' findings; if it cannot run on
    this schema, frictionless itself validates the rows (when they are in memory)."""
    memo = memo_of(ctx, table)
    cached: dict[str, list[Problem]] | None = memo.get("shared:schema-problems")
    if cached is not None:
        return cached
    assert table.schema is not None
    try:
        scan = analysed(ctx, table, "table-schema-errors", {"category": "type"})
        out: dict[str, list[Problem]] = defaultdict(list, scan.out)
    except Exception as exc:
        if table.stream is not None:
            raise
        out = reference_problems(table)
        table.notes["table_schema"] = (
            f"validated by frictionless row by row (the column-wise engine could not run: "
            f"{type(exc).__name__}: {str(exc)[:120]})"
        )
    out["foreign-key"] = _foreign_keys(table)
    memo["shared:schema-problems"] = out
    return out


def reference_problems(table: Table) -> dict[str, list[Problem]]:
    """frictionless' own row-by-row validation of an in-memory table (the reference semantics,
    used as the fallback and by the parity tests)."""
    from frictionless import Detector, Resource

    assert table.schema is not None
    out: dict[str, list[Problem]] = defaultdict(list)
    schema = _lenient(table.schema)
    resource = Resource(
        data=[table.header, *table.rows], schema=schema, detector=Detector(schema_sync=True)
    )
    report = resource.validate(limit_errors=LIMIT_ERRORS)
    for task in report.tasks:
        for err in task.errors:
            code = err.type
            row = getattr(err, "row_number", None)
            if row is None:
                continue
            field = getattr(err, "field_name", "") or ""
            cell = str(getattr(err, "cell", "") or "")
            note = getattr(err, "note", "") or ""
            category = None
            if code == "type-error":
                category = "type"
            elif code == "unique-error":
                category = "unique"
            elif code == "primary-key":
                category = "primary-key"
            elif code == "constraint-error":
                name = re.search(r'constraint "(\w+)"', note)
                key = name.group(1) if name else ""
                category = "range" if key in _RANGE else key if key in _WHAT else None
            if category:
                out[category].append((row - 2, field, cell, note))
    return out


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _foreign_keys(table: Table) -> list[Problem]:
    problems: list[Problem] = []
    assert table.schema is not None
    for fk in table.schema.get("foreignKeys") or []:
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            continue
        fields, ref = _names(fk.get("fields")), fk["reference"]
        target_name = ref.get("resource") or ""
        target = table if target_name in ("", table.resource) else table.siblings.get(target_name)
        label = ",".join(fields)
        if target is None:
            problems.append(
                (
                    -1,
                    label,
                    "",
                    f"references resource {target_name!r}, which is "
                    "not in the package (or not readable)",
                )
            )
            continue
        ref_fields = _names(ref.get("fields"))
        own = [table.header.index(f) for f in fields if f in table.header]
        theirs = [target.header.index(f) for f in ref_fields if f in target.header]
        if len(own) != len(fields) or len(theirs) != len(ref_fields) or len(own) != len(theirs):
            problems.append((-1, label, "", "the key's fields are not all columns of the tables"))
            continue
        names = [f"k{j}" for j in range(len(own))]
        known = pl.concat(
            [
                f.select(
                    pl.col(column(c)).fill_null("").alias(k)
                    for c, k in zip(theirs, names, strict=True)
                )
                for f in target.blocks()
            ]
        ).unique()
        for frame in table.blocks():
            mine = frame.select(
                INDEX,
                *(
                    pl.col(column(c)).fill_null("").str.strip_chars().alias(k)
                    for c, k in zip(own, names, strict=True)
                ),
            )
            filled = pl.any_horizontal(pl.col(k).str.len_bytes() > 0 for k in names)
            lost = mine.filter(filled).join(known, on=names, how="anti", nulls_equal=True)
            for n, *value in lost.sort(INDEX).iter_rows():
                problems.append(
                    (n, label, "/".join(value), f"not found in {target_name or 'self'}")
                )
    return problems


def _schema_ready(table: Table, memo: dict[str, Any]) -> CheckOutcome | None:
    """None when the schema checks can run, else the outcome to return instead."""
    if table.schema is None:
        return CheckOutcome.inapplicable("no Table Schema describes this table")
    try:
        _table_schema(table, memo)
    except Exception as exc:
        return CheckOutcome.cant_tell(f"the Table Schema cannot be used: {exc}")
    return None


@python_check(
    "table-schema-valid",
    "The Table Schema that describes the table is itself valid.",
    {"type": "object", "properties": {}, "additionalProperties": False},
)
def table_schema_valid(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The Table Schema that describes the table (from its data package or an example) could be
        read, and passes frictionless' validation of Table Schema descriptors: known field types and
        formats, well-formed constraints, primary and foreign keys. All problems make one finding
        quoting the first.
    Why:
        A broken schema makes every other schema rule unreliable and misleads every tool that reads
        the package.
    Passes:
        `fields: [{name: id, type: integer}]`.
    Fails:
        A field of type `integr`, or a schema file that cannot be read ("the Table Schema is not
        valid: ...").
    Does not apply:
        No Table Schema describes the table.
    Cannot tell:
        There is no table to inspect.
    """

    def body(t: Table) -> CheckOutcome:
        if t.schema_problem:
            return CheckOutcome.failed(CheckFinding(t.schema_problem, "/schema"))
        if t.schema is None:
            return CheckOutcome.inapplicable("no Table Schema describes this table")
        errors = descriptor_errors(t.schema)
        if not errors:
            return CheckOutcome.passed()
        return CheckOutcome.failed(
            CheckFinding(
                f"the Table Schema is not valid: {errors[0]}"
                + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                "/schema",
                count=len(errors),
                examples=errors[:EXAMPLES],
            )
        )

    return run_on_table(ctx, body)


@python_check(
    "table-schema-errors",
    "Rows conform to the Table Schema for one category of problem (type, required, unique …).",
    {
        "type": "object",
        "required": ["category"],
        "additionalProperties": False,
        "properties": {
            "category": {
                "enum": list(CATEGORIES),
                "description": "Which kind of Table Schema problem this rule reports.",
            }
        },
    },
)
def table_schema_errors(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Validates the rows against the Table Schema for the one `category` of problem the rule
        names, with frictionless' semantics (a column-wise engine gives the same findings;
        frictionless itself runs when that engine cannot): `type` (a value not of its field's type
        or format), `required` (an empty required field), `unique`, `enum` (a value outside the
        list), `range` (minimum, maximum, exclusive bounds, minLength, maxLength), `pattern`,
        `primary-key` (a key repeated or missing) and `foreign-key` (a value not found in the
        referenced fields of the referenced resource of the same package). Field formats
        frictionless does not know are ignored rather than failing. Each field's problems are one
        finding with the count, the first lines and examples; counting stops at 100,000 errors (the
        finding then says "at least").
    Why:
        The schema is the publisher's promise about the data; values that break it break every
        program written against that promise.
    Passes:
        With `category: type`, a field `{name: count, type: integer}` holding 1, 2 and 3.
    Fails:
        With `category: type`, the same field holding `n/a` ("field 'count': 1 value(s) not of the
        declared type or format (lines 3)").
    Does not apply:
        No Table Schema describes the table, or the category is `primary-key` or `foreign-key` and
        the schema declares none.
    Cannot tell:
        The Table Schema cannot be used at all, or there is no table to inspect.
    """
    category = args["category"]

    def body(t: Table) -> CheckOutcome:
        not_ready = _schema_ready(t, memo_of(ctx, t))
        if not_ready is not None:
            return not_ready
        assert t.schema is not None
        if category == "primary-key" and not t.schema.get("primaryKey"):
            return CheckOutcome.inapplicable("the schema declares no primary key")
        if category == "foreign-key" and not t.schema.get("foreignKeys"):
            return CheckOutcome.inapplicable("the schema declares no foreign keys")
        problems = schema_problems(t, ctx)[category]
        if not problems:
            return CheckOutcome.passed()
        by_field: dict[str, list[Problem]] = defaultdict(list)
        for p in problems:
            by_field[p[1]].append(p)
        findings = []
        for field, items in by_field.items():
            lines = [t.line_of(i) if i >= 0 else None for i, *_ in items[:6]]
            shown = [str(n) for n in lines if n is not None][:5]
            capped = (
                " (at least; the count stops at the error limit)"
                if len(problems) >= LIMIT_ERRORS
                else ""
            )
            where = f" (lines {', '.join(shown)}{' …' if len(items) > 5 else ''})" if shown else ""
            examples = [f"{c!r}: {note}" if c else note for _, _, c, note in items[:EXAMPLES]]
            col = t.header.index(field) if field in t.header else None
            findings.append(
                CheckFinding(
                    f"{'field ' + repr(field) + ': ' if field else ''}{len(items)} "
                    f"{_WHAT[category]}{where}{capped}",
                    f"/columns/{col}" if col is not None else "/schema",
                    count=len(items),
                    examples=[e[:120] for e in examples],
                    row=next((n for n in lines if n is not None), None),
                    field=field or None,
                )
            )
        return CheckOutcome.failed(*findings)

    return run_on_table(ctx, body)


@python_check(
    "table-dictionary-complete",
    "The data dictionary (Table Schema) names and describes every column actually in the file.",
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "require_descriptions": {
                "type": "boolean",
                "default": True,
                "description": "Every field must also have a description or a title.",
            }
        },
    },
)
def dictionary_complete(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        A table with a Table Schema: every non-blank column label of the file is a field name, every
        field name is a column of the file, and, with `require_descriptions` (the default), every
        field has a non-blank `description` or `title`. A table published as a named resource of a
        package without any schema fails.
    Why:
        The data dictionary is how users learn what a column holds; an incomplete or stale one is
        worse than a missing one, because it is believed.
    Passes:
        Columns `ward,count`, and fields `ward` and `count` each with a description.
    Fails:
        A column missing from the schema ("1 column(s) of the file are not in the dictionary:
        'notes'"), a field that is not a column, or a field with neither description nor title.
    Does not apply:
        A bare table, with no metadata to compare with.
    Cannot tell:
        There is no table to inspect.
    """
    describe = args.get("require_descriptions", True)

    def body(t: Table) -> CheckOutcome:
        if t.schema is None:
            if t.resource:  # published in a package, yet nothing describes its columns
                return CheckOutcome.failed(
                    CheckFinding(
                        f"resource {t.resource!r} has no Table Schema: its columns "
                        "are not described",
                        "/schema",
                    )
                )
            return CheckOutcome.inapplicable("a bare table: no metadata to compare with")
        fields = [f for f in t.schema.get("fields") or [] if isinstance(f, dict)]
        names = [str(f.get("name", "")) for f in fields]
        findings = []
        undocumented = [h for h in t.header if h and h not in names]
        if undocumented:
            findings.append(
                CheckFinding(
                    f"{len(undocumented)} column(s) of the file are not in the dictionary: "
                    + ", ".join(repr(h) for h in undocumented[:8]),
                    "/schema/fields",
                    count=len(undocumented),
                    examples=undocumented[:EXAMPLES],
                    row=t.header_line,
                )
            )
        absent = [n for n in names if n not in t.header]
        if absent:
            findings.append(
                CheckFinding(
                    f"{len(absent)} dictionary field(s) are not columns of the file: "
                    + ", ".join(repr(n) for n in absent[:8]),
                    "/schema/fields",
                    count=len(absent),
                    examples=absent[:EXAMPLES],
                )
            )
        if describe:
            bare = [
                str(f.get("name"))
                for f in fields
                if not (
                    str(f.get("description") or "").strip() or str(f.get("title") or "").strip()
                )
            ]
            if bare:
                findings.append(
                    CheckFinding(
                        f"{len(bare)} field(s) have neither a description nor a title: "
                        + ", ".join(repr(n) for n in bare[:8]),
                        "/schema/fields",
                        count=len(bare),
                        examples=bare[:EXAMPLES],
                    )
                )
        return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()

    return run_on_table(ctx, body)
