"""The `model` parameter names a retired model.

What it does: reports (at info level) a `model:` whose profile has `status: retired`, with
the date and the profile's note. Sora 2 and Sora 2 Pro were retired by OpenAI on 2026-09-24;
the prompt still lints against their profile, because the prompting advice holds.
Why: a request for a retired model fails at OpenAI; it works only on another server that
still serves the model. `splint targets` lists each profile's status; the guide's
Cross-Model Translation section says what to change when porting to another model.
Example: model: sora-2
Use instead: a model your server serves, or keep `model: sora-2` for a compatible server
that still serves it and silence this rule with `ignore: [retired-model]`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import param_span, profile_of_model

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA008", name="retired-model", group="parameters", severity=Severity.INFO)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    model = analysis.prompt.params.model
    profile = profile_of_model(model)
    if profile is None or profile.status != "retired":
        return
    span, in_file = param_span(analysis, "model")
    since = f" on {profile.retired_on.isoformat()}" if profile.retired_on else ""
    yield META.diagnostic(
        span,
        f"{model} was retired{since}; only a compatible server that still serves it will run this request",
        hint="`splint targets` lists the models and their status",
        in_file=in_file,
    )
