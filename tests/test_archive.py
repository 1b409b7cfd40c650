"""Unpacking `.zip` submissions: nothing escapes the temporary folder, bombs are refused."""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards import check
from ocp_standards.cli.app import app
from ocp_standards.model.outcome import Outcome, SubjectKind
from ocp_standards.sources import submission
from ocp_standards.sources.archive import ArchiveError, Limits, safe_extract

from .crash import assert_no_crash

MANIFEST = b'ocp_manifest: "1.0"\nvendor: {name: Zip Co}\n'


def _zip(path: Path, entries: dict[str, bytes], *, stored: bool = False) -> Path:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def _snapshot(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "a/../../evil.txt",
        "/tmp/evil.txt",
        "..\\evil.txt",
        "C:/evil.txt",
        "C:evil.txt",
    ],
)
def test_zip_slip_names_are_refused_before_anything_is_written(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "bid.zip", {"ocp-manifest.yaml": MANIFEST, name: b"x"})
    target = tmp_path / "out"
    target.mkdir()
    before = _snapshot(tmp_path)
    with pytest.raises(ArchiveError, match="outside the folder"):
        safe_extract(archive, target)
    written = _snapshot(tmp_path) - before
    assert all(p.startswith("out") for p in written), written


def test_links_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("evidence/cert.md")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="symbolic link"):
        safe_extract(archive, tmp_path / "out")


def test_a_highly_compressed_entry_is_a_bomb(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"zeros.csv": b"0" * 2_000_000})
    with pytest.raises(ArchiveError, match="zip bomb"):
        safe_extract(archive, tmp_path / "out")


def test_total_size_and_entry_count_are_capped(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(11)})
    with pytest.raises(ArchiveError, match="11 entries; the limit is 10"):
        safe_extract(many, tmp_path / "a", Limits(max_entries=10))
    big = _zip(tmp_path / "big.zip", {"a.bin": bytes(range(256)) * 20}, stored=True)
    with pytest.raises(ArchiveError, match="the limit is 1,000"):
        safe_extract(big, tmp_path / "b", Limits(max_total_bytes=1000))


def test_a_good_archive_unpacks_only_into_the_target(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "ok.zip",
        {"ocp-manifest.yaml": MANIFEST, "api/": b"", "api/spec.yaml": b"openapi: 3.1.0\n"},
    )
    target = tmp_path / "out"
    target.mkdir()
    names = safe_extract(archive, target)
    assert sorted(names) == ["api/spec.yaml", "ocp-manifest.yaml"]
    assert _snapshot(target) == {"api", "api/spec.yaml", "ocp-manifest.yaml"}


def test_reading_a_zip_leaves_no_temporary_folder_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder the reader unpacks into (whatever it is: the spy records it) is gone after the
    run, and nothing is left in the temporary folder, the working folder or beside the archive
    (all three are inside tmp_path here, so other processes' files do not matter)."""
    archive = _zip(
        tmp_path / "bid.zip",
        {"ocp-manifest.yaml": MANIFEST, "data/counts.csv": b"id,count\n1,2\n2,3\n"},
    )
    temp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # what tempfile.gettempdir() returns
    monkeypatch.chdir(cwd)
    targets: list[Path] = []
    original = submission.safe_extract

    def spy(path: Path, target: Path, limits: Limits | None = None) -> list[str]:
        targets.append(Path(target))
        return original(path, target, limits)

    monkeypatch.setattr(submission, "safe_extract", spy)
    before = _snapshot(tmp_path)
    report = check([archive], as_of="2026-11-24")
    assert_no_crash(report)
    (target,) = targets  # the reader did unpack, once
    assert not target.exists()
    assert _snapshot(tmp_path) == before
    assert target.is_relative_to(temp)  # into the temporary folder, never beside the input
    assert report.subjects[0].kind is SubjectKind.SUBMISSION
    assert any(s.path.endswith("counts.csv") for s in report.subjects)  # the parts were read
    # Paths in the report are inside the archive, never the temporary folder.
    assert str(target) not in report.model_dump_json()
    assert all("ocp-submission-" not in s.path for s in report.subjects)


def test_a_zip_inside_a_zip_is_hashed_not_unpacked(tmp_path: Path) -> None:
    inner = _zip(tmp_path / "inner.zip", {"ocp-manifest.yaml": MANIFEST})
    outer = _zip(
        tmp_path / "outer.zip",
        {"ocp-manifest.yaml": MANIFEST, "evidence/inner.zip": inner.read_bytes()},
    )
    report = check([outer], as_of="2026-11-24")
    assert_no_crash(report)
    submissions = [s for s in report.subjects if s.kind is SubjectKind.SUBMISSION]
    assert len(submissions) == 1
    files = {f["path"]: f for f in submissions[0].metadata["submission"]["files"]}
    assert len(files["evidence/inner.zip"]["sha256"]) == 64


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"../../evil.txt": b"x"}, "zip-slip"),
        ({"bomb.txt": b"\0" * 3_000_000}, "zip bomb"),
    ],
)
def test_cli_reports_a_hostile_archive_as_a_finding(
    tmp_path: Path, entries: dict[str, bytes], expected: str
) -> None:
    archive = _zip(tmp_path / "bid.zip", entries)
    result = CliRunner().invoke(app, ["check", str(archive), "--as-of", "2026-11-24"])
    assert result.exit_code == 1
    assert_no_crash(result)
    assert expected in result.stdout.replace("\n", " ")
    assert not (tmp_path.parent / "evil.txt").exists()


def test_hostile_archive_subject_is_a_failed_input_rule(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bid.zip", {"../x": b"x"})
    report = check([archive], as_of="2026-11-24")
    assert_no_crash(report)
    (subject,) = report.subjects
    failed = [r for r in subject.results if r.outcome is Outcome.FAILED]
    assert [r.rule_id for r in failed] == ["OCP-INPUT-002"]
