"""Several characters acting or interacting at once.

What it does: flags a prompt in which three or more characters act in the foreground: three
distinct subjects doing things ("the bride laughs, her father spins her, the groom steps in"),
people named by their roles ("the head chef ..., the sous-chef ..., the pastry chef ..." are
three, a plural "jack men" and a "lollipop man" two), a gathering named member by member
("the aunt passes a plate to her nephew while his father ..."), three or more speakers, or a
counted group interacting or given member by member ("four friends argue over the map", "four
friends: one deals, another counts, the last keeps score", "three kids pass a ball between
them"). A crowd in the background ("a busy market behind her"), a group acting as one ("the
choir sings"), a group acted on ("feeds the hens"), a rig ("Steadicam follows her"), a label
("Shot 2:") and words in quotation marks are not characters.
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
from splint.rules.common import inside_quotes

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
    r"argu\w*|fight\w*|brawl\w*|wrestl\w*|pass(?:es|ed|ing)?|toss\w*|throw\w*|chas(?:e|es|ed|ing)|hug\w*|dance\w* with|danc\w* together|"
    r"swap\w*|trad(?:e|es|ed|ing)|exchang\w*|shov\w*|push\w*|grab\w*|tackl\w*|high-fiv\w*|clink\w*|bicker\w*|debat\w*|"
    r"interrupt\w*|talk\w* over|shout\w* at|play(?:s|ed|ing)?|compet(?:e|es|ed|ing)|race|racing|in turn|take turns|taking turns)\b",
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
_ENUMERATED = re.compile(
    r"\b(?:a|the) (?:third|fourth|fifth|sixth)\b"
    # "on the third day" counts days, not people
    r"(?! (?:day|days|night|time|week|month|year|floor|round|act|scene|shot|take|attempt|try|lap|verse|beat|"
    r"second|minute|hour|morning|evening|step|stage|level|panel|frame|part|chapter|section|row)\b)",
    re.IGNORECASE,
)
# A counted group given member by member: "four friends: one deals, another counts, the last ..."
_ROLES = re.compile(
    r"\bone\b[^.;]{0,80}?\b(?:another|the other|the others|a second|the second|the next|the last|a third|the third)\b",
    re.IGNORECASE,
)


# "Shot 2:", "Multi-shot Prompt 1:", "Camera Notes:" at the start of a line: a label, not a name
_LINE_LABEL = re.compile(r"[\w#*&/ -]{0,40}:")


def _is_character(token: Token) -> bool:
    people = data.lexicon("characters")
    if token.lemma_.lower() in people or token.lower_ in people:
        return True
    if token.tag_ == "NNS" and _ROLE_PLURAL.fullmatch(token.lower_):
        # a guess from the ending ("dancers", "rowers"; also "tiers", "layers"): trusted only
        # for a subject that does something
        return token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB"
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.ent_type_ not in ("", "PERSON"):
        return False
    from splint.linter.analysis import common_noun  # the analysis imports the rule registry

    # "Uncle Ray" stays a person: a title or kinship word makes a name of a noun
    if common_noun(token.text) and (token.is_sent_start or any(
        c.dep_ in ("compound", "amod") and c.text[:1].isupper() and c.lower_ not in people for c in token.children
    )):
        # "Cicadas buzz" capitalised at the start of a sentence, "the Old Bridge", "Central
        # Park": common nouns written as a name are places and things, not people
        return False
    # a camera or rig brand ("Steadicam", "GoPro") or a word of the prompt's own make-up
    # capitalised at the start of a sentence ("Title appears ...", "Shot on 65mm") is not a person
    return data.lexicon("camera").get(token.lower_) is None and token.lower_ not in _PROMPT_WORDS


_PROMPT_WORDS = frozenset({
    "title", "titles", "prompt", "scene", "shot", "shots", "cut", "frame", "caption", "text", "logo", "ending",
    "opening", "intro", "outro", "credits", "end", "sequence", "montage", "transition", "voiceover", "narration",
})


def _in_label_or_quote(analysis: Analysis, token: Token) -> bool:
    """A word of a line's label ("Multi-shot Prompt 1:") or of a quotation (a caption, a line)."""
    text = analysis.text
    line = analysis.structure.line_at(token.idx)
    if line is not None:
        start = line.span.start + len(text[line.span.start:line.span.end]) - len(text[line.span.start:line.span.end].lstrip())
        if (m := _LINE_LABEL.match(text, start, line.span.end)) is not None and token.idx < m.end():
            return True
    return inside_quotes(text, token.idx)


def _key(token: Token) -> tuple[str, str]:
    """(the name with its compound modifiers, the bare name): "head chef" and "sous-chef" are two
    people, "jack men" and "the lollipop man" too (a plural is never the same one as a singular);
    a bare "the chef" later is one of them."""
    base = token.text if token.pos_ == "PROPN" else token.lemma_.lower()
    if token.tag_ in ("NNS", "NNPS"):
        base += "/many"
    mods = [c.lower_ for c in token.children if c.dep_ == "compound" and c.i < token.i]
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        mods.append(doc[token.i - 2].lower_)
    return " ".join([*mods, base]), base


def _groups(sentence) -> Iterator[tuple[Token, int]]:
    """Counted groups of characters in a sentence: ("five executives", 5), ("all four", 4)."""
    for token in sentence:
        if token.pos_ in ("NOUN", "PROPN") and _is_character(token):
            count = _count(token)
            if count >= _LIMIT:
                yield token, count
        elif token.lower_ in _NUMBERS and token.dep_ in ("nsubj", "nsubjpass", "appos") and _NUMBERS[token.lower_] >= _LIMIT:
            yield token, _NUMBERS[token.lower_]


def _acting(token: Token) -> bool:
    """A character who acts: a subject, or the one a character acts on ("passes a plate to her
    nephew", "hugs her brother"). Groups acted on ("feeds the chickens") are left out."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        if token.head.pos_ in ("VERB", "AUX"):
            return True
        # the tagger may take the verb for a noun ("the grill cook flips steaks"): trust the
        # subject only when it is a known word for a person
        people = data.lexicon("characters")
        return token.lemma_.lower() in people or token.lower_ in people
    if token.tag_ in ("NNS", "NNPS") or token.dep_ not in ("dobj", "dative", "pobj"):
        return False
    verb = token.head
    if token.dep_ == "pobj":
        if verb.lower_ not in _TOWARD:
            return False
        verb = verb.head
    return verb.pos_ == "VERB" and any(
        c.dep_ == "nsubj" and (_is_character(c) or c.pos_ == "PRON") for c in verb.children
    )


_TOWARD = frozenset({"to", "with", "toward", "towards", "at", "against"})
_ROLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj"})


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    doc = analysis.doc
    rows = analysis.rows
    actors: dict[str, tuple[Span, str]] = {}
    for sentence in doc.sents:
        said = analysis.structure.masked[sentence.start_char:sentence.end_char]
        background = _BACKGROUND.search(said) is not None
        if not background and (_INTERACTING.search(said) or _ROLES.search(said)):
            group = next(_groups(sentence), None)
            if group is not None or _ENUMERATED.search(said):
                size = group[1] if group is not None else _LIMIT
                yield META.diagnostic(
                    Span(sentence.start_char, sentence.end_char),
                    f"{size} or more characters interacting at once; multi-character interactions break consistency",
                    hint="focus on one or two of them and keep the rest in the background, or split the action into shots",
                )
                return
        if background:
            continue
        for row in rows[sentence.start:sentence.end]:
            if row.dep not in _ROLE_DEPS or row.pos not in ("NOUN", "PROPN"):
                continue
            token = doc[row.i]
            if not _is_character(token) or not _acting(token):
                continue
            if token.lower_ in ("people", "someone", "everyone") or _in_label_or_quote(analysis, token):
                continue
            key, base = _key(token)
            # the span covers the name's modifiers, so "Team A runner" and "Team C runner" read apart
            first = min([token.i] + [c.i for c in token.children if c.dep_ == "compound" and c.i < token.i])
            actors.setdefault(key, (Span(doc[first].idx, token.idx + len(token)), base))
    # "the chef" after "the head chef" and "the sous-chef" is one of them, not a third
    modified = {base for key, (_, base) in actors.items() if key != base}
    actors = {key: found for key, found in actors.items() if key != found[1] or found[1] not in modified}
    labels = {
        analysis.text[line.span.start:line.content.start].split("(")[0].strip(" :*_-").lower()
        for line in analysis.structure.lines if line.layer == "dialogue" and line.label
    }
    if len(labels) >= _LIMIT or len(actors) >= _LIMIT:
        count = max(len(labels), len(actors))
        spans = sorted((span for span, _ in actors.values()), key=lambda s: s.start) if len(actors) >= _LIMIT else []
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
