"""SHACL validation of RDF metadata through pyshacl (GEN-META-020).

The built-in shapes (shapes/dcat-core.ttl) always run; a profile adds its own (e.g. DCAT-AP or a
national profile) through the `shapes` parameter: files or folders of Turtle. Shapes are applied
once per RDF file and each result is given to the dataset it concerns, as a finding with the focus
node and the property path. `owl:imports` in shapes are not followed (that would need the network).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from ..model.outcome import SubjectKind
from ..sources.metadata.common import RecordPayload
from ..sources.metadata.dcat import RdfError, RdfSource, datasets, node_label, parse_rdf
from .base import CheckContext, CheckFinding, CheckOutcome
from .registry import python_check

BUILTIN = Path(__file__).with_name("shapes") / "dcat-core.ttl"
_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_RANK = {SH.Violation: 3, SH.Warning: 2, SH.Info: 1}


class ShapesError(ValueError):
    """A shapes file named by the profile cannot be read."""


def load_shapes(paths: list[str]) -> Graph:
    shapes = Graph()
    shapes.parse(BUILTIN, format="turtle")
    for raw in paths:
        path = Path(raw).expanduser()
        files = sorted(path.glob("*.ttl")) if path.is_dir() else [path]
        if not files or not all(f.is_file() for f in files):
            raise ShapesError(f"shapes {raw}: no such Turtle file or folder")
        for f in files:
            try:
                shapes.parse(f, format="turtle")
            except Exception as exc:  # rdflib's parser errors have many types
                raise ShapesError(f"shapes {f.name}: {type(exc).__name__}: {exc}") from None
    return shapes


def _results(source: RdfSource, paths: list[str]) -> list[dict[str, Any]]:
    key = "|".join(paths)
    if key in source.shacl_cache:
        return source.shacl_cache[key]
    from pyshacl import validate

    _conforms, report, _text = validate(
        source.graph,
        shacl_graph=load_shapes(paths),
        inference="none",
        allow_warnings=True,
        do_owl_imports=False,
    )
    out = []
    assert isinstance(report, Graph)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        out.append(
            {
                "focus": report.value(result, SH.focusNode),
                "path": source.graph.namespace_manager.normalizeUri(path)
                if isinstance(path, URIRef)
                else (str(path) if path is not None else None),
                "message": str(report.value(result, SH.resultMessage) or "does not conform"),
                "severity": report.value(result, SH.resultSeverity) or SH.Violation,
            }
        )
    source.shacl_cache[key] = out
    return out


def _near(source: RdfSource, node: Any) -> set[Any]:
    """The dataset node and what it describes within two hops (distributions, contact ...)."""
    typed = set(source.graph.subjects(RDF.type, None))
    near, frontier = {node}, [node]
    for _ in range(2):
        nxt = []
        for n in frontier:
            for o in source.graph.objects(n, None):
                if (isinstance(o, BNode) or o in typed) and o not in near:
                    near.add(o)
                    nxt.append(o)
        frontier = nxt
    return near


def _source(ctx: CheckContext) -> tuple[RdfSource, list[Any]] | None:
    subject = ctx.subject
    if subject is not None and subject.kind is SubjectKind.METADATA:
        payload = subject.payload_as(SubjectKind.METADATA, RecordPayload)
        if payload.rdf is None:
            return None
        return payload.rdf, [payload.node]
    if (
        ctx.subject is None
        and isinstance(ctx.root, dict)
        and isinstance(ctx.root.get("turtle"), str)
    ):
        # A golden example: {turtle: "..."}; every dataset in it is judged.
        source = parse_rdf(ctx.root["turtle"], "turtle", "https://example.org/")
        return source, datasets(source.graph)
    return None


@python_check(
    "shacl",
    "RDF metadata conforms to SHACL shapes (built-in DCAT core plus the profile's own).",
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "shapes": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Further Turtle shapes files or folders, applied with the "
                "built-in DCAT core shapes.",
            },
            "min_severity": {
                "enum": sorted(_SEVERITY),
                "default": "violation",
                "description": "The lowest SHACL severity that is a finding.",
            },
        },
    },
)
def shacl(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
    """What it checks:
        Validates RDF metadata (DCAT in Turtle, RDF/XML, JSON-LD ...) with pyshacl against the
        built-in DCAT core shapes plus any Turtle files or folders listed in `shapes`, without
        inference and without following owl:imports. Results at `min_severity` or above (violation
        by default) whose focus node is the dataset or something it describes within two hops (its
        distributions, contact point ...) are findings, grouped by property path and message.
    Why:
        Shapes are how DCAT-AP and national profiles state what a valid record is; checking them
        catches records a portal would reject or show incompletely.
    Passes:
        A `dcat:Dataset` with the title, description and distribution the shapes require.
    Fails:
        A dataset without `dct:title` (the shape's message, "(path dct:title)").
    Does not apply:
        The metadata is not RDF.
    Cannot tell:
        The RDF cannot be parsed, or a shapes file named by the profile cannot be read.
    """
    try:
        found = _source(ctx)
    except RdfError as exc:
        return CheckOutcome.cant_tell(str(exc))
    if found is None:
        return CheckOutcome.inapplicable("not RDF metadata (SHACL applies to DCAT in RDF)")
    source, nodes = found
    try:
        results = _results(source, list(args.get("shapes") or []))
    except ShapesError as exc:
        return CheckOutcome.cant_tell(str(exc))
    floor = _RANK[_SEVERITY[args.get("min_severity", "violation")]]
    near: set[Any] = set()
    for node in nodes:
        near |= _near(source, node)
    grouped: dict[tuple[str | None, str], list[Any]] = defaultdict(list)
    for r in results:
        if r["focus"] in near and _RANK.get(r["severity"], 3) >= floor:
            grouped[(r["path"], r["message"])].append(r["focus"])
    if not grouped:
        return CheckOutcome.passed()
    findings = []
    for (path, message), focus in sorted(grouped.items(), key=lambda kv: str(kv[0])):
        labels = sorted({node_label(f) for f in focus})
        findings.append(
            CheckFinding(
                f"{message}"
                + (f" (path {path})" if path else "")
                + (f" on {len(labels)} nodes" if len(labels) > 1 else ""),
                path or "",
                count=len(focus),
                examples=labels[:3],
                node=labels[0],
            )
        )
    return CheckOutcome.failed(*findings)
