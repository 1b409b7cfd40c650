"""The manifest model, its published schema, and the rules that read manifests agree."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.model.manifest import Manifest
from ocp_standards.model.schemas import manifest_json_schema
from ocp_standards.sources.document import parse_text

from .conftest import EXAMPLES

VALIDATOR = Draft202012Validator(manifest_json_schema())
#: Failing examples that are deliberately not schema-valid (the schema rule, wrong types/enums).
DELIBERATELY_INVALID = {"GOV-MAN-001", "GOV-CLS-002", "PROC-OSS-005"}


def _manifest_rules() -> list[Any]:
    return [r for r in default_catalog().get("ocp-governance").rules if "manifest" in r.applies_to]


def test_rule_examples_use_only_fields_the_schema_knows() -> None:
    """A rule about a field the schema does not have could never pass on a valid manifest."""
    problems = []
    for rule in _manifest_rules():
        docs = [*rule.examples.passing, *rule.examples.inapplicable]
        if rule.id not in DELIBERATELY_INVALID:
            docs += rule.examples.failing
        for doc in docs:
            for err in VALIDATOR.iter_errors({"ocp_manifest": "1.0", **doc}):
                problems.append(f"{rule.id}: {err.message}")
    assert not problems


def test_bundled_bids_are_schema_valid() -> None:
    for name in ("strong-bid.ocp.yaml", "weak-bid.ocp.yaml"):
        text = (EXAMPLES / "procurement" / name).read_text(encoding="utf-8")
        data = parse_text(text, name).data
        assert not list(VALIDATOR.iter_errors(data)), name
        Manifest.model_validate(data)


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)
_country = st.sampled_from(["CA", "US", "FR", "IE", "IN"])
_location = st.builds(
    dict,
    purpose=st.sampled_from(["storage", "processing", "backup", "support_access"]),
    country=_country,
    data_class=st.sampled_from(["public", "personal", "confidential"]),
)
_manifests = st.fixed_dictionaries(
    {"ocp_manifest": st.just("1.0")},
    optional={
        "vendor": st.fixed_dictionaries({}, optional={"name": _text, "country": _country}),
        "data_rights": st.fixed_dictionaries(
            {},
            optional={
                "owner": st.sampled_from(["municipality", "vendor", "shared"]),
                "scope": st.lists(
                    st.sampled_from(["raw", "derived", "metadata", "logs"]), unique=True
                ),
                "open_data_publication_permitted": st.booleans(),
            },
        ),
        "residency": st.fixed_dictionaries({}, optional={"locations": st.lists(_location)}),
        "security": st.fixed_dictionaries(
            {},
            optional={
                "breach_notification_hours": st.integers(0, 10_000),
                "audit_logging": st.booleans(),
            },
        ),
        "exit": st.fixed_dictionaries(
            {},
            optional={
                "export_formats": st.lists(st.sampled_from(["CSV", "JSON", "XLSX"])),
                "notice_days": st.integers(0, 400),
            },
        ),
        "algorithmic_systems": st.lists(
            st.fixed_dictionaries(
                {"name": _text},
                optional={"risk_category": st.sampled_from(["minimal", "limited", "high"])},
            ),
            max_size=3,
        ),
    },
)


@settings(max_examples=60, deadline=None)
@given(_manifests)
def test_manifest_round_trips(data: dict[str, Any]) -> None:
    """Dump as JSON text, load it back through our loader and the model: nothing changes."""
    text = json.dumps(data, ensure_ascii=False)
    loaded = parse_text(text, "m.json", json_data=True).data
    model = Manifest.model_validate(loaded)
    assert model.model_dump(mode="json", exclude_none=True) == data
    again = Manifest.model_validate_json(model.model_dump_json(exclude_none=True))
    assert again == model
