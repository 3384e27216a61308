"""Spoken lines without a speaker, or without emotion or delivery.

What it does: finds the dialogue of a prompt (speaker lines such as `MAYA: "..."`, a
`Dialogue:` block, quoted lines in an audio layer or said by someone in the prose) and
flags a line that names no speaker (a bare quotation, "'We're late' is said", a quote after
a manner only: `hushed: "Stay low."`, a run of shouted quotes: `"Order up!" "Coming!"`) or
gives no delivery: no parenthetical (`MAYA (whispering):`, `[Elena, trembling]:`), no speech
verb that carries a manner ("mutters", "shouts"), no adverb or word of emotion or voice
("says wearily", "softly", "voice cracking") in the line's own sentence. Quoted signs, titles
and song names are writing, not speech, and are left alone, as are the values of a
structured prompt: in JSON only a value under a key that names speech (`"dialogue": ...`) is
a line, and a labelled line whose whole value is quoted (`Scene: "..."`) is not one.
Why: guide, Audio Prompting, "Dialogue: Use quotes with character attribution and
emotion". OpenAI's guide adds: label speakers consistently in multi-character scenes. A line
with no speaker lands on whoever is in frame, and a line with no delivery is read flat.
Example: BARISTA: "Your usual?"
Use instead: BARISTA (warm, teasing): "Your usual?"
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import spoken_lines

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="AU001", name="dialogue-format", group="audio", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not settings.profile.audio:
        return
    for line in analysis.derived(spoken_lines):
        if not line.speaker:
            yield META.diagnostic(
                line.span,
                "spoken line with no speaker: say who says it and how",
                hint='e.g. MAYA (whispering): "..." or The old man mutters, "..."',
            )
        elif not line.delivery:
            yield META.diagnostic(
                line.span,
                "spoken line with no emotion or delivery: say how it is said",
                hint='add a parenthetical or a manner, e.g. (flatly), (laughing), "she says softly"',
            )
