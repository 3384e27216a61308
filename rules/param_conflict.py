"""The parameters say one thing and the prompt text another.

What it does: flags a prompt whose front matter (or collection item) sets `seconds`, `model`
or `size`, while the text says otherwise: a `[DURATION]: 12s` line or "a 30-second video"
against `seconds: 4`; a `[MODEL]: sora-2-pro` line against `model: sora-2`; "vertical 9:16",
"portrait format" or "1920x1080" against a landscape or different `size`. Durations of things
in the scene ("holds his breath for ten seconds") are not clip lengths.
Why: the request uses the parameters and the model reads the text (guide: API Parameters),
so one of the two is wrong, and a writer who edits the text expecting a longer or vertical
clip gets the old one. OpenAI's material: `model`, `size` and `seconds` are request
parameters; writing them in the prose changes nothing.
Example: seconds: 4, and the text opens "A 12-second clip of ...".
Use instead: seconds: 12, and the text says what happens in those 12 seconds.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules.common import template_params

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA005", name="param-conflict", group="parameters", severity=Severity.WARNING)

_FRAME = r"(?:video|format|frame|framing|clip|orientation|aspect(?: ratio)?|composition|crop|short|reel|shot|mode)"
_ORIENTATION = re.compile(
    rf"\b(?P<portrait>(?:vertical|portrait)[- ]{_FRAME}|9\s?:\s?16|9x16)\b"
    rf"|\b(?P<landscape>(?:landscape|horizontal)[- ]{_FRAME}|widescreen|16\s?:\s?9|16x9)\b"
    rf"|\b(?P<square>square[- ]{_FRAME}|1\s?:\s?1)\b"
    r"|\b(?P<w>\d{3,4})\s?[x×]\s?(?P<h>\d{3,4})\b",
    re.IGNORECASE,
)


_OBJECT = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:tv|tvs|television|monitor|screen|display|projector|tablet|laptop|phone|poster|photo|"
    r"photograph|print|painting|canvas|window|mirror|frame on)\b",
    re.IGNORECASE,
)


def _shape(size: str) -> str:
    width, height = (int(v) for v in size.split("x"))
    return "landscape" if width > height else "portrait" if height > width else "square"


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    params = analysis.prompt.params
    text = analysis.text
    lines = list(template_params(analysis))
    for found in lines:
        current = getattr(params, found.key)
        if current is None or found.value is None or str(current).lower() == str(found.value).lower():
            continue
        yield META.diagnostic(
            found.line.span,
            f"the text says {found.key} {found.value} but the front matter sets `{found.key}: {current}`; "
            "the request uses the front matter",
            hint=f"make them agree, then drop the line: `{found.key}` belongs in the front matter",
        )
    keys = {found.key for found in lines}
    duration = analysis.duration
    if params.seconds is not None and "seconds" not in keys and duration is not None and duration.seconds != params.seconds:
        yield META.diagnostic(
            duration.span,
            f"the text asks for {duration.seconds} s but `seconds: {params.seconds}` is what the request gets",
            hint=f"set `seconds:` to the length you want and describe {params.seconds} s of action, or change the text",
        )
    if params.size is not None and "size" not in keys:
        want = _shape(params.size)
        for m in _ORIENTATION.finditer(text):
            if _OBJECT.match(text, m.end()):
                continue  # "a widescreen TV", "a 9:16 phone screen": a thing in the scene
            if m.group("w"):
                written = f"{m.group('w')}x{m.group('h')}"
                if written == params.size:
                    continue
                said = written
            else:
                said = next(k for k in ("portrait", "landscape", "square") if m.group(k))
                if said == want:
                    continue
            yield META.diagnostic(
                Span(m.start(), m.end()),
                f"the text asks for '{m.group(0)}' but `size: {params.size}` ({want}) is what the request gets",
                hint="choose the frame with `size:` and take it out of the text",
            )
            break
