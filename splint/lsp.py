"""``splint lsp``: the linter inside an editor, over the Language Server Protocol (stdio, pygls).

Prompt files and collections (by suffix) are linted on open, on save and, 300 ms after the
last keystroke, on change; only the newest version's diagnostics are published. The buffer is
linted, not the file on disk, with the configuration ``splint check`` would find for its path.
Hover shows the documentation of the rules flagged under the cursor. Code actions apply one
safe fix, every safe fix (as ``check --fix`` does), or the rewriter when one is configured.

Ranges are the CLI's: splint counts characters, and each position is converted to the
encoding the client negotiated (UTF-16 unless it offers UTF-8 or UTF-32). spaCy loads once,
on the lint thread started at ``initialized``; every lint runs on that thread, so the event
loop never waits for the model. Nothing that goes wrong reaches the editor as a traceback:
an unreadable document gets one diagnostic, anything else a line in the log.
"""
from __future__ import annotations

import asyncio
import bisect
import logging
import os
import re
import sys
import threading
import uuid
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from splint.linter.errors import SplintError
from splint.linter.source import COLLECTION_SUFFIXES, PROMPT_SUFFIXES
from splint.linter.types import Diagnostic, Edit, Severity

if TYPE_CHECKING:
    from splint.linter.runner import Result
    from splint.rewriter.verify import Outcome

T = TypeVar("T")
log = logging.getLogger(__name__)

NAME = "splint"
DEBOUNCE = 0.3                      # seconds of quiet after a change before it is linted
REWRITE_COMMAND = "splint.rewrite"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.splint"
REWRITE_KIND = f"{types.CodeActionKind.RefactorRewrite.value}.splint"
CONFIG_FILES = frozenset({"pyproject.toml", "splint.toml"})
FIX_ALL_TITLE = "Fix all safe problems with splint"
REWRITE_TITLE = "Rewrite this prompt with splint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_ITEM = re.compile(r"#(\d+)")
# spaCy runs on the lint thread and, during a rewrite, on the rewrite's thread: one at a time.
_SPACY = threading.Lock()


def lintable(path: str) -> bool:
    return Path(path).suffix.lower() in PROMPT_SUFFIXES | COLLECTION_SUFFIXES


def fixable(path: str) -> bool:
    """Fixes and rewrites apply to prompt files; collection items stay as written, as with ``--fix``."""
    return Path(path).suffix.lower() in PROMPT_SUFFIXES


def bom(text: str) -> int:
    """1 when the editor's text starts with the byte order mark that splint's reader drops."""
    return 1 if text.startswith("\ufeff") else 0


# --- positions ---------------------------------------------------------------------------


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_UNITS: dict[str, Callable[[str], int]] = {
    types.PositionEncodingKind.Utf8.value: _utf8,
    types.PositionEncodingKind.Utf16.value: _utf16,
    types.PositionEncodingKind.Utf32.value: len,
}


class Lines:
    """A document's lines as LSP counts them (``\\n``, ``\\r\\n`` or ``\\r`` ends one), and
    conversion between character offsets and positions in the negotiated encoding."""

    def __init__(self, text: str, encoding: str | None) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]
        self.units = _UNITS.get(str(encoding or types.PositionEncodingKind.Utf16.value), _utf16)

    def _end(self, line: int) -> int:
        """Offset of the end of a line's content (before its line break)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1] - 1
        if self.text[end] == "\n" and end > self.starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return types.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        if position.line >= len(self.starts):
            return len(self.text)
        i, end, count = self.starts[position.line], self._end(position.line), 0
        while i < end and count < position.character:
            count += self.units(self.text[i])
            i += 1
        return i

    def whole(self) -> types.Range:
        return self.range(0, len(self.text))


# --- one lint of one version of a document -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """A splint diagnostic and where it sits in the editor's text (character offsets)."""

    diagnostic: Diagnostic
    result: Result
    start: int
    end: int
    lsp: types.Diagnostic


@dataclass(frozen=True, slots=True)
class Linted:
    """What one lint of one version of a document found, with the LSP diagnostics to publish."""

    uri: str
    version: int | None
    text: str                       # the editor's text
    path: str
    lines: Lines
    shift: int                      # 1 when the editor's text keeps a BOM that splint strips
    found: tuple[Found, ...]
    diagnostics: tuple[types.Diagnostic, ...]
    parsed: bool                    # every source was read and linted (no error result)

    def file_offset(self, result: Result, offset: int, in_file: bool) -> int:
        assert result.origin is not None
        return self.shift + (offset if in_file else result.origin.file_offset(offset))

    def text_edit(self, result: Result, edit: Edit) -> types.TextEdit:
        start = self.file_offset(result, edit.span.start, edit.in_file)
        end = self.file_offset(result, edit.span.end, edit.in_file)
        return types.TextEdit(range=self.lines.range(start, end), new_text=edit.replacement)

    def at(self, offset: int) -> list[Found]:
        return [f for f in self.found if f.start <= offset <= f.end]

    def safe_fixes(self) -> list[Found]:
        if not fixable(self.path):
            return []
        return [f for f in self.found if f.diagnostic.fix is not None and f.diagnostic.fix.safety == "safe"]


def _error_offset(linted_text: str, lines: Lines, path: str, result: Result, shift: int) -> int:
    """Where a source that could not be linted is reported: the item's prompt, its JSONL line,
    or the top of the file."""
    if fixable(path):
        return 0
    if result.origin is not None:
        return shift + result.origin.file_offset(0)
    if Path(path).suffix.lower() == ".jsonl" and result.item_id and (m := _LINE_ITEM.fullmatch(result.item_id)):
        line = int(m.group(1)) - 1
        return lines.starts[line] if line < len(lines.starts) else len(linted_text)
    return 0


def lint_document(uri: str, version: int | None, path: str, text: str, encoding: str | None) -> Linted:
    """Lint the editor's text of one document as ``splint check`` lints the file (blocking)."""
    from splint.linter.config import Resolver
    from splint.linter.runner import Options, Result, lint
    from splint.linter.source import parse_source

    shift = bom(text)
    try:
        with _SPACY:
            # the analysis is kept for the hover: the beats behind a too-many-actions diagnostic
            results = list(lint(parse_source(path, text.encode("utf-8")), Options(), Resolver(), keep_analysis=True))
    except SplintError as exc:
        results = [Result(path, None, None, error=str(exc))]
    lines = Lines(text, encoding)
    found: list[Found] = []
    diagnostics: list[types.Diagnostic] = []
    for result in results:
        if result.error is not None:
            at = lines.position(_error_offset(text, lines, path, result, shift))
            item = f" (item {result.item_id})" if result.item_id is not None else ""
            diagnostics.append(types.Diagnostic(
                range=types.Range(start=at, end=at), message=f"{result.error}{item}",
                severity=types.DiagnosticSeverity.Error, source=NAME,
            ))
            continue
        assert result.origin is not None
        for d in result.diagnostics:
            start = shift + (d.span.start if d.in_file else result.origin.file_offset(d.span.start))
            end = shift + (d.span.end if d.in_file else result.origin.file_offset(d.span.end))
            data: dict[str, Any] = {"rule": d.rule}
            if result.item_id is not None:
                data["item"] = result.item_id
            if d.hint:
                data["hint"] = d.hint
            if d.fix is not None:
                data["fix"] = {"title": d.fix.title, "safety": d.fix.safety}
            lsp = types.Diagnostic(
                range=lines.range(start, end), message=d.message, severity=_SEVERITY[d.severity],
                code=d.code, source=NAME, data=data,
            )
            found.append(Found(d, result, start, end, lsp))
            diagnostics.append(lsp)
    return Linted(uri, version, text, path, lines, shift, tuple(found), tuple(diagnostics),
                  all(r.error is None for r in results))


def load_model() -> str | None:
    """Load the spaCy pipeline; the reason when it cannot be."""
    from splint.linter.analysis import pipeline

    try:
        with _SPACY:
            pipeline()
    except SplintError as exc:
        return str(exc)
    return None


def fix_document(path: str, text: str) -> str:
    """The text with every safe fix applied, as ``check --fix`` would write it (blocking)."""
    from splint.linter.config import Resolver
    from splint.linter.fixes import fix_text
    from splint.linter.runner import Options

    shift = bom(text)
    with _SPACY:
        fixed = fix_text(path, text[shift:], Options(), Resolver())
    return text[:shift] + fixed.text


def smallest_edit(old: str, new: str) -> tuple[int, int, str]:
    """One replacement turning ``old`` into ``new``: the changed middle, never splitting ``\\r\\n``."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    if 0 < head < len(old) and old[head - 1] == "\r" and old[head] == "\n":
        head -= 1
    end = len(old) - tail
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        end += 1
        tail -= 1
    return head, end, new[head:len(new) - tail]


# --- hover ---------------------------------------------------------------------------------


def rule_markdown(code: str, hints: Sequence[str] = ()) -> str:
    """A rule's documentation as hover markdown: name, code, summary, then its documented parts."""
    from splint.linter.docs import HEADINGS, parts
    from splint.rules import resolve

    module = resolve(code)
    if module is None:
        return f"**{code}**"
    meta = module.META
    summary, documented = parts(module)
    out = [f"**{meta.name}** ({meta.code}) — {summary}", "",
           f"*Group:* {meta.group}. *Default severity:* {meta.severity.label}."]
    for hint in hints:
        out += ["", f"*Help:* {hint}"]
    for heading in HEADINGS:
        key = heading.rstrip(":")
        if documented.get(key):
            out += ["", f"**{key}.** {documented[key]}"]
    return "\n".join(out)


# --- the rewriter --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rewritten:
    status: str                     # an Outcome's status, or "error" when it could not start
    document: str | None = None
    reason: str | None = None


def rewrite_configured() -> bool:
    return bool(os.environ.get("SPLINT_REWRITE_MODEL"))


def rewrite_document(path: str, text: str) -> Rewritten:
    """Rewrite a prompt file's text as ``splint rewrite`` does, the server and model from the
    environment (blocking: runs the rewriter's event loop on the calling thread)."""
    from splint.linter.config import Resolver
    from splint.linter.runner import Options, lint
    from splint.linter.source import parse_prompt_file
    from splint.linter.types import Prompt
    from splint.rewriter import command
    from splint.rewriter.verify import Judge, rewrite

    class SerialJudge(Judge):
        """The judge, taking its turn with spaCy."""

        __slots__ = ()

        def check(self, path: str, document: str) -> tuple[Result, Prompt | None]:
            with _SPACY:
                return super().check(path, document)

    shift = bom(text)
    prompt = parse_prompt_file(path, text[shift:])
    if not isinstance(prompt, Prompt):
        return Rewritten("error", reason=prompt.message)
    options, config_for = Options(), Resolver()
    request = command.Request(
        paths=(path,), fmt="text", diff=False, write=False, backup=False, send_all=True, style="narrative",
        base_url=None, model=None, jobs=1, timeout=120.0, retries=2, max_tokens=4096, use_cache=True,
        fail_on=None, exclude=(), stdin_filename=None, no_gitignore=False, quiet=True,
    )
    try:
        with _SPACY:
            before = next(iter(lint([prompt], options, config_for, keep_analysis=True)))
        if before.error is not None:
            return Rewritten("error", reason=before.error)
        engine = command.engine_for(request)
    except SplintError as exc:
        return Rewritten("error", reason=str(exc))
    judge = SerialJudge(options, config_for)

    async def run() -> Outcome:
        try:
            return await rewrite(prompt, before, engine, judge, request.style, send_all=True)
        finally:
            await engine.close()

    outcome = asyncio.run(run())
    document = text[:shift] + outcome.document if outcome.document is not None else None
    return Rewritten(outcome.status, document, outcome.reason)


def _in_thread(fn: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``fn`` on a daemon thread (a rewrite may wait minutes; it must not hold up exit)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(value: T | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)  # type: ignore[arg-type]

    def work() -> None:
        try:
            value = fn()
        except BaseException as exc:  # noqa: BLE001 (handed to the awaiting coroutine, which raises it)
            loop.call_soon_threadsafe(settle, None, exc)
        else:
            loop.call_soon_threadsafe(settle, value, None)

    threading.Thread(target=work, name="splint-rewrite", daemon=True).start()
    return future


# --- the server ----------------------------------------------------------------------------


@dataclass
class _Run:
    version: int | None
    text: str
    future: asyncio.Future[Linted]


class SplintServer(LanguageServer):
    def __init__(self) -> None:
        from splint.linter.reporters.json import splint_version

        super().__init__(NAME, splint_version())
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="splint-lint")
        self.runs: dict[str, _Run] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # -- plumbing

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=f"splint: {message}"))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"splint: {message}"))

    async def guard(self, work: Awaitable[T], default: T, what: str) -> T:
        """Await ``work``; a bug becomes a line in the log and ``default``, never a crash."""
        try:
            return await work
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("%s failed", what)
            self.log(f"{what} failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}",
                     types.MessageType.Error)
            return default

    @property
    def encoding(self) -> str | None:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding)) if encoding else None

    def path_of(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return path if path is not None and lintable(path) else None

    def is_open(self, uri: str) -> bool:
        return uri in self.workspace.text_documents

    # -- linting

    def model_loaded(self, future: asyncio.Future[str | None]) -> None:
        if future.cancelled():
            return
        problem = future.exception() or future.result()
        if problem is not None:
            self.tell(str(problem), types.MessageType.Error)

    async def linted(self, uri: str, force: bool = False) -> Linted | None:
        """The lint of the document's current text: shared by everyone asking for that version."""
        path = self.path_of(uri)
        if path is None or not self.is_open(uri):
            return None
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        run = self.runs.get(uri)
        if force or run is None or run.version != version or run.text != text or run.future.cancelled():
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self.worker, lint_document, uri, version, path, text, self.encoding)
            run = self.runs[uri] = _Run(version, text, asyncio.ensure_future(future))
        return await asyncio.shield(run.future)

    def schedule(self, uri: str, delay: float = 0.0, force: bool = False) -> None:
        if self.path_of(uri) is None:
            return
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self.publish(uri, delay, force))

    async def publish(self, uri: str, delay: float, force: bool) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            linted = await self.guard(self.linted(uri, force), None, "lint")
            if linted is None or not self.is_open(uri):
                return
            doc = self.workspace.get_text_document(uri)
            if doc.version != linted.version or doc.source != linted.text:
                return  # a newer version is on its way
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=list(linted.diagnostics), version=linted.version))
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def forget(self, uri: str) -> None:
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.runs.pop(uri, None)
        if self.path_of(uri) is not None:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # -- hover

    async def hover(self, params: types.HoverParams) -> types.Hover | None:
        linted = await self.linted(params.text_document.uri)
        if linted is None:
            return None
        here = linted.at(linted.lines.offset(params.position))
        if not here:
            return None
        hints: dict[str, list[str]] = {}
        for f in here:
            shown = hints.setdefault(f.diagnostic.code, [])
            if f.diagnostic.hint and f.diagnostic.hint not in shown:
                shown.append(f.diagnostic.hint)
        from splint.linter.explain import beats

        laid_out = {f.diagnostic.code: beats(f.result) for f in here if f.diagnostic.rule == "too-many-actions"}
        text = "\n\n---\n\n".join(
            (f"{laid_out[code]}\n\n" if laid_out.get(code) else "") + rule_markdown(code, shown)
            for code, shown in hints.items()
        )
        first = min(here, key=lambda f: f.end - f.start)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=first.lsp.range)

    # -- code actions

    def _supports(self, *path: str) -> Any:
        found: Any = self.client_capabilities
        for name in path:
            found = getattr(found, name, None)
            if found is None:
                return None
        return found

    def workspace_edit(self, linted: Linted, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if self._supports("workspace", "workspace_edit", "document_changes"):
            document = types.OptionalVersionedTextDocumentIdentifier(uri=linted.uri, version=linted.version)
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])
        return types.WorkspaceEdit(changes={linted.uri: edits})

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        linted = await self.linted(params.text_document.uri)
        if linted is None:
            return None
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()]

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

        start, end = linted.lines.offset(params.range.start), linted.lines.offset(params.range.end)
        actions: list[types.CodeAction] = []
        safe = linted.safe_fixes()
        if wanted(types.CodeActionKind.QuickFix.value):
            for f in safe:
                if f.start > end or start > f.end:
                    continue
                assert f.diagnostic.fix is not None
                actions.append(types.CodeAction(
                    title=f"{f.diagnostic.fix.title} ({f.diagnostic.code} {f.diagnostic.rule})",
                    kind=types.CodeActionKind.QuickFix, diagnostics=[f.lsp], is_preferred=True,
                    edit=self.workspace_edit(linted, [linted.text_edit(f.result, e) for e in f.diagnostic.fix.edits]),
                ))
        if safe and wanted(FIX_ALL_KIND):
            action = types.CodeAction(
                title=FIX_ALL_TITLE, kind=FIX_ALL_KIND,
                diagnostics=[f.lsp for f in safe], data={"uri": linted.uri, "action": "fix-all"},
            )
            resolvable = self._supports("text_document", "code_action", "resolve_support", "properties") or []
            actions.append(action if "edit" in resolvable else await self.resolve(action))
        if linted.parsed and fixable(linted.path) and rewrite_configured() and wanted(REWRITE_KIND):
            actions.append(types.CodeAction(
                title=REWRITE_TITLE, kind=REWRITE_KIND,
                command=types.Command(title=REWRITE_TITLE, command=REWRITE_COMMAND, arguments=[linted.uri]),
            ))
        return actions

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if data.get("action") != "fix-all" or not isinstance(uri, str):
            return action
        linted = await self.linted(uri)
        if linted is None or not fixable(linted.path):
            return action
        loop = asyncio.get_running_loop()
        fixed = await loop.run_in_executor(self.worker, fix_document, linted.path, linted.text)
        if self.workspace.get_text_document(uri).version != linted.version:
            return action  # typed over while fixing: no edit rather than a stale one
        start, end, replacement = smallest_edit(linted.text, fixed)
        edits = [types.TextEdit(range=linted.lines.range(start, end), new_text=replacement)] if fixed != linted.text else []
        action.edit = self.workspace_edit(linted, edits)
        return action

    # -- the rewrite command

    async def rewrite(self, uri: str) -> None:
        linted = await self.linted(uri)
        if linted is None or not fixable(linted.path):
            self.tell("only an open prompt file (.prompt, .txt, .md) can be rewritten", types.MessageType.Warning)
            return
        name = Path(linted.path).name
        token = None
        if self._supports("window", "work_done_progress"):
            token = f"splint-rewrite-{uuid.uuid4().hex}"
            try:
                await self.work_done_progress.create_async(token)
                self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=f"splint: rewriting {name}"))
            except Exception:  # noqa: BLE001 (a client without progress support: rewrite without a bar)
                token = None
        try:
            done = await _in_thread(lambda: rewrite_document(linted.path, linted.text))
        finally:
            if token is not None:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd())
        if done.status == "error":
            self.tell(f"cannot rewrite {name}: {done.reason}", types.MessageType.Error)
            return
        if done.status in ("refused", "failed"):
            kind = types.MessageType.Warning if done.status == "refused" else types.MessageType.Error
            self.tell(f"rewrite {done.status}: {done.reason}", kind)
            return
        if done.status == "clean" or done.document is None or done.document == linted.text:
            self.tell(f"{name} already passes the linter; nothing to rewrite")
            return
        if not self.is_open(uri) or self.workspace.get_text_document(uri).version != linted.version:
            self.tell(f"{name} changed while it was being rewritten; the rewrite was not applied",
                      types.MessageType.Warning)
            return
        edit = self.workspace_edit(linted, [types.TextEdit(range=linted.lines.whole(), new_text=done.document)])
        answer = await self.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=edit, label="Rewrite with splint"))
        if not answer.applied:
            self.tell(f"the editor did not apply the rewrite{': ' + answer.failure_reason if answer.failure_reason else ''}",
                      types.MessageType.Warning)


def build() -> SplintServer:
    """The language server with its features registered (not yet started)."""
    server = SplintServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: SplintServer, params: types.InitializedParams) -> None:
        loop = asyncio.get_running_loop()
        asyncio.ensure_future(loop.run_in_executor(ls.worker, load_model)).add_done_callback(ls.model_loaded)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: SplintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: SplintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: SplintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if Path(to_fs_path(uri) or uri).name in CONFIG_FILES:
            for other in list(ls.workspace.text_documents):
                ls.schedule(other, force=True)
        else:
            ls.schedule(uri, force=True)  # a config file may have changed on disk too

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: SplintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: SplintServer, params: types.HoverParams) -> types.Hover | None:
        return await ls.guard(ls.hover(params), None, "hover")

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND, REWRITE_KIND], resolve_provider=True),
    )
    async def code_action(ls: SplintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return await ls.guard(ls.code_actions(params), None, "code actions")

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: SplintServer, params: types.CodeAction) -> types.CodeAction:
        return await ls.guard(ls.resolve(params), params, "fix all")

    @server.command(REWRITE_COMMAND)
    async def rewrite(ls: SplintServer, *args: Any) -> None:
        if not args or not isinstance(args[0], str):
            ls.tell(f"{REWRITE_COMMAND} takes the document's URI", types.MessageType.Error)
            return
        await ls.guard(ls.rewrite(args[0]), None, "rewrite")

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: SplintServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit (blocking)."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print from a library must not corrupt the protocol stream
    build().start_io(stdin, stdout)
