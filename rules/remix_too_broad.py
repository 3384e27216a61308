"""A remix prompt that rewrites the whole scene instead of naming the change.

What it does: when `remix_id` is set, flags a prompt that reads as a full scene description
rather than an edit: more than about 60 words, more than 25 words without any word of change
or keeping ("change", "switch to", "make it", "replace", "keep", "same", "instead", "now"), or
three or more labelled layers. A short edit ("Same shot, switch to an 85 mm lens") passes.
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
    elif len(layers) >= 3:
        why = f"{len(layers)} layers ({', '.join(layers)})"
    else:
        return
    span = Span(analysis.units[0].span.start, analysis.units[-1].span.end)
    yield META.diagnostic(
        span,
        f"remix prompt describes a whole scene ({why}); a remix should name the one change and what stays",
        hint='e.g. "Same shot and timing; change her coat from blue to red. Keep everything else."',
    )
