"""Hostile and broken inputs for the manifest, API and submission loaders: a finding, never a
crash, and bounded work. (The tests generate every file; nothing hostile is committed.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocp_standards import check
from ocp_standards.model.outcome import Outcome
from ocp_standards.sources.loader import Candidate, load, load_paths

from .crash import assert_no_crash

BOMB = (
    "".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 9 if p else ['x'] * 9)}]\n"
        for k, p in zip("abcdefgh", ["", *"abcdefg"], strict=True)
    )
    + "ocp_manifest: '1.0'\n"
)


def _problem_of(path: Path) -> str | None:
    (subject,) = load_paths([path])
    return subject.problem.rule_id if subject.problem else None


@pytest.mark.parametrize(
    ("name", "content", "rule"),
    [
        ("garbage.yaml", os.urandom(4096), "OCP-INPUT-002"),
        ("nul.json", b'{"ocp_manifest": "1.0"}\x00', "OCP-INPUT-002"),
        (
            "latin1.yaml",
            "ocp_manifest: '1.0'\nvendor: {name: Caf\xe9}\n".encode("latin-1"),
            "OCP-INPUT-002",
        ),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "OCP-INPUT-002"),
        ("bomb.yaml", BOMB.encode(), "OCP-INPUT-002"),
        ("dupe.yaml", b"ocp_manifest: '1.0'\nvendor: {}\nvendor: {}\n", "OCP-INPUT-002"),
        ("dupe.json", b'{"ocp_manifest": "1.0", "a": 1, "a": 2}', "OCP-INPUT-002"),
        ("empty.yaml", b"", "OCP-INPUT-003"),
        ("scalar.json", b"42", "OCP-INPUT-003"),
    ],
)
def test_hostile_files_become_findings(
    tmp_path: Path, name: str, content: bytes, rule: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _problem_of(path) == rule
    report = check([path], as_of="2026-11-24")
    assert_no_crash(report)
    assert report.gate.passed is False
    assert report.subjects[0].score == 0


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bid.yaml"
    path.write_bytes("ocp_manifest: '1.0'\nvendor: {name: Ünïcode Ltd}\n".encode("utf-16"))
    (subject,) = load_paths([path])
    assert subject.problem is None and subject.data["vendor"]["name"] == "Ünïcode Ltd"


def test_ten_megabyte_line_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text('{"ocp_manifest": "1.0", "note": "' + "a" * 10_000_000 + '"}')
    (subject,) = load_paths([path])
    assert subject.problem is None


def test_symlink_out_of_a_walked_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("ocp_manifest: '1.0'\nvendor: {name: Secret}\n")
    folder = tmp_path / "checked"
    folder.mkdir()
    os.symlink(secret, folder / "link.yaml")
    (subject,) = load_paths([folder])
    assert subject.problem is not None and "not followed" in subject.problem.message


def test_file_disappearing_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    subject = load(Candidate(path, "gone.yaml", explicit=True))
    assert subject is not None and subject.problem is not None
    assert subject.problem.rule_id == "OCP-INPUT-001"


def test_other_files_still_checked_after_a_bad_one(tmp_path: Path) -> None:
    (tmp_path / "a-bad.yaml").write_bytes(b"ocp_manifest: '1.0\nvendor: [\n")
    (tmp_path / "b-good.yaml").write_text("ocp_manifest: '1.0'\nvendor: {name: Fine}\n")
    report = check([tmp_path / "a-bad.yaml", tmp_path / "b-good.yaml"], as_of="2026-11-24")
    assert_no_crash(report)
    assert [s.counts.passed > 0 for s in report.subjects] == [False, True]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=2048), st.sampled_from([".yaml", ".json", ".yml", ".zip"]))
def test_fuzz_loaders_never_raise(tmp_path: Path, blob: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(blob)
    for subject in load_paths([path]):
        if subject.problem is None:
            assert subject.kind is not None


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400))
def test_fuzz_yaml_text_through_the_whole_run(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    try:
        path.write_text("ocp_manifest: '1.0'\n" + text, encoding="utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be a real file's content
        return
    report = check([path], as_of="2026-11-24")
    assert_no_crash(report)
    for subject in report.subjects:
        assert all(r.outcome is not Outcome.CANT_TELL or r.reason for r in subject.results)


RDF_HEAD = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">'
)


def _laughs() -> str:
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{chr(10).join(entities)}\n]>\n'
        f'{RDF_HEAD}<dcat:Dataset rdf:about="http://example.org/d">'
        "<dct:title>&l9;</dct:title></dcat:Dataset></rdf:RDF>\n"
    )


XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    f'{RDF_HEAD}<dcat:Dataset rdf:about="http://example.org/d"><dct:title>&xxe;</dct:title>'
    "</dcat:Dataset></rdf:RDF>\n"
)


@pytest.mark.parametrize("content", [_laughs(), XXE], ids=["billion-laughs", "external-entity"])
def test_rdf_xml_entities_are_refused(tmp_path: Path, content: str) -> None:
    # Without the guard, expat spends minutes on the billion-laughs file before giving up.
    path = tmp_path / "catalog.rdf"
    path.write_text(content)
    report = check([path], as_of="2026-11-24")
    assert_no_crash(report)
    (failed,) = [r for s in report.subjects for r in s.results if r.outcome is Outcome.FAILED]
    assert failed.rule_id == "OCP-INPUT-002"
    assert "entities" in failed.findings[0].message
    assert "root:" not in report.model_dump_json()


#: Inputs the atheris target (fuzz/atheris_loaders.py) found crashing a loader; each must now be
#: an ordinary finding.
ATHERIS_FINDS = [
    # ruamel's scanner asserts on this run of comments and carriage returns (2026-11-24)
    ("comments.yaml", b"##\n\n\n\r  | ##\n\n\n\r  | \n  #    \nt\r\r\n  #    \nt\r\r"),
]


@pytest.mark.parametrize(("name", "content"), ATHERIS_FINDS)
def test_inputs_found_by_atheris(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (subject,) = load_paths([path])
    assert subject.problem is not None and subject.problem.rule_id == "OCP-INPUT-002"


@pytest.mark.parametrize(
    "replacement",
    [
        b"",
        b"\x00\x01garbage\xff" * 100,
        b"a,b\n1,2\n3\n" + b'"unclosed\n' * 50,
        "é,ü\n".encode("latin-1"),
    ],
)
def test_table_changing_between_sniff_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replacement: bytes
) -> None:
    """The file is rewritten after its encoding and dialect were decided on a sample, before the
    streaming reader parses it: a finding or a consistent reading, never a traceback."""
    from ocp_standards.sources import blocks

    path = tmp_path / "t.csv"
    path.write_text("id,name\n" + "".join(f"{i},n{i}\n" for i in range(2000)), encoding="utf-8")
    original = blocks.CsvStream.open

    def rewritten_then_open(self):  # type: ignore[no-untyped-def]
        path.write_bytes(replacement)
        return original(self)

    monkeypatch.setattr(blocks.CsvStream, "open", rewritten_then_open)
    report = check([path], as_of="2026-11-24")
    assert_no_crash(report)
    assert report.subjects
    for subject in report.subjects:
        for result in subject.results:
            assert result.outcome is not Outcome.CANT_TELL or result.reason
