"""JSONPath evaluation returns RFC 6901 pointers for every match, so findings can be located."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.checks.paths import PathError, compile_path, dotted, find

DOC: dict[str, Any] = {
    "residency": {
        "locations": [
            {"data_class": "personal", "country": "CA"},
            {"data_class": "public", "country": "US"},
            {"data_class": "backup", "country": "FR"},
        ]
    },
    "a/b": {"c~d": 1},
    "a.b": 5,
    "list": [10, 20, 30],
    "m": {"x": {"k": 1}, "y": {"k": 2}},
    "nested": [[1, 2], [3]],
    "nothing_here": None,
}


def pointers(expr: str, node: Any = DOC, base: str = "") -> list[str]:
    return [p for p, _ in find(expr, node, base)]


def resolve(doc: Any, pointer: str) -> Any:
    """Follow an RFC 6901 pointer (the reference implementation the tests trust)."""
    node = doc
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (
            "$.residency.locations[?(@.data_class != 'public')]",
            ["/residency/locations/0", "/residency/locations/2"],
        ),
        ("$.residency.locations[?(@.country == 'US')]", ["/residency/locations/1"]),
        (
            "$.residency.locations[*].country",
            [
                "/residency/locations/0/country",
                "/residency/locations/1/country",
                "/residency/locations/2/country",
            ],
        ),
        (
            "$..country",
            [
                "/residency/locations/0/country",
                "/residency/locations/1/country",
                "/residency/locations/2/country",
            ],
        ),
        ("$.residency.locations[1]", ["/residency/locations/1"]),
        ("$.residency.locations[0:2]", ["/residency/locations/0", "/residency/locations/1"]),
        ("$.list[0,2]", ["/list/0", "/list/2"]),
        ("$.list[?(@ > 15)]", ["/list/1", "/list/2"]),
        ("$.list[-2:]", ["/list/1", "/list/2"]),
        ("$.m.*.k", ["/m/x/k", "/m/y/k"]),
        ("$.m[?(@.k == 2)]", ["/m/y"]),
        ("$.nested[1][0]", ["/nested/1/0"]),
        ("$.nested[*][*]", ["/nested/0/0", "/nested/0/1", "/nested/1/0"]),
        ("$.residency.*", ["/residency/locations"]),
        ("$.nothing_here", ["/nothing_here"]),
    ],
)
def test_find_pointers(expr: str, expected: list[str]) -> None:
    found = find(expr, DOC)
    assert [p for p, _ in found] == expected
    for pointer, value in found:
        assert resolve(DOC, pointer) == value


def test_find_escapes_slash_and_tilde_in_keys() -> None:
    assert find("$['a/b']['c~d']", DOC) == [("/a~1b/c~0d", 1)]
    assert find("$['a.b']", DOC) == [("/a.b", 5)]


def test_find_no_match_is_empty() -> None:
    assert find("$.absent", DOC) == []
    assert find("$.residency.locations[?(@.country == 'XX')]", DOC) == []
    assert find("$.list[7]", DOC) == []


@pytest.mark.parametrize("expr", ["$", "@", ""])
def test_root_expressions_return_the_node_at_base(expr: str) -> None:
    assert find(expr, DOC["m"], "/m") == [("/m", DOC["m"])]


def test_base_prefixes_every_pointer() -> None:
    item = DOC["residency"]["locations"][2]
    assert find("$.country", item, "/residency/locations/2") == [
        ("/residency/locations/2/country", "FR")
    ]


def test_json_null_value_is_a_match() -> None:
    assert find("$.nothing_here", DOC) == [("/nothing_here", None)]


def test_negative_index_gives_an_absolute_pointer() -> None:
    assert find("$.list[-1]", DOC) == [("/list/2", 30)]


@pytest.mark.parametrize(
    "expr", ["$.[", "$[?(@.x ==", "$..", "]]", "$.a b", "$.residency.locations[?(@.x ==)]"]
)
def test_invalid_path_raises_path_error(expr: str) -> None:
    with pytest.raises(PathError, match="invalid JSONPath"):
        compile_path(expr)
    with pytest.raises(PathError):
        find(expr, DOC)


def test_path_error_is_a_value_error() -> None:
    assert issubclass(PathError, ValueError)


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("/a/0/b", "a[0].b"),
        ("", "(document)"),
        ("/residency/locations/0/country", "residency.locations[0].country"),
        ("/a~1b/c~0d", "a/b.c~d"),
        ("/0/x", "[0].x"),
        ("/list/12", "list[12]"),
    ],
)
def test_dotted(pointer: str, expected: str) -> None:
    assert dotted(pointer) == expected


_KEY = st.text(alphabet="abcxyz019/~._-'\"[]@$* ", min_size=1, max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEY, inner, max_size=3),
    max_leaves=12,
)


@settings(deadline=None)
@given(_JSON)
def test_recursive_descent_pointers_always_resolve(doc: Any) -> None:
    """Whatever the keys (slashes, tildes, dots), every pointer leads back to its value."""
    for pointer, value in find("$..*", doc):
        assert resolve(doc, pointer) == value


@settings(deadline=None)
@given(st.lists(st.integers(), max_size=6))
def test_wildcard_on_list_enumerates_indices(items: list[int]) -> None:
    assert find("$.xs[*]", {"xs": items}) == [(f"/xs/{i}", v) for i, v in enumerate(items)]
