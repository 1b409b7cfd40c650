"""Repository configuration: `ocp.toml`, or `[tool.ocp]` in `pyproject.toml`.

The file nearest to the checked paths wins (walking up from their common folder; in one folder
`ocp.toml` is preferred over `pyproject.toml`). Precedence of every setting:
profile < config file < command line. Relative paths in a config file are relative to its folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_NAME = "ocp.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(ValueError):
    """A config file that cannot be read or has unknown or invalid settings (exit 2)."""


class Settings(BaseModel):
    """What a config file may set; keys are spelled like the command-line options."""

    model_config = ConfigDict(extra="forbid")

    profile: str | None = None
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(
        default=None, alias="fail-on"
    )
    fail_under: float | None = Field(default=None, ge=0, le=100, alias="fail-under")
    select: list[str] | None = None
    ignore: list[str] | None = None
    waivers: str | None = None
    baseline: str | None = None
    # Limits (docs/reliability.md); sizes as bytes or "64MiB", "2GB" …
    check_timeout: float | None = Field(default=None, ge=0, alias="check-timeout")
    max_file_size: str | int | None = Field(default=None, alias="max-file-size")
    max_table_size: str | int | None = Field(default=None, alias="max-table-size")
    max_archive_size: str | int | None = Field(default=None, alias="max-archive-size")
    max_rows: int | None = Field(default=None, ge=1, alias="max-rows")
    max_depth: int | None = Field(default=None, ge=1, alias="max-depth")
    max_nodes: int | None = Field(default=None, ge=1, alias="max-nodes")
    max_archive_ratio: float | None = Field(default=None, ge=1, alias="max-archive-ratio")
    max_archive_entries: int | None = Field(default=None, ge=1, alias="max-archive-entries")


@dataclass
class Config:
    settings: Settings = field(default_factory=Settings)
    #: The file the settings came from, or None when no config file was found.
    path: Path | None = None

    @property
    def root(self) -> Path | None:
        """The folder relative paths, waiver globs and fingerprints are taken from."""
        return self.path.parent if self.path is not None else None

    def resolve(self, value: str | None) -> str | None:
        """A path setting made absolute against the config file's folder."""
        if value is None or self.path is None:
            return value
        return str((self.path.parent / value).resolve())

    def profile(self) -> str | None:
        """The profile setting: a bundled name as is, a file path resolved."""
        value = self.settings.profile
        if value is None:
            return None
        looks_like_file = value.endswith((".yaml", ".yml")) or "/" in value
        return self.resolve(value) if looks_like_file else value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _table(path: Path) -> dict[str, Any] | None:
    """The ocp settings table in a candidate file, or None when it has none."""
    data = _read_toml(path)
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("ocp") if isinstance(tool, dict) else None
        return table if isinstance(table, dict) else None
    return data


def load_config(path: str | os.PathLike[str]) -> Config:
    p = Path(path).resolve()
    table = _table(p)
    if table is None:
        raise ConfigError(f"{p} has no [tool.ocp] table")
    try:
        settings = Settings.model_validate(table)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}"
            + (" (unknown setting)" if e["type"] == "extra_forbidden" else "")
            for e in exc.errors()
        ]
        raise ConfigError(f"{p}: invalid settings\n  " + "\n  ".join(problems)) from None
    return Config(settings=settings, path=p)


def find_config(paths: list[Path]) -> Path | None:
    """The config file nearest to the checked paths, or None."""
    if not paths:
        start = Path.cwd()
    else:
        resolved = [p.resolve() for p in paths]
        start = Path(os.path.commonpath([str(p) for p in resolved]))
        if not start.is_dir():
            start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            try:
                if _table(pyproject) is not None:
                    return pyproject
            except ConfigError:
                # Someone else's broken pyproject.toml is not our configuration problem.
                continue
    return None


def discover(paths: list[Path], explicit: Path | None = None, enabled: bool = True) -> Config:
    """The run's configuration: an explicit file, else the nearest one, else defaults."""
    if explicit is not None:
        return load_config(explicit)
    if not enabled:
        return Config()
    found = find_config(paths)
    return load_config(found) if found is not None else Config()


STARTER = """\
# ocp.toml — configuration for `ocp check` in this repository (written by `ocp init`).
# Precedence: the profile's defaults < this file < command-line options.
# Relative paths are relative to this file's folder. Remove the leading `#` to use a setting.

# The profile to check against: a bundled one (`ocp profiles list`) or a profile file.
profile = "{profile}"

# Fail the gate on failed rules of this severity or worse: error | warning | info | never.
# fail-on = "error"

# Fail the gate when any subject scores below this (0-100).
# fail-under = 75

# Restrict the profile's rules by id, id prefix or tag:NAME.
# select = ["GOV-", "tag:privacy"]
# ignore = ["GOV-ALG-"]

# Waivers: reviewed exceptions with a reason, an approver and an expiry date (docs/ci.md).
# waivers = "ocp-waivers.yaml"

# Baseline: only failures that are not recorded in it fail the gate
# (create it with `ocp baseline create PATH... --output ocp-baseline.json`).
# baseline = "ocp-baseline.json"
"""


def starter_config(profile: str = "default") -> str:
    return STARTER.format(profile=profile)
