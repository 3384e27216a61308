"""Every recorded rewrite that its exchange accepts passes `splint check` with every rule.

The final answer of each `expect: rewritten` exchange in corpus/rewrite/ is a clean
five-layer prompt. Rendered into the new file as the rewriter renders it and linted on its
own, no rule may flag it: a rule that misreads a clean rewrite makes the rewriter repair or
refuse good work (`the engine roars, and sirens wail` is sound, not two actions).
"""
from __future__ import annotations

import contextlib

import pytest
from replay import Case, cases
from splint.linter.config import Config
from splint.linter.reporters import text
from splint.linter.runner import DEFAULT_TARGET, Options, Result, lint
from splint.linter.source import parse_prompt_file
from splint.linter.types import Prompt, Severity
from splint.rewriter.engine import parse_reply
from splint.rewriter.schema import FiveLayerPrompt
from splint.rewriter.verify import choose_params, document
from splint.rules import data

ACCEPTED = [c for c in cases() if c.expect == "rewritten"]
# Accepted rewrites a rule still misreads, with the reason; the test says when one is fixed.
MISREAD: dict[str, str] = {}


def _isolated(_path: str) -> Config:
    return Config(root=ACCEPTED[0].folder.parent)


def _prompt(path: str, text_: str) -> Prompt:
    source = parse_prompt_file(path, text_)
    assert isinstance(source, Prompt), source
    return source


def rewritten(case: Case) -> str:
    """The new file the rewriter writes from the exchange's final answer."""
    draft = _prompt(f"corpus/rewrite/{case.name}/draft.prompt", case.draft)
    before = next(iter(lint([draft], Options(), _isolated)))
    last = case.replies[-1]
    final = FiveLayerPrompt.model_validate(last["layers"]) if "layers" in last else parse_reply(last["content"])
    profile = data.profile(before.target or DEFAULT_TARGET)
    return document(draft, final.render("narrative", audio=profile.audio), choose_params(draft.params, final, before))


@pytest.fixture(scope="module")
def checked() -> dict[str, Result]:
    with contextlib.chdir(ACCEPTED[0].folder.parent.parent.parent):
        prompts = [_prompt(f"corpus/rewrite/{c.name}/rewritten.prompt", rewritten(c)) for c in ACCEPTED]
        return {c.name: r for c, r in zip(ACCEPTED, lint(prompts, Options(), _isolated), strict=True)}


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_an_accepted_rewrite_passes_every_rule(case: Case, checked: dict[str, Result]) -> None:
    result = checked[case.name]
    flagged = [d for d in result.diagnostics if d.severity >= Severity.WARNING]
    shown = f"\n--- splint check (all rules) printed:\n{text.render([result])}"
    if case.name in MISREAD:
        assert flagged, f"{case.name} is read right now: remove it from MISREAD ({MISREAD[case.name]}){shown}"
        return
    assert result.error is None and not flagged, f"corpus/rewrite/{case.name}: the accepted rewrite is flagged{shown}"


def test_there_are_accepted_rewrites_to_check() -> None:
    assert len(ACCEPTED) >= 20
