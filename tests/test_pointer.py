"""RFC 6901 pointer tokens: one escape/unescape pair, used by every stage that builds pointers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocp_standards.model.pointer import escape, unescape
from ocp_standards.sources.document import parse_text
from ocp_standards.sources.json_positions import json_positions
from ocp_standards.sources.refs import resolve_pointer

#: Keys rich in the two characters that matter, plus anything else.
KEYS = st.text(alphabet=st.sampled_from("~/01a "), max_size=12) | st.text(max_size=12)


@pytest.mark.parametrize(
    ("key", "token"),
    [
        ("plain", "plain"),
        ("", ""),
        ("a/b", "a~1b"),
        ("m~n", "m~0n"),
        ("~1", "~01"),  # `~` first: a literal `~1` must not come back as `/`
        ("/~", "~1~0"),
        ("~/", "~0~1"),
        ("/paths/{id}", "~1paths~1{id}"),
    ],
)
def test_escape_and_unescape_known_tokens(key: str, token: str) -> None:
    assert escape(key) == token
    assert unescape(token) == key


def test_escape_takes_list_indexes() -> None:
    assert escape(0) == "0"


@given(KEYS)
def test_round_trip(key: str) -> None:
    token = escape(key)
    assert "/" not in token
    assert unescape(token) == key


@given(KEYS)
def test_every_tilde_in_a_token_starts_an_escape(key: str) -> None:
    token = escape(key)
    assert all(token[i + 1 : i + 2] in ("0", "1") for i, c in enumerate(token) if c == "~")


@given(st.lists(KEYS.filter(bool), min_size=1, max_size=4))
def test_a_pointer_of_escaped_keys_resolves_and_locates(keys: list[str]) -> None:
    # Nested objects keyed by awkward names: the reader's positions and the $ref resolver must
    # agree on the pointer the one escape function builds. (Empty keys are left out: the
    # resolver strips leading slashes, so `//x` does not reach a "" key.)
    data: object = True
    for key in reversed(keys):
        data = {key: data}
    pointer = "".join("/" + escape(k) for k in keys)
    assert resolve_pointer(data, pointer) is True
    text = json.dumps(data, indent=1)
    assert pointer in json_positions(text)
    assert pointer in parse_text(text, "x.json", json_data=True).positions
