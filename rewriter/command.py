"""The body of ``splint rewrite`` and ``splint cache``; the click options live in ``splint/cli.py``."""
from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import click
from splint.linter import source
from splint.linter.config import Config
from splint.linter.errors import RewriteError
from splint.linter.runner import Options
from splint.linter.types import Severity
from splint.rewriter import batch
from splint.rewriter.cache import Cache
from splint.rewriter.engine import DEFAULT_BASE_URL, Engine, api_key, valid_url
from splint.rewriter.generation import orders as generate
from splint.rewriter.schema import RenderStyle
from splint.rewriter.verify import Judge, Outcome


@dataclass(frozen=True, slots=True)
class Request:
    paths: tuple[str, ...]
    fmt: str
    diff: bool
    write: bool
    backup: bool
    send_all: bool
    style: RenderStyle
    base_url: str | None
    model: str | None
    jobs: int
    timeout: float
    retries: int
    max_tokens: int
    use_cache: bool
    fail_on: str | None
    exclude: tuple[str, ...]
    stdin_filename: str | None
    no_gitignore: bool
    quiet: bool
    generate: generate.Settings | None = None   # rewrite --generate: where and how the videos go


def engine_for(request: Request) -> Engine:
    return make_engine(request.model, request.base_url, timeout=request.timeout, retries=request.retries,
                       max_tokens=request.max_tokens, use_cache=request.use_cache)


def make_engine(
    model: str | None, base_url: str | None, *, timeout: float = 120.0, retries: int = 2, max_tokens: int = 4096,
    use_cache: bool = True, key: str | None = None,
) -> Engine:
    """The rewriting model's client: the model and server given, else from the environment
    (``SPLINT_REWRITE_MODEL``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``)."""
    model = model or os.environ.get("SPLINT_REWRITE_MODEL")
    if not model:
        raise RewriteError("no rewrite model named; pass --model or set SPLINT_REWRITE_MODEL")
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    if not valid_url(base_url):
        raise RewriteError("--base-url must be an http:// or https:// URL with a host and a port up to 65535")
    if key is None:
        key = api_key(base_url, ("OPENAI_API_KEY",),
                      "OPENAI_API_KEY is not set; export it, or name another server with --base-url")
    return Engine(model, key, base_url, timeout=timeout, max_retries=retries, max_tokens=max_tokens,
                  cache=Cache() if use_cache else None)


def _jobs(request: Request, config_for: Callable[[str], Config]) -> Iterator[batch.Job]:
    found_files = source.files(request.paths, config_for, request.exclude, not request.no_gitignore,
                               source.warn_no_files)
    for found in found_files:
        if found == "-":
            shown = request.stdin_filename or "-"
            for item in source.parse_source(shown, sys.stdin.buffer.read()):
                yield batch.Job(item)
            continue
        if isinstance(found, source.SourceError):
            yield batch.Job(found)
            continue
        path, shown = found
        try:
            data = path.read_bytes()
        except OSError:
            yield from (batch.Job(item) for item in source.read_path(path, shown))
            continue
        writable = path.suffix.lower() in source.PROMPT_SUFFIXES
        for item in source.parse_source(shown, data):
            yield batch.Job(item, path if writable else None, data.startswith(b"\xef\xbb\xbf"), data)


def run(request: Request, options: Options, config_for: Callable[[str], Config]) -> int:
    if request.diff and request.write:
        raise click.UsageError("--diff previews the rewrite and --write applies it; use one")
    if request.diff and request.fmt == "json":
        raise click.UsageError("--diff prints a unified diff; it cannot be combined with --format json")
    if request.write and "-" in request.paths:
        raise click.UsageError("--write cannot write to stdin; leave it out to print the rewrite")
    if request.jobs < 1:
        raise click.BadParameter("must be at least 1", param_hint="--jobs")
    if request.generate is not None and (request.diff or request.fmt == "json"):
        raise click.UsageError("--generate prints what it generated; it cannot be combined with --diff or --format json")
    engine = engine_for(request)
    fail_on = Severity.parse(request.fail_on) if request.fail_on else None
    judge = Judge(options, config_for, fail_on)
    jobs = list(_jobs(request, config_for))
    progress = request.fmt == "text" and not request.quiet and sys.stderr.isatty()
    write_errors: list[str] = []
    written: list[str] = []
    unwritten: set[int] = set()            # id() of outcomes --write could not save

    def done(job: batch.Job, entry: Outcome) -> None:
        if not request.write or entry.status != "rewritten":
            return
        if job.file is None:
            write_errors.append(f"{batch.where(entry)}: not written: items of a collection are left as written; "
                                "use --format json")
            unwritten.add(id(entry))
            return
        line, failed = batch.write(entry, job, request.backup)
        (write_errors if failed else written).append(line)
        if failed:
            unwritten.add(id(entry))

    entries = asyncio.run(batch.run_all(
        jobs, judge, engine, request.style, request.send_all, request.jobs, progress, done if request.write else None))

    shown: list[tuple[str, str]] = []
    for entry in entries:
        if not isinstance(entry, Outcome):
            click.echo(f"{batch.where(entry)}: {entry.error}", err=True)
            continue
        if entry.status in ("refused", "failed"):
            click.echo(f"{batch.where(entry)}: {entry.status}: {entry.reason}", err=True)
        if entry.status != "rewritten" or request.write:
            continue
        if request.diff:
            shown.append((batch.where(entry), batch.diff(entry)))
        else:
            assert entry.document is not None and entry.body is not None
            shown.append((batch.where(entry), entry.body if entry.item_id is not None else entry.document))
    for line in written if not request.quiet else ():
        click.echo(line, err=True)
    for line in write_errors:
        click.echo(line, err=True)

    if request.fmt == "json":
        click.echo(batch.to_json(entries, engine), nl=False)
    elif request.diff:
        click.echo("".join(text for _, text in shown), nl=False)
    elif not request.write and request.generate is None:
        only_stdin = request.paths == ("-",) and len(entries) == 1
        if only_stdin and isinstance(entries[0], Outcome) and entries[0].status == "clean":
            # A filter prints its input when there is nothing to change.
            shown.append(("-", entries[0].draft.origin.source.text))
        for i, (label, text) in enumerate(shown):
            if len(shown) > 1:
                click.echo(f"{'' if i == 0 else chr(10)}==> {label} <==")
            click.echo(text, nl=not text.endswith("\n"))
    if not request.quiet and request.fmt == "text":
        click.echo(batch.summary_line(entries), err=True)

    counts = batch.counts(entries)
    code = 2 if counts["errors"] or write_errors else 3 if counts["failed"] else 1 if counts["refused"] else 0
    if request.generate is not None:
        code = _worse(code, _generate(entries, judge, request.generate, unwritten))
    return code


def _worse(a: int, b: int) -> int:
    """The exit code that says more: usage/input (2) over server failure (3) over refused (1)."""
    rank = {0: 0, 1: 1, 3: 2, 2: 3}
    return a if rank.get(a, 3) >= rank.get(b, 3) else b


def _generate(entries: list[batch.Entry], judge: Judge, settings: generate.Settings, unwritten: set[int]) -> int:
    """rewrite --generate: every rewritten or already clean prompt goes on to the video server
    (not one whose rewrite --write could not save)."""
    orders: list[generate.Order] = []
    made: list[generate.Made] = []
    for entry in entries:
        if not isinstance(entry, Outcome) or entry.status not in ("rewritten", "clean") or id(entry) in unwritten:
            continue
        if entry.status == "rewritten":
            assert entry.after is not None
            planned = generate.plan(entry.draft, entry.after, judge, settings, entry.body, entry.params)
        else:
            planned = generate.plan(entry.draft, entry.before, judge, settings)
        if isinstance(planned, generate.Made):
            click.echo(f"{planned.label}: {planned.line}", err=True)
            made.append(planned)
        else:
            orders.append(planned)
    if orders:
        generate.check_output(settings)
    if not generate.confirm(orders, settings):
        click.echo("Nothing sent.", err=True)
        return 1
    made += generate.send(orders, settings)
    return generate.report(made, settings)


def clean_cache() -> str:
    cache = Cache()
    try:
        removed = cache.clean()
    except OSError as exc:
        raise RewriteError(f"{cache.root}: cannot remove the cache ({exc.strerror or exc})") from None
    return f"Removed {removed} cached response{'s' if removed != 1 else ''} from {cache.root}"
