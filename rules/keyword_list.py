"""Prompt written as a list of keywords or tags instead of narrative.

What it does: judges the prompt's narrative, not its layout. It flags (1) a prompt with no
clause anywhere (no finite verb, labelled values included) made of three or more short
fragments separated by commas, pipes, line breaks or bullets: SD-style tags ("car chase,
night, rain, neon, 8k") or participle captions ("fox trotting across a frozen meadow, breath
fogging, snow drifting, pale blue dusk"); and (2) in unlabelled prose, a stand-alone run of
three or more short verbless fragments: a tag tail after narrative ("..., blue sky, salt
flats, shot on 35mm film, vivid colors") or a tag sentence among narrative sentences
("Macro photography, ultra-high definition, natural palette, 16:9."). "shot on 16mm film" is a
fragment, not a clause; full-width commas (，、) and pipes separate like commas. Not keyword
lists: a list that is the value of a label when the prompt has narrative somewhere
(`Palette: amber, sage, slate`, `Mood: tense, quiet, watchful`, `"style": "noir, 35mm"`,
bullets under a labelled heading), a series inside a sentence with a verb ("she wears a red
dress, a white hat, and black boots"), fragments each ended by a full stop ("Night. Rain."),
and two fragments.
Why: Sora 2 responds to narrative, cinematic descriptions, not keywords (guide: Golden Rules,
Rule 1 "Write Like a Screenwriter"; Common Mistakes: "Keyword lists instead of narrative").
Quality tags such as "8k" or "masterpiece" describe nothing the model can film. OpenAI's own
structured prompts put terse lists under labels, which is why labelled lists pass.
Example: car chase, night, rain, neon, fast, exciting
Use instead: A black muscle car drifts around a rain-slicked corner in downtown Tokyo at night.
Neon signs streak across the wet pavement as the camera tracks alongside at wheel height.
Tires screech against asphalt, engine roaring.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis, Item, Unit

META = RuleMeta(code="ST001", name="keyword-list", group="structure", severity=Severity.WARNING)

_RUN = 3                # "car chase, night, rain": fewer is a phrase, not a list
_FRAGMENT_WORDS = 10    # a longer stretch between commas is a descriptive phrase, not a tag
_TAG_WORDS = 5          # a tag in a sentence of tags: "medium close-up shot", "vibrant yet elegant colors"
_TERSE_WORDS = 6        # three fragments this short in all are tags, not a terse description
_PARAMETER_LAYERS = frozenset({"duration", "model", "size"})


def _fragment(item: Item) -> bool:
    return not item.finite and item.words <= _FRAGMENT_WORDS


def _normal(text: str) -> str:
    text = re.sub(r"[\"“”'‘’()\[\]{}]", " ", text.lower()).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def is_tag(text: str) -> bool:
    """Whether one list item is a generic quality or hype tag."""
    tags = data.lexicon("generic_tags")
    raw = text.strip().strip("\"“”'‘’.!")
    if not raw or tags.matches_pattern(raw):
        return True
    norm = _normal(raw)
    if norm in tags or norm.replace(" ", "") in tags:
        return True
    intensifiers = data.lexicon("intensifiers")
    words = [w for w in norm.split() if w not in intensifiers]
    if not words or len(words) > 4:
        return False
    if " ".join(words) in tags:
        return True
    return all(w in tags or tags.matches_pattern(w) for w in words)


def _stream(units: list[Unit], prose_only: bool) -> Iterator[list[Item]]:
    """Stretches of items a writer separated by commas, pipes, bullets or line breaks.

    A unit ended by a full stop closes its stretch, so "Night. Rain. Neon." is three
    stretches of one; list lines and bullets without a full stop run on into the next line.
    With ``prose_only``, a labelled unit closes the stretch and is left out.
    """
    stretch: list[Item] = []
    for unit in units:
        if prose_only and unit.layer is not None:
            if stretch:
                yield stretch
            stretch = []
            continue
        stretch.extend(unit.items)
        if unit.stopped or len(unit.items) >= _RUN or unit.finite:
            yield stretch
            stretch = []
    if stretch:
        yield stretch


def _runs(stretch: list[Item], tag: Callable[[Item], bool]) -> Iterator[list[Item]]:
    """Runs of three or more fragments that stand alone in a stretch.

    In a stretch with no clause every short fragment counts. After a clause only tag-like
    fragments stand alone (a tag tail: no article, preposition or -ing form, which belong to
    the sentence: "..., her hands on the rail, looking out to sea"), and only after the
    last "and"/"or", which closes the sentence's own series ("the sky, the hills, and
    distant mountains"). Between two clauses a run stands alone when it holds generic tags
    ("releases a lantern, hyperrealistic, award-winning, 8k, while ...").
    """
    clauses = [k for k, item in enumerate(stretch) if item.finite]
    if not clauses:
        # A sentence without a verb among narrative is a tag sentence when its fragments are
        # tags ("Edge lighting, medium close-up, daylight, left-heavy composition."), not
        # descriptive phrases ("Warm look on 16mm film, reds and ochres, like a 1970s
        # documentary", "Wind luffing in the sails, water lapping at the hull").
        yield from _fragment_runs([item if tag(item) or (item.bare and item.words <= _TAG_WORDS) else None for item in stretch], tag)
        return
    tail = stretch[clauses[-1] + 1:]
    closed = max((k for k, item in enumerate(tail) if item.coordinated), default=-1)
    if tail and tail[-1].joined and sum(1 for item in tail if tag(item)) < 2:
        closed = len(tail) - 1  # "..., radishes, salsa roja and lime wedges": the series ends the sentence
    yield from _fragment_runs([item if item.bare or tag(item) else None for item in tail[closed + 1:]], tag)
    for before, after in itertools.pairwise(clauses):
        between = [item if item.bare or tag(item) else None for item in stretch[before + 1:after]]
        for run in _fragment_runs(between, tag):
            if sum(1 for item in run if tag(item)) >= 2:
                yield run


def _fragment_runs(items: list[Item | None], tag: Callable[[Item], bool]) -> Iterator[list[Item]]:
    """Runs of fragments that read as a list: four or more, or three terse ones ("Miami, sunny
    day, palms"), or three holding generic tags. Three descriptive phrases are a terse
    description, as five-layer prompts write their look and light ("Overcast morning light,
    soft and even from above, cool blue-grey")."""
    run: list[Item] = []
    for item in items + [None]:
        if item is not None and _fragment(item) and not item.quoted:
            run.append(item)
            continue
        if len(run) > _RUN or (len(run) == _RUN and (
            sum(i.words for i in run) <= _TERSE_WORDS or sum(1 for i in run if tag(i)) >= 2
        )):
            yield run
        run = []


def _listed(analysis: Analysis, units: list[Unit]) -> int:
    """How many list fragments a prompt without a clause holds."""
    count = 0
    for stretch in _stream(units, prose_only=False):
        if len(stretch) >= 2:
            count += sum(1 for item in stretch if _fragment(item))
    return count


def _tags(analysis: Analysis, run: list[Item]) -> str:
    tags = [analysis.text[i.span.start:i.span.end] for i in run if is_tag(analysis.text[i.span.start:i.span.end])]
    if len(tags) < 2:
        return ""
    shown = ", ".join(f"'{t}'" for t in tags[:3])
    more = f" and {len(tags) - 3} more" if len(tags) > 3 else ""
    return f"; tags such as {shown}{more} describe nothing the model can film"


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    units = [u for u in analysis.units if u.layer not in _PARAMETER_LAYERS]
    if not units:
        return
    if not any(u.finite for u in units):
        fragments = _listed(analysis, units)
        if fragments >= _RUN:
            yield META.diagnostic(
                Span(units[0].span.start, units[-1].span.end),
                f"prompt reads as a keyword list ({fragments} fragments and no sentence); "
                "write it as sentences: who does what, where, and how the camera sees it",
                hint="Rule 1 of the guide: write like a screenwriter, not a tagger",
            )
        return
    # Unlabelled prose, and the narrative values of labels ("[SCENE]: A fox sleeps ..., 8k, hdr"):
    # a label's own list of fragments is what labels are for.
    stretches = list(_stream(units, prose_only=True))
    stretches += [list(u.items) for u in units if u.layer is not None and u.finite]
    stretches.sort(key=lambda stretch: stretch[0].span.start)
    for stretch in stretches:
        for run in _runs(stretch, lambda item: is_tag(analysis.text[item.span.start:item.span.end])):
            words = sum(i.words for i in run)
            yield META.diagnostic(
                Span(run[0].span.start, run[-1].span.end),
                f"{len(run)} verbless fragments ({words} words) in a row read as a keyword list"
                f"{_tags(analysis, run)}; say it in a sentence, or move it under a label "
                "such as Style: or Camera:",
                hint="Rule 1 of the guide: write like a screenwriter, not a tagger",
            )
