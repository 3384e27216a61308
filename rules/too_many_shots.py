"""More shots than the clip has 4-second segments.

What it does: counts the shots a prompt asks one generation for, its numbered shot blocks
("Shot 1:", "SCENE 2 -") or one more than the cuts it writes ("Cut to:", "then cuts to", "a
smash cut"), and flags the prompt when they exceed one per 4 s segment of the clip: one shot
in 4 s, two in 8 s, three in 12 s. The clip length is `seconds` from front matter, else the
length the text states (a timeline's last mark, per-shot durations added up), else the
target's default. Left alone: a single shot, a "cut to black" that ends the clip, and a
timestamped timeline's entries (beats of one shot that too-many-actions counts).
Why: a 4 s clip holds one action or one shot (guide: Golden Rule 2, "4s: Single action,
reaction shot, establishing shot"); cuts squeezed into a short clip flash by or merge into
one confused shot. OpenAI's advice: several shots in one prompt each get their own camera
setup, action and lighting, and shorter clips follow instructions more reliably, so two 4 s
clips stitched together can beat one 8 s clip.
Example: (4 s) A dancer takes the stage. Cut to: her hands. Cut to: the crowd. Cut to: the
curtain falling.
Use instead: (4 s) A dancer takes the stage under a single spotlight, the camera holding on
her as she bows; the crowd and the curtain get clips of their own.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.duration_facts import shots
from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules.common import clip_of

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="TM003", name="too-many-shots", group="timing", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    found = analysis.derived(shots)
    if found is None:
        return
    step = settings.profile.seconds_per_action
    budget = max(1, settings.seconds // step)
    if found.count <= budget:
        return
    fits = [s for s in settings.profile.seconds if s // step >= found.count]
    advice = (
        f"make the clip {fits[0]} s (seconds: {fits[0]}), or give each shot a prompt of its own"
        if fits
        else "give each shot a prompt of its own and stitch the clips together"
    )
    cuts = found.count - 1
    what = (f"{found.count} shot blocks" if found.how == "shot blocks"
            else f"{found.count} shots ({cuts} cut{'s' if cuts != 1 else ''})")
    yield META.diagnostic(
        Span(found.spans[0].start, found.spans[-1].end),
        f"{what} in {clip_of(settings.seconds)} ({settings.seconds_from}); one shot per {step} s fits {budget}",
        hint=advice,
    )
