"""ocp-generation 2.0.0 (draft) judges licences and update frequencies by the vocabularies it pins
(issue 16): each case below with its 1.0.0 verdict and its 2.0.0 verdict, the same record run
through the rule of each version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.loader import load_catalog
from ocp_standards.catalog.ruleset import activate
from ocp_standards.checks.base import CheckContext
from ocp_standards.engine.evaluate import SubjectRun, run_rule
from ocp_standards.model.outcome import Outcome

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
NOW = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
P, F, C = Outcome.PASSED, Outcome.FAILED, Outcome.CANT_TELL


def _verdict(version: str, rule_id: str, doc: dict[str, Any]) -> Outcome:
    std = load_catalog(STANDARDS).get("ocp-generation", version)
    rule = next(r for r in std.rules if r.id == rule_id)
    run = SubjectRun(None, NOW, (std,))
    return run_rule(activate(rule), CheckContext(root=doc, now=NOW, run=run)).outcome


LICENCES = [
    # licence, 1.0.0 verdict, 2.0.0 verdict
    ("https://creativecommons.org/licenses/by/4.0/legalcode", P, P),
    ("http://opendatacommons.org/licenses/odbl/1.0/", F, P),  # /1.0/ vs the listed /1-0/
    ("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", P, P),
    ("http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0", F, P),
    ("http://dcat-ap.de/def/licenses/dl-by-de/2.0", F, P),
    ("https://open.toronto.ca/open-data-license/", F, P),
    ("CC-BY-4.0 OR LicenseRef-proprietary", F, P),
    ("https://creativecommons.org/licenses/by-nc/4.0/", F, F),
    ("http://dcat-ap.de/def/licenses/other-closed", F, F),
    ("All rights reserved", F, F),
    ("CC-BY-4.0 AND CC-BY-NC-4.0", F, F),
]


@pytest.mark.parametrize(("licence", "old", "new"), LICENCES)
def test_open_licence_1_0_0_and_2_0_0(licence: str, old: Outcome, new: Outcome) -> None:
    doc = {"source_format": "dcat", "license": licence}
    assert (_verdict("1.0.0", "GEN-META-007", doc), _verdict("2.0.0", "GEN-META-007", doc)) == (
        old,
        new,
    )


def test_no_licence_fails_in_both() -> None:
    doc = {"source_format": "dcat"}
    assert _verdict("1.0.0", "GEN-META-007", doc) is F
    assert _verdict("2.0.0", "GEN-META-007", doc) is F


FREQUENCIES = [
    # frequency (as the record carries it: raw and code), 1.0.0 verdict, 2.0.0 verdict
    ({"frequency": "R/PT15M", "frequency_code": "PT15M"}, F, P),
    ({"frequency": "ANNUAL_2", "frequency_code": "ANNUAL_2"}, F, P),
    ({"frequency": "P1W", "frequency_code": "P1W"}, P, P),
    ({"frequency": "R/P1M", "frequency_code": "P1M"}, P, P),
    ({"frequency": "whenever we can", "frequency_code": None}, F, F),
    ({}, F, F),
]


@pytest.mark.parametrize(("fields", "old", "new"), FREQUENCIES)
def test_frequency_1_0_0_and_2_0_0(fields: dict[str, Any], old: Outcome, new: Outcome) -> None:
    doc = {"source_format": "dcat", **fields}
    assert (_verdict("1.0.0", "GEN-META-009", doc), _verdict("2.0.0", "GEN-META-009", doc)) == (
        old,
        new,
    )


def test_a_licence_the_vocabulary_has_not_reviewed_cannot_be_told() -> None:
    from ocp_standards.model.vocabulary import load_vocabulary

    folder = STANDARDS / "ocp-generation" / "2.0.0" / "vocabularies"
    entries = load_vocabulary("licences", folder)["entries"]
    unreviewed = next(i for i, e in sorted(entries.items()) if e.get("open") is None)
    doc = {"source_format": "dcat", "license": unreviewed}
    assert _verdict("2.0.0", "GEN-META-007", doc) is C
