"""JUnit XML for CI test-report views (GitLab, Jenkins, GitHub actions that read JUnit).

One `<testsuite>` per subject and one `<testcase>` per subject × rule, passes included.
`classname` is the subject path and `name` the rule id and title, so every case is unique
(GitLab keys cases by classname + name and drops duplicates). Failed rules carry their findings
in `<failure>`; inapplicable, cantTell and untested rules are `<skipped>` with the reason; a
failure that a waiver or a baseline excuses is `<skipped>` too, saying so, so a JUnit consumer
agrees with the gate. Expired and unused waivers form one more suite.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..gate.verdict import blocks_gate
from ..model.outcome import Outcome
from ..model.report import Report, RuleResult, SubjectReport

_SKIP_REASON = {
    Outcome.INAPPLICABLE: "not applicable",
    Outcome.CANT_TELL: "could not be checked",
    Outcome.UNTESTED: "not tested",
}


def render_junit(report: Report) -> str:
    root = ET.Element("testsuites", name=f"ocp check ({report.profile.id})")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for subject in report.subjects:
        suite = _suite(subject, report)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    if report.waivers is not None and report.waivers.problems:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=f"waivers: {report.waivers.file}",
            tests=str(len(report.waivers.problems)),
            failures=str(len(report.waivers.problems)),
            errors="0",
            skipped="0",
            time="0",
        )
        for i, p in enumerate(report.waivers.problems):
            case = ET.SubElement(
                suite,
                "testcase",
                classname=report.waivers.file,
                name=f"{p.rule_id} {p.location.pointer or i}",
                file=report.waivers.file,
                time="0",
            )
            if p.location.line:
                case.set("line", str(p.location.line))
            fail = ET.SubElement(case, "failure", message=p.message, type=p.severity.value)
            fail.text = p.message
        totals["tests"] += len(report.waivers.problems)
        totals["failures"] += len(report.waivers.problems)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(subject: SubjectReport, report: Report) -> ET.Element:
    failures = sum(1 for r in subject.results if blocks_gate(r))
    skipped = sum(
        1 for r in subject.results if r.outcome is not Outcome.PASSED and not blocks_gate(r)
    )
    suite = ET.Element(
        "testsuite",
        name=subject.path,
        tests=str(len(subject.results)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time="0",
        timestamp=f"{report.as_of}T00:00:00",
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("kind", subject.kind.value),
        ("score", f"{subject.score:g}"),
        ("level", subject.level_title),
        ("profile", report.profile.id),
        ("scoring_model", subject.scoring_model or report.scoring.model),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    for result in subject.results:
        suite.append(_case(result, subject))
    return suite


def _case(result: RuleResult, subject: SubjectReport) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=subject.path,
        name=f"{result.rule_id} {result.title}",
        file=subject.path,
        time="0",
    )
    first_line = next((f.location.line for f in result.findings if f.location.line), None)
    if first_line:
        case.set("line", str(first_line))
    if result.outcome is Outcome.PASSED:
        return case
    if result.outcome is Outcome.FAILED:
        details = _details(result)
        if result.waiver is not None:
            w = result.waiver
            ET.SubElement(
                case,
                "skipped",
                message=f"waived ({w.reason}) until {w.expires}, approved by {w.approver}: "
                f"{w.justification}",
            ).text = details
        elif result.baseline == "known":
            ET.SubElement(
                case, "skipped", message="known failure recorded in the baseline"
            ).text = details
        else:
            count = len(result.findings)
            summary = result.findings[0].message if result.findings else result.title
            more = f" (+{count - 1} more)" if count > 1 else ""
            fail = ET.SubElement(
                case,
                "failure",
                message=f"[{result.level.value}] {summary}{more}",
                type=result.severity.value,
            )
            fail.text = details
        return case
    reason = _SKIP_REASON.get(result.outcome, result.outcome.value)
    ET.SubElement(
        case, "skipped", message=f"{reason}: {result.reason}" if result.reason else reason
    )
    return case


def _details(result: RuleResult) -> str:
    lines = [f"{result.rule_id} {result.title} ({result.level.value}, {result.standard})"]
    for f in result.findings:
        where = f.location.path
        if f.location.line:
            where += f":{f.location.line}"
        if f.location.pointer:
            where += f" {f.location.pointer}"
        times = f" ({f.count} times)" if f.count > 1 else ""
        lines.append(f"- {where}: {f.message}{times}")
    if result.remediation:
        lines.append(f"Fix: {result.remediation}")
    return "\n".join(lines)
