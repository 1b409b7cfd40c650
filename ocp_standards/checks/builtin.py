"""The built-in checks, registered: import this module, not `registry`, to run or validate checks.

Importing the check modules registers their kinds and Python checks in the shared registry
(registry.py, which imports none of them). Whoever runs or validates checks — the catalogue when
it loads a standard, the engine, the generated docs — gets the registry through `registry()` here,
so the checks are always all there, and loading them never happens inside a check's time limit.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import (
    api,
    declarative,
    input_checks,
    manifest_checks,
    metadata_checks,
    shacl_checks,
    submission_checks,
)
from .base import CheckContext, CheckOutcome
from .registry import REGISTRY, Registry
from .registry import run_check as _run
from .tables import privacy, quality, schema

#: The modules that register kinds and Python checks, in registration order.
BUILTIN_CHECK_MODULES: tuple[ModuleType, ...] = (
    declarative,
    input_checks,
    manifest_checks,
    api,
    submission_checks,
    quality,
    privacy,
    schema,
    metadata_checks,
    shacl_checks,
)


def registry() -> Registry:
    """The shared registry, with every built-in check kind and Python check registered."""
    return REGISTRY


def run_check(spec: dict[str, Any], ctx: CheckContext) -> CheckOutcome:
    """Run one check spec with the built-in checks registered (see registry.run_check)."""
    return _run(spec, ctx)
