"""Text output as compilers and ruff print it: ``path:row:col: CODE [rule] message``."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from splint.linter.runner import Result
from splint.linter.types import Diagnostic, Origin

_WIDTH = 100  # an excerpt shows at most this many characters of a (long, one-paragraph) line


def location(result: Result, diagnostic: Diagnostic) -> tuple[int, int, int, int]:
    assert result.origin is not None
    return result.origin.locate(diagnostic.span, diagnostic.in_file)


def _excerpt(origin: Origin, row: int, col: int, end_row: int, end_col: int) -> list[str]:
    line = origin.line(row).expandtabs(1)
    stop = end_col if end_row == row else len(line) + 1
    width = max(1, stop - col)
    left = max(0, min(col - 1 - 20, len(line) - _WIDTH))
    if len(line) <= _WIDTH:
        left = 0
    shown = line[left:left + _WIDTH]
    prefix = "…" if left > 0 else ""
    suffix = "…" if left + _WIDTH < len(line) else ""
    caret_at = col - 1 - left + len(prefix)
    caret_len = max(1, min(width, len(shown) + len(prefix) - caret_at))
    gutter = " " * len(str(row))
    return [
        f"{gutter} |",
        f"{row} | {prefix}{shown}{suffix}",
        f"{gutter} | {' ' * caret_at}{'^' * caret_len}",
    ]


def render(results: Sequence[Result], *, quiet: bool = False, statistics: bool = False) -> str:
    out: list[str] = []
    diagnostics = [(r, d) for r in results for d in r.diagnostics]
    if statistics:
        counts = Counter((d.code, d.rule) for _, d in diagnostics)
        for (code, rule), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"{n:>5}  {code}  {rule}")
        return "\n".join(out) + ("\n" if out else "")
    for result, d in diagnostics:
        row, col, end_row, end_col = location(result, d)
        item = f" (item {result.item_id})" if result.item_id is not None else ""
        out.append(f"{result.path}:{row}:{col}: {d.code} [{d.rule}] {d.message}{item}")
        if not quiet:
            assert result.origin is not None
            out.extend(_excerpt(result.origin, row, col, end_row, end_col))
            if d.hint:
                out.append(f"{' ' * len(str(row))} = help: {d.hint}")
            out.append("")
    if not quiet:
        prompts = sum(1 for r in results if r.error is None)
        errors = sum(1 for r in results if r.error is not None)
        if diagnostics:
            by_level = Counter(d.severity.label for _, d in diagnostics)
            levels = ", ".join(
                f"{n} {name}{'s' if n != 1 and name != 'info' else ''}" for name, n in sorted(by_level.items())
            )
            out.append(f"Found {len(diagnostics)} problem{'s' if len(diagnostics) != 1 else ''} ({levels}) in {prompts} prompt{'s' if prompts != 1 else ''}.")
        else:
            out.append(f"All checks passed ({prompts} prompt{'s' if prompts != 1 else ''}).")
        if errors:
            out.append(f"{errors} source{'s' if errors != 1 else ''} could not be linted (see above).")
    return "\n".join(out) + ("\n" if out else "")
