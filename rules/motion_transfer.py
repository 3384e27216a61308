"""Asks the model to copy motion from a reference video.

What it does: flags a request to copy, match, replicate or transfer motion, a dance, a
choreography or a camera path from a video: "match the dance in the attached video",
"replicate the movement in ref.mp4", "same choreography as the TikTok", "use my clip as the
driving video", "motion capture from my footage". Copying anything from a particular video
the writer has counts, motion word or not: "copy the exact swing from my uploaded clip",
"the same jump as in the video from my phone", "make his blinks follow my recording frame
for frame". An image reference (a first frame), a simile ("moves like a cat"), a style
("music-video style", "a TikTok-style edit") or a match cut is not motion transfer.
Why: guide, Known Limitations, "Cannot do precise motion transfer from reference videos".
A text-to-video request carries only the prompt and a first-frame image (guide: API
Parameters, `input_reference`); the video is never seen, so the motion is invented.
Example: The dancer performs the exact choreography from reference.mp4.
Use instead: describe the moves in beats ("three quick steps left, a spin, arms up on the
last beat"), or use a tool built for video-to-video motion transfer.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="LM003", name="motion-transfer", group="limitations", severity=Severity.WARNING)

_VIDEO = (
    r"(?:reference|source|driving|input|original|attached|uploaded|provided|linked|my|our|this|that|the)?\s*"
    r"(?:video|clip|footage|recording|reel|tiktok|tik tok|youtube video|short|mp4|mov|gif|performance video)s?"
    r"|\S+\.(?:mp4|mov|webm|avi|mkv|gif)"
)
_MOTION = (
    r"motion|motions|movement|movements|moves|dance|dancing|choreography|choreo|routine|steps|footwork|"
    r"gestures?|performance|body language|camera (?:path|move|moves|movement|motion)|trajectory|timing|"
    r"poses?|walk cycle|gait|animation|actions?|blocking"
)
_COPY = (
    r"copy|copies|copying|copied|replicat\w*|match\w*|mimic\w*|mirror\w*|recreat\w*|reproduc\w*|"
    r"transfer\w*|retarget\w*|apply|applies|applying|use|uses|using|take|taken|taking|follow\w*|"
    r"exact(?:ly)?|same|identical|based on|driven by|drive|lip[- ]?sync\w*|rotoscop\w*|trac(?:e|ing)"
)
# Verbs that can only mean "do what the video does": with them, whatever is copied ("the
# exact swing", "his jump") comes from the video, motion word or not.
_STRONG_COPY = (
    r"copy|copies|copying|replicat\w*|mimic\w*|recreat\w*|reproduc\w*|transfer\w*|retarget\w*|"
    r"match|matches|matching|matched|rotoscop\w*|lip[- ]?sync\w*"
)
# A particular video the writer has ("the clip", "my uploaded footage", "take3.mov"), not a
# kind of video named for its look ("a TikTok-style edit").
_THAT_VIDEO = (
    r"(?:(?:the|my|our|this|that|your)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:video|clip|footage|recording|reel|tiktok|take|mp4|mov|gif)s?\b(?![- ]?(?:style|look|aesthetic|format|trend|vibe))"
    r"|\S+\.(?:mp4|mov|webm|avi|mkv|gif)\b)"
)
_PATTERNS = (
    re.compile(rf"\b(?:{_COPY})\b[^.\n]{{0,60}}?\b(?:{_MOTION})\b[^.\n]{{0,40}}?\b(?:from|in|of|to|as in|like in|as)\b[^.\n]{{0,30}}?\b(?:{_VIDEO})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_MOTION})\b[^.\n]{{0,30}}?\b(?:from|in|of)\b[^.\n]{{0,20}}?\b(?:{_VIDEO})\b[^.\n]{{0,40}}?\b(?:{_COPY})\b", re.IGNORECASE),
    # "copy the exact swing from my uploaded clip", "match it to the reference video"
    re.compile(rf"\b(?:{_STRONG_COPY})\b(?! cut)[^.\n]{{0,60}}?\b(?:from|in|to|as in|like in)\s+(?:[\w-]+\s+)?{_THAT_VIDEO}", re.IGNORECASE),
    # "the exact same jump ... as in the video from my phone"
    re.compile(rf"\b(?:same|identical)\b[^.\n]{{0,60}}?\b(?:as|like)(?:\s+(?:in|on|from))?\s+{_THAT_VIDEO}", re.IGNORECASE),
    # "make his blinks and head movements follow my webcam recording frame for frame"
    re.compile(rf"\b(?:{_MOTION})\b[^.\n]{{0,20}}?\b(?:{_COPY})\b\s+(?:[\w-]+\s+)?{_THAT_VIDEO}", re.IGNORECASE),
    # "... follow my phone recording beat for beat"
    re.compile(
        rf"\b(?:follow|follows|following|mirror|mirrors|track|tracks|sync(?:ed|s)? (?:up )?(?:to|with))\s+{_THAT_VIDEO}"
        r"[^.\n]{0,20}?\b(?:frame[- ](?:for|by)[- ]frame|beat[- ](?:for|by)[- ]beat|step[- ](?:for|by)[- ]step|"
        r"move[- ](?:for|by)[- ]move|exactly|precisely|to the letter)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:motion[- ]capture|mocap|motion transfer|motion reference|video[- ]to[- ]video|driving video|reference video|video reference)\b"
        r"(?![- ](?:studio|suit|suits|stage|volume|markers?|dots|actor|actors|performer|session|rig|cameras?|lab|facility|technicians?))",
        re.IGNORECASE,
    ),
)
_NAMED_TECHNIQUE = _PATTERNS[-1]
# Something in the scene watched on a screen is not a request to copy it.
_INSIDE = re.compile(r"\b(?:on (?:his|her|their|a|the) (?:phone|screen|tablet|laptop|tv)|watch(?:es|ing)?|mirror|reflection)\b", re.IGNORECASE)


# Every pattern but the named techniques needs one of these words; most prompts have none.
_ANY_VIDEO = re.compile(r"video|clip|footage|recording|reel|tiktok|tik tok|take|short|\.(?:mp4|mov|webm|avi|mkv|gif)", re.IGNORECASE)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    text = analysis.text
    patterns = _PATTERNS if _ANY_VIDEO.search(text) else (_NAMED_TECHNIQUE,)
    for pattern in patterns:
        m = pattern.search(text)
        if m is None:
            continue
        if pattern is not _NAMED_TECHNIQUE and _INSIDE.search(m.group(0)):
            continue
        yield META.diagnostic(
            Span(m.start(), m.end()),
            "asks to copy motion from a video; the model never sees the video and cannot transfer its motion",
            hint='describe the motion in beats ("three steps left, a spin, arms up on the last beat")',
        )
        return
