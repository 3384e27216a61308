"""The values that flow between splint's stages. Positions are character offsets only."""
from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
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

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    replacement: str


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


@dataclass(frozen=True, slots=True)
class RuleMeta:
    code: str
    name: str
    group: str
    severity: Severity

    def diagnostic(
        self, span: Span, message: str, *, hint: str | None = None, fix: Fix | None = None
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, message, span, hint, fix)


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


@dataclass(frozen=True, slots=True)
class Origin:
    """Maps offsets in ``Prompt.text`` back to 1-based row/column in the source file.

    ``index`` (when given) holds the file offset of every prompt character plus one
    past the end; otherwise prompt offset ``i`` is file offset ``base + i``.
    """

    file_text: str
    base: int = 0
    index: Sequence[int] | None = None
    _line_starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.file_text) if ch == "\n")
        self._line_starts.extend(starts)

    def file_offset(self, offset: int) -> int:
        if self.index is None:
            return self.base + offset
        return self.index[min(offset, len(self.index) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        at = self.file_offset(offset)
        row = bisect.bisect_right(self._line_starts, at) - 1
        return row + 1, at - self._line_starts[row] + 1

    def line(self, row: int) -> str:
        start = self._line_starts[row - 1]
        end = self._line_starts[row] - 1 if row < len(self._line_starts) else len(self.file_text)
        return self.file_text[start:end].rstrip("\r")


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
