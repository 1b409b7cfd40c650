"""Privacy detectors: they find personal data and never put it in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocp_standards.checks.base import CheckContext
from ocp_standards.checks.tables.privacy import DETECTORS, luhn, mask, personal_values
from ocp_standards.model.outcome import Outcome
from ocp_standards.runner import check

from .conftest import AS_OF


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("jane.doe@example.org", "j***@e***.org"),
        ("046 454 286", "*** *** 286"),
        ("(416) 555-0199", "(***) ***-*199"),
    ],
)
def test_mask_keeps_shape_not_content(value: str, masked: str) -> None:
    assert mask(value) == masked


def test_luhn() -> None:
    assert luhn("046454286") and not luhn("046454287")


@pytest.mark.parametrize(
    ("detector", "value", "hit"),
    [
        ("email", "a.b@city.example", True),
        ("email", "not an email", False),
        ("phone", "+1 416 555 0100", True),
        ("phone", "4165550100", False),  # a bare number is more likely an id
        ("postal_code", "K1A 0B1", True),
        ("postal_code", "K1A", False),
        ("ip", "2001:db8::1", True),
        ("ip", "1.5", False),
        ("street_address", "12 Elm Street", True),
        ("street_address", "100 block of Elm Street", False),
    ],
)
def test_detectors(detector: str, value: str, hit: bool) -> None:
    assert DETECTORS[detector].match(value) is hit


def test_a_column_of_plain_ids_is_not_a_sin_column() -> None:
    ids = "\n".join(str(100000000 + i * 7919) for i in range(50))
    ctx = CheckContext(root={"csv": "id\n" + ids + "\n"}, now=AS_OF)
    assert personal_values(ctx, {"detector": "sin"}).outcome is Outcome.PASSED


def test_many_bad_cells_are_one_finding() -> None:
    rows = "\n".join(f"{i},person{i}@example.org" for i in range(5000))
    ctx = CheckContext(root={"csv": "id,contact\n" + rows + "\n"}, now=AS_OF)
    outcome = personal_values(ctx, {"detector": "email"})
    [finding] = outcome.findings
    assert finding.count == 5000 and len(finding.examples) == 3
    assert finding.row == 2 and finding.field == "contact"


def test_report_never_contains_the_personal_value(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,contact,sin,phone\n1,jane.doe@example.org,046 454 286,(416) 555-0199\n")
    report = check([path], profile="open-data-publication")
    dumped = report.model_dump_json()
    for secret in ("jane.doe@example.org", "046 454 286", "555-0199"):
        assert secret not in dumped
    failed = {r.rule_id for s in report.subjects for r in s.results if r.outcome.value == "failed"}
    assert {"GEN-PRIV-001", "GEN-PRIV-013", "GEN-PRIV-014"} <= failed


def test_sensitive_only_rules_follow_metadata_or_profile() -> None:
    csv = "id,location\n1,123 Main Street\n"
    plain = CheckContext(root={"csv": csv}, now=AS_OF)
    args = {"detector": "street_address", "only_sensitive": True}
    assert personal_values(plain, args).outcome is Outcome.INAPPLICABLE
    assert personal_values(plain, {**args, "sensitive": True}).outcome is Outcome.FAILED
    marked = CheckContext(root={"csv": csv, "sensitive": True}, now=AS_OF)
    assert personal_values(marked, args).outcome is Outcome.FAILED
