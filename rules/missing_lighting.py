"""Prompt says nothing about light.

What it does: reports (at info level) a prompt that never mentions light: no source (window
light, a streetlamp's glow, candlelight), no time-of-day light (golden hour, dusk), no
quality or direction (soft, backlit), no shadows and no `Lighting:` layer. A prompt that
names lighting only with judgements ("cinematic lighting") is `vague-lighting`'s to report.
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

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
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


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "lighting" in analysis.layers:
        return
    if analysis.light or any(
        m.kind in _LIGHT
        or (m.kind == "time" and m.text.lower() in _LIGHT_TIMES)
        or (m.kind == "source" and m.text.lower() in _EMITTERS)
        for m in analysis.light_terms
    ):
        return
    yield META.diagnostic(
        first_line(analysis),
        "no lighting: say where the light comes from, its direction, quality and colour",
        hint='e.g. "low winter sun from the left, long blue shadows, a warm lamp glowing in one window"',
    )
