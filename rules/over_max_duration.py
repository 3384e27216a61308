"""Asks for a longer clip than the model makes in one generation.

What it does: flags `seconds:` above the target profile's maximum (12 for Sora 2) and a
clip length stated in the text ("a 30-second video", "a two-minute short film", a shot list
running to 0:20, a timeline with a shot at [00:12], shot durations of 5, 4 and 6 s that add
up to 15) above it, whatever `seconds` says: the text asks for a piece one
generation cannot hold even when the parameter fits. Lengths of things inside the scene ("a
90-minute match on the TV") are not clip lengths.
Why: guide, Known Limitations: "Maximum 12 seconds per generation (no extension feature)".
The request fails, or the model squeezes the story into the clip it can make. Split the idea
into several prompts, or target a model whose profile allows extension (Veo 3.1, per the
guide's Cross-Model Translation).
Example: seconds: 30
Use instead: three prompts of 8-12 s, one beat each, or `target: veo-3.1`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.duration_facts import laid_out_length
from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import param_span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA006", name="over-max-duration", group="parameters", severity=Severity.ERROR)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    profile = settings.profile
    seconds = analysis.prompt.params.seconds
    if seconds is not None and seconds > profile.max_seconds:
        span, in_file = param_span(analysis, "seconds")
        asked = f"seconds: {seconds}"
    elif analysis.duration is not None and analysis.duration.seconds > profile.max_seconds:
        # "a two-minute music video" with seconds: 8 still asks for two minutes
        span, in_file = analysis.duration.span, False
        seconds = analysis.duration.seconds
        asked = f"the text asks for {seconds} s"
    elif (laid := analysis.derived(laid_out_length)) is not None and laid.over(profile.max_seconds):
        # shots of 5, 4 and 6 s; a timeline with a shot at [00:12]
        span, in_file = laid.span, False
        seconds = max(int(laid.seconds + 0.999), profile.max_seconds + 1)
        asked = {
            "runs to": f"the timeline runs to {laid.seconds:g} s",
            "runs past": f"the timeline has a shot starting at {laid.seconds:g} s",
            "adds up to": f"the shot durations add up to {laid.seconds:g} s",
        }[laid.how]
    else:
        return
    if profile.extension is not None:
        limit = (
            f"{profile.name} makes at most {profile.max_seconds} s per generation; "
            f"longer clips (up to {profile.extension.max_seconds} s) need extension requests"
        )
    else:
        limit = f"{profile.name} makes at most {profile.max_seconds} s per generation and has no extension feature"
    parts = -(-seconds // profile.max_seconds)
    yield META.diagnostic(
        span,
        f"{asked}: {limit}",
        hint=f"split it into {parts} prompts of at most {profile.max_seconds} s, one beat each",
        in_file=in_file,
    )
