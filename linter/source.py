"""Prompt sources: files, directories, collections and stdin -> ``Prompt`` values.

A source that cannot be read becomes a ``SourceError`` in the same stream, so one bad file
never stops the others. Positions in collections are mapped back to the file: a diagnostic
in the fourth item of a ``.jsonl`` points at that line and column.
"""
from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from splint.linter.structure import LAYERS, layer_of
from splint.linter.types import Offsets, Origin, Params, Prompt, SourceText

if TYPE_CHECKING:
    from splint.linter.config import Config

PROMPT_SUFFIXES = frozenset({".prompt", ".txt", ".md"})
COLLECTION_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".jsonl"})
DEFAULT_INCLUDE = ("*.prompt", "*.txt", "*.md", "*.yaml", "*.yml", "*.json", "*.jsonl")
# Files and folders a directory walk never treats as prompts (explicit paths still are).
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", "node_modules", "__pycache__", ".splint_cache",
    "build", "dist", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages",
    "README*", "CHANGELOG*", "CHANGES*", "LICENSE*", "LICENCE*", "CONTRIBUTING*", "CODE_OF_CONDUCT*",
    "SECURITY*", "AUTHORS*", "NOTICE*", "requirements*.txt", "package.json", "package-lock.json",
    "tsconfig.json", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "mkdocs.yml", "*.schema.json",
)
_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SourceError:
    path: str
    message: str
    item_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} [{self.item_id}]" if self.item_id is not None else self.path
        return f"{where}: {self.message}"


Source = Prompt | SourceError


@functools.cache
def _params_model() -> Any:
    """The pydantic model, built on first use (a cached re-check never needs pydantic)."""
    from pydantic import BaseModel, ConfigDict, field_validator

    class _ParamsModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=False)

        model: str | None = None
        size: str | None = None
        seconds: int | None = None
        input_reference: str | None = None
        remix_id: str | None = None
        target: str | None = None
        ignore: list[str] = []

        @field_validator("seconds", mode="before")
        @classmethod
        def _seconds(cls, value: Any) -> Any:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError("expected a whole number of seconds, like 8")
            if isinstance(value, str):
                text = value.strip().lower().removesuffix("s").strip()
                if not text.isdigit():
                    raise ValueError(f"expected a whole number of seconds, like 8, not {value!r}")
                return int(text)
            return value

        @field_validator("size", mode="before")
        @classmethod
        def _size(cls, value: Any) -> Any:
            if value is not None and not (isinstance(value, str) and re.fullmatch(r"\d{2,5}x\d{2,5}", value.strip())):
                raise ValueError(f"expected WIDTHxHEIGHT like \"1280x720\", not {value!r}")
            return value.strip() if isinstance(value, str) else value

        @field_validator("ignore", mode="before")
        @classmethod
        def _ignore(cls, value: Any) -> Any:
            return [value] if isinstance(value, str) else value

    return _ParamsModel


@functools.cache
def _yaml() -> Any:
    """PyYAML, imported when a file first needs it (a cache hit never does)."""
    import yaml

    return yaml


def _loader(text: str) -> Any:
    # libyaml's loader when PyYAML was built with it (the wheels are): the same nodes and
    # character marks, parsed in C.
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)


def _node_locations(node: Any, base: int = 0) -> tuple[tuple[str, int, int], ...]:
    """File offsets of the values of a YAML mapping node's keys."""
    yaml = _yaml()
    if not isinstance(node, yaml.MappingNode):
        return ()
    return tuple(
        (str(key.value), base + value.start_mark.index, base + value.end_mark.index)
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode)
    )


def _json_locations(text: str, start: int, end: int) -> tuple[tuple[str, int, int], ...]:
    """File offsets of simple ``"key": value`` pairs in one JSON object's text."""
    found = []
    for m in _JSON_PARAM.finditer(text, start, end):
        found.append((m.group(1), m.start(2), m.end(2)))
    return tuple(found)


def _params(raw: Any, locations: tuple[tuple[str, int, int], ...] = (), front_matter: tuple[int, int] | None = None) -> Params:
    """Validate parameter keys; raises ValueError with a one-line reason."""
    if not isinstance(raw, dict):
        raise ValueError(f"expected key: value pairs, got {type(raw).__name__}")  # noqa: TRY004 (callers report ValueError as a line)
    from pydantic import ValidationError

    try:
        model = _params_model().model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            known = ", ".join(_params_model().model_fields)
            raise ValueError(f"unknown parameter '{key}' (known: {known})") from None
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"].startswith(("int_", "string_")):
            msg = f"{msg}, got {err['input']!r}"
        raise ValueError(f"{key}: {msg}") from None
    values = model.model_dump()
    values["ignore"] = tuple(values["ignore"])
    return Params(**values, locations=locations, front_matter=front_matter)


def params_from(raw: Any) -> Params:
    """Generation parameters given as a mapping (front-matter keys), validated; a ValueError
    says what is wrong in one line."""
    return _params(raw)


def decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not a prompt")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"not valid UTF-8 (byte {exc.start}, line {line}); save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def parse_prompt_file(path: str, text: str) -> Source:
    """One prompt, optionally opened by YAML front matter between ``---`` lines."""
    params = Params()
    base = 0
    if m := _FRONT.match(text):
        end = _FRONT_END.search(text, m.end())
        if end is None:
            return SourceError(path, "front matter opened with '---' is never closed; add a '---' line after it")
        yaml = _yaml()
        loader = _loader(text[m.end():end.start()])
        try:
            node = loader.get_single_node()
            raw = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            return SourceError(path, f"front matter is not valid YAML{where}")
        finally:
            loader.dispose()
        try:
            params = _params(raw if raw is not None else {}, _node_locations(node, m.end()), (m.end(), end.start()))
        except ValueError as exc:
            return SourceError(path, f"front matter: {exc}")
        base = end.end() + (1 if text[end.end():end.end() + 1] == "\n" else 0)
    body = text[base:]
    if not body.strip():
        return SourceError(path, "empty prompt" if base == 0 else "empty prompt after the front matter")
    return Prompt(path, body, params, Origin(SourceText(text), base=base))


def _align(value: str, text: str, start: int, end: int) -> Offsets:
    """File offsets of each character of a decoded string literal found in text[start:end]."""
    index = Offsets()
    pos = start
    for ch in value:
        found = text.find(ch, pos, min(end, pos + 16))
        if found < 0:
            index.append(min(pos, max(start, end - 1)))
        else:
            index.append(found)
            pos = found + 1
    index.append(min(pos, end))
    return index


def _item(
    path: str,
    position: int,
    raw: Any,
    source: SourceText,
    span: tuple[int, int] | None,
    locations: tuple[tuple[str, int, int], ...] = (),
) -> Source:
    if not isinstance(raw, dict):
        return SourceError(path, f"item is not a mapping with a 'prompt' key (got {type(raw).__name__})", f"#{position}")
    item_id = str(raw["id"]) if raw.get("id") is not None else f"#{position}"
    prompt = raw.get("prompt")
    if not isinstance(prompt, str):
        reason = "has no 'prompt'" if prompt is None else f"'prompt' must be text, got {type(prompt).__name__}"
        return SourceError(path, f"item {reason}", item_id)
    if not prompt.strip():
        return SourceError(path, "empty prompt", item_id)
    try:
        params = _params({k: v for k, v in raw.items() if k not in ("id", "prompt")}, locations)
    except ValueError as exc:
        return SourceError(path, str(exc), item_id)
    origin = Origin(source, index=_align(prompt, source.text, *span)) if span else Origin(source)
    return Prompt(path, prompt, params, origin, item_id)


def _yaml_collection(path: str, text: str) -> Iterator[Source]:
    # One parse: the node tree gives each prompt's position, and is then built into values.
    yaml = _yaml()
    loader = _loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        yield SourceError(path, f"not valid YAML{where}")
        return
    finally:
        loader.dispose()
    items, nodes = _items(data, node)
    if items is None and _structured(data):
        yield parse_prompt_file(path, text)
        return
    if items is None:
        yield SourceError(path, "not a prompt collection: expected a list of items with 'prompt' (or a 'prompts:' list)")
        return
    source = SourceText(text)
    for n, (raw, item_node) in enumerate(zip(items, nodes, strict=False), start=1):
        span = None
        if isinstance(item_node, yaml.MappingNode):
            for key, value in item_node.value:
                if key.value == "prompt" and isinstance(value, yaml.ScalarNode):
                    span = (value.start_mark.index, value.end_mark.index)
        yield _item(path, n, raw, source, span, _node_locations(item_node))


def _items(data: Any, node: Any) -> tuple[list[Any] | None, list[Any]]:
    yaml = _yaml()
    if isinstance(data, dict) and isinstance(data.get("prompts"), list):
        inner = next((v for k, v in node.value if k.value == "prompts"), None) if node is not None else None
        return data["prompts"], list(inner.value) if isinstance(inner, yaml.SequenceNode) else []
    if isinstance(data, list):
        return data, list(node.value) if isinstance(node, yaml.SequenceNode) else []
    if isinstance(data, dict) and isinstance(data.get("prompt"), str):
        return [data], [node] if node is not None else []   # one item: {"prompt": "...", "seconds": 8}
    return None, []


def _structured(data: Any) -> bool:
    """A structured prompt written as one object: keys that name the guide's layers
    ({"scene": ..., "camera": ..., "lighting": ...}), linted as the prompt's text."""
    if not isinstance(data, dict):
        return False
    return sum(1 for key in data if isinstance(key, str) and layer_of(key.replace("_", " ")) in LAYERS) >= 2


_JSON_PROMPT = re.compile(r'"prompt"\s*:\s*"')
_JSON_PARAM = re.compile(r'"(model|size|seconds|input_reference|remix_id|target)"\s*:\s*("(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?)')


def _json_string_end(text: str, start: int) -> int:
    """Offset just past the closing quote of the JSON string opening at ``start``."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    return len(text)


def _json_collection(path: str, text: str) -> Iterator[Source]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield SourceError(path, f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")
        return
    items, _ = _items(data, None)
    if items is None and _structured(data):
        yield parse_prompt_file(path, text)
        return
    if items is None:
        yield SourceError(path, "not a prompt collection: expected a list of items with 'prompt' (or a 'prompts' list)")
        return
    pos = 0
    source = SourceText(text)
    for n, raw in enumerate(items, start=1):
        span = None
        if isinstance(raw, dict) and isinstance(raw.get("prompt"), str) and (m := _JSON_PROMPT.search(text, pos)):
            end = _json_string_end(text, m.end() - 1)
            span = (m.end(), end - 1)
            pos = end
        yield _item(path, n, raw, source, span)


def _jsonl_collection(path: str, text: str) -> Iterator[Source]:
    offset = 0
    source = SourceText(text)
    for n, line in enumerate(text.splitlines(keepends=True), start=1):
        start = offset
        offset += len(line)
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(path, f"line {n} is not valid JSON (column {exc.colno}): {exc.msg}", f"#{n}")
            continue
        span = None
        if m := _JSON_PROMPT.search(line):
            span = (start + m.end(), start + _json_string_end(line, m.end() - 1) - 1)
        yield _item(path, n, raw, source, span, _json_locations(text, start, offset))


def parse_source(path: str, data: bytes) -> Iterator[Source]:
    try:
        text = decode(path, data)
    except ValueError as exc:
        yield SourceError(path, str(exc))
        return
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        yield from _yaml_collection(path, text)
    elif suffix == ".json":
        yield from _json_collection(path, text)
    elif suffix == ".jsonl":
        yield from _jsonl_collection(path, text)
    else:
        yield parse_prompt_file(path, text)


def read_path(path: Path, shown: str) -> Iterator[Source]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield SourceError(shown, "no such file or directory")
        return
    except IsADirectoryError:
        yield SourceError(shown, "is a directory")
        return
    except PermissionError:
        yield SourceError(shown, "permission denied")
        return
    except OSError as exc:
        yield SourceError(shown, f"cannot be read ({exc.strerror or exc})")
        return
    yield from parse_source(shown, data)


# --- discovery -----------------------------------------------------------------------


class _Ignores:
    """.gitignore files from the repository root down, as git applies them.

    Each folder's patterns, and whether it is a repository root, are read once per run.
    """

    def __init__(self) -> None:
        self._specs: dict[Path, tuple[Any, bool]] = {}
        self._chains: dict[Path, list[tuple[Path, Any]]] = {}
        self._absolute: dict[Path, Path] = {}

    def _folder(self, folder: Path) -> tuple[Any, bool]:
        if folder not in self._specs:
            is_root = (folder / ".git").exists()
            lines: list[str] = []
            for name in (".gitignore", ".git/info/exclude") if is_root else (".gitignore",):
                try:
                    lines += (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            spec = None
            if lines:
                import pathspec

                spec = pathspec.GitIgnoreSpec.from_lines(lines)
            self._specs[folder] = (spec, is_root)
        return self._specs[folder]

    def _chain(self, folder: Path) -> list[tuple[Path, Any]]:
        """The .gitignore specs that apply inside ``folder``: its own and its parents' up to the repository root."""
        chain = self._chains.get(folder)
        if chain is None:
            spec, is_root = self._folder(folder)
            chain = [] if is_root or folder.parent == folder else self._chain(folder.parent)
            if spec is not None:
                chain = [(folder, spec), *chain]
            self._chains[folder] = chain
        return chain

    def ignored(self, path: Path, is_dir: bool) -> bool:
        parent = self._absolute.get(path.parent)
        if parent is None:
            parent = self._absolute[path.parent] = path.parent.absolute()
        chain = self._chain(parent)
        if not chain:
            return False
        path = parent / path.name
        for folder, spec in chain:
            rel = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


@functools.lru_cache(maxsize=64)
def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """All of ``patterns`` as one regular expression, each also matching the folder it names."""
    parts = [fnmatch.translate(p) for p in patterns] + [fnmatch.translate(p.rstrip("/") + "/*") for p in patterns]
    return re.compile("|".join(f"(?:{part})" for part in parts) or "(?!)")


def _matches(name: str, rel: str, patterns: Sequence[str]) -> bool:
    """fnmatch semantics (case-sensitive) against the name or the relative path."""
    compiled = _pattern(tuple(patterns))
    return compiled.match(name) is not None or compiled.match(rel) is not None


def excluded_file(path: Path, config: Config, exclude: Sequence[str] = (), use_gitignore: bool = True) -> bool:
    """Whether a file named on the command line is one the configuration excludes
    (``--force-exclude``: pre-commit and editors name files one by one)."""
    try:
        rel = path.absolute().relative_to(config.root.absolute()).as_posix()
    except ValueError:
        rel = path.as_posix()
    patterns = tuple(DEFAULT_EXCLUDE) + config.exclude + tuple(exclude)
    if _matches(path.name, rel, patterns) or any(_matches(part, part, patterns) for part in Path(rel).parts[:-1]):
        return True
    return config.respect_gitignore and use_gitignore and _Ignores().ignored(path, False)


def walk(
    raw: str, config: Config, exclude: Sequence[str] = (), use_gitignore: bool = True,
) -> Iterator[tuple[Path, str] | SourceError]:
    """The files one command-line path names, as its configuration selects them.

    The config's ``include``/``exclude``/``respect-gitignore`` apply, plus ``exclude`` from
    the command line; ``use_gitignore=False`` is ``--no-gitignore``. A file named directly is
    always linted (``excluded_file`` tells ``--force-exclude`` otherwise).
    """
    return discover(
        [raw], exclude=config.exclude + tuple(exclude), include=config.include or DEFAULT_INCLUDE,
        respect_gitignore=config.respect_gitignore and use_gitignore,
    )


def warn_no_files(raw: str) -> None:
    """What a command says of a path under which it found no prompt file."""
    print(f"splint: warning: no prompt files found under {raw}", file=sys.stderr)


def files(
    paths: Sequence[str], config_for: Callable[[str], Config], exclude: Sequence[str] = (), use_gitignore: bool = True,
    on_empty: Callable[[str], None] | None = None,
) -> Iterator[tuple[Path, str] | SourceError | str]:
    """Every file the command-line paths name, in order and each once; ``"-"`` (stdin) passes
    through as it is, and ``on_empty`` hears of a path under which no prompt file was found."""
    seen: set[Path] = set()
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        found_any = False
        for found in walk(raw, config_for(raw), exclude, use_gitignore):
            found_any = True
            if not isinstance(found, SourceError):
                if (resolved := found[0].resolve()) in seen:
                    continue          # a file named twice is handled once
                seen.add(resolved)
            yield found
        if not found_any and on_empty is not None:
            on_empty(raw)


def discover(
    paths: Iterable[str],
    exclude: Sequence[str] = (),
    include: Sequence[str] = DEFAULT_INCLUDE,
    respect_gitignore: bool = True,
) -> Iterator[tuple[Path, str] | SourceError]:
    """Files to lint, in a stable order. Explicit files are always linted."""
    ignores = _Ignores()
    excluded = tuple(DEFAULT_EXCLUDE) + tuple(exclude)
    for raw in paths:
        root = Path(raw)
        if not root.exists():
            yield SourceError(raw, "no such file or directory")
            continue
        if not root.is_dir():
            yield root, raw
            continue
        found: list[Path] = []
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            keep = []
            for d in sorted(dirs):
                sub = here / d
                rel = sub.relative_to(root).as_posix()
                if d.startswith(".") or _matches(d, rel, excluded):
                    continue
                if respect_gitignore and ignores.ignored(sub, True):
                    continue
                keep.append(d)
            dirs[:] = keep
            for f in files:
                file = here / f
                rel = file.relative_to(root).as_posix()
                if f.startswith(".") or not _matches(f, rel, include) or _matches(f, rel, excluded):
                    continue
                if respect_gitignore and ignores.ignored(file, False):
                    continue
                found.append(file)
        for file in sorted(found):
            yield file, str(file)
