"""`ocp standards`, `ocp rules`, `ocp profiles`: read the catalog."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ..catalog.errors import CatalogError
from ..catalog.loader import Catalog, default_catalog
from ..catalog.ruleset import resolve_ruleset
from ..checks.versions import check_refs
from ..model.rule import Rule
from .common import ListFormat, out, print_json, usage_error

standards_app = typer.Typer(help="List and show standard versions.", no_args_is_help=True)
rules_app = typer.Typer(help="List and explain rules.", no_args_is_help=True)
profiles_app = typer.Typer(help="List and show profiles.", no_args_is_help=True)

FormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]


def catalog() -> Catalog:
    try:
        return default_catalog()
    except CatalogError as exc:
        usage_error("the standards files are invalid:\n  " + "\n  ".join(exc.problems))


# standards --------------------------------------------------------------------------------------


@standards_app.command("list")
def standards_list(fmt: FormatOpt = ListFormat.text) -> None:
    """Every standard and version, with status, rule count and digest."""
    cat = catalog()
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "version": s.version,
            "title": s.title,
            "status": s.status,
            "released": s.released.isoformat() if s.released else None,
            "rules": len(s.rules),
            "digest": s.digest,
        }
        for sid in sorted(cat.standards)
        for s in cat.versions(sid)
    ]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    table = Table("Standard", "Version", "Status", "Released", "Rules", "Title", "Digest")
    for r in rows:
        # A draft's digest changes with every edit: it identifies nothing yet.
        status = r["status"].upper() if r["status"] == "draft" else r["status"]
        digest = r["digest"][:19] + "…" if r["released"] else "(draft)"
        table.add_row(
            r["id"], r["version"], status, r["released"] or "", str(r["rules"]), r["title"], digest
        )
    out.print(table)


def _split_ref(ref: str) -> tuple[str, str | None]:
    sid, _, version = ref.partition("@")
    return sid, version or None


@standards_app.command("show")
def standards_show(
    ref: Annotated[str, typer.Argument(help="STANDARD or STANDARD@VERSION (default: latest).")],
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """A standard version: summary, scoring model and its rules."""
    cat = catalog()
    sid, version = _split_ref(ref)
    try:
        std = cat.get(sid, version)
    except CatalogError as exc:
        usage_error(str(exc))
    if fmt is ListFormat.json:
        data = std.model_dump(mode="json", exclude={"rules"})
        data["rules"] = [_rule_row(r) for r in std.rules]
        print_json(data)
        return
    out.print(Text(f"{std.title} — {std.id} {std.version} ({std.status})", style="bold"))
    if std.summary:
        out.print(std.summary.strip())
    out.print(f"Digest: {std.digest}")
    sc = std.scoring
    weights = ", ".join(f"{k.value} {v:g}" for k, v in sc.level_weights.items())
    out.print(f"Scoring: points = weight × level weight ({weights})")
    for lvl in sc.levels:
        req = "/".join(x.value for x in lvl.require_pass) or "nothing"
        out.print(f"  {lvl.title}: score ≥ {lvl.min_score:g}, every applicable {req} passes")
    out.print(f"  otherwise: {sc.fallback_level.title}")
    out.print(_rules_table(std.rules))


# rules ------------------------------------------------------------------------------------------


def _rule_row(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "slug": rule.slug,
        "title": rule.title,
        "level": rule.level.value,
        "severity": rule.severity.value,
        "applies_to": rule.applies_to,
        "dimension": rule.dimension,
        "weight": rule.weight,
        "status": rule.status.value,
        "standard": f"{rule.standard}@{rule.standard_version}",
    }


def _rules_table(rules: list[Rule]) -> Table:
    table = Table("Rule", "Level", "Applies to", "Dimension", "Status", "Title")
    for r in rules:
        table.add_row(
            r.id, r.level.value, ",".join(r.applies_to), r.dimension, r.status.value, r.title
        )
    return table


@rules_app.command("list")
def rules_list(
    standard: Annotated[
        str | None,
        typer.Option("--standard", "-s", help="Only this standard (STANDARD or STANDARD@VERSION)."),
    ] = None,
    applies_to: Annotated[
        str | None,
        typer.Option(
            "--applies-to", help="Only rules for this kind: manifest, dataset, metadata, api."
        ),
    ] = None,
    profile: Annotated[
        str | None, typer.Option("--profile", "-p", help="Only the rules this profile runs.")
    ] = None,
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """Rules of the latest version of every standard (or of one standard or profile)."""
    cat = catalog()
    if standard:
        sid, version = _split_ref(standard)
        try:
            rules = cat.get(sid, version).rules
        except CatalogError as exc:
            usage_error(str(exc))
    elif profile:
        try:
            rules = [a.rule for a in resolve_ruleset(cat, cat.profile(profile)).rules]
        except CatalogError as exc:
            usage_error("\n  ".join(exc.problems))
    else:
        rules = cat.all_rules()
    if applies_to:
        kinds = {"manifest", "dataset", "metadata", "api", "submission", "catalog"}
        if applies_to not in kinds:
            usage_error(f"--applies-to {applies_to!r}: use one of {', '.join(sorted(kinds))}")
        rules = [r for r in rules if applies_to in r.applies_to]
    if fmt is ListFormat.json:
        print_json([_rule_row(r) for r in rules])
        return
    out.print(_rules_table(rules))
    out.print(f"{len(rules)} rule(s)")


@rules_app.command("explain")
def rules_explain(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. PROC-RES-001.")],
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """Everything about one rule: statement, rationale, level, parameters, sources, examples."""
    cat = catalog()
    rule = cat.find_rule(rule_id.strip().upper())
    if rule is None:
        usage_error(f"unknown rule {rule_id!r}", "list rules with `ocp rules list`")
    if fmt is ListFormat.json:
        print_json(rule.model_dump(mode="json", by_alias=True))
        return
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False

    def dump(value: Any) -> str:
        import io

        buf = io.StringIO()
        yaml.dump(value, buf)
        return buf.getvalue().rstrip()

    out.print(Text(f"{rule.id} — {rule.title}", style="bold"))
    out.print(
        f"{rule.standard}@{rule.standard_version} · {rule.level.value} "
        f"(severity {rule.severity.value}) · applies to {', '.join(rule.applies_to)} · "
        f"dimension {rule.dimension} · weight {rule.weight} · {rule.status.value} "
        f"since {rule.since} · slug {rule.slug}"
    )
    for heading, body in (
        ("Statement", rule.statement),
        ("Rationale", rule.rationale),
        ("How to comply", rule.remediation),
    ):
        if body:
            out.print(Text(f"\n{heading}", style="bold"))
            out.print(body.strip())
    out.print(Text("\nParameters (a profile may override)", style="bold"))
    out.print(dump(rule.params) if rule.params else "none", markup=False)
    for name, cited in sorted(rule.param_sources.items()):
        if cited.source is not None:
            source = rule.sources[cited.source - 1]
            where = source.cite() + (f", {cited.locator}" if cited.locator else "")
            out.print(f"- {name}: from {where}", markup=False)
        if cited.policy:
            out.print(f"- {name}: policy default — {cited.policy}", markup=False)
    out.print(Text("\nCheck", style="bold"))
    out.print(dump(rule.check), markup=False)
    out.print(f"Check versions: {', '.join(check_refs(rule.check))}", markup=False)
    out.print(Text("\nSources", style="bold"))
    for s in rule.sources:
        where = f", {s.locator}" if s.locator else ""
        basis = f" [{s.basis}]" if s.basis else " [basis not stated]"
        named = f" ({s.title}{where})" if s.title else where
        out.print(f"- {s.url}{named}{basis}", markup=False)
    for label, docs in (
        ("Passing example", rule.examples.passing),
        ("Failing example", rule.examples.failing),
    ):
        out.print(Text(f"\n{label}", style="bold"))
        out.print(dump(docs[0]) if not isinstance(docs[0], str) else docs[0].rstrip(), markup=False)


# profiles ---------------------------------------------------------------------------------------


@profiles_app.command("list")
def profiles_list(fmt: FormatOpt = ListFormat.text) -> None:
    """Bundled profiles: NAME is the newest version; pin one with NAME@VERSION."""
    cat = catalog()
    rows: list[dict[str, Any]] = []
    for name in cat.profile_names():
        try:
            p = cat.profile(name)
        except CatalogError as exc:
            usage_error("\n  ".join(exc.problems))
        rows.append(
            {
                "id": p.id,
                "version": p.version,
                "versions": cat.profile_versions(name),
                "title": p.title,
                "extends": p.extends,
                "standards": p.standards,
                "description": p.description.strip(),
            }
        )
    if fmt is ListFormat.json:
        print_json(rows)
        return
    table = Table("Profile", "Newest", "Extends", "Standards", "Title")
    for r in rows:
        stds = ", ".join(f"{k}@{v}" for k, v in sorted(r["standards"].items()))
        table.add_row(r["id"], r["version"] or "", r["extends"] or "", stds, r["title"])
    out.print(table)


@profiles_app.command("show")
def profiles_show(
    name: Annotated[str, typer.Argument(help="Bundled profile name or profile file.")],
    fmt: FormatOpt = ListFormat.text,
) -> None:
    """A profile after `extends` is resolved, and the rules it runs."""
    cat = catalog()
    try:
        profile = cat.profile(name)
        ruleset = resolve_ruleset(cat, profile)
    except CatalogError as exc:
        usage_error("\n  ".join(exc.problems))
    data = profile.model_dump(mode="json", exclude_none=True)
    data["rules"] = [
        {"id": a.id, "severity": a.severity.value, "weight": a.weight, "params": a.params}
        for a in ruleset.rules
    ]
    if fmt is ListFormat.json:
        print_json(data)
        return
    out.print(Text(f"{profile.id} — {profile.title}", style="bold"))
    if profile.description:
        out.print(profile.description.strip())
    out.print(f"Chain: {' → '.join(profile.chain)}  ·  source {profile.source}")
    out.print("Standards: " + ", ".join(f"{k}@{v}" for k, v in sorted(profile.standards.items())))
    out.print(f"Scoring model: {ruleset.scoring_ref}")
    gate = profile.gate
    out.print(
        f"Gate: fail on {gate.fail_on or 'error'}"
        + (f", fail under {gate.fail_under:g}" if gate.fail_under is not None else "")
    )
    table = Table("Rule", "Severity", "Weight", "Overridden")
    for a in ruleset.rules:
        mark = "yes" if a.id in profile.overrides else ""
        table.add_row(a.id, a.severity.value, str(a.weight), mark)
    out.print(table)
    out.print(f"{len(ruleset.rules)} rule(s)")
