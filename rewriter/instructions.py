"""What the rewriting model is told: built from the rules' own docs and the target profile.

The system prompt has no prompting advice of its own. The five layers come from the
``FiveLayerPrompt`` field descriptions and every check comes from a rule's docstring
(summary, Why, Use instead), so a rule added or reworded changes the instructions, and the
instructions' hash (part of every cache key) changes with them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from splint.linter.docs import parts as rule_parts
from splint.linter.types import Diagnostic, Params, Prompt
from splint.rewriter.schema import LAYERS, FiveLayerPrompt, json_schema
from splint.rules import RULES, data

# Bump when the wording below changes in a way the hash would not show (it always does today).
VERSION = "1"

_INTRO = """\
You rewrite draft prompts for text-to-video models into narrative prompts in five layers.
Video models respond to cinematic, narrative descriptions written like a screenwriter's, not \
to keyword lists. Write complete sentences with concrete, visible detail.

The five layers, in this order:
{layers}

Keep what the writer asked for:
- every main subject and the setting of the draft, named with the same nouns;
- every quoted spoken line word for word, inside quotation marks, with who says it and how;
- the draft's seconds, model and size, unless a diagnostic says one of them is invalid; \
otherwise choose values the target accepts and that fit the action (one primary action per \
segment the target allows). Use null only when the draft gives no value and none is needed.
Do not add new characters, plot events or text to be shown on screen.

splint, a linter, checks your rewrite. Every rule it applies, with why it matters and what to \
write instead:
{rules}

Answer with one JSON object and nothing else, matching this JSON Schema:
{schema}
"""


def _rule_lines() -> str:
    lines = []
    for module in RULES.values():
        summary, doc = rule_parts(module)
        line = f"- {module.META.name}: {summary}"
        if why := doc.get("Why"):
            line += f" Why: {why}"
        if instead := doc.get("Use instead"):
            line += f" Instead, e.g.: {instead}"
        lines.append(line)
    return "\n".join(lines)


@cache
def system_prompt() -> str:
    fields = FiveLayerPrompt.model_fields
    layers = "\n".join(f"- {name}: {fields[name].description}" for name in LAYERS)
    return _INTRO.format(layers=layers, rules=_rule_lines(), schema=json.dumps(json_schema(), ensure_ascii=False))


@cache
def system_prompt_version() -> str:
    """``VERSION`` plus a hash of the text: any change to a rule's docs gives a new version."""
    return f"{VERSION}-{hashlib.sha256(system_prompt().encode('utf-8')).hexdigest()[:16]}"


def target_text(profile: data.Profile) -> str:
    seconds = ", ".join(str(s) for s in profile.seconds)
    sizes = ", ".join(s.size for s in profile.sizes)
    lines = [
        f"Target model: {profile.model} ({profile.name}, {profile.status}).",
        f"Accepted seconds: {seconds} (default {profile.default_seconds}). Accepted sizes: {sizes}.",
        f"One primary action per {profile.seconds_per_action} s; one camera move per {profile.seconds_per_camera_move} s.",
        "Audio: the model generates sound; describe it." if profile.audio
        else "Audio: this model makes no sound; write \"No sound.\" in the audio layer and put no sound anywhere else.",
    ]
    if profile.prompt_advice:
        lines.append(f"Advice for this model: {profile.prompt_advice}")
    return "\n".join(lines)


def diagnostic_lines(diagnostics: Sequence[Diagnostic], prompt: Prompt) -> str:
    """The diagnostics as the model reads them: rule, message, hint and the words flagged."""
    out = []
    for d in diagnostics:
        source = prompt.origin.source.text if d.in_file else prompt.text
        flagged = " ".join(source[d.span.start:d.span.end].split())
        if len(flagged) > 80:
            flagged = flagged[:77] + "..."
        line = f"- {d.rule} ({d.severity.label}): {d.message}"
        if flagged:
            line += f' [at: "{flagged}"]'
        if d.hint:
            line += f" Hint: {d.hint}"
        out.append(line)
    return "\n".join(out) or "- none"


@dataclass(frozen=True, slots=True)
class Keep:
    """What the rewrite must keep: main subjects (as written) and quoted spoken lines."""

    subjects: tuple[str, ...] = ()
    dialogue: tuple[str, ...] = ()


def _params_text(params: Params) -> str:
    shown = [f"{k}: {getattr(params, k)}" for k in ("model", "seconds", "size") if getattr(params, k) is not None]
    return ", ".join(shown) or "none given"


def user_message(body: str, params: Params, profile: data.Profile, diagnostics: str, keep: Keep) -> str:
    sections = [
        target_text(profile),
        f"Draft parameters: {_params_text(params)}.",
        f"Draft:\n<<<\n{body.strip()}\n>>>",
        f"splint's diagnostics on the draft:\n{diagnostics}",
    ]
    if keep.subjects:
        sections.append("Main subjects to keep: " + ", ".join(keep.subjects) + ".")
    if keep.dialogue:
        sections.append("Spoken lines to keep word for word: " + " ".join(f'"{d}"' for d in keep.dialogue))
    sections.append("Rewrite the draft as the JSON object.")
    return "\n\n".join(sections)


def repair_message(diagnostics: str | None, lost: Sequence[str], invalid: str | None = None) -> str:
    sections = []
    if invalid is not None:
        sections.append(f"Your reply could not be used: {invalid}.")
    if diagnostics:
        sections.append(f"splint still reports these problems in your rewrite:\n{diagnostics}")
    if lost:
        sections.append("Your rewrite lost what the draft asked for: " + "; ".join(lost) + ".")
    sections.append("Fix only that and answer again with the whole JSON object.")
    return "\n\n".join(sections)

