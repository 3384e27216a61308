"""The layout of a prompt body before any NLP: labelled layers, bullets, list lines.

Prompt writers mix free narrative with the labelled template of the guide's Quick
Reference (``[SCENE]: ...``), the ``Label: ...`` line form OpenAI's own guide uses
(``Camera:``, ``Palette:``, an ``Actions:`` block of bullets, a ``Dialogue:`` block), markdown
headings and speaker lines (``MAYA (softly): "..."``). This module finds those, gives the
NLP stage a copy of the text with the markers blanked out (same length, so offsets hold),
and says where a line must start a new sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from splint.linter.types import Span

# Label words -> layer. The five layers of the guide, plus the parameter lines of its
# Quick Reference template and the block names of OpenAI's structured prompts.
LAYER_ALIASES: dict[str, str] = {}
for _layer, _names in {
    "scene": "scene, scene description, description, action, actions, subject, subjects, setting, "
    "location, environment, background, foreground, character, characters, story, narrative, "
    "shot, shots, beat, beats, sequence, prompt, content, motion, blocking, wardrobe, props, "
    "weather, time, time of day, era",
    "camera": "camera, camera movement, camera move, camera motion, cinematography, shot type, "
    "framing, frame, lens, lenses, angle, angles, composition, movement, depth of field, dof, focus",
    "lighting": "lighting, light, lights, illumination, light source",
    "audio": "audio, sound, sounds, sfx, sound effects, sound design, music, score, soundtrack, "
    "dialogue, dialog, ambient, ambience, ambiance, voiceover, voice over, vo, narration, foley",
    "style": "style, look, aesthetic, palette, color, colour, colors, colours, color palette, "
    "colour palette, color grade, colour grade, color grading, colour grading, grade, grading, "
    "mood, tone, film stock, format, visual style, art style, reference, references, texture",
    "duration": "duration, length, seconds, runtime, clip length",
    "model": "model",
    "size": "size, resolution, aspect ratio, aspect, orientation",
}.items():
    for _name in _names.split(","):
        LAYER_ALIASES[_name.strip()] = _layer

LAYERS = ("scene", "camera", "lighting", "audio", "style")

_BRACKET = re.compile(r"\[\s*([A-Za-z][\w /&.'’-]{0,40}?)\s*\]\s*:?[ \t]*")
_HEADING = re.compile(r"#{1,6}[ \t]+(.{1,40}?)[ \t]*:?[ \t]*$")
# "Camera:", "**Lighting:**", "Shot 2 (4-8s):", "MAYA (whispering):", "Dr. Chen:"
_LINE_LABEL = re.compile(
    r"(?P<mark>[*_]{0,2})(?P<name>[A-Za-z][A-Za-z.'’&/ -]{0,30}?)"
    r"(?P<num>[ \t]*\d{1,3}[a-z]?)?(?P<paren>[ \t]*\([^()\n]{0,40}\))?(?P=mark)?[ \t]*:(?P=mark)?(?=[ \t]|$)"
    r"(?P=mark)?[ \t]*"
)
# A key of a JSON- or YAML-shaped prompt: `"style": "noir, 35mm"`, `camera_movement: slow push`
_JSON_KEY = re.compile(r"[{,]?[ \t]*\"(?P<name>[A-Za-z_][\w .-]{0,40})\"[ \t]*:[ \t]*[\"\[{]?[ \t]*")
_BULLET = re.compile(r"(?:[-*•‣▪◦–—+]|\d{1,3}[.)])[ \t]+")
_SPEAKER = re.compile(r"(?:[A-Z][a-z'’.-]+|[A-Z][A-Z'’.-]+)(?: (?:[A-Z][a-z'’.-]+|[A-Z][A-Z'’.-]+)){0,2}")
# A quotation on one line: dialogue, or the words on a sign.
QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,})[\"”]")
_QUOTE_START = re.compile(r"[\"“”'‘]")
# A line shorter than this that does not end a sentence is a list line, not wrapped prose.
_LIST_LINE_CHARS = 50
# A line of this many words that runs on in lower case is wrapped prose ("... in a tiled Lisbon /
# bakery slides a tray ..."); list lines are a word or three ("forest trail", "dusk").
_WRAPPED_WORDS = 4


# Full-width separators read as their ASCII forms, so the tokenizer splits list items on them
# ("neon signs，night market、8k"); one character for one, so offsets hold.
_FULL_WIDTH = str.maketrans({"，": ",", "、": ",", "；": ";", "｜": "|", "：": ":"})


@dataclass(frozen=True, slots=True)
class Line:
    span: Span                # the whole line, without its line break
    content: Span             # the line without its label or bullet marker
    label: str | None         # the label as written ("Camera", "SCENE", "Maya")
    layer: str | None         # scene/camera/lighting/audio/style/duration/model/size/dialogue/other
    bullet: bool
    starts_unit: bool         # a new sentence must start at ``content.start``


@dataclass(frozen=True, slots=True)
class Structure:
    lines: tuple[Line, ...]
    masked: str               # the text with labels and markers blanked, same length
    _starts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(line.span.start for line in self.lines))

    def line_at(self, offset: int) -> Line | None:
        at = bisect.bisect_right(self._starts, offset) - 1
        if at >= 0 and offset <= self.lines[at].span.end:
            return self.lines[at]
        return None

    def layer_at(self, offset: int) -> str | None:
        line = self.line_at(offset)
        return line.layer if line else None


_FUNCTION_WORDS = frozenset({"a", "an", "the", "at", "of", "in", "on", "to", "for", "with", "by", "from", "is", "are"})


def layer_of(name: str) -> str | None:
    """The layer a label names: as a whole ("Camera movement"), or by one of its parts
    ("Subject/Character", "Environment & Setting", "Main subject", "Camera Notes")."""
    key = re.sub(r"\s+", " ", name.strip().strip("*_").lower())
    if key in LAYER_ALIASES:
        return LAYER_ALIASES[key]
    parts = [part.strip() for part in re.split(r"[/&+,]| and ", key) if part.strip()]
    for part in parts:
        if part in LAYER_ALIASES:
            return LAYER_ALIASES[part]
    for part in parts:
        words = part.split()
        if not 1 < len(words) <= 3 or _FUNCTION_WORDS.intersection(words):
            continue  # "Selfie framing at arm's length" is a phrase, not a label
        for word in (words[-1], words[0]):
            if word in LAYER_ALIASES:
                return LAYER_ALIASES[word]
    return None


def _classify(name: str, rest: str) -> str | None:
    layer = layer_of(name)
    if layer is not None:
        return layer
    if _SPEAKER.fullmatch(name.strip()) and (rest == "" or _QUOTE_START.match(rest)):
        if rest == "" and not name.strip().isupper() and len(name.split()) > 1:
            return "other"  # "Key Details:" alone on a line heads a block; "MAYA:" is a speaker
        return "dialogue"
    if rest == "" and len(name.split()) <= 4:
        return "other"      # a heading alone on its line: "Visual notes:", "Shot one:"
    return None


# A screenplay scene heading: "INT. BARBERSHOP, HARLEM - LATE AFTERNOON"
_SLUG = re.compile(r"(?:INT|EXT|INT\.?/EXT|I/E)\.?[ \t]+(?=[A-Z0-9])")


def _label(line: str) -> tuple[str, str, int] | None:
    """(label, layer, length of the marker) when the line opens with a known label."""
    if (m := _SLUG.match(line)) and line == line.upper():
        return m.group(0).strip(), "other", m.end()
    if m := _BRACKET.match(line):
        name = m.group(1)
        layer = layer_of(name) or "other"
        return name, layer, m.end()
    if m := _HEADING.match(line):
        name = m.group(1).strip("*_ ")
        return name, layer_of(name) or "other", m.end()
    if m := _JSON_KEY.match(line):
        name = m.group("name")
        return name, layer_of(name.replace("_", " ")) or "other", m.end()
    if m := _LINE_LABEL.match(line):
        name = m.group("name")
        layer = _classify(name, line[m.end():])
        if layer is not None:
            return name.strip(), layer, m.end()
    return None


# "Lighting: stormy dusk. Sound: waves, wind. Style: 35mm." - a label of one of the five
# layers opening a sentence in mid-line starts a segment of its own
_INLINE = re.compile(r"(?<=[.!?;])[ \t]+(?P<name>[A-Z][A-Za-z'’&/ -]{0,30}?)[ \t]*:[ \t]+(?=\S)")


def _inline_segments(text: str, line: Line) -> list[Line]:
    """A line cut where a layer label opens a sentence in it; the line alone when none does.
    An inline label's value is its sentence: prose after it is unlabelled again ("Native
    audio: drips, wind. Vertical 9:16, no music.")."""
    found = [(m, layer) for m in _INLINE.finditer(text, line.content.start, line.content.end)
             if (layer := layer_of(m.group("name"))) in LAYERS]
    if not found:
        return [line]
    first = found[0][0].start()
    segments = [Line(Span(line.span.start, first), Span(line.content.start, first), line.label, line.layer, line.bullet,
                     line.starts_unit)]
    rest_layer = line.layer if line.label is None else None
    for k, (m, layer) in enumerate(found):
        limit = found[k + 1][0].start() if k + 1 < len(found) else line.content.end
        stop = _SENTENCE_END.search(text, m.end(), limit)
        end = stop.end() if stop else limit
        segments.append(Line(Span(m.start("name"), end), Span(m.end(), end), m.group("name").strip(), layer, False, True))
        if end < limit:
            segments.append(Line(Span(end, limit), Span(end, limit), None, rest_layer, False, True))
    return segments


# The end of an inline label's sentence: "Sound: waves, wind." or 'Dialogue: "Ready?" Next ...'
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=[ \t]+\S)")


def analyse_structure(text: str) -> Structure:
    masked = list(text)
    lines: list[Line] = []
    block_layer: str | None = None     # a label standing alone heads the lines below it
    previous: Line | None = None
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        body = raw.rstrip("\r")
        stripped = body.lstrip()
        indent = len(body) - len(stripped)
        if not stripped:
            block_layer = None
            previous = None
            lines.append(Line(Span(start, start + len(body)), Span(start, start), None, None, False, False))
            continue
        label = layer = None
        cut = 0
        if found := _label(stripped):
            label, layer, cut = found
            if stripped[cut:].strip() == "":
                block_layer = layer
        else:
            layer = block_layer
        bullet = False
        if m := _BULLET.match(stripped, cut):
            bullet = True
            cut = m.end()
            # "- Maya (softly): "..."" in a Dialogue block: a bulleted speaker line
            if label is None and (after := _label(stripped[cut:])) is not None and after[1] == "dialogue":
                label, layer = after[0], after[1]
                cut += after[2]
        for i in range(start + indent, start + indent + cut):
            masked[i] = " "
        content = Span(start + indent + cut, start + len(body))
        ends_sentence = previous is not None and (
            text[previous.content.start:previous.content.end].rstrip().endswith((".", "!", "?", ":", '"', "”", "…"))
        )
        previous_text = text[previous.content.start:previous.content.end] if previous is not None else ""
        continuation = (
            previous is not None
            and label is None
            and not bullet
            and not ends_sentence
            and (
                len(previous_text) >= _LIST_LINE_CHARS
                # hard-wrapped prose: a line of several words runs on in lower case
                or (len(previous_text.split()) >= _WRAPPED_WORDS and stripped[cut:cut + 1].islower()
                    and len(stripped[cut:].split()) >= 2)
            )
        )
        line = Line(Span(start, start + len(body)), content, label, layer, bullet, not continuation)
        segments = _inline_segments(text, line)
        for segment in segments[1:]:
            for i in range(segment.span.start, segment.content.start):
                masked[i] = " "
        lines.extend(segments)
        previous = segments[-1]
    if text.lstrip()[:1] in ("{", "["):
        _mask_json(text, masked)
    return Structure(tuple(lines), "".join(masked).translate(_FULL_WIDTH))


# In a JSON-shaped prompt, the keys and the quotes that delimit values are syntax, not
# quotations: `{"time": "0-4s", "action": "A courier locks her bike."}`. Escaped quotes inside a
# value (\"Stop!\") are the writer's own and stay.
_JSON_SYNTAX = re.compile(
    r'"[A-Za-z_][\w .-]{0,40}"[ \t]*:'                                  # a key
    r'|(?<=[:\[,{])[ \t]*"(?![A-Za-z_][\w .-]{0,40}"[ \t]*:)'          # a value opens
    r'|(?<!\\)"(?=[ \t]*[,}\]]|[ \t]*$)',                               # a value closes
    re.MULTILINE,
)


def _mask_json(text: str, masked: list[str]) -> None:
    for m in _JSON_SYNTAX.finditer(text):
        for i in range(m.start(), m.end()):
            masked[i] = " "
