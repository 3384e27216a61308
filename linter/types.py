"""The values that flow between splint's stages. Positions are character offsets only."""
from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from splint.rules.data import Profile


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range of character offsets into ``Prompt.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")



@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``span`` with ``replacement``; ``in_file`` spans are file offsets (front matter)."""

    span: Span
    replacement: str
    in_file: bool = False


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    safety: Literal["safe", "review"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    rule: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    fix: Fix | None = None
    in_file: bool = False      # ``span`` is in file offsets: a parameter in the front matter


# The rule groups that judge generation parameters (front matter and collection keys, and the
# template's parameter lines), not the prose: the only rules that still run on a prompt that is
# not English (``linter/language.py``). Every other group reads the prose through the English
# pipeline and lexicons, and a new group does too unless it is added here.
LANGUAGE_FREE_GROUPS = frozenset({"parameters"})


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    group: str
    severity: Severity

    @property
    def reads_english(self) -> bool:
        """Whether the rule reads the prompt's prose, so it is skipped on a prompt not in English."""
        return self.group not in LANGUAGE_FREE_GROUPS

    def diagnostic(
        self, span: Span, message: str, *, hint: str | None = None, fix: Fix | None = None, in_file: bool = False
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, message, span, hint, fix, in_file)


@dataclass(frozen=True, slots=True)
class Params:
    """Generation parameters of one prompt (front matter or collection item keys)."""

    model: str | None = None
    size: str | None = None
    seconds: int | None = None
    input_reference: str | None = None
    remix_id: str | None = None
    target: str | None = None
    ignore: tuple[str, ...] = ()
    # File offsets of each key's value as written (front matter or collection item), and of
    # the whole front matter body (between the ``---`` lines) when the prompt file has one.
    locations: tuple[tuple[str, int, int], ...] = ()
    front_matter: tuple[int, int] | None = None

    def where(self, key: str) -> Span | None:
        for name, start, end in self.locations:
            if name == key:
                return Span(start, end)
        return None


class SourceText:
    """A file's text with its line index, built once and shared by every prompt in the file."""

    __slots__ = ("_line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based row and column (in characters) of a file offset."""
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return row + 1, offset - self._line_starts[row] + 1

    def line(self, row: int) -> str:
        start = self._line_starts[row - 1]
        end = self._line_starts[row] - 1 if row < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


class Offsets(Sequence[int]):
    """File offsets of each character of a prompt, kept as runs of consecutive offsets.

    A prompt decoded from a JSON or YAML string maps character by character into its file,
    consecutively except where an escape (``\\n``, ``\\u00e9``) stood: a few runs instead of one
    number per character, so a 50,000-item collection does not hold millions of them.
    """

    __slots__ = ("_bases", "_length", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []     # index of each run's first character
        self._bases: list[int] = []      # that character's file offset
        self._length = 0

    def append(self, offset: int) -> None:
        if not self._starts or offset != self._bases[-1] + (self._length - self._starts[-1]):
            self._starts.append(self._length)
            self._bases.append(offset)
        self._length += 1

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i: int) -> int:  # type: ignore[override]
        if not isinstance(i, int):
            raise TypeError("Offsets take one integer index")
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        run = bisect.bisect_right(self._starts, i) - 1
        return self._bases[run] + (i - self._starts[run])


@dataclass(frozen=True, slots=True)
class Origin:
    """Maps offsets in ``Prompt.text`` back to 1-based row/column in the source file.

    ``index`` (when given) holds the file offset of every prompt character plus one
    past the end; otherwise prompt offset ``i`` is file offset ``base + i``.
    """

    source: SourceText
    base: int = 0
    index: Sequence[int] | None = None

    @classmethod
    def of(cls, text: str) -> Origin:
        """The origin of a prompt that is a whole file (or a string with no file)."""
        return cls(SourceText(text))

    def file_offset(self, offset: int) -> int:
        if self.index is None:
            return self.base + offset
        return self.index[min(offset, len(self.index) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        return self.source.position(self.file_offset(offset))

    def line(self, row: int) -> str:
        return self.source.line(row)

    def locate(self, span: Span, in_file: bool = False) -> tuple[int, int, int, int]:
        """Row, column, end row, end column of a prompt span (or of a file span)."""
        if in_file:
            return (*self.source.position(span.start), *self.source.position(span.end))
        return (*self.position(span.start), *self.position(span.end))


@dataclass(frozen=True, slots=True)
class Prompt:
    """One prompt: its body text, its parameters, and where it came from."""

    path: str
    text: str
    params: Params
    origin: Origin
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What a rule may know beyond the prompt: the target model and the clip length."""

    profile: Profile
    seconds: int
    seconds_from: Literal["front matter", "prompt", "profile default"]
