"""More dialogue than the clip can hold at a natural speaking rate.

What it does: counts the spoken words of the prompt (speaker lines and quotations used as
speech; quoted signs and titles are not speech) and flags the prompt when they exceed the
clip length (from `seconds`, or as the prompt lays it out: a timeline, shot durations that
add up) times the target profile's `speech_words_per_second`: 2.5 words a second, the
150 words a minute of ordinary conversational speech. That is 10 words in 4 s, 20 in 8 s,
30 in 12 s; a fast talker manages about 3 a second, but then every word of the clip is
speech, with no pause for the action.
Why: OpenAI's Sora guide: dialogue should be short, "a 4 s shot holds a line or two"; the
seed guide sets duration by what the scene holds (Golden Rule 2). Too many words and the
model rushes them, cuts them off, or drops lines.
Example: (4 s) COACH (urgent): "Listen to me, all of you, we have trained for this day all
season long and I need every one of you to give me everything."
Use instead: (4 s) COACH (urgent): "Everything you've got. Go."
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.duration_facts import laid_out_length
from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules.common import clip_of, spoken_lines

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="AU002", name="dialogue-too-long", group="audio", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not settings.profile.audio:
        return
    lines = analysis.derived(spoken_lines)
    words = sum(line.words for line in lines)
    rate = settings.profile.speech_words_per_second
    seconds = settings.seconds
    laid = analysis.derived(laid_out_length)
    if analysis.prompt.params.seconds is None and laid is not None and laid.seconds > seconds:
        # shots of 5, 4 and 6 s hold the words of 15 s (at most the model's longest clip)
        seconds = min(int(laid.seconds), settings.profile.max_seconds)
    fits = int(seconds * rate)
    if words <= fits:
        return
    yield META.diagnostic(
        Span(lines[0].span.start, lines[-1].span.end),
        f"{words} spoken words in {clip_of(seconds)}; about {fits} fit at {rate:g} words a second",
        hint="cut the lines to the one that matters, or give the scene more seconds",
    )
