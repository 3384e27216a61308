"""The `seconds` parameter is a clip length the target model does not accept.

What it does: flags a `seconds:` value that is not in the target profile's list of
durations, such as 5, 6 or 10 for Sora 2, which takes 4, 8 or 12. A value above the model's
maximum (`seconds: 15`) is not one of them either: it gets this finding and, from
`over-max-duration`, the advice to split the idea into several clips.
Why: `seconds` is a request parameter with fixed values (guide: API Parameters, "seconds:
'4', '8', '12'"; Model Overview, "Duration: 4, 8, or 12 seconds"); the server rejects any
other value, so the request fails before anything is generated.
Example: seconds: 10
Use instead: seconds: 8 (or 12, and give the extra beat something to do)
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import param_span, seconds_phrase

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA002", name="invalid-seconds", group="parameters", severity=Severity.ERROR)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    seconds = analysis.prompt.params.seconds
    profile = settings.profile
    if seconds is None or seconds in profile.seconds:
        return
    span, in_file = param_span(analysis, "seconds")
    nearest = min(profile.seconds, key=lambda s: (abs(s - seconds), -s))
    yield META.diagnostic(
        span,
        f"seconds: {seconds} is not a duration {profile.name} accepts ({seconds_phrase(profile.seconds)})",
        hint=f"use seconds: {nearest}",
        in_file=in_file,
    )
