"""Read catalog YAML files and validate them against their meta-schemas."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from ..sources.document import DocumentError, parse_text
from .errors import CatalogError
from .paths import schemas_dir


def _yaml_loader_base() -> type:
    # libyaml when available (a C extension of PyYAML); the pure-Python safe loader otherwise.
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CatalogLoader(_yaml_loader_base()):  # type: ignore[misc]
    """libyaml's fast safe loader, with dates kept as text and duplicate keys refused.

    Standards and profiles are read on every run (about 180 files), so start-up depends on it;
    positions are only needed when a file is broken, and then the precise loader takes over.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level registry
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        if len(keys) != len({repr(k) for k in keys}):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{label}: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_CatalogLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        pass  # broken: let the positional parser say exactly where
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
