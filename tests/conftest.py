from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from replay import Replayer

from splint.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> dict:
        """The JSON output, validated against the schema `splint schema` ships."""
        payload = json.loads(self.out)
        jsonschema.validate(payload, output_schema())
        return payload


_SCHEMA: dict | None = None


def output_schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        from splint.linter.reporters.json import schema

        _SCHEMA = schema()
        jsonschema.Draft202012Validator.check_schema(_SCHEMA)
    return _SCHEMA


@pytest.fixture
def splint(capsys, monkeypatch):
    """Run the CLI in-process (the spaCy pipeline loads once per test session)."""

    def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            import io
            import sys

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


# --- the rewriter against a local server ---------------------------------------------------

KEY = "sk-test-Qm2Lr7Vw4Zp8Tn6Hy"  # a made-up key; it must never show up in output or on disk


def rewrite_schema() -> dict:
    from importlib import resources

    text = resources.files("splint.rewriter.schemas").joinpath("rewrite-output.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture
def llm(httpserver, monkeypatch, tmp_path):
    replayer = Replayer()
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(replayer)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("SPLINT_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("OPENAI_BASE_URL", "SPLINT_REWRITE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    replayer.url = httpserver.url_for("/v1")  # type: ignore[attr-defined]
    replayer.cache = tmp_path / "cache"  # type: ignore[attr-defined]
    return replayer


def args(llm: Replayer, *more: str) -> list[str]:
    return ["rewrite", "--base-url", llm.url, "--model", "replay-model", "--isolated", "--retries", "0", *more]


def rewrite_json(splint, llm: Replayer, *more: str) -> tuple[object, dict]:
    run = splint(*args(llm, "--format", "json", *more))
    payload = json.loads(run.out)
    jsonschema.validate(payload, rewrite_schema())
    assert KEY not in run.out + run.err
    return run, payload


def no_key_on_disk(root: Path) -> None:
    for path in root.rglob("*") if root.exists() else ():
        if path.is_file():
            assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path


# --- generation against a local /v1/videos server ------------------------------------------


@pytest.fixture
def videos(httpserver, monkeypatch):
    import re

    from video_replay import VideoReplayer, cases

    replayer = VideoReplayer()
    for case in cases():
        replayer.add(case)
    httpserver.expect_request(re.compile(r"^/v1/videos(/.*)?$")).respond_with_handler(replayer)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    for name in ("OPENAI_BASE_URL", "SPLINT_VIDEO_BASE_URL", "SPLINT_VIDEO_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    replayer.url = httpserver.url_for("/v1")
    return replayer


def generate_args(videos, out: Path, *more: str) -> list[str]:
    return ["generate", "--base-url", videos.url, "-o", str(out), "--isolated", "--retries", "1",
            "--poll-interval", "0.01", *more]


def stderr_on_a_terminal(command: list[str], env: dict[str, str]) -> bytes:
    """Run ``command`` with stderr on a pseudo-terminal 100 columns wide; what it drew there."""
    pty = pytest.importorskip("pty")
    import fcntl
    import os
    import struct
    import subprocess
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=child_fd)
    os.close(child_fd)
    seen = b""
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(main_fd)
    return seen
