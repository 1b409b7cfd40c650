"""A vendor's submission: a folder (or `.zip`) with one manifest at its root plus the API specs,
sample exports and evidence the manifest refers to.

The reader returns one `submission` subject, whose checks cross-examine the manifest's claims
against the files, followed by every part as a subject of its own (paths inside the submission).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..model.outcome import SubjectKind
from .archive import ArchiveError, safe_extract
from .detect import detect
from .document import DocumentError, parse_text
from .reading import load_file
from .registry import FOLDER_READERS, READERS, Candidate, FolderReader, problem
from .subject import Subject

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
#: Files hashed for the evidence register; larger ones are named but not hashed.
MAX_HASH_BYTES = 256 * 1024 * 1024
HEAD_BYTES = 64 * 1024


def _head(path: Path) -> str | None:
    with open(path, "rb") as handle:
        raw = handle.read(HEAD_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the edge is fine; anything earlier is not UTF-8.
        return raw[: exc.start].decode("utf-8-sig") if exc.start > HEAD_BYTES - 4 else None


@dataclass
class Part:
    path: str  # POSIX path relative to the submission root
    sha256: str
    size: int
    subject: Subject | None = None
    #: The first bytes as text (None when not UTF-8), for format sniffing of sample exports.
    head: str | None = None

    @property
    def kind(self) -> str | None:
        return self.subject.kind.value if self.subject is not None else None

    @property
    def data(self) -> Any:
        return self.subject.data if self.subject is not None else None


@dataclass
class SubmissionView:
    """What the cross-check rules see: the manifest and every file, by relative path."""

    manifest: dict[str, Any]
    manifest_path: str
    parts: dict[str, Part] = field(default_factory=dict)
    manifests_found: list[str] = field(default_factory=list)

    def part(self, reference: str) -> Part | None:
        """The file a manifest reference names (relative, inside the submission), if any."""
        if "://" in reference:
            return None
        pure = PurePosixPath(reference.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts:
            return None
        return self.parts.get(str(PurePosixPath(*[p for p in pure.parts if p != "."])))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _root_manifests(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    found: list[tuple[Path, dict[str, Any]]] = []
    for entry in sorted(root.iterdir()):
        if (
            not entry.is_symlink()
            and entry.is_file()
            and entry.suffix.lower() in MANIFEST_SUFFIXES
            and entry.stat().st_size < 8 * 1024 * 1024
        ):
            try:
                text = entry.read_text(encoding="utf-8-sig")
                data = parse_text(text, entry.name, json_data=entry.suffix == ".json").data
            except (OSError, UnicodeDecodeError, DocumentError):
                if "ocp_manifest" in entry.read_bytes()[:4096].decode("utf-8", "replace"):
                    found.append((entry, {}))  # a broken manifest is still the manifest
                continue
            if detect(data) is SubjectKind.MANIFEST:
                found.append((entry, data))
    return found


def read_submission(
    root: Path, display: str, as_kind: SubjectKind | None, *, claim_always: bool = False
) -> list[Subject] | None:
    if as_kind not in (None, SubjectKind.SUBMISSION) and not claim_always:
        return None
    manifests = _root_manifests(root)
    if len(manifests) != 1 and as_kind is not SubjectKind.SUBMISSION and not claim_always:
        # No manifest, or several (a folder of competing bids): an ordinary folder, walk it.
        return None
    parts: dict[str, Part] = {}
    subjects: list[Subject] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                # Never follow links in a vendor's files: say so instead.
                rel = path.relative_to(root).as_posix()
                subjects.append(
                    problem(
                        f"{display.rstrip('/')}/{rel}",
                        "OCP-INPUT-001",
                        "a symbolic link inside a submission; not followed",
                    )
                )
                continue
            rel = path.relative_to(root).as_posix()
            size = path.stat().st_size
            digest = _sha256(path) if size <= MAX_HASH_BYTES else ""
            shown = f"{display.rstrip('/')}/{rel}"
            loaded = load_file(Candidate(path, shown, explicit=False, root=root))
            part = Part(rel, digest, size, loaded[0] if loaded else None, _head(path))
            parts[rel] = part
            subjects += loaded
    manifest_path, manifest = (
        (manifests[0][0].relative_to(root).as_posix(), manifests[0][1]) if manifests else ("", {})
    )
    view = SubmissionView(
        manifest=manifest,
        manifest_path=manifest_path,
        parts=parts,
        manifests_found=[m.relative_to(root).as_posix() for m, _ in manifests],
    )
    vendor = manifest.get("vendor")
    vendor_name = vendor.get("name") if isinstance(vendor, dict) else None
    submission = Subject(
        path=display,
        kind=SubjectKind.SUBMISSION,
        title=vendor_name if isinstance(vendor_name, str) else None,
        payload=view,
    )
    submission.document = None
    submission.metadata["submission"] = {
        "manifest": manifest_path or None,
        "files": [
            {"path": p.path, "kind": p.kind, "sha256": p.sha256, "bytes": p.size}
            for p in parts.values()
        ],
    }
    for s in subjects:
        s.metadata["part_of"] = display
    # The submission's own data is its manifest, so declarative rules can read claims directly.
    from .document import Document

    submission.document = Document(
        data={"manifest": manifest, "files": sorted(parts)}, path=display
    )
    return [submission, *subjects]


#: Set while an archive is being read: an archive inside it is hashed but never unpacked (a zip
#: that contains itself, or nested bombs, would otherwise unpack without end).
_IN_ARCHIVE: ContextVar[bool] = ContextVar("ocp_in_archive", default=False)


def read_zip(candidate: Candidate, as_kind: SubjectKind | None) -> list[Subject] | None:
    display = candidate.display
    if _IN_ARCHIVE.get():
        return None  # listed and hashed in the submission's file register, like any other file
    token = _IN_ARCHIVE.set(True)
    try:
        return _read_zip(candidate, display, as_kind)
    finally:
        _IN_ARCHIVE.reset(token)


def _read_zip(
    candidate: Candidate, display: str, as_kind: SubjectKind | None
) -> list[Subject] | None:
    with tempfile.TemporaryDirectory(prefix="ocp-submission-") as tmp:
        try:
            safe_extract(candidate.path, Path(tmp))
        except ArchiveError as exc:
            return [
                problem(
                    display,
                    "OCP-INPUT-002",
                    f"unsafe or unreadable archive: {exc}",
                    kind=SubjectKind.SUBMISSION,
                )
            ]
        claimed = read_submission(Path(tmp), display + "!", as_kind, claim_always=True)
        # Everything was read while the folder existed; no subject keeps a path into it.
        return claimed


def _claims_submission(root: Path, as_kind: SubjectKind | None) -> bool:
    """What read_submission claims, decided without reading the parts (see shard.py)."""
    if as_kind is SubjectKind.SUBMISSION:
        return True
    return as_kind is None and len(_root_manifests(root)) == 1


FOLDER_READERS.append(FolderReader(read_submission, claims=_claims_submission))
READERS[".zip"] = read_zip
