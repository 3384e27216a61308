"""More camera moves than the clip has 4-second segments.

What it does: counts the camera moves a prompt asks for (a named move such as "a slow dolly
in" or "a whip pan", or a move verb whose subject is the camera: "the camera pans left, then
cranes up") and flags the prompt when there are more than one per segment of the target
profile's `seconds_per_camera_move` (4 s): two moves in a 4-second clip, three in 8 s. A move
verb right after the camera ("the camera tracks alongside", where the tagger reads "tracks"
as a noun) or after "then" in a sentence that already moved ("..., then arcs around behind
her") is counted. A rig (handheld, drone) or a held frame is not a move, and one move said
twice counts once: "a tracking shot follows her", "follows her in a slow steadicam
movement, gradually rising to reveal the hills" (the guide's own example), and an undecided
"pans or zooms". Something else moving ("sparks flying" in a camera line) and an effect
named after a move ("zoom blur") are not camera moves. The clip length is `seconds`, or
the length a timeline or shot durations lay out.
Why: OpenAI's Sora guide: one clear camera move and one clear subject action per shot; the
seed guide reserves "camera movement changes" for 12-second multi-beat clips (Golden Rule 2)
and budgets one primary action per 4 s segment (Common Mistakes). Crowd the moves and the
model blends them into a drifting, uncertain camera.
Example: (4 s) The camera dollies in on the singer, whips around to the crowd, then cranes up
over the stage.
Use instead: (4 s) A slow dolly in on the singer as she steps to the mic.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from splint.linter.duration_facts import laid_out_length
from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data
from splint.rules.common import clip_of

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis


@dataclass(frozen=True, slots=True)
class _Move:
    span: Span
    text: str

META = RuleMeta(code="TM002", name="multiple-camera-moves", group="timing", severity=Severity.WARNING)


_MANNER = frozenset({"in", "with", "via", "as", "on"})
_MOVE_NOUNS = frozenset({"shot", "shots", "move", "moves", "movement", "movements", "motion", "take", "sequence"})
_AFTER = frozenset({"then", "before", "after", "next", "finally"})
_DIRECTIONS = frozenset({"left", "right", "up", "down", "forward", "forwards", "back", "backward", "in", "out", "slowly"})


def _token(analysis: Analysis, span: Span) -> Token | None:
    found = analysis.doc.char_span(span.start, span.end, alignment_mode="expand")
    return None if found is None else found[0]


def _recovered(analysis: Analysis, named: list[_Move]) -> list[_Move]:
    """Camera moves the tagger hid: "the camera tracks alongside" with "tracks" read as a noun,
    and a move verb that follows one in the same sentence with "then" ("..., then arcs around
    behind her"), whose subject the parser lost."""
    lex = data.lexicon("camera")
    doc = analysis.doc
    verbs = [
        doc[row.i] for row in analysis.rows
        if row.i > 0 and row.pos in ("VERB", "NOUN") and "verb" in (lex.get(row.lower), lex.get(row.lemma))
    ]
    if not verbs:
        return []
    spans = [m.span for m in analysis.camera]
    moved_in: set[int] = {t.sent.start for m in named if (t := _token(analysis, m.span)) is not None}
    found: list[_Move] = []
    for token in verbs:
        if any(s.start <= token.idx < s.end for s in spans):
            continue  # already read as camera direction
        before = doc[token.i - 1]
        # "the camera tracks alongside" (a verb going on: a direction or a place after it), not
        # "no sudden camera moves," (a noun with its own determiner and adjective)
        after_camera = (
            lex.get(before.lower_) == "subject" and before.lower_ != "we" and token.tag_ in ("NNS", "VBZ", "VBP")
            and token.i + 1 < len(doc)
            and (doc[token.i + 1].pos_ in ("ADV", "ADP", "PART", "DET") or doc[token.i + 1].lower_ in _DIRECTIONS)
            and not any(c.dep_ in ("amod", "nummod") or c.lower_ in ("no", "any") for c in token.children)
        )
        sequenced = before.lower_ in _AFTER and token.sent.start in moved_in and not any(
            c.dep_ == "nsubj" and lex.get(c.lower_) is None for c in token.children
        )
        if after_camera or sequenced:
            end = token.i + 1
            while end < len(doc) and doc[end].dep_ == "prt":
                end += 1
            span = Span(token.idx, doc[end - 1].idx + len(doc[end - 1]))
            found.append(_Move(span, doc[token.i:end].text))
            moved_in.add(token.sent.start)
    return found


def _same_move(analysis: Analysis, mention: _Move, verbs: dict[int, _Move]) -> bool:
    """Whether a move only says how another one is done: "follows her in a slow steadicam
    movement", "follows her, gradually rising to reveal the hills" (one continuous move), or
    is its undecided alternative ("pans or zooms")."""
    token = _token(analysis, mention.span)
    if token is None:
        return False
    if token.tag_ in ("JJ", "JJR", "JJS") and token.i == token.head.i - 1 and token.head.pos_ == "NOUN":
        return True  # not a move at all: "the lower third of the frame"
    head = token.head
    outside = not (mention.span.start <= head.idx < mention.span.end)
    lex = data.lexicon("camera")
    if outside and head.pos_ == "NOUN" and lex.get(head.lower_) is None and lex.get(head.lemma_.lower()) is None:
        if token.dep_ == "compound" and head.lower_ not in _MOVE_NOUNS:
            return True  # an effect named after a move: "zoom flare", "pan blur"
        if token.tag_ in ("VBG", "VBN") and token.dep_ in ("acl", "xcomp", "amod"):
            return True  # something else moving: "sparks flying", "bottles flying past"
    # "a rotating camera circling the fighters": two words for one move of one noun
    if token.dep_ in ("amod", "compound", "acl") and any(
        other.i != token.i and other.head.i == token.head.i and other.dep_ in ("amod", "compound", "acl")
        and other.i < token.i for other in (analysis.doc[i] for i in verbs)
    ):
        return True
    # "follows her from behind in a slow steadicam movement": a phrase of manner on a move verb
    node, manner = token, False
    for _ in range(6):
        if node.head is node or node.dep_ not in ("compound", "amod", "pobj", "prep", "advmod"):
            break
        manner = manner or (node.dep_ == "pobj" and node.head.lower_ in _MANNER)
        node = node.head
        if node.i in verbs:
            if manner:
                return True
            break
    head = token.head
    if head.i in verbs and head is not token:
        if token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "acl") and not any(
            doc_token.lower_ in _AFTER for doc_token in token.doc[head.i:token.i]
        ):
            return True  # "..., gradually rising to reveal"
        if token.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children):
            return True  # "pans or zooms"
    return False


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    named = [_Move(m.span, m.text) for m in analysis.camera if m.kind == "move"]
    candidates = sorted(named + _recovered(analysis, named), key=lambda m: m.span.start)
    verbs = {t.i: m for m in candidates if (t := _token(analysis, m.span)) is not None}
    moves: list[_Move] = []
    for mention in candidates:
        if moves and mention.span.start < moves[-1].span.end:
            continue
        if _same_move(analysis, mention, verbs):
            continue
        moves.append(mention)
    per = settings.profile.seconds_per_camera_move
    seconds = settings.seconds
    laid = analysis.derived(laid_out_length)
    if analysis.prompt.params.seconds is None and laid is not None and laid.seconds > seconds:
        seconds = min(int(laid.seconds), settings.profile.max_seconds)  # a timeline to [00:10] has 10 s of moves
    budget = max(1, seconds // per)
    if len(moves) <= budget:
        return
    named = ", ".join(f"'{m.text}'" for m in moves[:5])
    yield META.diagnostic(
        Span(moves[0].span.start, moves[-1].span.end),
        f"{len(moves)} camera moves ({named}) in {clip_of(seconds)}; "
        f"give each move its own {per} s (at most {budget} here)",
        hint="keep the one move that matters, or split the prompt into shots of their own",
    )
