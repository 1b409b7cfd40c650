"""Submissions: one report, cross-checked claims, safe archives."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from ocp_standards import check
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.sources.archive import ArchiveError, Limits, safe_extract

from .conftest import EXAMPLES

SUBMISSIONS = EXAMPLES / "submissions"


def _by_kind(report, kind: SubjectKind):  # type: ignore[no-untyped-def]
    return [s for s in report.subjects if s.kind is kind]


def _outcomes(subject) -> dict[str, Outcome]:  # type: ignore[no-untyped-def]
    return {r.rule_id: r.outcome for r in subject.results}


def test_complete_submission_passes_every_cross_check() -> None:
    report = check([SUBMISSIONS / "complete"], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    assert all(o is Outcome.PASSED for o in _outcomes(sub).values()), _outcomes(sub)
    assert len(_by_kind(report, SubjectKind.MANIFEST)) == 1
    assert len(_by_kind(report, SubjectKind.API)) == 1
    files = {f["path"]: f for f in sub.metadata["submission"]["files"]}
    assert len(files["evidence/exit-plan.md"]["sha256"]) == 64
    assert report.gate.passed


def test_false_claims_are_caught() -> None:
    report = check([SUBMISSIONS / "false-claims"], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    outcomes = _outcomes(sub)
    for rule_id in ("EXC-SUB-003", "EXC-SUB-004", "EXC-SUB-005", "EXC-SUB-006"):
        assert outcomes[rule_id] is Outcome.FAILED, rule_id
    messages = " ".join(f.message for r in sub.results for f in r.findings)
    assert "Swagger 2.0" in messages and "penetration-test-2026.md" in messages
    assert not report.gate.passed


def _zip(path: Path, entries: dict[str, bytes], link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def test_zip_submission_is_read_and_cleaned_up(tmp_path: Path) -> None:
    manifest = (SUBMISSIONS / "complete" / "ocp-manifest.yaml").read_bytes()
    entries = {"ocp-manifest.yaml": manifest}
    for f in (SUBMISSIONS / "complete").rglob("*"):
        if f.is_file():
            entries[f.relative_to(SUBMISSIONS / "complete").as_posix()] = f.read_bytes()
    archive = _zip(tmp_path / "bid.zip", entries)
    report = check([archive], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    assert sub.path.endswith("bid.zip!")
    assert all(o is Outcome.PASSED for o in _outcomes(sub).values())
    assert any(s.path.startswith(str(archive) + "!/api/") for s in report.subjects)


@pytest.mark.parametrize(
    ("entries", "link", "expected"),
    [
        ({"../../evil.txt": b"x"}, None, "zip-slip"),
        ({"/abs/evil.txt": b"x"}, None, "zip-slip"),
        ({"ok.txt": b"x"}, "link", "symbolic link"),
        ({"bomb.txt": b"\0" * 5_000_000}, None, "zip bomb"),
    ],
)
def test_hostile_archives_are_refused(tmp_path: Path, entries: dict[str, bytes],
                                      link: str | None, expected: str) -> None:
    archive = _zip(tmp_path / "bad.zip", entries, link)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ArchiveError, match=expected):
        safe_extract(archive, out)
    assert not (tmp_path / "evil.txt").exists()
    report = check([archive], as_of="2026-11-24")
    (subject,) = report.subjects
    (failed,) = [r for r in subject.results if r.outcome is Outcome.FAILED]
    assert failed.rule_id == "OCP-INPUT-002"
    assert expected in failed.findings[0].message
    assert subject.kind is SubjectKind.SUBMISSION
    assert {r.outcome for r in subject.results} == {Outcome.FAILED, Outcome.UNTESTED}


def test_archive_limits_on_entries_and_size(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(20)})
    with pytest.raises(ArchiveError, match="entries"):
        safe_extract(archive, tmp_path, Limits(max_entries=10))
    big = _zip(tmp_path / "big.zip", {"a.txt": io.BytesIO(b"y" * 5000).getvalue()})
    with pytest.raises(ArchiveError, match="expands"):
        safe_extract(big, tmp_path / "x", Limits(max_total_bytes=1000))


def test_not_a_zip_is_a_finding(tmp_path: Path) -> None:
    fake = tmp_path / "bid.zip"
    fake.write_bytes(b"this is not a zip")
    report = check([fake], as_of="2026-11-24")
    (failed,) = [r for r in report.subjects[0].results if r.outcome is Outcome.FAILED]
    assert failed.rule_id == "OCP-INPUT-002"
    assert report.gate.passed is False
