"""``--format sarif``: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run with every rule in the tool's metadata (summary, full description, help text from the
rule docs, default level), one result per diagnostic with its region in characters
(``columnKind: unicodeCodePoints``), safe fixes as SARIF fixes, and a tool notification per
source that could not be read. Paths are relative to the working directory where they can be,
under ``%SRCROOT%``.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from splint.linter.reporters.json import splint_version
from splint.linter.reporters.text import location
from splint.linter.runner import Result
from splint.linter.types import Diagnostic, Severity

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> dict[str, str]:
    """An artifact location: relative to %SRCROOT% (the working directory) when inside it."""
    if path in ("-", "<stdin>"):
        return {"uri": "stdin"}
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else p
        if str(rel).startswith(".."):
            raise ValueError
        return {"uri": quote(rel.as_posix()), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": p.resolve().as_uri()}


def _rules() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from splint.linter.docs import HEADINGS, parts
    from splint.rules import RULES

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code, module in RULES.items():
        meta = module.META
        summary, documented = parts(module)
        sections = [(h.rstrip(":"), documented.get(h.rstrip(":"), "")) for h in HEADINGS]
        text = "\n\n".join(f"{name}: {body}" for name, body in sections if body)
        markdown = "\n\n".join(f"**{name}.** {body}" for name, body in sections if body)
        index[code] = len(rules)
        rules.append({
            "id": code,
            "name": meta.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": documented.get("What it does", summary)},
            "help": {"text": text or summary, "markdown": markdown or summary},
            "defaultConfiguration": {"level": _LEVEL[meta.severity]},
            "properties": {"tags": [meta.group], "precision": "medium"},
        })
    return rules, index


def _region(result: Result, d: Diagnostic) -> dict[str, int]:
    row, col, end_row, end_col = location(result, d)
    return {"startLine": row, "startColumn": col, "endLine": end_row, "endColumn": end_col}


def _fixes(result: Result, d: Diagnostic) -> list[dict[str, Any]]:
    if d.fix is None or d.fix.safety != "safe" or result.origin is None:
        return []
    replacements = []
    for edit in d.fix.edits:
        row, col, end_row, end_col = result.origin.locate(edit.span, edit.in_file)
        replacements.append({
            "deletedRegion": {"startLine": row, "startColumn": col, "endLine": end_row, "endColumn": end_col},
            "insertedContent": {"text": edit.replacement},
        })
    return [{"description": {"text": d.fix.title},
             "artifactChanges": [{"artifactLocation": _uri(result.path), "replacements": replacements}]}]


def render(results: Sequence[Result]) -> str:
    rules, index = _rules()
    findings: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in results:
        if r.error is not None:
            where = f"{r.path} [{r.item_id}]" if r.item_id is not None else r.path
            notifications.append({
                "level": "error",
                "message": {"text": f"{where}: {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": _uri(r.path)}}],
            })
            continue
        for d in r.diagnostics:
            item = f"{r.item_id}: " if r.item_id is not None else ""
            finding: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity],
                "message": {"text": item + d.message},
                "locations": [{"physicalLocation": {"artifactLocation": _uri(r.path), "region": _region(r, d)}}],
                "properties": {"rule": d.rule},
            }
            if r.item_id is not None:
                finding["properties"]["item"] = r.item_id
            if d.hint:
                finding["properties"]["hint"] = d.hint
            if fixes := _fixes(r, d):
                finding["fixes"] = fixes
            findings.append(finding)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "splint", "version": splint_version(), "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": findings,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    payload = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
