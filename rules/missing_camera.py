"""Prompt says nothing about the camera.

What it does: reports (at info level) a prompt with no camera direction at all: no move
("the camera tracks alongside", "a slow dolly in"), no shot size (close-up, wide shot), no
angle (low angle, overhead view), no lens ("35mm", telephoto), no depth of field, no rig
(handheld, drone) and no `Camera:` layer. Camera words that name things in the scene do not
count: a prop ("her phone camera", "lifts the camera") or a picture ("a framed photo"). A
camera word that only judges ("nice shot") is `vague-camera`'s to report. A remix prompt
(`remix_id`) is not asked for a camera: it keeps the take's.
Why: camera is one of the guide's five layers (Prompt Structure, "[CAMERA]: Movement,
angle, framing"; Cinematography Control lists the moves, shot types, depth and angles Sora
responds to). Left out, the model picks the framing, and it changes from take to take.
OpenAI's guide: one clear camera move per shot, with framing, angle and depth of field.
Example: A fox trots across a frozen lake at dawn, breath steaming.
Use instead: ... Low-angle wide shot on a 35mm lens, the camera tracking slowly with the fox.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules.common import first_line
from splint.rules.vague_camera import judged

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis, Mention

META = RuleMeta(code="ST003", name="missing-camera", group="structure", severity=Severity.INFO)


_DEVICE = frozenset({"camera", "cameras", "lens"})
# What a character does with a camera that is a thing in the scene
_HANDLED = frozenset({
    "lift", "raise", "hold", "carry", "grab", "pick", "drop", "set", "put", "hand", "point", "aim", "adjust",
    "clean", "check", "buy", "sell", "load", "unpack", "pack", "wipe", "fix", "mount", "steady", "lower",
})


def directs(analysis: Analysis, mention: Mention) -> bool:
    """Whether a camera word directs the shot rather than naming a thing in the scene.

    "her phone camera", "lifts the camera", "an old camera on the shelf" are props; "a framed
    photo" is a picture in a frame. "The camera" otherwise is the one filming ("the camera
    drifts", "looks into the camera"); a framing word directs when it is not a noun's
    adjective ("framed tight on her hands").
    """
    if mention.kind == "evaluative":
        return False
    if mention.kind not in ("subject", "framing") or mention.kind == "subject" and mention.text.lower() not in _DEVICE:
        return True  # "POV", "drone", "viewpoint" direct on their own
    span = analysis.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or analysis.structure.layer_at(mention.span.start) == "camera":
        return True
    token = span.root
    if mention.kind == "framing":
        return not (token.dep_ == "amod" and token.head.i > token.i and token.head.pos_ == "NOUN")
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nummod") and child.i < token.i:
            return False  # "her camera", "a phone camera", "an old camera"
        if child.dep_ == "det" and child.lower_ in ("a", "an", "another", "some", "two"):
            return False
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return verb.lemma_.lower() not in _HANDLED  # "lifts the camera", "sets the camera down"


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "camera" in analysis.layers or analysis.prompt.params.remix_id is not None:
        return  # a remix names what changes; the camera it keeps is the one of the take
    if any(directs(analysis, m) for m in analysis.camera):
        return
    if analysis.derived(judged):
        return  # vague-camera reports it
    yield META.diagnostic(
        first_line(analysis),
        "no camera direction: say the shot size, angle, lens or the one camera move",
        hint='e.g. "Medium close-up at eye level, 50mm; the camera slowly pushes in."',
    )
