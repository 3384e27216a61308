"""The five-layer prompt: what the rewriting model answers with, and how it becomes a prompt.

The layers and their order are the guide's Prompt Structure (scene, camera, lighting, audio,
style). ``seconds``, ``model`` and ``size`` are the generation parameters; they go into the
prompt file's front matter, not the prose, where the linter checks them against the target
profile like any other prompt's.

Every field is required and the nullable ones say so, with no extra keys allowed: that makes
the generated JSON Schema usable as-is for OpenAI structured output (strict mode), so the
schema shipped in the package and the one sent to the server are the same document.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LAYERS = ("scene", "camera", "lighting", "audio", "style")
LABELS = {"scene": "SCENE", "camera": "CAMERA", "lighting": "LIGHTING", "audio": "AUDIO", "style": "STYLE"}
RenderStyle = Literal["narrative", "labelled"]
SCHEMA_FILE = "five-layer-prompt.schema.json"


class FiveLayerPrompt(BaseModel):
    """A video prompt in the guide's five layers, plus the generation parameters."""

    model_config = ConfigDict(extra="forbid", title="FiveLayerPrompt")

    scene: str = Field(description="Narrative description of the action and setting: who, where, what happens, in full sentences.")
    camera: str = Field(description="Camera movement, angle, framing and lens, in sentences.")
    lighting: str = Field(description="Light direction, quality and colour temperature, in sentences.")
    audio: str = Field(description="Dialogue in quotes with speaker and delivery, sound effects in sync with the action, ambience, music.")
    style: str = Field(description="Film reference, colour grading, aesthetic.")
    seconds: int | None = Field(description="Clip length in seconds, one the target model accepts; null to leave unset.")
    # Patterns keep the values to what they are: they go into the front matter as written.
    model: str | None = Field(description="Target model id; null to leave unset.", pattern=r"^[A-Za-z0-9][\w.:/-]{0,79}$")
    size: str | None = Field(description="Frame size WIDTHxHEIGHT the target model accepts; null to leave unset.",
                             pattern=r"^[0-9]{2,5}x[0-9]{2,5}$")

    @field_validator(*LAYERS)
    @classmethod
    def _layer_text(cls, value: str) -> str:
        # One paragraph per layer: blank lines inside a layer would split it in the rendering.
        value.encode("utf-8")  # a lone surrogate is not text: UnicodeEncodeError, a ValueError
        lines = [" ".join(line.split()) for line in value.strip().splitlines()]
        text = "\n".join(line for line in lines if line)
        if not text:
            raise ValueError("must not be empty")
        return text

    @field_validator("model", "size")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("seconds")
    @classmethod
    def _positive(cls, value: int | None) -> int | None:
        if value is not None and not 0 < value <= 600:
            raise ValueError("must be a number of seconds between 1 and 600")
        return value

    def layers(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in LAYERS}

    def render(self, style: RenderStyle = "narrative", audio: bool = True) -> str:
        """The prompt text: one paragraph per layer in the guide's order, or the labelled template.

        ``audio=False`` leaves the audio layer out, for targets that make no sound.
        """
        names = [n for n in LAYERS if audio or n != "audio"]
        if style == "labelled":
            return "\n".join(f"[{LABELS[n]}]: {getattr(self, n)}" for n in names) + "\n"
        return "\n\n".join(getattr(self, n) for n in names) + "\n"


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema generated from the model (what ``SCHEMA_FILE`` holds); shared, do not change it."""
    return FiveLayerPrompt.model_json_schema()


def shipped_schema_text() -> str:
    return resources.files("splint.rewriter.schemas").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema_dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
