"""A remix prompt that rewrites the whole scene instead of naming the change.

What it does: when `remix_id` is set, flags a prompt that reads as a full scene description
rather than an edit: more than about 60 words, more than 25 words without any word of change
or keeping ("change", "switch to", "make it", "replace", "keep", "same", "instead", "now"),
three or more labelled layers, or edits that change three or more layers at once ("change
the setting to a waterfall, move the camera to a drone shot, add birdsong"): each stretch
that is not kept ("same framing", "keep the camera and audio") names the layer of its camera,
light, sound or style words, or the scene when it only edits ("replace the hiker with ...").
A short edit ("Same shot, switch to an 85 mm lens") passes.
Why: guide, Golden Rule 3, "remix to adjust specific elements while preserving what works";
Common Mistakes, "Re-generating instead of remixing". OpenAI's material: change one thing at
a time and say what stays. A remix that restates everything invites the model to change
everything, and the take you liked is lost.
Example: remix_id set, and the prompt is the original 90-word scene with "red coat" for
"blue coat".
Use instead: Same shot and timing; change her coat from blue to red. Keep everything else.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA010", name="remix-too-broad", group="parameters", severity=Severity.WARNING)

_CHANGE = re.compile(
    r"\b(?:chang\w*|switch\w*|swap\w*|replac\w*|make it|make the|turn (?:it|the)|keep\w*|same|instead|now|"
    r"only|remov\w*|add\w*|adjust\w*|tweak\w*|shift\w*|alter\w*|everything else|rest of|unchanged|"
    r"as before|otherwise|but|more|less|slower|faster|brighter|darker|warmer|cooler|longer|shorter|"
    r"lighter|heavier|bigger|smaller|no longer|without)\b",
    re.IGNORECASE,
)
_LONG = 60
_UNMARKED = 25
_BROAD = 3

# What a remix keeps ("same framing", "keep the camera and audio", "picture unchanged") and the
# verbs of an edit ("change the setting to ...", "replace the hiker with ...", "make it night").
_KEEP = re.compile(
    r"\b(?:keep\w*|same|identical|unchanged|as before|as is|as it is|stays?|staying|leave|untouched|"
    r"everything else|rest of|otherwise)\b",
    re.IGNORECASE,
)
_EDIT = re.compile(
    r"\b(?:chang\w*|replac\w*|swap\w*|switch\w*|make|turn|add\w*|remov\w*|give|put|move|set|let|"
    r"instead|now|new|more|less)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.;!?\n]+")
_PIECE = re.compile(r",\s*|\s+(?=(?:but|except|then|and then|while)\b)", re.IGNORECASE)
_FRESH = re.compile(r"(?:but|except|then|and then)\b", re.IGNORECASE)
_LIGHT_KINDS = frozenset({"light", "self", "glow", "celestial", "time", "quality", "source"})


def changed_layers(analysis: Analysis) -> list[str]:
    """The layers a remix's edits touch, in the guide's order: each stretch of the prompt that is
    not kept ("same shot", "keep the audio") names a layer by its camera, light, sound or style
    words, or, when it only edits ("replace the hiker with a family"), the scene."""
    text = analysis.text
    marks = [
        *(("camera", m.span.start) for m in analysis.camera if m.kind not in ("subject", "evaluative")),
        *(("lighting", m.span.start) for m in analysis.light_terms if m.kind in _LIGHT_KINDS),
        *(("audio", m.span.start) for m in analysis.sound if m.kind != "silence"),
        *(("style", m.span.start) for m in analysis.style if m.kind != "evaluative"),
    ]
    touched: set[str] = set()
    for sentence in _SENTENCE.finditer(text):
        keeping = False
        start = sentence.start()
        cuts = [m.end() for m in _PIECE.finditer(text, sentence.start(), sentence.end())] + [sentence.end()]
        for end in cuts:
            piece = text[start:end]
            if _KEEP.search(piece):
                keeping = True      # a list of what stays runs on: "keep the camera, audio and light"
            elif _FRESH.match(piece.lstrip()) or _EDIT.search(piece):
                keeping = False
            if not keeping:
                layers = {layer for layer, at in marks if start <= at < end}
                if not layers and _EDIT.search(piece):
                    layers = {"scene"}
                touched |= layers
            start = end
    return [layer for layer in ("scene", "camera", "lighting", "audio", "style") if layer in touched]


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if analysis.prompt.params.remix_id is None or not analysis.units:
        return
    words = sum(unit.words for unit in analysis.units)
    layers = [layer for layer in ("scene", "camera", "lighting", "audio", "style") if analysis.layers.get(layer)]
    marked = _CHANGE.search(analysis.text) is not None
    if words > _LONG:
        why = f"{words} words"
    elif words > _UNMARKED and not marked:
        why = f"{words} words and no word of what changes or stays"
    elif len(layers) >= _BROAD:
        why = f"{len(layers)} layers ({', '.join(layers)})"
    elif len(changed := changed_layers(analysis)) >= _BROAD:
        why = f"changes {len(changed)} layers at once: {', '.join(changed)}"
    else:
        return
    span = Span(analysis.units[0].span.start, analysis.units[-1].span.end)
    yield META.diagnostic(
        span,
        f"remix prompt describes a whole scene ({why}); a remix should name the one change and what stays",
        hint='e.g. "Same shot and timing; change her coat from blue to red. Keep everything else."',
    )
