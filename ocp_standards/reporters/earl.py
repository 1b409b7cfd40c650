"""RDF: W3C EARL assertions and DQV quality measurements, so a portal can publish results next to
its DCAT metadata (formats `earl` = Turtle, `earl-jsonld` = JSON-LD).

- every rule result is an `earl:Assertion` (subject, rule as `earl:TestRequirement`, outcome
  as EARL's own `passed/failed/inapplicable/cantTell/untested`) asserted by the tool;
- every subject's score and dimension scores are `dqv:QualityMeasurement`s of `dqv:Metric`s in
  `dqv:Dimension`s; its level is a `dqv:QualityAnnotation` (`oa:motivatedBy dqv:qualityAssessment`).

Node IRIs are derived from content (no blank nodes), so the same report gives the same graph.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..model.fingerprint import relative_path
from ..model.outcome import Outcome
from ..model.report import Report, RuleInfo, RuleResult, SubjectReport

EARL = Namespace("http://www.w3.org/ns/earl#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OCP = Namespace("https://ocp-standards.example/ns#")
STANDARDS = "https://ocp-standards.example/standards/"
PERCENT = URIRef("http://qudt.org/vocab/unit/PERCENT")

_OUTCOME = {
    Outcome.PASSED: EARL.passed,
    Outcome.FAILED: EARL.failed,
    Outcome.INAPPLICABLE: EARL.inapplicable,
    Outcome.CANT_TELL: EARL.cantTell,
    Outcome.UNTESTED: EARL.untested,
}
PREFIXES = {
    "earl": EARL,
    "dqv": DQV,
    "oa": OA,
    "dct": DCTERMS,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "sdmx-attribute": SDMX_ATTR,
    "ocp": OCP,
}


def render_earl(report: Report) -> str:
    return build_graph(report).serialize(format="turtle")


def render_earl_jsonld(report: Report) -> str:
    context = {k: str(v) for k, v in PREFIXES.items()}
    return build_graph(report).serialize(format="json-ld", context=context, indent=2) + "\n"


def _id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def standard_iri(ref: str) -> URIRef:
    """`ocp-governance@1.0.0` → …/standards/ocp-governance/1.0.0"""
    sid, _, version = ref.partition("@")
    return URIRef(f"{STANDARDS}{quote(sid)}/{quote(version or 'unversioned')}")


def rule_iri(rule_id: str, standard: str) -> URIRef:
    return URIRef(f"{standard_iri(standard)}/rules/{quote(rule_id)}")


def subject_iri(subject: SubjectReport) -> URIRef:
    """The subject's own IRI when its metadata declares one (a DCAT dataset), else a URN."""
    for key in ("iri", "identifier", "uri"):
        value = subject.metadata.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return URIRef(value)
    return URIRef("urn:ocp:subject:" + quote(relative_path(subject.path), safe="/"))


def build_graph(report: Report) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    tool = URIRef(f"https://ocp-standards.example/tool/{quote(report.tool.version)}")
    g.add((tool, RDF.type, EARL.Software))
    g.add((tool, RDF.type, PROV.SoftwareAgent))
    g.add((tool, DCTERMS.title, Literal(report.tool.name)))
    g.add((tool, OWL.versionInfo, Literal(report.tool.version)))
    run = URIRef(
        "urn:ocp:run:"
        + _id(
            report.tool.version, report.profile.id, report.as_of, *[s.path for s in report.subjects]
        )
    )
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, PROV.wasAssociatedWith, tool))
    g.add((run, PROV.endedAtTime, Literal(report.as_of, datatype=XSD.date)))
    g.add((run, OCP.profile, Literal(report.profile.id)))
    for std in report.standards:
        s_iri = standard_iri(f"{std.id}@{std.version}")
        g.add((s_iri, RDF.type, DCTERMS.Standard))
        g.add((s_iri, DCTERMS.identifier, Literal(std.id)))
        g.add((s_iri, OWL.versionInfo, Literal(std.version)))
        if std.digest:
            g.add((s_iri, OCP.digest, Literal(std.digest)))
        g.add((run, PROV.used, s_iri))
    infos = {r.id: r for r in report.rules}
    seen_rules: set[str] = set()
    for subject in report.subjects:
        s_iri = subject_iri(subject)
        g.add((s_iri, RDF.type, EARL.TestSubject))
        g.add((s_iri, DCTERMS.source, Literal(subject.path)))
        g.add((s_iri, OCP.kind, Literal(subject.kind.value)))
        if subject.title:
            g.add((s_iri, DCTERMS.title, Literal(subject.title)))
        for result in subject.results:
            if result.rule_id not in seen_rules:
                seen_rules.add(result.rule_id)
                _rule(g, result, infos.get(result.rule_id))
            _assertion(g, report, subject, s_iri, result, tool)
        _measurements(g, report, subject, s_iri, run)
    return g


def _rule(g: Graph, result: RuleResult, info: RuleInfo | None) -> None:
    r_iri = rule_iri(result.rule_id, result.standard)
    g.add((r_iri, RDF.type, EARL.TestRequirement))
    g.add((r_iri, RDF.type, DQV.Metric))
    g.add((r_iri, DCTERMS.identifier, Literal(result.rule_id)))
    g.add((r_iri, DCTERMS.title, Literal(result.title)))
    g.add((r_iri, DCTERMS.isPartOf, standard_iri(result.standard)))
    g.add((r_iri, OCP.requirementLevel, Literal(result.level.value)))
    g.add((r_iri, DQV.inDimension, _dimension_iri(result.standard, result.dimension)))
    if info is not None:
        g.add((r_iri, DCTERMS.description, Literal(info.statement)))
        if info.help_uri:
            g.add((r_iri, RDFS.seeAlso, URIRef(info.help_uri)))
        for src in info.sources:
            g.add((r_iri, DCTERMS.source, URIRef(src)))


def _dimension_iri(standard: str, dimension: str) -> URIRef:
    return URIRef(f"{standard_iri(standard)}/dimensions/{quote(dimension)}")


def _assertion(
    g: Graph,
    report: Report,
    subject: SubjectReport,
    s_iri: URIRef,
    result: RuleResult,
    tool: URIRef,
) -> None:
    key = _id(subject.path, result.rule_id, report.as_of)
    assertion = URIRef(f"urn:ocp:assertion:{key}")
    res = URIRef(f"urn:ocp:result:{key}")
    g.add((assertion, RDF.type, EARL.Assertion))
    g.add((assertion, EARL.assertedBy, tool))
    g.add((assertion, EARL.subject, s_iri))
    g.add((assertion, EARL.test, rule_iri(result.rule_id, result.standard)))
    g.add((assertion, EARL.mode, EARL.automatic))
    g.add((assertion, EARL.result, res))
    g.add((res, RDF.type, EARL.TestResult))
    g.add((res, EARL.outcome, _OUTCOME[result.outcome]))
    g.add((res, DCTERMS.date, Literal(report.as_of, datatype=XSD.date)))
    g.add((res, OCP.severity, Literal(result.severity.value)))
    if result.reason:
        g.add((res, DCTERMS.description, Literal(result.reason)))
    for f in result.findings:
        g.add((res, EARL.info, Literal(f.message)))
        if f.location.pointer is not None:
            g.add((res, OCP.jsonPointer, Literal(f.location.pointer)))
    if result.waiver is not None:
        w = result.waiver
        waiver = URIRef(f"urn:ocp:waiver:{key}")
        g.add((res, OCP.waiver, waiver))
        g.add((waiver, OCP.reason, Literal(w.reason)))
        g.add((waiver, DCTERMS.description, Literal(w.justification)))
        g.add((waiver, OCP.approver, Literal(w.approver)))
        g.add((waiver, OCP.expires, Literal(w.expires, datatype=XSD.date)))


def _measurement(
    g: Graph, key: str, s_iri: URIRef, metric: URIRef, value: float, run: URIRef
) -> None:
    m = URIRef(f"urn:ocp:measurement:{key}")
    g.add((m, RDF.type, DQV.QualityMeasurement))
    g.add((m, DQV.computedOn, s_iri))
    g.add((m, DQV.isMeasurementOf, metric))
    g.add((m, DQV.value, Literal(value, datatype=XSD.double)))
    g.add((m, SDMX_ATTR.unitMeasure, PERCENT))
    g.add((m, PROV.wasGeneratedBy, run))
    g.add((s_iri, DQV.hasQualityMeasurement, m))


def _measurements(
    g: Graph, report: Report, subject: SubjectReport, s_iri: URIRef, run: URIRef
) -> None:
    model = subject.scoring_model or report.scoring.model
    model_iri = standard_iri(model)
    score_metric = URIRef(f"{model_iri}/metrics/score")
    g.add((score_metric, RDF.type, DQV.Metric))
    g.add((score_metric, SKOS.prefLabel, Literal("Conformance score (0-100)", lang="en")))
    g.add((score_metric, DQV.expectedDataType, XSD.double))
    g.add((score_metric, RDFS.comment, Literal(report.scoring.formula)))
    _measurement(g, _id(subject.path, "score"), s_iri, score_metric, subject.score, run)
    for d in subject.dimensions:
        dim = _dimension_iri(model, d.id)
        g.add((dim, RDF.type, DQV.Dimension))
        g.add((dim, SKOS.prefLabel, Literal(d.title, lang="en")))
        if d.score is None:
            continue  # no rule of this dimension applied: nothing was measured
        metric = URIRef(f"{model_iri}/metrics/{quote(d.id)}-score")
        g.add((metric, RDF.type, DQV.Metric))
        g.add((metric, DQV.inDimension, dim))
        g.add((metric, SKOS.prefLabel, Literal(f"{d.title} score (0-100)", lang="en")))
        g.add((metric, DQV.expectedDataType, XSD.double))
        _measurement(g, _id(subject.path, "dim", d.id), s_iri, metric, d.score, run)
    level = URIRef(f"{model_iri}/levels/{quote(subject.level)}")
    g.add((level, RDF.type, SKOS.Concept))
    g.add((level, SKOS.prefLabel, Literal(subject.level_title, lang="en")))
    annotation = URIRef(f"urn:ocp:annotation:{_id(subject.path, 'level')}")
    g.add((annotation, RDF.type, DQV.QualityAnnotation))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add((annotation, OA.hasTarget, s_iri))
    g.add((annotation, OA.hasBody, level))
    g.add((annotation, PROV.wasGeneratedBy, run))
    g.add((s_iri, DQV.hasQualityAnnotation, annotation))
