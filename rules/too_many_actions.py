"""More sequential actions than the clip has 4-second segments.

What it does: counts the main subject's physical actions done one after another and flags
the prompt when they exceed one per 4 s segment of the clip: 1 for 4 s, 2 for 8 s, 3 for 12 s.
"A firefighter climbs the ladder, smashes a window, crawls into the smoke, and carries a child
out" is four, however the tagger reads "smashes". Counted: a progressive ("is spinning ...,
then she bows" is two), a glance that is its own beat ("then looks up"), a state done as a
movement ("stands abruptly", "sits down"), what a body part does for its owner ("his hand
grows"), an object that is the main subject ("the droplet swells, breaks free and falls" is
three), each move a perform-verb names ("performs spins and flips" is two), -ing phrases
that words put in order ("moving from crouching to leaping, spinning, and finally bowing" is
three; without "then", "finally" or from ... to they are manner), a step repeated without its
verb ("looks down, then back up" is two), and "tries to open" as one. Not counted: the same verb twice, sound verbs ("sirens wail", "the engine
roars"), weather and light ("rain falls"), the film as an actor ("the video shows"), a held
gaze, speech, camera moves, simultaneous clauses and participles (while, as), a negated series
("never flinches, turns or steps away"), travel verbs in a row in one sentence (one journey),
and background subjects: the busiest subject leads, and a bare plural ("particles fall") only
when nothing else acts. A prompt with no clause at all counts the beats its words order ("a
wind-up followed by a strike"). The clip length is `seconds` from front matter, else a length
stated in the prompt ("an 8-second clip", `[DURATION]: 8s`, timestamps up to "0:08"), else the
target's default (4 s for Sora 2).
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
    from splint.linter.analysis import lead_chain  # the analysis imports the rule registry

    busiest = lead_chain(analysis.actions)
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
