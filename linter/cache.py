"""The lint cache: each file's results in a project-local ``.splint_cache/``, as ruff keeps one.

An entry is keyed by everything its results depend on: splint's version, a fingerprint of the
code and data that decide them (the rules, their lexicons and profiles, the analysis), the
file's path and bytes, and the effective settings (command-line options and the file's
configuration). A hit needs no parsing, no rules and no spaCy: diagnostics are stored in file
offsets and located again in the file's text. Entries are written through a temporary file
and ``os.replace``, so two processes writing at once leave whole entries; an entry that cannot
be read or does not parse is ignored and written again, never trusted.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from splint.linter.files import replace_atomic
from splint.linter.types import Diagnostic, Edit, Fix, Origin, Severity, Span

if TYPE_CHECKING:
    from splint.linter.runner import Result

DIRNAME = ".splint_cache"
FORMAT = "1"                      # the layout of an entry; a new one starts a new folder


@functools.cache
def fingerprint() -> str:
    """Hash of every file that decides a diagnostic: splint's rules, lexicons, profiles and
    analysis, the versions of spaCy, thinc and numpy (whose BLAS does the arithmetic), and
    the metadata of each English pipeline that could be loaded.

    Everything is found without importing it: importing ``splint.rules`` loads every rule and
    importing spaCy takes most of a second, neither of which a cache hit needs. A new splint
    release changes its files, so its version need not be read.
    """
    from importlib.util import find_spec

    from splint.linter.nlp import PIPELINES

    digest = hashlib.sha256(FORMAT.encode())
    for package in ("splint.rules", "splint.linter"):
        for root in _locations(find_spec, package):
            files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".yaml", ".yml", ".json")
                           and "__pycache__" not in p.parts)
            for path in files:
                digest.update(f"{package}/{path.relative_to(root).as_posix()}".encode())
                digest.update(path.read_bytes())
    versions = (("spacy", "about.py"), ("thinc", "about.py"), ("numpy", "version.py"))
    for package, name in (*versions, *((pipeline, "meta.json") for pipeline in PIPELINES)):
        for root in _locations(find_spec, package):
            try:
                data = (root / name).read_bytes()
            except OSError:
                continue
            digest.update(f"{package}/{name}".encode())
            digest.update(data)
    return digest.hexdigest()


def _locations(find_spec: Any, package: str) -> list[Path]:
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return []
    return [Path(p) for p in (spec.submodule_search_locations or [])] if spec is not None else []


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "rule": d.rule, "severity": d.severity.label, "message": d.message,
                           "span": [d.span.start, d.span.end], "in_file": d.in_file}
    if d.hint is not None:
        out["hint"] = d.hint
    if d.fix is not None:
        out["fix"] = {"title": d.fix.title, "safety": d.fix.safety,
                      "edits": [[e.span.start, e.span.end, e.replacement, e.in_file] for e in d.fix.edits]}
    return out


_SEVERITIES = {s.label: s for s in Severity}


def _load(raw: dict[str, Any]) -> Diagnostic:
    """A stored diagnostic; anything malformed raises (KeyError, TypeError, ValueError, ...)."""
    fix = raw.get("fix")
    hint = raw.get("hint")
    start, end = raw["span"]
    return Diagnostic(
        str(raw["code"]), str(raw["rule"]), _SEVERITIES[raw["severity"]], str(raw["message"]),
        Span(int(start), int(end)),
        None if hint is None else str(hint),
        None if fix is None else Fix(
            str(fix["title"]),
            tuple(Edit(Span(int(s), int(e)), str(text), bool(in_file)) for s, e, text, in_file in fix["edits"]),
            "safe" if fix["safety"] == "safe" else "review",
        ),
        bool(raw["in_file"]),
    )


class LintCache:
    """``.splint_cache/`` under ``root`` (the working directory).

    All entries of one splint build live in one file (``lint-1/<fingerprint>.json``), keyed by
    the path as shown, as ruff keeps one cache file per project: a re-check of a thousand files
    reads one file, and a run writes one, merged with what other runs wrote since.
    """

    def __init__(self, root: Path) -> None:
        self.root = root / DIRNAME
        self.folder = self.root / f"lint-{FORMAT}"
        self._entries: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}
        self._pending: dict[str, str] = {}                       # files linted this run -> their key
        self._settings: dict[int, tuple[object, Any]] = {}      # id(config) -> (config, a hash of it so far)

    @property
    def pack(self) -> Path:
        return self.folder / f"{fingerprint()[:32]}.json"

    def key(self, shown: str, data: bytes, options: object, config: object) -> str:
        """The entry of one file: its path as shown, its bytes, and the settings that apply."""
        seen = self._settings.get(id(config))
        if seen is None or seen[0] is not config:      # one repr per configuration, not per file
            settings = hashlib.sha256(fingerprint().encode())
            settings.update(json.dumps(repr((options, config)), ensure_ascii=False).encode("utf-8"))
            seen = self._settings[id(config)] = (config, settings)
        digest = seen[1].copy()
        # JSON strings end where their closing quote is: path and settings cannot run together.
        digest.update(json.dumps(shown, ensure_ascii=False).encode("utf-8"))
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def results(self, shown: str, data: bytes, options: object, config: object) -> list[Result] | None:
        """A file's results if the cache has them for these bytes and settings; else None, and
        ``keep`` will store what the lint finds for it."""
        key = self.key(shown, data, options, config)
        found = self.get(key, shown, data)
        if found is None:
            self._pending[shown] = key
        return found

    def keep(self, results: Sequence[Result]) -> None:
        """Store the results of every file ``results`` found missing, and write the cache."""
        by_file: dict[str, list[Result]] = {}
        for r in results:
            if r.path in self._pending:
                by_file.setdefault(r.path, []).append(r)
        for shown, key in self._pending.items():
            self.put(key, shown, by_file.get(shown, []))
        self._pending = {}
        self.flush()

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.pack.read_text(encoding="utf-8"))
            return raw if isinstance(raw, dict) else {}
        except (OSError, ValueError):
            return {}               # absent or corrupt: everything is linted again

    def get(self, key: str, shown: str, data: bytes) -> list[Result] | None:
        """The file's results stored under ``key``, or None (absent, unreadable, corrupt)."""
        from splint.linter.runner import Result
        from splint.linter.source import decode

        if self._entries is None:
            self._entries = self._read()
        try:
            raw = self._entries.get(shown)
            if not isinstance(raw, dict) or raw.get("key") != key:
                raise ValueError("no entry for this content and these settings")
            try:
                origin: Origin | None = Origin.of(decode(shown, data))
            except ValueError:
                origin = None
            results = []
            for item in raw["results"]:
                diagnostics = tuple(_load(d) for d in item["diagnostics"])
                if diagnostics and (origin is None or any(
                        d.span.end > len(origin.source.text) or not d.in_file for d in diagnostics)):
                    raise ValueError("diagnostics that do not fit the file")
                results.append(Result(shown, item["id"], origin if item["error"] is None else None, diagnostics,
                                      error=item["error"], target=item["target"]))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None
        return results

    def put(self, key: str, shown: str, results: list[Result]) -> None:
        """Keep a file's results; ``flush`` writes them."""
        self._new[shown] = {"key": key, "results": [
            {"id": r.item_id, "error": r.error, "target": r.target,
             "diagnostics": [_diagnostic(_in_file(d, r.origin)) for d in r.diagnostics]}
            for r in results
        ]}

    def flush(self) -> None:
        """Write the new entries, merged into what is on disk now (another run may have added some)."""
        if not self._new:
            return
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True, exist_ok=True)
                (self.root / ".gitignore").write_text("# Created by splint.\n*\n", encoding="utf-8")
                (self.root / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# The lint cache of splint.\n", encoding="utf-8")
            self.folder.mkdir(parents=True, exist_ok=True)
            merged = {**self._read(), **self._new}
            _write(self.pack, json.dumps(merged, ensure_ascii=False).encode("utf-8"))
            self._new = {}
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def clean(self) -> int:
        """Remove the cache; how many files' entries it held."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for folder, _dirs, files in os.walk(self.root, topdown=False):
            for name in files:
                if name.endswith(".json"):
                    try:
                        raw = json.loads(Path(folder, name).read_text(encoding="utf-8"))
                        removed += len(raw) if isinstance(raw, dict) else 0
                    except (OSError, ValueError):
                        pass
                os.unlink(os.path.join(folder, name))
            os.rmdir(folder)
        return removed


def _write(path: Path, data: bytes) -> None:
    """A reader sees the old entry or the new one. No fsync: an entry lost or torn by a crash
    fails validation and is written again."""
    replace_atomic(path, data, 0o644, durable=False)


def _in_file(d: Diagnostic, origin: Origin | None) -> Diagnostic:
    """The diagnostic with its span and its fix's edits in file offsets."""
    if origin is None:
        return d

    def span(s: Span, in_file: bool) -> Span:
        return s if in_file else Span(origin.file_offset(s.start), origin.file_offset(s.end))

    fix = d.fix
    if fix is not None:
        fix = Fix(fix.title, tuple(Edit(span(e.span, e.in_file), e.replacement, True) for e in fix.edits), fix.safety)
    return Diagnostic(d.code, d.rule, d.severity, d.message, span(d.span, d.in_file), d.hint, fix, True)
