"""The only style given is a judgement: "cinematic", "epic", "beautiful".

What it does: flags style words that judge instead of describe ("cinematic", "epic",
"stunning", "high quality", "masterpiece", "aesthetic", a `Style: cinematic` line, a
judgement said of the video or its look: "make it really aesthetic and beautiful", "needs a
professional, high-end look") when the prompt names no concrete look anywhere: no medium,
film stock, grade or palette, era or reference. "Cinematic lighting" and "cinematic camera" are left to the lighting and camera
rules.
Why: "cinematic" is the guide's own example of a vague word (Common Mistakes, "Vague
lighting ('cinematic')"), and the [STYLE] layer asks for a film reference, colour grading
and aesthetic (Prompt Structure). OpenAI's guide: style is the strongest lever; prefer
concrete words to evaluative ones ("cinematic look" is weak).
Example: A surfer rides a huge wave at sunset, epic, cinematic, stunning.
Use instead: ... Shot on 16mm with heavy grain, warm faded palette, in the spirit of a 1970s
surf documentary.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis

META = RuleMeta(code="VG002", name="vague-style", group="vagueness", severity=Severity.WARNING)

# A judgement right before one of these judges the light or the camera, not the style.
_OTHER_LAYER = frozenset({
    "light", "lights", "lighting", "lit", "glow", "shadows", "camera", "camerawork", "shot", "shots",
    "angle", "angles", "framing", "movement", "music", "score", "soundtrack", "sound", "audio",
})
# Words that judge the look wherever they stand; others ("beautiful", "dramatic") judge the
# look only as a tag of their own, before a word for the look, or said of the video itself.
_ALWAYS = frozenset({
    "cinematic", "cinematically", "high quality", "high-quality", "best quality", "top quality",
    "award-winning", "award winning", "trending on artstation", "hyperdetailed", "highly detailed",
    "ultra detailed", "ultra-detailed", "filmic", "movie-like", "film-like", "aesthetically pleasing",
    "visually stunning", "hollywood", "blockbuster look",
})
_LOOK_NOUNS = frozenset({
    "look", "looks", "style", "feel", "feeling", "vibe", "vibes", "aesthetic", "visuals", "video", "film",
    "footage", "quality", "tone", "mood", "atmosphere", "grade", "colors", "colours", "movie", "clip",
    "result", "render", "image", "images", "picture", "imagery", "production", "finish", "scene",
})
_SAID_OF = frozenset({"look", "feel", "seem", "be", "make"})


def judgements(analysis: Analysis) -> list[Span]:
    """Spans of words that judge the look, when the prompt names no concrete look."""
    if any(m.kind != "evaluative" for m in analysis.style):
        return []
    doc = analysis.doc
    found: list[Span] = []
    for mention in analysis.style:
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        after = next((t for t in doc[span.end:span.end + 2] if not t.is_space and t.text not in "-"), None)
        if after is not None and after.lower_ in _OTHER_LAYER:
            continue
        layer = analysis.structure.layer_at(mention.span.start)
        if layer in ("lighting", "camera", "audio"):
            continue
        if (
            mention.text.lower() in _ALWAYS
            or layer == "style"
            or _stands_alone(analysis, mention.span)
            or after is not None and after.lower_ in _LOOK_NOUNS
            or _of_the_look(span.root)
        ):
            found.append(mention.span)
    return found


def _of_the_look(word: Token) -> bool:
    """A judgement said of the video or its look: "make it really aesthetic and beautiful",
    "it should feel epic", "needs a professional, high-end look"."""
    if word.dep_ == "conj" and word.head is not word:
        word = word.head  # "aesthetic and beautiful"
    if word.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp") and word.head.lemma_ in _SAID_OF:
        return True
    return word.dep_ == "amod" and word.head.lower_ in _LOOK_ITSELF and word.head.i > word.i


# What an adjective can judge only as the look: not "a beautiful city skyline scene" (the place)
_LOOK_ITSELF = frozenset({
    "look", "looks", "style", "feel", "feeling", "vibe", "vibes", "aesthetic", "visuals", "imagery", "finish",
    "quality", "production", "grade", "render", "footage", "video", "film", "movie", "clip",
})


def _stands_alone(analysis: Analysis, span: Span) -> bool:
    """The judgement is a list item of its own ("..., epic, 8k")."""
    text = analysis.text
    for unit in analysis.units:
        for item in unit.items:
            if item.span.start <= span.start and span.end <= item.span.end:
                rest = text[item.span.start:item.span.end].lower()
                for word in ("very", "super", "ultra", "so", "really", "and", "style", "vibes", "vibe", "look"):
                    rest = rest.replace(word, " ")
                return rest.strip(" .!") == text[span.start:span.end].lower() and len(unit.items) > 1
    return False


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    judged = analysis.derived(judgements)
    if not judged:
        return
    words = ", ".join(f"'{analysis.text[s.start:s.end]}'" for s in judged[:4])
    same_line = analysis.structure.line_at(judged[0].start) == analysis.structure.line_at(judged[-1].start)
    yield META.diagnostic(
        Span(judged[0].start, judged[-1].end) if same_line else judged[0],
        f"the style is only judged ({words}); name a medium, film stock, era, grade or reference",
        hint='e.g. "shot on 35mm, teal-and-orange grade" or "1980s VHS camcorder look"',
    )
