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
    for rule_id in ("EXC-SUB-003", "EXC-SUB-004", "EXC-SUB-005", "EXC-SUB-006", "EXC-SUB-007"):
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
def test_hostile_archives_are_refused(
    tmp_path: Path, entries: dict[str, bytes], link: str | None, expected: str
) -> None:
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


def _bid(tmp_path: Path, sample: str, manifest_extra: str = "") -> Path:
    root = tmp_path / "bid"
    (root / "samples").mkdir(parents=True)
    (root / "ocp-manifest.yaml").write_text(
        'ocp_manifest: "1.0"\nvendor: {name: Test Co}\n'
        "exit: {export_formats: [CSV], sample_export: samples/export.csv}\n" + manifest_extra
    )
    (root / "samples" / "export.csv").write_text(sample)
    return root


def test_sample_export_with_personal_data_fails_the_dataset_cross_check(tmp_path: Path) -> None:
    root = _bid(tmp_path, "case_id,contact\n1,jane.doe@example.org\n2,j.roe@example.net\n")
    report = check([root], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    (result,) = [r for r in sub.results if r.rule_id == "EXC-SUB-007"]
    assert result.outcome is Outcome.FAILED
    # Named by id (a privacy rule of ocp-generation), so the officer can look it up.
    assert "fails dataset MUST rule(s) GEN-PRIV-" in result.findings[0].message
    assert result.findings[0].location.pointer == "/manifest/exit/sample_export"
    # The sample is also a subject of its own, with its own dataset findings.
    (dataset,) = _by_kind(report, SubjectKind.DATASET)
    assert dataset.path.endswith("bid/samples/export.csv")


def test_without_dataset_rules_the_sample_is_could_not_tell(tmp_path: Path) -> None:
    root = _bid(tmp_path, "a,b\n1,2\n")
    report = check([root], select=["EXC-SUB-"], as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    outcomes = _outcomes(sub)
    assert outcomes["EXC-SUB-007"] is Outcome.CANT_TELL
    assert outcomes["EXC-SUB-006"] is Outcome.PASSED


def test_a_folder_with_several_manifests_is_walked_not_claimed(tmp_path: Path) -> None:
    for name in ("a.ocp.yaml", "b.ocp.yaml"):
        (tmp_path / name).write_text('ocp_manifest: "1.0"\n')
    report = check([tmp_path], as_of="2026-11-24")
    assert not _by_kind(report, SubjectKind.SUBMISSION)
    assert len(_by_kind(report, SubjectKind.MANIFEST)) == 2
    forced = check([tmp_path], as_kind="submission", as_of="2026-11-24")
    (sub,) = _by_kind(forced, SubjectKind.SUBMISSION)
    assert _outcomes(sub)["EXC-SUB-001"] is Outcome.FAILED


def test_evidence_register_hashes_every_file(tmp_path: Path) -> None:
    import hashlib

    root = _bid(tmp_path, "a,b\n1,2\n", "evidence: [{path: evidence/cert.md}]\n")
    (root / "evidence").mkdir()
    (root / "evidence" / "cert.md").write_text("certified\n")
    report = check([root], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(report, SubjectKind.SUBMISSION)
    files = {f["path"]: f for f in sub.metadata["submission"]["files"]}
    assert files["evidence/cert.md"]["sha256"] == hashlib.sha256(b"certified\n").hexdigest()
    assert _outcomes(sub)["EXC-SUB-005"] is Outcome.PASSED
    assert sub.metadata["submission"]["manifest"] == "ocp-manifest.yaml"


def test_the_submission_carries_an_overview_of_the_whole_bid() -> None:
    good = check([SUBMISSIONS / "complete"], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(good, SubjectKind.SUBMISSION)
    assert sub.bid is not None
    assert sub.bid.parts == 4  # cross-checks, manifest, API, sample export
    assert sub.bid.failed_errors == 0 and sub.bid.lowest_level == "gold"
    assert sub.bid.members[0].path == sub.path

    bad = check([SUBMISSIONS / "false-claims"], profile="procurement", as_of="2026-11-24")
    (sub,) = _by_kind(bad, SubjectKind.SUBMISSION)
    assert sub.bid is not None and sub.bid.parts == 5
    assert sub.bid.lowest_level == "non-conformant"
    by_path = {
        m.path.rsplit("/", 2)[-2] + "/" + m.path.rsplit("/", 1)[-1]: m for m in sub.bid.members
    }
    assert by_path["api/permits-openapi.yaml"].failed_errors >= 5
    assert sub.bid.failed_errors == sum(m.failed_errors for m in sub.bid.members)
    assert sub.bid.mean_score < 75


def test_a_submission_json_report_validates_against_the_published_schema() -> None:
    import json

    import jsonschema

    from .conftest import ROOT

    report = check([SUBMISSIONS / "false-claims"], profile="procurement", as_of="2026-11-24")
    schema = json.loads((ROOT / "standards/schemas/report.schema.json").read_text())
    jsonschema.validate(json.loads(report.model_dump_json()), schema)
