"""The reader tables every reader module registers into, and the types they share.

The flow inside `sources/` is one way:

    registry  (this module: tables, Candidate, reader types, finding helpers)
      ↑
    reading   (one file → subjects, by the tables: what readers call to load a part)
      ↑
    readers   (openapi, tables, metadata.reader, datapackage, submission: each registers itself)
      ↑
    loader    (walks the command line's paths; imports the reader modules)

so a reader never imports the loader, and the loader is the only module that knows them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.outcome import SubjectKind
from ..settings import limits
from .subject import InputProblem, Subject


@dataclass(frozen=True)
class Candidate:
    path: Path
    display: str
    explicit: bool  # named on the command line (vs. found by walking a folder)
    #: The folder given on the command line that this file was found under (None for a file
    #: named directly). Readers use it as the boundary for following references.
    root: Path | None = None
    #: The URL the file was fetched from (with --online): relative references resolve against it.
    url: str | None = None

    @property
    def boundary(self) -> Path:
        """Folder references may not leave: the walked root, else the working directory when the
        file is inside it, else the file's own folder."""
        if self.root is not None:
            return self.root
        cwd = Path.cwd().resolve()
        try:
            self.path.resolve().relative_to(cwd)
        except ValueError:
            return self.path.resolve().parent
        return cwd


#: Reads one file into zero or more subjects; None means "not mine" (a walked file we skip).
FileReader = Callable[[Candidate, "SubjectKind | None"], "list[Subject] | None"]
#: Reads a whole folder (a data package, a submission), or returns None to let it be walked.
FolderRead = Callable[[Path, str, "SubjectKind | None"], "list[Subject] | None"]
#: Says, without reading the parts, whether a folder reader will take a folder.
FolderClaim = Callable[[Path, "SubjectKind | None"], bool]


@dataclass(frozen=True)
class FolderReader:
    """A reader that may claim a whole folder.

    With `claims`, the loader asks first and only then reads, so a worker that will not load
    the folder need not read it (see shard.py); without, `read` is called and None means "walk
    the folder file by file".
    """

    read: FolderRead
    claims: FolderClaim | None = None


#: Readers by file suffix (documents, tables, RDF, archives).
READERS: dict[str, FileReader] = {}
#: Readers forced by `--as KIND`, tried before the suffix table.
KIND_READERS: dict[SubjectKind, FileReader] = {}
#: Folder readers, tried in order before a folder is walked file by file.
FOLDER_READERS: list[FolderReader] = []
#: Called on a freshly detected subject of a kind (e.g. to join a multi-file API description).
Finisher = Callable[[Subject, Candidate], Subject]
FINISHERS: dict[SubjectKind, Finisher] = {}
#: Turns one detected document into several subjects (a data catalogue's datasets, a data
#: package's resources). Runs after the finisher.
Expander = Callable[[Subject, Candidate], "list[Subject]"]
EXPANDERS: dict[SubjectKind, Expander] = {}


def too_big(size: int, limit: int | None = None, option: str = "--max-file-size") -> str:
    """The finding's text for a file over a size limit: the limit and how to raise it."""
    limit = limits.current().max_file_bytes if limit is None else limit
    return (
        f"file is {size:,} bytes; the limit is {limits.describe(limit)} "
        f"(raise it with {option} or in ocp.toml)"
    )


def problem(
    display: str,
    rule_id: str,
    message: str,
    line: int | None = None,
    col: int | None = None,
    kind: SubjectKind | None = None,
) -> Subject:
    """A subject that could not be loaded: the engine reports `rule_id` on it."""
    return Subject(
        path=display,
        kind=kind or SubjectKind.UNKNOWN,
        problem=InputProblem(rule_id, message, line, col),
    )
