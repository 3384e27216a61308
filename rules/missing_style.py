"""Prompt gives no style or look.

What it does: reports (at info level) a prompt with no style at all: no medium (live
action, claymation, anime, documentary), no film stock or format (16mm, VHS, Kodak Portra),
no grade or palette (desaturated teal and orange, pastel), no era or genre look (1970s,
film noir), no reference ("in the style of", a named director) and no `Style:` layer. A
style named only with judgements ("cinematic", "epic") is `vague-style`'s to report.
Why: style is one of the guide's five layers (Prompt Structure, "[STYLE]: Film reference,
color grading, aesthetic"; the example prompt ends "Warm, nostalgic color palette
reminiscent of Terrence Malick's Days of Heaven"). OpenAI's guide calls style the strongest
lever and says to establish it early: era, film stock, medium, lens.
Example: A child flies a red kite on a windy beach.
Use instead: ... Shot on grainy 16mm film, faded 1970s colour, soft pastel palette.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import first_line
from splint.rules.vague_style import judgements

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="ST005", name="missing-style", group="structure", severity=Severity.INFO)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "style" in analysis.layers:
        return
    if any(m.kind != "evaluative" for m in analysis.style) or analysis.derived(judgements):
        return  # a look is named, or vague-style reports the judgements
    yield META.diagnostic(
        first_line(analysis),
        "no style: name the medium, film stock, era, grade or a reference",
        hint='e.g. "shot on 35mm Kodak film, muted 1990s palette" or "stop-motion claymation"',
    )
