"""Cross-checks of a submission: do the manifest's claims hold against the files it ships?

Each check reads a SubmissionView: from the real folder (the subject's payload), or, for the
rules' golden examples, from a virtual submission `{manifest: {...}, files: {path: content}}`.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from ..model.outcome import SubjectKind
from ..sources.detect import detect
from ..sources.document import Document
from ..sources.loader import register_builtin_readers
from ..sources.subject import Subject
from ..sources.submission import Part, SubmissionView
from .base import CheckContext, CheckFinding, CheckOutcome
from .registry import python_check

_NO_ARGS: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}


def view_of(ctx: CheckContext) -> SubmissionView | None:
    subject = ctx.subject
    if subject is not None and subject.kind is SubjectKind.SUBMISSION:
        return subject.payload_as(SubjectKind.SUBMISSION, SubmissionView)
    root = ctx.root
    if not isinstance(root, dict) or not isinstance(root.get("files"), dict):
        return None
    register_builtin_readers()  # detectors for the parts' kinds
    manifest_raw = root.get("manifest")
    manifest: dict[str, Any] = manifest_raw if isinstance(manifest_raw, dict) else {}
    parts = {}
    for path, content in root["files"].items():
        raw = content if isinstance(content, str) else json.dumps(content, sort_keys=True)
        kind = detect(content) if not isinstance(content, str) else None
        subject = Subject(path=path, kind=kind, document=Document(content, path)) if kind else None
        if subject is None and isinstance(content, str):
            subject = _table_part(str(path), content)
        digest = hashlib.sha256(raw.encode()).hexdigest()
        parts[path] = Part(str(path), digest, len(raw), subject, raw)
    return SubmissionView(
        manifest=manifest,
        manifest_path="ocp-manifest.yaml",
        parts=parts,
        manifests_found=["ocp-manifest.yaml"] if manifest else [],
    )


def _table_part(path: str, text: str) -> Subject | None:
    """A text file of a rule example read as a dataset, when the table reader is installed."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in (".csv", ".tsv"):
        return None
    try:
        tables = importlib.import_module("ocp_standards.sources.tables")
        table = tables.parse_csv(text, suffix)
    except Exception:  # no table reader, or not a table: the part stays unrecognised
        return None
    subject: Subject = tables.table_subject(path, table)
    return subject


def _interfaces(view: SubmissionView) -> list[tuple[int, dict[str, Any]]]:
    raw = view.manifest.get("interfaces")
    return (
        [(i, x) for i, x in enumerate(raw) if isinstance(x, dict)] if isinstance(raw, list) else []
    )


def _declared_api_specs(
    view: SubmissionView,
) -> Iterator[tuple[int, dict[str, Any], str, Part]]:
    """(index, interface, spec reference, part) for each declared spec that is an API here."""
    for i, iface in _interfaces(view):
        ref = iface.get("spec")
        part = view.part(ref) if isinstance(ref, str) else None
        if isinstance(ref, str) and part is not None and part.kind == SubjectKind.API.value:
            yield i, iface, ref, part


@python_check(
    "submission-has-manifest", "Exactly one manifest sits at the submission's root.", _NO_ARGS
)
def has_manifest(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The submission (a folder, an archive, or a rule example `{manifest, files}`) has exactly one
        procurement manifest, a file with `ocp_manifest: "1.0"`, at its root, and that manifest
        could be parsed. Whether every other file is referenced from the manifest is not checked
        here.
    Why:
        The manifest is what the bid claims; with none, or two that may disagree, there is nothing
        definite to judge the evidence against.
    Passes:
        A folder with one `ocp-manifest.yaml` at its root and the files it cites.
    Fails:
        No manifest at the root ("no procurement manifest ... at the root"), or two ("2 manifests at
        the root (...); a submission holds one").
    Cannot tell:
        The one manifest at the root cannot be parsed.
    """
    view = view_of(ctx)
    if view is None or not view.manifests_found:
        return CheckOutcome.failed(
            CheckFinding(
                'no procurement manifest (a file with `ocp_manifest: "1.0"`) at the root', ""
            )
        )
    if len(view.manifests_found) > 1:
        return CheckOutcome.failed(
            CheckFinding(
                f"{len(view.manifests_found)} manifests at the root "
                f"({', '.join(view.manifests_found)}); a submission holds one",
                "",
            )
        )
    if not view.manifest:
        return CheckOutcome.cant_tell(f"the manifest {view.manifest_path} could not be parsed")
    return CheckOutcome.passed()


@python_check(
    "declared-specs-exist",
    "Every interface specification the manifest declares is in the submission and is "
    "an API description.",
    _NO_ARGS,
)
def declared_specs_exist(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every `interfaces[].spec` of the manifest that is a local path names a file of the
        submission, and that file was recognised as an OpenAPI or Swagger description.
    Why:
        A bid that names an API description it does not ship, or ships something else under that
        name, asks the city to take the interface on trust.
    Passes:
        `interfaces: [{name: 311, spec: api/openapi.yaml}]` with api/openapi.yaml in the submission.
    Fails:
        The file is missing ("... declares spec api/openapi.yaml, which is not in the submission"),
        or it is not an API description.
    Does not apply:
        The manifest declares no interface specification.
    Cannot tell:
        There is no readable manifest, or a spec is given only as a URL (the files submitted are
        judged; check a URL on its own with `ocp check URL --online`).
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    declared = [(i, x) for i, x in _interfaces(view) if isinstance(x.get("spec"), str)]
    if not declared:
        return CheckOutcome.inapplicable("the manifest declares no interface specification")
    findings, remote = [], []
    for i, iface in declared:
        ref = iface["spec"]
        ptr = f"/manifest/interfaces/{i}/spec"
        if "://" in ref:
            remote.append(ref)
            continue
        part = view.part(ref)
        if part is None:
            findings.append(
                CheckFinding(
                    f"interface {iface.get('name', i)!r} declares spec {ref}, which is not in the "
                    "submission",
                    ptr,
                )
            )
        elif part.kind != SubjectKind.API.value:
            findings.append(
                CheckFinding(
                    f"{ref} is declared as the spec of {iface.get('name', i)!r} but is not an "
                    "OpenAPI or Swagger description",
                    ptr,
                )
            )
    if findings:
        return CheckOutcome.failed(*findings)
    if remote:
        return CheckOutcome.cant_tell(
            f"spec URL(s) {', '.join(remote)} are not in the submission; cross-checks judge the "
            "files submitted (check a URL on its own with `ocp check URL --online`)"
        )
    return CheckOutcome.passed()


_NO_RUN = "judging a part with other rules needs the run: run the check through the engine"


def _must_failures(
    part: Part, ctx: CheckContext, kind: str = "api", standard: str = "ocp-exchange"
) -> list[str] | None:
    """Ids of the MUST rules the part fails (None when it cannot be evaluated): the run's own
    (its profile decides) or, for a golden example run without a profile, those of the latest
    `standard` in the catalogue (the run decides which; see RunView)."""
    if part.subject is None or not part.subject.loaded:
        return None
    assert ctx.run is not None
    return ctx.run.must_failures(part.subject, part.data, kind, standard)


@python_check(
    "declared-specs-pass",
    "Every declared interface specification passes the exchange MUST rules.",
    _NO_ARGS,
)
def declared_specs_pass(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Each declared interface specification that is an API description in the submission is judged
        with the MUST rules for APIs: those of the run's profile, or, for a rule example run without
        one, those of the latest ocp-exchange. A spec that fails any of them is a finding listing
        the rule ids.
    Why:
        A bid should not win on a promise of an interface that fails the city's own API
        requirements; this carries those requirements into the bid's verdict.
    Passes:
        Every declared spec passes every MUST rule for APIs.
    Fails:
        "api/openapi.yaml (declared for '311') fails exchange MUST rule(s) EXC-API-023,
        EXC-VAL-001".
    Does not apply:
        No declared specification is in the submission as an API description.
    Cannot tell:
        There is no readable manifest.
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    if ctx.run is None:
        return CheckOutcome.cant_tell(_NO_RUN)
    findings, checked = [], 0
    for i, iface, ref, part in _declared_api_specs(view):
        checked += 1
        failed = _must_failures(part, ctx)
        if failed:
            findings.append(
                CheckFinding(
                    f"{ref} (declared for {iface.get('name', i)!r}) fails exchange MUST rule(s) "
                    f"{', '.join(failed)}",
                    f"/manifest/interfaces/{i}/spec",
                )
            )
    if not checked:
        return CheckOutcome.inapplicable("no declared specification is in the submission")
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


_OPENAPI_CLAIM = re.compile(r"(open\s*api|swagger)", re.I)


@python_check(
    "declared-standards-match-specs",
    "What the manifest says an interface implements matches its specification.",
    _NO_ARGS,
)
def declared_standards_match(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        For each interface whose spec is an API description of the submission and whose `standard`
        is given (and is not `custom`): when the standard names OpenAPI or Swagger, the spec's
        `openapi`/`swagger` version must start with the claimed `version` (a leading v ignored). For
        any other standard, the spec's `info.x-conforms-to` must contain one of the words (longer
        than two letters) of the standard's name, and the claimed major version number must appear
        in `x-conforms-to` or `info.version`.
    Why:
        A claim to implement Open311 or OGC API - Features is worth points; the spec shipped with
        the bid should back it.
    Passes:
        `standard: Open311 GeoReport, version: v2` with a spec whose `info.x-conforms-to` is
        `Open311 GeoReport v2`.
    Fails:
        `standard: OpenAPI, version: "3.1"` for a spec with `openapi: 3.0.3`, or a spec that does
        not declare the claimed standard in `info.x-conforms-to`.
    Does not apply:
        No interface claim can be compared with a spec in the submission.
    Cannot tell:
        There is no readable manifest.
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    findings, compared = [], 0
    for i, iface, ref, part in _declared_api_specs(view):
        standard = str(iface.get("standard") or "")
        version = str(iface.get("version") or "")
        spec = part.data
        if not isinstance(spec, dict) or not standard or standard.lower() == "custom":
            continue
        compared += 1
        ptr = f"/manifest/interfaces/{i}"
        info_raw = spec.get("info")
        info: dict[str, Any] = info_raw if isinstance(info_raw, dict) else {}
        if _OPENAPI_CLAIM.search(standard):
            actual = str(spec.get("openapi") or spec.get("swagger") or "")
            if version and not actual.startswith(version.lstrip("v")):
                findings.append(
                    CheckFinding(
                        f"the manifest claims {standard} {version} for {iface.get('name', i)!r}, "
                        f"but {ref} is {'Swagger' if 'swagger' in spec else 'OpenAPI'} {actual}",
                        ptr,
                    )
                )
            continue
        conforms = str(info.get("x-conforms-to", ""))
        words = [w for w in re.split(r"[^a-z0-9]+", standard.lower()) if len(w) > 2]
        if not any(w in conforms.lower() for w in words):
            findings.append(
                CheckFinding(
                    f"the manifest claims {iface.get('name', i)!r} implements {standard} "
                    f"{version}, but {ref} does not declare it (info.x-conforms-to is "
                    f"{conforms or 'absent'})",
                    ptr,
                )
            )
            continue
        spec_version = str(info.get("version", ""))
        claimed_major = re.match(r"v?(\d+)", version)
        if claimed_major and not re.search(
            rf"(^|[^\d]){claimed_major.group(1)}([^\d]|$)", conforms + " " + spec_version
        ):
            findings.append(
                CheckFinding(
                    f"the manifest claims {standard} {version}, but {ref} declares {conforms} "
                    f"(API version {spec_version})",
                    ptr,
                )
            )
    if not compared:
        return CheckOutcome.inapplicable("no interface claim can be compared with a spec")
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


def _evidence_refs(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer, reference) of every local file the manifest cites as evidence."""
    refs: list[tuple[str, str]] = []
    for i, e in enumerate(manifest.get("evidence") or []):
        if isinstance(e, dict) and isinstance(e.get("path"), str):
            refs.append((f"/manifest/evidence/{i}/path", e["path"]))
    security_raw = manifest.get("security")
    security: dict[str, Any] = security_raw if isinstance(security_raw, dict) else {}
    for i, c in enumerate(security.get("certifications") or []):
        if isinstance(c, dict) and isinstance(c.get("evidence"), str):
            refs.append((f"/manifest/security/certifications/{i}/evidence", c["evidence"]))
    singles = [
        ("privacy", "pia", "url"),
        ("exit", "exit_plan"),
        ("open_source", "sbom", "path"),
        ("accessibility", "conformance_report"),
        ("residency", "jurisdictional_risk_assessment"),
    ]
    for keys in singles:
        node: Any = manifest
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else None
        if isinstance(node, str):
            refs.append(("/manifest/" + "/".join(keys), node))
    return [(p, r) for p, r in refs if "://" not in r]


@python_check(
    "evidence-files-exist",
    "Every local file the manifest cites as evidence is in the submission (hashed).",
    _NO_ARGS,
)
def evidence_files_exist(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Every local file the manifest cites as evidence is in the submission: `evidence[].path`,
        `security.certifications[].evidence`, `privacy.pia.url`, `exit.exit_plan`,
        `open_source.sbom.path`, `accessibility.conformance_report` and
        `residency.jurisdictional_risk_assessment`. References that are URLs are not checked here.
    Why:
        Evidence cited but not supplied is a declaration, not evidence; the officer should see which
        claims have nothing behind them.
    Passes:
        `exit: {exit_plan: docs/exit-plan.pdf}` with that file in the submission.
    Fails:
        "cited evidence docs/exit-plan.pdf is not in the submission".
    Does not apply:
        The manifest cites no local evidence file.
    Cannot tell:
        There is no readable manifest.
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    refs = _evidence_refs(view.manifest)
    if not refs:
        return CheckOutcome.inapplicable("the manifest cites no local evidence files")
    findings = []
    for ptr, ref in refs:
        if view.part(ref) is None:
            findings.append(CheckFinding(f"cited evidence {ref} is not in the submission", ptr))
    return CheckOutcome.failed(*findings) if findings else CheckOutcome.passed()


_SNIFFERS = {
    "csv": lambda text: _is_csv(text),
    "json": lambda text: _json_kind(text) is not None,
    "geojson": lambda text: _json_kind(text) == "geojson",
    "ndjson": lambda text: all(
        _json_kind(line) is not None for line in text.splitlines()[:50] if line.strip()
    ),
}


def _is_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:10]), delimiters=",;\t|")
    except csv.Error:
        return False
    rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect))
    return len({len(r) for r in rows}) == 1 and len(rows[0]) > 1


def _json_kind(text: str) -> str | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return "geojson"
    return "json"


@python_check(
    "sample-export-matches",
    "The sample export exists and is in one of the export formats the manifest declares.",
    _NO_ARGS,
)
def sample_export_matches(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The manifest names a sample export (`exit.sample_export`), the file is in the submission,
        and its beginning (the first 64 KiB of a real file) is valid in one of the
        `exit.export_formats` that can be verified: csv (the first 50 non-blank lines, at least two,
        read with a sniffed delimiter, all with the same number of fields, more than one), json,
        geojson (a FeatureCollection) or ndjson (each of the first 50 non-blank lines is JSON).
    Why:
        An exit clause is only as good as the export; a sample in the declared format shows the
        vendor can produce one.
    Passes:
        `export_formats: [csv]` and a sample `export/sample.csv` that is a consistent CSV.
    Fails:
        No sample named, the file missing, or not valid in any declared format ("sample export
        export/sample.csv is not valid CSV, the format(s) the manifest declares").
    Cannot tell:
        There is no readable manifest, the sample cannot be read as text, or none of the declared
        formats can be verified automatically (e.g. only xml).
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    exit_raw = view.manifest.get("exit")
    exit_: dict[str, Any] = exit_raw if isinstance(exit_raw, dict) else {}
    sample, formats = exit_.get("sample_export"), exit_.get("export_formats") or []
    if not isinstance(sample, str):
        return CheckOutcome.failed(
            CheckFinding(
                "the manifest names no sample export (`exit.sample_export`) to verify its export "
                "claim",
                "/manifest/exit",
            )
        )
    part = view.part(sample)
    if part is None:
        return CheckOutcome.failed(
            CheckFinding(
                f"sample export {sample} is not in the submission", "/manifest/exit/sample_export"
            )
        )
    text = _part_text(part, ctx)
    if text is None:
        return CheckOutcome.cant_tell(f"cannot read {sample} as text")
    claimed = [str(f).lower() for f in formats]
    matching = [f for f in claimed if f in _SNIFFERS and _SNIFFERS[f](text)]
    if matching:
        return CheckOutcome.passed()
    checkable = [f for f in claimed if f in _SNIFFERS]
    if not checkable:
        return CheckOutcome.cant_tell(f"cannot verify formats {', '.join(claimed)} automatically")
    return CheckOutcome.failed(
        CheckFinding(
            f"sample export {sample} is not valid {' or '.join(f.upper() for f in checkable)}, "
            "the format(s) the manifest declares",
            "/manifest/exit/sample_export",
        )
    )


def _part_text(part: Part, ctx: CheckContext) -> str | None:
    return part.head


@python_check(
    "sample-export-passes-dataset-rules",
    "The sample export the manifest names is read as a dataset and passes the dataset MUST rules.",
    _NO_ARGS,
)
def sample_export_passes(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        The sample export named in `exit.sample_export`, read as a dataset, passes every MUST rule
        for datasets: those of the run's profile, or, for a rule example run without one, those of
        the latest ocp-generation. A sample that cannot be read is a finding too.
    Why:
        A sample export that fails the city's own dataset rules predicts an exit into unusable data.
    Passes:
        A sample CSV with a header, unique labels and consistent rows.
    Fails:
        "sample export export/sample.csv fails dataset MUST rule(s) GEN-STR-004", or the sample
        cannot be read.
    Does not apply:
        No sample export is in the submission (whether one is named and present is EXC-SUB-006's
        question).
    Cannot tell:
        There is no readable manifest, the sample is not a table this version reads, or the profile
        applies no dataset rules.
    """
    view = view_of(ctx)
    if view is None or not view.manifest:
        return CheckOutcome.cant_tell("no readable manifest")
    exit_raw = view.manifest.get("exit")
    sample = exit_raw.get("sample_export") if isinstance(exit_raw, dict) else None
    part = view.part(sample) if isinstance(sample, str) else None
    if part is None:
        # Whether a sample is named and present is EXC-SUB-006's question, not this rule's.
        return CheckOutcome.inapplicable("no sample export in the submission")
    ptr = "/manifest/exit/sample_export"
    subject = part.subject
    if subject is not None and subject.problem is not None:
        return CheckOutcome.failed(
            CheckFinding(f"sample export {sample} cannot be read: {subject.problem.message}", ptr)
        )
    if subject is None or subject.kind is not SubjectKind.DATASET:
        return CheckOutcome.cant_tell(
            f"{sample} is not a table this version can read as a dataset; dataset rules not run"
        )
    if ctx.run is None:
        return CheckOutcome.cant_tell(_NO_RUN)
    if not ctx.run.must_rule_ids("dataset", "ocp-generation"):
        return CheckOutcome.cant_tell(
            "the profile applies no dataset rules (pin ocp-generation) to judge the sample export"
        )
    failed = _must_failures(part, ctx, "dataset", "ocp-generation") or []
    if failed:
        return CheckOutcome.failed(
            CheckFinding(
                f"sample export {sample} fails dataset MUST rule(s) {', '.join(failed)}", ptr
            )
        )
    return CheckOutcome.passed()
