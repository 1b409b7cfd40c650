"""The wheel carries the standards and profiles, and the published files are up to date."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.committee.docs_gen import generate
from ocp_standards.model.export_schemas import render
from ocp_standards.model.schemas import PUBLISHED

from .conftest import ROOT


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_schema_is_current(name: str) -> None:
    published = ROOT / "standards" / "schemas" / name
    assert published.read_text(encoding="utf-8") == render(name), "run `make schemas`"
    json.loads(published.read_text(encoding="utf-8"))


def test_rule_docs_are_current() -> None:
    for name, text in generate(default_catalog()).items():
        page = ROOT / "docs" / "rules" / name
        assert page.is_file() and page.read_text(encoding="utf-8") == text, "run `make docs`"


def test_wheel_ships_standards_and_profiles(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("ocp_standards-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ocp_standards/_data/standards/ocp-governance/1.0.0/standard.yaml" in names
    assert "ocp_standards/_data/profiles/default@2026.12.yaml" in names
    assert "ocp_standards/catalog/schemas/rule.schema.json" in names
    assert "ocp_standards/catalog/input_rules.yaml" in names
    rules = [
        n
        for n in names
        if n.startswith("ocp_standards/_data/standards/ocp-governance/") and "/rules/" in n
    ]
    catalog = default_catalog()
    assert len(rules) == sum(len(v.rules) for v in catalog.versions("ocp-governance"))
