"""Every API rule on OpenAPI descriptions whose fields have the wrong types: findings, never a
crash. (Splitting the API checks found `paths: 5` crashing one; this looks for the rest.)"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ocp_standards import check

from .crash import assert_no_crash

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=6), st.just("/v1/x")
)
ANY = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field as it should be, a scalar of the wrong type, or anything at all."""
    return st.one_of(value, SCALARS, ANY)


OPERATION = st.fixed_dictionaries(
    {},
    optional={
        "parameters": _maybe(
            st.lists(
                st.fixed_dictionaries(
                    {"name": _maybe(st.sampled_from(["api_key", "email", "limit", "id"]))},
                    optional={
                        "in": _maybe(st.sampled_from(["query", "header", "path", "cookie"])),
                        "schema": ANY,
                    },
                ),
                max_size=3,
            )
        ),
        "responses": _maybe(
            st.dictionaries(
                st.sampled_from(["200", "400", "default"]),
                _maybe(st.fixed_dictionaries({"description": ANY}, optional={"content": ANY})),
                max_size=2,
            )
        ),
        "security": ANY,
        "requestBody": ANY,
        "x-personal-data": ANY,
        "operationId": ANY,
    },
)
PATH_ITEM = _maybe(
    st.dictionaries(st.sampled_from(["get", "post", "parameters", "$ref"]), OPERATION, max_size=2)
)
VERSION = st.sampled_from(["1.0.0", "v2", "2.1", "beta"])
INFO = st.fixed_dictionaries({"title": ANY, "version": VERSION})
# Every top-level field is present (as it should be, or wrongly typed), so each example
# exercises every rule that reads it.
DOCUMENT = st.fixed_dictionaries(
    {
        "openapi": st.sampled_from(["3.0.3", "3.1.0"]),
        # A usable info, so rules that read the version go on to read the rest.
        "info": INFO,
        "servers": _maybe(st.lists(st.fixed_dictionaries({"url": ANY}), max_size=2)),
        "paths": _maybe(
            st.dictionaries(st.sampled_from(["/v1/items", "/requests", "/a/{id}"]), PATH_ITEM)
        ),
        "components": _maybe(
            st.fixed_dictionaries({}, optional={"securitySchemes": ANY, "schemas": ANY})
        ),
        "security": ANY,
    },
    optional={"x-conforms-to": ANY},
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example({"openapi": "3.0.3", "info": {"title": "T", "version": "1.0.0"}, "paths": 5})
@given(DOCUMENT)
def test_api_rules_never_crash_on_wrongly_typed_fields(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "api.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        report = check([path], as_of="2026-11-24", select=["EXC-"])
    assert_no_crash(report)
