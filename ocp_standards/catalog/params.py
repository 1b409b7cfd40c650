"""Rule parameters: `"{params.X}"` placeholders in a check are replaced by the parameter value,
and a value (a rule's default or a profile's override) is checked against the parameter's type."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

_WHOLE_PARAM = re.compile(r"^\{params\.([A-Za-z_]\w*)\}$")
PARAM_REF = re.compile(r"\{params\.([A-Za-z_]\w*)\}")


def substitute(value: Any, params: dict[str, Any]) -> Any:
    """Replace a whole-string "{params.X}" by the parameter's value (any type)."""
    if isinstance(value, dict):
        return {k: substitute(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, params) for v in value]
    if isinstance(value, str):
        m = _WHOLE_PARAM.match(value)
        if m and m.group(1) in params:
            return copy.deepcopy(params[m.group(1)])
    return value


def referenced(value: Any) -> set[str]:
    """Names of every parameter a check mentions (whole-string or inside a message)."""
    if isinstance(value, dict):
        return set().union(*(referenced(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(referenced(v) for v in value)) if value else set()
    return set(PARAM_REF.findall(value)) if isinstance(value, str) else set()


# Parameter types ---------------------------------------------------------------------------------
# A rule's params are its defaults; a profile may override them. Released rule files are frozen, so
# each parameter's schema is inferred from its default, optionally refined by `params_schema`.

_NAMES = {
    "string": ("a string", "strings"),
    "integer": ("an integer", "integers"),
    "number": ("a number", "numbers"),
    "boolean": ("true or false", "true/false values"),
    "array": ("a list", "lists"),
    "object": ("a mapping", "mappings"),
    "null": ("null", "nulls"),
}


def json_type(value: Any) -> str | None:
    """The JSON type of a loaded YAML value (None for what JSON has no type for)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


def infer_schema(default: Any) -> dict[str, Any]:
    """The JSON Schema a default value implies: its JSON type; for a list, the type of its items;
    for a mapping, the type of each key it has. A null default, the items of an empty list and
    keys a mapping default lacks are left open."""
    kind = json_type(default)
    if kind is None or kind == "null":
        return {}
    if kind == "array":
        items = _union([infer_schema(v) for v in default])
        return {"type": "array", "items": items} if items else {"type": "array"}
    if kind == "object":
        return {"type": "object", "properties": {k: infer_schema(v) for k, v in default.items()}}
    return {"type": kind}


def _union(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    distinct: list[dict[str, Any]] = []
    for schema in schemas:
        if schema not in distinct:
            distinct.append(schema)
    if {"type": "number"} in distinct:  # [1, 2.5]: numbers
        distinct = [s for s in distinct if s != {"type": "integer"}]
    if not distinct or {} in distinct:
        return {}
    return distinct[0] if len(distinct) == 1 else {"anyOf": distinct}


def param_schema(default: Any, declared: dict[str, Any] | None = None) -> dict[str, Any]:
    """A parameter's schema: inferred from its default, with the keywords a rule declares in
    `params_schema` laid over it (a declared keyword replaces the inferred one of that name;
    `items` and `properties` are laid over theirs the same way, so `{items: {pattern: …}}` keeps
    the inferred item type)."""
    return _overlay(infer_schema(default), declared or {})


def _overlay(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        below = base.get(key)
        if key == "items" and isinstance(value, dict) and isinstance(below, dict):
            out[key] = _overlay(below, value)
        elif key == "properties" and isinstance(value, dict) and isinstance(below, dict):
            out[key] = {**below}
            for name, schema in value.items():
                inner = below.get(name)
                if isinstance(schema, dict) and isinstance(inner, dict):
                    schema = _overlay(inner, schema)
                out[key][name] = schema
        else:
            out[key] = value
    return out


def param_problems(
    values: dict[str, Any], defaults: dict[str, Any], declared: dict[str, dict[str, Any]] | None
) -> list[tuple[str, str]]:
    """(field, reason) for each value that does not fit its parameter's schema. The field is the
    parameter name, then the list index or key inside it (`allowed_countries.1`). Names the rule
    does not have are not checked here."""
    out = []
    for name, value in values.items():
        if name not in defaults:
            continue
        schema = param_schema(defaults[name], (declared or {}).get(name))
        errors = _validator(json.dumps(schema, sort_keys=True)).iter_errors(value)
        for err in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            field = ".".join([name, *(str(p) for p in err.absolute_path)])
            out.append((field, _reason(err)))
    return out


@lru_cache(maxsize=512)
def _validator(schema_json: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_json))


def _reason(err: ValidationError) -> str:
    if err.validator in ("type", "anyOf") and isinstance(err.schema, dict):
        expected = describe(err.schema)
        if expected:
            kind = err.schema.get("type")
            wants_text = kind == "string" or (isinstance(kind, list) and "string" in kind)
            scalar = json_type(err.instance) in ("integer", "number", "boolean", "null")
            hint = " (quote it to make it text)" if wants_text and scalar else ""
            return f"expected {expected}, got {describe_value(err.instance)}{hint}"
    return err.message


def describe(schema: dict[str, Any], plural: bool = False) -> str | None:
    """How a message names what the schema accepts: `a list of strings`, `an integer or null`;
    None when the schema is more than types."""
    if "anyOf" in schema:
        parts = [describe(s, plural) for s in schema["anyOf"]]
        return None if None in parts else " or ".join(p for p in parts if p)
    kind = schema.get("type")
    if isinstance(kind, list):
        parts = [describe({"type": k}, plural) for k in kind]
        return None if None in parts else " or ".join(p for p in parts if p)
    if kind not in _NAMES:
        return None
    if kind == "array" and isinstance(schema.get("items"), dict):
        inner = describe(schema["items"], plural=True)
        if inner:
            return f"lists of {inner}" if plural else f"a list of {inner}"
    return _NAMES[kind][1 if plural else 0]


def describe_value(value: Any) -> str:
    """How a message names a value it refused: `a string ("CA")`, `a boolean (false)`, `a list`."""
    kind = json_type(value)
    if kind in ("string", "integer", "number", "boolean"):
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "…"
        article = "an" if kind == "integer" else "a"
        return f"{article} {kind} ({shown})"
    if kind == "null":
        return "null"
    if kind in ("array", "object"):
        return _NAMES[kind][0]
    return type(value).__name__
