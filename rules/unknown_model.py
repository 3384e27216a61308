"""The `model` parameter names a model splint has no profile for.

What it does: flags a `model:` in the front matter (or a collection item) that is neither a
profile's model id nor one of its aliases: a typo ("sora2", "sora-2pro"), an invented name
("sora-3"), a model of another kind ("gpt-4o"). The closest known id is suggested. The prompt
is still linted, against the target chosen by `--target`, `target:` or the configuration.
Why: `model` is a required request parameter (guide: API Parameters, "model: 'sora-2',
'sora-2-pro' — Required"); a server answers an unknown model with an error after the request
is made. An OpenAI-compatible server may serve a model splint does not know: then add
`target:` to choose the profile to lint against, or ignore this rule for those files.
Example: model: sora2
Use instead: model: sora-2
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import model_ids, param_span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="PA001", name="unknown-model", group="parameters", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    model = analysis.prompt.params.model
    if model is None or model.strip().lower() in model_ids():
        return
    span, in_file = param_span(analysis, "model")
    close = difflib.get_close_matches(model.strip().lower(), list(model_ids()), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known models: {', '.join(sorted(model_ids()))}"
    yield META.diagnostic(
        span,
        f"model '{model}' is not a model splint knows; linting against {settings.profile.model}",
        hint=hint + " (or set `target:` to the profile to lint against)",
        in_file=in_file,
    )
