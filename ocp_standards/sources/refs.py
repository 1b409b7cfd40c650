"""Join an API description split over several files by relative `$ref`s, safely and offline.

External references are inlined, so rules see one document; internal references of the root file
(`#/components/...`) stay as they are. Every inlined node remembers the file and line it came from,
so a finding inside `models/trip.yaml` points at that file. Remote URLs, files outside the allowed
folder, missing targets and cycles are not followed: each becomes a recorded problem instead.
"""

from __future__ import annotations

import hashlib
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.pointer import escape, unescape
from ..settings import limits
from ..settings.network import policy
from .document import Document, DocumentError, parse_text


def _max_depth() -> int:
    """How deep a reference chain may go (the run's `max_ref_depth`)."""
    return limits.current().max_ref_depth


def _max_nodes() -> int:
    """How many nodes a joined description may hold (the run's `max_nodes`)."""
    return limits.current().max_nodes


Position = tuple[str, "int | None", "int | None"]  # display path, line, column


@dataclass
class RefProblem:
    pointer: str  # where in the bundle the bad $ref sits
    message: str


@dataclass
class Bundle:
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)
    problems: list[RefProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def locate(self, pointer: str) -> dict[str, Any]:
        probe = pointer
        while True:
            if probe in self.positions:
                path, line, col = self.positions[probe]
                return {"path": path, "line": line, "column": col, "pointer": pointer}
            if not probe:
                return {"pointer": pointer}
            probe = probe.rsplit("/", 1)[0]


class _TooBig(Exception):
    pass


def resolve_pointer(data: Any, fragment: str) -> Any:
    """Follow an RFC 6901 fragment (`/a/b/0`); raises KeyError when it does not exist."""
    node = data
    if not fragment:
        return node
    for raw in fragment.lstrip("/").split("/"):
        token = unescape(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(fragment)
    return node


def bundle(
    root: Document,
    root_file: Path,
    boundary: Path,
    load: Callable[[Path], Document],
    display: Callable[[Path], str],
    base_url: str | None = None,
) -> Bundle:
    """Inline the external `$ref`s of `root`, reading files only inside `boundary`."""
    out = Bundle(data=None, files=[display(root_file)])
    docs: dict[Path, Document] = {root_file.resolve(): root}
    budget = [_max_nodes()]
    boundary = boundary.resolve()

    #: Remote documents (fetched only with --online) under a pseudo path, and their URLs.
    remote_urls: dict[Path, str] = {}
    remote_docs: dict[str, Document] = {}
    if base_url:  # a description fetched from a URL: its relative references are URLs too
        remote_urls[root_file] = base_url

    def load_remote(url: str, where: str) -> tuple[Path, Document] | None:
        from . import net
        from .document import DocumentError as _DocError

        key = Path("/<remote>") / hashlib.sha256(url.encode()).hexdigest()
        remote_urls[key] = url
        if url in remote_docs:
            return key, remote_docs[url]
        try:
            body = net.fetch(url)
            text = body.decode("utf-8-sig")
            doc = parse_text(text, net.redact(url), json_data=text.lstrip()[:1] in ("{", "["))
        except net.NetworkError as exc:
            out.problems.append(RefProblem(where, f"$ref not followed: {exc}"))
            return None
        except UnicodeDecodeError:
            out.problems.append(RefProblem(where, f"$ref {net.redact(url)}: not UTF-8 text"))
            return None
        except _DocError as exc:
            out.problems.append(RefProblem(where, f"$ref {net.redact(url)}: {exc.message}"))
            return None
        remote_docs[url] = doc
        out.files.append(net.redact(url))
        return key, doc

    def position(doc: Document, file_ptr: str, file: Path) -> Position:
        line, col = doc.locate(file_ptr)
        if file in remote_urls:
            from .net import redact

            return (redact(remote_urls[file]), line, col)
        return (display(file), line, col)

    def load_target(path: Path, where: str, ref: str) -> Document | None:
        key = path.resolve()
        if key in docs:
            return docs[key]
        try:
            key.relative_to(boundary)
        except ValueError:
            # Only the folder the user named (or a submission) is trusted; say how to widen it.
            out.problems.append(
                RefProblem(
                    where,
                    f"$ref {ref} leads outside the checked folder {boundary.name or boundary}/ "
                    f"(to {os.path.normpath(display(path))}); refused. To allow it, check the "
                    "folder that holds every file of the description",
                )
            )
            return None
        if not key.is_file():
            out.problems.append(RefProblem(where, f"$ref target {display(path)} does not exist"))
            return None
        try:
            docs[key] = load(key)
        except DocumentError as exc:
            where_line = f" (line {exc.line})" if exc.line else ""
            out.problems.append(
                RefProblem(where, f"$ref target {display(path)}{where_line}: {exc.message}")
            )
            return None
        out.files.append(display(path))
        return docs[key]

    def expand(
        node: Any,
        doc: Document,
        file: Path,
        file_ptr: str,
        ptr: str,
        stack: tuple[tuple[Path, str], ...],
        is_root: bool,
    ) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooBig
        out.positions.setdefault(ptr, position(doc, file_ptr, file))
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not (is_root and ref.startswith("#")):
                return follow(node, ref, doc, file, file_ptr, ptr, stack, is_root)
            return {
                k: expand(
                    v,
                    doc,
                    file,
                    f"{file_ptr}/{escape(k)}",
                    f"{ptr}/{escape(k)}",
                    stack,
                    is_root,
                )
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [
                expand(v, doc, file, f"{file_ptr}/{i}", f"{ptr}/{i}", stack, is_root)
                for i, v in enumerate(node)
            ]
        return node

    def follow(
        node: dict[str, Any],
        ref: str,
        doc: Document,
        file: Path,
        file_ptr: str,
        ptr: str,
        stack: tuple[tuple[Path, str], ...],
        is_root: bool,
    ) -> Any:
        base_url = remote_urls.get(file)
        if "://" in ref or ref.startswith("//") or (base_url and not ref.startswith("#")):
            from . import net

            full = urllib.parse.urljoin(base_url or "", ref)
            if not policy().online:
                out.problems.append(
                    RefProblem(
                        ptr,
                        f"$ref to a remote URL ({net.redact(full)}) is not followed offline "
                        "(needs --online)",
                    )
                )
                return node
            url, _, fragment = full.partition("#")
            loaded = load_remote(url, ptr)
            if loaded is None:
                return node
            target_file, target = loaded
        else:
            target_part, _, fragment = ref.partition("#")
            target_file = (file.parent / target_part) if target_part else file
            found = load_target(target_file, ptr, ref) if target_part else doc
            if found is None:
                return node
            target = found
        key = (target_file.resolve(), fragment)
        if key in stack:
            out.problems.append(RefProblem(ptr, f"circular $ref {ref}; not expanded"))
            return node
        if len(stack) >= _max_depth():
            out.problems.append(
                RefProblem(ptr, f"$ref chain deeper than {_max_depth()}; not expanded")
            )
            return node
        try:
            value = resolve_pointer(target.data, fragment)
        except KeyError:
            out.problems.append(RefProblem(ptr, f"$ref {ref}: no such location in the target"))
            return node
        expanded = expand(value, target, target_file, fragment, ptr, (*stack, key), False)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if siblings and isinstance(expanded, dict):
            # OpenAPI 3.1 allows keywords beside $ref (e.g. a description): they win.
            merged = dict(expanded)
            for k, v in siblings.items():
                token = escape(k)
                merged[k] = expand(
                    v, doc, file, f"{file_ptr}/{token}", f"{ptr}/{token}", stack, is_root
                )
            return merged
        return expanded

    try:
        out.data = expand(root.data, root, root_file, "", "", (), True)
    except _TooBig:
        out.data = root.data
        out.problems.append(
            RefProblem(
                "",
                f"the joined document exceeds {_max_nodes():,} nodes; references were not expanded",
            )
        )
    except RecursionError:
        out.data = root.data
        out.problems.append(RefProblem("", "references nest too deeply; not expanded"))
    return out
