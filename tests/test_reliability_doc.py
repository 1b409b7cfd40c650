"""docs/reliability.md stays true: every test it cites exists, and every option it names is an
option of `ocp check`."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from ocp_standards.cli.app import app

from .conftest import ROOT

DOC = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_cited_test_file_exists() -> None:
    cited = set(re.findall(r"\b(test_[a-z0-9_]+\.py)\b", DOC))
    assert len(cited) >= 10
    missing = sorted(name for name in cited if not (ROOT / "tests" / name).is_file())
    assert not missing


def test_every_named_option_exists() -> None:
    help_text = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    named = set(re.findall(r"`(--[a-z-]+)`", DOC))
    assert {"--max-rows", "--max-depth", "--check-timeout", "--online"} <= named
    missing = sorted(option for option in named if option not in help_text)
    assert not missing
