"""Digests of check implementations, recorded in each release (docs/versioning.md).

A released standard version promises the same verdict for the same input, so its `release.json`
records, beside the digests of its files, a digest of every check version its rules use
(`checks`), and of the SHACL shapes (`shapes`) and pinned vocabularies (`vocabularies`) those
checks read. tests/test_check_versions.py compares them with the current code: a digest that
moved without a new check version, and without a reviewed entry in
`standards/neutral-changes.yaml`, fails the test.

**What a check version's digest covers.** Its registration (the argument or parameter schema,
descriptions left out) and its code: the source of the function, then, transitively, of every
function, class and module-level constant in `ocp_standards` it uses — names followed through the
function's globals (`co_names` of its code and of every code object nested in it), its closure,
defaults, annotations and `__wrapped__`; a class with its bases and methods; a constant by a
stable repr (containers sorted, no memory addresses), following the functions and classes inside
it. Code outside `ocp_standards` (the standard library, jsonschema, polars …) is not followed: the
dependency pins own it. Source is compared without docstrings, comments, blank lines and
trailing spaces, so documentation edits never move a digest. A `Path` constant naming a file in
the package (a `.ttl` shapes file) is a shape; a call of `load_vocabulary("licences")` is a
vocabulary; both are recorded apart, by the digest of their content.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import functools
import hashlib
import inspect
import io
import json
import re
import sys
import textwrap
import tokenize
import types
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from ..checks.builtin import registry
from ..checks.registry import Registry
from ..checks.versions import check_refs
from ..model.standard import StandardVersion
from ..model.vocabulary import VOCABULARY_NAMES, load_vocabulary
from ..sources.loader import register_builtin_readers

PACKAGE = "ocp_standards"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_PACKAGE_ROOT = str(_PACKAGE_DIR)

#: The reviewed list of behaviour-neutral changes, at the top of the standards tree.
NEUTRAL_FILE = "neutral-changes.yaml"

#: The sections of release.json this module writes, in order.
SECTIONS = ("checks", "shapes", "vocabularies")

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Implementation:
    """What one check version's behaviour rests on."""

    digest: str
    shapes: set[str] = field(default_factory=set)
    vocabularies: set[str] = field(default_factory=set)
    parts: list[str] = field(default_factory=list)  # what was followed, for a reader


def _in_package(obj: Any) -> bool:
    module = getattr(obj, "__module__", None)
    return isinstance(module, str) and (module == PACKAGE or module.startswith(PACKAGE + "."))


def normalise_source(src: str) -> str:
    """Source without docstrings, comments, blank lines and trailing spaces, dedented."""
    src = textwrap.dedent(src.replace("\r\n", "\n"))
    lines = src.split("\n")
    dropped: set[int] = set()
    try:
        tree = ast.parse(src)
    except SyntaxError:  # a lambda cut out of its line: keep the text as it is
        tree = None
    for node in ast.walk(tree) if tree is not None else ():
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            end = body[0].end_lineno or body[0].lineno
            dropped.update(range(body[0].lineno, end + 1))
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                lines[row - 1] = lines[row - 1][:col]
    except (tokenize.TokenError, SyntaxError):
        pass
    kept = [line.rstrip() for i, line in enumerate(lines, 1) if i not in dropped]
    return "\n".join(line for line in kept if line.strip())


def _schema_text(schema: Any) -> str:
    """A JSON Schema without its wording (`description`, `title`, `examples`), canonical JSON."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: strip(v)
                for k, v in node.items()
                if not (k in ("description", "title") and isinstance(v, str)) and k != "examples"
            }
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return json.dumps(strip(schema), sort_keys=True, default=str)


class _Walk:
    """Collects the source and constants one check version depends on."""

    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources  # name -> normalised source, shared by the walks of one run
        self.parts: dict[str, str] = {}
        self.shapes: set[str] = set()
        self.vocabularies: set[str] = set()
        self._seen: set[str] = set()

    # -- objects ------------------------------------------------------------------------------
    def follow(self, obj: Any) -> None:
        if isinstance(obj, staticmethod | classmethod):
            obj = obj.__func__
        if isinstance(obj, functools.partial):
            self.follow(obj.func)
            self.repr(obj.args)
            self.repr(obj.keywords)
        elif isinstance(obj, property):
            for fn in (obj.fget, obj.fset, obj.fdel):
                if fn is not None:
                    self.follow(fn)
        elif isinstance(obj, types.FunctionType):
            self._function(obj)
        elif isinstance(obj, types.MethodType):
            self.follow(obj.__func__)
        elif isinstance(obj, type):
            self._class(obj)

    def _source(self, name: str, obj: Any) -> str:
        if name not in self._sources:
            try:
                self._sources[name] = normalise_source(inspect.getsource(obj))
            except (OSError, TypeError):
                self._sources[name] = "<no source>"
        return self._sources[name]

    def _function(self, fn: types.FunctionType) -> None:
        # Methods a dataclass writes (`<string>`, or reprlib's wrapper) are no code of ours.
        if not _in_package(fn) or not fn.__code__.co_filename.startswith(_PACKAGE_ROOT):
            return
        name = f"{fn.__module__}:{fn.__qualname__}"
        if name in self._seen:
            return
        self._seen.add(name)
        self.parts[name] = self._source(name, fn)
        self._code(fn.__code__, fn.__globals__)
        for cell_name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=False):
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            self.parts[f"{name}.<{cell_name}>"] = self.repr(value)
        if fn.__defaults__ or fn.__kwdefaults__:
            self.parts[f"{name}.<defaults>"] = self.repr([fn.__defaults__, fn.__kwdefaults__])
        for note in fn.__annotations__.values():
            for ident in _IDENT.findall(note) if isinstance(note, str) else ():
                if ident in fn.__globals__:
                    self.follow(fn.__globals__[ident])
        wrapped = getattr(fn, "__wrapped__", None)
        if wrapped is not None:
            self.follow(wrapped)

    def _class(self, cls: type) -> None:
        if not _in_package(cls):
            return
        name = f"{cls.__module__}:{cls.__qualname__}"
        if name in self._seen:
            return
        self._seen.add(name)
        self.parts[name] = self._source(name, cls)
        for base in cls.__mro__[1:]:
            self.follow(base)
        module = sys.modules.get(cls.__module__)
        notes = getattr(cls, "__annotations__", {})
        for note in notes.values() if isinstance(notes, dict) else ():
            for ident in _IDENT.findall(note) if isinstance(note, str) else ():
                if module is not None and hasattr(module, ident):
                    self.follow(getattr(module, ident))
        for attr in sorted(vars(cls)):
            value = vars(cls)[attr]
            if isinstance(value, types.FunctionType | staticmethod | classmethod | property):
                self.follow(value)
            elif not attr.startswith("__"):
                self.repr(value)

    def _code(self, code: types.CodeType, globals_: dict[str, Any]) -> None:
        names: set[str] = set()
        stack = [code]
        while stack:
            current = stack.pop()
            names.update(current.co_names)
            if {"load_vocabulary", "vocabulary"} & set(current.co_names):
                self.vocabularies.update(
                    c for c in current.co_consts if isinstance(c, str) and c in VOCABULARY_NAMES
                )
            stack += [c for c in current.co_consts if isinstance(c, types.CodeType)]
        module = str(globals_.get("__name__", "?"))
        for name in sorted(names):
            if name in globals_:
                self._global(module, name, globals_[name], names)

    def _global(self, module: str, name: str, value: Any, names: set[str]) -> None:
        if isinstance(value, types.ModuleType):
            key = f"{module}:{name}->{value.__name__}"
            if key in self._seen or not value.__name__.startswith(PACKAGE):
                return
            self._seen.add(key)
            for attr in sorted(names):  # `paths.compile_path`: attributes the code names
                if hasattr(value, attr):
                    self._global(value.__name__, attr, getattr(value, attr), names)
            return
        if isinstance(value, type | types.FunctionType | types.MethodType | functools.partial):
            self.follow(value)
            return
        if callable(value) and not _in_package(type(value)):
            wrapped = getattr(value, "__wrapped__", None)  # `functools.cache` and the like
            if wrapped is not None:
                self.follow(wrapped)
            return  # a builtin or a third-party callable
        key = f"{module}:{name}"
        if key not in self._seen:
            self._seen.add(key)
            self.parts[key] = self.repr(value)

    # -- constants ----------------------------------------------------------------------------
    def repr(self, value: Any, depth: int = 0) -> str:
        """A repr that is the same on every run and machine; follows code inside the value."""
        if depth > 8:
            return "<deep>"
        if value is None or isinstance(value, bool | int | float | str | bytes):
            return repr(value)
        if isinstance(value, enum.Enum):
            self.follow(type(value))
            return f"{type(value).__qualname__}.{value.name}"
        if isinstance(value, dict | types.MappingProxyType):
            items = sorted(
                (self.repr(k, depth + 1), self.repr(v, depth + 1)) for k, v in value.items()
            )
            return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        if isinstance(value, list | tuple):
            inner = ", ".join(self.repr(v, depth + 1) for v in value)
            return f"[{inner}]" if isinstance(value, list) else f"({inner})"
        if isinstance(value, set | frozenset):
            return "{" + ", ".join(sorted(self.repr(v, depth + 1) for v in value)) + "}"
        if isinstance(value, re.Pattern):
            return f"re.compile({value.pattern!r}, {value.flags})"
        if isinstance(value, PurePath):
            return self._path(Path(value))
        if isinstance(value, types.ModuleType):
            return f"<module {value.__name__}>"
        if isinstance(value, type | types.FunctionType | types.MethodType | functools.partial):
            self.follow(value)
            name = getattr(value, "__qualname__", type(value).__qualname__)
            return f"<{getattr(value, '__module__', '?')}:{name}>"
        kind = type(value)
        if dataclasses.is_dataclass(value):
            self.follow(kind)
            fields = ", ".join(
                f"{f.name}={self.repr(getattr(value, f.name), depth + 1)}"
                for f in dataclasses.fields(value)
            )
            return f"{kind.__qualname__}({fields})"
        self.follow(kind)
        return f"<{kind.__module__}.{kind.__qualname__}>"

    def _path(self, path: Path) -> str:
        try:
            rel = path.resolve().relative_to(_PACKAGE_DIR).as_posix()
        except ValueError:
            return f"<path {path.name}>"
        if path.is_file():
            self.shapes.add(rel)
        return f"<package file {rel}>"


def _digest(parts: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name in sorted(parts):
        h.update(f"{name}\n{parts[name]}\n\0".encode())
    return "sha256:" + h.hexdigest()


def implementations(checks: Registry | None = None) -> dict[str, Implementation]:
    """Every registered check version -> what its behaviour rests on, digested. Kinds are
    named `each@1`, named Python checks `python:has-operation@1` (as in `check_refs`)."""
    checks = checks or registry()
    # Reader modules register detectors when first needed; digest the state a run has, always.
    register_builtin_readers()
    out: dict[str, Implementation] = {}
    sources: dict[str, str] = {}
    entries: list[tuple[str, Any, str]] = [
        (k.ref, k.fn, _schema_text({"properties": k.properties, "required": list(k.required)}))
        for k in checks.kinds.values()
    ]
    entries += [
        ("python:" + p.ref, p.fn, _schema_text(p.args_schema)) for p in checks.python.values()
    ]
    for name, fn, schema in entries:
        walk = _Walk(sources)
        walk.follow(fn)
        walk.parts["<schema>"] = schema
        walk.parts["<shapes>"] = " ".join(sorted(walk.shapes))
        walk.parts["<vocabularies>"] = " ".join(sorted(walk.vocabularies))
        out[name] = Implementation(
            _digest(walk.parts), walk.shapes, walk.vocabularies, sorted(walk.parts)
        )
    return out


def shape_digest(rel: str) -> str:
    data = (_PACKAGE_DIR / rel).read_bytes().replace(b"\r\n", b"\n")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def vocabulary_digest(name: str, folder: Path | str | None = None) -> str:
    """The digest of a vocabulary: a version's pinned copy (its `vocabularies/` folder) when it
    has one, else the shared file `make vocab` writes."""
    pinned = Path(folder) / "vocabularies" if folder else None
    if pinned is not None and (pinned / f"{name}.json").is_file():
        return str(load_vocabulary(name, pinned)["digest"])
    return str(load_vocabulary(name)["digest"])


def used_checks(std: StandardVersion) -> list[str]:
    """The check versions the rules of a version use (nested ones included), sorted."""
    return sorted({ref for rule in std.rules for ref in check_refs(rule.check)})


def release_fields(
    std: StandardVersion, impls: dict[str, Implementation] | None = None
) -> dict[str, dict[str, str]]:
    """The `checks`, `shapes` and `vocabularies` sections of a version's release.json."""
    impls = implementations() if impls is None else impls
    checks: dict[str, str] = {}
    shapes: set[str] = set()
    vocabularies: set[str] = set()
    for ref in used_checks(std):
        impl = impls.get(ref)
        if impl is None:
            raise KeyError(f"{std.ref}: its rules use {ref}, which is not registered")
        checks[ref] = impl.digest
        shapes |= impl.shapes
        vocabularies |= impl.vocabularies
    return {
        "checks": checks,
        "shapes": {rel: shape_digest(rel) for rel in sorted(shapes)},
        "vocabularies": {
            name: vocabulary_digest(name, std.folder) for name in sorted(vocabularies)
        },
    }


def current_digest(
    section: str, name: str, impls: dict[str, Implementation], folder: str | None = None
) -> str | None:
    """The digest of a recorded item as the code and data are now; None when it is gone."""
    if section == "checks":
        impl = impls.get(name)
        return impl.digest if impl is not None else None
    try:
        return shape_digest(name) if section == "shapes" else vocabulary_digest(name, folder)
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# the reviewed list of behaviour-neutral changes, and drift from what a release recorded
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NeutralChange:
    """One reviewed change that moved a digest without changing any verdict."""

    section: str  # checks | shapes | vocabularies
    name: str  # `python:has-operation@1`, `checks/shapes/dcat-core.ttl`, `licences`
    old: str
    new: str
    why: str
    reviewer: str


_ENTRY_KEYS = {"check": "checks", "shape": "shapes", "vocabulary": "vocabularies"}


def load_neutral(path: Path) -> tuple[list[NeutralChange], list[str]]:
    """The entries of a neutral-changes file, and what is wrong with it (empty when fine)."""
    from ruamel.yaml import YAML

    if not path.is_file():
        return [], []
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], [f"{path.name}: needs a `changes:` list"]
    out: list[NeutralChange] = []
    problems: list[str] = []
    for i, entry in enumerate(entries):
        where = f"{path.name} changes[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        named = [k for k in _ENTRY_KEYS if k in entry]
        if len(named) != 1:
            problems.append(f"{where}: name exactly one of check, shape, vocabulary")
            continue
        values = {k: entry.get(k) for k in ("old", "new", "why", "reviewer")}
        missing = [
            k
            for k, v in values.items()
            if not isinstance(v, str) or not v.strip() or v.strip().upper() == "TODO"
        ]
        if missing:
            problems.append(
                f"{where}: {', '.join(missing)} missing (a reviewed reason is required)"
            )
            continue
        out.append(
            NeutralChange(
                _ENTRY_KEYS[named[0]],
                str(entry[named[0]]),
                str(values["old"]),
                str(values["new"]),
                str(values["why"]),
                str(values["reviewer"]),
            )
        )
    return out, problems


def accepted(
    section: str, name: str, recorded: str, now: str, neutral: list[NeutralChange]
) -> bool:
    """Whether reviewed neutral changes lead from the recorded digest to the current one."""
    seen = {recorded}
    current = recorded
    while current != now:
        step = [
            n.new
            for n in neutral
            if n.section == section and n.name == name and n.old == current and n.new not in seen
        ]
        if not step:
            return False
        current = step[0]
        seen.add(current)
    return True


_ENTRY_KEY = {v: k for k, v in _ENTRY_KEYS.items()}


def drift(
    label: str,
    recorded: dict[str, Any],
    impls: dict[str, Implementation],
    neutral: list[NeutralChange],
    neutral_file: str = f"standards/{NEUTRAL_FILE}",
    folder: str | None = None,
) -> list[str]:
    """What moved since a release recorded its implementation digests, each with what to do."""
    problems = []
    for section in SECTIONS:
        items = recorded.get(section)
        if not isinstance(items, dict):
            problems.append(f"{label}: release.json records no `{section}`")
            continue
        for name, old in sorted(items.items()):
            now = current_digest(section, name, impls, folder)
            if now == old or (now is not None and accepted(section, name, old, now, neutral)):
                continue
            if now is None:
                problems.append(
                    f"{label}: {name} is gone, but this released version uses it; restore it "
                    "(a released version keeps every check version, shape and vocabulary it uses)"
                )
                continue
            problems.append(
                f"{label}: {name} changed since the release (recorded {old}, now {now}). "
                + _advice(section, name, old, now, neutral_file)
            )
    return problems


def _advice(section: str, name: str, old: str, now: str, neutral_file: str) -> str:
    entry = (
        f"{{{_ENTRY_KEY[section]}: {name}, old: '{old}', new: '{now}', "
        "why: <why no verdict can change>, reviewer: <who checked>}"
    )
    if section == "checks":
        base = name.removeprefix("python:")
        check, _, version = base.rpartition("@")
        register = (
            f'`@python_check("{check}", …, version={int(version) + 1})`'
            if name.startswith("python:")
            else f'`@REGISTRY.kind("{check}", …, version={int(version) + 1})`'
        )
        return (
            "If the change can change what the check decides, put the old code back for "
            f"@{version} and register the new behaviour beside it as {register}, named "
            f"`{check}@{int(version) + 1}` by new standard versions only. If it cannot (a "
            f"refactor, a message, a speed-up), have it reviewed and list it in {neutral_file}: "
            f"{entry}"
        )
    return (
        "A released version's verdicts rest on this file: restore it and ship the new one "
        "under another name for new versions, or, if no verdict can change, list it in "
        f"{neutral_file}: {entry}"
    )


def moved(root: Path) -> list[tuple[str, str, str, str]]:
    """Every (section, name, from, to) whose digest moved since the releases under `root`
    recorded it and that no reviewed entry explains yet, once each, across all versions."""
    from ..catalog.loader import load_catalog

    catalog = load_catalog(root)
    neutral, _ = load_neutral(root / NEUTRAL_FILE)
    impls = implementations()
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for sid in sorted(catalog.standards):
        for std in catalog.versions(sid):
            path = root / std.id / std.version / "release.json"
            if std.is_draft or not path.is_file():
                continue
            recorded = json.loads(path.read_text(encoding="utf-8"))
            for section in SECTIONS:
                for name, old in sorted((recorded.get(section) or {}).items()):
                    now = current_digest(section, name, impls, std.folder)
                    if now is None or now == old or accepted(section, name, old, now, neutral):
                        continue
                    # Chain from where the reviewed entries already lead, not from the release.
                    start = old
                    for n in neutral:
                        if n.section == section and n.name == name and n.old == start:
                            start = n.new
                    found.setdefault((section, name), (start, now))
    return [(s, n, a, b) for (s, n), (a, b) in sorted(found.items())]


def record_neutral(root: Path, why: str, reviewer: str) -> list[str]:
    """Append one reviewed entry per moved digest to the neutral-changes file (a refactor that
    touched many checks at once, e.g. CheckOutcome gaining a field). Returns the names listed.

    Only for changes that cannot change any verdict, reviewed by someone other than the author:
    anything else needs a new check version."""
    if not why.strip() or not reviewer.strip():
        raise ValueError("a reason and a reviewer are required")
    entries = moved(root)
    if not entries:
        return []
    path = root / NEUTRAL_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else "changes: []\n"
    lines = [
        f"- {_ENTRY_KEY[section]}: {name}\n  old: '{old}'\n  new: '{new}'\n"
        f"  why: {json.dumps(why)}\n  reviewer: {json.dumps(reviewer)}\n"
        for section, name, old, new in entries
    ]
    text = text.replace("changes: []\n", "changes:\n", 1)
    path.write_text(text.rstrip("\n") + "\n" + "".join(lines), encoding="utf-8")
    return [name for _, name, _, _ in entries]


def main(argv: list[str] | None = None) -> int:
    """`python -m ocp_standards.committee.check_versions [--neutral WHY --reviewer WHO]`:
    list the check digests that moved since their release; with --neutral, record them all as
    one reviewed behaviour-neutral change."""
    import argparse

    from ..catalog.paths import standards_dir

    parser = argparse.ArgumentParser(prog="python -m ocp_standards.committee.check_versions")
    parser.add_argument(
        "--neutral", metavar="WHY", help="record every moved digest with this reason"
    )
    parser.add_argument("--reviewer", metavar="WHO", help="who reviewed that no verdict can change")
    args = parser.parse_args(argv)
    root = standards_dir()
    if args.neutral is None:
        entries = moved(root)
        for section, name, old, new in entries:
            print(f"{section}: {name} {old} -> {new}")
        print(f"{len(entries)} moved digest(s)" + (" (none)" if not entries else ""))
        return 1 if entries else 0
    if not args.reviewer:
        parser.error("--neutral needs --reviewer")
    listed = record_neutral(root, args.neutral, args.reviewer)
    print(f"listed {len(listed)} change(s) in {root / NEUTRAL_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
