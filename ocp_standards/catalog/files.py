"""Read catalog YAML files and validate them against their meta-schemas."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ..sources.document import DocumentError, parse_text
from .errors import CatalogError
from .paths import schemas_dir


def read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{label}: cannot read: {exc}") from None
    try:
        return parse_text(text, label).data
    except DocumentError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise CatalogError(f"{label}{where}: {exc.message}") from None


@lru_cache(maxsize=8)
def meta_validator(name: str) -> Draft202012Validator:
    schema = json.loads((schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_problems(data: Any, name: str, label: str) -> list[str]:
    """`file: field: reason` for every way `data` breaks the named meta-schema."""
    problems = []
    for err in sorted(meta_validator(name).iter_errors(data), key=lambda e: list(e.path)):
        field = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        problems.append(f"{label}: {field}: {err.message}")
    return problems
