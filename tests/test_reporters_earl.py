"""RDF output: EARL assertions per result and DQV measurements per score, in Turtle and JSON-LD."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from ocp_standards.reporters.earl import DQV, EARL, render_earl, render_earl_jsonld, subject_iri

from .fixtures.reports.build import BROKEN, GOLD, POOR, report_of

OUTCOMES = {
    "passed": EARL.passed,
    "failed": EARL.failed,
    "inapplicable": EARL.inapplicable,
    "cantTell": EARL.cantTell,
    "untested": EARL.untested,
}


def test_assertions_and_measurements() -> None:
    report = report_of(GOLD, POOR, BROKEN)
    g = Graph().parse(data=render_earl(report), format="turtle")
    assertions = list(g.subjects(RDF.type, EARL.Assertion))
    assert len(assertions) == sum(len(s.results) for s in report.subjects)
    for subject in report.subjects:
        iri = subject_iri(subject)
        outcomes = [
            g.value(g.value(a, EARL.result), EARL.outcome) for a in g.subjects(EARL.subject, iri)
        ]
        assert sorted(map(str, outcomes)) == sorted(
            str(OUTCOMES[r.outcome.value]) for r in subject.results
        )
        values = {
            str(g.value(m, DQV.isMeasurementOf)).rsplit("/", 1)[-1]: g.value(m, DQV.value)
            for m in g.objects(iri, DQV.hasQualityMeasurement)
        }
        assert values["score"].toPython() == subject.score
        for d in subject.dimensions:
            if d.score is not None:
                assert values[f"{d.id}-score"].toPython() == d.score
        (annotation,) = g.objects(iri, DQV.hasQualityAnnotation)
        assert (None, None, Literal(subject.level_title, lang="en")) in g
        assert g.value(annotation, RDF.type) == DQV.QualityAnnotation


def test_jsonld_is_the_same_graph_and_output_is_deterministic() -> None:
    report = report_of(POOR)
    turtle = render_earl(report)
    assert render_earl(report) == turtle
    g1 = Graph().parse(data=turtle, format="turtle")
    g2 = Graph().parse(data=render_earl_jsonld(report), format="json-ld")
    assert isomorphic(g1, g2)
