"""The pipeline splint runs is faster than spaCy's as loaded, and annotates exactly as it does."""
from __future__ import annotations

import spacy
from conftest import CORPUS
from spacy.tokens import Doc
from splint.linter import analysis
from splint.linter import nlp as english

ODD = [
    "Y'all ain't seen nothin' yet, she says. There's a fox. It gets dark; he got up and did it.",
    "A  dog\n\n  runs -- fast!!  🐕 Then it doesn't.  \t",
    "cinematic, 8k, ultra detailed, trending on artstation, masterpiece",
    "[SCENE]: A lighthouse keeper climbs the stairs.\n[AUDIO]: gulls cry; a bell rings.",
    "",
]


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph), t.is_sent_start) for t in doc]


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in (".prompt", ".txt", ".jsonl") and path.is_file():
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def _stock() -> spacy.language.Language:
    """The pipeline as spaCy loads it, without splint's changes."""
    for name in english.PIPELINES:
        try:
            return spacy.load(name, exclude=list(english.DISABLED))
        except OSError:
            continue
    raise AssertionError("no English pipeline installed")


def test_splint_pipeline_annotates_the_whole_corpus_as_spacy_does():
    texts = _corpus_texts() + ODD
    assert len(texts) > 100
    fast = analysis.pipeline()
    assert isinstance(fast.get_pipe("attribute_ruler").match, english._MemoMatch)
    expected = [_annotations(doc) for doc in _stock().pipe(texts)]
    # Twice through: the first pass fills the ruler's memo, the second reads it.
    for _ in range(2):
        for text, mine, theirs in zip(texts, fast.pipe(texts), expected):
            assert _annotations(mine) == theirs, text[:80]


def _ruler(patterns: list[dict]):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def _doc(nlp, words, tags, deps, heads) -> Doc:
    return Doc(nlp.vocab, words=words, spaces=[True] * len(words), tags=tags, deps=deps, heads=heads)


def test_memoised_ruler_applies_single_and_multi_token_rules_in_the_rulers_order():
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"REGEX": "^gho"}}]], "attrs": {"POS": "PROPN", "LEMMA": "ghost"}},
        {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"POS": "X"}, "index": 1},
        {"patterns": [[{"DEP": {"IN": ["nsubj"]}, "IS_SPACE": False}]], "attrs": {"MORPH": "Case=Nom"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["NN", "DT"]}}]], "attrs": {"POS": "VERB"}},
        # not memoisable (another attribute, a quantifier): these go through a matcher; an
        # entry with both kinds that match the same token is still one match, as in spaCy
        {"patterns": [[{"ORTH": "walks"}], [{"TAG": "DT"}], [{"ORTH": "The"}]], "attrs": {"MORPH": "Person=3"}},
        {"patterns": [[{"LOWER": "the", "OP": "+"}]], "attrs": {"LEMMA": "THE"}},
    ]
    nlp, ruler = _ruler(patterns)
    words = ["The", "ghost", "walks", "the", "dog", "ghosts"]
    tags = ["DT", "NN", "VBZ", "DT", "NN", "NNS"]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "npadvmod"]
    heads = [1, 2, 2, 4, 2, 2]
    expected = [_annotations(ruler(_doc(nlp, words, tags, deps, heads))) for _ in range(2)]

    nlp2, ruler2 = _ruler(patterns)
    assert english.memoise_attribute_ruler(nlp2)
    doc = _doc(nlp2, words, tags, deps, heads)
    assert ruler2.match(doc) == ruler.match(_doc(nlp, words, tags, deps, heads))
    got = [_annotations(ruler2(_doc(nlp2, words, tags, deps, heads))) for _ in range(2)]
    assert got == expected
    # later rules win: the two-token rule overrides NOUN, the NOT_IN rule overrides PROPN
    assert [a[2] for a in got[0]] == ["", "X", "VERB", "", "X", "VERB"]
    assert [a[6] for a in got[0]][:3] == ["Person=3", "Case=Nom", "Person=3"] and got[0][3][5] == "THE"
    assert got[0][5][5] == "ghost"


def test_a_ruler_with_no_pattern_it_can_memoise_is_left_as_loaded():
    nlp, ruler = _ruler([{"patterns": [[{"ORTH": "x", "OP": "+"}]], "attrs": {"POS": "X"}}])
    before = ruler.match
    assert not english.memoise_attribute_ruler(nlp)
    assert ruler.match == before
    assert not english.memoise_attribute_ruler(spacy.blank("en"))  # no ruler at all


def test_each_token_has_its_own_word_forms_while_the_memo_fills_and_is_replaced(monkeypatch):
    """The token table remembers a word's lexicon forms across prompts: each token must still
    get the forms of its own text and lemma, with the memo full, empty or replaced."""
    nlp = analysis.pipeline()
    texts = _corpus_texts() + ODD
    for limit in (100_000, 2):
        monkeypatch.setattr(analysis, "_FORMS_LIMIT", limit)
        monkeypatch.setattr(analysis, "_FORMS", {})
        for doc in nlp.pipe(texts):
            for row, token in zip(analysis._table(doc), doc, strict=True):
                lower, lemma = token.lower_, token.lemma_.lower()
                stem = analysis._stem(lower)
                assert row.forms == (lower, lemma, stem, stem + "e", lower.rstrip("s")), (token.text, token.lemma_)
        assert len(analysis._FORMS) < 200 if limit == 2 else len(analysis._FORMS) > 500
