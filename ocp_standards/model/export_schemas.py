"""Write the published JSON Schemas into standards/schemas/ (run by `make schemas`).

A test fails when a published file differs from what the models generate, so they never drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .schemas import PUBLISHED


def render(name: str) -> str:
    return json.dumps(PUBLISHED[name](), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    target = (
        Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "standards" / "schemas"
    )
    target.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED:
        (target / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
