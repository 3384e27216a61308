"""Dialogue, lyrics or narration asked for, but no line written.

What it does: flags a prompt that asks for spoken words ("with punchy dialogue", "rap lyrics",
"a voiceover", "their banter", a `Dialogue:` heading with nothing under it) but gives no
line to speak: no quotation used as speech and no speaker line. Left alone: a prompt that
writes its lines, one that rules speech out ("no dialogue", "without narration"), and words
inside a quotation.
Why: the guide's audio layer is written, not requested: dialogue goes in its own block with
the speaker and the delivery (guide: Audio Prompting; Prompt Structure, [AUDIO]: Dialogue).
Asked for and not written, the words are improvised: mumbled, off-topic or in the wrong
language, and lip movement follows whatever the model invents. OpenAI's advice: dialogue
goes in its own block below the prose, short, speakers labelled.
Example: Two rappers face off in a parking garage with punchy dialogue, handheld camera.
Use instead: Two rappers face off in a parking garage, handheld camera.
Dialogue:
- JAY (grinning): "You came all this way to lose?"
- KEL (flat): "Count the bars."
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules.common import inside_quotes, spoken_lines

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="AU004", name="unwritten-dialogue", group="audio", severity=Severity.WARNING)

# What asks for words to be spoken or sung.
_ASKED = re.compile(
    r"\b(?:dialogue|dialog|conversation|banter|monologue|lyrics|voice-?over|narration|spoken lines?|rap verses?)\b",
    re.IGNORECASE,
)
# "no dialogue", "without narration", "silent, no voiceover": words ruled out
_RULED_OUT = re.compile(r"\b(?:no|not|without|never|nor|silent|zero|free of)\b[^.!?\n]*$", re.IGNORECASE)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    text = analysis.text
    for m in _ASKED.finditer(text):
        sentence_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if _RULED_OUT.search(text, sentence_start, m.start()) or inside_quotes(text, m.start()):
            continue
        line = analysis.structure.line_at(m.start())
        if line is not None and line.label is not None and m.start() < line.content.start \
                and text[line.content.start:line.content.end].strip():
            return      # "Dialogue: Whoa, is my breakfast flying?": the label's value is the line
        if analysis.derived(spoken_lines):
            return      # the prompt writes its lines
        yield META.diagnostic(
            Span(m.start(), m.end()),
            f"asks for {m.group(0).lower()} but writes no line to speak; the model improvises the words",
            hint='write each line in quotes with who says it and how, e.g. MAYA (low): "We\'re late."',
        )
        return
