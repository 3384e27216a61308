"""Asks for legible text in the picture: signs with words, captions, titles, logos.

What it does: flags a request for writing the viewer must read: a quotation that a sign,
banner, screen, shirt, letter or cake "reads" ('a neon sign that reads "OPEN LATE"'),
captions, subtitles, title cards, text overlays, lower thirds, "the words ... appear", a logo
that animates in, "legible"/"readable" text; writing named and then given verbatim ('the
title "Cabin Fever" appears', 'the logo "Bramble & Bean" on the sleeve'); words in quotation
marks that must be legible or readable ('I want it legible: "oat milk +0.50"'). A sign, poster or screen that is only there ("a
neon sign flickers") and quoted dialogue are left alone.
Why: guide, Known Limitations, "Text rendering in videos is unreliable". Letters come out
misspelled or melt between frames. OpenAI's advice when text is essential: keep it short,
give it verbatim, keep the camera still while it shows — or add it in the edit.
Example: A bakery window with the words "FRESH BREAD DAILY" painted in gold script.
Use instead: A bakery window with gold script lettering (add the words in the edit), or one
short word given verbatim, on a still camera.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="LM001", name="on-screen-text", group="limitations", severity=Severity.WARNING)

_CARRIER = (
    r"signs?|signage|banners?|posters?|billboards?|marquee|placards?|plaques?|labels?|screens?|monitors?|"
    r"displays?|scoreboards?|headlines?|newspapers?|front page|t-shirts?|shirts?|hoodies?|jerseys?|mugs?|"
    r"cards?|notes?|letters?|envelopes?|postcards?|menus?|chalkboards?|blackboards?|whiteboards?|"
    r"cakes?|windows?|doors?|walls?|graffiti|tattoos?|license plates?|number plates?|stickers?|"
    r"packaging|boxes|box|cans?|bottles?|bags?|badges?|tags?|ribbons?|balloons?|neon|storefront|awning|"
    r"books?|covers?|pages?|notebooks?|diaries|diary|journal|phones?|laptop|tablet|message|texts?|"
    r"captions?|subtitles?|titles?|lettering|logos?|hashtags?|slogans?|taglines?|words?"
)
_READS = (
    r"reads?|reading|says|saying|spell(?:s|ing|ed)?(?: out)?|labell?ed|titled|printed|written|painted|"
    r"engraved|stamped|scrawled|embroidered|etched|carved|displays?|displaying|shows?|showing|flashes|"
    r"flashing|with the words?|with the text|bearing|declaring|announcing|proclaiming|emblazoned|"
    r"in (?:bold|big|large|giant|neon|gold|red|white|black)? ?(?:letters|lettering|type|font|script)"
)
# Without a sign or screen before it, "says"/"shows" is a person talking or showing.
_READS_BARE = (
    r"reads|reading|spell(?:s|ing|ed)? out|labell?ed|titled|printed|written|painted|engraved|stamped|"
    r"scrawled|embroidered|etched|carved|with the words?|with the text|emblazoned|"
    r"in (?:bold|big|large|giant|neon|gold|red|white|black)? ?(?:letters|lettering|type|font|script)"
)
_QUOTED_WRITING = re.compile(
    rf"\b(?:{_CARRIER})\b[^\"“.\n]{{0,40}}?\b(?:{_READS})\b[^\"“\n]{{0,20}}[\"“][^\"”\n]+[\"”]"
    rf"|\b(?:{_READS_BARE})\b[^\"“\n]{{0,12}}[\"“][^\"”\n]+[\"”]"
    rf"|\b(?:the )?words?\s+[\"“][^\"”\n]+[\"”]",
    re.IGNORECASE,
)
# The writing named, then given: 'the title "Cabin Fever" appears', 'the logo "Bramble & Bean"'
# (not a JSON key, '"title": "..."'); and writing that must be read: 'the handwriting needs to
# be readable: "Dear Anna, ..."'.
_NAMED_WRITING = re.compile(
    r"\b(?<!song )(?<!album )(?<!track )(?<!book )(?<!film )(?<!movie )(?<!episode )(?<!show )"
    r"(?:title|titles|logo|logos|wordmark|sign|banner|caption|headline|slogan|tagline|brand name|lettering|"
    r"inscription|plaque|placard|poster|marquee|hashtag|handwriting|writing)(?![\"”])\s*:?\s*[\"“][^\"”\n]+[\"”]"
    r"|\b(?:legible|readable|easy to read|clearly visible)\b[^\"“\n.]{0,30}?[\"“][^\"”\n]+[\"”]"
    r"|[\"“][^\"”\n]+[\"”][^\"“.\n]{0,60}?\b(?:legible|readable|easy to read)\b",
    re.IGNORECASE,
)
_TEXT_ELEMENTS = re.compile(
    r"\b(?:on[- ]screen (?:text|title|caption|graphics?)|text overlays?|overlaid text|super(?:imposed)? (?:text|title)s?|"
    r"(?:burned[- ]in |open )?captions?(?! (?:contest|competition))|subtitles?|subtitled|title cards?|end cards?|"
    r"lower[- ]thirds?(?! of)|kinetic typography|typography|title sequence|opening titles|end titles|credits roll|"
    r"(?:text|words?|letters|title|headline|slogan|tagline|logo|brand name|name) (?:appears?|fades? in|animates? in|"
    r"slides? in|pops? up|reveals?|materiali[sz]es|spells? out|types? out|flies in|lands)|"
    r"(?:legible|readable|clearly visible|crisp|clear) (?:text|letters|lettering|words|writing|signage|logo)|"
    r"(?:logo|wordmark) (?:reveal|animation|lockup|sting|at the end|in the corner|centered|centred))\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:no|without|avoid|free of|zero|not any)\b[^.;\n]{0,25}$"
    # "Do not invent brand claims, add captions, ...": a list of what not to do
    r"|\b(?:do not|don't|dont|never|must not|should not|shouldn't)\b[^.;\n]{0,80}$",
    re.IGNORECASE,
)
_NOT_TEXT = re.compile(r"\btext(?:s|ing)? (?:message|messages|her|him|them|alert)|\btexts? (?:from|buzz)", re.IGNORECASE)


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    text = analysis.text
    seen: list[Span] = []
    # every branch of _QUOTED_WRITING needs an opening quotation mark: without one, not tried
    quoted = '"' in text or "“" in text
    for pattern in (_QUOTED_WRITING, _NAMED_WRITING, _TEXT_ELEMENTS) if quoted else (_TEXT_ELEMENTS,):
        for m in pattern.finditer(text):
            if _NOT_TEXT.match(text, m.start()) or any(s.start <= m.start() < s.end for s in seen):
                continue
            if _NEGATED.search(text[max(0, m.start() - 100):m.start()]):
                continue
            span = Span(m.start(), m.end())
            seen.append(span)
            yield META.diagnostic(
                span,
                "asks for legible text in the picture; video models render text unreliably",
                hint="keep it to a word or two given verbatim on a still camera, or add the text in the edit",
            )
