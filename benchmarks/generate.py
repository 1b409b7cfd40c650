"""Generate a realistic city table (311 service requests) with its Table Schema and Data Package.

    python benchmarks/generate.py --rows 1000000 --out /tmp/bench [--errors 0.001]

Deterministic for a given --seed. --errors injects, at that rate, one error of each kind the
Table Schema checks cover (type, format, required, enum, range, pattern, unique).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

SERVICES = ["pothole", "graffiti", "streetlight", "missed_pickup", "noise", "tree", "sidewalk"]
STATUSES = ["open", "closed", "in_progress"]

SCHEMA = {
    "fields": [
        {
            "name": "request_id",
            "type": "string",
            "description": "request id",
            "constraints": {"required": True, "unique": True, "pattern": "^SR-[0-9]{8}$"},
        },
        {
            "name": "created_at",
            "type": "datetime",
            "description": "created at",
            "constraints": {"required": True},
        },
        {"name": "closed_at", "type": "datetime", "description": "closed at"},
        {
            "name": "service",
            "type": "string",
            "description": "service",
            "constraints": {"enum": SERVICES},
        },
        {
            "name": "status",
            "type": "string",
            "description": "status",
            "constraints": {"enum": STATUSES},
        },
        {
            "name": "ward",
            "type": "integer",
            "description": "ward",
            "constraints": {"minimum": 1, "maximum": 25},
        },
        {
            "name": "lat",
            "type": "number",
            "description": "lat",
            "constraints": {"minimum": 43.5, "maximum": 43.9},
        },
        {
            "name": "lon",
            "type": "number",
            "description": "lon",
            "constraints": {"minimum": -79.7, "maximum": -79.1},
        },
        {
            "name": "response_days",
            "type": "integer",
            "description": "response days",
            "constraints": {"minimum": 0},
        },
        {"name": "description", "type": "string", "description": "description"},
    ],
    "primaryKey": ["request_id"],
}
WORDS = [
    "pothole",
    "near",
    "the",
    "corner",
    "large",
    "deep",
    "car",
    "damaged",
    "please",
    "fix",
    "soon",
    "light",
    "out",
    "dark",
]


def row(i: int, rnd: random.Random, start: datetime) -> list[str]:
    created = start + timedelta(minutes=rnd.randint(0, 525_600))
    closed = created + timedelta(days=rnd.randint(0, 30))
    status = rnd.choice(STATUSES)
    return [
        f"SR-{i:08d}",
        created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        closed.strftime("%Y-%m-%dT%H:%M:%SZ") if status == "closed" else "",
        rnd.choice(SERVICES),
        status,
        str(rnd.randint(1, 25)),
        f"{rnd.uniform(43.55, 43.85):.6f}",
        f"{rnd.uniform(-79.6, -79.15):.6f}",
        str((closed - created).days),
        " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 12))),
    ]


INJECT = [
    ("type", 5, "not-a-number"),
    ("format", 1, "yesterday"),
    ("required", 0, ""),
    ("enum", 3, "dragons"),
    ("range", 5, "99"),
    ("pattern", 0, "BAD-1"),
    ("unique", 0, None),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--errors", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with open(args.out / "requests.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f["name"] for f in SCHEMA["fields"]])
        for i in range(args.rows):
            values = row(i, rnd, start)
            if args.errors and rnd.random() < args.errors:
                _kind, col, bad = rnd.choice(INJECT)
                values[col] = bad if bad is not None else f"SR-{max(i - 1, 0):08d}"
            writer.writerow(values)
    (args.out / "schema.json").write_text(json.dumps(SCHEMA, indent=2))
    # Complete metadata, so the run measures the table checks rather than metadata failures.
    package = {
        "name": "service-requests",
        "title": "311 service requests (benchmark)",
        "id": "https://data.example-city.ca/dataset/service-requests",
        "description": "Every non-emergency service request residents filed with the city, with "
        "its type, status, ward, location and time to close.",
        "keywords": ["311", "service requests"],
        "theme": ["government"],
        "language": ["en"],
        "contributors": [
            {"title": "City of Example, 311", "roles": ["publisher"]},
            {
                "title": "311 data team",
                "email": "data-311@example-city.ca",
                "roles": ["maintainer"],
            },
        ],
        "accessLevel": "public",
        "frequency": "R/P1D",
        "issued": "2025-01-01",
        "modified": "2026-11-20",
        "temporal": {"start": "2025-01-01", "end": "2025-12-31"},
        "spatial": "City of Example",
        "conformsTo": ["https://wiki.open311.org/GeoReport_v2/"],
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
        "resources": [
            {
                "name": "requests",
                "path": "requests.csv",
                "schema": "schema.json",
                "format": "csv",
                "mediatype": "text/csv",
            }
        ],
    }
    (args.out / "datapackage.json").write_text(json.dumps(package, indent=2))
    print(f"wrote {args.rows:,} rows to {args.out / 'requests.csv'}")


if __name__ == "__main__":
    main()
