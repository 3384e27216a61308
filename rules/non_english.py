"""Prompt not written in English: the rules that read its prose were skipped.

What it does: says once, at info level at the start of the body, that a prompt is not in
English (by its script, or by its function words against spaCy's stop-word lists, before any
parsing: `linter/language.py`) and that the rules that read the prose (the structure,
vagueness, timing, audio and limitations groups) did not run on it. The parameter rules still
check its front matter. Only clear evidence counts: names of places and brands, tags, emoji,
hashtags, a line of dialogue in another language or a fragment of a few words keep a prompt
English. The line comes with every selection of a rule that reads prose (also under
`--select`), and `--select non-english` alone lists the prompts splint cannot read without
parsing any. `--ignore non-english` hides it; the rules stay skipped, since on another
language they could only guess.
Why: splint reads prompts with an English pipeline and English lexicons. On Spanish or
Japanese it finds no verbs, no sound words and no light, and would report a keyword list and
missing audio for a well-written prompt. The guide's advice (Golden Rules, Prompt Structure,
Common Mistakes & Fixes) is written and checked for English prompts.
Example: Una mujer camina por un mercado lleno de gente al atardecer; la cámara la sigue desde atrás y se oye una guitarra.
Use instead: the prompt in English, to have its prose checked: A woman walks through a crowded
market at dusk; the camera follows her from behind as a guitar plays.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import first_line

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="LG001", name="non-english", group="language", severity=Severity.INFO)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    """Nothing to say about a prompt that was read: the runner tells the language before the
    spaCy pass, and reports a prompt that is not English through ``notice``."""
    return iter(())


def notice(analysis: Analysis, language: str) -> Diagnostic:
    """The one line for a prompt that looks like ``language``, on the first line of its body."""
    return META.diagnostic(
        first_line(analysis), f"splint reads English prompts; language rules skipped (looks like {language})",
        hint="the parameter rules still ran; write the prompt in English to have its prose checked",
    )
