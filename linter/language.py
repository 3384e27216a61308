"""Is a prompt written in English? Told from its text alone, before any parsing.

splint's rules read prose through an English pipeline; on a prompt in another language they
could only guess. This check is cheap (no model, tens of microseconds a prompt) and one-sided:
a prompt is called not English only on clear evidence, and whatever is unclear (a short
fragment, a list of tags, names of places and brands) is read as English, as before.

- **Script.** At least half of the prompt's words are in a script other than Latin (Han,
  kana, Hangul, Cyrillic, Greek, Arabic ...), and the Latin words around them do not form
  English sentences of their own. Han and kana are written without spaces; two of their
  characters count as one word.
- **Function words.** A Latin-script prompt in which hardly any word is on spaCy's English
  stop-word list while many are on another language's list (spaCy's lists for the languages
  in ``_LATIN``): a quarter of its words, and four different ones besides the articles and
  prepositions that names are made of (``de``, ``la``, ``van``). Tags, names and numbers are
  on neither list, so a tag list or a string of place names stays English.

Quotations are left out first (a line of dialogue may be in any language), and so are
hashtags, @names and links. A prompt of fewer than ``MIN_WORDS`` words is too short to tell.

Why not a language-identification library: langdetect, lingua, fastText's lid.176, CLD3 and
langid answer "which language is this most likely in", over every language, and misjudge
short mixed text (a tag list, an English prompt with a line of Spanish dialogue) in both
directions; the question here is one-sided and a wrong "not English" costs a user every
rule. They also cost what splint avoids elsewhere: lingua's models are ~100 MB or more
installed, fastText needs a compiled extension and a model file, langdetect is random unless
seeded. Stop-word counting is the long-standing simple method (as in NLTK's stop-word
corpora), and spaCy, already a dependency, ships the lists.
"""
from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path

MIN_WORDS = 8           # fewer words (outside quotations) than this: too short to tell, read as English

# Latin-script languages whose spaCy stop-word list is consulted, and the name shown.
_LATIN = {
    "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ca": "Catalan", "sv": "Swedish", "da": "Danish", "nb": "Norwegian",
    "pl": "Polish", "cs": "Czech", "ro": "Romanian", "tr": "Turkish", "id": "Indonesian",
    "fi": "Finnish", "hu": "Hungarian",
}
_CYRILLIC = {"ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian"}
# Scripts that name their language well enough on their own.
_SCRIPT_LANGUAGE = {"HAN": "Chinese", "KANA": "Japanese", "HANGUL": "Korean", "GREEK": "Greek",
                    "HEBREW": "Hebrew", "THAI": "Thai", "GEORGIAN": "Georgian", "ARMENIAN": "Armenian"}
_UNSPACED = frozenset({"HAN", "KANA", "THAI", "LAO", "KHMER", "MYANMAR"})
# Function words that also make up names of places, streets and people (Puerta del Sol, Le
# Marais, Van Gogh): a prompt full of such names is English, so these never count among the
# different function words another language needs to show.
_IN_NAMES = frozenset(
    ["de", "del", "della", "delle", "dei", "degli", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "los", "las", "el", "lo", "il", "van", "von", "der", "den", "ter", "ten", "het", "san", "santa", "santo", "sankt", "saint", "sainte", "st"]
)

# What is not the writer's prose: quotations on one line, links, hashtags and @names, and
# command-line flags some prompt tools take (`--ar 16:9`). A JSON-shaped prompt
# (`{"scene": "..."}`) writes its prose between straight quotes, so those stay in it. Each
# alternative opens with a fixed character, so the search skips ahead from one to the next
# (ten times faster than opening with a word boundary).
_NOT_PROSE = (r"“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|「[^」\n]*」|『[^』\n]*』"
              r"|https?://\S+|www\.\S+|[#@][^\W_][\w-]*|--[a-z]+")
_OUTSIDE_JSON = re.compile(r"\"[^\"\n]*\"|" + _NOT_PROSE)
_INSIDE_JSON = re.compile(_NOT_PROSE)
_LETTERS = re.compile(r"[^\W\d_]+")


# --- the verdict ---------------------------------------------------------------------------


def not_english(text: str) -> str | None:
    """What a prompt looks like when it is clearly not English ("Spanish", "Cyrillic script"),
    else None: English, or too little to tell."""
    latin: list[str] = []
    other: Counter[str] = Counter()          # script -> words
    other_words: dict[str, list[str]] = {}
    outside = _INSIDE_JSON if text.lstrip().startswith(("{", "[")) else _OUTSIDE_JSON
    for word in _LETTERS.findall(outside.sub(" ", text).lower()):
        if word.isascii():
            latin.append(word)
            continue
        for script, part in _by_script(word):
            if script == "LATIN":
                latin.append(part)
            else:
                other[script] += (len(part) + 1) // 2 if script in _UNSPACED else 1
                other_words.setdefault(script, []).append(part)
    foreign = sum(other.values())
    if len(latin) + foreign < MIN_WORDS:
        return None
    english = stop_words("en")
    in_english = sum(1 for w in latin if w in english)
    if foreign * 2 >= len(latin) + foreign:
        if in_english >= 5 and in_english * 4 >= len(latin):
            return None                       # English sentences around foreign text
        script = "KANA" if other["KANA"] else other.most_common(1)[0][0]
        if script == "CYRILLIC":
            return _best(other_words[script], _CYRILLIC, floor=0.1) or "Cyrillic script"
        return _SCRIPT_LANGUAGE.get(script) or f"{script.title()} script"
    if len(latin) < MIN_WORDS or in_english * 7 >= len(latin):
        return None
    return _best(latin, _LATIN, floor=0.25, distinct=4)


def _best(words: list[str], candidates: dict[str, str], floor: float, distinct: int = 1) -> str | None:
    """The candidate language whose own function words are the most of ``words``, when they are
    at least ``floor`` of them and ``distinct`` different ones besides those found in names."""
    best: tuple[int, str] | None = None
    for code, name in candidates.items():
        own = _own_function_words(code)
        found = [w for w in words if w in own]
        if (len(found) >= floor * len(words) and len(set(found) - _IN_NAMES) >= distinct
                and (best is None or len(found) > best[0])):
            best = (len(found), name)
    return best[1] if best else None


@functools.cache
def _own_function_words(code: str) -> frozenset[str]:
    """A language's stop words that are not English ones too ("a", "me", "no", "die" is not)."""
    return stop_words(code) - stop_words("en")


def _by_script(word: str) -> list[tuple[str, str]]:
    """A word cut where its script changes: 'Tokyo東京タワー' -> LATIN 'Tokyo', HAN '東京', KANA 'タワー'."""
    parts: list[tuple[str, str]] = []
    start = 0
    for i, ch in enumerate(word):
        script = _script(ch)
        if parts and parts[-1][0] == script:
            continue
        if parts:
            parts[-1] = (parts[-1][0], word[start:i])
        parts.append((script, ""))
        start = i
    parts[-1] = (parts[-1][0], word[start:])
    return parts


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    if ch < "\u0250":                         # Basic Latin to Latin Extended-B
        return "LATIN"
    name = unicodedata.name(ch, "")
    if "LATIN" in name:                       # fullwidth and extended Latin letters
        return "LATIN"
    if name.startswith(("CJK", "KANGXI")):
        return "HAN"
    if "HIRAGANA" in name or "KATAKANA" in name:
        return "KANA"
    return name.split(" ", 1)[0] or "OTHER"


# --- spaCy's stop-word lists ---------------------------------------------------------------


@functools.cache
def stop_words(code: str) -> frozenset[str]:
    """spaCy's stop-word list for a language (``spacy/lang/<code>/stop_words.py``).

    The file is run on its own, as the ``importlib`` documentation's recipe for importing a
    source file directly, instead of importing ``spacy.lang.<code>.stop_words``: that would
    import spaCy and the language's package first, and ``spacy.lang.fr`` alone builds its
    tokenizer's exceptions for ten seconds here. The lists import nothing.
    """
    spec = importlib.util.find_spec("spacy")
    roots = spec.submodule_search_locations if spec is not None else None
    for root in roots or ():
        path = Path(root, "lang", code, "stop_words.py")
        if not path.is_file():
            continue
        file_spec = importlib.util.spec_from_file_location(f"splint._stop_words_{code}", path)
        if file_spec is None or file_spec.loader is None:
            continue
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
        return frozenset(w.lower() for w in module.STOP_WORDS)
    module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    return frozenset(w.lower() for w in module.STOP_WORDS)
