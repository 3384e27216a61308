"""Run the selected rules over analysed prompts, in source order."""
from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

from splint.linter.config import Config
from splint.linter.errors import SplintError
from splint.linter.source import Source, SourceError
from splint.linter.types import Diagnostic, Origin, Prompt, Settings, Severity, Span

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

DEFAULT_TARGET = "sora-2"
NOT_ENGLISH = "non-english"     # the rule whose line says a prompt was not read as English


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
    # What the rules knew beyond the prompt (the target, the clip length and where it came
    # from), kept with the analysis.
    settings: Settings | None = field(default=None, compare=False, repr=False)


@dataclass
class _Plan:
    prompt: Prompt
    rules: list[tuple[ModuleType, Severity]] = field(default_factory=list)
    settings: Settings | None = None
    notice: Severity | None = None     # the level of the line for a prompt not read as English; None: off


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
    from splint.rules import BY_NAME, RULES, data, resolve

    name = _target(prompt, options, config)
    if name not in data.profile_names():
        return f"unknown target '{name}' (known: {', '.join(data.profile_names())})"
    profile = data.profile(name)
    codes = list(options.select if options.select is not None else config.select or RULES)
    codes += [c for c in options.extend_select if c not in codes]
    # The line that says a prompt was not read as English comes with any selection of a rule that
    # reads the prose (it says why that rule was quiet); only ignoring it turns it off.
    notice = BY_NAME[NOT_ENGLISH].META.code
    if notice not in codes and any(RULES[code].META.reads_english for code in codes):
        codes.append(notice)
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
        if level is not None and module.META.name == NOT_ENGLISH:
            result.notice = level
        elif level is not None:
            result.rules.append((module, level))
    if prompt.params.seconds is not None:
        result.settings = Settings(profile, prompt.params.seconds, "front matter")
    else:
        result.settings = Settings(profile, profile.default_seconds, "profile default")
    return result


CHUNK = 128        # prompts handed to the analysis (or to one worker process) at a time


def _prepare(source: Source | Result, options: Options, get_config: Callable[[str], Config]) -> _Plan | Result:
    """A Result for what needs no analysis (errors, no rules, results already known); else the plan."""
    if isinstance(source, Result):
        return source
    if isinstance(source, SourceError):
        return Result(source.path, source.item_id, None, error=source.message)
    try:
        planned = plan(source, options, get_config(source.path))
    except SplintError as exc:
        return Result(source.path, source.item_id, source.origin, error=str(exc))
    if isinstance(planned, str):
        return Result(source.path, source.item_id, source.origin, error=planned)
    assert planned.settings is not None
    if not planned.rules and planned.notice is None:
        return Result(source.path, source.item_id, source.origin, target=planned.settings.profile.model)
    return planned


def _check(plans: Sequence[_Plan], batch_size: int,
           ) -> Iterator[tuple[tuple[Diagnostic, ...], str, Analysis | None, Settings]]:
    """Analyse the planned prompts (one spaCy pass, batched) and run their rules.

    A prompt that is not English is not parsed: only the rules that do not read its prose run,
    on its layout and parameters, and one line says so (``rules/non_english.py``). The analysis
    of a prompt that was not parsed is None, as for a prompt no rule applies to.
    """
    from splint.linter.analysis import analyse
    from splint.linter.language import not_english
    from splint.rules import BY_NAME

    languages = [not_english(p.prompt.text) for p in plans]     # None: English
    # Only English prompts are parsed, and only when a rule is to read them.
    read = [language is None and bool(p.rules) for p, language in zip(plans, languages, strict=True)]
    parsed = analyse((p.prompt for p, parse in zip(plans, read, strict=True) if parse), batch_size=batch_size)
    for item, language, was_read in zip(plans, languages, read, strict=True):
        assert item.settings is not None
        settings = item.settings
        if language is None and not item.rules:     # English, and only the notice was asked for
            yield (), settings.profile.model, None, settings
            continue
        rules = item.rules
        if was_read:
            analysis = next(parsed)
            if item.prompt.params.seconds is None and analysis.duration is not None:
                settings = replace(settings, seconds=analysis.duration.seconds, seconds_from="prompt")
        else:
            analysis = _unparsed(item.prompt)
            rules = [(module, level) for module, level in item.rules if not module.META.reads_english]
        found: list[Diagnostic] = []
        for module, level in rules:
            for diagnostic in module.check(analysis, settings):
                found.append(diagnostic if diagnostic.severity == level else replace(diagnostic, severity=level))
        if language is not None and item.notice is not None:
            found.append(replace(BY_NAME[NOT_ENGLISH].notice(analysis, language), severity=item.notice))
        origin = item.prompt.origin
        found.sort(key=lambda d: (d.span.start if d.in_file else origin.file_offset(d.span.start), d.code))
        yield tuple(found), settings.profile.model, analysis if was_read else None, settings


def _unparsed(prompt: Prompt) -> Analysis:
    """What the rules that do not read prose need of a prompt that is not parsed: its layout
    (labelled lines, the template's parameter lines) and its parameters; no prose facts."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab
    from splint.linter.analysis import Analysis
    from splint.linter.structure import analyse_structure

    structure = analyse_structure(prompt.text)
    layers: dict[str, list[Span]] = {}
    for line in structure.lines:
        if line.layer is None or (line.label is None and line.content.end <= line.content.start):
            continue
        spans = layers.setdefault(line.layer, [])
        if line.content.end > line.content.start:
            spans.append(line.content)
    return Analysis(prompt=prompt, doc=Doc(Vocab()), structure=structure, units=(),
                    layers={layer: tuple(spans) for layer, spans in layers.items()}, sound=(), light=(),
                    lighting_layer=(), actions=(), duration=None)


# --- worker processes ---------------------------------------------------------------------

_POOL: Any = None
_POOL_SIZE = 0


def _worker_start() -> None:
    from splint.linter.analysis import pipeline

    pipeline()          # each worker loads the model once, before its first chunk


def _worker(work: list[tuple[Prompt, list[tuple[str, Severity]], Settings, Severity | None]], batch_size: int,
            ) -> list[tuple[tuple[Diagnostic, ...], str]]:
    """One chunk in a worker process: rules travel as codes (modules do not pickle)."""
    from splint.rules import RULES

    plans = [_Plan(prompt, [(RULES[code], level) for code, level in rules], settings, notice)
             for prompt, rules, settings, notice in work]
    return [(found, target) for found, target, _analysis, _settings in _check(plans, batch_size)]


def _pool(jobs: int) -> Any:
    """The worker processes, started once per process and kept for later calls (LSP, benchmarks)."""
    global _POOL, _POOL_SIZE
    if _POOL is None or _POOL_SIZE != jobs:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if _POOL is not None:
            _POOL.shutdown(cancel_futures=True)
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        _POOL = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_worker_start)
        _POOL_SIZE = jobs
        atexit.register(_POOL.shutdown, cancel_futures=True)
    return _POOL


def _drop_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=False, cancel_futures=True)
        _POOL = None


def lint(
    sources: Iterable[Source | Result],
    options: Options,
    config_for: Callable[[str], Config] | None = None,
    batch_size: int = 64,
    keep_analysis: bool = False,
    jobs: int = 1,
) -> Iterator[Result]:
    """Lint sources in order, streaming; errors pass through as results with ``error`` set.

    Sources are taken ``CHUNK`` at a time, so a 50,000-item collection never sits in memory
    whole. A prompt that no rule applies to is not analysed (``analysis`` stays None), and a
    Result among the sources (the lint cache's) passes through as it is. With ``jobs`` > 1, once there is more than one chunk of prompts to analyse, chunks go to
    that many worker processes; results come back in input order, identical to one process.
    """
    from splint.linter import config as config_module

    get_config = config_for or config_module.Resolver()
    in_flight: collections.deque[tuple[list[_Plan | Result], Any]] = collections.deque()

    def finish(items: list[_Plan | Result],
               found: Iterable[tuple[tuple[Diagnostic, ...], str, Analysis | None, Settings | None]],
               ) -> Iterator[Result]:
        checked = iter(found)
        for item in items:
            if isinstance(item, Result):
                yield item
                continue
            diagnostics, target, analysis, settings = next(checked)
            prompt = item.prompt
            yield Result(prompt.path, prompt.item_id, prompt.origin, diagnostics, target=target,
                         analysis=analysis if keep_analysis else None, settings=settings if keep_analysis else None)

    workers_ok = True

    def collect() -> Iterator[Result]:
        """The oldest chunk at the workers; if they died (killed, out of memory), done here instead."""
        from concurrent.futures import BrokenExecutor

        nonlocal workers_ok
        done_items, future = in_flight.popleft()
        found: list[tuple[tuple[Diagnostic, ...], str, Analysis | None, Settings | None]]
        try:
            found = [(f, t, None, None) for f, t in future.result()]
        except BrokenExecutor:
            workers_ok = False
            _drop_pool()
            found = list(_check([i for i in done_items if isinstance(i, _Plan)], batch_size))
        yield from finish(done_items, found)

    def run(items: list[_Plan | Result], last: bool) -> Iterator[Result]:
        plans = [i for i in items if isinstance(i, _Plan)]
        parallel = workers_ok and jobs > 1 and not keep_analysis and plans and (in_flight or not last)
        if parallel:
            from concurrent.futures import BrokenExecutor

            work = [(p.prompt, [(m.META.code, level) for m, level in p.rules], p.settings, p.notice) for p in plans]
            try:
                in_flight.append((items, _pool(jobs).submit(_worker, work, batch_size)))
            except BrokenExecutor:
                _drop_pool()
                parallel = False
        if not parallel:
            while in_flight:   # what went to the workers comes out first
                yield from collect()
            yield from finish(items, _check(plans, batch_size))
            return
        while len(in_flight) > 2 * jobs or (last and in_flight):
            yield from collect()

    chunk: list[_Plan | Result] = []
    pending = 0
    for source in sources:
        item = _prepare(source, options, get_config)
        chunk.append(item)
        pending += isinstance(item, _Plan)
        if pending >= CHUNK:
            yield from run(chunk, last=False)
            chunk, pending = [], 0
    yield from run(chunk, last=True)


def worst(results: Sequence[Result]) -> Severity | None:
    levels = [d.severity for r in results for d in r.diagnostics]
    return max(levels) if levels else None
