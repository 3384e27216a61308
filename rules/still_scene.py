"""A scene where nothing moves: a still image described, not a shot.

What it does: flags a prompt in which nothing moves: no subject acts, the camera makes no
move, and every verb is a pose or a state ("standing", "looking at viewer", "sits", "wears")
or there is no verb at all ("Portrait of a young woman, soft window light, 85mm"). Left
alone: any motion, of a subject, of the camera or of the scene ("waves crash", "steam
rises", "leaves drift"); a sound that happens ("a kettle whistles"); written dialogue, which
moves faces and lips; a remix, which keeps the motion of its take.
Why: Sora 2 makes video, and its strength is motion (guide: Model Overview, "natural motion
physics"); a prompt written for an image generator leaves the model to guess what moves, and
the result drifts or freezes. The guide's shot is built on movement: an action per 4 s
segment (Golden Rule 2, Common Mistakes) and a camera layer of "movement, angle, framing"
(Prompt Structure). OpenAI's advice: one clear subject action per shot, described in beats.
Example: Portrait of a young woman, standing, looking at viewer, soft window light, 85mm,
film grain.
Use instead: A young woman by a rain-streaked window turns toward the camera and smiles as a
strand of hair lifts in the draught; soft window light, 85mm, film grain.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity
from splint.rules import data
from splint.rules.common import first_line, spoken_lines

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis, TokenRow

META = RuleMeta(code="ST006", name="still-scene", group="structure", severity=Severity.INFO)

# Verbs of a pose, a look or a state: what an image shows as well as a video.
_STILL = frozenset({
    "be", "have", "stand", "sit", "lie", "look", "gaze", "stare", "pose", "smile", "wear", "hold", "face", "rest",
    "seem", "feature", "show", "depict", "frame", "capture", "shoot", "film", "light", "illuminate",
    "bathe", "surround", "fill", "cover", "set", "perch", "lean", "remain", "stay", "wait", "contain", "dress",
    "style", "focus", "blur", "detail", "render", "use", "keep", "include",
    "overlook", "line", "dot", "backlit", "glow", "shine", "reflect", "cast", "sleep",
})
_MOVES = frozenset({"move", "verb"})
_WORDS = 5      # fewer words say too little to judge


def _after_be(rows: list[TokenRow], k: int) -> bool:
    """A passive: a form of "be" before the participle, adverbs aside ("is gently placed")."""
    k -= 1
    while k >= 0 and rows[k].pos == "ADV":
        k -= 1
    return k >= 0 and rows[k].lemma == "be"


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if analysis.prompt.params.remix_id is not None or analysis.actions or not analysis.units:
        return
    if analysis.derived(spoken_lines):
        return      # people who speak move: "MAYA (shivering): "It is never on time.""
    if sum(u.words for u in analysis.units) < _WORDS:
        return
    if any(m.kind in _MOVES for m in analysis.camera):
        return
    from splint.linter.analysis import gerund_verb  # the analysis imports the rule registry

    camera = data.lexicon("camera")
    rows = analysis.rows
    for k, row in enumerate(rows):
        if row.pos == "VERB" and row.tag in ("VBZ", "VBP", "VBG", "VB") and row.lemma not in _STILL:
            return      # (not "weathered skin", "a muted palette": a participle describes; a past
            # tense that tells what someone did is among the actions)
        if row.tag == "VBN" and row.lemma not in _STILL and _after_be(rows, k):
            return      # "a coin is gently placed on the water": something is done to it
        if camera.get(row.lower) == "move":
            return      # "a fast-tracking shot": a move the phrase reading split
        if row.lemma in ("motion", "movement") and not (k and rows[k - 1].lower in ("no", "without", "minimal")):
            return      # "slow motion", "fluid movement": motion is asked for, if vaguely
        # "a panda drinking coffee": the tagger's noun after a noun is a participle that acts
        if k and (rows[k - 1].pos in ("NOUN", "PROPN") or rows[k - 1].text in (",", "-", "and")) \
                and (verb := gerund_verb(row.lower)) and verb not in _STILL:
            return
    yield META.diagnostic(
        first_line(analysis),
        "nothing moves: no action, no camera move, only poses and states; the model has to guess the motion",
        hint="say what moves and how: one action of the subject, a camera move, or motion in the scene (wind, water, light)",
    )
