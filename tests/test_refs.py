"""The offline `$ref` resolver: joins files, keeps positions, refuses what is unsafe, terminates."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from ocp_standards.settings import limits
from ocp_standards.sources.document import Document, parse_text
from ocp_standards.sources.openapi import _load
from ocp_standards.sources.refs import Bundle, bundle, resolve_pointer


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _join(root: Path, boundary: Path | None = None) -> Bundle:
    doc = parse_text(root.read_text(encoding="utf-8"), root.name)
    return bundle(doc, root, boundary or root.parent, _load, lambda p: p.name)


def _messages(joined: Bundle) -> str:
    return " | ".join(p.message for p in joined.problems)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver never opens a socket, whatever the references say."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    # Patch the methods, not the class: ssl and others subclass socket.socket at import.
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_external_ref_is_inlined_and_keeps_its_file_and_line(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a:\n  b:\n    $ref: models/m.yaml#/defs/x\n")
    _write(tmp_path / "models" / "m.yaml", "defs:\n  x:\n    type: string\n    format: uuid\n")
    joined = _join(root)
    assert joined.data == {"a": {"b": {"type": "string", "format": "uuid"}}}
    assert joined.problems == []
    where = joined.locate("/a/b/format")
    assert (where["path"], where["line"]) == ("m.yaml", 4)
    assert joined.locate("/a")["path"] == "api.yaml"
    assert joined.files == ["api.yaml", "m.yaml"]


def test_internal_refs_of_the_root_file_stay_but_those_of_other_files_are_inlined(
    tmp_path: Path,
) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: '#/c'}\nb: {$ref: m.yaml#/p}\nc: 1\n")
    _write(tmp_path / "m.yaml", "p: {$ref: '#/q'}\nq: {type: integer}\n")
    joined = _join(root)
    assert joined.data["a"] == {"$ref": "#/c"}  # rules and the validator follow it in place
    assert joined.data["b"] == {"type": "integer"}  # no dangling '#/q' into the wrong file


def test_siblings_of_a_ref_win_over_the_target(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: m.yaml, description: mine}\n")
    _write(tmp_path / "m.yaml", "type: string\ndescription: theirs\n")
    assert _join(root).data["a"] == {"type": "string", "description": "mine"}


def test_a_file_referenced_twice_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: m.yaml}\nb: {$ref: m.yaml}\n")
    _write(tmp_path / "m.yaml", "type: string\n")
    reads: list[Path] = []

    def counting(path: Path) -> Document:
        reads.append(path)
        return _load(path)

    doc = parse_text(root.read_text(), "api.yaml")
    joined = bundle(doc, root, tmp_path, counting, lambda p: p.name)
    assert joined.data == {"a": {"type": "string"}, "b": {"type": "string"}}
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("https://example.org/schema.json", "needs --online"),
        ("http://example.org/schema.json#/x", "needs --online"),
        ("//example.org/schema.json", "needs --online"),
        ("../outside.yaml", "leads outside the checked folder"),
        ("/etc/hosts", "leads outside the checked folder"),
        ("nope.yaml", "does not exist"),
        ("m.yaml#/no/such/place", "no such location"),
        ("bad.yaml", "bad.yaml (line 2)"),
        ("dup.yaml", "duplicate"),
    ],
)
def test_unsafe_or_broken_refs_are_problems_not_errors(
    tmp_path: Path, ref: str, expected: str
) -> None:
    inside = tmp_path / "spec"
    _write(tmp_path / "outside.yaml", "type: object\n")
    _write(inside / "m.yaml", "type: object\n")
    _write(inside / "bad.yaml", "a: [1, 2\nb: {\n")
    _write(inside / "dup.yaml", "type: string\ntype: integer\n")
    root = _write(inside / "api.yaml", f"a:\n  $ref: '{ref}'\n")
    joined = _join(root)
    assert expected in _messages(joined).lower() or expected in _messages(joined)
    assert joined.data["a"] == {"$ref": ref}  # left as it was: nothing fetched, nothing invented
    assert joined.problems[0].pointer == "/a"


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = _write(tmp_path / "secret.yaml", "password: hunter2\n")
    inside = tmp_path / "spec"
    inside.mkdir()
    try:
        os.symlink(secret, inside / "link.yaml")
    except OSError:
        pytest.skip("symbolic links not available")
    root = _write(inside / "api.yaml", "a: {$ref: link.yaml}\n")
    joined = _join(root)
    assert "outside the checked folder" in _messages(joined)
    assert "hunter2" not in repr(joined.data)


def test_cycles_across_files_terminate(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: x.yaml}\n")
    _write(tmp_path / "x.yaml", "type: object\nproperties:\n  y: {$ref: y.yaml}\n")
    _write(tmp_path / "y.yaml", "type: object\nproperties:\n  x: {$ref: x.yaml}\n")
    joined = _join(root)
    assert "circular $ref x.yaml" in _messages(joined)
    assert joined.data["a"]["properties"]["y"]["properties"]["x"] == {"$ref": "x.yaml"}


def test_a_file_referring_to_itself_terminates(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: 'tree.yaml#/node'}\n")
    _write(
        tmp_path / "tree.yaml", "node:\n  type: object\n  properties:\n    kid: {$ref: '#/node'}\n"
    )
    joined = _join(root)
    assert "circular" in _messages(joined)


def test_chains_deeper_than_the_limit_stop(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a: {$ref: f0.yaml}\n")
    for i in range(6):
        _write(tmp_path / f"f{i}.yaml", f"next: {{$ref: f{i + 1}.yaml}}\n")
    _write(tmp_path / "f6.yaml", "end: true\n")
    with limits.using(limits.DEFAULT.but(max_ref_depth=3)):
        assert "deeper than 3" in _messages(_join(root))


def test_the_node_budget_stops_reference_bombs(tmp_path: Path) -> None:
    """Each level refers to the next twice: 2**n nodes from n tiny files (a `$ref` bomb)."""
    root = _write(tmp_path / "api.yaml", "a: {$ref: l0.yaml}\n")
    for i in range(30):
        _write(tmp_path / f"l{i}.yaml", f"x: {{$ref: l{i + 1}.yaml}}\ny: {{$ref: l{i + 1}.yaml}}\n")
    _write(tmp_path / "l30.yaml", "leaf: 1\n")
    with limits.using(limits.DEFAULT.but(max_nodes=10_000)):
        joined = _join(root)
    assert "exceeds 10,000 nodes" in _messages(joined)
    assert joined.data == {"a": {"$ref": "l0.yaml"}}  # the unjoined root, not a partial tree


def test_a_referenced_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    _write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    root = _write(tmp_path / "api.yaml", "a: {$ref: bomb.yaml}\n")
    joined = _join(root)
    assert "bomb.yaml" in _messages(joined)
    assert joined.data["a"] == {"$ref": "bomb.yaml"}


def test_a_referenced_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ocp_standards.settings import limits

    _write(tmp_path / "big.yaml", "description: " + "x" * 200 + "\n")
    root = _write(tmp_path / "api.yaml", "a: {$ref: big.yaml}\n")
    with limits.using(limits.DEFAULT.but(max_file_bytes=100)):
        assert "the limit is 100 bytes" in _messages(_join(root))


def test_a_referenced_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(b"description: caf\xe9\n")
    root = _write(tmp_path / "api.yaml", "a: {$ref: latin.yaml}\n")
    assert "not UTF-8" in _messages(_join(root))


def test_resolve_pointer_follows_rfc6901_escapes() -> None:
    data = {"paths": {"/a~b": {"get": [0, {"ok": True}]}}}
    assert resolve_pointer(data, "/paths/~1a~0b/get/1/ok") is True
    with pytest.raises(KeyError):
        resolve_pointer(data, "/paths/missing")
    with pytest.raises(KeyError):
        resolve_pointer(data, "/paths/~1a~0b/get/9")


def test_locate_falls_back_to_the_nearest_known_parent(tmp_path: Path) -> None:
    root = _write(tmp_path / "api.yaml", "a:\n  b: 1\n")
    where = _join(root).locate("/a/missing/deeper")
    assert (where["path"], where["line"], where["pointer"]) == ("api.yaml", 1, "/a/missing/deeper")
