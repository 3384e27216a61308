"""``--format junit``: JUnit XML for CI test reports (GitLab, Jenkins, Azure, GitHub test reporters).

One ``testsuite`` per file. A prompt whose diagnostics are all below the failing severity is
one passing ``testcase``; each diagnostic at or above it is a failing ``testcase`` of its own
(named by rule and position, so a report lists problems, not files). A source that cannot be
read is a ``testcase`` with an ``error``.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from splint.linter.reporters.text import location
from splint.linter.runner import Result
from splint.linter.types import Severity


def render(results: Sequence[Result], threshold: Severity) -> str:
    root = ET.Element("testsuites", name="splint")
    suites: dict[str, ET.Element] = {}
    totals = {"tests": 0, "failures": 0, "errors": 0}
    counts: dict[str, dict[str, int]] = {}
    for r in results:
        suite = suites.get(r.path)
        if suite is None:
            suite = suites[r.path] = ET.SubElement(root, "testsuite", name=r.path)
            counts[r.path] = {"tests": 0, "failures": 0, "errors": 0}
        where = f"{r.path} [{r.item_id}]" if r.item_id is not None else r.path
        c = counts[r.path]
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=r.path, name=where)
            ET.SubElement(case, "error", message=r.error, type="unreadable").text = f"{where}: {r.error}"
            c["tests"] += 1
            c["errors"] += 1
            continue
        failing = [d for d in r.diagnostics if d.severity >= threshold]
        if not failing:
            case = ET.SubElement(suite, "testcase", classname=r.path, name=where)
            below = [d for d in r.diagnostics if d.severity < threshold]
            if below:
                ET.SubElement(case, "system-out").text = "\n".join(
                    f"{where}:{location(r, d)[0]}:{location(r, d)[1]}: {d.code} [{d.rule}] {d.message}" for d in below)
            c["tests"] += 1
            continue
        for d in failing:
            row, col, _, _ = location(r, d)
            item = f" [{r.item_id}]" if r.item_id is not None else ""
            case = ET.SubElement(suite, "testcase", classname=r.path, name=f"{d.code} [{d.rule}]{item} at {row}:{col}",
                                 file=r.path, line=str(row))
            failure = ET.SubElement(case, "failure", message=d.message, type=d.severity.label)
            failure.text = f"{where}:{row}:{col}: {d.code} [{d.rule}] {d.message}" + (f"\nhelp: {d.hint}" if d.hint else "")
            c["tests"] += 1
            c["failures"] += 1
    for path, suite in suites.items():
        for key, value in counts[path].items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
