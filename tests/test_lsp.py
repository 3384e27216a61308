"""``splint lsp`` end to end: the real server as a subprocess over stdio, driven by pygls's
language client; what it publishes is compared with ``splint check --format json``."""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import KEY
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from replay import Replayer, load_case

from splint.lsp import DEBOUNCE, FIX_ALL_KIND, FIX_ALL_TITLE, REWRITE_COMMAND, REWRITE_TITLE

REWRITE_CASES = Path(__file__).resolve().parent.parent / "corpus" / "rewrite"
WAIT = 30.0  # seconds: generous, the spaCy load takes about one

# Non-BMP characters (two UTF-16 units, four UTF-8 bytes) before flagged spans on the same line.
EMOJI = """---
model: sora-2
---
A 🦊 fox in a 🎬 director's chair waves at a desert film set, 8k, ultra HD.
[DURATION]: 8s
"""
CLEAN = (
    "A heron stands motionless in the shallows at dawn, mist drifting across the water. "
    "Wide static shot from the reeds. Soft pink light from the low sun behind the trees. "
    "Water lapping, distant birdsong. Muted 35mm documentary look.\n"
)
JSONL = (
    '{"id": "fox", "prompt": "A 🦊 fox leaps over a mossy log in the forest, 4K, ultra HD."}\n'
    "\n"
    f'{{"id": "heron", "prompt": "{CLEAN.strip()}"}}\n'
    "this line is not JSON\n"
    '{"id": "smith", "seconds": 8, "prompt": "A blacksmith 🔨 hammers a glowing bar on the anvil, sparks flying."}\n'
)


# --- positions, computed here independently of the server ----------------------------------


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def cli_position(text: str, row: int, column: int, encoding: str) -> tuple[int, int]:
    """A CLI row/column (1-based, characters) as a 0-based LSP line and character."""
    line = text.split("\n")[row - 1]
    return row - 1, units(line[:column - 1], encoding)


def offset_of(text: str, position: types.Position, encoding: str) -> int:
    lines = text.splitlines(keepends=True) or [""]
    if position.line >= len(lines):
        return len(text)
    start = sum(len(line) for line in lines[:position.line])
    line = lines[position.line].rstrip("\r\n")
    n = 0
    while n < len(line) and units(line[:n], encoding) < position.character:
        n += 1
    return start + n


def apply_edit(text: str, edit: types.WorkspaceEdit, uri: str, encoding: str = "utf-16") -> str:
    if edit.document_changes is not None:
        edits = [e for change in edit.document_changes if isinstance(change, types.TextDocumentEdit)
                 and change.text_document.uri == uri for e in change.edits]
    else:
        edits = list((edit.changes or {}).get(uri, []))
    spans = [(offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), i, e.new_text)
             for i, e in enumerate(edits)]
    for start, end, _, new in sorted(spans, key=lambda s: (s[0], s[1], s[2]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def as_tuple(r: types.Range) -> tuple[tuple[int, int], tuple[int, int]]:
    return (r.start.line, r.start.character), (r.end.line, r.end.character)


SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def expected(splint, path: Path, encoding: str = "utf-16") -> list[tuple[Any, ...]]:
    """What ``splint check --format json`` reports for ``path``, as LSP ranges in ``encoding``."""
    text = path.read_text(encoding="utf-8")
    payload = splint("check", "--format", "json", str(path)).json()
    out = []
    for entry in payload["files"]:
        for d in entry["diagnostics"]:
            start = cli_position(text, d["location"]["row"], d["location"]["column"], encoding)
            end = cli_position(text, d["end_location"]["row"], d["end_location"]["column"], encoding)
            out.append((start, end, d["code"], d["message"], SEVERITY[d["severity"]]))
    return out


def published(diagnostics: list[types.Diagnostic]) -> list[tuple[Any, ...]]:
    found = []
    for d in diagnostics:
        assert d.source == "splint"
        if d.code is not None:
            found.append((*as_tuple(d.range), d.code, d.message, d.severity))
    return found


# --- a client session with the real server ---------------------------------------------------


@dataclass
class Session:
    client: LanguageClient
    root: Path
    encoding: str
    result: types.InitializeResult
    diagnostics: dict[str, list[types.PublishDiagnosticsParams]] = field(default_factory=dict)
    messages: list[types.ShowMessageParams] = field(default_factory=list)
    logs: list[types.LogMessageParams] = field(default_factory=list)
    applied: list[types.ApplyWorkspaceEditParams] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    async def until(self, done: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        deadline = time.monotonic() + timeout
        while not (value := done()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; messages: {self.messages}, logs: {self.logs}")
            await asyncio.sleep(0.01)
        return value

    def latest(self, uri: str) -> types.PublishDiagnosticsParams | None:
        seen = self.diagnostics.get(uri)
        return seen[-1] if seen else None

    async def wait_diagnostics(self, uri: str, version: int | None = None, after: int = 0) -> list[types.Diagnostic]:
        """The first diagnostics published for ``uri`` (for ``version``) after ``after`` earlier ones."""

        def ready() -> types.PublishDiagnosticsParams | None:
            for p in self.diagnostics.get(uri, [])[after:]:
                if version is None or p.version == version:
                    return p
            return None

        params = await self.until(ready, f"diagnostics for {uri} v{version}")
        return list(params.diagnostics)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    async def open(self, path: Path, text: str | None = None) -> str:
        uri = from_fs_path(str(path))
        assert uri is not None
        text = path.read_text(encoding="utf-8") if text is None else text
        self.versions[uri], self.texts[uri] = 1, text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    def edit(self, uri: str, edit: types.WorkspaceEdit) -> int:
        """Apply a workspace edit here and send it as an editor does: incremental changes, last first."""
        self.texts[uri] = apply_edit(self.texts[uri], edit, uri, self.encoding)
        if edit.document_changes is not None:
            edits = [e for c in edit.document_changes if isinstance(c, types.TextDocumentEdit) for e in c.edits]
        else:
            edits = list((edit.changes or {})[uri])
        order = sorted(range(len(edits)), key=lambda i: (as_tuple(edits[i].range), i), reverse=True)
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=edits[i].range, text=edits[i].new_text)
                             for i in order]))
        return self.versions[uri]

    async def actions(self, uri: str, rng: types.Range, only: list[str] | None = None) -> list[types.CodeAction]:
        diagnostics = list(self.latest(uri).diagnostics) if self.latest(uri) else []
        found = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only)))
        assert found is not None
        assert all(isinstance(a, types.CodeAction) for a in found)
        return list(found)  # type: ignore[arg-type]


def capabilities(encodings: list[str] | None, resolve: bool, document_changes: bool) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]) if resolve else None,
                data_support=True,
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=document_changes),
            apply_edit=True,
        ),
    )


def converter() -> Any:
    """pygls's converter, except that a code action carrying a command stays a code action
    (lsprotocol reads any object with a ``command`` key as a bare Command)."""
    made = default_converter()

    def command_or_action(obj: Any, _: type) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        return made.structure(obj, kind)

    made.register_structure_hook(types.Command | types.CodeAction, command_or_action)  # type: ignore[arg-type]
    return made


@contextlib.asynccontextmanager
async def session(
    root: Path, env: dict[str, str] | None = None, encodings: list[str] | None = None,
    resolve: bool = True, document_changes: bool = True,
) -> AsyncIterator[Session]:
    client = LanguageClient("splint-tests", "1", converter_factory=converter)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("SPLINT_REWRITE_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY")}
    environ.update(env or {})
    await client.start_io(sys.executable, "-m", "splint", "lsp", env=environ, cwd=str(root))
    try:
        result = await asyncio.wait_for(client.initialize_async(types.InitializeParams(
            process_id=os.getpid(), root_uri=from_fs_path(str(root)),
            capabilities=capabilities(encodings, resolve, document_changes))), WAIT)
        encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
        s = Session(client, root, str(getattr(encoding, "value", encoding)), result)

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            s.diagnostics.setdefault(params.uri, []).append(params)

        @client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            s.messages.append(params)

        @client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            s.logs.append(params)

        @client.feature(types.WORKSPACE_APPLY_EDIT)
        def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            s.applied.append(params)
            return types.ApplyWorkspaceEditResult(applied=True)

        client.initialized(types.InitializedParams())
        yield s
        assert not [m for m in s.logs if m.type == types.MessageType.Error], s.logs
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.exit(None)
        server = client._server
        assert server is not None
        assert await asyncio.wait_for(server.wait(), WAIT) == 0
    finally:
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()
        await asyncio.wait_for(client.stop(), WAIT)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def range_of(diagnostics: list[types.Diagnostic], code: str, index: int = 0) -> types.Range:
    return [d for d in diagnostics if d.code == code][index].range


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("offered", [None, ["utf-8", "utf-16"], ["utf-32", "utf-16"]],
                         ids=["utf-16-default", "utf-8", "utf-32"])
def test_open_publishes_the_cli_diagnostics(tmp_path: Path, splint, offered: list[str] | None) -> None:
    path = tmp_path / "fox.prompt"
    path.write_text(EMOJI, encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path, encodings=offered) as s:
            assert s.encoding == (offered[0] if offered else "utf-16")
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            assert published(got) == expected(splint, path, s.encoding)
            codes = [d.code for d in got]
            assert {"PA007", "PA011"} <= set(codes)
            assert all(d.source == "splint" for d in got)
            # two emoji before the '8k' tag: 2 units each in UTF-16, 4 in UTF-8, 1 in UTF-32
            start = EMOJI.splitlines()[3].index("8k")
            extra = {"utf-16": 2, "utf-8": 6, "utf-32": 0}[s.encoding]
            assert range_of(got, "PA007").start == types.Position(line=3, character=start + extra)
            data = next(d for d in got if d.code == "PA011").data
            assert data["rule"] == "template-param-line" and data["fix"]["safety"] == "safe"

    run(body())


def test_change_is_debounced_relints_the_buffer_and_follows_the_config(tmp_path: Path, splint) -> None:
    (tmp_path / "splint.toml").write_text('ignore = ["missing-duration"]\n', encoding="utf-8")
    path = tmp_path / "heron.prompt"
    path.write_text(CLEAN, encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path) as s:
            uri = await s.open(path)
            first = await s.wait_diagnostics(uri, 1)
            assert published(first) == expected(splint, path)
            isolated = splint("check", "--isolated", "--format", "json", str(path)).json()["files"][0]
            assert [d["code"] for d in isolated["diagnostics"]] == ["PA004"] and first == []  # the config ignores it
            seen = len(s.diagnostics[uri])
            flagged = CLEAN.replace("water.", "water, 8k, ultra HD.")
            for n in range(3):  # typing: three versions within the debounce window
                if n:
                    await asyncio.sleep(0.03)
                s.change(uri, flagged.replace("heron", "heron" + "!" * n))
            typed = time.monotonic()
            last = s.versions[uri]
            got = await s.wait_diagnostics(uri, last, after=seen)
            assert time.monotonic() - typed >= DEBOUNCE * 0.9  # linted once typing paused
            assert [p.version for p in s.diagnostics[uri][seen:]] == [last]  # nothing for the versions in between
            assert path.read_text(encoding="utf-8") == CLEAN  # the buffer was linted, not the disk
            shown = tmp_path / "shown.prompt"
            shown.write_text(s.texts[uri], encoding="utf-8")
            assert published(got) == expected(splint, shown)
            assert [d.code for d in got].count("PA007") == 2
            # save: linted again, with a config edited since
            (tmp_path / "splint.toml").write_text('ignore = ["resolution-keywords"]\n', encoding="utf-8")
            seen = len(s.diagnostics[uri])
            s.client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            saved = await s.wait_diagnostics(uri, last, after=seen)
            assert "PA007" not in [d.code for d in saved]
            # saving the config in the editor re-lints the open prompts
            config = await s.open(tmp_path / "splint.toml", "ignore = []\n")
            (tmp_path / "splint.toml").write_text("ignore = []\n", encoding="utf-8")
            seen = len(s.diagnostics[uri])
            s.client.text_document_did_save(types.DidSaveTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=config)))
            again = await s.wait_diagnostics(uri, last, after=seen)
            assert {"PA007", "PA004"} <= {d.code for d in again}
            assert config not in s.diagnostics
            # close: the diagnostics are cleared
            seen = len(s.diagnostics[uri])
            s.client.text_document_did_close(types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            assert await s.wait_diagnostics(uri, after=seen) == []

    run(body())


async def hover_at(s, uri: str, position: types.Position) -> types.Hover:
    """The hover at a position, which must be markdown."""
    hover = await s.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    return hover


def test_hover_shows_the_rule_docs(tmp_path: Path) -> None:
    path = tmp_path / "fox.prompt"
    path.write_text(EMOJI, encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path) as s:
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            rng = range_of(got, "PA011")
            hover = await hover_at(s, uri, types.Position(line=rng.start.line, character=rng.start.character + 3))
            text = hover.contents.value
            assert "**template-param-line** (PA011)" in text
            assert "parameter lines of the guide's Quick Reference template" in text  # the docstring body
            for heading in ("What it does.", "Why.", "Example.", "Use instead."):
                assert f"**{heading}**" in text
            assert "`seconds: 8` in the front matter" in text  # the diagnostic's hint
            assert hover.range == rng
            # on the '8k' (after two emoji): resolution-keywords
            tag = range_of(got, "PA007")
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=tag.start))
            assert hover is not None and "**resolution-keywords** (PA007)" in hover.contents.value
            # the front matter is not flagged: nothing to show
            nothing = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=3)))
            assert nothing is None

    run(body())


def test_quick_fix_applies_the_safe_fix(tmp_path: Path, splint) -> None:
    path = tmp_path / "fox.prompt"
    path.write_text(EMOJI, encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path) as s:
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            # the resolution tag after the emoji: a deletion on the same line
            tag = range_of(got, "PA007")
            actions = await s.actions(uri, tag)
            fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
            assert [a.title for a in fixes] == ["remove '8k' (PA007 resolution-keywords)"]
            assert fixes[0].diagnostics and fixes[0].diagnostics[0].code == "PA007"
            assert REWRITE_TITLE not in [a.title for a in actions]  # no rewrite model configured
            version = s.edit(uri, fixes[0].edit)
            text = s.texts[uri]
            assert "8k" not in text and "🦊 fox" in text and text.count("\n") == EMOJI.count("\n")
            got = await s.wait_diagnostics(uri, version)
            assert [d.code for d in got].count("PA007") == 1
            # the template line: two edits, one of them in the front matter
            line = range_of(got, "PA011")
            fixes = [a for a in await s.actions(uri, line, only=[types.CodeActionKind.QuickFix]) if a.diagnostics
                     and a.diagnostics[0].code == "PA011"]
            assert len(fixes) == 1
            version = s.edit(uri, fixes[0].edit)
            text = s.texts[uri]
            assert text.startswith("---\nmodel: sora-2\nseconds: 8\n---\n") and "[DURATION]" not in text
            got = await s.wait_diagnostics(uri, version)
            assert "PA011" not in [d.code for d in got]
            after = tmp_path / "after.prompt"
            after.write_text(text, encoding="utf-8")
            assert published(got) == expected(splint, after)

    run(body())


@pytest.mark.parametrize("resolve", [True, False], ids=["resolved", "eager"])
def test_fix_all_matches_check_fix(tmp_path: Path, splint, resolve: bool) -> None:
    path = tmp_path / "fox.prompt"
    path.write_text(EMOJI, encoding="utf-8")
    cli = tmp_path / "cli" / "fox.prompt"
    cli.parent.mkdir()
    shutil.copy(path, cli)
    assert splint("check", "--fix", str(cli)).code == 1  # fixed what is safe; the rest stays flagged

    async def body() -> None:
        async with session(tmp_path, resolve=resolve, document_changes=resolve) as s:
            uri = await s.open(path)
            await s.wait_diagnostics(uri, 1)
            whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
            actions = await s.actions(uri, whole, only=[types.CodeActionKind.SourceFixAll])
            assert [(a.title, a.kind) for a in actions] == [(FIX_ALL_TITLE, FIX_ALL_KIND)]
            action = actions[0]
            if resolve:
                assert action.edit is None  # computed on resolve, so listing stays fast
                action = await s.client.code_action_resolve_async(action)
            assert action.edit is not None
            assert (action.edit.document_changes is not None) == resolve
            text = apply_edit(s.texts[uri], action.edit, uri)
            assert text == cli.read_text(encoding="utf-8")
            version = s.change(uri, text)
            got = await s.wait_diagnostics(uri, version)
            assert not {"PA007", "PA011"} & {d.code for d in got}
            assert await s.actions(uri, whole, only=[types.CodeActionKind.SourceFixAll]) == []

    run(body())


def test_collection_diagnostics_sit_on_their_lines(tmp_path: Path, splint) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    run_cli = splint("check", "--format", "json", str(path))
    errors = [f for f in run_cli.json()["files"] if f["error"]]
    assert [(f["id"], f["error"]) for f in errors] == [("#4", "line 4 is not valid JSON (column 1): Expecting value")]

    async def body() -> None:
        async with session(tmp_path) as s:
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            assert published(got) == expected(splint, path)
            lines = {d.range.start.line for d in got if d.code}
            assert 0 in lines and 4 in lines and 1 not in lines
            tag = range_of(got, "PA007")
            assert tag.start.line == 0
            at = tag.start.character - 1  # UTF-16: the emoji before it counts twice
            assert JSONL.splitlines()[0][at:at + 2] == "4K"
            broken = [d for d in got if d.code is None]
            assert [(d.message, d.range.start.line, d.severity) for d in broken] == [
                ("line 4 is not valid JSON (column 1): Expecting value (item #4)", 3, types.DiagnosticSeverity.Error)]
            assert next(d for d in got if d.code == "PA007").data["item"] == "fox"
            # collection items are reported with their fixes but not fixed, as with `check --fix`
            actions = await s.actions(uri, tag)
            assert actions == []

    run(body())


def test_broken_front_matter_is_one_diagnostic_not_a_crash(tmp_path: Path, splint) -> None:
    broken = "---\nseconds: [8\n---\n" + CLEAN
    path = tmp_path / "broken.prompt"
    path.write_text(broken, encoding="utf-8")
    cli = splint("check", str(path))
    assert cli.code == 2
    message = cli.err.strip().removeprefix(f"{path}: ")
    assert message.startswith("front matter is not valid YAML (line ")

    async def body() -> None:
        async with session(tmp_path) as s:
            ignored = tmp_path / "notes.py"
            ignored.write_text("print('not a prompt')\n", encoding="utf-8")
            other = await s.open(ignored)
            uri = await s.open(path)
            # answered at once, while the model is still loading on the lint thread
            assert await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=other), position=types.Position(line=0, character=0))) is None
            assert uri not in s.diagnostics
            got = await s.wait_diagnostics(uri, 1)
            assert [(as_tuple(d.range), d.message, d.severity, d.code) for d in got] == [
                (((0, 0), (0, 0)), message, types.DiagnosticSeverity.Error, None)]
            assert other not in s.diagnostics  # not a prompt file: left alone
            zero = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
            assert await s.actions(uri, zero) == []
            hover = await s.client.text_document_hover_async(types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=zero.start))
            assert hover is None
            # an unknown key, then a fixed front matter: the server is still there
            version = s.change(uri, "---\nlength: 8\n---\n" + CLEAN)
            got = await s.wait_diagnostics(uri, version)
            assert len(got) == 1 and got[0].message.startswith("front matter: unknown parameter 'length'")
            version = s.change(uri, "---\nseconds: 8\n---\n" + CLEAN)
            got = await s.wait_diagnostics(uri, version)
            assert all(d.code for d in got)

    run(body())


def _rewrite_session(tmp_path: Path, llm: Replayer) -> dict[str, str]:
    return {
        "SPLINT_REWRITE_MODEL": "replay-model",
        "OPENAI_BASE_URL": llm.url,  # type: ignore[attr-defined]
        "OPENAI_API_KEY": KEY,
        "SPLINT_CACHE_DIR": str(tmp_path / "lsp-cache"),
    }


def test_rewrite_action_replaces_the_document(tmp_path: Path, llm: Replayer, splint, monkeypatch) -> None:
    case = load_case(REWRITE_CASES / "a-template-duration-blacksmith")
    assert case.expect == "rewritten"
    llm.add(case.body, case.replies)
    path = tmp_path / "draft.prompt"
    path.write_text(case.draft, encoding="utf-8")
    collection = tmp_path / "batch.jsonl"
    collection.write_text(JSONL, encoding="utf-8")
    rewritten: dict[str, str] = {}

    async def body() -> None:
        async with session(tmp_path, env=_rewrite_session(tmp_path, llm)) as s:
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            assert "PA011" in [d.code for d in got]
            zero = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
            actions = [a for a in await s.actions(uri, zero) if a.title == REWRITE_TITLE]
            assert len(actions) == 1 and actions[0].command is not None and actions[0].edit is None
            command = actions[0].command
            assert command.command == REWRITE_COMMAND
            await asyncio.wait_for(s.client.workspace_execute_command_async(types.ExecuteCommandParams(
                command=command.command, arguments=command.arguments)), WAIT)
            assert len(s.applied) == 1, s.messages
            text = apply_edit(s.texts[uri], s.applied[0].edit, uri)
            rewritten["lsp"] = text
            version = s.change(uri, text)
            after = await s.wait_diagnostics(uri, version)
            assert all(d.severity == types.DiagnosticSeverity.Information for d in after)
            # collections are not offered the rewrite
            other = await s.open(collection)
            await s.wait_diagnostics(other, 1)
            assert REWRITE_TITLE not in [a.title for a in await s.actions(other, zero)]
            assert not [m for m in s.messages if m.type == types.MessageType.Error]
            assert KEY not in " ".join(m.message for m in s.messages + s.logs)  # type: ignore[operator]

    run(body())
    assert len(llm.requests) == len(case.replies)
    assert all(h["Authorization"] == f"Bearer {KEY}" for h in llm.headers)
    assert all(r["model"] == "replay-model" for r in llm.requests)
    assert path.read_text(encoding="utf-8") == case.draft  # the editor saves, not the server
    # The CLI answered from the server's cache: the same rewrite, written by `splint rewrite --write`.
    monkeypatch.setenv("SPLINT_CACHE_DIR", str(tmp_path / "lsp-cache"))
    cli = tmp_path / "cli" / "draft.prompt"
    cli.parent.mkdir()
    cli.write_text(case.draft, encoding="utf-8")
    done = splint("rewrite", "--base-url", llm.url, "--model", "replay-model", "--write", "--no-backup", str(cli))  # type: ignore[attr-defined]
    assert done.code == 0, done.err
    assert len(llm.requests) == len(case.replies)
    assert rewritten["lsp"] == cli.read_text(encoding="utf-8")
    assert rewritten["lsp"].startswith("---\nseconds: 12\n---\n")


def test_refused_rewrite_shows_the_reason_and_changes_nothing(tmp_path: Path, llm: Replayer) -> None:
    case = load_case(REWRITE_CASES / "b-refusal-fake-newscast")
    assert case.expect == "refused"
    llm.add(case.body, case.replies)
    path = tmp_path / "draft.prompt"
    path.write_text(case.draft, encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path, env=_rewrite_session(tmp_path, llm)) as s:
            uri = await s.open(path)
            await s.wait_diagnostics(uri, 1)
            await asyncio.wait_for(s.client.workspace_execute_command_async(types.ExecuteCommandParams(
                command=REWRITE_COMMAND, arguments=[uri])), WAIT)
            assert s.applied == []
            shown = [m for m in s.messages if "rewrite refused" in m.message]
            assert len(shown) == 1 and shown[0].type == types.MessageType.Warning
            assert "the model declined" in shown[0].message

    run(body())
    assert llm.requests


def test_hover_on_too_many_actions_lays_out_the_beats(tmp_path: Path) -> None:
    path = tmp_path / "heron.prompt"
    path.write_text("---\nseconds: 8\n---\nA heron wades through the shallows, stops, tilts its head, then strikes.\n",
                    encoding="utf-8")

    async def body() -> None:
        async with session(tmp_path) as s:
            uri = await s.open(path)
            got = await s.wait_diagnostics(uri, 1)
            text = (await hover_at(s, uri, range_of(got, "TM001").start)).contents.value
            assert "**Beats** of A heron in 8 s (front matter), one action per 4 s: 0-4 s 'wades' · 4-8 s 'stops'" in text
            assert "past the budget: 'tilts', 'strikes'" in text
            assert "**too-many-actions** (TM001)" in text   # the rule's docs follow

    run(body())
