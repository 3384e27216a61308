"""Prompt says nothing about sound.

What it does: flags a prompt with no dialogue, sound effect, ambient sound, music or stated
silence: no `[AUDIO]:`/`Sound:`/`Dialogue:` layer with something in it, no speech (quoted, or
"she remarks: wow"), no sound-making verb ("thunder rumbles", "a drip echoes", "a clock ticks",
"the puppy yips", "chicks peeping"), no word for sound itself ("the hum of traffic", "choir
harmonies swell", "a slow piano score"), and no "silence". Sound words are read in their sense:
"the harmony between colour and form", "digital noise", "a whisper of mist", "muted colors"
and "knocking over stalls" put no sound in a prompt, and neither does a heading alone on its
line ("Sound Notes:" with nothing under it). Events that only imply a sound ("knocks on the
door", "fireworks burst", "a thunderstorm", "a busy market") are not audio. Targets without
an audio track (their profile says `audio: false`) are not checked, nor is a remix prompt
(`remix_id`): it keeps the take's sound.
Why: Sora 2 generates synchronized audio with the video; leave it out and the model picks the
soundtrack for you (guide: Common Mistakes, "Ignoring audio capabilities: Include [AUDIO] layer";
Audio Prompting). OpenAI's guide adds that even a silent shot benefits from one small sound cue.
Example: A lighthouse on a rocky cliff at dusk, waves breaking below, the beam sweeping the fog.
Use instead: ... Waves boom against the rocks below and a foghorn groans twice in the distance;
no music.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="ST002", name="missing-audio", group="structure", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not settings.profile.audio or analysis.sound or not analysis.units or analysis.prompt.params.remix_id is not None:
        return  # a remix keeps the sound of its take unless it says otherwise
    span = Span(analysis.units[0].span.start, analysis.units[-1].span.end)
    yield META.diagnostic(
        span,
        "no sound: name the dialogue, sound effects, ambience or music (or say it is silent); "
        f"{settings.profile.name} generates audio with the picture",
        hint='add an audio line, e.g. "Rain patters on the awning; a tram bell rings in the distance."',
    )
