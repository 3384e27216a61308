"""Lexicons and target profiles: YAML data files validated with pydantic on first use."""
from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from splint.linter.errors import RuleDataError

_SIZE = re.compile(r"^\d{2,5}x\d{2,5}$")


# libyaml's safe loader when PyYAML has it: the lexicons and profiles are read on every cold start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconFile(_Strict):
    """``entries`` maps a lowercase term to a category or hint.

    A term matches a run of words by their lemmas or as written ("thunder rumbles" finds
    ``rumble``; "side-lit" finds ``side lit``). ``patterns`` match a whole item or word.
    """

    kind: Literal["lexicon"]
    description: str = ""
    entries: dict[str, str] | list[str]
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return value


# Pattern syntax whose outcome depends on text around what it consumes.
_CONTEXTUAL = re.compile(r"[\^$]|\\[bBAZz]|\(\?<?[=!]|\(\?>|[*+?}]\+")


class Lexicon:
    """A loaded lexicon: term -> category, plus compiled whole-item patterns."""

    __slots__ = ("_any", "_longest", "_starts", "entries", "first_words", "name", "patterns", "prefixes")

    def __init__(self, name: str, model: LexiconFile) -> None:
        self.name = name
        raw = model.entries if isinstance(model.entries, dict) else dict.fromkeys(model.entries, "")
        self.entries: dict[str, str] = {k.lower(): v for k, v in raw.items()}
        self.patterns = tuple(re.compile(p, re.IGNORECASE) for p in model.patterns)
        # One alternation: a full match of it is a full match of one of the patterns.
        self._any = re.compile("|".join(f"(?:{p})" for p in model.patterns), re.IGNORECASE) if model.patterns else None
        # Where in a text a pattern can begin, found in one scan. A window that fully matches
        # a pattern also matches it from the same place in the whole text, provided nothing in
        # the pattern looks beyond the characters it consumes (anchors, lookaround, \b) or
        # refuses to give them back (atomic groups, possessive repeats); with any of those the
        # scan is not used.
        self._starts = (
            re.compile(f"(?=(?:{self._any.pattern}))", re.IGNORECASE)
            if self._any is not None and not any(_CONTEXTUAL.search(p) for p in model.patterns) else None
        )
        self._longest = max((len(k.split()) for k in self.entries), default=1)
        self.first_words = frozenset(k.split()[0] for k in self.entries if k.split())
        # Every entry, and every start of one that ends before a space: phrase matching
        # widens a window only while its words are one of these.
        self.prefixes = frozenset(
            k[:i] for k in self.entries for i in [*(j for j, c in enumerate(k) if c == " "), len(k)]
        )

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term.lower() in self.entries

    def get(self, term: str) -> str | None:
        return self.entries.get(term.lower())

    @property
    def longest(self) -> int:
        """Words in the longest entry, for phrase matching."""
        return self._longest

    def matches_pattern(self, text: str) -> bool:
        return self._any is not None and self._any.fullmatch(text) is not None

    def pattern_starts(self, text: str) -> frozenset[int] | None:
        """Offsets in ``text`` where a pattern could match a stretch that starts there (a
        superset of where one fully matches a window); None when every offset must be tried."""
        if self._starts is None:
            return None
        return frozenset(m.start() for m in self._starts.finditer(text))


class SizeSpec(_Strict):
    size: Annotated[str, Field(pattern=_SIZE.pattern)]
    note: str = ""


class InputReference(_Strict):
    formats: list[Literal["jpeg", "png", "webp"]]
    must_match_size: bool = True


class Extension(_Strict):
    """A model that can extend a clip past one generation's maximum, in further requests."""

    max_seconds: int = Field(ge=1)
    note: str = ""


class ProfileFile(_Strict):
    kind: Literal["profile"]
    model: str
    name: str
    vendor: str
    aliases: list[str] = Field(default_factory=list)   # other model ids served as this model
    status: Literal["active", "retired", "preview"]
    retired_on: dt.date | None = None
    status_note: str = ""
    seconds: list[int] = Field(min_length=1)
    default_seconds: int
    max_seconds: int
    extension: Extension | None = None
    sizes: list[SizeSpec] = Field(min_length=1)
    default_size: str | None = None
    audio: bool
    seconds_per_action: int = Field(4, ge=1)
    seconds_per_camera_move: int = Field(4, ge=1)
    # Natural speech is about 150 words a minute; a clip cannot hold more dialogue than that.
    speech_words_per_second: float = Field(2.5, gt=0)
    price_per_second: dict[str, float] = Field(default_factory=dict)  # size or "default" -> USD
    input_reference: InputReference | None = None
    prompt_advice: str = ""
    rules: dict[str, Literal["off", "info", "warning", "error"]] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)

    @field_validator("seconds")
    @classmethod
    def _positive(cls, value: list[int]) -> list[int]:
        if any(s <= 0 for s in value):
            raise ValueError("every duration must be a positive number of seconds")
        return sorted(value)


Profile = ProfileFile


class GuideItem(_Strict):
    item: str
    rules: list[str]
    not_checkable: str = ""


class GuideSection(_Strict):
    section: str
    items: list[GuideItem] = Field(min_length=1)


class GuideMap(_Strict):
    kind: Literal["guide-map"]
    description: str = ""
    sections: list[GuideSection] = Field(min_length=1)


@functools.cache
def guide_map() -> GuideMap:
    """The prompting guide's items and the rules that check them (``rules/guide_map.yaml``)."""
    where = "rules/guide_map.yaml"
    try:
        text = resources.files("splint.rules").joinpath("guide_map.yaml").read_text(encoding="utf-8")
        return GuideMap.model_validate(yaml.load(text, Loader=_LOADER))
    except FileNotFoundError:
        raise RuleDataError(f"{where}: no such file") from None
    except yaml.YAMLError:
        raise RuleDataError(f"{where}: not valid YAML") from None
    except ValidationError as exc:
        raise _validation_line(where, exc) from None


def _load_yaml(folder: str, name: str) -> tuple[str, Any]:
    where = f"rules/{folder}/{name}.yaml"
    resource = resources.files("splint.rules").joinpath(folder, f"{name}.yaml")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleDataError(f"{where}: no such file") from None
    try:
        return where, yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise RuleDataError(f"{where}: not valid YAML{line}") from None


def _validation_line(where: str, exc: ValidationError) -> RuleDataError:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return RuleDataError(f"{where}: {loc}: {first['msg']}")


@functools.cache
def lexicon(name: str) -> Lexicon:
    where, raw = _load_yaml("lexicons", name)
    try:
        return Lexicon(name, LexiconFile.model_validate(raw))
    except ValidationError as exc:
        raise _validation_line(where, exc) from None


@functools.cache
def profile(model: str) -> Profile:
    if model not in profile_names():
        known = ", ".join(profile_names())
        raise RuleDataError(f"unknown target {model!r} (known targets: {known})")
    where, raw = _load_yaml("profiles", model)
    try:
        loaded = ProfileFile.model_validate(raw)
    except ValidationError as exc:
        raise _validation_line(where, exc) from None
    if loaded.model != model:
        raise RuleDataError(f"{where}: model: {loaded.model!r} does not match the file name")
    if loaded.default_seconds not in loaded.seconds:
        raise RuleDataError(f"{where}: default_seconds: {loaded.default_seconds} is not in seconds")
    return loaded


@functools.cache
def profile_names() -> tuple[str, ...]:
    folder = resources.files("splint.rules").joinpath("profiles")
    return tuple(sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml")))
