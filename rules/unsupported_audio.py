"""Audio cues for a target that makes silent video.

What it does: when the target profile has `audio: false` (Kling 2.6), flags the sound the
prompt asks for: dialogue, sound effects, ambience, music, an `[AUDIO]:` layer. Each
sentence or line with sound is reported once. Sound words used as figures are pictures, not
sound: "a whisper of steam" (a trace), "the thundering waterfall is frozen" (an epithet). On
targets with audio this rule is silent, and `missing-audio` asks for sound instead.
Why: guide, Cross-Model Translation, "To Kling 2.6: Remove audio cues, focus on
visual/motion description". The model cannot render the sound, and the words spent on it
can be misread as picture ("a thunderclap" becomes lightning).
Example: (target kling-2.6) Rain hammers the tin roof as a dog barks in the distance.
Use instead: Rain streaks past the lamp over the tin roof; in the yard a dog strains at its
chain.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.sound_sense import literal_sound
from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="AU003", name="unsupported-audio", group="audio", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if settings.profile.audio:
        return
    cues = [m for m in analysis.derived(literal_sound) if m.kind != "silence"]
    groups: dict[int, list] = {}
    for mention in cues:
        line = analysis.structure.line_at(mention.span.start)
        unit = next((u for u in analysis.units if u.span.start <= mention.span.start < u.span.end), None)
        key = line.span.start if line is not None and line.label is not None else (unit.span.start if unit else mention.span.start)
        groups.setdefault(key, []).append(mention)
    for mentions in groups.values():
        words = ", ".join(f"'{m.text}'" for m in mentions[:3])
        yield META.diagnostic(
            Span(mentions[0].span.start, mentions[-1].span.end),
            f"{settings.profile.name} makes silent video: the sound here ({words}) is ignored",
            hint="remove the audio cues and put the words into what is seen and how it moves",
        )
