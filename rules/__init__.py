"""The rule registry: every built-in rule module, by code.

A rule module has ``META`` (a ``RuleMeta``), a pure ``check(analysis, settings)`` and a
docstring with the headings What it does / Why / Example / Use instead.
"""
from __future__ import annotations

from types import ModuleType

from splint.rules import keyword_list, missing_audio, too_many_actions, vague_lighting

RULES: dict[str, ModuleType] = {
    module.META.code: module
    for module in (keyword_list, missing_audio, vague_lighting, too_many_actions)
}
BY_NAME: dict[str, ModuleType] = {module.META.name: module for module in RULES.values()}


def resolve(selector: str) -> ModuleType | None:
    """A rule by code (``ST001``) or name (``keyword-list``), case-insensitive for codes."""
    return RULES.get(selector.upper()) or BY_NAME.get(selector.lower())
