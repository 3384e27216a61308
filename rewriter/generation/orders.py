"""``splint generate``: lint-clean prompts to MP4 files on an OpenAI-compatible ``/v1/videos`` server.

Every prompt is linted first, as ``splint check`` would. A prompt with problems at or above
the failing severity is not sent (a generation costs money) unless ``--force``; a retired
model is not sent to OpenAI, which no longer serves it. What is left is priced from the
target profiles and, in a batch, confirmed. Then each request is created (or remixed),
polled to the end, and its MP4 streamed to ``-o DIR`` under a name made of the prompt file
and the video id, with a sidecar JSON beside it (the request, the video id, the timings), at
most ``--jobs`` at a time. One line per prompt says what happened; nothing half-written stays.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import click
from splint.linter import source
from splint.linter.config import Config
from splint.linter.errors import RewriteError
from splint.linter.files import replace_atomic
from splint.linter.reporters.json import splint_version
from splint.linter.runner import DEFAULT_TARGET, Options, Result, lint
from splint.linter.types import Diagnostic, Prompt, Severity
from splint.rewriter.engine import DEFAULT_BASE_URL, api_key, host_of, is_openai, server_of, valid_url
from splint.rewriter.verify import Judge, generation_request, problem_list
from splint.rules import data

SCHEMA_VERSION = "1"
ENV_BASE_URL = "SPLINT_VIDEO_BASE_URL"
ENV_KEY = "SPLINT_VIDEO_API_KEY"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Status = Literal["generated", "planned", "not sent", "rejected", "failed", "timeout", "error", "unreadable"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what a new file gets from the user's umask; mkstemp would give 0600


@dataclass(frozen=True, slots=True)
class Settings:
    out_dir: Path
    base_url: str
    jobs: int = 2
    timeout: float = 900.0
    poll_interval: float | None = None
    retries: int = 2
    thumbnail: bool = False
    force: bool = False
    yes: bool = False
    dry_run: bool = False
    fmt: str = "text"
    quiet: bool = False
    server_option: str = "--base-url"     # the option that names the video server, for messages


@dataclass
class Order:
    """One prompt on its way to the server."""

    prompt: Prompt
    request: dict[str, Any]             # what client.videos.create / remix take (input_reference as written)
    profile: data.Profile
    reference: Path | None = None       # the input_reference file to upload
    forced: tuple[Diagnostic, ...] = ()  # problems it is sent despite (--force)

    @property
    def method(self) -> str:
        return "remix" if self.request.get("remix_id") else "create"

    @property
    def cost(self) -> float | None:
        prices = self.profile.price_per_second
        price = prices.get(str(self.request.get("size"))) or prices.get("default")
        return None if price is None else price * int(str(self.request.get("seconds") or 0) or 0)


@dataclass
class Made:
    """What happened to one prompt."""

    path: str
    item_id: str | None
    status: Status
    line: str = ""
    order: Order | None = None
    video_id: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    sidecar: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.path} [{self.item_id}]" if self.item_id is not None else self.path


# --- the server -----------------------------------------------------------------------------


def server_url(option: str | None, fallback: str | None = None) -> str:
    """--base-url, then SPLINT_VIDEO_BASE_URL, then the fallback (OPENAI_BASE_URL), then OpenAI."""
    url = option or os.environ.get(ENV_BASE_URL) or fallback or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    if not valid_url(url):
        raise RewriteError("the video server URL must be an http:// or https:// URL with a host and a port up to 65535")
    return url


def video_key(base_url: str) -> str:
    return api_key(base_url, (ENV_KEY, "OPENAI_API_KEY"),
                   f"no API key for {host_of(base_url)}; set {ENV_KEY} or OPENAI_API_KEY")


def retired_here(profile: data.Profile, settings: Settings) -> str | None:
    """Why a retired model cannot go to this server, or None."""
    if profile.status != "retired" or not is_openai(settings.base_url):
        return None
    when = f" on {profile.retired_on}" if profile.retired_on else ""
    return (f"not sent: {profile.model} was retired by {profile.vendor}{when} and {host_of(settings.base_url)} no longer "
            f"serves it; name a server that does with {settings.server_option}")


def remix_id_from(value: str) -> str:
    """A video id, or the id in a sidecar JSON written by an earlier ``splint generate``."""
    from splint.rewriter.generation.server import VIDEO_ID

    if value.endswith(".json") and not Path(value).is_file():
        raise click.BadParameter(f"{value}: no such sidecar file", param_hint="--remix")
    if value.endswith(".json"):
        try:
            found = json.loads(Path(value).read_text(encoding="utf-8")).get("video_id")
        except (OSError, ValueError, AttributeError):
            found = None
        if not isinstance(found, str) or not VIDEO_ID.match(found):
            raise click.BadParameter(f"{value} is not a sidecar written by splint generate (no video_id)",
                                     param_hint="--remix")
        return found
    if not VIDEO_ID.match(value):
        raise click.BadParameter(f"'{value}' is not a video id or a sidecar .json file", param_hint="--remix")
    return value


# --- planning: lint, gate, price -------------------------------------------------------------


def _reference(prompt: Prompt) -> Path | None:
    ref = prompt.params.input_reference
    if not ref:
        return None
    path = Path(ref).expanduser()
    if not path.is_absolute() and prompt.path not in ("-", "<stdin>"):
        path = Path(prompt.path).parent / path
    return path


def _problems(diagnostics: Sequence[Diagnostic], qualifier: str = "") -> str:
    n = len(diagnostics)
    return f"{n} problem{'s' if n != 1 else ''}{qualifier}"


def plan(
    prompt: Prompt, result: Result, judge: Judge, settings: Settings, body: str | None = None,
    params: dict[str, object] | None = None,
) -> Order | Made:
    """The order for one linted prompt, or why it is not sent."""
    from splint.rewriter.generation.server import VIDEO_ID
    from splint.rules.common import model_ids

    profile = data.profile(result.target or DEFAULT_TARGET)
    if params is None:
        params = {"model": prompt.params.model, "size": prompt.params.size, "seconds": prompt.params.seconds}
    request = generation_request(prompt, body if body is not None else prompt.text, params, profile)
    # Status and price are the model's that is sent, which the target profile may not be.
    sent = model_ids().get(str(request["model"]).strip().lower())
    if sent is not None and sent != profile.model:
        profile = data.profile(sent)
    failing = tuple(judge.failing(result))
    if failing and not settings.force:
        level = judge.threshold(result.path).label
        them = "them" if len(failing) > 1 else "it"
        line = (f"not sent: {_problems(failing, f' at or above {level}')}: {problem_list(failing, prompt.origin)}; "
                f"fix {them}, or pass --force to send anyway")
        return Made(prompt.path, prompt.item_id, "not sent", line)
    if (why := retired_here(profile, settings)) is not None:
        return Made(prompt.path, prompt.item_id, "not sent", why)
    remix = request.get("remix_id")
    if remix is not None and not VIDEO_ID.match(str(remix)):
        return Made(prompt.path, prompt.item_id, "not sent", f"not sent: remix_id {str(remix)[:60]!r} is not a video id")
    reference = _reference(prompt)
    if reference is not None and not reference.is_file():
        return Made(prompt.path, prompt.item_id, "not sent", f"not sent: input_reference {reference} is not a file")
    return Order(prompt, request, profile, reference, failing)


def estimate(orders: Sequence[Order]) -> tuple[float, int, int]:
    """Dollars for the priced orders, seconds of video, and how many have no price."""
    priced = [o.cost for o in orders]
    seconds = sum(int(str(o.request.get("seconds") or 0) or 0) for o in orders)
    return sum(c for c in priced if c is not None), seconds, sum(c is None for c in priced)


def estimate_line(orders: Sequence[Order]) -> str:
    dollars, seconds, unpriced = estimate(orders)
    n = len(orders)
    text = f"{n} video{'s' if n != 1 else ''}, {seconds} s in all"
    if unpriced == n:
        return f"{text}; no price known (the target profiles have no price_per_second)"
    text += f", about ${dollars:,.2f} at the target profiles' list prices"
    if unpriced:
        text += f" ({unpriced} without a price)"
    return text


def check_output(settings: Settings) -> None:
    """-o must be a folder splint can write to, before anything is paid for."""
    if settings.dry_run:
        return
    import tempfile

    try:
        settings.out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".splint-probe-", dir=settings.out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise RewriteError(f"{settings.out_dir}: cannot write videos there ({exc.strerror or exc}); nothing sent") from None


def confirm(orders: Sequence[Order], settings: Settings) -> bool:
    """Batch mode asks before spending; --yes answers for a run without a terminal."""
    if not orders or settings.dry_run:
        return True
    line = estimate_line(orders)
    if len(orders) == 1 or settings.yes:
        if not settings.quiet and settings.fmt == "text":
            click.echo(f"Sending {line}.", err=True)
        return True
    if not sys.stdin.isatty():
        raise RewriteError(f"{line}; pass --yes to send them without a terminal to confirm on")
    return click.confirm(f"Send {line}?", default=False, err=True)


# --- producing one video ---------------------------------------------------------------------


def _safe(text: str, limit: int = 80) -> str:
    return _UNSAFE.sub("-", text).strip(".-")[:limit] or "prompt"


def base_name(prompt: Prompt, video_id: str) -> str:
    stem = "stdin" if prompt.path in ("-", "<stdin>") else Path(prompt.path).stem
    parts = [_safe(stem)] + ([_safe(prompt.item_id)] if prompt.item_id is not None else []) + [_safe(video_id, 120)]
    return "-".join(parts)


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _video_fields(video: Any) -> dict[str, Any]:
    keep = ("id", "model", "status", "seconds", "size", "created_at", "completed_at", "expires_at", "remixed_from_video_id")
    return {k: getattr(video, k, None) for k in keep if getattr(video, k, None) is not None}


class Bar:
    """One progress bar for the whole batch: each video counts its server-reported percent."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar = None
        self._seen: dict[int, int] = {}
        self.done = 0
        self.total = total
        if enabled and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total * 100, desc="generate", unit="%", file=sys.stderr, leave=False,
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} [{elapsed}]")

    def update(self, key: int, status: str, percent: int) -> None:
        if self._bar is None:
            return
        percent = max(0, min(100, percent if status != "completed" else 100))
        delta = percent - self._seen.get(key, 0)
        if delta > 0:
            self._seen[key] = percent
            self._bar.update(delta)
        self._bar.set_postfix_str(f"{self.done}/{self.total} done, last: {status} {percent}%", refresh=True)

    def finish(self, key: int) -> None:
        self.done += 1
        self.update(key, "completed", 100)

    def echo(self, line: str, err: bool) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr if err else sys.stdout)
        else:
            click.echo(line, err=err)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


async def produce(order: Order, server: Any, settings: Settings, bar: Bar, key: int,
                  pending: dict[str, str] | None = None) -> Made:
    from splint.rewriter.generation.server import VideoError

    prompt = order.prompt
    made = Made(prompt.path, prompt.item_id, "generated", order=order)
    started = time.time()
    clock = time.monotonic()
    try:
        job, interval = await server.submit(order.request, order.reference)
        made.video_id = str(job.id)
        if pending is not None:
            pending[made.label] = made.video_id
        submitted = time.monotonic()
        video = await server.wait(job, settings.timeout, lambda status, percent: bar.update(key, status, percent),
                                  interval)
        generated = time.monotonic()
        name = base_name(prompt, made.video_id)
        settings.out_dir.mkdir(parents=True, exist_ok=True)
        mp4 = await server.download(made.video_id, settings.out_dir / f"{name}.mp4", "video")
        os.chmod(mp4.path, _FILE_MODE)
        made.files["video"] = str(mp4.path)
        notes = ""
        if settings.thumbnail:
            try:
                thumb = await server.download(made.video_id, settings.out_dir / f"{name}.thumbnail.webp", "thumbnail")
                os.chmod(thumb.path, _FILE_MODE)
                made.files["thumbnail"] = str(thumb.path)
            except VideoError as exc:
                made.warnings.append(f"no thumbnail: {exc}")
                notes = f"; no thumbnail: {exc}"
        finished = time.monotonic()
        sidecar = {
            "version": SCHEMA_VERSION,
            "splint": splint_version(),
            "source": prompt.path,
            "item": prompt.item_id,
            "server": server_of(settings.base_url),
            "method": order.method,
            "request": order.request,
            "video_id": made.video_id,
            "video": _video_fields(video),
            "files": {k: Path(v).name for k, v in made.files.items()},
            "bytes": mp4.size,
            "sha256": mp4.sha256,
            "forced": [f"{d.code} [{d.rule}]" for d in order.forced],
            "warnings": made.warnings,
            "timings": {
                "submitted_at": _stamp(started),
                "finished_at": _stamp(time.time()),
                "submit_seconds": round(submitted - clock, 3),
                "generation_seconds": round(generated - submitted, 3),
                "download_seconds": round(finished - generated, 3),
                "total_seconds": round(finished - clock, 3),
            },
        }
        target = settings.out_dir / f"{name}.json"
        replace_atomic(target, (json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), _FILE_MODE)
        made.sidecar = str(target)
        made.seconds = finished - clock
        seconds = str(getattr(video, "seconds", "") or order.request.get("seconds", ""))
        size = getattr(video, "size", None) or order.request.get("size", "")
        made.line = f"{made.video_id} -> {mp4.path} ({seconds} s at {size}, ready in {made.seconds:.0f} s){notes}"
    except VideoError as exc:
        made.status = exc.kind            # rejected, failed, timeout or error: statuses of the same name
        made.video_id = made.video_id or exc.video_id
        made.line = str(exc)
    except OSError as exc:
        made.status = "error"
        which = f" {made.video_id} is done on the server, but" if made.video_id else ""
        made.line = f"{which} cannot write to {settings.out_dir} ({exc.strerror or exc})".strip()
    except Exception as exc:  # noqa: BLE001 - whatever else a server's answer breaks stays with this prompt
        made.status = "error"
        which = f" for {made.video_id}" if made.video_id else ""
        made.line = server.redact(f"unexpected answer from {server.host}{which} ({type(exc).__name__}: {exc})")[:240]
    finally:
        bar.finish(key)
    if pending is not None:
        pending.pop(made.label, None)       # finished either way; an interrupted one stays listed
    return made


async def _send_all(orders: Sequence[Order], settings: Settings, progress: bool) -> list[Made]:
    from splint.rewriter.generation.server import VideoServer

    server = VideoServer(settings.base_url, video_key(settings.base_url), max_retries=settings.retries,
                         poll_interval=settings.poll_interval)
    bar = Bar(len(orders), progress)
    gate = asyncio.Semaphore(max(1, settings.jobs))
    pending: dict[str, str] = {}       # label -> id of a job the server has and splint has not finished

    async def one(i: int, order: Order) -> Made:
        async with gate:
            made = await produce(order, server, settings, bar, i, pending)
        if settings.fmt == "text" and not (settings.quiet and made.status == "generated"):
            bar.echo(f"{made.label}: {made.line}", err=made.status != "generated")
        return made

    try:
        return list(await asyncio.gather(*(one(i, o) for i, o in enumerate(orders))))
    except asyncio.CancelledError:
        # Ctrl-C: the jobs already submitted are paid for; say which, so they can be found.
        bar.close()
        for label, video_id in pending.items():
            click.echo(f"{label}: interrupted; {video_id} may still finish on {server.host}", err=True)
        raise
    finally:
        bar.close()
        await server.close()


def send(orders: Sequence[Order], settings: Settings) -> list[Made]:
    """Create, poll and download every order; one Made per order, in order."""
    if settings.dry_run or not orders:
        return [Made(o.prompt.path, o.prompt.item_id, "planned", order=o) for o in orders]
    progress = settings.fmt == "text" and not settings.quiet and sys.stderr.isatty()
    return asyncio.run(_send_all(orders, settings, progress))


# --- reporting -------------------------------------------------------------------------------


def to_json(made: Sequence[Made], settings: Settings) -> str:
    videos = []
    for m in made:
        item: dict[str, Any] = {"path": m.path}
        if m.item_id is not None:
            item["id"] = m.item_id
        item["status"] = m.status
        if m.order is not None:
            item["method"] = m.order.method
            item["request"] = m.order.request
            if m.order.cost is not None:
                item["estimated_cost_usd"] = round(m.order.cost, 2)
            if m.order.forced:
                item["forced"] = [f"{d.code} [{d.rule}]" for d in m.order.forced]
        if m.video_id is not None:
            item["video_id"] = m.video_id
        if m.files:
            item["files"] = m.files
        if m.sidecar is not None:
            item["sidecar"] = m.sidecar
        if m.status not in ("generated", "planned"):
            item["error"] = m.line
        if m.warnings:
            item["warnings"] = m.warnings
        videos.append(item)
    orders = [m.order for m in made if m.order is not None]
    dollars, seconds, unpriced = estimate(orders)
    payload = {
        "version": SCHEMA_VERSION,
        "splint": splint_version(),
        "server": server_of(settings.base_url),
        "dry_run": settings.dry_run,
        "videos": videos,
        "summary": {**counts(made), "seconds": seconds, "estimated_cost_usd": round(dollars, 2), "unpriced": unpriced},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def counts(made: Sequence[Made]) -> dict[str, int]:
    out = {s: 0 for s in ("generated", "planned", "not sent", "rejected", "failed", "timeout", "error", "unreadable")}
    for m in made:
        out[m.status] += 1
    return {k.replace(" ", "_"): v for k, v in out.items()}


def summary_line(made: Sequence[Made], dry_run: bool = False) -> str:
    c = counts(made)
    n = len(made)
    failed = c["rejected"] + c["failed"] + c["timeout"] + c["error"]
    parts = [f"{c['planned']} planned" if dry_run else f"{c['generated']} generated", f"{failed} failed",
             f"{c['not_sent']} not sent"]
    if c["unreadable"]:
        parts.append(f"{c['unreadable']} unreadable")
    return f"{n} prompt{'s' if n != 1 else ''}: {', '.join(parts)}."


def exit_code(made: Sequence[Made]) -> int:
    c = counts(made)
    if c["unreadable"]:
        return 2
    if c["rejected"] or c["failed"] or c["timeout"] or c["error"]:
        return 3
    if c["not_sent"]:
        return 1
    return 0


def report(made: Sequence[Made], settings: Settings) -> int:
    """What is left to print after the run (lines of finished videos were printed as they came)."""
    if settings.fmt == "json" or settings.dry_run:
        click.echo(to_json(made, settings), nl=False)
    if settings.fmt == "text" and not settings.quiet:
        click.echo(summary_line(made, settings.dry_run), err=True)
    return exit_code(made)


# --- the command -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inputs:
    paths: tuple[str, ...]
    remix: str | None
    fail_on: str | None
    exclude: tuple[str, ...]
    stdin_filename: str | None
    no_gitignore: bool


def _sources(inputs: Inputs, config_for: Callable[[str], Config]) -> Iterator[source.Source]:
    for found in source.files(inputs.paths, config_for, inputs.exclude, not inputs.no_gitignore,
                              source.warn_no_files):
        if found == "-":
            yield from source.parse_source(inputs.stdin_filename or "-", sys.stdin.buffer.read())
        elif isinstance(found, source.SourceError):
            yield found
        else:
            yield from source.read_path(*found)


def run(inputs: Inputs, settings: Settings, options: Options, config_for: Callable[[str], Config]) -> int:
    if settings.jobs < 1:
        raise click.BadParameter("must be at least 1", param_hint="--jobs")
    if settings.timeout <= 0:
        raise click.BadParameter("must be more than 0", param_hint="--timeout")
    remix = remix_id_from(inputs.remix) if inputs.remix else None
    sources = list(_sources(inputs, config_for))
    if remix is not None:
        prompts = [s for s in sources if isinstance(s, Prompt)]
        if len(prompts) != 1:
            raise click.UsageError(f"--remix names one video to change; give it one prompt, not {len(prompts)}")
        # The linter then judges it as a remix (remix-too-broad), and the request remixes.
        sources = [dataclasses.replace(s, params=dataclasses.replace(s.params, remix_id=remix))
                   if isinstance(s, Prompt) else s for s in sources]
    judge = Judge(options, config_for, Severity.parse(inputs.fail_on) if inputs.fail_on else None)
    made: list[Made | None] = []
    orders: list[Order] = []
    slots: list[int] = []
    for item, result in zip(sources, lint(sources, options, config_for), strict=True):
        if not isinstance(item, Prompt) or result.error is not None:
            made.append(Made(result.path, result.item_id, "unreadable", result.error or "cannot be read"))
            continue
        planned = plan(item, result, judge, settings)
        if isinstance(planned, Made):
            made.append(planned)
            continue
        made.append(None)
        slots.append(len(made) - 1)
        orders.append(planned)
    for m in made:
        if m is not None and settings.fmt == "text":
            click.echo(f"{m.label}: {m.line}", err=True)
    for o in orders:
        if o.forced and settings.fmt == "text":
            click.echo(f"{o.prompt.path}: warning: sending despite {_problems(o.forced)} (--force): "
                       f"{problem_list(o.forced, o.prompt.origin)}", err=True)
    if orders:
        check_output(settings)
    if not confirm(orders, settings):
        click.echo("Nothing sent.", err=True)
        return 1
    for slot, m in zip(slots, send(orders, settings), strict=True):
        made[slot] = m
    return report([m for m in made if m is not None], settings)

