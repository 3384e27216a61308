"""Prompt written as a list of keywords or tags instead of narrative.

What it does: flags a prompt when most of its prose is short verbless fragments separated by
commas, pipes, slashes, line breaks or bullets ("car chase, night, rain, neon, fast,
exciting"), and flags any run of three or more generic tags ("cinematic, 8k, ultra detailed,
trending on artstation") appended to or mixed into the text. A series inside a sentence with a
verb ("she wears a red dress, white hat, and black boots"), one terse descriptive sentence in
a narrative prompt, and labelled layers (`Camera: slow dolly-in, shallow focus`,
`Palette: amber, sage, slate`, a bulleted `Actions:` block) are not keyword lists.
Why: Sora 2 responds to narrative, cinematic descriptions, not keywords (guide: Golden Rules,
Rule 1 "Write Like a Screenwriter"; Common Mistakes: "Keyword lists instead of narrative").
Quality tags such as "8k" or "masterpiece" describe nothing the model can film.
Example: car chase, night, rain, neon, fast, exciting
Use instead: A black muscle car drifts around a rain-slicked corner in downtown Tokyo at night.
Neon signs streak across the wet pavement as the camera tracks alongside at wheel height.
Tires screech against asphalt, engine roaring.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span
from splint.rules import data

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis, Item, Unit

META = RuleMeta(code="ST001", name="keyword-list", group="structure", severity=Severity.WARNING)

# Layers whose labelled lines are meant to be terse (the structured form the guides recommend).
_TERSE_LAYERS = frozenset({"camera", "lighting", "audio", "style", "duration", "model", "size", "dialogue", "other"})
_MIN_ITEMS = 3          # "car chase, night, rain": fewer is a phrase, not a list
_MAX_ITEM_WORDS = 4.0   # average words per item in a list; longer items are descriptive phrases
_SHORT_FRAGMENT = 3     # a one-item fragment this short ("Night.", "neon") is list material
_LIST_SHARE = 0.5       # "most of it"
_TAG_RUN = 3


_DROWNED_ITEMS = 4      # a long comma run where one mis-tagged or lone verb does not make a sentence


def _short_fragment(item: Item) -> bool:
    return not item.has_verb and item.words <= _MAX_ITEM_WORDS


def _listy(unit: Unit) -> bool:
    if unit.finite:
        # "car chase, night, ..., police lights, ..., 8k": one verb among a dozen tags. A real
        # series inside a sentence ends with "and"/"or" ("a red dress, white hat, and black boots").
        items = unit.items
        # A unit that opens with its clause ("A knight rides through fog, cinematic, 8k") is a
        # sentence with tags appended: the tag-run check reports those.
        if len(items) < _DROWNED_ITEMS or items[-1].coordinated or items[0].finite:
            return False
        if sum(1 for i in items if i.finite) > 1:
            return False
        return sum(1 for i in items if _short_fragment(i)) * 4 >= len(items) * 3
    if len(unit.items) >= _MIN_ITEMS - 1 and unit.words / len(unit.items) <= _MAX_ITEM_WORDS:
        verbless = sum(1 for i in unit.items if not i.has_verb)
        return verbless * 3 >= len(unit.items) * 2
    return len(unit.items) == 1 and unit.words <= _SHORT_FRAGMENT


def _prose(analysis: Analysis) -> list[Unit]:
    return [
        u for u in analysis.units
        if u.layer not in _TERSE_LAYERS and not (u.layer is not None and u.bullet)
    ]


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


def _tag_runs(analysis: Analysis) -> Iterator[list[Item]]:
    """Stretches of short verbless items that open and close with a generic tag.

    Image-generator tag soup mixes lexicon tags with other short tags ("cinematic, volumetric
    lighting, bokeh, 8k"), so a run needs at least two generic tags across at least three
    items; "a white hat, black boots" between them is not enough on its own.
    """
    run: list[tuple[Item, bool]] = []

    def flush() -> Iterator[list[Item]]:
        tagged = [i for i, (_, tag) in enumerate(run) if tag]
        if len(tagged) >= 2 and tagged[-1] - tagged[0] + 1 >= _TAG_RUN:
            yield [item for item, _ in run[tagged[0]:tagged[-1] + 1]]

    for unit in analysis.units:
        for item in unit.items:
            text = analysis.text[item.span.start:item.span.end]
            tag = is_tag(text)
            if tag or _short_fragment(item):
                run.append((item, tag))
                continue
            yield from flush()
            run = []
    yield from flush()


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    prose = _prose(analysis)
    total = sum(u.words for u in prose)
    listy = [u for u in prose if _listy(u)]
    list_words = sum(u.words for u in listy)
    list_items = sum(len(u.items) for u in listy)
    covered: Span | None = None
    if total and list_items >= _MIN_ITEMS and list_words >= _LIST_SHARE * total:
        covered = Span(listy[0].span.start, listy[-1].span.end)
        yield META.diagnostic(
            covered,
            f"prompt reads as a keyword list ({list_words} of {total} words are verbless fragments); "
            "write it as sentences: who does what, where, and how the camera sees it",
            hint="Rule 1 of the guide: write like a screenwriter, not a tagger",
        )
    for run in _tag_runs(analysis):
        span = Span(run[0].span.start, run[-1].span.end)
        if covered is not None and covered.start <= span.start and span.end <= covered.end:
            continue
        tags = [i for i in run if is_tag(analysis.text[i.span.start:i.span.end])]
        shown = ", ".join(f"'{analysis.text[i.span.start:i.span.end]}'" for i in tags[:3])
        more = f" and {len(tags) - 3} more" if len(tags) > 3 else ""
        yield META.diagnostic(
            span,
            f"a run of tags ({shown}{more}) describes nothing the model can film; "
            "cut them or say what the camera, light and style actually are",
        )
