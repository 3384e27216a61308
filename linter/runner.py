"""Run the selected rules over analysed prompts, in source order."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING

from splint.linter.config import Config
from splint.linter.errors import SplintError
from splint.linter.source import Source, SourceError
from splint.linter.types import Diagnostic, Origin, Prompt, Settings, Severity
from splint.rules import RULES, data, resolve

if TYPE_CHECKING:
    from splint.linter.cache import LintCache
    from splint.linter.analysis import Analysis

DEFAULT_TARGET = "sora-2"


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line says; it overrides the configuration files."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    path: str
    item_id: str | None
    origin: Origin | None
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
    target: str | None = None
    # The prompt's analysis, when ``lint(keep_analysis=True)`` was asked for it (the rewriter
    # reads subjects and spoken lines from it instead of analysing the text a second time).
    analysis: Analysis | None = field(default=None, compare=False, repr=False)


@dataclass
class _Plan:
    prompt: Prompt
    rules: list[tuple[ModuleType, Severity]] = field(default_factory=list)
    settings: Settings | None = None
    key: str | None = None          # its lint-cache key


def _cache_parts(planned: _Plan) -> list[object]:
    """What a prompt's diagnostics depend on, besides splint's own code and data."""
    prompt, settings = planned.prompt, planned.settings
    assert settings is not None
    return [prompt.path, prompt.item_id, prompt.origin.source.text, prompt.text, repr(prompt.params),
            sorted((module.META.code, level.label) for module, level in planned.rules),
            settings.profile.model, settings.seconds, settings.seconds_from]


def _target(prompt: Prompt, options: Options, config: Config) -> str:
    from splint.rules.common import model_ids

    for candidate in (options.target, prompt.params.target):
        if candidate is not None:
            return candidate
    if prompt.params.model is not None and (name := model_ids().get(prompt.params.model.strip().lower())):
        return name
    return config.target or DEFAULT_TARGET


def plan(prompt: Prompt, options: Options, config: Config) -> _Plan | str:
    """Which rules run on this prompt and with what settings; a string is an error."""
    name = _target(prompt, options, config)
    if name not in data.profile_names():
        return f"unknown target '{name}' (known: {', '.join(data.profile_names())})"
    profile = data.profile(name)
    codes = list(options.select if options.select is not None else config.select or RULES)
    codes += [c for c in options.extend_select if c not in codes]
    off = set(options.ignore) | set(config.ignore) | config.ignored_for(prompt.path)
    for rule_name in prompt.params.ignore:
        module = resolve(rule_name)
        if module is None:
            return f"front matter: ignore: unknown rule '{rule_name}' (`splint rules` lists them)"
        off.add(module.META.code)
    result = _Plan(prompt)
    for code in codes:
        if code in off:
            continue
        module = RULES[code]
        level: Severity | None = module.META.severity
        by_profile = profile.rules.get(module.META.name) or profile.rules.get(code)
        if by_profile is not None:
            level = None if by_profile == "off" else Severity.parse(by_profile)
        if code in config.severity:
            level = config.severity[code]
        if level is not None:
            result.rules.append((module, level))
    if prompt.params.seconds is not None:
        result.settings = Settings(profile, prompt.params.seconds, "front matter")
    else:
        result.settings = Settings(profile, profile.default_seconds, "profile default")
    return result


def lint(
    sources: Iterable[Source],
    options: Options,
    config_for: Callable[[str], Config] | None = None,
    batch_size: int = 64,
    keep_analysis: bool = False,
    cache: LintCache | None = None,
) -> Iterator[Result]:
    """Lint sources in order; errors pass through as results with ``error`` set.

    A prompt that no rule applies to is not analysed, so ``analysis`` stays None for it.
    With a ``cache`` (and no ``keep_analysis``), a prompt whose entry is there is not
    analysed either: its diagnostics come from the cache.
    """
    from splint.linter import config as config_module

    get_config = config_for or config_module.Resolver()
    items: list[Source | _Plan | Result] = []
    for source in sources:
        if isinstance(source, SourceError):
            items.append(Result(source.path, source.item_id, None, error=source.message))
            continue
        try:
            planned = plan(source, options, get_config(source.path))
        except SplintError as exc:
            items.append(Result(source.path, source.item_id, source.origin, error=str(exc)))
            continue
        if isinstance(planned, str):
            items.append(Result(source.path, source.item_id, source.origin, error=planned))
        elif not planned.rules:
            items.append(Result(source.path, source.item_id, source.origin, target=planned.settings.profile.model))
        elif cache is not None and not keep_analysis:
            planned.key = cache.key(_cache_parts(planned))
            hit = cache.get(planned.key)
            if hit is None:
                items.append(planned)
            else:
                items.append(Result(source.path, source.item_id, source.origin, hit[0], target=hit[1]))
        else:
            items.append(planned)
    plans = [p for p in items if isinstance(p, _Plan)]
    analysed = iter(())
    if plans:
        from splint.linter.analysis import analyse

        analysed = analyse((p.prompt for p in plans), batch_size=batch_size)
    for item in items:
        if isinstance(item, Result):
            yield item
            continue
        assert isinstance(item, _Plan) and item.settings is not None
        analysis = next(analysed)
        settings = item.settings
        if item.prompt.params.seconds is None and analysis.duration is not None:
            settings = replace(settings, seconds=analysis.duration.seconds, seconds_from="prompt")
        found: list[Diagnostic] = []
        for module, level in item.rules:
            for diagnostic in module.check(analysis, settings):
                found.append(diagnostic if diagnostic.severity == level else replace(diagnostic, severity=level))
        origin = item.prompt.origin
        found.sort(key=lambda d: (d.span.start if d.in_file else origin.file_offset(d.span.start), d.code))
        if cache is not None and item.key is not None:
            cache.put(item.key, tuple(found), settings.profile.model)
        yield Result(item.prompt.path, item.prompt.item_id, item.prompt.origin, tuple(found),
                     target=settings.profile.model, analysis=analysis if keep_analysis else None)


def worst(results: Sequence[Result]) -> Severity | None:
    levels = [d.severity for r in results for d in r.diagnostics]
    return max(levels) if levels else None
