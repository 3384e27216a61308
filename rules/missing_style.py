"""Prompt gives no style or look.

What it does: reports (at info level) a prompt with no style at all: no medium (live
action, claymation, anime, documentary), no film stock or format (16mm, VHS, Kodak Portra),
no grade or palette (desaturated teal and orange, pastel), no era or genre look (1970s,
film noir), no reference ("in the style of", a named director) and no `Style:` layer. Style
words that name things in the scene do not count: "a shoebox of VHS tapes", "a film student",
"an animated conversation", a painter who "drops watercolor into the wet sky". A style named
only with judgements ("cinematic", "epic") is `vague-style`'s to report. A remix prompt
(`remix_id`) is not asked for a style: it keeps the take's.
Why: style is one of the guide's five layers (Prompt Structure, "[STYLE]: Film reference,
color grading, aesthetic"; the example prompt ends "Warm, nostalgic color palette
reminiscent of Terrence Malick's Days of Heaven"). OpenAI's guide calls style the strongest
lever and says to establish it early: era, film stock, medium, lens.
Example: A child flies a red kite on a windy beach.
Use instead: ... Shot on grainy 16mm film, faded 1970s colour, soft pastel palette.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules import data
from splint.rules.common import first_line
from splint.rules.vague_style import judgements

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis, Mention

META = RuleMeta(code="ST005", name="missing-style", group="structure", severity=Severity.INFO)


# Nouns a look word may modify and still name the look ("VHS footage", "film grain", "anime
# style"); before any other noun it names a thing in the scene ("VHS tapes", "a film student").
_LOOK_NOUNS = frozenset({
    "style", "styles", "look", "looks", "aesthetic", "feel", "vibe", "vibes", "footage", "film", "films", "video",
    "clip", "shot", "shots", "grade", "grading", "palette", "colours", "colors", "tones", "tone", "grain",
    "texture", "stock", "animation", "illustration", "painting", "render", "rendering", "photography",
    "cinematography", "documentary", "commercial", "movie", "cinema", "effect", "effects", "filter", "format",
    "visuals", "imagery", "world", "frame", "frames", "quality", "finish", "camcorder", "camera", "lens",
    "picture", "pictures", "image", "images", "scene", "scenes", "sequence", "short", "series", "version",
    "rendition", "treatment", "art", "artwork", "drawing", "aesthetics", "emulation", "print", "reel", "sitcom",
    "flicker", "glitch", "noise", "artifacts", "artefacts", "distortion", "overlay", "scanlines", "blur", "flare",
    "bloom", "shake", "jitter", "static", "warp", "energy", "mood", "atmosphere", "spirit", "pacing", "humor",
    "humour", "rhythm", "sensibility", "fun", "charm", "logic", "physics", "tradition",
})
# "an animated conversation": lively, not made as animation
_LIVELY = frozenset({
    "conversation", "conversations", "discussion", "debate", "argument", "chat", "exchange", "gesture", "gestures",
    "talk", "voice", "face", "expression", "dispute", "banter", "crowd", "negotiation", "gesturing",
})


def names_a_look(analysis: Analysis, mention: Mention) -> bool:
    """Whether a style word names the look of the video rather than a thing in the scene.

    Not a look: a medium or film word that modifies another kind of noun ("VHS tapes", "a film
    student", "an animated conversation"), or a medium a character handles ("drops watercolor
    into the wet sky", "dips the brush in ink").
    """
    if mention.kind == "evaluative":
        return False
    if mention.kind not in ("medium", "film"):
        return True
    span = analysis.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or analysis.structure.layer_at(mention.span.start) == "style":
        return True
    token = span[-1]
    head = token.head
    if token.lower_ == "animated" and token.dep_ == "amod" and head.lower_ in _LIVELY:
        return False
    if token.dep_ == "compound" and head.i > token.i and head.pos_ == "NOUN" and head.lower_ not in _LOOK_NOUNS:
        return False
    if token.dep_ == "dobj" or (token.dep_ == "pobj" and token.head.head.pos_ == "VERB" and token.head.lower_ in ("into", "onto")):
        verb = token.head if token.dep_ == "dobj" else token.head.head
        return not _done_by_someone(verb)
    return True


def _done_by_someone(verb: Token) -> bool:
    """A verb with a person or a pronoun for its subject, also through "wets ... and drops"."""
    people = data.lexicon("characters")
    for _ in range(4):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child.pos_ in ("PRON", "PROPN") or child.lemma_.lower() in people or child.lower_ in people
        if verb.dep_ != "conj" or verb.head is verb:
            return False
        verb = verb.head
    return False


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "style" in analysis.layers or analysis.prompt.params.remix_id is not None:
        return  # a remix keeps the look of its take unless it says otherwise
    if any(names_a_look(analysis, m) for m in analysis.style) or analysis.derived(judgements):
        return  # a look is named, or vague-style reports the judgements
    yield META.diagnostic(
        first_line(analysis),
        "no style: name the medium, film stock, era, grade or a reference",
        hint='e.g. "shot on 35mm Kodak film, muted 1990s palette" or "stop-motion claymation"',
    )
