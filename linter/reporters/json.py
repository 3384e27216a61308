"""``--format json``: one object, validated by the schema ``splint schema`` prints."""
from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from splint.linter.reporters.text import location
from splint.linter.runner import Result
from splint.linter.types import Edit

SCHEMA_VERSION = "1"


def splint_version() -> str:
    try:
        return version("splint")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def schema_text() -> str:
    return resources.files("splint.linter.schemas").joinpath("check-output.schema.json").read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def _edit(result: Result, edit: Edit) -> dict[str, Any]:
    assert result.origin is not None
    row, col, end_row, end_col = result.origin.locate(edit.span, edit.in_file)
    return {
        "content": edit.replacement,
        "location": {"row": row, "column": col},
        "end_location": {"row": end_row, "column": end_col},
    }


def entry(result: Result) -> dict[str, Any]:
    """One source as `splint check --format json` shows it (also used by `splint rewrite`)."""
    out: dict[str, Any] = {"path": result.path}
    if result.item_id is not None:
        out["id"] = result.item_id
    if result.target is not None:
        out["target"] = result.target
    diagnostics = []
    for d in result.diagnostics:
        row, col, end_row, end_col = location(result, d)
        item: dict[str, Any] = {
            "code": d.code,
            "rule": d.rule,
            "severity": d.severity.label,
            "message": d.message,
            "location": {"row": row, "column": col},
            "end_location": {"row": end_row, "column": end_col},
        }
        if d.hint:
            item["hint"] = d.hint
        if d.fix is not None and result.origin is not None:
            item["fix"] = {
                "title": d.fix.title,
                "safety": d.fix.safety,
                "edits": [_edit(result, e) for e in d.fix.edits],
            }
        diagnostics.append(item)
    out["diagnostics"] = diagnostics
    out["error"] = result.error
    return out


def render(results: Sequence[Result]) -> str:
    payload = {
        "version": SCHEMA_VERSION,
        "splint": splint_version(),
        "files": [entry(r) for r in results],
        "summary": {
            "prompts": sum(1 for r in results if r.error is None),
            "errors": sum(1 for r in results if r.error is not None),
            "diagnostics": sum(len(r.diagnostics) for r in results),
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
