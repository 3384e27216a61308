"""The `size` parameter is a resolution the target model does not accept.

What it does: flags a `size:` that is not in the target profile's sizes, and names the
models whose profiles do accept it: 1792x1024 is a Sora 2 Pro size, not a Sora 2 one.
Why: `size` takes fixed values (guide: API Parameters; Model Overview, "1280×720 (landscape),
720×1280 (portrait), sora-2-pro adds 1024×1792/1792×1024"; Known Limitations, "Maximum
resolution 1280×720 for sora-2 base"). The server rejects other sizes.
Example: model: sora-2 with size: 1792x1024
Use instead: model: sora-2-pro with size: 1792x1024, or size: 1280x720
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules import data
from splint.rules.common import param_span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA003", name="invalid-size", group="parameters", severity=Severity.ERROR)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    size = analysis.prompt.params.size
    profile = settings.profile
    accepted = [s.size for s in profile.sizes]
    if size is None or size in accepted:
        return
    others = [
        name for name in data.profile_names()
        if name != profile.model and size in {s.size for s in data.profile(name).sizes}
    ]
    span, in_file = param_span(analysis, "size")
    where = f"; {', '.join(others)} {'accepts' if len(others) == 1 else 'accept'} it" if others else ""
    yield META.diagnostic(
        span,
        f"size {size} is not a size {profile.name} accepts ({', '.join(accepted)}){where}",
        hint=f"use one of {', '.join(accepted)}" + (f", or target {others[0]}" if others else ""),
        in_file=in_file,
    )
