"""The rule registry: every built-in rule module, by code.

A rule module has ``META`` (a ``RuleMeta``), a pure ``check(analysis, settings)`` and a
docstring with the headings What it does / Why / Example / Use instead.
"""
from __future__ import annotations

from types import ModuleType

from splint.rules import (
    crowded_scene,
    dialogue_format,
    dialogue_too_long,
    invalid_input_reference,
    invalid_seconds,
    invalid_size,
    keyword_list,
    missing_audio,
    missing_camera,
    missing_duration,
    missing_lighting,
    missing_style,
    motion_transfer,
    multiple_camera_moves,
    non_english,
    on_screen_text,
    over_max_duration,
    param_conflict,
    remix_too_broad,
    resolution_keywords,
    retired_model,
    template_param_line,
    too_many_actions,
    unknown_model,
    unsupported_audio,
    vague_camera,
    vague_lighting,
    vague_music,
    vague_style,
)

_MODULES = (
    keyword_list, missing_audio, vague_lighting, too_many_actions,
    missing_camera, missing_lighting, missing_style, vague_style, vague_camera, vague_music,
    multiple_camera_moves, dialogue_format, dialogue_too_long, unsupported_audio,
    on_screen_text, crowded_scene, motion_transfer,
    unknown_model, invalid_seconds, invalid_size, missing_duration, param_conflict, over_max_duration,
    resolution_keywords, retired_model, invalid_input_reference, remix_too_broad, template_param_line,
    non_english,
)
RULES: dict[str, ModuleType] = {module.META.code: module for module in sorted(_MODULES, key=lambda m: m.META.code)}
BY_NAME: dict[str, ModuleType] = {module.META.name: module for module in RULES.values()}


def resolve(selector: str) -> ModuleType | None:
    """A rule by code (``ST001``) or name (``keyword-list``), case-insensitive for codes."""
    return RULES.get(selector.upper()) or BY_NAME.get(selector.lower())
