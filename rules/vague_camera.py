"""The camera is only judged: "nice shot", "dynamic camera", "cool angles".

What it does: flags a camera word qualified only by a judgement ("nice shot", "dynamic
camera work", "cool camera angles", "cinematic camerawork", `Camera: epic`, "the camera
should feel dynamic and engaging", "do something creative with the camera") when nothing in
the prompt gives concrete direction: no move, shot size, angle, lens, depth of field or rig.
Why: "dynamic" tells the model nothing it can frame (guide: Cinematography Control, name the
movement, shot type, depth and angle; Prompt Structure, "[CAMERA]: Movement, angle,
framing"). OpenAI's guide: prefer concrete words to evaluative ones, and give one clear
camera move per shot.
Example: A skateboarder grinds a handrail, dynamic camera, nice shots.
Use instead: A skateboarder grinds a handrail; low-angle fisheye, the camera tracking beside
the board at knee height.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules.common import inside_quotes

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis

META = RuleMeta(code="VG003", name="vague-camera", group="vagueness", severity=Severity.WARNING)

_CAMERA_NOUNS = frozenset({
    "shot", "shots", "camera", "cameras", "camerawork", "angle", "angles", "framing", "frames",
    "movement", "movements", "move", "moves", "cinematography", "coverage", "composition",
    "compositions", "perspective", "perspectives", "view", "views", "footage", "visuals",
    "transitions", "cuts", "editing",
})
_CONCRETE = frozenset({"move", "rig", "static", "shot", "angle", "lens", "depth", "framing"})


_JUDGING = frozenset({
    "nice", "cool", "great", "good", "dynamic", "cinematic", "epic", "interesting", "amazing", "awesome",
    "creative", "beautiful", "stunning", "dramatic", "professional", "engaging", "impressive", "fancy",
    "exciting", "artistic", "stylish", "immersive", "various", "different", "multiple", "camera",
})


def judged(analysis: Analysis) -> list[tuple[Span, str]]:
    """Judgements of the camera: (span of judgement and camera word, the judgement)."""
    if any(m.kind in _CONCRETE for m in analysis.camera):
        return []
    doc = analysis.doc
    found: list[tuple[Span, str]] = []
    for mention in analysis.camera:
        if mention.kind != "evaluative":
            continue
        in_layer = analysis.structure.layer_at(mention.span.start) == "camera"
        token = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if token is None:
            continue
        end = token.end
        after = [t for t in doc[end:end + 3] if not t.is_space]
        if inside_quotes(analysis.text, mention.span.start):
            continue  # said by a character
        noun = next((t for t in after[:3] if t.lower_ in _CAMERA_NOUNS), None)
        between = after[: after.index(noun)] if noun is not None else []
        # "nice, dynamic shots", "really cool angles"; not "a cool vintage camera" (an object)
        if noun is not None and all(t.pos_ in ("CCONJ", "ADV", "PUNCT") or t.lower_ in _JUDGING for t in between):
            found.append((Span(mention.span.start, noun.idx + len(noun)), mention.text))
        elif (camera := _said_of_camera(token.root)) is not None:
            start = min(mention.span.start, camera.idx)
            found.append((Span(start, max(mention.span.end, camera.idx + len(camera))), mention.text))
        elif in_layer and not (
            token.root.dep_ in ("amod", "compound") and token.root.head.pos_ == "NOUN"
            and token.root.head.lower_ not in _CAMERA_NOUNS
        ):
            # "Camera: epic", "something epic" judge; "dynamic range" names something else
            found.append((mention.span, mention.text))
    return found


def _said_of_camera(word: Token) -> Token | None:
    """The camera word a judgement is said of: "the camera should feel dynamic and engaging",
    "do something creative with the camera"."""
    if word.dep_ == "conj" and word.head is not word:
        word = word.head  # "dynamic and engaging"
    if word.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp"):
        verb = word.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and (
                child.lower_ in _CAMERA_NOUNS or any(c.dep_ == "compound" and c.lower_ in _CAMERA_NOUNS for c in child.children)
            ):
                return child  # "the camera", "the camera work"
    # "get creative with the angles", "do something creative with the camera"; not "a creative
    # teenager films her cat with a camera"
    holders = [word]
    if word.dep_ == "amod" and word.head.lower_ in ("something", "anything", "nothing", "stuff"):
        holders += [word.head, word.head.head]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                noun = next((c for c in prep.children if c.dep_ == "pobj" and c.lower_ in _CAMERA_NOUNS), None)
                if noun is not None:
                    return noun
    return None


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    for span, word in analysis.derived(judged):
        phrase = analysis.text[span.start:span.end]
        yield META.diagnostic(
            span,
            f"'{phrase}' judges the camera ('{word}') without directing it; name the shot size, angle, lens or move",
            hint='e.g. "low-angle medium shot, the camera tracking alongside at walking pace"',
        )
