"""Chat-completion replies cached on disk, so re-running on unchanged drafts costs no calls.

The cache lives in the user cache folder (platformdirs; ``SPLINT_CACHE_DIR`` overrides it).
A key is the SHA-256 of the server's host, the model, the system prompt's version and the
whole request (messages, response format, token limit). The API key is never part of a key
or an entry: an entry holds the reply's text, refusal and finish reason, nothing of the
request's headers. Every complete answer is stored, usable or not, so a re-run replays the
same conversation at no cost (``--no-cache`` asks again); an answer cut off by the token
limit is not.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from splint.linter.files import replace_atomic

FORMAT = 1


def default_dir() -> Path:
    if env := os.environ.get("SPLINT_CACHE_DIR"):
        return Path(env) / "rewrite"
    import platformdirs

    return Path(platformdirs.user_cache_dir("splint", appauthor=False)) / "rewrite"


def key(host: str, model: str, system_version: str, request: dict[str, Any]) -> str:
    material = json.dumps(
        {"format": FORMAT, "host": host, "model": model, "system": system_version, "request": request},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Cache:
    """Answers under ``answers/``; what each server lacks (its output mode) under ``servers/``."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_dir()

    def _path(self, k: str, kind: str) -> Path:
        return self.root / kind / k[:2] / f"{k}.json"

    def get(self, k: str, kind: str = "answers") -> dict[str, Any] | None:
        try:
            entry = json.loads(self._path(k, kind).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: ask the server again
        return entry if isinstance(entry, dict) else None

    def put(self, k: str, entry: dict[str, Any], kind: str = "answers") -> None:
        """Store atomically; a cache that cannot be written is not an error, only slower."""
        path = self._path(k, kind)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomic(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"), 0o600)
        except OSError:
            pass

    def clean(self) -> int:
        """Remove everything; the number of answers removed. OSError when it cannot."""
        if not self.root.exists():
            return 0
        count = sum(1 for _ in (self.root / "answers").rglob("*.json"))
        shutil.rmtree(self.root)
        return count
