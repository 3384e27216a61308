"""More sequential actions than the clip has 4-second segments.

What it does: counts the distinct physical actions one subject performs one after another
("opens the door, walks in, sits down" is 3) and flags the prompt when they exceed one per
4 s segment of the clip: 1 for 4 s, 2 for 8 s, 3 for 12 s. The clip length is `seconds` from
front matter, else a duration stated in the prompt ("an 8-second clip", `[DURATION]: 8s`),
else the target's default (4 s for Sora 2). Not counted: camera moves, states and gazes
("stands", "stares at"), speech, what other subjects do meanwhile, simultaneous activity
("walks through the field, reaching for the grass", "as she walks"), or a verb repeated.
Why: the model compresses or drops beats that do not fit, so late actions go missing or
blur together (guide: Common Mistakes, "Too many actions for duration: One primary action per
4s segment"; Golden Rules, Rule 2). OpenAI's guide: one clear subject action per shot,
described in beats.
Example: A chef dices an onion, tosses it into a pan, plates the dish and wipes the counter.
Use instead: (8 s) A chef dices an onion with quick, even strokes, then sweeps it into a
sizzling pan.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="TM001", name="too-many-actions", group="timing", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    step = settings.profile.seconds_per_action
    budget = max(1, settings.seconds // step)
    # The lead: the busiest subject, unless only a background mass ("particles fall") acts.
    leads = [c for c in analysis.actions if c.lead] or list(analysis.actions)
    busiest = max(leads, key=lambda c: len(c.actions), default=None)
    if busiest is None or len(busiest.actions) <= budget:
        return
    count = len(busiest.actions)
    listed = ", ".join(f"'{a.text}'" for a in busiest.actions)
    span = Span(busiest.actions[0].span.start, busiest.actions[-1].span.end)
    fits = [s for s in settings.profile.seconds if s // step >= count]
    advice = (
        f"keep the main beat, or make the clip {fits[0]} s (seconds: {fits[0]})"
        if fits
        else "keep the main beat, or split the sequence into separate clips"
    )
    yield META.diagnostic(
        span,
        f"{count} sequential actions for one subject ({busiest.subject}) in a clip of {settings.seconds} s "
        f"({settings.seconds_from}); the budget is {budget}, one per {step} s: {listed}",
        hint=advice,
    )
