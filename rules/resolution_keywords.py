"""Resolution tags in the prose: "4K", "8K", "ultra HD", "1080p".

What it does: flags resolution and quality tags written into the prompt text: "4k", "8K",
"UHD", "ultra HD", "full HD", "1080p", "2160p", "high resolution". A resolution that names a
thing in the scene ("a 4K TV on the wall", "the 8K monitor") is left alone. When the tag
stands as its own list item ("..., 8k, ...") or as "in 4K", the safe fix deletes it.
Why: resolution is the `size` request parameter (guide: API Parameters; Model Overview,
"Resolution: 1280×720 ... 720×1280"); OpenAI's material says "in 4K" in the prose changes
nothing. The tag costs words and tells the model nothing about the scene. Targets with a
4K option (Veo 3.1, per the guide's Cross-Model Translation) take it as a parameter too.
Example: A lighthouse at dawn, waves crashing, 8k, ultra HD.
Use instead: A lighthouse at dawn, waves crashing, with `size: 1280x720` in the front matter.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import (
    Diagnostic,
    Edit,
    Fix,
    RuleMeta,
    Settings,
    Severity,
    Span,
)

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA007", name="resolution-keywords", group="parameters", severity=Severity.WARNING)

_TAG = re.compile(
    r"(?<![\w-])(?:(?:in|at|shot in|rendered in|filmed in)\s+)?"
    r"(?P<tag>(?:2|4|5|6|8|12|16)\s?k(?:\s?(?:uhd|hdr))?|u\.?hd|ultra[- ]?hd|full[- ]?hd|fhd|qhd"
    r"|(?:480|720|1080|1440|2160|4320)p(?:60|30|24)?"
    r"|(?:ultra[- ]|super[- ]|very[- ])?high[- ]?(?:res|resolution|definition)|hi[- ]?res|highest resolution"
    r"|max(?:imum)? resolution)"
    r"(?:\s+(?:resolution|quality|footage|video|render))?(?![\w-])",
    re.IGNORECASE,
)
# A tag followed by one of these names a thing in the scene, not the output.
_OBJECTS = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:tv|tvs|television|monitor|screen|display|projector|tablet|laptop|phone|camera|cameras|"
    r"footage of|broadcast|stream|feed|race|run|marathon)\b",
    re.IGNORECASE,
)


def _item_deletion(analysis: Analysis, span: Span) -> Edit | None:
    """Delete a tag that is a whole separator-bounded item, with one adjacent separator."""
    text = analysis.text
    for unit in analysis.units:
        for n, item in enumerate(unit.items):
            if item.span.start <= span.start and span.end <= item.span.end:
                if text[item.span.start:item.span.end].strip(" .") != text[span.start:span.end].strip(" ."):
                    return None
                if len(unit.items) == 1:
                    return None
                if n > 0:   # drop the separator before it: "..., 8k." -> "...."
                    return Edit(Span(unit.items[n - 1].span.end, span.end), "")
                end = unit.items[1].span.start
                return Edit(Span(item.span.start, end), "")
    return None


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    text = analysis.text
    for m in _TAG.finditer(text):
        if _OBJECTS.match(text, m.end()):
            continue
        span = Span(m.start(), m.end())
        edit = _item_deletion(analysis, span)
        if edit is None and m.group(0).lower().startswith(("in ", "at ")) and text[m.start() - 1:m.start()] == " ":
            edit = Edit(Span(m.start() - 1, m.end()), "")
        fix = Fix(f"remove '{m.group(0)}'", (edit,), "safe") if edit is not None else None
        yield META.diagnostic(
            span,
            f"'{m.group('tag')}' in the prose does not change the resolution; it is the `size` parameter",
            hint=f"set `size:` in the front matter ({', '.join(s.size for s in settings.profile.sizes)})",
            fix=fix,
        )
