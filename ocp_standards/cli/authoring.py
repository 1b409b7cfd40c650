"""The standards committee's commands, registered on `ocp standards`:
`new-version`, `release` (write to a standards tree) and `diff`, `impact`, `changelog`, `lint`
(read one). Writing commands never touch the installed package data."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog, default_catalog, load_catalog
from ..catalog.paths import standards_dir as bundled_standards_dir
from ..committee import render
from ..committee.bump import Bump
from ..committee.changelog import changelog
from ..committee.diff import diff_versions
from ..committee.errors import AuthoringError
from ..committee.impact import run_impact
from ..committee.lint import lint_tree
from ..committee.newversion import new_version
from ..committee.release import freeze, pick_draft, release_blockers
from ..model.outcome import SubjectKind
from ..model.standard import StandardVersion
from ..settings.clock import AsOfError, resolve_now
from .catalog_cmds import standards_app
from .common import EXIT_GATE_FAILED, ListFormat, out, print_json, usage_error, write_atomic


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class BumpChoice(str, Enum):
    patch = "patch"
    minor = "minor"
    major = "major"


StandardsDirOpt = Annotated[
    Path | None,
    typer.Option("--standards-dir", help="Standards tree to edit (default: ./standards)."),
]
ReadDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--standards-dir", help="Standards tree to read (default: the installed standards)."
    ),
]
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="The date date-rules treat as today (default: SOURCE_DATE_EPOCH)."
    ),
]


def authoring_root(standards_dir: Path | None) -> Path:
    """The standards tree authoring commands write to: never the installed package data."""
    root = standards_dir or Path("standards")
    if not (root.is_dir() and any(root.glob("ocp-*/*/standard.yaml"))):
        where = f"--standards-dir {standards_dir}" if standards_dir else "./standards"
        usage_error(
            f"{where} is not a standards tree (no ocp-*/VERSION/standard.yaml inside)",
            "run from a checkout of the standards, or pass --standards-dir",
        )
    return root


def _load(root: Path | None, purpose: str = "") -> Catalog:
    try:
        return load_catalog(root) if root is not None else default_catalog()
    except CatalogError as exc:
        usage_error(
            f"the standards tree is invalid{purpose}:\n  " + "\n  ".join(exc.problems),
            "`ocp standards lint` lists every problem",
        )


def _read_root(standards_dir: Path | None) -> Path | None:
    if standards_dir is not None and not standards_dir.is_dir():
        usage_error(f"--standards-dir {standards_dir}: folder not found")
    return standards_dir


def _now(as_of: str | None) -> dt.datetime:
    try:
        return resolve_now(as_of)
    except AsOfError as exc:
        usage_error(str(exc))


def _split(ref: str) -> tuple[str, str | None]:
    sid, _, version = ref.partition("@")
    return sid.strip(), (version.strip() or None)


def _version(cat: Catalog, ref: str) -> StandardVersion:
    sid, version = _split(ref)
    if version is None:
        usage_error(f"{ref!r}: give a version, as STANDARD@VERSION")
    try:
        return cat.get(sid, version)
    except CatalogError as exc:
        usage_error(str(exc))


def _pair(cat: Catalog, old_ref: str, new_ref: str) -> tuple[StandardVersion, StandardVersion]:
    # `ocp standards diff ID@A @B` and `... ID@A B` name the second version of the same standard.
    sid, _ = _split(old_ref)
    if "@" not in new_ref or new_ref.startswith("@"):
        new_ref = f"{sid}@{new_ref.lstrip('@')}"
    old, new = _version(cat, old_ref), _version(cat, new_ref)
    if old.id != new.id:
        usage_error(f"compare two versions of one standard, not {old.id} with {new.id}")
    if tuple(map(int, old.version.split("."))) >= tuple(map(int, new.version.split("."))):
        usage_error(f"{old.ref} must be older than {new.ref}")
    return old, new


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        out.print(text, markup=False, end="", soft_wrap=True)
    else:
        write_atomic(output, text)
        out.print(f"wrote {output}", markup=False, soft_wrap=True)


# new-version / release --------------------------------------------------------------------------


@standards_app.command("new-version")
def standards_new_version(
    standard: Annotated[str, typer.Argument(help="Standard id, e.g. ocp-governance.")],
    bump: Annotated[BumpChoice, typer.Option("--bump", help="Which part of the version to raise.")],
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Start a draft of the next version from the latest release (files copied as they are)."""
    root = authoring_root(standards_dir)
    cat = _load(root, "; fix it before starting a version")
    try:
        target = new_version(root, cat, standard, Bump[bump.value.upper()])
    except AuthoringError as exc:
        usage_error(str(exc))
    out.print(
        f"created {target} (draft, previous {cat.versions(standard)[-1].version}); edit its "
        f"rules, check them with `ocp standards diff` and `ocp standards lint`, then "
        f"`ocp standards release {standard}`",
        markup=False,
        soft_wrap=True,
    )


@standards_app.command("release")
def standards_release(
    ref: Annotated[
        str,
        typer.Argument(help="STANDARD or STANDARD@VERSION (default: the newest draft) to release."),
    ],
    standards_dir: StandardsDirOpt = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Release date (default: SOURCE_DATE_EPOCH, else today)."),
    ] = None,
) -> None:
    """Freeze a draft version: mark it released and record the digest of every file.

    Refused (exit 1) when lint finds an error in it: a misbehaving example, a dropped or reused
    id, or a version number smaller than its changes require."""
    root = authoring_root(standards_dir)
    cat = _load(root, "; fix it before releasing")
    sid, version = _split(ref)
    try:
        std = pick_draft(cat, sid, version)
    except AuthoringError as exc:
        usage_error(str(exc))
    now = _now(date)
    blockers = release_blockers(cat, std, now)
    if blockers:
        out.print(f"not releasing {std.ref}:", markup=False, soft_wrap=True)
        for problem in blockers:
            out.print("  " + problem.line(), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_GATE_FAILED)
    try:
        digest = freeze(root, std, now.date())
    except AuthoringError as exc:
        usage_error(str(exc))
    out.print(
        f"released {std.ref} on {now.date().isoformat()}: {digest}", markup=False, soft_wrap=True
    )


# diff / changelog / impact / lint ---------------------------------------------------------------


@standards_app.command("diff")
def standards_diff(
    old: Annotated[str, typer.Argument(help="The older version, STANDARD@VERSION.")],
    new: Annotated[str, typer.Argument(help="The newer version, STANDARD@VERSION (or VERSION).")],
    standards_dir: ReadDirOpt = None,
    fmt: FormatOpt = ReportFormat.text,
) -> None:
    """Added, removed, retired and changed rules and scoring, each classified patch, minor or
    major (breaking). Exits 1 when the version number is smaller than the changes require."""
    cat = _load(_read_root(standards_dir))
    a, b = _pair(cat, old, new)
    diff = diff_versions(a, b)
    if fmt is ReportFormat.json:
        print_json(diff.to_dict())
    elif fmt is ReportFormat.markdown:
        _emit(render.diff_markdown(diff), None)
    else:
        _emit(render.diff_text(diff), None)
    if not diff.ok:
        raise typer.Exit(EXIT_GATE_FAILED)


@standards_app.command("changelog")
def standards_changelog(
    standard: Annotated[str, typer.Argument(help="Standard id, e.g. ocp-governance.")],
    standards_dir: ReadDirOpt = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """The changelog of a standard, from the diffs between its consecutive versions."""
    cat = _load(_read_root(standards_dir))
    sid, _ = _split(standard)
    try:
        cat.get(sid)
    except CatalogError as exc:
        usage_error(str(exc))
    entries = changelog(cat, sid)
    if fmt is ReportFormat.json:
        print_json([e.to_dict() for e in entries])
    elif fmt is ReportFormat.text:
        _emit(render.changelog_text(sid, entries), output)
    else:
        _emit(render.changelog_markdown(sid, entries), output)


@standards_app.command("impact", no_args_is_help=True)
def standards_impact(
    old: Annotated[str, typer.Argument(help="The version in use, STANDARD@VERSION.")],
    new: Annotated[str, typer.Argument(help="The candidate version, STANDARD@VERSION.")],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to check (a corpus).")],
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="Profile whose other settings both runs use.")
    ] = "default",
    as_kind: Annotated[
        str | None, typer.Option("--as", help="Force the kind of every input.")
    ] = None,
    as_of: AsOfOpt = None,
    standards_dir: ReadDirOpt = None,
    fmt: FormatOpt = ReportFormat.text,
) -> None:
    """Check a corpus under both versions and report which subjects change outcome, score or
    level: newly failing, newly passing. Informational: exits 0."""
    from ..sources.loader import load_paths

    cat = _load(_read_root(standards_dir))
    a, b = _pair(cat, old, new)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        usage_error(f"path not found: {', '.join(missing)}")
    kinds = {k.value for k in SubjectKind} - {"unknown"}
    if as_kind is not None and as_kind not in kinds:
        usage_error(f"--as {as_kind!r}: use one of {', '.join(sorted(kinds))}")
    now = _now(as_of)
    try:
        prof = cat.profile(profile)
        subjects = load_paths(paths, SubjectKind(as_kind) if as_kind else None)
        impact = run_impact(cat, prof, a.id, a.version, b.version, subjects, now)
    except CatalogError as exc:
        usage_error("\n  ".join(exc.problems))
    if fmt is ReportFormat.json:
        print_json(impact.to_dict())
    elif fmt is ReportFormat.markdown:
        _emit(render.impact_markdown(impact), None)
    else:
        _emit(render.impact_text(impact), None)


@standards_app.command("lint")
def standards_lint(
    path: Annotated[
        Path | None,
        typer.Argument(help="Standards tree to lint (default: the installed standards)."),
    ] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.text
    ),
) -> None:
    """Check a standards tree: meta-schemas, permanent ids, sources, examples (run), references,
    digests and version numbers. Exits 1 when it finds an error."""
    root = path if path is not None else bundled_standards_dir()
    if not root.is_dir():
        usage_error(f"{root}: folder not found")
    if not any(root.glob("ocp-*/*/standard.yaml")):
        usage_error(f"{root} is not a standards tree (no ocp-*/VERSION/standard.yaml inside)")
    result = lint_tree(root, _now(as_of))
    if fmt is ListFormat.json:
        print_json(result.to_dict())
    else:
        for problem in [*result.notes, *result.problems]:
            out.print(problem.line(), markup=False, soft_wrap=True)
        notes = len(result.notes)
        out.print(
            f"{root}: {result.versions} version(s), {result.rules} rule file(s): "
            f"{len(result.errors)} error(s), {len(result.warnings)} warning(s), {notes} note(s)",
            markup=False,
            soft_wrap=True,
        )
    if result.errors:
        raise typer.Exit(EXIT_GATE_FAILED)
