"""Prompt says nothing about light.

What it does: reports (at info level) a prompt that never mentions light: no source (window
light, a streetlamp's glow, candlelight), no time-of-day light (golden hour, dusk), no
quality or direction (soft, backlit), no shadows and no `Lighting:` layer. Light words in
another sense do not count: "shadows her mentor" (follows), "a light drizzle", "a light grey
jacket" (weight, paleness), "a fire drill". A prompt that names lighting only with
judgements ("cinematic lighting") is `vague-lighting`'s to report. A remix prompt
(`remix_id`) is not asked for lighting: it keeps the take's.
Why: lighting is one of the guide's five layers (Prompt Structure, "[LIGHTING]: Quality,
direction, color temperature"), and light sets the mood more than any other layer. Left
out, the model lights every take differently. OpenAI's guide: name the sources and their
quality, with a palette of a few named colours.
Example: A barista pours latte art in a small café.
Use instead: ... Soft morning window light from the left, warm pendant lamps behind the
counter.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data
from splint.rules.common import first_line

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="ST004", name="missing-lighting", group="structure", severity=Severity.INFO)

# Lighting-lexicon categories that are light in themselves; a window in the scene, a colour,
# or "at night" do not say how the scene is lit.
_LIGHT = frozenset({"light", "glow", "self"})
_LIGHT_TIMES = frozenset({"dawn", "dusk", "sunrise", "sunset", "twilight", "golden hour", "blue hour"})
# Sources that are lit whenever they are named: "headlights sweep the ceiling", "by the campfire".
_EMITTERS = frozenset({
    "headlight", "headlights", "flashlight", "torch", "lantern", "candle", "candles", "neon", "streetlight",
    "streetlamp", "street lamp", "lamp", "desk lamp", "bulb", "chandelier", "fire", "campfire", "bonfire",
    "fireplace", "hearth", "lightning", "led", "softbox", "ring light", "overhead fluorescent", "taillight",
})


# "fire drill", "fire truck": fire as the emergency, not the flames
_LIT_FIRE = frozenset({"pit", "light", "lights", "glow", "flame", "flames", "bowl", "ring", "embers", "side"})


def _in_sense(analysis: Analysis, span: Span, text: str) -> bool:
    """Whether a light word means light where it stands: not "shadows her mentor" (a verb),
    "a light drizzle", "a light grey jacket" (weight, paleness), or "a fire drill"."""
    found = analysis.doc.char_span(span.start, span.end, alignment_mode="expand")
    if found is None:
        return True
    # a light mention spans its qualifiers ("a light mist settles"): read the light word itself
    word = text.lower()
    token = next((t for t in found if t.lower_ == word), found.root)
    if word in ("shadow", "shadows", "shadowed", "shadowing") and token.pos_ == "VERB":
        # "the detective shadows her mentor" follows someone; "peaks shadow the canyons" shade them
        people = data.lexicon("characters")
        return not any(
            c.dep_ in ("nsubj", "dobj") and (c.pos_ in ("PRON", "PROPN") or c.lemma_.lower() in people or c.lower_ in people)
            for c in token.children
        )
    if word == "light" and token.pos_ == "ADJ" and token.dep_ in ("amod", "advmod") and token.head.i > token.i:
        # "light streaming through the windows" is light, whatever the tagger says
        return token.head.pos_ not in ("NOUN", "PROPN", "ADJ") or token.head.lower_.endswith("ing")
    return not (word == "fire" and token.dep_ == "compound" and token.head.lower_ not in _LIT_FIRE)


def _flames(analysis: Analysis) -> bool:
    """Flames light what is near them; lighting.yaml does not list them as a source yet."""
    return any(t.lemma in ("flame", "ember") and t.pos == "NOUN" for t in analysis.rows)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "lighting" in analysis.layers or analysis.prompt.params.remix_id is not None:
        return  # a remix keeps the light of its take unless it says otherwise
    if any(_in_sense(analysis, m.span, m.text) for m in analysis.light) or any(
        (m.kind in _LIGHT
         or (m.kind == "time" and m.text.lower() in _LIGHT_TIMES)
         or (m.kind == "source" and m.text.lower() in _EMITTERS))
        and _in_sense(analysis, m.span, m.text)
        for m in analysis.light_terms
    ) or _flames(analysis):
        return
    yield META.diagnostic(
        first_line(analysis),
        "no lighting: say where the light comes from, its direction, quality and colour",
        hint='e.g. "low winter sun from the left, long blue shadows, a warm lamp glowing in one window"',
    )
