"""Checks are versioned too: a released standard version keeps the check implementations it was
released with (docs/versioning.md, "Checks are versioned too").

`test_released_versions_keep_their_check_implementations` is the guard: it fails when the code of
a check version a released standard uses changes (its digest moves) without a new check version
or a reviewed entry in standards/neutral-changes.yaml.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ocp_standards.catalog.loader import default_catalog, load_catalog
from ocp_standards.catalog.ruleset import activate
from ocp_standards.checks.base import CheckContext, CheckOutcome
from ocp_standards.checks.builtin import registry, run_check
from ocp_standards.checks.registry import REGISTRY, PythonCheck, Registry
from ocp_standards.checks.versions import canonical, check_refs, lookup_key, parse_ref
from ocp_standards.committee import check_versions as cv
from ocp_standards.committee.lint import version_problems
from ocp_standards.committee.release import freeze
from ocp_standards.engine.rule_info import catalogue
from ocp_standards.model.outcome import Outcome
from ocp_standards.settings.clock import resolve_now

from .fixtures.core.builders import rule_data, standard_data, write_version

NOW = resolve_now("2026-12-04")


@pytest.fixture(scope="module")
def impls() -> dict[str, cv.Implementation]:
    return cv.implementations()


def _released() -> list[Any]:
    cat = default_catalog()
    return [s for sid in sorted(cat.standards) for s in cat.versions(sid) if not s.is_draft]


# the guard ---------------------------------------------------------------------------------------


def test_released_versions_keep_their_check_implementations(
    impls: dict[str, cv.Implementation],
) -> None:
    cat = default_catalog()
    neutral, problems = cv.load_neutral(cat.root / cv.NEUTRAL_FILE)
    assert not problems, problems
    for std in _released():
        recorded = json.loads((cat.root / std.id / std.version / "release.json").read_text())
        drift = cv.drift(std.ref, recorded, impls, neutral, folder=std.folder)
        assert not drift, "\n\n".join(drift)


def test_every_check_a_released_version_uses_is_recorded() -> None:
    cat = default_catalog()
    assert _released(), "no released version to guard"
    for std in _released():
        recorded = json.loads((cat.root / std.id / std.version / "release.json").read_text())
        assert sorted(recorded["checks"]) == cv.used_checks(std), std.ref
        assert set(recorded) >= {"digest", "files", *cv.SECTIONS}


def test_the_generation_standard_records_the_dcat_shapes() -> None:
    cat = default_catalog()
    recorded = json.loads((cat.root / "ocp-generation" / "1.0.0" / "release.json").read_text())
    assert list(recorded["shapes"]) == ["checks/shapes/dcat-core.ttl"]


def test_drift_tells_the_developer_what_to_do(impls: dict[str, cv.Implementation]) -> None:
    name = "python:has-operation@1"
    now = impls[name].digest
    recorded = {"checks": {name: "sha256:old"}, "shapes": {}, "vocabularies": {}}
    [problem] = cv.drift("ocp-exchange@1.0.0", recorded, impls, [])
    assert "has-operation@1 changed since the release" in problem
    assert 'python_check("has-operation", …, version=2)' in problem
    assert "has-operation@2" in problem and "neutral-changes.yaml" in problem
    assert f"new: '{now}'" in problem
    # A reviewed neutral change (or a chain of them) accepts it.
    step = cv.NeutralChange("checks", name, "sha256:old", "sha256:mid", "refactor", "R. Eviewer")
    last = cv.NeutralChange("checks", name, "sha256:mid", now, "message reworded", "R. Eviewer")
    assert cv.drift("x", recorded, impls, [step, last]) == []
    assert cv.drift("x", recorded, impls, [step]) != []
    gone = {"checks": {"python:no-such-check@1": "sha256:x"}, "shapes": {}, "vocabularies": {}}
    assert "is gone" in cv.drift("x", gone, impls, [])[0]


def test_neutral_changes_need_a_reason_and_a_reviewer(tmp_path: Path) -> None:
    path = tmp_path / cv.NEUTRAL_FILE
    path.write_text(
        "changes:\n"
        "- {check: 'each@1', old: 'sha256:a', new: 'sha256:b', why: 'rename', reviewer: 'Q'}\n"
        "- {check: 'each@1', old: 'sha256:b', new: 'sha256:c', why: TODO, reviewer: 'Q'}\n"
        "- {old: 'sha256:b', new: 'sha256:c', why: 'x', reviewer: 'Q'}\n"
    )
    entries, problems = cv.load_neutral(path)
    assert [e.new for e in entries] == ["sha256:b"]
    assert len(problems) == 2 and "why missing" in problems[0]


# digests -----------------------------------------------------------------------------------------


def test_digests_cover_every_registered_check_and_are_stable(
    impls: dict[str, cv.Implementation],
) -> None:
    reg = registry()
    assert set(impls) == {k.ref for k in reg.kinds.values()} | {
        "python:" + p.ref for p in reg.python.values()
    }
    again = cv.implementations()
    assert {k: v.digest for k, v in again.items()} == {k: v.digest for k, v in impls.items()}
    for impl in impls.values():
        assert impl.digest.startswith("sha256:") and len(impl.digest) == 71


def test_a_digest_follows_what_the_check_uses(impls: dict[str, cv.Implementation]) -> None:
    parts = impls["python:has-operation@1"].parts
    # its own code (through the @api_check wrapper), the model it reads, the outcome it returns
    assert "ocp_standards.checks.api.interop:has_operation" in parts
    assert "ocp_standards.checks.api.model:OpenApi" in parts
    assert "ocp_standards.checks.base:CheckOutcome" in parts
    assert not [p for p in parts if p.startswith(("re:", "jsonschema", "typing"))]
    each = impls["each@1"].parts
    assert "ocp_standards.checks.declarative:each" in each
    assert "ocp_standards.checks.paths:find" in each
    assert impls["python:shacl@1"].shapes == {"checks/shapes/dcat-core.ttl"}


def test_source_is_compared_without_docstrings_comments_and_blank_lines() -> None:
    a = 'def f(x):\n    """Doc."""\n\n    # a comment\n    return x + 1  # why\n'
    b = "def f(x):\n    return x + 1\n"
    c = "def f(x):\n    return x + 2\n"
    assert cv.normalise_source(a) == cv.normalise_source(b) != cv.normalise_source(c)


# versions side by side ---------------------------------------------------------------------------


def _returns(outcome: Outcome) -> Any:
    def fn(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
        return CheckOutcome(outcome)

    return fn


def test_a_new_version_beside_the_old_keeps_the_old_where_it_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = PythonCheck("test-cv", "v1", _returns(Outcome.PASSED))
    two = PythonCheck("test-cv", "v2", _returns(Outcome.FAILED), version=2)
    monkeypatch.setitem(REGISTRY.python, "test-cv", one)
    monkeypatch.setitem(REGISTRY.python, "test-cv@2", two)
    ctx = CheckContext(root={}, now=NOW)

    def outcome(name: str) -> Outcome:
        return run_check({"kind": "python", "name": name}, ctx).outcome

    assert outcome("test-cv") is Outcome.PASSED  # a bare name means @1
    assert outcome("test-cv@1") is Outcome.PASSED
    assert outcome("test-cv@2") is Outcome.FAILED
    assert outcome("test-cv@3") is Outcome.CANT_TELL
    assert REGISTRY.validate({"kind": "python", "name": "test-cv@2"}) == []
    assert (
        "unknown python check 'test-cv@3'"
        in REGISTRY.validate({"kind": "python", "name": "test-cv@3"})[0]
    )
    # declarative kinds take a version the same way
    assert run_check({"kind": "present@1", "path": "$.a"}, ctx).outcome is Outcome.FAILED
    assert REGISTRY.validate({"kind": "present@9", "path": "$.a"})[0].startswith("check.kind")


def test_registering_versions() -> None:
    reg = Registry()

    def fn(ctx: CheckContext, args: dict[str, Any]) -> CheckOutcome:
        """Checks nothing."""
        return CheckOutcome.passed()

    reg.python_check("x", "v1")(fn)
    reg.python_check("x", "v2", version=2)(fn)
    assert [c.ref for c in reg.python.values()] == ["x@1", "x@2"]
    assert reg.get_python("x@2") is reg.python["x@2"] and reg.get_python("x@1") is reg.python["x"]
    with pytest.raises(ValueError, match="'x@2' registered twice"):
        reg.python_check("x", "again", version=2)(fn)
    with pytest.raises(ValueError, match="not in the name"):
        reg.python_check("y@2", "bad")(fn)


def test_names_and_refs() -> None:
    assert parse_ref("has-operation@2") == ("has-operation", 2)
    assert parse_ref("has-operation") == ("has-operation", 1)
    assert canonical("each") == "each@1" and lookup_key("each@1") == "each"
    spec = {
        "kind": "all_of",
        "checks": [
            {"kind": "each", "path": "$.x", "check": {"kind": "python", "name": "a@2"}},
            {"kind": "python", "name": "b"},
            {"kind": "present", "path": "$.y"},
        ],
    }
    assert check_refs(spec) == [
        "all_of@1",
        "each@1",
        "python@1",
        "python:a@2",
        "python:b@1",
        "present@1",
    ]


# reports, releases, lint -------------------------------------------------------------------------


def test_reports_list_the_check_versions_each_rule_ran() -> None:
    std = default_catalog().get("ocp-exchange", "1.0.0")
    rules = [activate(r) for r in std.rules]
    infos = catalogue(rules, {r.id for r in rules})
    assert all(info.checks for info in infos)
    named = {ref for info in infos for ref in info.checks}
    assert any(ref.startswith("python:") and ref.endswith("@1") for ref in named)


def test_release_records_the_check_versions(tmp_path: Path) -> None:
    rules = [
        rule_data(),
        rule_data("TST-GEN-002", check={"kind": "python", "name": "no-credentials-in-url@1"}),
    ]
    version_dir = write_version(tmp_path, standard_data(), rules)
    std = load_catalog(tmp_path).get("ocp-testing", "1.0.0")
    freeze(tmp_path, std, dt.date(2026, 12, 4))
    recorded = json.loads((version_dir / "release.json").read_text())
    assert sorted(recorded["checks"]) == [
        "present@1",
        "python:no-credentials-in-url@1",
        "python@1",
    ]
    assert recorded["shapes"] == {} and recorded["vocabularies"] == {}
    released = load_catalog(tmp_path).get("ocp-testing", "1.0.0")  # still verifies
    assert not released.is_draft


def test_lint_warns_on_a_python_check_without_a_version(tmp_path: Path) -> None:
    bare = rule_data("TST-GEN-002", check={"kind": "python", "name": "no-credentials-in-url"})
    pinned = rule_data("TST-GEN-003", check={"kind": "python", "name": "no-credentials-in-url@1"})
    write_version(tmp_path, standard_data(), [rule_data(), bare, pinned])
    std = load_catalog(tmp_path).get("ocp-testing", "1.0.0")
    found = [p for p in version_problems(std, None, NOW) if p.code == "L070"]
    assert len(found) == 1 and "TST-GEN-002" in found[0].where
    assert found[0].severity == "warning"
    # grandfathered versions (released before the policy) are not asked to
    for old in _released():
        assert not [p for p in version_problems(old, None, NOW) if p.code == "L070"]


def test_a_reviewed_refactor_of_many_checks_is_recorded_in_one_go(tmp_path: Path) -> None:
    # A refactor that moves many digests at once (CheckOutcome gains a field) is listed with one
    # reason and reviewer, entry by entry, and the guard then accepts it.
    root = tmp_path / "standards"
    shutil.copytree(default_catalog().root, root)
    release = root / "ocp-exchange" / "1.0.0" / "release.json"
    data = json.loads(release.read_text())
    name = sorted(data["checks"])[0]
    data["checks"][name] = "sha256:" + "0" * 64  # as if the code had moved since the release
    release.write_text(json.dumps(data, indent=2) + "\n")
    assert [(s, n) for s, n, _, _ in cv.moved(root)] == [("checks", name)]
    before, _ = cv.load_neutral(root / cv.NEUTRAL_FILE)
    with pytest.raises(ValueError, match="reviewer"):
        cv.record_neutral(root, "a refactor", " ")
    assert cv.record_neutral(root, "the outcome type gained a field", "A. Reviewer") == [name]
    neutral, problems = cv.load_neutral(root / cv.NEUTRAL_FILE)
    assert not problems and [n.name for n in neutral[len(before) :]] == [name]
    assert cv.moved(root) == []
