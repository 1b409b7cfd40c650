"""A Frictionless Data Package (or a single Data Resource): metadata and data checked together.

The package gives one metadata subject (its descriptor as a MetadataRecord) and one dataset subject
per tabular resource; each table carries its Table Schema and its sibling tables, so the schema
checks can compare the dictionary with the real columns and follow foreign keys across resources.

Resource paths are followed only inside the package's folder: absolute paths, `..` and URLs are
findings (URLs need `--online`), never read. Other files in a package folder (a DCAT or data.json
copy of the same metadata) are checked too.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from ..model.outcome import SubjectKind
from .document import Document, DocumentError, parse_text
from .metadata.common import record_subject
from .metadata.datapackage import from_datapackage
from .reading import load_file
from .registry import FOLDER_READERS, Candidate, FolderReader, problem
from .subject import Subject
from .tables import Table, TableError, read_table, table_subject

DESCRIPTOR_NAMES = ("datapackage.json", "datapackage.yaml", "datapackage.yml")


def safe_relative(folder: Path, ref: str) -> tuple[Path | None, str | None]:
    """The file `ref` names inside `folder`, or why it is refused."""
    if "://" in ref:
        return None, f"{ref} is a URL; remote data is only fetched with --online"
    pure = PurePosixPath(ref.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (ref[1:3] == ":\\"):
        return None, f"path {ref!r} points outside the package folder; refused"
    target = folder / Path(*pure.parts)
    try:
        target.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return None, f"path {ref!r} leads outside the package folder (a link?); refused"
    return target, None


def _schema(folder: Path, res: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    schema = res.get("schema")
    if isinstance(schema, dict):
        return schema, None
    if isinstance(schema, str):
        target, refused = safe_relative(folder, schema)
        if target is None:
            return None, f"schema {refused}"
        try:
            loaded = json.loads(target.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            return None, f"schema {schema} cannot be read: {exc}"
        if isinstance(loaded, dict):
            return loaded, None
        return None, f"schema {schema} is not a JSON object"
    return None, None


def _declared(res: dict[str, Any]) -> dict[str, Any]:
    keys = ("format", "mediatype", "mediaType", "encoding")
    return {k.lower(): res[k] for k in keys if isinstance(res.get(k), str)}


def read_package(
    descriptor: Path,
    display: str,
    data: dict[str, Any],
    doc: Document | None,
    candidate: Candidate | None = None,
) -> list[Subject]:
    folder = descriptor.parent
    record, fm = from_datapackage(data)
    package = record_subject(record, fm, display, doc)
    subjects = [package]
    prefix = display.rsplit("/", 1)[0] + "/" if "/" in display else ""
    single = not isinstance(data.get("resources"), list)
    resources = [data] if single else data["resources"]
    tables: dict[str, Table] = {}
    status = []
    for i, res in enumerate(resources):
        if not isinstance(res, dict):
            continue
        pointer = "" if single else f"/resources/{i}"
        name = str(res.get("name") or f"resource {i + 1}")
        subject, table = _resource(folder, display, prefix, pointer, name, res, record.sensitive)
        status.append({"name": name, "readable": table is not None})
        if subject is not None:
            subjects.append(subject)
        if table is not None:
            tables[name] = table
    for table in tables.values():
        table.siblings = tables  # foreign keys are checked against the other resources
    package.metadata["resources"] = status
    return subjects


def _resource(
    folder: Path,
    display: str,
    prefix: str,
    pointer: str,
    name: str,
    res: dict[str, Any],
    sensitive: bool | None,
) -> tuple[Subject | None, Table | None]:
    ref = res.get("path")
    if isinstance(ref, list):  # multipart resources: the first part has the header
        ref = ref[0] if ref else None
    where = f"{display}#{pointer}" if pointer else display
    if not isinstance(ref, str):
        if "data" in res:
            return None, None  # inline data is described, not read from a file
        return _missing(where, f"resource {name!r} has no path"), None
    target, refused = safe_relative(folder, ref)
    shown = f"{prefix}{ref}"
    if target is None:
        return _missing(shown, f"resource {name!r}: {refused}", "OCP-INPUT-001"), None
    if not target.is_file():
        return _missing(shown, f"resource {name!r} declares {ref}, which does not exist"), None
    try:
        table = read_table(target)
    except (TableError, OSError) as exc:
        return _missing(
            shown, f"resource {name!r} is not a readable table: {exc}", "OCP-INPUT-002"
        ), None
    table.schema, table.schema_problem = _schema(folder, res)
    table.resource = name
    table.declared = _declared(res)
    table.sensitive = bool(sensitive)
    return table_subject(shown, table, target), table


def _missing(shown: str, message: str, rule: str = "OCP-INPUT-001") -> Subject:
    return problem(shown, rule, message, kind=SubjectKind.DATASET)


def read_package_folder(
    root: Path, display: str, as_kind: SubjectKind | None
) -> list[Subject] | None:
    """Claim a folder holding a datapackage descriptor: the package, then its other files."""
    descriptor = next((root / n for n in DESCRIPTOR_NAMES if (root / n).is_file()), None)
    if descriptor is None or as_kind not in (None, SubjectKind.METADATA, SubjectKind.DATASET):
        return None
    shown = f"{display.rstrip('/')}/{descriptor.name}"
    subjects = _read_descriptor(descriptor, shown)
    declared = _declared_paths(descriptor)
    for entry in sorted(root.rglob("*")):
        rel = entry.relative_to(root).as_posix()
        if (
            not entry.is_file()
            or entry == descriptor
            or rel in declared
            or any(part.startswith(".") for part in entry.relative_to(root).parts)
            or entry.is_symlink()
        ):
            continue
        candidate = Candidate(entry, f"{display.rstrip('/')}/{rel}", explicit=False, root=root)
        subjects += load_file(candidate, as_kind)
    return subjects


def _read_descriptor(descriptor: Path, shown: str) -> list[Subject]:
    try:
        text = descriptor.read_text(encoding="utf-8-sig")
        doc = parse_text(text, shown, json_data=descriptor.suffix == ".json")
    except (OSError, UnicodeDecodeError) as exc:
        return [_metaproblem(shown, "OCP-INPUT-001", f"cannot read the descriptor: {exc}")]
    except DocumentError as exc:
        return [
            problem(
                shown, "OCP-INPUT-002", exc.message, exc.line, exc.column, kind=SubjectKind.METADATA
            )
        ]
    if not isinstance(doc.data, dict):
        return [_metaproblem(shown, "OCP-INPUT-003", "the descriptor is not a JSON object")]
    return read_package(descriptor, shown, doc.data, doc)


def _declared_paths(descriptor: Path) -> set[str]:
    """Resource and schema paths the descriptor names (so they are not read twice)."""
    try:
        data = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return set()
    out: set[str] = set()
    resources = data.get("resources") if isinstance(data, dict) else None
    for res in resources if isinstance(resources, list) else [data]:
        if not isinstance(res, dict):
            continue
        for key in ("path", "schema", "dialect"):
            value = res.get(key)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str):
                    out.add(PurePosixPath(v.replace("\\", "/")).as_posix().lstrip("./"))
    return out


def _metaproblem(shown: str, rule: str, message: str) -> Subject:
    return problem(shown, rule, message, kind=SubjectKind.METADATA)


def _claims_package(root: Path, as_kind: SubjectKind | None) -> bool:
    """What read_package_folder claims, decided without reading anything (see shard.py)."""
    has = any((root / n).is_file() for n in DESCRIPTOR_NAMES)
    return has and as_kind in (None, SubjectKind.METADATA, SubjectKind.DATASET)


FOLDER_READERS.insert(0, FolderReader(read_package_folder, claims=_claims_package))
