"""The rewriter end to end: the real CLI and the real openai SDK against a real HTTP server on
127.0.0.1 replaying the recorded exchanges of ``corpus/rewrite/``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import KEY, SNAPSHOTS, args, no_key_on_disk, rewrite_json
from replay import Case, Replayer, cases
from splint.rewriter.instructions import system_prompt
from splint.rewriter.schema import json_schema, schema_dump, shipped_schema_text

CASES = cases()
EXIT = {"rewritten": 0, "clean": 0, "refused": 1, "failed": 3}


def test_corpus_has_every_kind_of_case() -> None:
    assert len(CASES) >= 25
    expects = {c.expect for c in CASES}
    assert expects == {"rewritten", "clean", "refused", "failed"}
    replies = [r for c in CASES for r in c.replies]
    assert any("refusal" in r for r in replies)
    assert any(r.get("finish_reason") == "length" for r in replies)
    assert any("status" in r for r in replies)
    assert any(len(c.replies) >= 2 and c.expect == "rewritten" for c in CASES)  # repair turns


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_recorded_exchange(case: Case, llm: Replayer, splint, snapshot, tmp_path: Path) -> None:
    draft = tmp_path / "draft.prompt"
    draft.write_text(case.draft, encoding="utf-8")
    llm.add(case.body, case.replies)
    run, payload = rewrite_json(splint, llm, str(draft))
    entry = payload["files"][0]
    assert entry["status"] == case.expect, entry.get("reason")
    assert run.code == EXIT[case.expect]
    assert draft.read_text(encoding="utf-8") == case.draft  # no --write: the draft is untouched

    # What the SDK sent.
    before_rules = {d["rule"] for d in entry["diagnostics_before"]}
    if case.expect == "clean":
        assert llm.requests == []
    for request, headers in zip(llm.requests, llm.headers, strict=True):
        assert request["model"] == "replay-model"
        assert headers["Authorization"] == f"Bearer {KEY}"
        assert request["messages"][0] == {"role": "system", "content": system_prompt()}
        user = request["messages"][1]["content"]
        assert all(rule in user for rule in before_rules)
    if llm.requests:
        first = llm.requests[0]["response_format"]
        assert first["type"] == "json_schema"
        assert first["json_schema"]["schema"] == json.loads(shipped_schema_text())
    conversations = [r for r in llm.requests if any(m["role"] == "assistant" for m in r["messages"])]
    assert len(conversations) == entry["repairs"] == (1 if entry["repairs"] else 0)
    assert entry["usage"]["calls"] == len(llm.requests)

    lines = [
        f"status: {entry['status']}",
        f"reason: {entry.get('reason', '-')}",
        f"repairs: {entry['repairs']}, calls: {entry['usage']['calls']}",
        f"draft diagnostics: {', '.join(sorted(before_rules)) or '-'}",
    ]
    if case.expect == "rewritten":
        assert entry["diagnostics_after"] == [] or all(d["severity"] == "info" for d in entry["diagnostics_after"])
        request = entry["generation_request"]
        assert request["prompt"] == entry["prompt"].strip()
        # The same draft again: answered from the cache, no call, same rewrite.
        seen = len(llm.requests)
        again = splint(*args(llm, str(draft)))
        assert again.code == 0 and len(llm.requests) == seen
        assert again.out.endswith(entry["prompt"])
        rewritten = tmp_path / "rewritten.prompt"
        rewritten.write_text(again.out, encoding="utf-8")
        check = splint("check", "--isolated", str(rewritten))
        assert check.code == 0, check.out
        lines += ["generation request: " + json.dumps({k: v for k, v in request.items() if k != "prompt"}), "", again.out]
    no_key_on_disk(llm.cache)
    snapshot.snapshot_dir = SNAPSHOTS / "rewrite"
    snapshot.assert_match("\n".join(lines).rstrip("\n") + "\n", f"{case.name}.snap")


def test_shipped_five_layer_schema_is_generated_from_the_model() -> None:
    assert shipped_schema_text() == schema_dump(json_schema()), "run: splint schema five-layer-prompt > rewriter/schemas/five-layer-prompt.schema.json"


def test_splint_schema_prints_each_shipped_schema(splint) -> None:
    assert json.loads(splint("schema", "five-layer-prompt").out) == json_schema()
    rewrite = json.loads(splint("schema", "rewrite-output").out)
    assert rewrite["properties"]["version"] == {"const": "1"}
    assert json.loads(splint("schema").out) == json.loads(splint("schema", "check-output").out)
    assert splint("schema", "nonsense").code == 2
