"""No `seconds` parameter: the clip gets the API default of 4 seconds.

What it does: reports (at info level) a prompt whose front matter or collection item sets no
`seconds`, and which has no `[DURATION]:` line either (that line is `template-param-line`'s).
When the text states a length ("an 8-second clip"), the message says that the text does not
set it. A remix prompt (`remix_id`) is not asked: a remix request sends only the prompt, and
the take keeps its length.
Why: the guide's Common Mistakes, "Not specifying duration: Always set seconds based on scene
complexity", and Golden Rule 2: 4 s for a single action, 8 s for a mini-scene with a
beginning and end, 12 s for several beats. Without `seconds` the API default of 4 applies
(guide: API Parameters, "seconds ... Default: '4'"), and the other rules judge the prompt
against that 4-second budget.
Example: a prompt file with no front matter.
Use instead: front matter `seconds: 8` chosen for what the scene holds.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import first_line, seconds_phrase, template_params

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA004", name="missing-duration", group="parameters", severity=Severity.INFO)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if analysis.prompt.params.seconds is not None or any(p.key == "seconds" for p in template_params(analysis)):
        return  # a `[DURATION]:` line is template-param-line's to report
    if analysis.prompt.params.remix_id is not None:
        return  # a remix request sends only the prompt: the take keeps its length
    profile = settings.profile
    message = f"no `seconds` set: the request gets {profile.name}'s default of {profile.default_seconds} s"
    if analysis.duration is not None:
        message += f" (the text says {analysis.duration.seconds} s, but text does not set the length)"
    yield META.diagnostic(
        first_line(analysis),
        message,
        hint=f"add `seconds:` ({seconds_phrase(profile.seconds)}) to the front matter, chosen for what the scene holds",
    )
