"""splint: lint text-to-video prompts, and see how they were read.

The front door for code that builds prompts: plain data in, plain data out, nothing to set up
first. The command line runs the same engine.

    >>> import splint
    >>> [d.rule for d in splint.lint_text("car chase, night, rain, neon, fast, exciting")]
    ['missing-duration', 'keyword-list', ...]

``lint_text`` lints one prompt, ``lint_many`` a stream of them (the English pipeline is
loaded once per process), ``lint_paths`` files, folders and collections as ``splint check``
reads them, each file with its nearest configuration unless ``settings`` is given.
"""
from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from splint.linter.config import Config, Resolver, load_file, rule_codes
from splint.linter.errors import SplintError
from splint.linter.runner import Options, Result, lint
from splint.linter.source import SourceError, params_from, parse_prompt_file, read_path, walk
from splint.linter.types import Diagnostic, Params, Prompt, Severity, Span

try:
    __version__ = version("splint")
except PackageNotFoundError:    # run from a source tree that was never installed
    __version__ = "0+unknown"

FileResult = Result
"""One prompt's results: ``path``, ``item_id`` (a collection item's id), ``diagnostics`` and
``error`` (a line saying why the input could not be linted, or None)."""

__all__ = [
    "Config",
    "Diagnostic",
    "FileResult",
    "Rewritten",
    "Severity",
    "Span",
    "SplintError",
    "__version__",
    "lint_many",
    "lint_paths",
    "lint_text",
    "load_settings",
    "rewrite",
]


def load_settings(path: str | Path | None = None) -> Config:
    """The settings in a ``splint.toml``, or in a ``pyproject.toml``'s ``[tool.splint]``.

    None gives the defaults. Raises ``SplintError`` (one line, naming the file) for a file that
    cannot be read or is not valid.
    """
    if path is None:
        return Config(root=Path.cwd())
    file = Path(path)
    return load_file(file) or Config(root=file.parent)


def _options(select: Sequence[str] | None, ignore: Sequence[str], target: str | None) -> Options:
    return Options(
        select=rule_codes(list(select), "select") if select is not None else None,
        ignore=rule_codes(list(ignore), "ignore"),
        target=target,
    )


def _prompt(text: str, path: str, params: Mapping[str, Any] | None, item_id: str | None = None) -> Prompt:
    parsed = parse_prompt_file(path, text)
    if isinstance(parsed, SourceError):
        raise SplintError(f"{path}: {parsed.message}")
    if params:
        try:
            given = params_from(dict(params))
        except ValueError as exc:
            raise SplintError(f"{path}: params: {exc}") from None
        changes = {f.name: getattr(given, f.name) for f in dataclasses.fields(Params)
                   if f.name not in ("locations", "front_matter") and getattr(given, f.name) != getattr(Params(), f.name)}
        parsed = dataclasses.replace(parsed, params=dataclasses.replace(parsed.params, **changes))
    return dataclasses.replace(parsed, item_id=item_id) if item_id is not None else parsed


def lint_text(
    text: str,
    *,
    path: str | None = None,
    params: Mapping[str, Any] | None = None,
    settings: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    target: str | None = None,
) -> list[Diagnostic]:
    """The diagnostics of one prompt, in the order of the text.

    ``text`` may open with front matter; ``params`` (``seconds``, ``model``, ``size``,
    ``input_reference``, ``remix_id``, ``target``, ``ignore``) set or override its keys.
    ``path`` is what messages and per-file settings see (default ``<text>``). ``select`` and
    ``ignore`` take rule codes or names (or ``ALL``), as the command line does. Raises
    ``SplintError`` for a prompt that cannot be read (a front matter that is not valid YAML,
    an unknown parameter, an unknown target).
    """
    [diagnostics] = lint_many([text], path=path, params=params, settings=settings, select=select, ignore=ignore,
                              target=target)
    return diagnostics


def lint_many(
    texts: Iterable[str],
    *,
    path: str | None = None,
    params: Mapping[str, Any] | None = None,
    settings: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    target: str | None = None,
    jobs: int = 1,
) -> Iterator[list[Diagnostic]]:
    """The diagnostics of each prompt, one list per text, in order, as they are ready.

    The texts are read lazily and analysed in batches, so a long stream runs in steady memory;
    ``jobs`` > 1 spreads the batches over worker processes. Arguments as for ``lint_text``;
    a text that cannot be read raises ``SplintError`` when its turn comes.
    """
    shown = path or "<text>"
    config = settings if settings is not None else Config(root=Path.cwd())
    options = _options(select, ignore, target)
    prompts = (_prompt(text, shown, params, item_id=f"#{n}") for n, text in enumerate(texts, start=1))
    for result in lint(prompts, options, config_for=lambda _path: config, jobs=jobs):
        if result.error is not None:
            raise SplintError(f"{shown}: {result.error}")
        yield list(result.diagnostics)


def lint_paths(
    paths: Iterable[str | Path],
    *,
    settings: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    target: str | None = None,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """The results of every prompt under ``paths``, file by file and item by item.

    Folders are walked as ``splint check`` walks them (prompt and collection files, the
    configuration's ``include``/``exclude`` and ``.gitignore`` honoured). Each file is read with
    its nearest ``splint.toml`` unless ``settings`` is given. Bad input does not raise: its
    result carries ``error``, and the other inputs are still linted.
    """
    config_for = (lambda _path: settings) if settings is not None else Resolver()
    options = _options(select, ignore, target)

    def sources() -> Iterator[Any]:
        for raw in paths:
            for found in walk(str(raw), config_for(str(raw))):
                if isinstance(found, SourceError):
                    yield found
                else:
                    yield from read_path(*found)

    yield from lint(sources(), options, config_for=config_for, jobs=jobs)


@dataclass(frozen=True, slots=True)
class Rewritten:
    """What ``rewrite`` made of a draft.

    ``status``: "rewritten" (``text`` is the new prompt, front matter included, and it passes
    the linter), "clean" (the draft already passed: nothing was sent), "refused" (the model
    declined) or "failed" (no answer that passes; ``reason`` says why). ``diagnostics`` are
    the draft's, then ``after`` the new text's.
    """

    status: Literal["rewritten", "clean", "refused", "failed"]
    text: str | None
    reason: str | None
    diagnostics: list[Diagnostic]
    after: list[Diagnostic]


def rewrite(
    text: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    path: str | None = None,
    params: Mapping[str, Any] | None = None,
    settings: Config | None = None,
    target: str | None = None,
    style: Literal["narrative", "labelled"] = "narrative",
    always: bool = False,
    timeout: float = 120.0,
    retries: int = 2,
    cache: bool = True,
) -> Rewritten:
    """A draft rewritten into a five-layer prompt by a model on any OpenAI-compatible server,
    verified with the linter (and repaired once) before it is returned.

    ``model``, ``base_url`` and ``api_key`` default to ``SPLINT_REWRITE_MODEL``,
    ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``. A draft the linter passes is returned as it is
    unless ``always``. Raises ``SplintError`` when it cannot start (no model, no key, an
    unreadable draft); a server that fails gives ``status`` "failed" with a one-line ``reason``.
    """
    # Imported here: the rewriter brings the openai SDK, 1.5 s of imports that linting and
    # the command line's start do without.
    from splint.rewriter.command import make_engine
    from splint.rewriter.verify import Judge
    from splint.rewriter.verify import rewrite as rewrite_draft

    shown = path or "<text>"
    prompt = _prompt(text, shown, params)
    config = settings if settings is not None else Config(root=Path.cwd())
    options = _options(None, (), target)
    [before] = lint([prompt], options, config_for=lambda _path: config, keep_analysis=True)
    if before.error is not None:
        raise SplintError(f"{shown}: {before.error}")
    engine = make_engine(model, base_url, timeout=timeout, retries=retries, use_cache=cache, key=api_key)
    judge = Judge(options, lambda _path: config)

    async def run() -> Any:
        try:
            return await rewrite_draft(prompt, before, engine, judge, style, send_all=always)
        finally:
            await engine.close()

    outcome = asyncio.run(run())
    after = list(outcome.after.diagnostics) if outcome.after is not None else []
    return Rewritten(outcome.status, outcome.document, outcome.reason, list(before.diagnostics), after)
