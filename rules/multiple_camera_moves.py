"""More camera moves than the clip has 4-second segments.

What it does: counts the camera moves a prompt asks for (a named move such as "a slow dolly
in" or "a whip pan", or a move verb whose subject is the camera: "the camera pans left, then
cranes up") and flags the prompt when there are more than one per segment of the target
profile's `seconds_per_camera_move` (4 s): two moves in a 4-second clip, three in 8 s. A rig
(handheld, drone) or a held frame is not a move, and a move named twice ("a tracking shot
follows her") counts once.
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
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="TM002", name="multiple-camera-moves", group="timing", severity=Severity.WARNING)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    moves = []
    for mention in sorted(analysis.camera, key=lambda m: m.span.start):
        if mention.kind != "move":
            continue
        if moves and mention.span.start < moves[-1].span.end:
            continue
        moves.append(mention)
    per = settings.profile.seconds_per_camera_move
    budget = max(1, settings.seconds // per)
    if len(moves) <= budget:
        return
    named = ", ".join(f"'{m.text}'" for m in moves[:5])
    yield META.diagnostic(
        Span(moves[0].span.start, moves[-1].span.end),
        f"{len(moves)} camera moves ({named}) in a {settings.seconds}-second clip; "
        f"give each move its own {per} s (at most {budget} here)",
        hint="keep the one move that matters, or split the prompt into shots of their own",
    )
