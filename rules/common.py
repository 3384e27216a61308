"""Helpers shared by rule modules: where a parameter is written, known model ids."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from splint.linter.structure import QUOTED, Line
from splint.linter.types import Edit, Span
from splint.rules import data

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis


def param_span(analysis: Analysis, key: str) -> tuple[Span, bool]:
    """Where parameter ``key`` is written: its value in the front matter or collection item
    (a file span), or else the prompt's first line."""
    where = analysis.prompt.params.where(key)
    if where is not None:
        return where, True
    return first_line(analysis), False


def inside_quotes(text: str, offset: int) -> bool:
    """Whether ``offset`` falls inside a quotation on its line (words a character says)."""
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def first_line(analysis: Analysis) -> Span:
    text = analysis.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return Span(start, len(text) if end < 0 else end)


@functools.cache
def model_ids() -> dict[str, str]:
    """Every model id a profile answers to (its own and its aliases) -> profile name."""
    ids: dict[str, str] = {}
    for name in data.profile_names():
        loaded = data.profile(name)
        ids[loaded.model] = name
        for alias in loaded.aliases:
            ids.setdefault(alias, name)
    return ids


def profile_of_model(model: str | None) -> data.Profile | None:
    if model is None:
        return None
    name = model_ids().get(model.strip().lower())
    return data.profile(name) if name else None


def seconds_phrase(values: list[int]) -> str:
    if len(values) > 4 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]} to {values[-1]}"
    shown = [str(v) for v in values]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]


def clip_of(seconds: int) -> str:
    """ "a 4-second clip", "an 8-second clip", "an 11-second clip": the article as the number is said."""
    said = str(seconds)
    vowel = said.startswith("8") or (said.startswith(("11", "18")) and len(said) % 3 == 2)
    return f"{'an' if vowel else 'a'} {seconds}-second clip"


# --- template parameter lines ([DURATION]: 8s, [MODEL]: sora-2-pro, [SIZE]: 1280x720) ---------

_PARAM_OF_LAYER = {"duration": "seconds", "model": "model", "size": "size"}
_SECONDS = re.compile(r"^\s*(\d{1,3})\s*(?:s|sec|secs|seconds?)?\b", re.IGNORECASE)
_WXH = re.compile(r"\b(\d{3,4})\s?[x×]\s?(\d{3,4})\b")
_MODEL_ID = re.compile(r"^\s*`?([a-z][a-z0-9.\-]*[a-z0-9])`?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TemplateParam:
    key: str                  # seconds, model or size
    line: Line
    written: str              # the value as written
    value: int | str | None   # parsed, None when it cannot be read as a request value


def template_params(analysis: Analysis) -> Iterator[TemplateParam]:
    text = analysis.text
    # two or more `Duration:` lines are a shot list's own timing ("Shot 1: ... Duration: 6s"),
    # which adds up to the clip's length: not the template's one parameter line
    per_shot = sum(1 for line in analysis.structure.lines if line.layer == "duration" and line.label is not None) >= 2
    for line in analysis.structure.lines:
        key = _PARAM_OF_LAYER.get(line.layer or "")
        if key is None or line.label is None or (key == "seconds" and per_shot):
            continue
        written = text[line.content.start:line.content.end].strip()
        value: int | str | None = None
        if key == "seconds" and (m := _SECONDS.match(written)) and len(written) <= 24:
            value = int(m.group(1))
        elif key == "size" and (m := _WXH.search(written)):
            value = f"{m.group(1)}x{m.group(2)}"
        elif key == "model" and (m := _MODEL_ID.match(written)):
            # "[MODEL]: sora-2 (iteration) or sora-2-pro (final)" is a note, not a choice.
            ids = [w for w in re.findall(r"[a-z][a-z0-9.\-]*[a-z0-9]", written.lower()) if w in model_ids()]
            value = m.group(1).lower() if len(set(ids)) <= 1 else None
        yield TemplateParam(key, line, written, value)


def line_deletion(analysis: Analysis, line: Line) -> Edit:
    """Delete a whole line of the prompt, with its line break."""
    text = analysis.text
    end = text.find("\n", line.span.start)
    return Edit(Span(line.span.start, len(text) if end < 0 else end + 1), "")


def front_matter_insert(analysis: Analysis, key: str, value: int | str) -> Edit | None:
    """An edit setting ``key: value`` in the prompt file's front matter (made if absent).

    None for collection items, whose parameters live in the collection's own structure.
    """
    prompt = analysis.prompt
    if prompt.item_id is not None:
        return None
    newline = "\r\n" if "\r\n" in prompt.origin.source.text else "\n"
    entry = f"{key}: {value}{newline}"
    if prompt.params.front_matter is not None:
        at = prompt.params.front_matter[1]
        return Edit(Span(at, at), entry, in_file=True)
    return Edit(Span(0, 0), f"---{newline}{entry}---{newline}", in_file=True)


# --- spoken lines ---------------------------------------------------------------------------

_PAREN = re.compile(r"\(([^()\n]{2,60})\)")
# A quotation after one of these is writing in the picture, not speech.
_WRITTEN = re.compile(
    r"\b(?:reads?|reading|spell(?:s|ing|ed)?(?: out)?|labell?ed|titled|printed|written|painted|engraved|stamped|"
    r"scrawled|embroidered|etched|carved|display(?:s|ing)?|caption(?:ed)?|headline|sign|signs|banner|poster|"
    r"text|words?|letters|logo|title|subtitle|neon|billboard|marquee|plaque|placard|menu|label|tattoo|"
    r"t-shirt|shirt|mug|card|note|screen|scoreboard|graffiti|song|track|album|book|novel|film|movie|"
    r"show|episode|called|named|nicknamed|known as|brand)\W+(?:\w+\W+){0,3}$"
    # "Title appears in gold embers: "...""
    r"|\b(?:title|titles|text|words?|caption|captions|logo|letters|lettering|headline|slogan|tagline|credits?)\s+"
    r"(?:appears?|fades? (?:in|up)|animates? in|slides? in|pops? up|materiali[sz]es|types? out|spells? out|"
    r"flashes|lands|burns? in|glows?)\b[^\"“\n]{0,40}$",
    re.IGNORECASE,
)
_DELIVERY_WORDS = re.compile(
    r"\b(?:whisper\w*|shout\w*|yell(?:s|ed|ing)?|scream\w*|mutter\w*|murmur\w*|mumbl\w*|grumbl\w*|snap(?:s|ped|ping|pish|pily)?|bark\w*|hiss\w*|"
    r"plead\w*|beg(?:s|ged|ging)?|sob\w*|cry|cries|crying|laugh\w*|giggl\w*|chuckl\w*|sigh(?:s|ed|ing)?|gasp\w*|groan\w*|growl\w*|"
    r"rasp(?:s|ed|ing|y)?|croak\w*|stammer\w*|stutter\w*|drawl\w*|purr\w*|sing(?:s|ing)?|sang|sung|chant\w*|call\w* out|"
    r"exclaim\w*|blurt\w*|roar\w*|bellow\w*|wail\w*|whimper\w*|tease\w*|teasing|deadpan\w*|sneer\w*|scoff\w*|"
    r"voice|tone|breath\w*|smil\w*|grin(?:s|ning|ned)?|tear\w*|trembl\w*|shak\w*|crack\w*|quiet\w*|loud\w*|soft\w*|"
    r"gentl\w*|calm\w*|flat|dry|dryly|warm\w*|cold\w*|nervous\w*|anxious\w*|angr\w*|furious\w*|excit\w*|"
    r"cheer\w*|sad(?:ly|ness)?|tired\w*|exhaust\w*|proud\w*|sarcas\w*|ironic\w*|hopeful\w*|urgent\w*|panick\w*|"
    r"desperat\w*|bored|deadpan|matter-of-fact\w*|hush\w*|hoarse\w*|breathless\w*|choked|beaming|"
    r"frantic\w*|fierce\w*|firm\w*|sharp\w*|sweet\w*|awe\w*|amaz\w*|shock\w*|stunned|startled|"
    r"terrified|scared|fear\w*|wistful\w*|dreamy|sleepy|groggy|drunk\w*|slurr\w*|off-screen|v\.?o\.?|o\.?s\.?)\b",
    re.IGNORECASE,
)
_NEUTRAL_SPEECH = frozenset({"say", "tell", "ask", "reply", "answer", "add", "speak", "state", "respond", "go", "talk", "continue", "note"})


# The guide's `[Name, delivery]: "line"`: what follows the comma in the brackets is how it is said
_BRACKET_DELIVERY = re.compile(r"\[[^\]\n,]+,[ \t]*[^\]\n]+\][ \t]*:?[ \t]*$")
# Labels whose value is the words spoken, and whether the label says whose voice it is.
_SPOKEN_LABELS = {"dialogue": False, "dialog": False, "lines": False, "voiceover": True, "voice over": True,
                  "voice-over": True, "vo": True, "narration": True, "narrator": True}
_NO_LINE = re.compile(r"(?:none|n/?a|no dialogue|no lines|silent|silence|nothing|-+|—)\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SpokenLine:
    span: Span                # the spoken words (or the whole speaker line)
    words: int
    speaker: bool
    delivery: bool


# "MAYA:", "kid (yelling):", "- Dr. Chen —" before a quotation on its line
_NAMED = re.compile(r"(?:^|[\s*_-])[\w'’.]+(?: [\w'’.]+){0,2}\s*(?:\([^)]*\))?\s*[:—–]\s*(?:\([^)]*\)\s*)?$")


# The guide's attributed line: "[Elena, trembling]: "...""
_BRACKETED = re.compile(r"\[\s*([^\[\],:\n]{1,40}?)\s*,\s*([^\[\]\n]{1,60}?)\s*\]\s*[:—–]?\s*$")
_JSON_START = re.compile(r"\s*(?:\{|\[\s*[{\"])")
# A JSON key before a quotation: '"audio": "low rumble"' is a value, not a line
_JSON_KEY = re.compile(r"[\"“]([^\"“”\n]{1,40})[\"”]\s*:\s*$")
_SPEECH_KEY = re.compile(
    r"(?:^|[_\s-])(?:dialogue|dialog|line|lines|speech|spoken|says|voiceover|voice_over|vo|narration|narrator|"
    r"monologue|lyrics|script|quote)(?:$|[_\s-])",
    re.IGNORECASE,
)


def _speaker_label(before: str) -> str | None:
    """The speaker label a quotation follows on its line ("MAYA (softly):", "kid —",
    "[Elena, trembling]:"), or None."""
    if (m := _BRACKETED.search(before)) is not None:
        return m.group(1).strip()
    if (m := _NAMED.search(before)) is None:
        return None
    return re.split(r"\s*[(:—–]", m.group(0).strip(" \t*_-"), maxsplit=1)[0]


def _value_not_speech(text: str, line: Line | None, m: re.Match[str], json_shaped: bool) -> bool:
    """A quotation that is a value of the prompt's own structure: a JSON value under a key
    that does not name speech ('"scene_description": "A chrome box ..."'), or the whole value
    of a labelled line that is not dialogue ('Scene: "A chrome box ..."')."""
    if line is None:
        return False
    before = text[line.span.start:m.start()]
    if json_shaped:
        key = _JSON_KEY.search(before)
        return key is None or _SPEECH_KEY.search(key.group(1)) is None
    whole = text[line.content.start:line.content.end].strip().rstrip(",") == m.group(0)
    return whole and line.label is not None and line.layer not in ("audio", "dialogue")


def _exclaimed(m: re.Match[str]) -> bool:
    return m.group(1).rstrip().endswith(("!", "?"))


def _adjacent(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Two quotations with only spaces or punctuation between them."""
    first, second = (a, b) if a.start() < b.start() else (b, a)
    return len(text[first.end():second.start()].strip(" ,;.–—-")) == 0 and second.start() - first.end() <= 4


def _has_subject(token: Token) -> bool:
    """A speech verb with someone doing it, also through "leans in and says"."""
    current = token
    for _ in range(3):
        if any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON") for c in current.children):
            return True
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN"):
            return True  # "a shopper yelling, "...""
        if current.dep_ in ("conj", "advcl", "xcomp") and current.head is not current:
            current = current.head
            continue
        return False
    return False


def _reported(verb: Token) -> bool:
    """A speech verb with a third person doing it ("Mae asks about the rent"), not the words of
    the line itself ("... came back to tell me why")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(c.lower_ not in ("i", "we", "you") for c in subjects)


def _delivery(text: str) -> bool:
    return bool(_PAREN.search(text) or _DELIVERY_WORDS.search(text))


def spoken_lines(analysis: Analysis) -> list[SpokenLine]:
    """Dialogue the prompt asks to be spoken: speaker lines and quotations used as speech."""
    text = analysis.text
    doc = analysis.doc
    found: list[SpokenLine] = []
    covered: list[Span] = []
    for line in analysis.structure.lines:
        if line.layer != "dialogue" or line.label is None:
            continue
        marker = text[line.span.start:line.content.start]
        content = text[line.content.start:line.content.end]
        quotes = list(QUOTED.finditer(content))
        spoken = " ".join(q.group(1) for q in quotes) if quotes else _PAREN.sub(" ", content)
        words = len(re.findall(r"[\w'’-]+", spoken))
        if words == 0:
            continue
        outside = QUOTED.sub(" ", content)
        found.append(SpokenLine(line.span, words, True, _delivery(marker) or _delivery(outside)))
        covered.append(line.span)
    speech_cues = data.lexicon("sound")
    for line in analysis.structure.lines:
        # "Dialogue: I waited for you every winter.": the label's value is the line, unquoted
        voice = _SPOKEN_LABELS.get((line.label or "").lower())
        content = text[line.content.start:line.content.end].strip()
        if voice is None or line.layer != "audio" or not content or QUOTED.search(content) or _NO_LINE.fullmatch(content):
            continue
        span = doc.char_span(line.content.start, line.content.end, alignment_mode="expand")
        if span is not None and any(t.pos_ == "VERB" and speech_cues.get(t.lemma_.lower()) in ("speech", "cue")
                                    and _reported(t) for t in span):
            continue    # "Dialogue: they argue about the rent": speech described, not written
        spoken = _PAREN.sub(" ", content)
        found.append(SpokenLine(line.content, len(re.findall(r"[\w'’-]+", spoken)), voice, _delivery(content)))
        covered.append(line.content)
    quotations = list(QUOTED.finditer(text))
    json_shaped = _JSON_START.match(text) is not None
    for at, m in enumerate(quotations):
        if any(c.start <= m.start() < c.end for c in covered):
            continue
        layer = analysis.structure.layer_at(m.start())
        line = analysis.structure.line_at(m.start())
        if _value_not_speech(text, line, m, json_shaped):
            continue
        label = _speaker_label(text[line.span.start:m.start()] if line is not None else "")
        before = text[max(0, m.start() - 60):m.start()]
        # in a sound layer or after a speaker label, "(slow, testing each word):" is delivery, not a sign
        named_above = label is not None and label[:1].isupper()   # "NOVELIST (...):", not "gold embers:"
        if layer not in ("audio", "dialogue") and not named_above and _WRITTEN.search(before):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        sentence = span[0].sent
        tokens = list(sentence)
        if span.start == sentence.start and sentence.start > 0:
            # the quotation opens its sentence: "The beekeeper murmurs, soothing: "Easy.""
            tokens = list(doc[sentence.start - 1].sent) + tokens
        around = [t for t in tokens if not (span.start <= t.i < span.end)]
        cues = [
            t for t in around
            if speech_cues.get(t.lemma_.lower()) in ("speech", "cue")
            or (t.pos_ == "VERB" and (t.lemma_.lower() in _NEUTRAL_SPEECH or _DELIVERY_WORDS.fullmatch(t.text)))
        ]
        # an exchange of exclamations or questions: "Order up!" "Coming!"
        exchange = _exclaimed(m) and any(
            _exclaimed(other) and _adjacent(text, m, other) for other in quotations[max(0, at - 1):at + 2] if other is not m
        )
        # four words or more in quotation marks, and not writing: someone says them
        is_dialogue = layer in ("audio", "dialogue") or bool(cues) or exchange or len(m.group(1).split()) >= 4 or any(
            mention.kind == "dialogue" and mention.span.start <= m.start() < mention.span.end for mention in analysis.sound
        )
        if not is_dialogue or len(m.group(1).split()) < 2 and not cues and not exchange:
            continue
        # only the words of this sentence before the quotation, not the whole paragraph's line
        line_text = text[max(line.span.start, tokens[0].idx):m.start()] if line is not None else ""
        named = label is not None and not _DELIVERY_WORDS.fullmatch(label)
        # 'hushed: "Keep down."' names how, not who, whatever the parser makes its subject
        said = [t for t in cues if named or label is None or t.lower_ != label.lower()]
        speaker = named or any(_has_subject(t) for t in said)
        outside = " ".join(t.text for t in around)
        # "he says wearily": an adverb of manner on the speech verb
        manner = any(c.dep_ == "advmod" and c.lower_.endswith("ly") for t in cues for c in t.children)
        delivery = manner or _delivery(outside + " " + line_text) or bool(_BRACKET_DELIVERY.search(line_text)) or any(
            t.lemma_.lower() not in _NEUTRAL_SPEECH and speech_cues.get(t.lemma_.lower()) in ("speech", "cue")
            and t.lemma_.lower() not in ("say",) for t in cues
        )
        found.append(SpokenLine(Span(m.start(), m.end()), len(re.findall(r"[\w'’-]+", m.group(1))), speaker, delivery))
    return sorted(found, key=lambda s: s.span.start)
