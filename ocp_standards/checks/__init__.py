"""Checks: the code that rules name. Declarative kinds plus named Python checks, in one registry."""

from .base import CheckContext, CheckFinding, CheckOutcome, Hit
from .registry import REGISTRY, python_check, run_check

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckFinding",
    "CheckOutcome",
    "Hit",
    "python_check",
    "run_check",
]
