"""Clip lengths a prompt's own layout states: timelines and per-shot durations.

A prompt may give its length as a timeline ("[00:00-00:04]", "0:04–0:08", "[00:12]" opening a
line) or shot by shot ("Shot 1 ... (Duration: 5s)", "Duration: 6s" lines). The analysis
reads one stated duration (the first it finds); the length these add up to is read here:
the latest end of a time range, the latest time mark that opens a line (the clip runs past
it), or the sum of two or more per-shot durations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from splint.linter.types import Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

_CLOCK = r"(\d{1,2}):(\d{2})(?:[.,]\d{1,3})?"
_RANGE = re.compile(rf"\b{_CLOCK}\s*[-–—]\s*{_CLOCK}")
# "[00:12]" or "00:12 -" opening a line: a shot that starts at 12 s
_POINT = re.compile(rf"^[ \t]*(?P<open>[\[(])?{_CLOCK}(?(open)[\])]|[ \t]*(?:[:\-–—]|$))", re.MULTILINE)
_SHOT = re.compile(r"\b(?:duration|length)\s*[:=]?\s*(\d{1,3}(?:\.\d+)?)\s*(?:s|sec|secs|seconds)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LaidOut:
    seconds: float
    span: Span
    how: str          # "runs to", "runs past", "adds up to"

    def over(self, limit: int) -> bool:
        """Longer than ``limit``: a shot that starts at the limit does not fit either."""
        return self.seconds >= limit if self.how == "runs past" else self.seconds > limit


def laid_out_length(analysis: Analysis) -> LaidOut | None:
    """The length the prompt's timeline or shot durations state, or None."""
    text = analysis.text
    found: list[LaidOut] = []
    ranges = list(_RANGE.finditer(text))
    if ranges:
        last = max(ranges, key=lambda m: int(m.group(3)) * 60 + int(m.group(4)))
        found.append(LaidOut(int(last.group(3)) * 60 + int(last.group(4)), Span(last.start(), last.end()), "runs to"))
    points = [m for m in _POINT.finditer(text) if not any(r.start() <= m.start(2) < r.end() for r in ranges)]
    if len(points) >= 2:
        last = max(points, key=lambda m: int(m.group(2)) * 60 + int(m.group(3)))
        found.append(LaidOut(int(last.group(2)) * 60 + int(last.group(3)), Span(last.start(2), last.end(3)), "runs past"))
    shots = list(_SHOT.finditer(text))
    if len(shots) >= 2:
        total = sum(float(m.group(1)) for m in shots)
        found.append(LaidOut(total, Span(shots[-1].start(), shots[-1].end()), "adds up to"))
    return max(found, key=lambda f: f.seconds, default=None)
