"""Every limit is configurable (command line, ocp.toml), defaults are safe, and a limit that is
hit is a finding naming the limit and how to raise it — exit 1, never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocp_standards.cli.app import app
from ocp_standards.settings import limits

from .conftest import EXAMPLES
from .crash import assert_no_crash


def _run(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json", "--as-of", "2026-11-24"])
    assert_no_crash(result)
    report = json.loads(result.stdout) if result.exit_code in (0, 1) else {}
    return result.exit_code, report, result.stderr


def _problems(report: dict) -> list[str]:
    return [
        f["message"]
        for s in report["subjects"]
        for r in s["results"]
        if r["rule_id"].startswith("OCP-INPUT") and r["outcome"] == "failed"
        for f in r["findings"]
    ]


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("64MiB", 64 * 1024**2), ("2GB", 2 * 1000**3), ("500k", 500_000),
     ("1.5 KiB", 1536), ("16gib", 16 * 1024**3)],
)  # fmt: skip
def test_sizes_are_read_with_units(text: str, size: int) -> None:
    assert limits.parse_size(text) == size


@pytest.mark.parametrize("bad", ["", "lots", "-5MB", "0", "10 parsecs"])
def test_bad_sizes_say_what_is_accepted(bad: str) -> None:
    with pytest.raises(ValueError, match="size"):
        limits.parse_size(bad)


def test_a_bad_size_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run(
        str(EXAMPLES / "procurement" / "strong-bid.ocp.yaml"), "--max-file-size", "lots"
    )
    assert code == 2 and "--max-file-size" in err and "64MiB" in err


def test_file_size_limit(tmp_path: Path) -> None:
    code, report, _ = _run(
        str(EXAMPLES / "procurement" / "strong-bid.ocp.yaml"), "--max-file-size", "1KiB"
    )
    assert code == 1
    (message,) = _problems(report)
    assert "the limit is 1,024 bytes (1 KiB)" in message and "--max-file-size" in message


def test_table_size_and_row_limits(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(500)), encoding="utf-8")
    code, report, _ = _run(str(table), "--max-table-size", "100")
    assert code == 1 and "--max-table-size" in _problems(report)[0]
    code, report, _ = _run(str(table), "--max-rows", "100")
    assert code == 1
    (message,) = _problems(report)
    assert "data rows; the limit is 100 (raise it with --max-rows" in message
    code, report, _ = _run(str(table), "--max-rows", "500")
    assert not _problems(report)


def test_row_limit_for_tables_read_in_memory(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"  # UTF-16: read by the in-memory reader
    table.write_bytes(("a,b\n" + "".join(f"{i},x\n" for i in range(50))).encode("utf-16"))
    code, report, _ = _run(str(table), "--max-rows", "10")
    assert code == 1 and "--max-rows" in _problems(report)[0]


def test_nesting_depth_limit(tmp_path: Path) -> None:
    doc = tmp_path / "deep.json"
    doc.write_text("[" * 40 + "]" * 40, encoding="utf-8")
    code, report, _ = _run(str(doc), "--max-depth", "30")
    assert code == 1
    (message,) = _problems(report)
    assert "deeper than 30 levels" in message and "--max-depth" in message
    assert "deeper than" not in " ".join(_problems(_run(str(doc), "--max-depth", "50")[1]))


def test_archive_ratio_limit(tmp_path: Path) -> None:
    folder = tmp_path / "bid"
    shutil_copy = __import__("shutil").copytree
    shutil_copy(EXAMPLES / "submissions" / "complete", folder)
    archive = tmp_path / "bid.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
        zf.writestr("padding.txt", "0" * 200_000)  # compresses about 1000 times
    code, report, _ = _run(str(archive), "--max-archive-ratio", "50")
    assert code == 1
    assert any("--max-archive-ratio" in m for m in _problems(report))


def test_limits_from_the_config_file_and_the_command_line_wins(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n" + "".join(f"{i},x\n" for i in range(50)), encoding="utf-8")
    (tmp_path / "ocp.toml").write_text('max-rows = 10\nmax-file-size = "2MiB"\n', encoding="utf-8")
    code, report, _ = _run(str(table))
    assert code == 1 and "the limit is 10 " in _problems(report)[0]
    code, report, _ = _run(str(table), "--max-rows", "100")
    assert not _problems(report)


def test_a_bad_limit_in_the_config_file_is_a_usage_error(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "ocp.toml").write_text('max-file-size = "huge"\n', encoding="utf-8")
    code, _, err = _run(str(table))
    assert code == 2 and "max-file-size" in err


def test_workers_get_the_run_limits(tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("a,b\n" + "".join(f"{i},x\n" for i in range(50)))
    code, report, _ = _run(str(tmp_path), "--max-rows", "10", "--workers", "2")
    assert code == 1 and len(_problems(report)) == 2
