"""The ``splint`` command line. User errors end as one line on stderr, never a traceback."""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from splint.linter import reporters
from splint.linter.errors import ConfigError, SplintError
from splint.linter.types import Severity

if TYPE_CHECKING:
    from splint.linter.config import Config
    from splint.linter.runner import Options

FORMATS = ("text", "json")
CHECK_FORMATS = tuple(reporters.REPORTERS)


def _codes(values: Sequence[str], option: str) -> tuple[str, ...]:
    from splint.linter.config import rule_codes

    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    try:
        return rule_codes(names, option)
    except ConfigError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"{option}: "), param_hint=option) from None


def _docs(module: object) -> tuple[str, str]:
    doc = (getattr(module, "__doc__", None) or "").strip()
    summary, _, body = doc.partition("\n")
    return summary.strip(), body.strip()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="splint", prog_name="splint")
def cli() -> None:
    """Lint text-to-video prompts (Sora 2 first) before they cost a generation."""


def _rule_options(f: Callable[..., None]) -> Callable[..., None]:
    """--select, --extend-select, --ignore: shared by the commands that lint."""
    for option in reversed((
        click.option("--select", multiple=True, metavar="RULES", help="Only these rules (names or codes, comma-separated)."),
        click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to add to the configured selection."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Rules to turn off (names or codes, comma-separated)."),
    )):
        f = option(f)
    return f


def _input_options(f: Callable[..., None]) -> Callable[..., None]:
    """Which files are read and which configuration applies to them."""
    for option in reversed((
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching files when walking directories."),
        click.option("--stdin-filename", metavar="PATH", help="Name to report (and pick the format by) for `-`."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file for every path."),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
        click.option("--no-gitignore", is_flag=True, help="Also read files that .gitignore excludes."),
    )):
        f = option(f)
    return f


def _judging_options(fail_on_help: str, target_help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--select/--extend-select/--ignore, --fail-on and --target: which rules judge, and how strictly."""

    def add(f: Callable[..., None]) -> Callable[..., None]:
        f = click.option("--target", metavar="MODEL", help=target_help)(f)
        f = click.option("--fail-on", type=click.Choice([s.label for s in Severity]), default=None,
                         help=fail_on_help)(f)
        return _rule_options(f)

    return add


# Options several commands share, declared once.
_debug_option = click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
_retries_option = click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                               help="Retries on timeouts, 429 and 5xx (with backoff).")


@contextlib.contextmanager
def _user_errors(debug: bool = False) -> Iterator[None]:
    """A SplintError ends the command as one line on stderr and its exit code (--debug: the traceback)."""
    try:
        yield
    except SplintError as exc:
        if debug:
            raise
        click.echo(f"splint: {exc}", err=True)
        sys.exit(exc.exit_code)


def _video_options(f: Callable[..., None]) -> Callable[..., None]:
    """Where videos go and what comes with them: shared by generate and rewrite --generate."""
    for option in reversed((
        click.option("-o", "--output-dir", type=click.Path(file_okay=False), default=".", show_default=True,
                     help="Folder for the MP4s and their sidecar JSON."),
        click.option("--thumbnail", is_flag=True, help="Also download each video's thumbnail."),
        click.option("-y", "--yes", is_flag=True, help="Send a batch without asking (needed without a terminal)."),
    )):
        f = option(f)
    return f


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _config_source(isolated: bool, config_path: str | None) -> Callable[[str], Config]:
    from splint.linter import config as config_module

    if isolated:
        fixed = config_module.Config(root=Path.cwd())
        return lambda _path: fixed
    if config_path is not None:
        loaded = config_module.load_file(Path(config_path)) or config_module.Config(root=Path(config_path).parent)
        return lambda _path: loaded
    return config_module.Resolver()


def _options(select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], target: str | None) -> Options:
    from splint.linter.runner import Options

    if target is not None:
        from splint.rules import data

        if target not in data.profile_names():
            raise click.BadParameter(f"unknown target '{target}' (known: {', '.join(data.profile_names())})",
                                     param_hint="--target")
    return Options(
        select=_codes(select, "--select") if select else None,
        extend_select=_codes(extend_select, "--extend-select") if extend_select else (),
        ignore=_codes(ignore, "--ignore") if ignore else (),
        target=target,
    )


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True,
              help="text; json (schema: `splint schema`); github annotations; sarif 2.1.0; junit XML.")
@_judging_options("Lowest severity that makes the exit code 1 [default: warning].",
                  "Check against this target profile (`splint targets`).")
@_input_options
@click.option("-q", "--quiet", is_flag=True, help="Print diagnostics only: no excerpts, no summary.")
@click.option("--statistics", is_flag=True, help="Count diagnostics per rule instead of listing them.")
@click.option("--no-cache", is_flag=True, help="Lint every prompt again instead of reading .splint_cache/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that analyse prompts when there are many [default: the number of cores].")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude settings to files named on the command line too (for pre-commit and editors).")
@click.option("--fix", is_flag=True, help="Apply safe fixes to prompt files, then report what is left.")
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a unified diff and change nothing.")
@_debug_option
def check(
    paths: tuple[str, ...],
    fmt: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    target: str | None,
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    config_path: str | None,
    isolated: bool,
    no_gitignore: bool,
    quiet: bool,
    statistics: bool,
    no_cache: bool,
    jobs: int | None,
    force_exclude: bool,
    fix: bool,
    diff: bool,
    debug: bool,
) -> None:
    """Lint prompt files, collections and folders (`-` reads stdin)."""
    from splint.linter import config as config_module
    from splint.linter import source
    from splint.linter.runner import Result, lint

    options = _options(select, extend_select, ignore, target)
    with _user_errors(debug):
        config_for = _config_source(isolated, config_path)
        cwd_config = config_for(".")
        if not paths:
            paths = (".",)
        if diff and not fix:
            raise click.UsageError("--diff previews --fix; use them together")
        fixer = None
        if fix:
            from splint.linter.fixes import Fixer

            fixer = Fixer(options, config_for, write=not diff)

        def sources() -> Iterator[source.Source]:
            for raw in paths:
                if raw == "-":
                    shown = stdin_filename or "-"
                    data_in = sys.stdin.buffer.read()
                    if fixer is not None:
                        if fixer.write:
                            raise click.UsageError("--fix cannot write to stdin; use --fix --diff to see the fixes")
                        fixer.stdin(shown, data_in)
                        continue
                    yield from source.parse_source(shown, data_in)
                    continue
                files = 0
                if force_exclude and Path(raw).is_file() and source.excluded_file(
                        Path(raw), config_for(raw), exclude, use_gitignore=not no_gitignore):
                    continue   # excluded by configuration: silently, as pre-commit names every file
                for found in source.walk(raw, config_for(raw), exclude, use_gitignore=not no_gitignore):
                    files += 1
                    if isinstance(found, source.SourceError):
                        yield found
                    elif fixer is not None and not fixer.file(*found):
                        continue
                    elif cache is not None:
                        yield from cached(*found)
                    else:
                        yield from source.read_path(*found)
                if files == 0:
                    source.warn_no_files(raw)

        cache = None
        if not no_cache and not fix:
            from splint.linter.cache import LintCache

            cache = LintCache(Path.cwd())

        def cached(path: Path, shown: str) -> Iterator[source.Source | Result]:
            """A file's results from the cache, or its sources to lint (kept afterwards)."""
            assert cache is not None
            try:
                data_in = path.read_bytes()
            except OSError:
                yield from source.read_path(path, shown)
                return
            hit = cache.results(shown, data_in, options, config_of(shown))
            yield from hit if hit is not None else source.parse_source(shown, data_in)

        def config_of(path: str) -> config_module.Config:
            if path == (stdin_filename or "-") and "-" in paths:
                return config_for(stdin_filename or ".")
            return config_for(path)

        workers = jobs or _cores()
        linted = lint(sources(), options, config_for=config_of, jobs=workers)
        if not quiet and sys.stderr.isatty():
            # Only a run that takes a while draws the bar (tqdm's delay); prompts stream through.
            from tqdm import tqdm

            linted = tqdm(linted, desc="check", unit=" prompts", file=sys.stderr, leave=False, delay=1.0)
        results = list(linted)
        if cache is not None:
            cache.keep(results)
        if fixer is not None and diff:
            click.echo("".join(fixer.diffs), nl=False)
            sys.exit(1 if fixer.diffs else 0)

    for r in results:
        if r.error is not None:
            where = f"{r.path} [{r.item_id}]" if r.item_id is not None else r.path
            click.echo(f"{where}: {r.error}", err=True)
    for line in fixer.errors if fixer is not None else ():
        click.echo(line, err=True)
    threshold = Severity.parse(fail_on) if fail_on else (cwd_config.fail_on or Severity.WARNING)
    click.echo(reporters.render(fmt, results, reporters.Report(threshold, quiet, statistics)), nl=False)
    if fixer is not None and fixer.applied and not quiet:
        click.echo(f"Fixed {fixer.applied} problem{'s' if fixer.applied != 1 else ''}.", err=fmt != "text")

    if any(r.error is not None for r in results) or (fixer is not None and fixer.errors):
        sys.exit(2)
    if any(d.severity >= threshold for r in results for d in r.diagnostics):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text prints the rewritten prompts; json adds layers, diagnostics and usage.")
@click.option("--diff", is_flag=True, help="Print the rewrites as a unified diff; change nothing.")
@click.option("--write", is_flag=True, help="Replace each rewritten prompt file (atomically).")
@click.option("--no-backup", is_flag=True, help="With --write: do not keep the original as NAME.orig.")
@click.option("--all", "send_all", is_flag=True, help="Also rewrite prompts the linter passes.")
@click.option("--style", type=click.Choice(("narrative", "labelled")), default="narrative", show_default=True,
              help="One paragraph per layer, or the [SCENE]: ... labelled template.")
@click.option("--base-url", metavar="URL", help="OpenAI-compatible server [env: OPENAI_BASE_URL; default: OpenAI].")
@click.option("--model", metavar="NAME", help="Chat model that rewrites [env: SPLINT_REWRITE_MODEL].")
@click.option("-j", "--jobs", type=int, default=4, show_default=True, help="Drafts rewritten at the same time.")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait for one answer.")
@_retries_option
@click.option("--max-tokens", type=click.IntRange(256), default=4096, show_default=True, help="Longest answer allowed.")
@click.option("--no-cache", is_flag=True, help="Ask the server even when an answer is cached.")
@click.option("--generate", "then_generate", is_flag=True,
              help="Then generate a video from every accepted rewrite (and clean draft), as `splint generate`.")
@click.option("--video-base-url", metavar="URL",
              help="With --generate: the /v1/videos server [env: SPLINT_VIDEO_BASE_URL; default: the rewrite server].")
@_video_options
@_judging_options("Lowest severity that flags a draft and fails a rewrite [default: warning].",
                  "Rewrite for this target profile (`splint targets`).")
@_input_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
@_debug_option
def rewrite(
    paths: tuple[str, ...], fmt: str, diff: bool, write: bool, no_backup: bool, send_all: bool, style: str,
    base_url: str | None, model: str | None, jobs: int, timeout: float, retries: int, max_tokens: int,
    no_cache: bool, then_generate: bool, video_base_url: str | None, output_dir: str, thumbnail: bool, yes: bool,
    select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
    fail_on: str | None, target: str | None, exclude: tuple[str, ...], stdin_filename: str | None,
    config_path: str | None, isolated: bool, no_gitignore: bool, quiet: bool, debug: bool,
) -> None:
    """Rewrite flagged drafts into five-layer prompts the linter passes (`-` reads stdin).

    With --generate, each accepted rewrite (and each draft already clean) then goes to a
    /v1/videos server, and its MP4 and sidecar JSON land in -o DIR.

    Exit codes: 0 every draft rewritten or already clean, 1 a rewrite was refused,
    2 a usage error or unreadable input, 3 the server failed.
    """
    from splint.rewriter import command
    from splint.rewriter.generation import orders as gen

    options = _options(select, extend_select, ignore, target)
    with _user_errors(debug):
        if not then_generate:
            ctx = click.get_current_context()
            given = [f"--{name.replace('_', '-')}" for name in ("video_base_url", "output_dir", "thumbnail", "yes")
                     if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE]
            if given:
                raise click.UsageError(f"{', '.join(given)} only work{'s' if len(given) == 1 else ''} with --generate")
        video = gen.Settings(
            out_dir=Path(output_dir), base_url=gen.server_url(video_base_url, base_url), retries=retries,
            thumbnail=thumbnail, yes=yes, fmt=fmt, quiet=quiet, server_option="--video-base-url",
        ) if then_generate else None
        request = command.Request(
            paths=paths or (".",), fmt=fmt, diff=diff, write=write, backup=not no_backup, send_all=send_all,
            style="labelled" if style == "labelled" else "narrative", base_url=base_url, model=model, jobs=jobs,
            timeout=timeout, retries=retries, max_tokens=max_tokens, use_cache=not no_cache, fail_on=fail_on,
            exclude=exclude, stdin_filename=stdin_filename, no_gitignore=no_gitignore, quiet=quiet, generate=video,
        )
        code = command.run(request, options, _config_source(isolated, config_path))
    sys.exit(code)


@cli.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--base-url", metavar="URL",
              help="OpenAI-compatible /v1/videos server [env: SPLINT_VIDEO_BASE_URL, OPENAI_BASE_URL; default: OpenAI].")
@_video_options
@click.option("--remix", metavar="VIDEO_ID", help="Remix this earlier video (an id, or the sidecar .json of a take).")
@click.option("--dry-run", is_flag=True, help="Print the generation requests as JSON; send nothing.")
@click.option("--force", is_flag=True, help="Send prompts the linter flags (with a warning).")
@click.option("-j", "--jobs", type=int, default=2, show_default=True, help="Videos generated at the same time.")
@click.option("--timeout", type=float, default=900.0, show_default=True, help="Seconds to wait for one video.")
@click.option("--poll-interval", type=click.FloatRange(min=0.01), default=None,
              help="Seconds between status checks [default: as the server asks, else 1].")
@_retries_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="json prints one object with every video, file and failure.")
@_judging_options("Lowest severity that keeps a prompt from being sent [default: warning].",
                  "Check against this target profile (`splint targets`).")
@_input_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary, no line per finished video.")
@_debug_option
def generate(
    paths: tuple[str, ...], base_url: str | None, output_dir: str, thumbnail: bool, yes: bool, remix: str | None,
    dry_run: bool, force: bool, jobs: int, timeout: float, poll_interval: float | None, retries: int, fmt: str,
    select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
    target: str | None, exclude: tuple[str, ...], stdin_filename: str | None, config_path: str | None,
    isolated: bool, no_gitignore: bool, quiet: bool, debug: bool,
) -> None:
    """Generate a video for each lint-clean prompt (`-` reads stdin).

    Prompts the linter flags are not sent unless --force. Each MP4 lands in -o DIR as
    NAME-VIDEO_ID.mp4 with NAME-VIDEO_ID.json beside it (request, video id, timings).

    Exit codes: 0 every video generated (or planned, with --dry-run), 1 a prompt was not
    sent, 2 a usage error or unreadable input, 3 a generation failed.
    """
    from splint.rewriter.generation import orders as gen

    options = _options(select, extend_select, ignore, target)
    with _user_errors(debug):
        settings = gen.Settings(
            out_dir=Path(output_dir), base_url=gen.server_url(base_url), jobs=jobs, timeout=timeout,
            poll_interval=poll_interval, retries=retries, thumbnail=thumbnail, force=force, yes=yes,
            dry_run=dry_run, fmt=fmt, quiet=quiet,
        )
        inputs = gen.Inputs(paths or (".",), remix, fail_on, exclude, stdin_filename, no_gitignore)
        code = gen.run(inputs, settings, options, _config_source(isolated, config_path))
    sys.exit(code)


@cli.command()
@click.argument("paths", nargs=-1, type=str, required=True)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text; json (schema: `splint schema explain-output`).")
@click.option("--target", metavar="MODEL", help="Read against this target profile (`splint targets`).")
@_rule_options
@_input_options
@_debug_option
def explain(
    paths: tuple[str, ...],
    fmt: str,
    target: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    config_path: str | None,
    isolated: bool,
    no_gitignore: bool,
    debug: bool,
) -> None:
    """Show how prompts were read: the clip length, the five layers, the actions counted per
    subject in beats, the sound and light words, the lists, and the verdicts they lead to."""
    from splint.linter import explain as explain_module
    from splint.linter import source
    from splint.linter.runner import lint

    options = _options(select, extend_select, ignore, target)
    with _user_errors(debug):
        config_for = _config_source(isolated, config_path)

        def sources() -> Iterator[source.Source]:
            for raw in paths:
                if raw == "-":
                    yield from source.parse_source(stdin_filename or "-", sys.stdin.buffer.read())
                    continue
                files = 0
                for found in source.walk(raw, config_for(raw), exclude, use_gitignore=not no_gitignore):
                    files += 1
                    if isinstance(found, source.SourceError):
                        yield found
                    else:
                        yield from source.read_path(*found)
                if files == 0:
                    source.warn_no_files(raw)

        def config_of(path: str) -> Config:
            if path == (stdin_filename or "-") and "-" in paths:
                return config_for(stdin_filename or ".")
            return config_for(path)

        results = list(lint(sources(), options, config_for=config_of, keep_analysis=True, jobs=1))
    for r in results:
        if r.error is not None:
            where = f"{r.path} [{r.item_id}]" if r.item_id is not None else r.path
            click.echo(f"{where}: {r.error}", err=True)
    render = explain_module.render_json if fmt == "json" else explain_module.render_text
    click.echo(render(results), nl=False)
    if any(r.error is not None for r in results):
        sys.exit(2)


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only transport).")
def lsp(stdio: bool) -> None:
    """Run the language server for editors (LSP over stdio)."""
    from splint.lsp import serve

    serve()


@cli.group("cache")
def cache_group() -> None:
    """splint's caches: lint results (.splint_cache/) and the rewriter's server answers."""


@cache_group.command("clean")
def cache_clean() -> None:
    """Remove the lint cache of this folder (.splint_cache/) and every cached rewrite answer."""
    from splint.linter.cache import LintCache
    from splint.rewriter.command import clean_cache

    lint_cache = LintCache(Path.cwd())
    try:
        removed = lint_cache.clean()
    except OSError as exc:
        click.echo(f"splint: {lint_cache.root}: cannot remove the lint cache ({exc.strerror or exc})", err=True)
        sys.exit(2)
    click.echo(f"Removed {removed} cached lint result{'s' if removed != 1 else ''} from {lint_cache.root}")
    with _user_errors():
        click.echo(clean_cache())


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True,
              help="markdown prints the rule reference page (docs/rules.md).")
def list_rules(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    from splint.rules import RULES

    if fmt == "markdown":
        from splint.linter.docs import render_markdown

        click.echo(render_markdown(), nl=False)
        return
    width = max(len(m.META.name) for m in RULES.values())
    for code, module in RULES.items():
        meta = module.META
        click.echo(f"{code}  {meta.name:<{width}}  {meta.severity.label:<8} {_docs(module)[0]}")


@cli.command("rule")
@click.argument("name")
def show_rule(name: str) -> None:
    """Print a rule's documentation (by name or code)."""
    from splint.rules import resolve

    module = resolve(name)
    if module is None:
        raise click.BadParameter(f"unknown rule '{name}' (`splint rules` lists them)", param_hint="NAME")
    meta = module.META
    summary, body = _docs(module)
    click.echo(f"{meta.name} ({meta.code}) — {summary}\n")
    click.echo(f"Group: {meta.group}. Default severity: {meta.severity.label}.\n")
    click.echo(body)


@cli.command("targets")
def list_targets() -> None:
    """List the target profiles with their status."""
    from splint.rules import data

    for name in data.profile_names():
        p = data.profile(name)
        status = f"{p.status} since {p.retired_on}" if p.retired_on else p.status
        seconds = "/".join(str(s) for s in p.seconds) if len(p.seconds) <= 5 else f"{p.seconds[0]}-{p.seconds[-1]}"
        click.echo(f"{name:<14} {p.name:<14} {status:<24} {seconds} s, audio: {'yes' if p.audio else 'no'}")


@cli.command("schema")
@click.argument("which", type=click.Choice(("check-output", "explain-output", "rewrite-output", "five-layer-prompt")),
                default="check-output")
def print_schema(which: str) -> None:
    """Print a JSON Schema: `splint check --format json` (default), `splint explain --format json`,
    `splint rewrite --format json`, or the five-layer prompt the rewriting model answers with."""
    if which == "check-output":
        from splint.linter.reporters.json import schema_text

        click.echo(schema_text(), nl=False)
        return
    if which == "explain-output":
        from splint.linter.explain import schema_text as explain_schema

        click.echo(explain_schema(), nl=False)
        return
    from importlib import resources

    name = "rewrite-output.schema.json" if which == "rewrite-output" else "five-layer-prompt.schema.json"
    click.echo(resources.files("splint.rewriter.schemas").joinpath(name).read_text(encoding="utf-8"), nl=False)


# --- splint dev: for work on splint itself, in a checkout of it ---------------------------

_RULE_MODULE = '''"""TODO: one line: what the rule finds (`splint rules` prints it as the summary).

What it does: TODO: what the rule flags, and what it leaves alone.
Why: TODO: why the model does worse with it, citing the prompting guide's section.
Example: TODO: a prompt the rule flags.
Use instead: TODO: that prompt written so that the rule passes.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from splint.linter.types import Diagnostic, RuleMeta, Settings, Severity

if TYPE_CHECKING:
    from splint.linter.analysis import Analysis

META = RuleMeta(code="{code}", name="{name}", group="{group}", severity=Severity.{severity})


def check(analysis: Analysis, settings: Settings) -> Iterator[Diagnostic]:
    # TODO: read the facts in `analysis` (never the raw text again) and yield
    # META.diagnostic(span, message, hint=...) for each problem, until the cases in
    # corpus/rules/{code}.yaml hold.
    yield from ()
'''

_RULE_CASES = """# TODO: one line: what the rule does
rule: {code}
name: {name}
cases:
  - name: todo-fails
    expect: fail
    prompt: |
      TODO: a prompt {name} must flag
  - name: todo-passes
    expect: pass
    prompt: |
      TODO: a close prompt {name} must leave alone
"""


@cli.group("dev")
def dev_group() -> None:
    """Tools for work on splint itself, in a checkout of it."""


@dev_group.command("new-rule")
@click.argument("code")
@click.argument("name")
@click.option("--group", metavar="GROUP",
              help="The rule's group [default: the group of the rules whose codes share its two letters].")
@click.option("--severity", type=click.Choice([s.label for s in Severity]), default="warning", show_default=True,
              help="The rule's default severity.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The checkout to write into [default: the one splint runs from].")
def new_rule(code: str, name: str, group: str | None, severity: str, root: Path | None) -> None:
    """Start a rule: its module rules/<name_in_snake_case>.py and its cases corpus/rules/CODE.yaml.

    The module has META, a check that finds nothing yet and the four documentation headings;
    the case file one case that must fail and one that must pass. The registry finds the module
    by itself. A malformed or taken code or name, or a file that exists, is refused (exit 2):
    nothing is ever overwritten.
    """
    with _user_errors():
        root, group, files = _new_rule_files(code, name, group, Severity.parse(severity), root)
        for path, text in files:
            _create(path, text, [p for p, _ in files])
    made = " and ".join(path.relative_to(root).as_posix() for path, _ in files)
    click.echo(f"Created {made}: {code} {name} (group {group}, {severity}).")
    click.echo("Next: fill in the TODOs (docstring, check, cases), map the rule to its item in "
               "rules/guide_map.yaml, then\n"
               "  splint rules --format markdown > docs/rules.md\n"
               f"  pytest tests/test_corpus.py -k {code} --snapshot-update")


def _new_rule_files(code: str, name: str, group: str | None, severity: Severity,
                    root: Path | None) -> tuple[Path, str, list[tuple[Path, str]]]:
    """The checkout, the group, and the rule module and case file a new rule starts with (path,
    text); SplintError when they cannot be made."""
    import re

    import splint.rules
    from splint.rules import BY_NAME, RULES

    if not re.fullmatch(r"[A-Z]{2}\d{3}", code):
        raise SplintError(f"new-rule: '{code}' is not a rule code: two capital letters and three digits, such as ST006")
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", name):
        raise SplintError(f"new-rule: '{name}' is not a rule name: lower-case words joined by hyphens, "
                          "naming the problem, such as vague-lighting")
    if code in RULES:
        raise SplintError(f"new-rule: {code} is taken by {RULES[code].META.name} (`splint rule {code}`)")
    if name in BY_NAME:
        raise SplintError(f"new-rule: the name {name} is taken by {BY_NAME[name].META.code} (`splint rule {name}`)")
    groups = {m.META.code[:2]: m.META.group for m in RULES.values()}
    prefixes = {g: prefix for prefix, g in groups.items()}
    known = groups.get(code[:2])
    if group is None and known is None:
        raise SplintError(f"new-rule: no rule code starts with {code[:2]} yet: name the new group with --group")
    group = group or known
    assert group is not None
    if not re.fullmatch(r"[a-z]+", group):
        raise SplintError(f"new-rule: '{group}' is not a group name: one lower-case word, such as timing")
    if known is not None and known != group:
        raise SplintError(f"new-rule: {code[:2]} codes are in the {known} group, not {group}")
    if known is None and group in prefixes:
        raise SplintError(f"new-rule: the {group} group's codes start with {prefixes[group]}, not {code[:2]}")
    root = root or Path(splint.rules.__file__).resolve().parent.parent
    if not (root / "rules").is_dir() or not (root / "corpus" / "rules").is_dir():
        raise SplintError(f"new-rule: {root} is not a checkout of splint (no rules/ and corpus/rules/ in it); "
                          "give --root")
    values = {"code": code, "name": name, "group": group, "severity": severity.name}
    files = [(root / "rules" / f"{name.replace('-', '_')}.py", _RULE_MODULE.format(**values)),
             (root / "corpus" / "rules" / f"{code}.yaml", _RULE_CASES.format(**values))]
    for path, _ in files:
        if path.exists():
            raise SplintError(f"new-rule: {path.relative_to(root).as_posix()} exists already; nothing was written")
    return root, group, files


def _create(path: Path, text: str, together: list[Path]) -> None:
    """Write a new file, never over an existing one; if that fails, the files made with it go too."""
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        for made in together[:together.index(path)]:
            made.unlink(missing_ok=True)
        raise SplintError(f"new-rule: cannot create {path} ({exc.strerror or exc}); nothing was written") from None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="splint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point (and ``python -m splint.linter``)."""
    code = main()
    # The interpreter's last garbage collections walk every object still alive, and a loaded
    # spaCy pipeline is a great many: about 0.15 s of a one-file check. Frozen objects are
    # skipped; atexit handlers and finalisers still run (mypy exits early for the same cost).
    import gc

    gc.freeze()
    sys.exit(code)
