from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from splint.linter.cli import main

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
