from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocp_standards.catalog.loader import Catalog, default_catalog

# Tests keep the catalogue cache out of the user's home (catalog/cache.py).
os.environ.setdefault("OCP_CACHE_DIR", tempfile.mkdtemp(prefix="ocp-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
#: Every test runs "as of" this day, so date rules never drift with the calendar.
AS_OF = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture(autouse=True)
def _pinned_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(AS_OF.timestamp())))


@pytest.fixture
def fresh_catalog() -> Iterator[None]:
    """For tests that point OCP_STANDARDS_HOME elsewhere: the process-wide bundled catalogue
    (`default_catalog`, cached) is read anew inside the test and again after it."""
    default_catalog.cache_clear()
    yield
    default_catalog.cache_clear()
