"""Where the bundled standards and profiles live: inside the wheel, or in the source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """`OCP_STANDARDS_HOME` (for the committee's working copies), the wheel's data, or the repo."""
    override = os.environ.get("OCP_STANDARDS_HOME")
    if override:
        return Path(override)
    bundled = _PACKAGE / "_data"
    if (bundled / "standards").is_dir():
        return bundled
    return _PACKAGE.parent


def standards_dir() -> Path:
    return data_root() / "standards"


def profiles_dir() -> Path:
    return data_root() / "profiles"


def schemas_dir() -> Path:
    """Meta-schemas used to validate standards and profile files."""
    return _PACKAGE / "catalog" / "schemas"
