"""Music asked for without genre, mood, instruments or tempo.

What it does: flags "music", "a song", "a soundtrack", "background music", "a tune" when
nothing in the same sentence (or audio line) says what the music is: no genre or instrument
("jazz", "a solo cello"), no mood ("melancholic", "tense", "upbeat"), no tempo ("slow",
"120 bpm"), no named piece. Judgements ("nice music", "epic soundtrack", "fitting music",
"music that fits the vibe"), what plays it ("a song on the car radio") and other sound
beside it ("music + sfx") do not describe it.
Why: guide, Audio Prompting, "Music: Specify genre, mood, instruments, tempo". Sora
generates the soundtrack, so "music" alone leaves the model to pick one, and it picks a
different one every take.
Example: A couple dances in the kitchen with some nice music playing.
Use instead: ... a scratchy 1950s doo-wop record playing on the radio, slow and sweet.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data
from splint.rules.common import inside_quotes

if TYPE_CHECKING:
    from spacy.tokens import Span as DocSpan
    from splint.linter.analysis import Analysis

META = RuleMeta(code="VG004", name="vague-music", group="vagueness", severity=Severity.WARNING)

_MUSIC = frozenset({"music", "soundtrack", "song", "songs", "tune", "tunes", "melody", "bgm", "jingle", "musical"})
# Words around "music" that still say nothing about what it is.
_EMPTY = frozenset({
    "nice", "good", "great", "cool", "awesome", "amazing", "beautiful", "epic", "cinematic", "appropriate",
    "fitting", "suitable", "matching", "relevant", "generic", "background", "some", "any", "music", "song",
    "soundtrack", "perfect", "catchy", "trending", "popular", "viral", "best", "royalty", "free", "royalty-free",
    "stock", "licensed", "copyright", "original", "custom", "the", "a", "an", "and", "with", "of", "plays",
    "playing", "add", "tune", "melody", "track", "backing", "underlying", "accompanying", "nice-sounding",
    "bgm", "jingle", "soft", "loud", "quiet", "low", "louder", "volume", "audio", "sound", "sounds",
})


# What plays the music says nothing about it: "a song on the car radio"
_PLAYERS = frozenset({
    "radio", "jukebox", "record player", "turntable", "speaker", "speakers", "headphones", "earbuds", "stereo",
    "boombox", "phone", "laptop",
})
# A clause that only says the music is there or suits the scene: "music that fits the vibe",
# "a song coming from the stereo"
_SUITS = frozenset({
    "fit", "match", "suit", "complement", "go", "accompany", "work", "play", "underscore", "come", "emanate", "fill",
})


def _described(sentence: DocSpan) -> bool:
    instruments = data.lexicon("instruments")
    moods = data.lexicon("sound")
    for token in sentence:
        word = token.lower_
        if word == "by" and token.head.lower_ in _MUSIC and token.i + 1 < len(token.doc) and token.doc[token.i + 1].pos_ == "PROPN":
            return True  # "music by Erik Satie"
        if token.is_space or token.is_punct or word in _EMPTY or token.is_stop or word in _PLAYERS:
            continue
        if instruments.get(word) == "music" or instruments.get(token.lemma_.lower()) == "music":
            return True
        if word in ("bpm", "tempo", "beat", "beats", "rhythm", "chords", "strings", "vocals", "choir", "drums"):
            return True
        # a named piece or artist ("music by Nils Frahm"), not "music + sfx"
        if token.pos_ == "PROPN" and token.head.lower_ in _MUSIC and token.dep_ != "conj" and moods.get(word) is None:
            return True
        if token.dep_ in ("acl", "relcl") and token.lemma_.lower() in _SUITS:
            continue
        # a describing word attached to the music word: "melancholic music", "music that swells"
        if token.head.lower_ in _MUSIC and token.dep_ in ("amod", "compound", "nmod", "acl", "relcl", "advmod"):
            return True
        if token.pos_ == "ADJ" and moods.get(word) is None and token.head.lower_ in _MUSIC:
            return True
        # said of the music: "the background music is exhilarating and dynamic"
        if token.pos_ == "ADJ" and token.dep_ in ("acomp", "attr", "conj") and any(
            c.dep_ == "nsubj" and c.lower_ in _MUSIC for c in (token.head.head if token.dep_ == "conj" else token.head).children
        ):
            return True
    return False


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    doc = analysis.doc
    seen: set[int] = set()
    for row in analysis.rows:
        if row.lower not in _MUSIC:
            continue
        token = doc[row.i]
        if token.sent.start in seen:
            continue
        if token.lower_ == "musical" and token.head.lower_ not in ("score", "accompaniment", "sting", "cue"):
            continue
        seen.add(token.sent.start)
        if token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.lower_ not in _MUSIC:
            continue  # a music box, a music teacher, a music video
        before = doc[max(token.sent.start, token.i - 3):token.i]
        if any(t.lower_ in ("no", "without", "not", "zero", "nor") for t in before):
            continue  # "no music"
        if inside_quotes(analysis.text, token.idx):
            continue
        if _described(token.sent):
            continue
        if any(c.lower_ in ("the", "its", "this", "that", "his", "her", "their") for c in token.children) and _described(doc[:]):
            continue  # "the melody stops": the music was described where it began
        line = analysis.structure.line_at(token.idx)
        if line is not None and line.layer in ("audio",) and line.content.end > line.content.start:
            content = doc.char_span(line.content.start, line.content.end, alignment_mode="expand")
            if content is not None and _described(content):
                continue
        yield META.diagnostic(
            Span(token.idx, token.idx + len(token)),
            f"'{token.text}' without genre, mood, instruments or tempo; the model picks the music for you",
            hint='e.g. "a slow melancholic piano, sparse notes" or "an upbeat 90s hip-hop beat, 95 bpm"',
        )
