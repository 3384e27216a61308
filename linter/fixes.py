"""Apply safe fixes to prompt files: edit, re-lint, repeat until nothing is left to fix.

Only fixes marked ``safe`` are applied: they cannot change the scene (a parameter line moved
into the front matter, a resolution tag removed). Fixes apply to prompt files; a collection's
items are reported with their fixes but left as written, since an edit inside a YAML or JSON
string would have to be re-quoted. Writes are atomic: the new text goes to a temporary file
in the same folder, which then replaces the original.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from splint.linter.config import Config
from splint.linter.files import write_atomic
from splint.linter.runner import Options, lint
from splint.linter.source import PROMPT_SUFFIXES, decode, parse_source
from splint.linter.types import Prompt

MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class Fixed:
    original: str
    text: str
    applied: int            # fixes applied, over all passes

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def diff(self, shown: str) -> str:
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True), self.text.splitlines(keepends=True),
            fromfile=f"a/{shown}", tofile=f"b/{shown}",
        )
        out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
        return out


def fixable(path: str) -> bool:
    return Path(path).suffix.lower() in PROMPT_SUFFIXES


def _touch(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two edits overlap, or insert at the same place (their order would be a guess)."""
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def _one_pass(shown: str, text: str, options: Options, config_for: Callable[[str], Config]) -> tuple[str, int]:
    sources = list(parse_source(shown, text.encode("utf-8")))
    if len(sources) != 1 or not isinstance(sources[0], Prompt):
        return text, 0
    prompt = sources[0]
    taken: list[tuple[int, int, str]] = []
    applied = 0
    for result in lint(sources, options, config_for):
        for diagnostic in result.diagnostics:
            fix = diagnostic.fix
            if fix is None or fix.safety != "safe":
                continue
            edits = [
                (e.span.start, e.span.end, e.replacement) if e.in_file
                else (prompt.origin.file_offset(e.span.start), prompt.origin.file_offset(e.span.end), e.replacement)
                for e in fix.edits
            ]
            # A fix is applied whole or not at all; one that touches another waits for the next pass.
            if any(_touch(edit, other) for edit in edits for other in taken):
                continue
            taken.extend(edits)
            applied += 1
    if not taken:
        return text, 0
    out = text
    for start, end, replacement in sorted(taken, key=lambda t: (t[0], t[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out, applied


def fix_text(shown: str, text: str, options: Options, config_for: Callable[[str], Config]) -> Fixed:
    current, applied = text, 0
    for _ in range(MAX_PASSES):
        current, count = _one_pass(shown, current, options, config_for)
        if count == 0:
            break
        applied += count
    return Fixed(text, current, applied)


class Fixer:
    """``check --fix``: fixes each prompt file before it is linted; ``--diff`` collects diffs instead.

    A file that cannot be written is left as it was, with a line in ``errors``.
    """

    def __init__(self, options: Options, config_for: Callable[[str], Config], write: bool) -> None:
        self.options = options
        self.config_for = config_for
        self.write = write
        self.applied = 0
        self.diffs: list[str] = []
        self.errors: list[str] = []

    def _fixed(self, shown: str, data: bytes) -> Fixed | None:
        if not fixable(shown):
            return None
        try:
            text = decode(shown, data)
        except ValueError:
            return None  # the lint run reports it
        fixed = fix_text(shown, text, self.options, self.config_for)
        return fixed if fixed.changed else None

    def file(self, path: Path, shown: str) -> bool:
        """Fix one file; False when it is not to be linted afterwards (``--diff``)."""
        try:
            data = path.read_bytes()
        except OSError:
            return True  # reading it again reports the error
        fixed = self._fixed(shown, data)
        if fixed is None:
            return self.write
        if not self.write:
            self.diffs.append(fixed.diff(shown))
            return False
        try:
            write_atomic(path, fixed.text, bom=data.startswith(b"\xef\xbb\xbf"))
        except OSError as exc:
            self.errors.append(f"{shown}: cannot write the fixes ({exc.strerror or exc}); file left as it was")
            return True
        self.applied += fixed.applied
        return True

    def stdin(self, shown: str, data: bytes) -> None:
        """``--fix --diff`` on stdin: the diff, nothing linted."""
        fixed = self._fixed(shown, data)
        if fixed is not None:
            self.diffs.append(fixed.diff(shown))
