"""Lighting named only with judgements, never described.

What it does: flags "cinematic lighting", "dramatic light", "beautiful lighting", "the
lighting is moody" or a `Lighting: cinematic` line when nothing in the prompt describes the
light itself: no source seen as light (window light, lamp glow, neon casting colour, a low
sun), no direction (backlit, from the left), no hardness or softness, no colour or
temperature, no time-of-day light (golden hour). "The lighting is dim and moody" fires: how
much light there is (dim, bright) neither judges nor describes it. Objects that merely appear in the scene
(birthday candles, taillights, a streetlamp) and colour grading ("red tones", "warm palette")
do not describe the light. A prompt that never mentions lighting is left to the rules for
absent layers.
Why: "cinematic" tells the model nothing about where light comes from, so every generation
lights the scene differently (guide: Common Mistakes, "Vague lighting ('cinematic'): Specify
direction, quality, color temperature"; Prompt Structure, [LIGHTING]). OpenAI's guide: name
the sources and their quality (window light, warm lamp fill, cool rim).
Example: A detective sits in a diner booth, dramatic lighting.
Use instead: A detective sits in a diner booth, hard tungsten light from a single pendant lamp
above, the window behind him cold blue with dusk.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="VG001", name="vague-lighting", group="vagueness", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    mentions = analysis.light + analysis.lighting_layer
    if any(m.concrete for m in mentions):
        return
    for mention in mentions:
        if not mention.evaluative:
            continue
        words = ", ".join(f"'{q.text}'" for q in mention.evaluative)
        phrase = analysis.text[mention.span.start:mention.span.end]
        yield META.diagnostic(
            mention.span,
            f"'{phrase}' judges the light ({words}) without describing it; "
            "say where it comes from, its direction, how hard or soft, and its colour",
            hint='e.g. "soft window light from the left, warm practical lamp behind her, cool blue rim"',
        )
