"""Content digests that freeze a released standard version.

Each file is hashed with line endings normalised (a Windows checkout must not "change" a standard);
the version digest hashes the sorted list of file digests. release.json may also record the
digests of the check implementations the version uses (`checks`, `shapes`, `vocabularies`);
loading ignores them, a test compares them with the code (docs/versioning.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

RELEASE_FILE = "release.json"


def version_files(version_dir: Path) -> list[Path]:
    files = [version_dir / "standard.yaml"]
    files += sorted((version_dir / "rules").glob("*.yaml"))
    # Vocabularies a version pins are part of it: a released version freezes its copies.
    files += sorted((version_dir / "vocabularies").glob("*.json"))
    return [f for f in files if f.is_file()]


def file_digest(path: Path) -> str:
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def compute(version_dir: Path) -> dict[str, str]:
    return {
        f.relative_to(version_dir).as_posix(): file_digest(f) for f in version_files(version_dir)
    }


def combine(files: dict[str, str]) -> str:
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items()))
    return "sha256:" + hashlib.sha256(lines.encode()).hexdigest()


def verify(version_dir: Path, label: str) -> tuple[str, list[str]]:
    """Compare a released version with its release.json. Returns (digest, problems)."""
    release_path = version_dir / RELEASE_FILE
    try:
        recorded = json.loads(release_path.read_text(encoding="utf-8"))
        recorded_files: dict[str, str] = dict(recorded["files"])
        recorded_digest = str(recorded["digest"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return "", [f"{label}/{RELEASE_FILE}: a released version needs a valid digest file ({exc})"]
    actual = compute(version_dir)
    problems = []
    for name in sorted(set(recorded_files) | set(actual)):
        if name not in actual:
            problems.append(f"{label}/{name}: released file is missing")
        elif name not in recorded_files:
            problems.append(f"{label}/{name}: file was added after release")
        elif recorded_files[name] != actual[name]:
            problems.append(
                f"{label}/{name}: changed after release (sha256 {actual[name][:12]}… "
                f"!= recorded {recorded_files[name][:12]}…); released versions are immutable, "
                "make a new version instead"
            )
    if not problems and combine(actual) != recorded_digest:
        problems.append(f"{label}/{RELEASE_FILE}: recorded digest does not match its file list")
    return recorded_digest, problems


def write_release(
    version_dir: Path, implementation: dict[str, dict[str, str]] | None = None
) -> str:
    """Write release.json: the digest of every file and of the version, then (when given) the
    digests of the check versions, shapes and vocabularies its rules use
    (committee/check_versions.py), which tests/test_check_versions.py holds the code to."""
    files = compute(version_dir)
    digest = combine(files)
    payload: dict[str, object] = {"digest": digest, "files": files, **(implementation or {})}
    (version_dir / RELEASE_FILE).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return digest
