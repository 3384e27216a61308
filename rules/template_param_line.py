"""A `[DURATION]:`, `[MODEL]:` or `[SIZE]:` line in the prompt text, read as prose.

What it does: flags the parameter lines of the guide's Quick Reference template
(`[DURATION]: 8s`, `[MODEL]: sora-2-pro`, `Resolution: 1280x720`) when they sit in the text
sent to the model. When the front matter does not already set that parameter, the safe fix
moves the value there (`seconds: 8`); when it sets the same value, the fix deletes the
repeated line. A line that disagrees with the front matter is `param-conflict`'s to report.
Why: the template lists duration and model so the writer decides them (guide: Quick
Reference Prompt Template; Golden Rule 2, "Specify Duration Strategically"), but they are
request parameters (guide: API Parameters). Written in the prompt they change nothing: the
clip is still 4 seconds, the model still the default. OpenAI's own material says the same of
"make it longer" or "in 4K" in the prose.
Example: `[DURATION]: 8s` as the last line of a prompt with no front matter.
Use instead: front matter `seconds: 8`, and no duration line in the prompt.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, Fix, RuleMeta, Settings, Severity
from splint.rules.common import front_matter_insert, line_deletion, template_params

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA011", name="template-param-line", group="parameters", severity=Severity.WARNING)

_EFFECT = {
    "seconds": "the clip length",
    "model": "the model",
    "size": "the resolution",
}


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    params = analysis.prompt.params
    for found in template_params(analysis):
        current = getattr(params, found.key)
        if current is not None and found.value is not None and str(current).lower() != str(found.value).lower():
            continue  # disagrees with the front matter: param-conflict
        label = analysis.text[found.line.span.start:found.line.content.start].strip()
        fix = None
        if current is not None and found.value is not None:
            message = f"'{label} {found.written}' repeats the front matter `{found.key}`; the model reads it as text"
            fix = Fix(f"delete the repeated {found.key} line", (line_deletion(analysis, found.line),), "safe")
        else:
            message = (
                f"'{label} {found.written}' is read by the model as text and does not set {_EFFECT[found.key]}; "
                f"set `{found.key}` in the front matter"
            )
            if current is None and found.value is not None:
                insert = front_matter_insert(analysis, found.key, found.value)
                if insert is not None:
                    fix = Fix(
                        f"move to front matter `{found.key}: {found.value}`",
                        (insert, line_deletion(analysis, found.line)),
                        "safe",
                    )
        yield META.diagnostic(
            found.line.span,
            message,
            hint=f"`{found.key}: {found.value if found.value is not None else '...'}` in the front matter",
            fix=fix,
        )
