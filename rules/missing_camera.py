"""Prompt says nothing about the camera.

What it does: reports (at info level) a prompt with no camera direction at all: no move
("the camera tracks alongside", "a slow dolly in"), no shot size (close-up, wide shot), no
angle (low angle, overhead view), no lens ("35mm", telephoto), no depth of field, no rig
(handheld, drone) and no `Camera:` layer. A camera word that only judges ("nice shot") is
`vague-camera`'s to report.
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
    from splint.linter.analysis import Analysis

META = RuleMeta(code="ST003", name="missing-camera", group="structure", severity=Severity.INFO)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    if not analysis.units or "camera" in analysis.layers or any(m.kind != "evaluative" for m in analysis.camera):
        return
    if analysis.derived(judged):
        return  # vague-camera reports it
    yield META.diagnostic(
        first_line(analysis),
        "no camera direction: say the shot size, angle, lens or the one camera move",
        hint='e.g. "Medium close-up at eye level, 50mm; the camera slowly pushes in."',
    )
