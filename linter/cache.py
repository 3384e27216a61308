"""The lint cache: each prompt's diagnostics in a project-local ``.splint_cache/``, as ruff keeps one.

An entry is keyed by everything its diagnostics depend on: splint's version, a fingerprint of
the code and data that decide them (the rules, their lexicons and profiles, the analysis), the
prompt's path, item id and whole source text, and the effective settings (rules with their
severities, target, clip length). A hit needs no spaCy at all. Entries are written through a
temporary file and ``os.replace``, so two processes writing at once leave whole entries; an
entry that cannot be read or does not parse is ignored and written again, never trusted.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from splint.linter.fixes import replace_atomic
from splint.linter.types import Diagnostic, Edit, Fix, Severity, Span

DIRNAME = ".splint_cache"
FORMAT = "1"                      # the layout of an entry; a new one starts a new folder


@functools.cache
def fingerprint() -> str:
    """Hash of splint's version and of every file that decides a diagnostic."""
    from splint.linter.reporters.json import splint_version

    digest = hashlib.sha256(splint_version().encode())
    for package in ("splint.rules", "splint.linter"):
        stack = [resources.files(package)]
        files = []
        while stack:
            folder = stack.pop()
            for entry in folder.iterdir():
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        stack.append(entry)
                elif entry.name.endswith((".py", ".yaml", ".yml", ".json")):
                    files.append(entry)
        for entry in sorted(files, key=lambda e: str(e)):
            digest.update(str(entry).rsplit("splint", 1)[-1].encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "rule": d.rule, "severity": d.severity.label, "message": d.message,
                           "span": [d.span.start, d.span.end], "in_file": d.in_file}
    if d.hint is not None:
        out["hint"] = d.hint
    if d.fix is not None:
        out["fix"] = {"title": d.fix.title, "safety": d.fix.safety,
                      "edits": [[e.span.start, e.span.end, e.replacement, e.in_file] for e in d.fix.edits]}
    return out


def _load(raw: dict[str, Any]) -> Diagnostic:
    fix = raw.get("fix")
    return Diagnostic(
        code=str(raw["code"]), rule=str(raw["rule"]), severity=Severity.parse(raw["severity"]),
        message=str(raw["message"]), span=Span(int(raw["span"][0]), int(raw["span"][1])),
        hint=None if raw.get("hint") is None else str(raw["hint"]),
        fix=None if fix is None else Fix(
            str(fix["title"]),
            tuple(Edit(Span(int(s), int(e)), str(text), bool(in_file)) for s, e, text, in_file in fix["edits"]),
            "safe" if fix["safety"] == "safe" else "review",
        ),
        in_file=bool(raw["in_file"]),
    )


class LintCache:
    """``.splint_cache/`` under ``root`` (the working directory)."""

    def __init__(self, root: Path) -> None:
        self.root = root / DIRNAME
        self.folder = self.root / f"lint-{FORMAT}"
        self.hits = 0
        self.misses = 0

    def key(self, parts: list[object]) -> str:
        text = json.dumps([fingerprint(), *parts], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> tuple[tuple[Diagnostic, ...], str | None] | None:
        """The diagnostics and target stored under ``key``, or None (absent, unreadable, corrupt)."""
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            if raw.get("key") != key:
                raise ValueError("entry for another key")
            found = tuple(_load(d) for d in raw["diagnostics"])
            target = raw.get("target")
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return found, None if target is None else str(target)

    def put(self, key: str, diagnostics: tuple[Diagnostic, ...], target: str | None) -> None:
        entry = {"key": key, "target": target, "diagnostics": [_diagnostic(d) for d in diagnostics]}
        path = self._path(key)
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True, exist_ok=True)
                (self.root / ".gitignore").write_text("# Created by splint.\n*\n", encoding="utf-8")
                (self.root / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# The lint cache of splint.\n", encoding="utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomic(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"), 0o644)
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def clean(self) -> int:
        """Remove every entry; how many there were."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for folder, _dirs, files in os.walk(self.root, topdown=False):
            for name in files:
                if name.endswith(".json"):
                    removed += 1
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)
        return removed
