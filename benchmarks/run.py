"""Time `ocp check` against `frictionless validate` (and a bare CSV parse, the floor) on the same
data package, as a user runs them: one process each, start-up included.

    python benchmarks/run.py --rows 100000 --repeat 3

Prints medians, rows/s, MB/s, peak RSS and the ratios. Results belong in docs/performance.md with
the machine they ran on; tests never assert wall-clock times.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


#: Runs the command in its own process so ru_maxrss is that command's peak alone.
_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "w = time.perf_counter() - t\n"
    "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
)


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the command, exit code)."""
    out = subprocess.run(
        [sys.executable, "-c", _WRAP, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="reuse/keep the generated data here")
    args = ap.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="ocp-bench-"))
    if not (out / "requests.csv").is_file():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--rows",
                str(args.rows),
                "--out",
                str(out),
            ],
            check=True,
        )
    size_mb = (out / "requests.csv").stat().st_size / 1e6
    tools = {
        "ocp check": [
            str(BIN / "ocp"),
            "check",
            str(out),
            "--profile",
            "open-data-publication",
            "--format",
            "json",
            "-q",
        ],
        "frictionless validate": [
            str(BIN / "frictionless"),
            "validate",
            str(out / "datapackage.json"),
        ],
        "csv parse (floor)": [
            sys.executable,
            "-c",
            "import csv,sys; sum(1 for _ in csv.reader(open(sys.argv[1])))",
            str(out / "requests.csv"),
        ],
    }
    results = {}
    print(
        f"{args.rows:,} rows, {size_mb:.1f} MB; {platform.machine()}, "
        f"{platform.python_version()}, repeat={args.repeat}"
    )
    for name, cmd in tools.items():
        if not Path(cmd[0]).exists() and not shutil.which(cmd[0]):
            print(f"{name}: not installed, skipped")
            continue
        runs = [timed(cmd) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        results[name] = wall
        print(
            f"{name:24s} {wall:8.2f} s  {args.rows / wall:12,.0f} rows/s  "
            f"{size_mb / wall:7.1f} MB/s  peak {max(r[1] for r in runs):7.0f} MiB  "
            f"exit {runs[-1][2]}"
        )
    if "ocp check" in results and "frictionless validate" in results:
        ratio = results["frictionless validate"] / results["ocp check"]
        print(f"ratio frictionless/ocp: {ratio:.2f}x (>1 means ocp is faster)")
    if "ocp check" in results and "csv parse (floor)" in results:
        print(f"ratio ocp/csv-floor: {results['ocp check'] / results['csv parse (floor)']:.2f}x")


if __name__ == "__main__":
    main()
