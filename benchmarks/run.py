"""Time `ocp check` against `frictionless validate` and pyarrow's bare CSV parse (the floor) on
the same data package, as a user runs them: one process each, start-up included.

    python benchmarks/run.py --rows 1000000 --repeat 3 [--errors 0.001]
    python benchmarks/run.py --rows 16000000 --repeat 1 --tools ocp,pyarrow   # ~2 GB, memory
    python benchmarks/run.py --catalog 1000,10000                            # linear scaling

Prints medians, rows/s, MB/s, peak RSS and the ratios. With --errors, also compares what both
tools found (error counts per Table Schema category and field: they must be equal). Results
belong in docs/performance.md with the machine they ran on; tests never assert wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

#: Runs the command in its own process so ru_maxrss is that command's peak alone.
_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb'), stderr=subprocess.DEVNULL)\n"
    "w = time.perf_counter() - t\n"
    "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
)
_PYARROW = "import sys, pyarrow.csv as c; t = c.read_csv(sys.argv[1]); print(t.num_rows)"


def timed(cmd: list[str], out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the command, exit code); stdout goes to `out`."""
    res = subprocess.run(
        [sys.executable, "-c", _WRAP, str(out), *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(res[0]), int(res[1]) / 1024, int(res[2])


def tools(out: Path) -> dict[str, list[str]]:
    return {
        "ocp": [
            str(BIN / "ocp"),
            "check",
            str(out),
            "--profile",
            "open-data-publication",
            "--format",
            "json",
            "-q",
            "--as-of",
            "2026-11-24",
        ],
        "frictionless": [
            str(BIN / "frictionless"),
            "validate",
            "--json",
            # frictionless stops validating at 1,000 errors by default: let it see them all.
            "--limit-errors",
            "100000000",
            str(out / "datapackage.json"),
        ],
        "pyarrow": [sys.executable, "-c", _PYARROW, str(out / "requests.csv")],
    }


def bench_table(args: argparse.Namespace) -> None:
    out = args.keep or Path(tempfile.mkdtemp(prefix="ocp-bench-"))
    if not (out / "requests.csv").is_file():
        gen = [
            sys.executable,
            str(HERE / "generate.py"),
            "--rows",
            str(args.rows),
            "--out",
            str(out),
        ]
        if args.errors:
            gen += ["--errors", str(args.errors)]
        subprocess.run(gen, check=True)
    size_mb = (out / "requests.csv").stat().st_size / 1e6
    chosen = args.tools.split(",")
    print(
        f"{args.rows:,} rows, {size_mb:,.1f} MB; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, median of {args.repeat}"
    )
    walls: dict[str, float] = {}
    outputs: dict[str, Path] = {}
    for name, cmd in tools(out).items():
        if name not in chosen:
            continue
        outputs[name] = Path(tempfile.mkstemp(prefix=f"ocp-bench-{name}-")[1])
        runs = [timed(cmd, outputs[name]) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in runs)
        walls[name] = wall
        print(
            f"{name:13s} {wall:8.2f} s {args.rows / wall:12,.0f} rows/s {size_mb / wall:7.1f} MB/s"
            f"  peak {max(r[1] for r in runs):6,.0f} MiB  exit {runs[-1][2]}"
        )
    if "ocp" in walls and "frictionless" in walls:
        print(f"ocp vs frictionless: {walls['frictionless'] / walls['ocp']:.1f}x faster")
    if "ocp" in walls and "pyarrow" in walls:
        print(f"ocp vs pyarrow parse: {walls['ocp'] / walls['pyarrow']:.1f}x the floor's time")
    if args.errors and "ocp" in outputs and "frictionless" in outputs:
        compare(outputs["ocp"], outputs["frictionless"])


_CATEGORY = {
    "type-error": "type",
    "unique-error": "unique",
    "primary-key": "primary-key",
}
_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}


def compare(ocp_json: Path, fl_json: Path) -> None:
    """Error counts per (category, field) from both tools' JSON: equal means same findings."""
    from ocp_standards.catalog.loader import default_catalog

    catalog = default_catalog()
    category_of = {}
    for versions in catalog.standards.values():
        for std in versions.values():
            for rule in std.rules:
                check = rule.check or {}
                if check.get("name") == "table-schema-errors":
                    category_of[rule.id] = check.get("args", {}).get("category")
    ours: Counter[tuple[str, str]] = Counter()
    for subject in json.loads(ocp_json.read_text())["subjects"]:
        for result in subject["results"]:
            cat = category_of.get(result["rule_id"])
            for finding in result.get("findings") or []:
                if cat and cat != "foreign-key":
                    field = (finding.get("location") or {}).get("field") or ""
                    ours[(cat, "" if cat == "primary-key" else field)] += finding.get("count") or 1
    theirs: Counter[tuple[str, str]] = Counter()
    for task in json.loads(fl_json.read_text())["tasks"]:
        for err in task["errors"]:
            cat = _CATEGORY.get(err["type"])
            if err["type"] == "constraint-error":
                key = (re.search(r'constraint "(\w+)"', err["note"]) or ["", ""])[1]
                cat = "range" if key in _RANGE else key
            if cat:
                field = "" if cat == "primary-key" else err.get("fieldName", "")
                theirs[(cat, field)] += 1
    same = ours == theirs
    print(
        f"findings: ocp {sum(ours.values()):,}, frictionless {sum(theirs.values()):,} -> "
        f"{'IDENTICAL' if same else 'DIFFERENT'} per category and field"
    )
    if not same:
        for key in sorted(set(ours) | set(theirs)):
            if ours[key] != theirs[key]:
                print(f"  {key}: ocp {ours[key]}, frictionless {theirs[key]}")


def bench_catalog(sizes: list[int], repeat: int) -> None:
    """A DCAT-US data.json with N datasets, checked as one catalogue: time should grow linearly."""
    print(f"catalogue scaling; {platform.machine()}, {os.cpu_count()} cores, median of {repeat}")
    walls = {}
    for n in sizes:
        folder = Path(tempfile.mkdtemp(prefix="ocp-cat-"))
        path = folder / "data.json"
        path.write_text(json.dumps(catalog_doc(n)), encoding="utf-8")
        cmd = [
            str(BIN / "ocp"),
            "check",
            str(path),
            "--format",
            "json",
            "-q",
            "--as-of",
            "2026-11-24",
        ]
        runs = [timed(cmd, folder / "report.json") for _ in range(repeat)]
        walls[n] = statistics.median(r[0] for r in runs)
        print(
            f"{n:8,} datasets {walls[n]:8.2f} s {n / walls[n]:10,.0f} datasets/s"
            f"  peak {max(r[1] for r in runs):6,.0f} MiB"
        )
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        print(
            f"{b:,} / {a:,} datasets: {walls[b] / walls[a]:.1f}x the time "
            f"({b / a:.0f}x the datasets)"
        )


def catalog_doc(n: int) -> dict[str, object]:
    datasets = []
    for i in range(n):
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "identifier": f"https://data.example.city/id/{i}",
                "title": f"Dataset {i}: street trees of ward {i % 25}",
                "description": "Trees maintained by the city, with species and planting date.",
                "keyword": ["trees", "environment"],
                "modified": "2026-10-01",
                "publisher": {"@type": "org:Organization", "name": "Example City"},
                "contactPoint": {
                    "@type": "vcard:Contact",
                    "fn": "Open Data",
                    "hasEmail": "mailto:opendata@example.city",
                },
                "accessLevel": "public",
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "mediaType": "text/csv",
                        "downloadURL": f"https://data.example.city/files/{i}.csv",
                    }
                ],
            }
        )
    return {
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "@type": "dcat:Catalog",
        "dataset": datasets,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--errors", type=float, default=0.0, help="inject errors at this rate")
    ap.add_argument("--tools", default="ocp,frictionless,pyarrow")
    ap.add_argument("--keep", type=Path, help="reuse/keep the generated data here")
    ap.add_argument("--catalog", help="comma-separated catalogue sizes, e.g. 1000,10000")
    args = ap.parse_args()
    if args.catalog:
        bench_catalog([int(n) for n in args.catalog.split(",")], args.repeat)
    else:
        bench_table(args)


if __name__ == "__main__":
    main()
