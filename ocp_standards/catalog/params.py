"""Rule parameters: `"{params.X}"` placeholders in a check are replaced by the parameter value."""

from __future__ import annotations

import copy
import re
from typing import Any

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
