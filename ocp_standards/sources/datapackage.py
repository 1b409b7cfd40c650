"""A Frictionless Data Package: its metadata and each declared resource, checked together.

Resource paths are followed only inside the package's folder: absolute paths, `..` and URLs are
findings (URLs need `--online`), never read.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from ..model.outcome import SubjectKind
from .document import Document, DocumentError, parse_text
from .loader import FOLDER_READERS, _problem
from .metadata import from_datapackage, record_subject
from .subject import Subject
from .tables import TableError, read_table, table_subject


def _safe_relative(folder: Path, ref: str) -> tuple[Path | None, str | None]:
    if "://" in ref:
        return None, f"resource {ref} is a URL; remote data is only fetched with --online"
    pure = PurePosixPath(ref.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts:
        return None, f"resource path {ref!r} points outside the package folder; refused"
    target = folder / Path(*pure.parts)
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError:
        return None, f"resource path {ref!r} leads outside the package folder; refused"
    return target, None


def _schema(folder: Path, res: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    schema = res.get("schema")
    if isinstance(schema, dict):
        return schema, None
    if isinstance(schema, str):
        target, problem = _safe_relative(folder, schema)
        if target is None:
            return None, problem
        try:
            loaded = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return None, f"schema {schema}: {exc}"
        return (
            (loaded, None)
            if isinstance(loaded, dict)
            else (None, f"schema {schema}: not an object")
        )
    return None, None


def read_package(
    descriptor: Path, display: str, data: dict[str, Any], doc: Document | None
) -> list[Subject]:
    folder = descriptor.parent
    record, fm = from_datapackage(data)
    package = record_subject(record, fm, display, doc)
    package.metadata["package"] = {"resources": []}
    subjects = [package]
    prefix = display.rsplit("/", 1)[0] + "/" if "/" in display else ""
    for i, res in enumerate(data.get("resources") or []):
        if not isinstance(res, dict):
            continue
        name = res.get("name") or f"resource {i}"
        ref = res.get("path")
        if isinstance(ref, list):
            ref = ref[0] if ref else None
        entry = {"name": name, "path": ref, "exists": False}
        package.metadata["package"]["resources"].append(entry)
        if not isinstance(ref, str):
            if "data" in res:
                continue  # inline data: described, nothing to read
            subjects.append(
                _problem(
                    f"{display}#/resources/{i}",
                    "OCP-INPUT-001",
                    f"resource {name!r} has no path",
                    kind=SubjectKind.DATASET,
                )
            )
            continue
        target, problem = _safe_relative(folder, ref)
        shown = f"{prefix}{ref}"
        if target is None:
            subjects.append(
                _problem(shown, "OCP-INPUT-001", problem or "refused", kind=SubjectKind.DATASET)
            )
            continue
        if not target.is_file():
            subjects.append(
                _problem(
                    shown,
                    "OCP-INPUT-001",
                    f"resource {name!r} declares {ref}, which does not exist",
                    kind=SubjectKind.DATASET,
                )
            )
            continue
        entry["exists"] = True
        try:
            table = read_table(target)
        except (TableError, OSError) as exc:
            subjects.append(
                _problem(
                    shown, "OCP-INPUT-002", f"not a readable table: {exc}", kind=SubjectKind.DATASET
                )
            )
            continue
        subject = table_subject(shown, table, target)
        schema, schema_problem = _schema(folder, res)
        if schema is not None:
            subject.metadata["table_schema"] = schema
        if schema_problem:
            subject.metadata["table_schema_problem"] = schema_problem
        subject.metadata["resource"] = name
        if record.sensitive:
            subject.metadata["sensitive"] = True
        subjects.append(subject)
    return subjects


def read_package_folder(
    root: Path, display: str, as_kind: SubjectKind | None
) -> list[Subject] | None:
    descriptor = root / "datapackage.json"
    if not descriptor.is_file() or as_kind not in (None, SubjectKind.METADATA, SubjectKind.DATASET):
        return None
    shown = f"{display.rstrip('/')}/datapackage.json"
    try:
        doc = parse_text(descriptor.read_text(encoding="utf-8-sig"), shown, json_data=True)
    except (OSError, UnicodeDecodeError) as exc:
        return [
            _problem(
                shown,
                "OCP-INPUT-001",
                f"cannot read the descriptor: {exc}",
                kind=SubjectKind.METADATA,
            )
        ]
    except DocumentError as exc:
        return [
            _problem(
                shown, "OCP-INPUT-002", exc.message, exc.line, exc.column, kind=SubjectKind.METADATA
            )
        ]
    if not isinstance(doc.data, dict):
        return [
            _problem(
                shown,
                "OCP-INPUT-003",
                "datapackage.json is not a JSON object",
                kind=SubjectKind.METADATA,
            )
        ]
    return read_package(descriptor, shown, doc.data, doc)


FOLDER_READERS.insert(0, read_package_folder)
