"""One spaCy pass per prompt, then the facts every rule shares.

spaCy is imported and its English pipeline loaded lazily, once, the first time a prompt
needs analysis. Only the components the rules read run: the tagger, parser, attribute
ruler and lemmatizer (no NER), made cheaper to run by ``nlp.py`` without changing
an annotation. Line structure found by ``structure.py`` is handed to the
parser as preset sentence starts, so a list line never runs into the next one.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from splint.linter.nlp import load as load_pipeline
from splint.linter.structure import QUOTED, Structure, analyse_structure, layer_of
from splint.linter.types import Prompt, Span
from splint.rules import data

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

T = TypeVar("T")

SEPARATORS = frozenset({",", ";", "|", "，", "、", "；", "｜", "/", "•", "·", "+", "—", "–", "-", "‣", "▪", "◦", "…"})
_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})


@functools.cache
def pipeline() -> Language:
    """The English pipeline, loaded once, on first use."""
    return load_pipeline()


# --- the facts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """A stretch of a unit between separators (commas, pipes, slashes, bullets)."""

    span: Span
    words: int
    has_verb: bool             # any verb form, participles included
    finite: bool               # a clause: a finite verb or an imperative
    coordinated: bool          # opens with "and"/"or": the last member of a series
    bare: bool = True          # no article, preposition, pronoun or -ing form: tag material
    joined: bool = False       # holds "and"/"or" ("salsa and lime wedges"): may close a series
    quoted: bool = False       # inside a quotation: someone's words, not the writer's list


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, or a line of a list: what a writer put between hard stops."""

    span: Span
    layer: str | None          # the labelled layer it sits in, None for free narrative
    finite: bool               # holds a clause with a finite verb
    bullet: bool               # a bulleted or numbered line
    words: int
    items: tuple[Item, ...]
    stopped: bool = False      # ends with a full stop, "!" or "?" (not a list line)
    narrative: bool = False    # a clause of its own, not only a relative clause inside a fragment


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    text: str
    kind: str                  # lexicon category, "dialogue", "label" ...


@dataclass(frozen=True, slots=True)
class LightMention:
    span: Span                 # the light word with its qualifiers
    text: str
    qualifiers: tuple[Mention, ...]

    @property
    def concrete(self) -> bool:
        """Says something about the light itself; how much of it (dim, bright) does not."""
        return any(q.kind not in ("evaluative", "intensity") for q in self.qualifiers)

    @property
    def evaluative(self) -> tuple[Mention, ...]:
        return tuple(q for q in self.qualifiers if q.kind == "evaluative")


@dataclass(frozen=True, slots=True)
class Action:
    span: Span
    text: str                  # "walks in", "picks up"


@dataclass(frozen=True, slots=True)
class ActionChain:
    """The sequential primary actions one subject performs, in order."""

    subject: str
    actions: tuple[Action, ...]
    lead: bool = True          # False for a bare plural ("particles fall"): background, not a lead


@dataclass(frozen=True, slots=True)
class StatedDuration:
    seconds: int
    span: Span


@dataclass(frozen=True, slots=True)
class Analysis:
    prompt: Prompt
    doc: Doc
    structure: Structure
    units: tuple[Unit, ...]
    layers: dict[str, tuple[Span, ...]]
    sound: tuple[Mention, ...]
    light: tuple[LightMention, ...]
    lighting_layer: tuple[LightMention, ...]
    actions: tuple[ActionChain, ...]
    duration: StatedDuration | None
    light_terms: tuple[Mention, ...] = ()   # every lighting word, judgements included
    camera: tuple[Mention, ...] = ()        # camera direction; kind is the camera lexicon's category
    style: tuple[Mention, ...] = ()         # look and style words; kind is the style lexicon's category
    _derived: dict[Callable[[Analysis], Any], Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.prompt.text

    @property
    def rows(self) -> list[TokenRow]:
        """One row per token (text, lemma, tags, offset), read from spaCy once: rules that
        scan every token read these and make a spaCy token only of the ones they keep."""
        return _table(self.doc)

    def derived(self, fact: Callable[[Analysis], T]) -> T:
        """``fact(self)``, worked out once per prompt however many rules ask for it."""
        if fact not in self._derived:
            self._derived[fact] = fact(self)
        return self._derived[fact]  # type: ignore[no-any-return]


# --- building it -----------------------------------------------------------------------


def analyse(prompts: Iterable[Prompt], batch_size: int = 64) -> Iterator[Analysis]:
    """Analyse prompts in order, parsing them in batches with ``nlp.pipe``."""
    nlp = pipeline()
    pending: list[tuple[Prompt, Structure]] = []

    def docs() -> Iterator[Doc]:
        for prompt in prompts:
            structure = analyse_structure(prompt.text)
            pending.append((prompt, structure))
            yield _presegmented(nlp, structure)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        prompt, structure = pending.pop(0)
        yield _derive(prompt, structure, doc)


def _presegmented(nlp: Language, structure: Structure) -> Doc:
    doc = nlp.make_doc(structure.masked)
    starts = {line.content.start for line in structure.lines if line.starts_unit}
    # a semicolon joins clauses that stand alone: parsed as one sentence, a long chain of
    # them gets its verbs hung under each other's
    starts.update(m.end() for m in _AFTER_SEMICOLON.finditer(structure.masked))
    for start in starts:
        found = doc.char_span(start, start + 1, alignment_mode="expand") if 0 < start < len(structure.masked) else None
        if found is not None and len(found) and found[0].idx == start and not found[0].is_space:
            found[0].is_sent_start = True
    return doc


_AFTER_SEMICOLON = re.compile(r";[ \t]*(?=\S)")


def _derive(prompt: Prompt, structure: Structure, doc: Doc) -> Analysis:
    doc.user_data["splint.text"] = structure.masked      # the text the doc was made from
    units = tuple(_units(doc, structure))
    layers: dict[str, list[Span]] = {}
    for line in structure.lines:
        if line.layer is not None and line.content.end > line.content.start:
            layers.setdefault(line.layer, []).append(line.content)
        elif line.layer is not None and line.label is not None:
            layers.setdefault(line.layer, [])
    light, lighting_layer, light_terms = _light(doc, structure)
    camera = tuple(_camera(doc, structure))
    return Analysis(
        prompt=prompt,
        doc=doc,
        structure=structure,
        units=units,
        layers={k: tuple(v) for k, v in layers.items()},
        sound=tuple(_sound(doc, structure)),
        light=light,
        lighting_layer=lighting_layer,
        # A prompt without a clause anywhere (tags, participle captions) has no verbs the
        # tagger can be trusted on: its "verbs" are nouns of its fragments.
        actions=(
            _outside_speech(tuple(_actions(doc)), prompt.text, structure) if any(u.narrative for u in units)
            else _caption_beats(units, structure.masked, camera)
        ),
        duration=_stated_duration(prompt.text, structure),
        light_terms=light_terms,
        camera=camera,
        style=tuple(_style(doc)),
    )


def _outside_speech(chains: tuple[ActionChain, ...], text: str, structure: Structure) -> tuple[ActionChain, ...]:
    """Drop actions that are spoken words ("It bloomed without you") rather than things done."""
    # the masked text: a JSON value's quotes ("action": "The box opens.") are not speech
    quoted = [Span(m.start(), m.end()) for m in QUOTED.finditer(structure.masked)]

    def spoken(action: Action) -> bool:
        if structure.layer_at(action.span.start) in _SOUND_LAYERS:
            return True
        return any(q.start <= action.span.start < q.end for q in quoted)

    kept = []
    for chain in chains:
        actions = tuple(a for a in chain.actions if not spoken(a))
        if actions:
            kept.append(ActionChain(chain.subject, actions, chain.lead))
    return tuple(kept)


def _is_word(row: TokenRow) -> bool:
    return not (row.space or row.punct or row.text in SEPARATORS)


def _glued_words(doc: Doc) -> frozenset[int]:
    """The second halves of hyphenated words ("cat-ear"): not words of their own."""
    glued = doc.user_data.get("splint.glued")
    if glued is None:
        table = _table(doc)
        glued = doc.user_data["splint.glued"] = frozenset(
            k for k in range(2, len(table)) if table[k - 1].text in ("-", "‑") and not table[k - 1].ws and not table[k - 2].ws
        )
    return glued  # type: ignore[no-any-return]


def _glued(token: Token) -> bool:
    return token.i in _glued_words(token.doc)


def _sent_start(token: Token) -> int:
    """The index of the first token of a token's sentence (``token.sent`` scans for it anew
    at every call)."""
    starts = token.doc.user_data.get("splint.sent-starts")
    if starts is None:
        starts = []
        current = 0
        for t in _table(token.doc):
            if t.sent_start:
                current = t.i
            starts.append(current)
        token.doc.user_data["splint.sent-starts"] = starts
    return starts[token.i]  # type: ignore[no-any-return]


def _is_finite(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return token.i in _recovered_verbs(token.doc)
    if token.tag_ in _FINITE_TAGS or "Fin" in token.morph.get("VerbForm"):
        return True
    if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
        # "A woman with blonde hair styled up, ... looks down": a past tense read as a participle
        # because the subject is far from it; it has a subject of its own.
        if any(c.dep_ == "nsubj" for c in token.children):
            return True
        # "an oasis unfolded, ...": an intransitive past right after its subject, taken as a
        # participle modifying it; a participle has words of its own ("a man dressed in black")
        head = token.head
        return (
            token.dep_ == "acl" and head.i == token.i - 1 and any(c.dep_ == "det" for c in head.children)
            and all(c.is_punct or c.dep_ == "advmod" for c in token.children)
            and token.i + 1 < len(token.doc) and token.doc[token.i + 1].is_punct
        )
    return False


def _is_verb(token: Token) -> bool:
    """A verb, counting -s verbs the tagger took for plural nouns ("the camera pans")."""
    return token.pos_ == "VERB" or token.i in _recovered_verbs(token.doc)


_SINGULAR_DETERMINERS = frozenset({"a", "an", "each", "every", "this", "that", "another"})
# What only a verb governs: a noun with one of these is a verb the tagger misread.
_VERB_ONLY_DEPS = frozenset({"nsubj", "dobj", "prt", "dative"})


@functools.cache
def _lemmas(pos: str) -> frozenset[str]:
    """The base forms spaCy's English lemmatizer knows for a part of speech ("verb", "noun")."""
    lemmatizer = pipeline().get_pipe("lemmatizer")
    return frozenset(lemmatizer.lookups.get_table("lemma_index")[pos])  # type: ignore[attr-defined]


def common_noun(word: str) -> bool:
    """Whether spaCy's English lemmatizer knows a word (lower-cased, singular) as a noun."""
    word = word.lower()
    nouns = _lemmas("noun")
    return word in nouns or (word.endswith("s") and word[:-1] in nouns)


def _verb_base(word: str) -> str | None:
    """The verb an -s form belongs to, by spaCy's table ("carries" -> "carry"), or None."""
    verbs = _lemmas("verb")
    for suffix, base in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + base in verbs:
            return word[: -len(suffix)] + base
    return None


def _subject_verb(token: Token) -> bool:
    """A verb misread as a noun that plainly has its subject: "a clock ticks", "the bell rings"."""
    return token.i in _recovered_verbs(token.doc) and any(
        c.dep_ == "nsubj" or (c.dep_ == "det" and c.lower_ in _SINGULAR_DETERMINERS) for c in token.children
    )


def _comma_between(first: Token, second: Token) -> bool:
    return any(t.text == "," for t in first.doc[first.i + 1:second.i])


def _verb_series(root: Token) -> bool:
    """A sentence with no verb but a series of -s words that are all verbs after a subject."""
    members = [root]
    while (nxt := next((c for c in members[-1].children if c.dep_ == "conj"), None)) is not None and len(members) < 8:
        members.append(nxt)
    if len(members) < 2 or any(t.pos_ in ("VERB", "AUX") for t in root.sent):
        return False
    return all(t.tag_ == "NNS" and _verb_base(t.lower_) for t in members)


def _recovered_verbs(doc: Doc) -> frozenset[int]:
    """Tokens tagged as plural nouns that the parse and spaCy's verb table show to be verbs.

    The small English model often tags an -s verb as a plural noun in a series or right after
    its subject ("A firefighter climbs the ladder, smashes a window"; "The camera pans or
    zooms"). Such a "noun" governs what only a verb governs (a subject, an object, a
    particle, an adverb of manner right after it), or is coordinated with one that does.
    """
    found = doc.user_data.get("splint.verbs")
    if found is not None:
        return found  # type: ignore[no-any-return]
    verbs: set[int] = set()
    # one look at each token: the -s words that may be misread verbs, and the tagger's verbs
    tagged: list[int] = []
    candidates = []
    for row in _table(doc):
        if row.space or row.punct:
            continue
        if row.pos in ("VERB", "AUX"):
            tagged.append(row.i)
        elif row.tag == "NNS" and row.lower.endswith("s") and _verb_base(row.lower):
            candidates.append(doc[row.i])
        elif row.tag in ("JJ", "NN") and row.dep == "ROOT" and _plural_present(doc[row.i]):
            verbs.add(row.i)    # "Two soldiers crouch behind a wall": a plural present read as an adjective
    doc.user_data["splint.tagged-verbs"] = tagged
    for t in candidates:
        children = list(t.children)
        if any(c.dep_ in _VERB_ONLY_DEPS for c in children):
            verbs.add(t.i)
        elif t.dep_ == "nsubj" and t.head.i > t.i and _comma_between(t, t.head) and _misread_subject(t) is not None:
            # "A lifeguard sprints down the beach, dives into the surf": a subject is not
            # followed by its own phrase and a comma before its verb
            verbs.add(t.i)
        elif t.i > 0 and t.i + 1 < len(doc) and doc[t.i - 1].lower_ in ("and", ",", "then") and doc[t.i + 1].tag_ in ("DT", "PRP$"):
            verbs.add(t.i)  # "..., and rings the bell": a noun does not take an article after it
        elif (t.i > 1 and t.i + 1 < len(doc) and doc[t.i - 1].lower_ in ("and", ",", "then")
              and doc[t.i + 1].tag_ in ("RP", "RB") and any(v.pos_ == "VERB" for v in doc[_sent_start(t):t.i])):
            verbs.add(t.i)  # "..., then leaps up": a particle or adverb after it, a verb before
        elif t.dep_ == "ROOT" and _misread_subject(t) is not None and _verb_series(t):
            verbs.add(t.i)  # "The soap bubble wobbles, stretches, and pops."
        elif any(c.dep_ == "det" and c.lower_ in _SINGULAR_DETERMINERS for c in children):
            verbs.add(t.i)  # "A man talks": a singular article cannot open a plural noun
        elif any(c.dep_ == "poss" for c in children) and any(
            c.dep_ == "compound" and c.tag_ == "NN" and data.lexicon("actions").get(c.lemma_.lower()) == "body"
            for c in children
        ):
            verbs.add(t.i)  # "her neck stretches": a body part does what the -s word says
        elif t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "RB" and doc[t.i + 1].head is t and t.i > 0 and doc[t.i - 1].pos_ in ("NOUN", "PROPN", "PUNCT"):
            verbs.add(t.i)  # "..., sprints playfully across the terrace"
    for t in candidates:
        head = t.head if t.head.dep_ not in ("advmod", "acomp", "prt") else t.head.head  # "breaks free and falls"
        if t.i not in verbs and t.dep_ == "conj" and (head.i in verbs or head.pos_ == "VERB") and not any(
            c.dep_ in ("det", "amod", "compound", "poss") for c in t.children
        ):
            verbs.add(t.i)  # "turns and runs"; but "..., no outlines" is a noun
    result = doc.user_data["splint.verbs"] = frozenset(verbs)
    return result


def _plural_present(token: Token) -> bool:
    """A word spaCy knows as a verb and not as an adjective, with a plural subject and a phrase
    after it: the plural present the tagger read as an adjective ("soldiers crouch behind")."""
    doc = token.doc
    word = token.lower_
    if word not in _lemmas("verb") or word in _lemmas("adj") or token.i + 1 >= len(doc):
        return False
    return doc[token.i + 1].tag_ in ("IN", "RP", "RB", "DT", "PRP$") and any(
        (c.dep_ == "nsubj" and (c.tag_ == "NNS" or c.lower_ in ("they", "we")))
        # "Two foxes circle in the snow": the subject read as the first half of a compound noun
        or (c.dep_ == "compound" and c.tag_ == "NNS" and c.i == token.i - 1 and any(g.dep_ in ("nummod", "det") for g in c.children))
        for c in token.children)


def _is_separator(row: TokenRow, table: list[TokenRow]) -> bool:
    if row.text == "#":
        # "#surfer #bigwave": each hashtag is an item
        return (row.i == 0 or bool(table[row.i - 1].ws)) and not row.ws
    if row.text not in SEPARATORS:
        return False
    if row.text in "-–—":
        # a spaced dash separates ("rain - neon"); a hyphen joins ("rain-slicked")
        before = row.i > 0 and bool(table[row.i - 1].ws)
        return before and bool(row.ws)
    return True


_LIST_ITEMS = 3         # a unit of this many separated items reads as a list
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# What a clause's verb governs beyond a bare prepositional phrase: "she lifts the lid",
# "steam rises softly", "he is laughing". A tagger's "verb" with none of these, and a bare
# noun phrase for a subject, is the last noun of a fragment: "dynamic action poses",
# "flat color fills with minimal gradients".
_CLAUSE_DEPS = frozenset({
    "dobj", "attr", "acomp", "ccomp", "xcomp", "advmod", "aux", "auxpass", "neg", "prt",
    "dative", "oprd", "npadvmod", "advcl", "mark",
})
_DETERMINED = frozenset({"det", "poss", "nummod", "predet"})


def _clause_verb(token: Token, item: tuple[int, int] | None) -> bool:
    """Whether a verb makes a clause, rather than being a noun the tagger misread.

    A finite verb, or an imperative opening its sentence ("Track it at street level").
    Outside a list (``item`` None) every finite verb counts. In a list of fragments, where the
    tagger often reads the last noun of a fragment as a verb ("dynamic action poses", "bold
    outlines defining all edges, flat color fills"), a verb counts only with its subject in
    the same fragment, a pronoun, a name or a determined noun phrase ("the fox turns"), or a
    subject it governs more than a prepositional phrase with; a verb whose subject the
    parser lost counts when it governs words ("..., rests on the grass").
    """
    if _imperative(token):
        return True
    if not _is_finite(token):
        return False
    verb = token.head if token.dep_ in ("aux", "auxpass") else token
    if item is None:
        return True
    # a "subject" that is itself a verb misread as a noun ("A fisherman mends a net, harbour at
    # dawn") is not one
    recovered = _recovered_verbs(verb.doc)
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i not in recovered]
    subject = max(subjects, key=lambda c: (item[0] <= c.i <= item[1], c.i)) if subjects else None
    own = [c for c in verb.children if item[0] <= c.i <= item[1] and not c.is_punct and c.dep_ not in _SUBJECT_DEPS]
    if token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("compound", "amod") and c.i < verb.i for c in own):
        return False    # "Makoto Shinkai vibes": what governs a compound is a noun
    if subject is None:
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            return item[0] <= verb.head.i <= item[1] and _clause_verb(verb.head, item)
        if token.pos_ not in ("VERB", "AUX"):
            # "A fox trots across ...": the subject and its article hang on the misread verb
            return _misread_subject(token) is not None and any(c.dep_ in ("det", "poss") for c in own)
        # "..., shot on 16mm film": a past form with no subject is a participle, and a plain
        # form ("harbour at dawn") a noun; an -s form that governs words is a verb that lost
        # its subject ("..., rests on the grass")
        return token.tag_ == "VBZ" and bool(own)
    # "A grey heron lifts": the parser may split a noun phrase into two subjects
    inside = item[0] <= subject.i <= item[1]
    articled = any(
        t.dep_ in _DETERMINED for s in subjects if not inside or item[0] <= s.i <= item[1]
        for t in s.subtree if t.i < verb.i
    )
    determined = articled or subject.pos_ in ("PRON", "PROPN")
    if not inside:
        # "the people, dressed in ..., add to ...": a subject set off by a parenthetical
        return determined and bool(own) and (token.pos_ in ("VERB", "AUX") or subject.pos_ in ("PRON", "PROPN"))
    if subject.pos_ == "PRON" or articled:
        return True     # "she turns", "the fox turns"
    if token.pos_ not in ("VERB", "AUX"):
        # a plural noun read as a verb needs an object of its own ("bold outlines, flat color fills")
        return any(c.dep_ in ("dobj", "prt") for c in own)
    if subject.tag_ in ("NN", "NNP", "NNS") and _compound_reading(verb, own) and (
        subject.i == verb.i - 1 or verb.tag_ in ("VBD", "VBN")
    ):
        return False    # "dew drops on leaves"; "a flowing dress or coat painted with washes"
    # "arrows streak across the sky"; but "dynamic action poses", "Makoto Shinkai vibes" and
    # "sepia toned" end a fragment with the tagger's verb
    return bool(own)


def _noun_like(token: Token, item: tuple[int, int]) -> bool:
    """Whether a verb in a list item is the tagger's reading of a noun phrase's last noun:
    "dynamic action poses", "dew drops on tea leaves", "glitch overlays", "confetti sparks"."""
    own = [c for c in token.children if item[0] <= c.i <= item[1] and not c.is_punct]
    if token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("compound", "amod") and c.i < token.i for c in own):
        return True
    subject = next((c for c in own if c.dep_ in _SUBJECT_DEPS), None)
    bare = subject is not None and subject.i == token.i - 1 and subject.tag_ in ("NN", "NNP", "NNS") and not any(
        t.dep_ in _DETERMINED for t in subject.subtree
    )
    if token.pos_ not in ("VERB", "AUX"):
        # a plural noun read as a verb: it needs an object, a particle, a determined subject, or
        # the article of the noun it follows ("A lifeguard sprints down ...")
        if token.dep_ == "conj" and (token.head.i in _recovered_verbs(token.doc) or token.head.pos_ == "VERB"):
            return False  # "wobbles, stretches, and pops", "wades ..., stops, ...": a series of them
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("DT", "PRP$") and doc[token.i - 1].lower_ in ("and", ","):
            return False  # "..., and rings the bell"
        return bare or not any(c.dep_ in ("dobj", "prt", "det", "poss") or c in (subject,) for c in own)
    return bare and _compound_reading(token, own)


# What a verb governs that a noun never does: "Pikachu speeds away", "the fox turns back".
_VERBAL_DEPS = frozenset({"dobj", "prt", "advmod", "dative", "xcomp", "ccomp", "acomp", "aux", "neg"})


def _compound_reading(verb: Token, own: list[Token]) -> bool:
    """A bare noun right before a verb in a list is more often one compound noun ("dew drops
    on tea leaves", "bold ink outlines", "handheld camera mounted on a car", "Makoto Shinkai
    vibes"): the verb's form is a past, or an -s form that is also a noun or no known verb,
    and it governs nothing only a verb governs."""
    if verb.tag_ == "VBP":
        # "mountain peaks canyon.": a plain form ending a fragment, governing nothing
        return verb.lower_ in _lemmas("noun") and not own
    base = _verb_base(verb.lower_) if verb.tag_ == "VBZ" else None
    noun_form = verb.tag_ in ("VBD", "VBN") or (verb.tag_ == "VBZ" and (base is None or base in _lemmas("noun")))
    return noun_form and not any(c.dep_ in _VERBAL_DEPS for c in own)


def _relative(token: Token) -> bool:
    """A verb of a relative clause whose subject is the relative pronoun ("channels that drift")."""
    verb = token.head if token.dep_ in ("aux", "auxpass") else token
    return verb.dep_ == "relcl" and any(c.dep_ in _SUBJECT_DEPS and c.tag_ in ("WDT", "WP") for c in verb.children)


def _imperative(token: Token) -> bool:
    """A base-form verb heading its sentence with no subject: "Create a ...", "Then pan left"."""
    if token.tag_ != "VB" or token.dep_ not in ("ROOT", "conj") or token.lower_ not in _lemmas("verb"):
        return False
    verb = token
    if verb.dep_ == "conj":
        verb = verb.head
        if verb.tag_ != "VB" or verb.dep_ != "ROOT":
            return False
    if any(c.dep_ in _SUBJECT_DEPS or (c.dep_ in ("aux", "auxpass") and c.lower_ not in ("do", "don't")) for c in verb.children):
        return False    # "Do not add captions" is still an instruction
    first = next(t for t in verb.sent if not (t.is_space or t.is_punct))
    return first.i == verb.i or (first.pos_ == "ADV" and first.head.i == verb.i and first.i + 3 >= verb.i)


# "Colour palette: orange, charcoal, brass." — a label opening a sentence mid-line
_INLINE_LABEL = re.compile(r"([A-Z][\w'’&/-]*(?: [\w'’&/-]+){0,3})[ \t]*:(?=[ \t])")
_NOT_BARE = frozenset({"DET", "ADP", "PRON", "SCONJ", "CCONJ"})


def _joins(doc: Doc, before: list[TokenRow], comma: TokenRow, after: TokenRow | None, first: bool) -> bool:
    """Whether a comma sits inside a phrase rather than between list items.

    Coordinate adjectives ("a vast, ancient library", "a long, flowing tail") and an opening
    adverbial ("Below, a ball rests ...") are written with commas but are not items.
    """
    if comma.text != "," or not before:
        return False
    words = [t for t in before if _is_word(t)]
    if len(words) >= 2 and words[-1].tag == "JJ" and words[-2].tag in ("DT", "PRP$", "JJ", "IN") and after is not None:
        # "a vast, ancient library", "with warm, slightly washed-out colour": the article or
        # preposition before the adjective opens one noun phrase
        opener = [t.tag for t in words[-3:-1]]
        if "DT" in opener or "PRP$" in opener:
            return _is_word(after)
        return "IN" in opener and after.tag in ("JJ", "JJR", "RB", "VBN", "VBG")
    if first and before[-1].dep in ("advmod", "npadvmod", "prep", "pobj"):
        last = doc[before[-1].i]
        root = last if last.dep_ != "pobj" else last.head
        return root.head.i > comma.i and root.head.pos_ in ("VERB", "AUX") and len(before) <= 5
    return False


def _units(doc: Doc, structure: Structure) -> Iterator[Unit]:
    quotes = [Span(m.start(), m.end()) for m in QUOTED.finditer(structure.masked)] if '"' in structure.masked or "“" in structure.masked else []
    recovered = _recovered_verbs(doc)
    verbish = recovered | frozenset(doc.user_data["splint.tagged-verbs"])
    glued = _glued_words(doc)
    table = _table(doc)
    for sent in doc.sents:
        tokens = [t for t in table[sent.start:sent.end] if not t.space]
        if not tokens:
            continue
        span = Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        pieces: list[list[TokenRow]] = []
        current: list[TokenRow] = []
        for k, token in enumerate(tokens + [None]):  # type: ignore[list-item]
            if token is None or (_is_separator(token, table) and not _joins(
                doc, current, token, tokens[k + 1] if k + 1 < len(tokens) else None, not pieces
            )):
                words = [t for t in current if _is_word(t)]
                if words:
                    pieces.append(words)
                current = []
            else:
                current.append(token)
        if not pieces:
            continue
        in_list = len(pieces) >= _LIST_ITEMS
        if in_list:
            listed = doc.user_data.setdefault("splint.list-items", {})
            for words in pieces:
                for t in words:
                    listed[t.i] = (words[0].i, words[-1].i)
        items: list[Item] = []
        narrative = False
        for words in pieces:
            clauses = [
                doc[t.i] for t in words
                if t.i in verbish and _clause_verb(doc[t.i], (words[0].i, words[-1].i) if in_list else None)
            ]
            narrative = narrative or any(not _relative(t) for t in clauses)
            items.append(Item(
                Span(words[0].idx, words[-1].idx + len(words[-1].text)),
                sum(1 for t in words if t.i not in glued),
                any(t.pos in ("VERB", "AUX") for t in words),
                bool(clauses),
                words[0].lower in ("and", "or", "nor", "&", "plus"),
                (words[0].pos not in _NOT_BARE or words[0].lower == "no")  # "no music, no text" are tags
                and not any(t.tag == "VBG" and t.i not in glued for t in words),
                any(t.lower in ("and", "or") for t in words[1:]),
                any(q.start <= words[0].idx < q.end for q in quotes),
            ))
        line = structure.line_at(span.start)
        layer = line.layer if line else None
        if layer is None and (label := _INLINE_LABEL.match(_doc_text(doc), span.start)):
            layer = layer_of(label.group(1)) or "other"
        yield Unit(
            span,
            layer,
            any(i.finite for i in items),
            bool(line and line.bullet),
            sum(i.words for i in items),
            tuple(items),
            tokens[-1].text in (".", "!", "?", "…") or tokens[-1].text.endswith((".", "!", "?")),
            narrative,
        )


class TokenRow(NamedTuple):
    """What the passes over every token read of it, read once per document (spaCy's token
    access builds a new Python object each time, and the lexicon passes, the verb finding and
    some rules read every token). A named tuple, as it is built for every token: a frozen
    dataclass costs three times as much."""

    i: int
    idx: int            # character offset in the document
    text: str
    lower: str
    lemma: str          # lower-cased
    punct: bool
    space: bool
    ws: str             # the whitespace after it
    sent_start: bool
    forms: tuple[str, ...]  # as written, its lemma, crude stems: what may begin a lexicon entry
    pos: str
    tag: str
    dep: str


def _doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins anew from every token at each call, joined once."""
    text = doc.user_data.get("splint.text")
    if text is None:
        text = doc.user_data["splint.text"] = doc.text
    return text


# A word's forms by (lower, lemma): the same words come back prompt after prompt. Replaced,
# not grown, past the limit.
_FORMS: dict[tuple[str, str], tuple[str, ...]] = {}
_FORMS_LIMIT = 100_000


def _table(doc: Doc) -> list[TokenRow]:
    global _FORMS
    table = doc.user_data.get("splint.tokens")
    if table is None:
        if len(_FORMS) >= _FORMS_LIMIT:
            _FORMS = {}
        forms = _FORMS
        table = []
        for t in doc:
            lower, lemma = t.lower_, t.lemma_.lower()
            word_forms = forms.get((lower, lemma))
            if word_forms is None:
                stem = _stem(lower)
                word_forms = forms[lower, lemma] = (lower, lemma, stem, stem + "e", lower.rstrip("s"))
            table.append(TokenRow(t.i, t.idx, t.text, lower, lemma, t.is_punct, t.is_space, t.whitespace_,
                              bool(t.is_sent_start), word_forms, t.pos_, t.tag_, t.dep_))
        doc.user_data["splint.tokens"] = table
    return table


def _pattern_starts(doc: Doc, lex: data.Lexicon) -> frozenset[int] | None:
    """Where ``lex``'s patterns could begin in the document (None: anywhere), found once."""
    found = doc.user_data.setdefault("splint.pattern-starts", {})
    if lex.name not in found:
        found[lex.name] = lex.pattern_starts(_doc_text(doc))
    return found[lex.name]


def _stem(word: str) -> str:
    """A crude stem for words the tagger got wrong ("engine roaring" tagged as a noun)."""
    for suffix, repl in (("ing", ""), ("es", ""), ("s", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


_COMPOUND_TAILS = frozenset({"style", "like", "esque", "type", "inspired", "grade", "level", "quality", "looking"})


_MANNER_HEADS = frozenset({"slow", "fast", "quick", "rapid", "gentle", "smooth", "steady", "swift", "sweeping"})


def _inside_compound(table: list[TokenRow], start: int, end: int) -> bool:
    """Whether tokens [start, end) are only part of a hyphenated word ("high" of "high-end").

    "Hollywood-style" still matches "hollywood": the tail only says "in the manner of".
    """
    if (end + 1 < len(table) and table[end].text == "-" and not table[end - 1].ws
            and table[end + 1].lower not in _COMPOUND_TAILS):
        return True
    if start >= 2 and table[start - 1].text == "-" and not table[start - 1].ws and not table[start - 2].ws:
        # "a fast-tracking shot": a head that only says how fast or how smoothly leaves the word whole
        return table[start - 2].lower not in _MANNER_HEADS
    return False


def _phrases(doc: Doc, lex: data.Lexicon) -> Iterator[tuple[int, int, str]]:
    """Longest-first matches of lexicon terms: (first token, end token, category).

    Whitespace tokens are skipped, hyphens join ("side-lit" matches "side lit"), and a match
    never crosses punctuation other than a hyphen.

    At each word the windows are tried from one word up, and the widest that matches wins.
    A window grows only while its words (as written or as lemmas) still begin some entry,
    or while a pattern could still match it (three tokens at most), so a word that begins
    no entry costs one set look-up instead of a try at every width.
    """
    table = _table(doc)
    text = _doc_text(doc)
    words = [t for t in table if not t.space]
    first_words = lex.first_words
    prefixes = lex.prefixes
    starts = _pattern_starts(doc, lex) if lex.patterns else frozenset()
    i = 0
    while i < len(words):
        head = words[i]
        if head.punct:
            i += 1
            continue
        # No entry starts with this word (as written, as its lemma or a crude stem): only a
        # pattern can match here.
        lookup = not first_words.isdisjoint(head.forms)
        pattern_here = starts is None or head.idx in starts
        if not lookup and not pattern_here:
            i += 1
            continue
        # Entries are at most ``longest`` words (+2 for hyphens); patterns only span 3 tokens.
        widest = min(lex.longest + 2 if lookup else 3, len(words) - i)
        lemmas: list[str] = []
        lowers: list[str] = []
        by_lemma = by_lower = lookup
        best: tuple[int, str] | None = None
        for width in range(1, widest + 1):
            last = words[i + width - 1]
            if last.punct and last.text not in "-‑":
                break  # this window and every wider one crosses punctuation
            if last.text not in ("-", "‑"):
                lemmas.append(last.lemma)
                lowers.append(last.lower)
            lemma_key = " ".join(lemmas) if by_lemma else ""
            lower_key = " ".join(lowers) if by_lower else ""
            by_lemma = by_lemma and lemma_key in prefixes
            by_lower = by_lower and lower_key in prefixes
            if not (by_lemma or by_lower or (pattern_here and width <= 3) or (width == 1 and lookup)):
                break
            if last.punct or _inside_compound(table, head.i, last.i + 1):
                continue
            found = None
            if by_lemma:
                found = lex.get(lemma_key)
            if found is None and by_lower:
                found = lex.get(lower_key)
            if found is None and width == 1 and lookup:
                for candidate in head.forms[2:]:
                    if (found := lex.get(candidate)) is not None:
                        break
            if found is None and pattern_here and width <= 3 and lex.matches_pattern(text[head.idx:last.idx + len(last.text)]):
                found = "pattern"
            if found is not None:
                best = (width, found)
        if best is None:
            i += 1
            continue
        width, found = best
        yield head.i, words[i + width - 1].i + 1, found
        i += width


# --- sound ---------------------------------------------------------------------------

_SOUND_LAYERS = frozenset({"audio", "dialogue"})


def _proper_name(token: Token) -> bool:
    """Part of a multi-word name ("Puget Sound", "Echo Park"): not the common word."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return False
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].pos_ == "PROPN" and doc[token.i - 1].text[:1].isupper()
    after = token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].text[:1].isupper()
    return before or after


def _sound(doc: Doc, structure: Structure) -> Iterator[Mention]:
    text = _doc_text(doc)
    lines = structure.lines
    for k, line in enumerate(lines):
        if line.layer in _SOUND_LAYERS and line.label is not None:
            # a heading alone ("Sound Notes:") says nothing is heard until a line under it does
            heads = k + 1 < len(lines) and lines[k + 1].layer == line.layer and lines[k + 1].content.end > lines[k + 1].content.start
            if line.content.end > line.content.start or heads:
                # the text as masked has no label: shown with it ("MAYA: ...", "Sound Notes:")
                shown = f"{line.label}: {text[line.content.start:line.content.end].strip()}".strip()
                yield Mention(line.span, shown, "label")
    cue_sentences: set[int] = set()
    for start, end, category in _phrases(doc, data.lexicon("sound")):
        head = doc[start]
        if _proper_name(head):
            continue
        if category == "visual":
            continue
        if category == "verb" and not (head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB") or _subject_verb(head)):
            continue
        if category in ("cue", "speech"):
            cue_sentences.add(_sent_start(head))
        if category == "cue":
            continue
        yield Mention(Span(head.idx, doc[end - 1].idx + len(doc[end - 1])), doc[start:end].text, category)
    music = list(_phrases(doc, data.lexicon("instruments")))
    context = {_sent_start(doc[s]) for s, _, c in music if c == "context"}
    for start, end, category in music:
        if category == "music" and _sent_start(doc[start]) in context and not _proper_name(doc[start]):
            yield Mention(Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])), doc[start:end].text, "music")
    # A quotation is dialogue inside an audio/dialogue layer, or with a speech cue in its
    # sentence or the one before ("calls down to the street, '...'"); a sign that reads
    # "OPEN" is not.
    for m in QUOTED.finditer(text):
        if structure.layer_at(m.start()) in _SOUND_LAYERS:
            yield Mention(Span(m.start(), m.end()), m.group(0), "dialogue")
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        sentences = {_sent_start(t) for t in span}
        if _sent_start(span[0]) > 0:
            sentences.add(_sent_start(doc[_sent_start(span[0]) - 1]))
        if sentences & cue_sentences:
            yield Mention(Span(m.start(), m.end()), m.group(0), "dialogue")


# --- light ---------------------------------------------------------------------------


def _segments(doc: Doc) -> list[int]:
    """For each token, the index of the separator-bounded stretch it belongs to."""
    table = _table(doc)
    out: list[int] = []
    current = 0
    for k, t in enumerate(table):
        if t.sent_start or (t.space and "\n" in t.text) or (
            t.text in SEPARATORS and (t.text not in "-–—" or (k > 0 and bool(table[k - 1].ws) and bool(t.ws)))
        ):
            current += 1
        out.append(current)
    return out


def _light(
    doc: Doc, structure: Structure
) -> tuple[tuple[LightMention, ...], tuple[LightMention, ...], tuple[Mention, ...]]:
    """Light words with the qualifiers written in the same stretch of text.

    A qualifier belongs to a light word only within its comma/pipe-bounded stretch:
    "beautiful light, soft focus" does not make the light soft, and "moody lighting, red
    tones, warm palette" grades the picture without describing the light.
    """
    lex = data.lexicon("lighting")
    segment = _segments(doc)
    table = _table(doc)
    text_of = _doc_text(doc)

    def span_of(start: int, end: int) -> Span:
        return Span(table[start].idx, table[end - 1].idx + len(table[end - 1].text))

    matches = list(_phrases(doc, lex))
    in_segment: dict[int, list[Mention]] = {}
    light_words: list[tuple[int, int, str]] = []
    for start, end, category in matches:
        span = span_of(start, end)
        mention = Mention(span, text_of[span.start:span.end], category)
        in_segment.setdefault(segment[start], []).append(mention)
        if category in ("light", "glow", "self", "celestial"):
            light_words.append((start, end, category))
    starts = _pattern_starts(doc, lex)
    for t in table:
        if (starts is None or t.idx in starts) and lex.matches_pattern(t.text):  # 3200K
            span = Span(t.idx, t.idx + len(t.text))
            in_segment.setdefault(segment[t.i], []).append(Mention(span, t.text, "colour"))

    def qualifiers(start: int, end: int) -> list[Mention]:
        own = span_of(start, end)
        out = []
        for m in in_segment.get(segment[start], []):
            if m.span == own or m.kind in ("light", "glow"):
                continue
            out.append(Mention(m.span, m.text, "source" if m.kind == "celestial" else m.kind))
        return out

    mentions: list[LightMention] = []
    for start, end, category in light_words:
        if structure.layer_at(table[start].idx) == "lighting":
            continue
        span = span_of(start, end)
        text = text_of[span.start:span.end]
        quals = qualifiers(start, end)
        if category == "self":
            quals.append(Mention(span, text, "self"))
        elif category == "glow":
            # "the lamp glows", "glowing embers": the thing that glows is the source
            if any(t.pos in ("NOUN", "PROPN") and not start <= t.i < end
                   for t in table if segment[t.i] == segment[start]):
                quals.append(Mention(span, text, "source"))
        elif category == "celestial" and not quals:
            continue  # the sun in the sky is an object; "a low sun" is light
        if quals:
            first = min(span.start, *(q.span.start for q in quals))
            last = max(span.end, *(q.span.end for q in quals))
            span = Span(first, last)
        mentions.append(LightMention(span, text, tuple(sorted(quals, key=lambda q: q.span.start))))
    layer: list[LightMention] = []
    for line in structure.lines:
        if line.layer != "lighting" or line.content.end <= line.content.start:
            continue
        quals = [
            m for seg in sorted(in_segment) for m in in_segment[seg]
            if line.content.start <= m.span.start < line.content.end and m.kind not in ("light",)
        ]
        quals = [Mention(m.span, m.text, "source" if m.kind in ("celestial", "glow") else m.kind) for m in quals]
        text = text_of[line.content.start:line.content.end]
        layer.append(LightMention(line.content, text.strip(), tuple(quals)))
    terms = tuple(m for seg in sorted(in_segment) for m in in_segment[seg])
    return tuple(mentions), tuple(layer), terms


# --- camera and style ----------------------------------------------------------------

_CAMERA_SUBJECTS = frozenset({
    "camera", "lens", "we", "drone", "pov", "viewpoint", "perspective", "view", "shot", "frame",
    "steadicam", "gimbal", "crane", "dolly", "operator", "cameraman", "camerawoman",
})


def _camera_subject(token: Token) -> Token | None:
    """The camera word a verb's subject is ("the camera pans", "we push in", "then tilts up")."""
    current = token
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                hit = child.lemma_.lower() in _CAMERA_SUBJECTS or child.lower_ in _CAMERA_SUBJECTS
                return child if hit else None
        if current.dep_ in ("acl", "relcl", "amod") and current.head.lemma_.lower() in _CAMERA_SUBJECTS:
            return current.head
        if current.dep_ in ("conj", "xcomp", "advcl", "dep") and current.head is not current:
            current = current.head
            continue
        return None
    return None


_COMMAND_NEXT = frozenset({"IN", "RP", "DT", "RB", "RBR", "PRP", "PRP$", "TO"})


def _camera_command(token: Token) -> bool:
    """A camera verb given as a command that opens its sentence or list item, whatever the
    tagger made of it: "Orbit around the table.", "3. Track with her", "Then pan left"
    (not "Pan of onions", "Track lighting glows")."""
    table = _table(token.doc)
    first = next((row for row in table[_sent_start(token):token.i + 1]
                  if not (row.space or row.punct or row.pos in ("ADV", "NUM") or row.lower.isdigit())), None)
    if first is None or first.i != token.i or token.i + 1 >= len(table):
        return False
    nxt = table[token.i + 1]
    return nxt.tag in _COMMAND_NEXT and nxt.lower != "of" and not any(c.dep_ in _SUBJECT_DEPS for c in token.children)


def _camera(doc: Doc, structure: Structure) -> Iterator[Mention]:
    lex = data.lexicon("camera")
    found: list[Mention] = []
    for start, end, category in _phrases(doc, lex):
        head = doc[start]
        span = Span(head.idx, doc[end - 1].idx + len(doc[end - 1]))
        in_layer = structure.layer_at(head.idx) == "camera"
        verbal = head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")
        if category == "verb" or (category == "move" and verbal and end - start == 1):
            subject = _camera_subject(head)
            if subject is None and not in_layer and not _camera_command(head):
                continue
            # "a tracking shot follows her": the verb is the move already named
            if subject is not None and any(m.kind == "move" and m.span.start <= subject.idx < m.span.end for m in found):
                category = "detail"
            else:
                category = "move"
        elif category == "subject" and head.lower_ == "we":
            continue
        found.append(Mention(span, doc[start:end].text, category))
    yield from found
    table = _table(doc)
    starts = _pattern_starts(doc, lex)
    for t in table:
        if (starts is None or t.idx in starts) and lex.matches_pattern(t.text) and (t.i + 1 >= len(table) or table[t.i + 1].lower not in ("film", "stock", "footage")):
            yield Mention(Span(t.idx, t.idx + len(t.text)), t.text, "lens")


# A look stated in so many words: "home-video feel", "nature-doc look", "shot on an iPhone",
# "like a 90s sitcom", "ad-style"; the word before "look" or "feel" is the look.
_LOOK_STATED = re.compile(
    r"\b(?:[\w'’-]+[- ](?:look|looks|aesthetic|feel|vibe|style|styled|palette|grade|tones|colou?ring|finish|texture)"
    r"|(?:shot|filmed|captured|recorded|photographed) (?:on|with|in) (?:an? |the )?[\w'’-]+"
    r"|(?:like|as if|as though) (?:it (?:was|were) )?(?:an? |the )?[\w'’-]+(?: [\w'’-]+){0,3} "
    r"(?:film|movie|ad|advert|commercial|show|series|sitcom|documentary|music video|video game|game|cartoon|anime|trailer))\b",
    re.IGNORECASE,
)
_EMPTY_LOOK = frozenset({
    "cinematic", "epic", "beautiful", "stunning", "nice", "good", "great", "cool", "amazing", "awesome", "professional",
    "premium", "high", "quality", "aesthetic", "the", "a", "its", "overall", "same", "modern", "sleek", "clean", "this",
    "that", "their", "his", "her", "general", "whole", "dramatic", "moody", "gorgeous", "pretty", "visual",
    "to", "should", "would", "must", "will", "can", "could", "may", "might", "it", "and", "or", "really", "very",
    "so", "just", "real", "more", "proper", "actual", "expensive", "fancy", "polished", "our", "my", "your",
    "super", "extra", "totally", "truly",
})
_AGE = frozenset({"her", "his", "their", "early", "late", "mid", "(", "in", "both", "mid-"})


def _style(doc: Doc) -> Iterator[Mention]:
    for m in _LOOK_STATED.finditer(_doc_text(doc)):
        first = re.split(r"[\s-]", m.group(0).lower())[0]
        if first in _EMPTY_LOOK:
            continue
        words = re.split(r"[\s-]+", m.group(0).lower())
        if words[0] in ("like", "as") and all(w in _EMPTY_LOOK or w in ("a", "an", "if", "though", "was", "were") for w in words[1:-1]):
            continue  # "like a real movie" names no look
        if m.group(0).lower().split()[0] in ("shot", "filmed", "captured", "recorded", "photographed"):
            last = m.group(0).lower().split()[-1]
            if last in ("the", "a", "an", "slow", "motion", "her", "his", "their", "its"):
                continue
        yield Mention(Span(m.start(), m.end()), m.group(0), "reference")
    lex = data.lexicon("style")
    for start, end, category in _phrases(doc, lex):
        if category == "pattern":
            category = "era"
        head = doc[start]
        if category == "era" and re.fullmatch(r"'?\d0s", head.text) and start > 0 and doc[start - 1].lower_ in _AGE:
            continue  # "in her 30s" is an age
        yield Mention(Span(head.idx, doc[end - 1].idx + len(doc[end - 1])), doc[start:end].text, category)


# --- actions -------------------------------------------------------------------------

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_SINGULAR_PRONOUNS = frozenset({"he", "she"})
_VIEWER = frozenset({"we", "i", "you"})
# how a parser may hang the next step on the previous one: "opens it, then sweeps ..."
_CHAINED = frozenset({"conj", "dep", "parataxis"})
_SIMULTANEOUS_MARKS = frozenset({"as", "while", "whilst", "meanwhile"})
# A gaze with a direction is its own beat ("then looks up", "glances back"); a held gaze is a state.
_GLANCE = frozenset({"up", "down", "away", "back", "around", "over", "aside", "left", "right", "sideways"})
# Roles in the actions lexicon that are never a subject's physical action.
_NOT_ACTIONS = frozenset({"speech", "inner", "camera", "scenery", "media"})
# Subjects whose verbs are not a character's actions: the camera and the film, the weather and light.
_NOT_ACTORS = frozenset({"camera-subject", "scenery", "media"})
_SOUND_VERBS = frozenset({"sound", "verb", "speech"})


def _conj_head(token: Token) -> Token:
    """What a coordinated word continues; past a verb's particle or adverb ("breaks free and
    falls": "falls" hangs on "free")."""
    head = token.head
    if token.dep_ == "conj" and head.dep_ in ("advmod", "acomp", "prt") and head.head.i != head.i:
        return head.head
    return head


def _own_subject(verb: Token) -> Token | None:
    # a "subject" after a step's verb is its object the parser misplaced: "..., then skips stones"
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "expl") and (c.i < verb.i or not _opens_step(verb))]
    # the nearest that is not a number: "00:00-00:04, A courier locks"
    subject = max(subjects, key=lambda c: (c.pos_ != "NUM", c.i)) if subjects else None
    if subject is not None and (subject.i in _recovered_verbs(verb.doc) or _series_verb(subject)):
        # "A lifeguard sprints down the beach, dives ...", "trots across ..., stops, cocks its
        # head": an earlier step of the series became the subject of a later one; the
        # series' own subject is the subject of all
        return _own_subject(subject) if subject.pos_ == "VERB" else _misread_subject(subject)
    if subject is None and verb.i in _recovered_verbs(verb.doc):
        return _misread_subject(verb)
    return subject


def _in_relative(token: Token) -> bool:
    """Whether a verb is coordinated into a relative clause ("light that carves her shoulders
    and leaves the corners in shadow")."""
    node = token
    for _ in range(12):
        if node.dep_ in ("relcl", "acl"):
            return True
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _in_subordinate(token: Token) -> bool:
    """Whether a verb is coordinated into a subordinate clause with its own subject ("She opens
    the door as the dog barks and runs in": "runs" is the dog's)."""
    node = token
    for _ in range(12):
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
        if any(c.dep_ == "mark" for c in node.children) and any(c.dep_ in ("nsubj", "expl") for c in node.children):
            return True
    return False


def _simultaneous_clause_start(verb: Token) -> int | None:
    """Where an as/while clause opens when a verb is the second of that clause's steps the
    parser misread: "as the old dog wakes and wanders off" (read "as" + the noun "dog wakes",
    with "wanders" hung on the main verb). None for a verb outside such a clause."""
    table = _table(verb.doc)
    start = _sent_start(verb)
    k = verb.i - 1
    while k > start and table[k].pos == "ADV":
        k -= 1
    if k <= start or table[k].lower != "and":
        return None
    for j in range(k - 1, start, -1):
        row = table[j]
        if row.punct or row.lower in _STEP_OPENERS:
            return None
        if row.lower in _SIMULTANEOUS_MARKS and table[j + 1].tag in ("DT", "PRP$", "JJ", "NN", "NNP"):
            return j
    return None


def _beat_opener(token: Token) -> bool:
    """A screenplay beat opens with its verb and what the verb takes: "Grabs the keys.",
    "Sits down.", "Laughs." (not "Gloves thud into leather")."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return nxt is None or nxt.is_punct or nxt.tag_ in ("DT", "PRP$", "PRP", "RP", "IN", "TO", "CD")


_STEP_OPENERS = frozenset({",", "and", "then", ";", "finally", "&"})


def _opens_step(token: Token) -> bool:
    """Whether a verb opens a step of a series: right after a comma, "and" or "then"."""
    doc = token.doc
    k = token.i - 1
    start = _sent_start(token)
    while k > start and doc[k].pos_ == "ADV" and doc[k].lower_ not in _STEP_OPENERS:
        k -= 1      # "..., then slowly turns"
    return k > start and doc[k].lower_ in _STEP_OPENERS


def _series_verb(token: Token) -> bool:
    """A verb the parser made the subject of the next one, inside a series: "..., stops,
    cocks its head" (not a sentence's first word: "Leaves swirl" is a noun misread)."""
    doc = token.doc
    if token.pos_ != "VERB":
        return False
    return (token.i > _sent_start(token) and doc[token.i - 1].text == ",") or any(c.dep_ == "nsubj" for c in token.children)


def _misread_subject(verb: Token) -> Token | None:
    """The noun the parser made a compound of a verb it read as a noun ("lifeguard" of
    "A lifeguard sprints", "arm" of "his arm lifts")."""
    return next((c for c in verb.children if c.dep_ in ("compound", "nsubj", "amod") and c.i < verb.i and c.pos_ in ("NOUN", "PROPN")), None)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _series_left(verb: Token) -> Token | None:
    """The verb a series starts with when the parser hung it under a later one.

    "A firefighter climbs the ladder, smashes a window, crawls into the smoke": the small
    model makes "climbs" a clausal complement of "crawls", which then has no subject.
    """
    for child in verb.children:
        if (child.i < verb.i and child.dep_ in ("ccomp", "advcl", "conj", "dep") and _action_verb(child)
                and not any(c.dep_ == "mark" for c in child.children)):
            return child
    return None


def _subject_of(verb: Token) -> Token | None:
    """The subject a verb has, or inherits from the verb whose series it continues."""
    node = verb
    for _ in range(12):
        subject = _own_subject(node)
        if subject is not None:
            return subject
        left = _series_left(node)
        if left is not None:
            node = left
            continue
        head = _conj_head(node)
        if node.dep_ == "conj" and node.i in _recovered_verbs(node.doc) and head.dep_ in ("dobj", "pobj", "appos"):
            # "jogs up the steps and rings the bell": the misread verb hangs on the object
            node = head.head if head.dep_ != "pobj" else head.head.head
            continue
        if node.dep_ in _CHAINED and head.i != node.i:
            if head.pos_ not in ("VERB", "AUX") and not _is_verb(head):
                # "The two dragons slowly and tenderly move ...": the parser hung the verb and
                # its subject on an adverb
                return next((c for c in head.children if c.dep_ == "nsubj"), None)
            node = head
            continue
        if node.dep_ in ("advcl", "xcomp") and head.i != node.i and _action_verb(head):
            node = head
            continue
        return None
    return None


def _action_verb(token: Token) -> bool:
    """A verb that can be a step someone takes: finite, progressive, or a bare form after a
    modal or in a series ("will run and jump", "turns and runs"). Worked out once per token."""
    memo = token.doc.user_data.setdefault("splint.action-verbs", {})
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = _is_action_verb(token)
    return found  # type: ignore[no-any-return]


def _is_action_verb(token: Token) -> bool:
    if not _is_verb(token):
        return False
    item = token.doc.user_data.get("splint.list-items", {}).get(token.i)
    if item is not None and _noun_like(token, item):
        return False    # "confetti sparks", "glitch overlays": a fragment of a list, not a clause
    before = token.doc[token.i - 1] if token.i else None
    if (before is not None and before.dep_ in ("nsubj", "compound") and before.head.i == token.i and before.tag_ in ("NN", "NNS")
            and token.tag_ in ("VBD", "VBN", "VBZ", "VBP")
            and _compound_reading(token, [c for c in token.children if c.dep_ not in _SUBJECT_DEPS and not c.is_punct])
            and not any(t.dep_ in _DETERMINED for t in token.doc[before.left_edge.i:before.i])):
        return False    # "Digital glitch overlays", "GoPro shake": one noun phrase
    if token.tag_ == "VBN":
        return False    # "hair styled up", "head bowed": a participle describes
    if (token.tag_ == "VBD" and before is not None and before.text == ","
            and not any(c.dep_ in _SUBJECT_DEPS for c in token.children)
            and token.sent.root.tag_ in ("VBZ", "VBP")
            and any(c.dep_ == "dobj" and c.left_edge.i == token.i + 1 and not any(g.dep_ in _DETERMINED for g in c.children)
                    for c in token.children)):
        return False    # "..., muted Dutch palette": a past participle of a present-tense scene modifies a noun
    if (token.tag_ in ("VBZ", "VBP") and before is not None and before.i in _recovered_verbs(token.doc)
            and before.head.i == token.i and before.dep_ == "nsubj"
            and token.lower_.endswith("s") and common_noun(token.lower_)
            and not any(c.dep_ in _VERBAL_DEPS for c in token.children if c.i > token.i)):
        return False    # "a cook flips pancakes": the tagger swapped the verb and its object
    if token.tag_ == "VBP" and any(c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in token.children):
        return False    # "her mouth open in a yell": a singular noun takes no plural verb
    if _is_finite(token):
        return True
    if token.tag_ == "VBG":
        return any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children)  # "is spinning"
    if token.tag_ == "VB":
        if token.lower_ not in _lemmas("verb"):
            return False  # "hard, yellowish top light": a word spaCy knows as no verb
        # "will run and jump", "turns and runs"; "The two foxes ... circle": a plural present
        # tagged as the base form still has its subject
        return token.dep_ == "conj" or any(
            c.tag_ == "MD" or (c.dep_ == "nsubj" and (c.tag_ == "NNS" or c.lower_ in ("they", "we", "you", "i")))
            for c in token.children
        )  # but "her mouth open in a yell" is no verb
    return False


def _sequential(verb: Token) -> bool:
    """Whether a verb is a primary, sequential step rather than background or simultaneity."""
    node = verb
    for _ in range(20):
        if node.dep_ == "conj" and node.i in _recovered_verbs(node.doc) and node.head.dep_ in ("dobj", "appos"):
            node = node.head.head  # "jogs up the steps and rings the bell"
            continue
        if (node.dep_ in _CHAINED or (node.dep_ == "appos" and node.i in _recovered_verbs(node.doc))) and node.head.i != node.i:
            node = _conj_head(node)  # "her neck stretches, her tail twitches": a clause read as an apposition
            continue
        if node.dep_ == "nsubj" and (node.i in _recovered_verbs(node.doc) or _series_verb(node)):
            node = node.head  # "A lifeguard sprints down the beach, dives ...": the first step
            continue
        if node.dep_ in ("ccomp", "advcl") and node.i < node.head.i and _series_left(node.head) is not None \
                and _series_left(node.head).i == node.i:
            node = node.head  # the first step of a series the parser nested under a later one
            continue
        break
    if node.dep_ == "ROOT":
        return True
    if node.dep_ == "advcl":
        marks = {c.lower_ for c in node.children if c.dep_ in ("mark", "advmod")}
        if marks & _SIMULTANEOUS_MARKS or node.tag_ == "VBG":
            return False
        return _is_finite(node)
    return False


def _transitive(verb: Token) -> bool:
    """Whether a verb has an object (or, misread as a noun, an article right after it)."""
    doc = verb.doc
    if any(c.dep_ == "dobj" for c in verb.children):
        return True
    return verb.pos_ != "VERB" and verb.i + 1 < len(doc) and doc[verb.i + 1].tag_ in ("DT", "PRP$")


def _alone_meanwhile(verb: Token, lex: data.Lexicon, last_actor: str | None) -> bool:
    """A while/as clause is simultaneous with its main clause; when that clause is the
    camera's (or the viewer's), the subject's step in it is a step of its own: "the camera
    pulls back, following the herd as they move off into the distance"."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in _SIMULTANEOUS_MARKS for c in verb.children):
        return False
    main = verb.head
    subject = _subject_of(main) if main.i != verb.i else None
    if subject is None:
        # "Cut to a wide shot as the ship sails out": the main clause is the editor's
        return main.i != verb.i and main.lemma_.lower() in _EDIT_VERBS and not any(c.dep_ in _SUBJECT_DEPS for c in main.children)
    # the camera's, the viewer's or the film's clause; a sound's ("their laughter filling the
    # air as they chase the ball") is no step of its own
    if _sounding_thing(subject):
        return True     # "the radio plays a waltz as she dances, spins and bows": music under the scene
    return _actor(subject, lex, last_actor) is None and data.lexicon("sound").get(subject.lemma_.lower()) != "noun"


# Verbs of an edit, said to the editor: "Cut to ...", "Fade in on ...", "Dissolve to ..."
_EDIT_VERBS = frozenset({"cut", "fade", "dissolve", "smash"})


_BACK = frozenset({"back", "up", "down", "away", "out", "around", "again"})


def _elided_repeats(verb: Token) -> list[Token]:
    """Verbless repeats of a verb's step after "then": "looks down ..., then back up",
    however the parser hung the "back" (on the verb, on "then", or as a conjunct)."""
    doc = verb.doc
    table = _table(doc)
    found = []
    for row in table[verb.i + 3:verb.right_edge.i + 1]:     # the verb's phrase, past ", then"
        if row.lower in _BACK and row.pos in ("ADV", "ADP") and table[row.i - 1].lower == "then" \
                and table[row.i - 2].text in (",", "and"):
            c = doc[row.i]
            if c.head.i == verb.i or c.head.pos_ not in ("VERB", "AUX"):
                found.append(c)
    return found


# Words that put the -ing steps of a phrase in order: "..., reopening them, and finally smiling".
_ORDER_WORDS = frozenset({"then", "finally", "eventually", "next", "afterwards", "before", "after"})


def _gerund_base(token: Token) -> str | None:
    """The verb an -ing word is a form of, tagged as a verb or not ("leaping" read as a noun)."""
    if not token.lower_.endswith("ing") or token.tag_ not in ("VBG", "NN", "NNS"):
        return None
    if token.tag_ == "VBG":
        return token.lemma_.lower()
    return gerund_verb(token.lower_)


def gerund_verb(word: str) -> str | None:
    """The verb an -ing word is a form of, by spaCy's verb table ("leaping" -> "leap",
    "making" -> "make", "spinning" -> "spin"), or None."""
    word = word.lower()
    if not word.endswith("ing"):
        return None
    stem = word[:-3]
    verbs = _lemmas("verb")
    for base in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base in verbs:
            return base
    return None


def _ordered_gerunds(doc: Doc, start: int, end: int) -> list[Token]:
    """The steps of an ordered series of -ing phrases in a sentence: "his expression shifting
    from smiling to closing his eyes, reopening them, and finally smiling" (three), "then
    pausing, then sniffing the air". Participles are simultaneous by default ("walks,
    swinging her arms, humming"); the words that order them ("then", "finally", from ... to)
    make them steps. A series needs two steps."""
    runs: list[list[Token]] = []
    ordered: list[bool] = []
    run_from = False
    for row in _table(doc)[start:end]:
        if row.tag not in ("VBG", "NN", "NNS") or not row.lower.endswith("ing"):
            continue
        token = doc[row.i]
        if _gerund_base(token) is None or any(c.dep_ in ("aux", "auxpass") for c in token.children):
            continue    # "is spinning" is counted as a verb
        k = token.i - 1
        order = False
        while k >= start and doc[k].pos_ == "ADV":
            order = order or doc[k].lower_ in _ORDER_WORDS
            k -= 1
        opener = doc[k].lower_ if k >= start else ""
        if opener not in (",", "and", "then", "from", "to"):
            continue
        joined = bool(runs) and not any(_is_finite(t) or t.text in (";", ".") for t in doc[runs[-1][-1].i + 1:token.i])
        if opener == "from" or not joined:
            runs.append([])
            ordered.append(False)
            run_from = opener == "from"
        elif opener == "to" and not run_from:
            continue
        runs[-1].append(token)
        ordered[-1] = ordered[-1] or order or opener in ("then", "to")
    steps: list[Token] = []
    for run, is_ordered in zip(runs, ordered, strict=True):
        first_is_state = bool(run) and run[0].i > start and doc[run[0].i - 1].lower_ == "from"
        own = run[1:] if first_is_state else run
        if is_ordered and len(own) >= 2:
            steps.extend(own)
    return steps


def _negated(verb: Token) -> bool:
    """"never flinches, turns or steps away": a negation covers the series it heads."""
    node = verb
    for _ in range(20):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
            continue
        return False
    return False


# "swings the axe and brings it down in one smooth stroke": one continuous motion
_ONE_MOTION = re.compile(
    r"\b(?:in|with) (?:one|a single|a) (?:\w+ )?(?:smooth |fluid |continuous |quick |swift |single )?"
    r"(?:motion|movement|move|stroke|sweep|swing|gesture|go|take|arc)\b"
    r"|\bin one go\b|\bwithout (?:stopping|pausing|a pause)\b|\bcontinuous (?:motion|movement|take)\b",
    re.IGNORECASE,
)


def _actions(doc: Doc) -> Iterator[ActionChain]:
    """The sequential physical actions of each subject, in order.

    Counted: a subject's verbs done one after another, with progressives ("is spinning"),
    -s verbs the tagger took for nouns, a series whose first verb the parser nested under a
    later one, and a glance that is its own beat ("then looks up"). Not counted: states and
    held gazes, speech and sound, inner states, camera moves, what the camera, the film, the
    weather or the light "does", passives, simultaneous clauses (as, while) and participles,
    relative clauses, negated series, a verb repeated, and aspect verbs (the verb they
    govern is the action: "tries to open" is one). A body part acts for its owner ("his hand
    grows").
    """
    lex = data.lexicon("actions")
    sound = data.lexicon("sound")
    one_motion = {_sent_start(doc.char_span(m.start(), m.end(), alignment_mode="expand")[0])
                  for m in _ONE_MOTION.finditer(_doc_text(doc))}
    motion_counted: set[int] = set()
    chains: dict[str, list[Action]] = {}
    lemmas: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    last_actor: str | None = None
    last_single: str | None = None      # the last actor named in the singular
    plural: dict[str, bool] = {}
    travelling: dict[str, int] = {}     # the sentence an actor's last counted step was a journey in
    background: set[str] = set()
    sentence_actor: dict[int, str] = {}  # who a sentence's first step belongs to
    launched: dict[str, bool] = {}      # whose last counted step left the ground
    recovered = _recovered_verbs(doc)
    for index in sorted(set(doc.user_data["splint.tagged-verbs"]) | recovered):
        token = doc[index]
        if token.pos_ != "VERB" and index not in recovered:
            continue    # an auxiliary
        if not _action_verb(token) or _passive(token) or token.dep_ in ("relcl", "acl", "amod"):
            continue
        sentence = _sent_start(token)
        subject = _subject_of(token)
        in_series = (
            (token.tag_ in ("VBZ", "VBD", "VBP") or token.i in recovered) and _opens_step(token)
            and sentence in sentence_actor and not _in_relative(token)
        )
        opens = _simultaneous_clause_start(token) if _own_subject(token) is None else None
        if opens is not None and (subject is None or subject.i < opens):
            continue    # the as-clause subject's own step, simultaneous with the main one
        if subject is None or (in_series and _own_subject(token) is None and not _in_subordinate(token)):
            # "Actions:" bullets and screenplay beats ("Grabs the keys."): a line or sentence
            # that opens with its verb belongs to whoever acted last; a step of a comma series
            # ("A cat pads along the fence, pauses, arches its back") to the series' subject,
            # however the parser hung it.
            first = next((t for t in doc[sentence:token.i + 1] if not t.is_space and not t.is_punct), None)
            if in_series:
                key = sentence_actor[sentence]
            elif first is None or first.i != token.i or token.tag_ not in ("VBZ", "VBD") or last_actor is None or not _beat_opener(token):
                continue
            else:
                key = last_actor
        else:
            # "he" and "she" are the last one who acted alone, not "His boots" that "ring"
            key = _actor(subject, lex, last_single if subject.lower_ in _SINGULAR_PRONOUNS else last_actor)
            if key is None:
                continue
            if subject.lower_ not in _PRONOUNS and subject.lower_ not in _RELATIVES:
                names.setdefault(key, _name(subject))
                plural.setdefault(key, subject.tag_ in ("NNS", "NNPS"))
                if subject.tag_ == "NNS" and not any(c.dep_ in _DETERMINED for c in subject.children):
                    background.add(key)  # "particles fall", "leaves swirl": a mass, not a lead
        lemma = token.lemma_.lower() if token.pos_ == "VERB" else (_verb_base(token.lower_) or token.lower_)
        particles = [c for c in token.children if c.dep_ == "prt"]
        role = lex.get(" ".join([lemma] + [p.lower_ for p in particles])) or lex.get(lemma)
        if role == "travel" and any(c.dep_ == "dobj" for c in token.children):
            role = None  # "moves the head", "drives a nail": not a journey
        if _sounding_thing(subject) and (sound.get(lemma) in _SOUND_VERBS or data.lexicon("instruments").get(lemma) == "context"):
            continue  # "the jukebox plays a ballad", "a kettle whistles": audio, and no one to say "he" of
        series_step = in_series and sentence_actor.get(sentence) == key
        if not plural.get(key, False):
            last_single = key
        if _negated(token) or not (_sequential(token) or series_step or _alone_meanwhile(token, lex, last_actor)):
            last_actor = key
            continue
        last_actor = key
        sentence_actor.setdefault(sentence, key)
        if role == "camera" and any(c.dep_ == "dobj" and lex.get(c.lemma_.lower()) == "body" for c in token.children):
            role = None  # "tilts its head" is a gesture, not a camera move
        if role in _NOT_ACTIONS:
            continue
        if sound.get(lemma) in _SOUND_VERBS and not _transitive(token):
            continue  # "the engine roars" is audio; "rings the bell" is something done
        if role == "glance":
            role = None
        if role == "gaze" and not any(c.lower_ in _GLANCE for c in token.children if c.dep_ in ("prt", "advmod")):
            continue
        if role == "state" and not particles and not any(c.lower_ in _SUDDEN for c in token.children if c.dep_ == "advmod"):
            continue  # "sits on the bench"; but "sits down", "stands abruptly"
        if role == "body" and not any(c.dep_ in ("dobj", "dative") for c in token.children):
            continue  # "hands in her pockets": a noun the tagger took for a verb
        if role == "aspect":
            governed = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"), None)
            if governed is None and not any(c.dep_ == "dobj" for c in token.children):
                continue  # "begins stable", "keeps still"
            if governed is not None:
                lemma = governed.lemma_.lower()  # "tries to open" is the opening
        if sentence in one_motion:
            if sentence in motion_counted:
                continue
            motion_counted.add(sentence)
        text = " ".join([token.text] + [p.text for p in particles])
        end_token = particles[-1] if particles and particles[-1].i == token.i + 1 else token
        seen = lemmas.setdefault(key, set())
        if lemma in seen:
            continue
        seen.add(lemma)
        chain = chains.setdefault(key, [])
        if role == "perform" and lemma == "land" and not _transitive(token):
            role = "arrival"  # "lands on the shed"; "lands a kickflip" is a move performed
        if role == "arrival" and launched.get(key):
            launched[key] = False
            continue  # "dives ... and hits the river", "jumps and lands": one movement
        launched[key] = role == "launch"
        if role == "travel" and travelling.get(key) == sentence:
            continue  # "takes off from the roof and flies to the tower": one journey
        travelling[key] = sentence if role == "travel" else -1
        if role == "perform" and len(performed := _performed(token)) > 1:
            chain.extend(Action(Span(t.idx, t.idx + len(t)), f"{token.text} {t.text}") for t in performed)
            continue
        chain.append(Action(Span(token.idx, end_token.idx + len(end_token)), text))
        for again in _elided_repeats(token):
            # "looks down and to her right, then back up": the verb is not written twice
            chain.append(Action(Span(again.idx, again.idx + len(again)), f"then {again.text}"))
    for sentence, key in sentence_actor.items():
        end = next((t.i for t in _table(doc)[sentence + 1:] if t.sent_start), len(doc))
        for step in _ordered_gerunds(doc, sentence, end):
            lemma = _gerund_base(step) or step.lower_
            role = lex.get(lemma)
            if role in _NOT_ACTIONS or role == "state" or sound.get(lemma) in _SOUND_VERBS or lemma in lemmas.setdefault(key, set()):
                continue
            lemmas[key].add(lemma)
            chains.setdefault(key, []).append(Action(Span(step.idx, step.idx + len(step)), step.text))
    for key, actions in chains.items():
        if actions:
            yield ActionChain(names.get(key, key), tuple(sorted(actions, key=lambda a: a.span.start)), key not in background)


def lead_chain(chains: tuple[ActionChain, ...]) -> ActionChain | None:
    """The subject whose actions are judged against the clip: the busiest, unless only a
    background mass ("particles fall") acts."""
    leads = [c for c in chains if c.lead] or list(chains)
    return max(leads, key=lambda c: len(c.actions), default=None)


# Words that order the beats of a caption with no verb: "a slow wind-up followed by a rapid strike".
# A pause breaks a movement into two beats ("walking steadily ..., an occasional pause to survey the horizon").
_BEAT_MARKS = re.compile(
    r"\b(?:followed by|then|before|after which|transitioning (?:in)?to|giving way to|pauses? to|stops? to)\b", re.IGNORECASE
)
_CAPTION_LAYERS = frozenset({None, "scene"})
# What may stand between "then" and the camera move it orders: "then a slow tilt down"
_MOVE_LEAD = re.compile(r"\s*(?:(?:a|an|the|slow|slowly|quick|quickly|gentle|gently|smooth|smoothly)\s+)*", re.IGNORECASE)


def _caption_beats(units: tuple[Unit, ...], text: str, camera: tuple[Mention, ...]) -> tuple[ActionChain, ...]:
    """The beats of a prompt written without a clause (participle captions, labelled fragment
    lists): its verbs are not to be trusted, but the words that order beats are. The
    busiest unfragmented line of action counts one beat, plus one for each "followed by",
    "then", "before" ... in it that a camera move does not follow ("..., then tilt down")."""
    moves = [m.span.start for m in camera if m.kind == "move"]

    def camera_next(mark: re.Match[str]) -> bool:
        return any(_MOVE_LEAD.fullmatch(text, mark.end(), start) for start in moves if start >= mark.end())

    best: list[Action] = []
    for unit in units:
        if unit.layer not in _CAPTION_LAYERS:
            continue
        marks = [m for m in _BEAT_MARKS.finditer(text, unit.span.start, unit.span.end) if not camera_next(m)]
        if len(marks) + 1 > len(best):
            first = unit.items[0].span
            best = [Action(first, text[first.start:first.end])] + [
                Action(Span(m.start(), m.end()), m.group(0)) for m in marks
            ]
    return (ActionChain("the action described", tuple(best)),) if len(best) > 1 else ()


_RELATIVES = frozenset({"who", "that", "which", "whom", "whose"})
# What lights a scene is not a character: a lamp that "throws light" has not acted.
_LIGHT_SOURCES = frozenset({"source", "light", "glow", "self", "celestial"})
# A state done this way is a movement: "stands abruptly", "sits slowly".
_SUDDEN = frozenset({"abruptly", "suddenly", "quickly", "hastily", "hurriedly", "swiftly", "slowly", "up", "down"})


def _performed(verb: Token) -> list[Token]:
    """The moves a perform-verb names: "performs spins and flips", "combos including kicks,
    knees and flips"; each coordinated object (or each thing its object includes) is one."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "npadvmod", "conj", "attr") and c.pos_ == "NOUN"
                and c.i > verb.i), None)
    if obj is None:
        return []
    including = [g for c in obj.children if c.dep_ == "prep" and c.lower_ in ("including", "like")
                 for g in c.children if g.dep_ == "pobj"]
    head = including[0] if including else obj
    found = [head]
    for _ in range(12):
        nxt = next((c for c in found[-1].children if c.dep_ in ("conj", "appos")), None)
        if nxt is None:
            break
        found.append(nxt)
    return found


def _name(subject: Token) -> str:
    start = subject.left_edge.i
    for t in subject.doc[start:subject.i]:
        if t.is_punct:
            start = t.i + 1  # "00:00-00:04, A courier": the phrase starts after the comma
    head_phrase = subject.doc[start: subject.i + 1]
    return " ".join(t.text for t in head_phrase if not t.is_space)


def _sounding_thing(subject: Token | None) -> bool:
    """A device or music maker, whose sound verbs are audio: "the jukebox plays a ballad"."""
    if subject is None:
        return False
    makers = data.lexicon("instruments")
    return any(makers.get(word) in ("music", "device") for word in (subject.lemma_.lower(), subject.lower_))


def _actor(subject: Token, lex: data.Lexicon, last_actor: str | None) -> str | None:
    """Who acts: the subject's lemma, a pronoun's last named actor, a body part's owner."""
    lower = subject.lower_
    if lower in _VIEWER:
        return None  # "we see", "we follow her": the viewer or the camera
    if lower in _PRONOUNS or lower in _RELATIVES:
        return last_actor or lower
    key = subject.lemma_.lower()
    if lex.get(key) in _NOT_ACTORS or lex.get(lower) in _NOT_ACTORS:
        return None
    if data.lexicon("sound").get(key) == "noun" and data.lexicon("characters").get(key) is None:
        return None     # "the melody rises and falls": a sound, not a character
    lighting = data.lexicon("lighting")
    nouns = [subject]
    if subject.pos_ == "PROPN" and subject.text.islower():
        # "A single caged bulb overhead throws ...": a lower-case "name" is a misparse; the
        # noun before it is the subject
        nouns += [c for c in subject.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if any(lighting.get(t.lemma_.lower()) in _LIGHT_SOURCES for t in nouns):
        return None     # "a caged bulb throws hard light ... and leaves the corners in shadow"
    if lex.get(key) == "body" or lex.get(lower) == "body":
        # "his hand grows": the owner acts (the possessive may hang on a verb misread as a noun)
        owner = next((c for t in (subject, subject.head) for c in t.children if c.dep_ == "poss"), None)
        if owner is not None:
            if owner.lower_ in ("his", "her", "their", "its", "my", "your", "our"):
                return last_actor or owner.lower_
            return owner.lemma_.lower()
    return key


# --- duration ------------------------------------------------------------------------

_PROSE_DURATION = re.compile(
    r"\b(\d{1,3})\s?(?:-|\s)?\s?(?:s|sec|secs|second|seconds)\b(?:[- ]long)?"
    r"(?=\s+(?:video|clip|shot|scene|sequence|film|spot|ad|commercial|loop|take|short|vertical|cinematic|long)\b|\s*(?:[.,;)]|$))",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "half a": 0.5, "half-a": 0.5,
}
# "a one-minute film", "a 2 minute video", "a twenty-second commercial", "90-SECOND TEASER"
_PROSE_LENGTH = re.compile(
    r"\b(?P<n>\d{1,3}|half[- ]a|" + "|".join(sorted((w for w in _WORD_NUMBERS if " " not in w and w != "a"), key=len, reverse=True))
    + r")[- ](?P<unit>minute|min|second|sec)s?\b(?:[- ]long)?"
    r"(?=\s+(?:\w+\s+){0,2}(?:video|clip|shot|scene|sequence|film|spot|ad|advert|commercial|loop|take|short|trailer|teaser|"
    r"music video|reel|story|montage|documentary|promo|piece)s?\b)",
    re.IGNORECASE,
)
_CONTEXT = re.compile(r"(?:video|clip|shot|scene|sequence|film|loop|duration|length|runtime|total|lasting|lasts)", re.IGNORECASE)
_LABELLED = re.compile(r"(\d{1,3})\s*(?:s|sec|secs|seconds?)?\b", re.IGNORECASE)
_CLOCK_RANGE = re.compile(r"\b\d{1,2}:\d{2}\]?\s?[-–—]\s?\[?(\d{1,2}):(\d{2})\b")
_RANGE = re.compile(r"\b\d{1,3}(?:\.\d)?\s?(?:s|sec)?\s?[-–—]\s?(\d{1,3})(?:\.\d)?\s?(?:s|sec|secs|seconds)\b", re.IGNORECASE)


def _stated_duration(text: str, structure: Structure) -> StatedDuration | None:
    """The clip length the text states: a `Duration:` line (two or more, one per shot, add
    up), a length in prose ("a two-minute film", "an 8-second clip"), or the end of a
    timeline ("0-4s", "[00:04-00:08]", "0:04–0:08")."""
    labelled: list[StatedDuration] = []
    for line in structure.lines:
        if line.layer == "duration":
            content = text[line.content.start:line.content.end]
            if m := _LABELLED.search(content):
                at = line.content.start + m.start(1)
                labelled.append(StatedDuration(int(m.group(1)), Span(at, line.content.start + m.end())))
    if len(labelled) >= 2:
        # "Shot 1: ... Duration: 6s ... Shot 2: ... Duration: 6s": the shots add up
        return StatedDuration(sum(d.seconds for d in labelled), Span(labelled[0].span.start, labelled[-1].span.end))
    if labelled:
        return labelled[0]
    found: StatedDuration | None = None
    ranges = [m.span() for m in _RANGE.finditer(text)]
    for m in _PROSE_LENGTH.finditer(text):
        raw = m.group("n").lower().replace("-", " ")
        number = float(raw) if raw.isdigit() else _WORD_NUMBERS.get(raw, _WORD_NUMBERS.get(raw.replace(" ", "-"), 0))
        seconds = int(number * (60 if m.group("unit").lower().startswith("min") else 1))
        if seconds > 0:
            return StatedDuration(seconds, Span(m.start(), m.end()))
    for m in _PROSE_DURATION.finditer(text):
        if any(start <= m.start() < end for start, end in ranges):
            continue    # the end of a range: "Shot 1 (0-4s)" is a timeline, not a 4 s clip
        window = text[max(0, m.start() - 30):m.end() + 30]
        if _CONTEXT.search(window):
            found = StatedDuration(int(m.group(1)), Span(m.start(), m.end()))
            break
    # A timestamped shot list ("0-4s", "4-8s", "[00:04-00:08]", "0:04–0:08") runs to its last mark.
    ends = [(int(m.group(1)), m) for m in _RANGE.finditer(text)]
    ends += [(int(m.group(1)) * 60 + int(m.group(2)), m) for m in _CLOCK_RANGE.finditer(text)]
    if ends and found is None:
        seconds, m = max(ends, key=lambda e: e[0])
        found = StatedDuration(seconds, Span(m.start(), m.end()))
    return found


__all__ = ["Analysis", "TokenRow", "analyse", "common_noun", "gerund_verb", "lead_chain", "pipeline"]
