"""ocp-governance 2.0.0 (issue 15): PROC-SEC-001 and PROC-OSS-001/003 do what their statements say.

Each case runs the same manifest through the rule of 1.0.0 (what the bundled profiles pin), 1.1.0
and 2.0.0, and states both verdicts, so the change of verdict is on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.catalog.ruleset import activate
from ocp_standards.checks.base import CheckContext
from ocp_standards.engine.evaluate import SubjectRun, run_rule
from ocp_standards.model.outcome import Outcome

NOW = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
P, F, NA = Outcome.PASSED, Outcome.FAILED, Outcome.INAPPLICABLE


def _verdict(version: str, rule_id: str, doc: dict[str, Any]) -> Outcome:
    std = default_catalog().get("ocp-governance", version)
    rule = next(r for r in std.rules if r.id == rule_id)
    active = activate(rule)
    run = SubjectRun(None, NOW, (std,))
    outcome = run_rule(active, CheckContext(root=doc, now=NOW, params=active.params, run=run))
    assert outcome.outcome is not Outcome.CANT_TELL, outcome.reason
    return outcome.outcome


def _certs(*certs: dict[str, str]) -> dict[str, Any]:
    return {"security": {"certifications": list(certs)}}


def _custom(licence: str) -> dict[str, Any]:
    return {"open_source": {"components": [{"name": "portal", "custom": True, "license": licence}]}}


def _component(licence: str) -> dict[str, Any]:
    return {"open_source": {"components": [{"name": "db", "license": licence}]}}


ISO_CURRENT = {"standard": "ISO/IEC 27001", "issued": "2026-03-14", "expires": "2029-03-13"}

# (rule, case, manifest, verdict under 1.0.0, under 1.1.0, under 2.0.0)
CASES = [
    (
        "PROC-SEC-001",
        "strong bid plus an unrecognised PCI DSS attestation",
        _certs(ISO_CURRENT, {"standard": "PCI DSS", "issued": "2026-05-01"}),
        F,
        F,
        P,
    ),
    (
        "PROC-SEC-001",
        "ISO/IEC 27001:2022 (edition suffix)",
        _certs({"standard": "ISO/IEC 27001:2022", "issued": "2026-03-01"}),
        F,
        F,
        P,
    ),
    (
        "PROC-SEC-001",
        "valid three-year certificate issued 2024-09-01",
        _certs({"standard": "ISO/IEC 27001", "issued": "2024-09-01", "expires": "2027-08-31"}),
        F,
        F,
        P,
    ),
    (
        "PROC-SEC-001",
        "expired on 2026-06-01 (issued 2026-01-10)",
        _certs({"standard": "ISO/IEC 27001", "issued": "2026-01-10", "expires": "2026-06-01"}),
        P,
        P,
        F,
    ),
    (
        "PROC-SEC-001",
        "no expiry stated, issued 2024-01-10 (older than max_age_days)",
        _certs({"standard": "ISO/IEC 27001", "issued": "2024-01-10"}),
        F,
        F,
        F,
    ),
    (
        "PROC-SEC-001",
        "only unrecognised certificates",
        _certs({"standard": "Self-assessment", "issued": "2026-03-01"}),
        F,
        F,
        F,
    ),
    ("PROC-OSS-001", "custom code under MIT OR Apache-2.0", _custom("MIT OR Apache-2.0"), F, F, P),
    ("PROC-OSS-001", "custom code under BSL-1.0", _custom("BSL-1.0"), F, F, P),
    ("PROC-OSS-001", "custom code under PostgreSQL", _custom("PostgreSQL"), F, F, P),
    ("PROC-OSS-001", "custom code under EUPL-1.2", _custom("EUPL-1.2"), P, P, P),
    ("PROC-OSS-001", "custom code under a proprietary licence", _custom("Proprietary"), F, F, F),
    (
        "PROC-OSS-003",
        "PostgreSQL-licensed component without justification",
        _component("PostgreSQL"),
        F,
        F,
        NA,
    ),
    ("PROC-OSS-003", "BSL-1.0 component without justification", _component("BSL-1.0"), F, F, NA),
    (
        "PROC-OSS-003",
        "MIT OR Apache-2.0 component without justification",
        _component("MIT OR Apache-2.0"),
        F,
        F,
        NA,
    ),
    (
        "PROC-OSS-003",
        "proprietary component without justification",
        _component("Proprietary"),
        F,
        F,
        F,
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "case", "doc", "v100", "v110", "v200"), CASES, ids=[c[1] for c in CASES]
)
def test_verdicts_before_and_after(
    rule_id: str,
    case: str,
    doc: dict[str, Any],
    v100: Outcome,
    v110: Outcome,
    v200: Outcome,
) -> None:
    got = (
        _verdict("1.0.0", rule_id, doc),
        _verdict("1.1.0", rule_id, doc),
        _verdict("2.0.0", rule_id, doc),
    )
    assert got == (v100, v110, v200), f"{rule_id} {case}: 1.0.0/1.1.0/2.0.0 gave {got}"


def test_2_0_0_names_the_new_check_versions() -> None:
    std = default_catalog().get("ocp-governance", "2.0.0")
    rules = {r.id: r for r in std.rules}
    assert rules["PROC-SEC-001"].check["name"] == "current-security-certification@1"
    assert rules["PROC-OSS-001"].check["check"]["name"] == "osi-approved-licence@1"
    assert rules["PROC-OSS-003"].check["check"]["when"]["check"]["name"] == "osi-approved-licence@1"


def test_the_licence_check_reads_the_pinned_vocabulary() -> None:
    """A version that pins no `licences` cannot tell: the check never falls back to shared data."""
    std = default_catalog().get("ocp-governance", "2.0.0")
    rule = next(r for r in std.rules if r.id == "PROC-OSS-001")
    active = activate(rule)
    ctx = CheckContext(root=_custom("MIT"), now=NOW, params=active.params)
    ctx.standard = "ocp-governance@1.1.0"  # a version without a pinned copy
    outcome = run_rule(active, ctx)
    assert outcome.outcome is Outcome.CANT_TELL
    assert "does not pin the vocabulary 'licences'" in (outcome.reason or "")
