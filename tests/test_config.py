"""Config discovery (ocp.toml / [tool.ocp]), precedence profile < config < CLI, and `ocp init`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ocp_standards.settings.config import (
    ConfigError,
    Settings,
    discover,
    find_config,
    starter_config,
)


def test_nearest_config_wins_and_ocp_toml_beats_pyproject(tmp_path: Path) -> None:
    (tmp_path / "ocp.toml").write_text('profile = "default"\n')
    sub = tmp_path / "data" / "city"
    sub.mkdir(parents=True)
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.ocp]\nfail-under = 70\n')
    target = sub / "file.yaml"
    target.write_text("a: 1\n")
    assert find_config([target]) == sub / "pyproject.toml"
    assert discover([target]).settings.fail_under == 70
    (sub / "ocp.toml").write_text("fail-under = 80\n")
    assert find_config([target]) == sub / "ocp.toml"
    assert find_config([tmp_path / "data"]) == tmp_path / "ocp.toml"


def test_pyproject_without_tool_ocp_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "ocp.toml").write_text('profile = "procurement"\n')
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config([sub]) == tmp_path / "ocp.toml"


def test_relative_paths_resolve_from_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "ocp.toml").write_text(
        'profile = "ci/profile.yaml"\nwaivers = "ci/waivers.yaml"\nbaseline = "b.json"\n'
    )
    cfg = discover([tmp_path])
    assert cfg.profile() == str(tmp_path.resolve() / "ci/profile.yaml")
    assert cfg.resolve(cfg.settings.waivers) == str(tmp_path.resolve() / "ci/waivers.yaml")
    assert cfg.root == tmp_path.resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail_under = 3\n", "unknown setting"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ("fail-under = 300\n", "fail-under"),
        ("profile = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "ocp.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        discover([tmp_path])


def test_no_config_and_explicit_config(tmp_path: Path) -> None:
    (tmp_path / "ocp.toml").write_text("fail-under = 80\n")
    assert discover([tmp_path], enabled=False).settings.fail_under is None
    other = tmp_path / "other.toml"
    other.write_text("fail-under = 10\n")
    assert discover([tmp_path], explicit=other).settings.fail_under == 10


def test_starter_config_is_valid_when_uncommented() -> None:
    text = starter_config("procurement")
    assert Settings.model_validate(tomllib.loads(text)).profile == "procurement"
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and "=" in line else line for line in text.splitlines()
    )
    settings = Settings.model_validate(tomllib.loads(uncommented))
    assert settings.fail_under == 75 and settings.waivers == "ocp-waivers.yaml"
