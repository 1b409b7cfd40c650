"""Parsing YAML/JSON with positions, and loading files safely into Subjects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocp_standards.model.outcome import SubjectKind
from ocp_standards.settings import limits
from ocp_standards.sources import reading as reading_module
from ocp_standards.sources.document import DocumentError, parse_json_fast, parse_text
from ocp_standards.sources.loader import Candidate, load, load_paths

MANIFEST = """\
ocp_manifest: "1.0"
vendor:
  name: Acme Data
solution:
  name: Smart Parking
contract:
  start: 2026-03-01
  signed: 2026-03-01T10:00:00Z
residency:
  locations:
    - data_class: personal
      country: CA
    - data_class: backup
      country: US
tags: [a, b]
"""


# parse_text: values and positions ---------------------------------------------------------------


def test_positions_of_keys_and_list_items_are_one_based() -> None:
    doc = parse_text(MANIFEST, "m.yaml")
    pos = doc.positions
    assert pos["/ocp_manifest"] == (1, 1)
    assert pos["/vendor"] == (2, 1)
    assert pos["/vendor/name"] == (3, 3)
    assert pos["/contract/start"] == (7, 3)
    assert pos["/residency/locations"][0] == 10
    assert pos["/residency/locations/0"][0] == 11
    assert pos["/residency/locations/0/country"] == (12, 7)
    assert pos["/residency/locations/1"][0] == 13
    assert pos["/residency/locations/1/country"] == (14, 7)
    assert pos["/tags/1"][0] == 15


def test_locate_falls_back_to_nearest_ancestor() -> None:
    doc = parse_text(MANIFEST, "m.yaml")
    assert doc.locate("/residency/locations/1/country") == (14, 7)
    assert (
        doc.locate("/residency/locations/1/missing_field")
        == doc.positions["/residency/locations/1"]
    )
    assert doc.locate("/vendor/name/deeper/still") == (3, 3)
    assert doc.locate("/not-there") == (None, None)
    assert doc.locate("") == (None, None)


def test_dates_stay_iso_strings() -> None:
    data = parse_text(MANIFEST, "m.yaml").data
    assert data["contract"]["start"] == "2026-03-01"
    assert isinstance(data["contract"]["signed"], str)
    assert data["contract"]["signed"].startswith("2026-03-01T10:00:00")
    assert data["ocp_manifest"] == "1.0"


def test_plain_python_types_come_out() -> None:
    data = parse_text("a: 1\nb: 1.5\nc: true\nd: ~\ne: [1, {f: g}]\n", "t.yaml").data
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": [1, {"f": "g"}]}
    assert type(data) is dict
    assert type(data["e"]) is list
    assert type(data["a"]) is int
    assert type(data["c"]) is bool


def test_yaml_1_2_scalars_avoid_the_norway_problem() -> None:
    data = parse_text("country: NO\nconsent: yes\nswitch: off\nversion: '1.10'\n", "t.yaml").data
    assert data == {"country": "NO", "consent": "yes", "switch": "off", "version": "1.10"}


def test_non_string_keys_become_strings() -> None:
    data = parse_text("2020: year\ntrue: t\n1.5: f\n2026-01-01: d\n", "t.yaml").data
    assert data == {"2020": "year", "true": "t", "1.5": "f", "2026-01-01": "d"}


def test_null_key_keeps_yaml_spelling() -> None:
    assert parse_text("null: n\n", "t.yaml").data == {"null": "n"}


def test_json_input_has_positions() -> None:
    text = '{\n  "a": {"b": [1,\n 2]},\n  "c": "x"\n}\n'
    doc = parse_text(text, "j.json")
    assert doc.data == {"a": {"b": [1, 2]}, "c": "x"}
    assert doc.positions["/a"][0] == 2
    assert doc.positions["/a/b/1"][0] == 3
    assert doc.positions["/c"][0] == 4


def test_json_fast_path_has_data_but_no_positions() -> None:
    doc = parse_json_fast('{"a": [1, 2]}', "big.json")
    assert doc.data == {"a": [1, 2]}
    assert doc.positions == {}
    assert doc.locate("/a/1") == (None, None)
    with pytest.raises(DocumentError) as info:
        parse_json_fast('{\n  "a": [1,\n}', "big.json")
    assert info.value.line == 3


def test_keys_with_slash_and_tilde_are_escaped_in_positions() -> None:
    doc = parse_text("'a/b':\n  'c~d': 1\n", "t.yaml")
    assert doc.data == {"a/b": {"c~d": 1}}
    assert doc.positions["/a~1b/c~0d"] == (2, 3)


def test_merge_keys_and_aliases_are_resolved() -> None:
    data = parse_text("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\nd: *b\n", "t.yaml").data
    assert data["c"] == {"x": 1, "y": 2}
    assert data["d"] == {"x": 1}


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_text_is_none(text: str) -> None:
    assert parse_text(text, "e.yaml").data is None


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\nb: !!python/name:os.system\n'
    data = parse_text(text, "evil.yaml").data
    assert not marker.exists()
    assert data["a"] == [f"touch {marker}"]
    assert isinstance(data["b"], str)


# parse_text: errors -----------------------------------------------------------------------------


def test_duplicate_key_is_an_error_with_line() -> None:
    with pytest.raises(DocumentError) as info:
        parse_text("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert "duplicate key" in info.value.message
    assert '"a"' in info.value.message
    assert info.value.line == 3


def test_duplicate_key_in_json_is_an_error() -> None:
    with pytest.raises(DocumentError) as info:
        parse_text('{"a": 1, "a": 2}', "d.json")
    assert "duplicate key" in info.value.message
    assert info.value.line == 1


def test_duplicate_nested_key_reports_its_line() -> None:
    with pytest.raises(DocumentError) as info:
        parse_text("top:\n  x: 1\n  y: 2\n  x: 3\n", "d.yaml")
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2),
        ("a: b: c\n", 1, 5),
        ("ok: 1\n\tfoo: 1\n", 2, 1),
        ("a:\n  - 1\n - 2\n", 3, 2),
        ("a: *undefined\n", 1, 4),
        ("--- a\n--- b\n", 2, 1),
    ],
)
def test_malformed_yaml_reports_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(DocumentError) as info:
        parse_text(text, "bad.yaml")
    assert info.value.message.startswith("cannot parse:")
    assert (info.value.line, info.value.column) == (line, column)


def test_unterminated_quote_reports_a_line() -> None:
    with pytest.raises(DocumentError) as info:
        parse_text("key: 'unterminated\n", "bad.yaml")
    assert info.value.line is not None


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_with_the_shipped_budget() -> None:
    """~390 million nodes if expanded; the node budget stops it (reaching here is the proof)."""
    with pytest.raises(DocumentError, match="too many nodes"):
        parse_text(BILLION_LAUGHS, "bomb.yaml")


def test_node_budget_counts_expanded_aliases() -> None:
    # root (1) + a (1 + 9) + b (1 + 9 aliases x 10 expanded nodes) = 102 nodes > 100
    small = "a: &a [1,2,3,4,5,6,7,8,9]\nb: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    with limits.using(limits.DEFAULT.but(max_nodes=100)):
        with pytest.raises(DocumentError, match="too many nodes"):
            parse_text(small, "small-bomb.yaml")
        # Just under the budget is fine.
        assert parse_text("a: &a [1,2,3]\nb: [*a,*a]\n", "ok.yaml").data["b"] == [[1, 2, 3]] * 2


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    deep = '{"a": ' * 1500 + "1" + "}" * 1500
    with pytest.raises(DocumentError, match="nesting is deeper than"):
        parse_text(deep, "deep.json")
    deep_block = "".join("  " * i + "a:\n" for i in range(1000)) + "  " * 1000 + "1\n"
    with pytest.raises(DocumentError, match="nesting is deeper than"):
        parse_text(deep_block, "deep.yaml")
    # The parser is still usable afterwards.
    assert parse_text("a: 1\n", "after.yaml").data == {"a": 1}


def test_moderate_nesting_parses() -> None:
    depth = 60
    text = '{"a": ' * depth + "1" + "}" * depth
    doc = parse_text(text, "nested.json")
    node: Any = doc.data
    for _ in range(depth):
        node = node["a"]
    assert node == 1
    assert "/a" * depth in doc.positions


def test_deep_json_on_fast_path_is_an_error() -> None:
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(DocumentError, match="nesting is deeper than"):
        parse_json_fast(deep, "deep.json")


#: Text without control characters, surrogates and the non-characters U+FFFE/U+FFFF: the known
#: JSON-through-YAML gaps are covered by the json_data tests below, not hidden by this alphabet.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    max_size=8,
)
_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
)
_JSONABLE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(_JSONABLE)
def test_json_round_trip(value: Any) -> None:
    """Any JSON value reads back equal through the YAML parser (JSON is YAML 1.2)."""
    text = json.dumps(value, indent=1, ensure_ascii=False)
    assert parse_text(text, "r.json").data == value


def test_json_surrogate_pair_escapes_are_combined() -> None:
    text = json.dumps({"name": "Acme \U0001f600"})  # ensure_ascii: '"Acme \\ud83d\\ude00"'
    assert "\\ud83d\\ude00" in text
    data = parse_text(text, "vendor.json").data
    assert data == {"name": "Acme \U0001f600"}
    data["name"].encode("utf-8")


# JSON files are read with json_data=True (the loader does so for .json): values come from the
# JSON parser, because JSON allows characters YAML reads differently.
@pytest.mark.parametrize("char", ["\x7f", "\x9f"])
def test_raw_control_characters_allowed_by_json_parse(char: str) -> None:
    text = '{"note": "a' + char + 'b"}'
    assert json.loads(text) == {"note": f"a{char}b"}
    assert parse_text(text, "export.json", json_data=True).data == {"note": f"a{char}b"}


def test_raw_nel_in_json_string_is_kept() -> None:
    text = '{"note": "a\x85b"}'
    assert parse_text(text, "export.json", json_data=True).data == json.loads(text)


def test_json_positions_still_available_with_json_data() -> None:
    doc = parse_text('{\n  "a": 1,\n  "b": [1, 2]\n}', "x.json", json_data=True)
    assert doc.positions["/b"][0] == 3


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(alphabet="abcdef_/~", min_size=1, max_size=6), _SCALAR, max_size=6))
def test_every_top_level_key_has_a_position(value: dict[str, Any]) -> None:
    text = json.dumps(value, indent=1, ensure_ascii=False)
    doc = parse_text(text, "r.json")
    keys = [k.replace("~", "~0").replace("/", "~1") for k in value]
    assert [p[1:] for p in doc.positions if p.count("/") == 1] == keys
    assert all(line >= 2 for line, _ in doc.positions.values())


# loader.load on files ---------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _load(path: Path, explicit: bool = True, as_kind: SubjectKind | None = None) -> Any:
    return load(Candidate(path, path.name, explicit=explicit), as_kind)


def test_manifest_is_detected_by_its_key(tmp_path: Path) -> None:
    subject = _load(_write(tmp_path, "bid.yaml", MANIFEST), explicit=False)
    assert subject is not None and subject.loaded
    assert subject.kind is SubjectKind.MANIFEST
    assert subject.title == "Acme Data — Smart Parking"
    assert subject.path == "bid.yaml"
    assert subject.document.positions["/vendor/name"] == (3, 3)


def test_manifest_detection_ignores_file_name(tmp_path: Path) -> None:
    subject = _load(_write(tmp_path, "notes.json", '{"ocp_manifest": "1.0"}'))
    assert subject.kind is SubjectKind.MANIFEST
    assert subject.title is None


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    subject = _load(_write(tmp_path, "bom.yaml", b'\xef\xbb\xbfocp_manifest: "1.0"\n'))
    assert subject.loaded and subject.kind is SubjectKind.MANIFEST


@pytest.mark.parametrize("explicit", [True, False])
def test_non_utf8_bytes_are_an_input_problem(tmp_path: Path, explicit: bool) -> None:
    subject = _load(
        _write(tmp_path, "latin.yaml", "name: Montr\xe9al\n".encode("latin-1")), explicit
    )
    assert subject is not None and not subject.loaded
    assert subject.problem.rule_id == "OCP-INPUT-002"
    assert "UTF-8" in subject.problem.message
    assert "byte 11" in subject.problem.message


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    subject = _load(_write(tmp_path, "bin.yaml", b"a: 1\x00\n"))
    assert subject.problem.rule_id == "OCP-INPUT-002"
    assert "NUL" in subject.problem.message


def test_empty_file_explicit_is_unrecognised_and_walked_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.yaml", b"")
    subject = _load(path, explicit=True)
    assert subject.problem.rule_id == "OCP-INPUT-003"
    assert "empty document" in subject.problem.message
    assert _load(path, explicit=False) is None


def test_unrecognised_content_explicit_vs_walked(tmp_path: Path) -> None:
    path = _write(tmp_path, "shopping.yaml", "shopping: [eggs, milk]\n")
    subject = _load(path, explicit=True)
    assert subject.kind is SubjectKind.UNKNOWN
    assert subject.problem.rule_id == "OCP-INPUT-003"
    assert "shopping" in subject.problem.message
    assert "ocp_manifest" in subject.problem.message
    assert _load(path, explicit=False) is None


def test_as_kind_forces_the_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, "shopping.yaml", "shopping: [eggs, milk]\n")
    subject = _load(path, explicit=True, as_kind=SubjectKind.MANIFEST)
    assert subject.loaded and subject.kind is SubjectKind.MANIFEST


def test_broken_manifest_is_guessed_as_manifest(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.yaml", 'ocp_manifest: "1.0"\nvendor: [\n')
    for explicit in (True, False):
        subject = _load(path, explicit)
        assert subject.kind is SubjectKind.MANIFEST
        assert subject.problem.rule_id == "OCP-INPUT-002"
        assert subject.problem.line == 3
        assert subject.problem.column == 1


def test_broken_unknown_file_has_unknown_kind_and_position(tmp_path: Path) -> None:
    subject = _load(_write(tmp_path, "x.yaml", "x: 1\nx: 2\n"))
    assert subject.kind is SubjectKind.UNKNOWN
    assert subject.problem.rule_id == "OCP-INPUT-002"
    assert subject.problem.line == 2


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    subject = _load(tmp_path / "nope.yaml")
    assert subject.problem.rule_id == "OCP-INPUT-001"
    assert "cannot read" in subject.problem.message


def test_size_limit_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocp_standards.settings import limits

    with limits.using(limits.DEFAULT.but(max_file_bytes=10)):
        subject = _load(_write(tmp_path, "big.yaml", MANIFEST))
    assert subject.problem.rule_id == "OCP-INPUT-001"
    assert "the limit is 10 bytes (raise it with --max-file-size" in subject.problem.message


def test_large_json_takes_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_module, "FAST_JSON_BYTES", 10)
    subject = _load(_write(tmp_path, "big.json", '{"ocp_manifest": "1.0", "a": [1]}'))
    assert subject.loaded and subject.kind is SubjectKind.MANIFEST
    assert subject.document.positions == {}
    broken = _load(_write(tmp_path, "broken.json", '{\n"ocp_manifest": "1.0",\n'))
    assert broken.problem.rule_id == "OCP-INPUT-002"
    assert broken.kind is SubjectKind.MANIFEST


def test_load_paths_walks_sorted_and_skips_hidden_and_foreign_files(tmp_path: Path) -> None:
    _write(tmp_path, "b.yaml", 'ocp_manifest: "1.0"\n')
    _write(tmp_path, "a.json", '{"ocp_manifest": "1.0"}')
    _write(tmp_path, "c.txt", "ocp_manifest: 1")
    _write(tmp_path, "not-ours.yaml", "shopping: [eggs]\n")
    _write(tmp_path, ".hidden.yaml", 'ocp_manifest: "1.0"\n')
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git", "config.yaml", 'ocp_manifest: "1.0"\n')
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "d.YML", 'ocp_manifest: "1.0"\n')
    explicit = _write(tmp_path, "e.yaml", "shopping: [eggs]\n")
    subjects = load_paths([tmp_path, explicit])
    shown = [Path(s.path).relative_to(tmp_path).as_posix() for s in subjects]
    # A folder with exactly one manifest at its root is a vendor submission: the folder itself
    # becomes a `submission` subject, followed by its parts.
    assert shown == ["a.json", "b.yaml", "sub", "sub/d.YML", "e.yaml"]
    assert [s.loaded for s in subjects] == [True, True, True, True, False]
    assert subjects[-1].problem.rule_id == "OCP-INPUT-003"
