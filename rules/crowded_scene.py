"""Several characters acting or interacting at once.

What it does: flags a prompt in which three or more characters act in the foreground: three
distinct subjects doing things ("the bride laughs, her father spins her, the groom steps in"),
three or more speakers, or a counted group interacting ("four friends argue over the map",
"a dozen dancers, each doing different moves", "three kids pass a ball between them"). A crowd
in the background ("a busy market behind her") and a group acting as one ("the choir sings")
are not counted.
Why: guide, Known Limitations, "Complex multi-character interactions can break
consistency": faces swap, limbs merge, actions land on the wrong person. OpenAI's guide:
keep each character's description identical across shots and avoid competing traits.
Example: Five friends argue around a campfire while two of them wrestle over a guitar.
Use instead: focus the shot on two of them ("Maya snatches the guitar from Leo, laughing")
with the others as a soft background, or give each interaction its own shot.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data

if TYPE_CHECKING:
    from spacy.tokens import Token
    from splint.linter.analysis import Analysis

META = RuleMeta(code="LM002", name="crowded-scene", group="limitations", severity=Severity.WARNING)

_LIMIT = 3
_NUMBERS = {
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "dozen": 12, "dozens": 24, "several": 3, "multiple": 3, "numerous": 5, "many": 5,
}
_INTERACTING = re.compile(
    r"\b(?:each|every one|one another|each other|between them|among them|together|with one another|"
    r"argu\w*|fight\w*|brawl\w*|wrestl\w*|pass\w*|toss\w*|throw\w*|chas\w*|hug\w*|dance\w* with|danc\w* together|"
    r"swap\w*|trad\w*|exchang\w*|shov\w*|push\w*|grab\w*|tackl\w*|high-fiv\w*|clink\w*|bicker\w*|debat\w*|"
    r"interrupt\w*|talk\w* over|shout\w* at|play\w*|compet\w*|race|racing|in turn|take turns|taking turns)\b",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"\b(?:in the background|background|blurred|out of focus|in the distance|passers-?by|onlookers|extras|far off|"
    r"as one|synchroni[sz]ed|in (?:perfect |complete |tight |total )?(?:unison|sync|step|lockstep|formation))\b",
    re.IGNORECASE,
)


def _count(token: Token) -> int:
    for child in token.children:
        if child.dep_ in ("nummod", "amod", "quantmod", "det") or child.like_num:
            word = child.lower_
            if word.isdigit():
                return int(word)
            if word in _NUMBERS:
                return _NUMBERS[word]
    return 1


_ROLE_PLURAL = re.compile(r"[a-z]{2,}(?:ers|ists|ians|ors|ants|ents|ees|ives|boys|girls|men|women|folk|kids|mates)$")
# "one friend rolls the dice, another counts the money, a third ..." enumerates actors.
_ENUMERATED = re.compile(r"\b(?:a|the) (?:third|fourth|fifth|sixth)\b", re.IGNORECASE)


def _is_character(token: Token) -> bool:
    people = data.lexicon("characters")
    if token.lemma_.lower() in people or token.lower_ in people:
        return True
    if token.tag_ == "NNS" and _ROLE_PLURAL.fullmatch(token.lower_):
        return True
    return token.pos_ == "PROPN" and token.ent_type_ in ("", "PERSON") and token.text[:1].isupper()


def _groups(sentence) -> Iterator[tuple[Token, int]]:
    """Counted groups of characters in a sentence: ("five executives", 5), ("all four", 4)."""
    for token in sentence:
        if token.pos_ in ("NOUN", "PROPN") and _is_character(token):
            count = _count(token)
            if count >= _LIMIT:
                yield token, count
        elif token.lower_ in _NUMBERS and token.dep_ in ("nsubj", "nsubjpass", "appos") and _NUMBERS[token.lower_] >= _LIMIT:
            yield token, _NUMBERS[token.lower_]


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    doc = analysis.doc
    actors: dict[str, Span] = {}
    for sentence in doc.sents:
        background = _BACKGROUND.search(sentence.text) is not None
        if not background and _INTERACTING.search(sentence.text):
            group = next(_groups(sentence), None)
            if group is not None or _ENUMERATED.search(sentence.text):
                size = group[1] if group is not None else _LIMIT
                yield META.diagnostic(
                    Span(sentence.start_char, sentence.end_char),
                    f"{size} or more characters interacting at once; multi-character interactions break consistency",
                    hint="focus on one or two of them and keep the rest in the background, or split the action into shots",
                )
                return
        for token in sentence:
            if token.dep_ not in ("nsubj", "nsubjpass") or not _is_character(token):
                continue
            if token.head.pos_ not in ("VERB", "AUX"):
                continue
            span = Span(token.idx, token.idx + len(token))
            if background:
                continue
            key = token.lemma_.lower() if token.pos_ != "PROPN" else token.text
            if token.lower_ in ("people", "someone", "everyone"):
                continue
            actors.setdefault(key, span)
    labels = {
        analysis.text[line.span.start:line.content.start].split("(")[0].strip(" :*_-").lower()
        for line in analysis.structure.lines if line.layer == "dialogue" and line.label
    }
    if len(labels) >= _LIMIT or len(actors) >= _LIMIT:
        count = max(len(labels), len(actors))
        spans = sorted(actors.values(), key=lambda s: s.start) if len(actors) >= _LIMIT else []
        if spans:
            span = Span(spans[0].start, spans[-1].end)
            names = ", ".join(f"'{analysis.text[s.start:s.end]}'" for s in spans[:5])
        else:
            first = next(line for line in analysis.structure.lines if line.layer == "dialogue" and line.label)
            span = first.span
            names = ", ".join(sorted(labels)[:5])
        yield META.diagnostic(
            span,
            f"{count} characters act in one shot ({names}); multi-character interactions break consistency",
            hint="focus on one or two of them and keep the rest in the background, or split the action into shots",
        )
