"""``--format github``: GitHub Actions workflow commands, one annotation per diagnostic.

``::warning file=PATH,line=R,col=C,endLine=R2,endColumn=C2,title=CODE [rule]::message``.
Rows and columns are the same 1-based character positions the other formats print; an
unreadable source is an ``::error`` on the file. Info-level diagnostics are notices.
"""
from __future__ import annotations

from collections.abc import Sequence

from splint.linter.reporters.text import location
from splint.linter.runner import Result
from splint.linter.types import Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """The message part of a workflow command: %, CR and LF are escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property value: as the message, plus the ``:`` and ``,`` that end a property."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[Result]) -> str:
    lines = []
    for r in results:
        where = f"{r.path} [{r.item_id}]" if r.item_id is not None else r.path
        if r.error is not None:
            lines.append(f"::error file={_property(r.path)},title=splint::{_data(f'{where}: {r.error}')}")
            continue
        for d in r.diagnostics:
            row, col, end_row, end_col = location(r, d)
            props = [f"file={_property(r.path)}", f"line={row}", f"col={col}", f"endLine={end_row}",
                     f"endColumn={end_col}", f"title={_property(f'{d.code} [{d.rule}]')}"]
            item = f"{r.item_id}: " if r.item_id is not None else ""
            lines.append(f"::{_LEVEL[d.severity]} {','.join(props)}::{_data(item + d.message)}")
    return "".join(line + "\n" for line in lines)
