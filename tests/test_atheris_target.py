"""The atheris target runs without atheris: its one-input function on a few seeds."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from .conftest import ROOT
from .crash import assert_no_crash

TARGET = ROOT / "fuzz" / "atheris_loaders.py"


def _target():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("atheris_loaders", TARGET)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_input_handles_seeds_for_every_suffix() -> None:
    target = _target()
    seeds = [b"", b"\x00", b"\xff\xfe\x00garbage", b"[[[[[[[[", b"a,b\n1,2\n", b"PK\x03\x04junk"]
    for seed in seeds:
        for pick in range(len(target.SUFFIXES)):
            target.one_input(bytes([pick]) + seed)


def test_without_atheris_it_says_how_to_install() -> None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        result = subprocess.run(
            [sys.executable, str(TARGET), "-runs=1"], capture_output=True, text=True, check=False
        )
        assert_no_crash(result)
        assert result.returncode != 0 and "pip install atheris" in result.stderr
