"""Configuration: ``[tool.splint]`` in pyproject.toml or a ``splint.toml``.

Found by walking up from each linted file, as ruff does: the nearest ``splint.toml``, or
``pyproject.toml`` with a ``[tool.splint]`` table, wins; a pyproject.toml without one is
passed over. Every key and rule name is checked: a typo is an error, never silence.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal

from splint.linter.errors import ConfigError
from splint.linter.types import Severity

SeverityName = Literal["info", "warning", "error", "off"]


@functools.cache
def _config_model() -> Any:
    """The pydantic model, built on first use (a cached re-check never needs pydantic)."""
    from pydantic import BaseModel, ConfigDict, Field

    class _ConfigModel(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True)

        select: list[str] | None = None
        ignore: list[str] = Field(default_factory=list)
        severity: dict[str, SeverityName] = Field(default_factory=dict)
        per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
        target: str | None = None
        exclude: list[str] = Field(default_factory=list)
        include: list[str] | None = None
        fail_on: Literal["info", "warning", "error"] | None = Field(None, alias="fail-on")
        respect_gitignore: bool = Field(True, alias="respect-gitignore")

    return _ConfigModel


@dataclass(frozen=True, slots=True)
class Config:
    """A validated configuration and the folder its globs are relative to."""

    root: Path
    source: str | None = None
    select: tuple[str, ...] | None = None          # rule codes
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity | None] = field(default_factory=dict)   # None = off
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    target: str | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] | None = None
    fail_on: Severity | None = None
    respect_gitignore: bool = True

    def ignored_for(self, path: str) -> set[str]:
        if not self.per_file_ignores:
            return set()
        try:
            rel = Path(path).absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            rel = Path(path).as_posix()
        name = Path(path).name
        out: set[str] = set()
        for pattern, codes in self.per_file_ignores:
            if fnmatchcase(rel, pattern) or fnmatchcase(name, pattern):
                out.update(codes)
        return out


def rule_codes(names: list[str], where: str) -> tuple[str, ...]:
    from splint.rules import RULES, resolve

    codes: list[str] = []
    for name in names:
        if name.upper() == "ALL":
            codes.extend(RULES)
            continue
        module = resolve(name)
        if module is None:
            raise ConfigError(f"{where}: unknown rule '{name}' (`splint rules` lists them)")
        codes.append(module.META.code)
    return tuple(codes)


def _build(raw: object, root: Path, where: str) -> Config:
    from pydantic import ValidationError

    try:
        model = _config_model().model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"{where}: unknown key '{key}'") from None
        raise ConfigError(f"{where}: {key}: {err['msg']}") from None
    severity: dict[str, Severity | None] = {}
    for name, level in model.severity.items():
        (code,) = rule_codes([name], f"{where}: severity")
        severity[code] = None if level == "off" else Severity.parse(level)
    if model.target is not None:
        from splint.rules import data

        if model.target not in data.profile_names():
            raise ConfigError(f"{where}: target: unknown target '{model.target}' (`splint targets` lists them)")
    return Config(
        root=root,
        source=where,
        select=rule_codes(model.select, f"{where}: select") if model.select is not None else None,
        ignore=rule_codes(model.ignore, f"{where}: ignore"),
        severity=severity,
        per_file_ignores=tuple(
            (glob, rule_codes(names, f"{where}: per-file-ignores")) for glob, names in model.per_file_ignores.items()
        ),
        target=model.target,
        exclude=tuple(model.exclude),
        include=tuple(model.include) if model.include is not None else None,
        fail_on=Severity.parse(model.fail_on) if model.fail_on else None,
        respect_gitignore=model.respect_gitignore,
    )


def load_file(path: Path) -> Config | None:
    """The config in one file; None for a pyproject.toml without ``[tool.splint]``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = doc.get("tool", {}).get("splint")
        if table is None:
            return None
        return _build(table, path.parent, f"{path} [tool.splint]")
    return _build(doc, path.parent, str(path))


class Resolver:
    """Finds the configuration for each path, reading each folder once per run.

    The cache lives as long as the resolver, so a long-lived process (an editor's language
    server, a test session) sees a config file that was added or edited since.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Config] = {}

    def _for_folder(self, folder: Path) -> Config:
        if folder not in self._folders:
            found: Config | None = None
            for candidate in (folder / "splint.toml", folder / "pyproject.toml"):
                if candidate.is_file():
                    found = load_file(candidate)
                    if found is not None:
                        break
            if found is None:
                found = self._for_folder(folder.parent) if folder.parent != folder else Config(root=Path.cwd())
            self._folders[folder] = found
        return self._folders[folder]

    def __call__(self, path: str | Path) -> Config:
        """The configuration that governs a file (or folder): the nearest one above it."""
        p = Path(path).absolute()
        return self._for_folder(p if p.is_dir() else p.parent)
