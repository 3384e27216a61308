from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from splint.linter.cli import main

from replay import Replayer

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
