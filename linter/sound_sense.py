"""Sound words read in their sense: which sound mentions ask for sound, and which are figures.

The sound lexicon finds every word that can put sound into a prompt; some of them, where
they stand, describe a picture instead:

- "a whisper of steam", "an echo of her mother's smile": a soft sound noun with an indefinite
  article, measuring something that makes no sound ("a trace of steam");
- "the thundering waterfall ... is frozen", "a roaring fire": a word the lexicon counts only
  as a verb, used as a noun's adjective (an epithet of size or force).

Rules that ask for sound or flag it read ``literal_sound(analysis)`` instead of
``analysis.sound``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from splint.rules import data

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis, Mention

# Sound nouns that also measure: "a whisper of smoke" is a little smoke.
_MEASURES = frozenset({"whisper", "murmur", "echo", "hush", "rumour", "rumor", "breath", "sigh"})


def _figure(analysis: Analysis, mention: Mention) -> bool:
    span = analysis.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token: Token = span[0]
    if mention.kind == "verb":
        # "the thundering waterfall": an adjective before its noun, not a sound being made;
        # "thundering drums" still sound, the noun being one that sounds
        head = token.head
        return (
            token.dep_ == "amod" and head.i > token.i and head.pos_ in ("NOUN", "PROPN")
            and not _sounds(head)
        )
    if token.lemma_.lower() not in _MEASURES or token.pos_ != "NOUN":
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return False
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            measured = [c for c in prep.children if c.dep_ == "pobj"]
            return bool(measured) and not any(_sounds(m) for m in measured)
    return False


def _sounds(token: Token) -> bool:
    """A word for sound or for something played: "voices", "drums", "horns"."""
    return any(
        data.lexicon(name).get(form) is not None
        for name in ("sound", "instruments")
        for form in (token.lower_, token.lemma_.lower())
    )


def literal_sound(analysis: Analysis) -> tuple[Mention, ...]:
    """The sound mentions of a prompt that ask for sound (worked out once per prompt)."""
    return tuple(m for m in analysis.sound if not _figure(analysis, m))
