"""Read catalog YAML files and validate them against their meta-schemas.

Standards, rules and profiles are YAML 1.2, like the inputs (sources/document.py), and read by the
same library: `NO`, `yes` and `on` are text, `0777` is the number 777 and `1:20` is text. YAML 1.1,
which PyYAML implements, made Norway's country code `false`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from ruamel.yaml import YAML
from ruamel.yaml.resolver import VersionedResolver

from ..sources.document import DocumentError, parse_text
from .errors import CatalogError
from .paths import schemas_dir

#: Implicit tags a catalog file never gets: dates stay text (the meta-schemas and the checks
#: compare them as ISO strings) and a bare `=` is text, as in the YAML 1.2 core schema.
_NOT_IMPLICIT = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"})


class _CatalogResolver(VersionedResolver):
    """ruamel's YAML 1.2 resolver, without timestamps."""

    def add_version_implicit_resolver(
        self, version: Any, tag: Any, regexp: Any, first: Any
    ) -> None:
        if tag not in _NOT_IMPLICIT:
            super().add_version_implicit_resolver(version, tag, regexp, first)


def _yaml() -> YAML:
    # pure=True: ruamel's C loader (ruamel.yaml.clib, when installed) resolves scalars by YAML 1.1.
    y = YAML(typ="safe", pure=True)
    y.Resolver = _CatalogResolver
    y.allow_duplicate_keys = False
    return y


def read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{label}: cannot read: {exc}") from None
    try:
        return _yaml().load(text)
    except Exception:  # broken (or a parser assertion): let the positional parser say where
        pass
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
