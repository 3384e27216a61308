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


# "Shot 2:", "SHOT 3 -", "## Scene 4", "**Shot 1 (0-4s):**" opening a line: a shot block
_SHOT_HEADING = re.compile(r"^[ \t]*(?:[#*_>\-]+[ \t]*)?(?:shot|scene)[ \t]*#?[ \t]*(\d{1,2})\b", re.IGNORECASE | re.MULTILINE)
# "Cut to:", "then cuts to", "a hard cut to", "smash cut:" (but a "cut to black" ends the clip)
_CUT = re.compile(r"\b(?:(?:smash|hard|jump|match|quick)[ \t]+cuts?\b|cuts?[ \t]+to\b)(?![ \t]+(?:to[ \t]+)?black\b)", re.IGNORECASE)
# "Do not ... use jump cuts", "no hard cuts", "without cuts": a cut the prompt forbids
_NEGATED = re.compile(r"\b(?:no|not|never|without|avoid|avoiding|don't|nor)\b[^.!?\n]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Shots:
    count: int
    spans: tuple[Span, ...]     # where each shot after the first begins (a heading or a cut)
    how: str                    # "shot blocks" or "cuts"


def shots(analysis: Analysis) -> Shots | None:
    """The shots a prompt asks for in one generation: its numbered shot blocks, or one more
    than the cuts it writes; None for a single shot."""
    text = analysis.text
    headings = {}
    for m in _SHOT_HEADING.finditer(text):
        headings.setdefault(m.group(1), Span(m.start(), m.end()))
    cuts = [
        Span(m.start(), m.end()) for m in _CUT.finditer(text)
        if not _NEGATED.search(text, max(0, text.rfind(".", 0, m.start()) + 1), m.start())
    ]
    if len(headings) >= 2 and len(headings) >= len(cuts) + 1:
        spans = tuple(sorted(headings.values(), key=lambda s: s.start))
        return Shots(len(spans), spans[1:], "shot blocks")
    if cuts:
        return Shots(len(cuts) + 1, tuple(cuts), "cuts")
    return None
