"""RunOptions: one explicit, picklable description of a run, and `check()` == `ocp check`."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ocp_standards import RunOptions, check
from ocp_standards.cli.app import app
from ocp_standards.gate.baseline import LoadedBaseline, create_baseline
from ocp_standards.gate.waivers import LoadedWaivers
from ocp_standards.model.outcome import SubjectKind
from ocp_standards.model.profile import Profile
from ocp_standards.reporters.json import render_json
from ocp_standards.settings.limits import DEFAULT as DEFAULT_LIMITS
from ocp_standards.settings.network import NetworkPolicy
from ocp_standards.settings.options import OptionsError, run_scope

from .conftest import EXAMPLES
from .crash import assert_no_crash

STRONG = EXAMPLES / "procurement" / "strong-bid.ocp.yaml"
WEAK = EXAMPLES / "procurement" / "weak-bid.ocp.yaml"
TREES = EXAMPLES / "datasets" / "good-street-trees"
API = EXAMPLES / "apis" / "parking-permits-poor.openapi.yaml"
AS_OF = "2026-11-24"


def test_the_acceptance_example_pickles_to_an_equal_value() -> None:
    o = RunOptions(profile="procurement", as_of="2026-12-01")
    assert pickle.loads(pickle.dumps(o)) == o
    assert o.as_of == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_every_field_survives_pickling(tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(_waiver("PROC-RES-001"), encoding="utf-8")
    baseline = tmp_path / "b.json"
    baseline.write_text(create_baseline(check([WEAK], profile="procurement", as_of=AS_OF)))
    profile = tmp_path / "city.yaml"
    profile.write_text(_city_profile(), encoding="utf-8")
    o = RunOptions.from_files(
        profile=profile,
        waivers=waivers,
        baseline=baseline,
        as_kind="manifest",
        as_of=dt.date(2026, 11, 24),
        select=["PROC-", "GOV-"],
        ignore="PROC-EXIT-",
        fail_on="warning",
        fail_under=75,
        limits=DEFAULT_LIMITS.but(max_rows=10),
        network=NetworkPolicy(online=True, allow_private=True),
        check_timeout=3,
        workers=2,
        root=str(tmp_path),
    )
    assert isinstance(o.profile, Profile) and o.profile.id == "city"
    assert isinstance(o.waivers, LoadedWaivers) and isinstance(o.baseline, LoadedBaseline)
    assert o.as_kind is SubjectKind.MANIFEST
    assert o.select == ("PROC-", "GOV-") and o.ignore == ("PROC-EXIT-",)
    assert o.fail_under == 75.0 and o.check_timeout == 3.0
    copy = pickle.loads(pickle.dumps(o))
    assert copy == o
    # Content, not paths: the files may be gone by the time a worker runs.
    for f in (waivers, baseline, profile):
        f.unlink()
    assert check([STRONG], copy.replace(workers=1)).subjects


def test_options_are_frozen_and_validated() -> None:
    o = RunOptions()
    with pytest.raises(AttributeError):
        o.profile = "x"  # type: ignore[misc]
    with pytest.raises(OptionsError, match="fail_on"):
        RunOptions(fail_on="sometimes")  # type: ignore[arg-type]
    with pytest.raises(OptionsError, match="fail_under"):
        RunOptions(fail_under=120)
    with pytest.raises(OptionsError, match="workers"):
        RunOptions(workers=0)
    with pytest.raises(OptionsError, match="as_kind"):
        RunOptions(as_kind="spreadsheet")  # type: ignore[arg-type]
    with pytest.raises(OptionsError, match="from_files"):
        RunOptions(waivers="ocp-waivers.yaml")  # type: ignore[arg-type]
    with pytest.raises(OptionsError, match="unknown run option"):
        o.replace(profiles="x")
    with pytest.raises(ValueError, match="ISO 8601"):
        RunOptions(as_of="next tuesday")  # type: ignore[arg-type]


def test_a_positional_profile_still_works_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"check\(paths, profile=PROFILE\)"):
        old = check([STRONG], "procurement", as_of=AS_OF)  # type: ignore[arg-type]
    new = check([STRONG], RunOptions(profile="procurement", as_of=AS_OF))
    assert render_json(old) == render_json(new)
    with pytest.raises(OptionsError, match="twice"):
        check([STRONG], "procurement", profile="default")  # type: ignore[arg-type]


def test_check_reads_no_ambient_run_state(monkeypatch: pytest.MonkeyPatch) -> None:
    # Environment variables and a context bound by an outer run do not leak into a run.
    monkeypatch.setenv("OCP_CHECK_TIMEOUT", "0.000001")
    monkeypatch.setenv("OCP_MAX_FILE_BYTES", "10")
    with run_scope(RunOptions(limits=DEFAULT_LIMITS.but(max_file_bytes=10), check_timeout=1e-6)):
        report = check([STRONG], profile="procurement", as_of=AS_OF)
    assert_no_crash(report)
    failed = {r.rule_id for s in report.subjects for r in s.results if r.outcome.value == "failed"}
    assert "OCP-INPUT-001" not in failed
    assert not any("took longer" in (r.reason or "") for s in report.subjects for r in s.results)


# check() and `ocp check` give the same JSON for every option ----------------------------------


def _waiver(rule: str) -> str:
    return (
        f"waivers:\n  - rule: '{rule}'\n    subject: '*'\n    reason: accepted-risk\n"
        "    justification: Interim arrangement agreed with the vendor\n"
        "    approver: Chief Information Officer\n    expires: 2027-06-30\n"
    )


def _city_profile() -> str:
    return (
        "id: city\ntitle: A city\nextends: procurement\n"
        "overrides:\n  PROC-RES-001:\n    params:\n      allowed_countries: [CA, US]\n"
    )


def _files(tmp_path: Path) -> dict[str, Path]:
    waivers = tmp_path / "ocp-waivers.yaml"
    waivers.write_text(_waiver("PROC-EXIT-*"), encoding="utf-8")
    baseline = tmp_path / "ocp-baseline.json"
    baseline.write_text(create_baseline(check([WEAK], profile="procurement", as_of=AS_OF)))
    profile = tmp_path / "city.yaml"
    profile.write_text(_city_profile(), encoding="utf-8")
    config = tmp_path / "ocp.toml"
    config.write_text('profile = "procurement"\nfail-under = 50\nignore = ["GOV-ALG-"]\n')
    return {"waivers": waivers, "baseline": baseline, "profile": profile, "config": config}


#: (name, paths, CLI arguments, check() keyword arguments); `{waivers}` etc. name files above.
CASES: list[tuple[str, list[Path], list[str], dict[str, Any]]] = [
    ("defaults", [STRONG, API], [], {}),
    ("profile", [STRONG, WEAK], ["--profile", "procurement"], {"profile": "procurement"}),
    ("profile-file", [STRONG], ["--profile", "{profile}"], {"profile": "{profile}"}),
    ("as-kind", [STRONG], ["--as", "manifest"], {"as_kind": "manifest"}),
    ("as-of", [STRONG], ["--as-of", "2031-01-01"], {"as_of": "2031-01-01"}),
    ("select", [STRONG], ["--select", "PROC-", "--select", "tag:privacy"],
     {"select": ["PROC-", "tag:privacy"]}),
    ("ignore", [WEAK], ["--ignore", "PROC-EXIT-"], {"ignore": ["PROC-EXIT-"]}),
    ("fail-on", [STRONG], ["--fail-on", "warning"], {"fail_on": "warning"}),
    ("fail-under", [STRONG], ["--fail-under", "99"], {"fail_under": 99}),
    ("waivers", [WEAK], ["--waivers", "{waivers}"], {"waivers": "{waivers}"}),
    ("baseline", [WEAK, STRONG], ["--baseline", "{baseline}"], {"baseline": "{baseline}"}),
    ("max-rows", [TREES], ["--max-rows", "3"], {"limits": DEFAULT_LIMITS.but(max_rows=3)}),
    ("max-file-size", [STRONG, API], ["--max-file-size", "2KiB"],
     {"limits": DEFAULT_LIMITS.but(max_file_bytes=2048)}),
    ("max-table-size", [TREES], ["--max-table-size", "100"],
     {"limits": DEFAULT_LIMITS.but(max_table_bytes=100)}),
    ("max-depth", [STRONG], ["--max-depth", "3"], {"limits": DEFAULT_LIMITS.but(max_depth=3)}),
    ("max-archive-ratio", [EXAMPLES / "submissions" / "complete"], ["--max-archive-ratio", "2"],
     {"limits": DEFAULT_LIMITS.but(max_archive_ratio=2.0)}),
    ("online", [API], ["--online", "--allow-private-network"],
     {"network": NetworkPolicy(online=True, allow_private=True)}),
    ("check-timeout", [TREES], ["--check-timeout", "0"], {"check_timeout": 0}),
    (
        # The options reach the spawned workers: a limit set here must hold there too.
        "workers",
        [STRONG, WEAK, API, TREES],
        ["--workers", "2", "--max-file-size", "2KiB"],
        {"workers": 2, "limits": DEFAULT_LIMITS.but(max_file_bytes=2048)},
    ),
]  # fmt: skip


def _fill(value: Any, files: dict[str, Path]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return str(files[value[1:-1]])
    return value


@pytest.mark.parametrize(("name", "paths", "cli", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_check_and_the_cli_give_the_same_json(
    tmp_path: Path, name: str, paths: list[Path], cli: list[str], kwargs: dict[str, Any]
) -> None:
    files = _files(tmp_path)
    args = [_fill(a, files) for a in cli]
    result = CliRunner().invoke(
        app,
        ["check", *map(str, paths), "--as-of", AS_OF, "--no-config", "--format", "json", *args],
    )
    assert_no_crash(result)
    assert result.exit_code in (0, 1), result.output
    options = RunOptions.from_files(
        **{"as_of": AS_OF, **{k: _fill(v, files) for k, v in kwargs.items()}}
    )
    report = check(paths, options)
    assert render_json(report) == result.stdout
    assert result.exit_code == (0 if report.gate.passed else 1)
    if name == "workers":
        # Workers must run with the caller's options, not their own defaults.
        assert render_json(check(paths, options.replace(workers=1))) == result.stdout
        return  # spawning workers is slow; the keyword form is covered by every other case
    # The same with keyword overrides instead of a RunOptions.
    again = check(paths, **{"as_of": AS_OF, **{k: _fill(v, files) for k, v in kwargs.items()}})
    assert render_json(again) == result.stdout


def test_a_config_file_gives_the_same_json_through_from_config(tmp_path: Path) -> None:
    files = _files(tmp_path)
    bid = tmp_path / "bid.ocp.yaml"
    bid.write_text(WEAK.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", str(bid), "--as-of", AS_OF, "--format", "json", "--fail-on", "warning"]
    )
    assert_no_crash(result)
    options = RunOptions.from_config(files["config"], as_of=AS_OF, fail_on="warning")
    assert options.root == str(tmp_path) and options.fail_under == 50.0
    assert options.ignore == ("GOV-ALG-",) and options.profile == "procurement"
    assert render_json(check([bid], options)) == result.stdout
    assert json.loads(result.stdout)["gate"]["fail_under"] == 50.0
