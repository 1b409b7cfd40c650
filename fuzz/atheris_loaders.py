"""Coverage-guided fuzzing of every loader with atheris (optional; not part of `make test`).

    pip install atheris            # needs a clang-built CPython on some platforms
    python fuzz/atheris_loaders.py -runs=100000 -max_len=4096
    python fuzz/atheris_loaders.py corpus_dir/ -max_total_time=600

Each input's first byte picks a file suffix; the rest is written under that name and loaded
through `ocp_standards.sources.loader.load_paths`, the entry point every run uses. The property
is the same as tests/test_fuzz_loaders.py: nothing escapes the loader, and every problem is an
OCP-INPUT finding. A crash is a bug: keep the input libFuzzer writes and add it to the tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

SUFFIXES = (
    ".yaml", ".json", ".zip", ".csv", ".tsv", ".xlsx", ".ndjson", ".ttl", ".rdf", ".jsonld",
)  # fmt: skip


def one_input(data: bytes) -> None:
    """Load one fuzzer input; raise only for a real bug (an exception from the loader)."""
    from ocp_standards.sources.loader import load_paths

    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    with tempfile.TemporaryDirectory(prefix="ocp-fuzz-") as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data[1:])
        for subject in load_paths([path]):
            problem = subject.problem
            if problem is not None and not problem.rule_id.startswith("OCP-INPUT"):
                raise AssertionError(f"unexpected problem {problem.rule_id}: {problem.message}")


def main() -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris (see the module docstring)")
    with atheris.instrument_imports():
        import ocp_standards.sources.loader  # noqa: F401  (instrument the loaders)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
