"""The OCP-INPUT rules: their examples are raw file contents, run through the real loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocp_standards.catalog.loader import default_catalog
from ocp_standards.model.rule import Rule
from ocp_standards.sources.loader import Candidate, load
from ocp_standards.sources.subject import Subject

INPUT_RULES = default_catalog().input_rules


def _load(tmp_path: Path, content: str | None) -> Subject | None:
    path = tmp_path / "input.yaml"
    if content is not None:  # None stands for "a file that cannot be read"
        path.write_text(content, encoding="utf-8")
    return load(Candidate(path, path.name, explicit=True))


@pytest.mark.parametrize("rule", INPUT_RULES, ids=lambda r: r.id)
def test_input_rule_examples(rule: Rule, tmp_path: Path) -> None:
    for i, content in enumerate(rule.examples.passing):
        case = tmp_path / f"pass{i}"
        case.mkdir()
        subject = _load(case, content)
        assert subject is not None and subject.problem is None, (rule.id, content)
    for i, content in enumerate(rule.examples.failing):
        case = tmp_path / f"fail{i}"
        case.mkdir()
        subject = _load(case, content)
        assert subject is not None and subject.problem is not None, (rule.id, content)
        assert subject.problem.rule_id == rule.id
        assert subject.problem.message


def test_input_rule_ids_are_unique_and_outside_the_standards() -> None:
    ids = [r.id for r in INPUT_RULES]
    assert len(ids) == len(set(ids)) == 3
    standard_ids = {r.id for s in default_catalog().latest_versions() for r in s.rules}
    assert not standard_ids & set(ids)
