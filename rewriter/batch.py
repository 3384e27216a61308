"""``splint rewrite``: lint every draft, rewrite the flagged ones concurrently, report, write.

Drafts are linted first, in one batch. Flagged ones go to the engine at most ``jobs`` at a
time, with a progress bar on a terminal. Results come out in input order, whatever order
they finished in. ``--write`` replaces a prompt file atomically after saving the original
as ``NAME.orig``, so a run killed at any moment leaves each file either old or new.
"""
from __future__ import annotations

import asyncio
import difflib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from splint.linter.files import replace_atomic, write_atomic
from splint.linter.reporters.json import entry as json_entry
from splint.linter.reporters.json import splint_version
from splint.linter.runner import DEFAULT_TARGET, Result, lint
from splint.linter.source import SourceError
from splint.linter.types import Prompt
from splint.rewriter.engine import Engine, Usage
from splint.rewriter.instructions import system_prompt_version
from splint.rewriter.schema import RenderStyle
from splint.rewriter.verify import Judge, Outcome, generation_request, rewrite
from splint.rules import data

SCHEMA_VERSION = "1"
Entry = Outcome | Result          # a Result here is a source that could not be linted


@dataclass(frozen=True, slots=True)
class Job:
    source: Prompt | SourceError
    file: Path | None = None        # the prompt file --write replaces (None: stdin, collections)
    bom: bool = False
    data: bytes = b""               # the file as it was read: --write leaves a file changed since alone


async def run_all(
    jobs: Sequence[Job], judge: Judge, engine: Engine, style: RenderStyle, send_all: bool, concurrency: int,
    progress: bool, done: Callable[[Job, Outcome], None] | None = None,
) -> list[Entry]:
    """Lint, then rewrite what is flagged; one entry per source, in input order.

    ``done`` is called as each rewrite finishes (``--write`` writes there, so a run that is
    stopped keeps every rewrite finished before it).
    """
    results = list(lint([j.source for j in jobs], judge.options, judge.config_for, keep_analysis=True))
    out: list[Entry] = []
    pending: list[tuple[int, Prompt, Result]] = []
    for job, result in zip(jobs, results, strict=True):
        if isinstance(job.source, SourceError) or result.error is not None:
            out.append(result)
            continue
        out.append(Outcome(job.source, "clean", result))
        if judge.failing(result) or send_all:
            pending.append((len(out) - 1, job.source, result))
    bar = None
    if progress and pending:
        from tqdm import tqdm

        bar = tqdm(total=len(pending), unit="prompt", desc="rewrite", file=sys.stderr, leave=False)
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(i: int, prompt: Prompt, before: Result) -> None:
        async with gate:
            outcome = await rewrite(prompt, before, engine, judge, style, send_all)
        out[i] = outcome
        if done is not None:
            done(jobs[i], outcome)
        if bar is not None:
            bar.update(1)

    try:
        await asyncio.gather(*(one(*p) for p in pending))
    finally:
        if bar is not None:
            bar.close()
        await engine.close()
    return out


# --- output -------------------------------------------------------------------------------


def where(entry: Entry) -> str:
    return f"{entry.path} [{entry.item_id}]" if entry.item_id is not None else entry.path


def _diff(old: str, new: str, label: str) -> str:
    lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{label}", f"b/{label}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def diff(entry: Outcome) -> str:
    """A prompt file's whole text before and after; a collection item's prompt before and after."""
    assert entry.document is not None and entry.body is not None
    if entry.item_id is not None:
        return _diff(entry.draft.text, entry.body, where(entry))
    return _diff(entry.draft.origin.source.text, entry.document, entry.path)


def counts(entries: Sequence[Entry]) -> dict[str, int]:
    out = {"rewritten": 0, "clean": 0, "refused": 0, "failed": 0, "errors": 0}
    for e in entries:
        if isinstance(e, Outcome):
            out[e.status] += 1
        else:
            out["errors"] += 1
    return out


def totals(entries: Sequence[Entry]) -> Usage:
    total = Usage()
    for e in entries:
        if isinstance(e, Outcome):
            total.add(e.usage)
    return total


def to_json(entries: Sequence[Entry], engine: Engine) -> str:
    files: list[dict[str, Any]] = []
    for e in entries:
        item: dict[str, Any] = {"path": e.path}
        if e.item_id is not None:
            item["id"] = e.item_id
        if isinstance(e, Result):
            item.update(status="error", error=e.error)
            files.append(item)
            continue
        item["status"] = e.status
        if e.before.target is not None:
            item["target"] = e.before.target
        if e.reason is not None:
            item["reason"] = e.reason
        item["diagnostics_before"] = json_entry(e.before)["diagnostics"]
        if e.after is not None:
            item["diagnostics_after"] = json_entry(e.after)["diagnostics"]
        if e.prompt is not None:
            item["layers"] = e.prompt.layers()
            item["params"] = e.params
            item["prompt"] = e.body
        if e.status == "rewritten" and e.body is not None:
            profile = data.profile(e.before.target or DEFAULT_TARGET)
            item["generation_request"] = generation_request(e.draft, e.body, e.params, profile)
        item["repairs"] = e.repairs
        item["usage"] = e.usage.as_json()
        files.append(item)
    payload = {
        "version": SCHEMA_VERSION,
        "splint": splint_version(),
        "model": engine.model,
        "server": engine.host,
        "system_prompt": system_prompt_version(),
        "files": files,
        "summary": {**counts(entries), **totals(entries).as_json()},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def summary_line(entries: Sequence[Entry]) -> str:
    c = counts(entries)
    u = totals(entries)
    n = len(entries)
    parts = [f"{c['rewritten']} rewritten", f"{c['clean']} already clean", f"{c['refused']} refused", f"{c['failed']} failed"]
    if c["errors"]:
        parts.append(f"{c['errors']} unreadable")
    calls = f"{u.calls} call{'s' if u.calls != 1 else ''}"
    if u.cached:
        calls += f" ({u.cached} answered from cache)"
    tokens = u.prompt_tokens + u.completion_tokens
    return f"{n} prompt{'s' if n != 1 else ''}: {', '.join(parts)}; {calls}, {tokens:,} tokens."


# --- writing ------------------------------------------------------------------------------


def _backup_path(path: Path) -> Path:
    """``NAME.orig``, or ``NAME.orig.1`` ... when an earlier backup is there: never overwrite one."""
    candidate = path.with_name(path.name + ".orig")
    n = 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.orig.{n}")
    return candidate


def _copy_atomic(source: Path, target: Path) -> None:
    replace_atomic(target, source.read_bytes(), source.stat().st_mode & 0o7777)


def write(entry: Outcome, job: Job, backup: bool) -> tuple[str, bool]:
    """Replace the file with the rewrite: the line to print, and whether it is an error."""
    assert entry.document is not None and job.file is not None
    try:
        if job.file.read_bytes() != job.data:
            return f"{entry.path}: changed since it was read; rewrite not written", True
        saved = ""
        if backup:
            target = _backup_path(job.file)
            _copy_atomic(job.file, target)
            saved = f" (original kept as {target.name})"
        write_atomic(job.file, entry.document, bom=job.bom)
    except OSError as exc:
        return f"{entry.path}: cannot write the rewrite ({exc.strerror or exc}); file left as it was", True
    return f"Rewrote {entry.path}{saved}", False
