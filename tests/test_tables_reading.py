"""Reading tables: encodings, dialects, formats and hostile bytes (sources/tables.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocp_standards.sources.tables import TableError, decode, read_table


@pytest.mark.parametrize(
    ("raw", "encoding", "bom"),
    [
        ("id,näme\n1,Zoë\n".encode(), "utf-8", False),
        (b"\xef\xbb\xbf" + "id,näme\n1,Zoë\n".encode(), "utf-8", True),
        ("id,näme\n1,Zoë\n".encode("utf-16"), "utf-16", True),
        ("id;libellé\n1;café\n".encode("cp1252"), "cp1252", False),
        ("id;libellé\n1;€uro\n".encode("cp1252"), "cp1252", False),
    ],
)
def test_decode_picks_the_right_encoding(raw: bytes, encoding: str, bom: bool) -> None:
    text, found, had_bom = decode(raw)
    assert (found, had_bom) == (encoding, bom)
    assert "id" in text


def test_latin1_bytes_cp1252_leaves_undefined() -> None:
    # 0x81 is undefined in cp1252: the reader falls back to Latin-1 instead of failing.
    text, found, _ = decode(b"id,name\n1,caf\xe9 x\x81y\n")
    assert found == "latin-1" and "café" in text


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [("a,b\r\n1,2\r\n", ","), ("a;b\n1;2\n", ";"), ("a\tb\r1\t2\r", "\t")],
)
def test_dialects(tmp_path: Path, content: str, delimiter: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content.encode())
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.header == ["a", "b"] and table.all_rows() == [["1", "2"]]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (bytes(range(256)) * 40, "binary"),
        (b"\x01\x02\x03\x04garbage\x05\x06" * 100, "binary"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
    ],
)
def test_hostile_bytes_are_table_errors(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(TableError, match=message):
        read_table(path)


def test_title_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Report on trees\n\nyear,count,ward\n2020,4,1\n2021,5,2\n")
    table = read_table(path)
    assert table.header == ["year", "count", "ward"]
    assert table.title_rows == ["Report on trees"] and table.header_line == 3
    assert table.row_lines == [4, 5]


def test_ndjson_and_xlsx(tmp_path: Path) -> None:
    nd = tmp_path / "t.ndjson"
    nd.write_text(json.dumps({"a": 1, "b": "x"}) + "\n" + json.dumps({"a": 2}) + "\n")
    table = read_table(nd)
    assert table.header == ["a", "b"] and table.all_rows() == [["1", "x"], ["2", ""]]

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["id", "name"])
    ws.append([1, "Ada"])
    xl = tmp_path / "t.xlsx"
    wb.save(xl)
    table = read_table(xl)
    assert table.source_format == "xlsx" and table.all_rows() == [["1", "Ada"]]


def test_broken_xlsx_is_a_table_error(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TableError, match="xlsx"):
        read_table(path)
