"""Reporters: each turns a run's results into one document, chosen by name from ``REPORTERS``.

Every reporter is called the same way, ``render(results, report)``; ``Report`` carries what
some of them use beyond the results (the failure threshold for JUnit, quiet and statistics for
text). A new format is one module and one line here.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from splint.linter.reporters import github, json, junit, sarif, text
from splint.linter.runner import Result
from splint.linter.types import Severity


@dataclass(frozen=True, slots=True)
class Report:
    threshold: Severity = Severity.WARNING     # the level that fails the run
    quiet: bool = False                        # text: only the diagnostics, no summary
    statistics: bool = False                   # text: a count per rule


REPORTERS: dict[str, Callable[[Sequence[Result], Report], str]] = {
    "text": lambda results, report: text.render(results, quiet=report.quiet, statistics=report.statistics),
    "json": lambda results, _report: json.render(results),
    "github": lambda results, _report: github.render(results),
    "sarif": lambda results, _report: sarif.render(results),
    "junit": lambda results, report: junit.render(results, report.threshold),
}


def render(fmt: str, results: Sequence[Result], report: Report) -> str:
    """The document of ``results`` in format ``fmt`` (one of ``REPORTERS``)."""
    return REPORTERS[fmt](results, report)
