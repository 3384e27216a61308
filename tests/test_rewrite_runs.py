"""``splint rewrite`` as users run it: faults, the cache, --write/--diff/stdin, batches, a kill mid-run.

Every test talks to a real HTTP server on 127.0.0.1 through the real openai SDK.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import KEY, args, no_key_on_disk, rewrite_json, stderr_on_a_terminal
from replay import Replayer

DRAFT = "car chase, night, rain, tokyo, neon reflections on wet asphalt, black muscle car, drifting, police lights, tires screeching, engine roar, fast, exciting\n"
GOOD = {"layers": {
    "scene": "A black muscle car drifts around a rain-slicked corner in downtown Tokyo at night, chased by a police cruiser.",
    "camera": "The camera tracks alongside at wheel height in one continuous move.",
    "lighting": "Pink and blue neon from the shopfronts streaks across the wet pavement; cold sodium streetlamps light the car from above.",
    "audio": "Tires screech against the asphalt, the engine roars, and a siren wails behind them over steady rain.",
    "style": "Gritty 35mm film look with teal-and-orange grading, in the spirit of Michael Mann's Collateral.",
    "seconds": 8, "model": "sora-2", "size": "1280x720",
}}
VAGUE = {"layers": {**GOOD["layers"], "lighting": "Cinematic lighting."}}
ERROR_500 = {"status": 500, "body": {"error": {"message": "upstream exploded"}}}


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "chase.prompt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def stderr_lines(run) -> list[str]:
    """What the user reads on stderr, less the summary line."""
    return [line for line in run.err.splitlines() if line and not line.startswith(("1 prompt", "2 prompts", "3 prompts"))]


# --- faults ---------------------------------------------------------------------------------


def test_timeout_is_one_line(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD])
    llm.delay = 2.0
    run = splint(*args(llm, "--timeout", "0.5", str(draft)))
    assert run.code == 3
    assert stderr_lines(run) == [f"{draft}: failed: no answer from {llm.url.split('/')[2]} within 0.5 s after 1 attempt; raise --timeout"]


def test_429_retry_after_is_honoured(llm, splint, draft) -> None:
    llm.add(DRAFT, [{"status": 429, "headers": {"Retry-After": "1"}, "body": {"error": {"message": "slow down"}}}, GOOD])
    run = splint(*args(llm, "--retries", "1", str(draft)))
    assert run.code == 0, run.err
    assert len(llm.requests) == 2
    assert llm.times[1] - llm.times[0] >= 0.95  # the retry came when the server said, not at once


def test_429_that_persists_names_the_rate_limit(llm, splint, draft) -> None:
    limited = {"status": 429, "headers": {"Retry-After": "0"}, "body": {"error": {"message": "slow down"}}}
    llm.add(DRAFT, [limited, limited])
    run = splint(*args(llm, "--retries", "1", str(draft)))
    assert run.code == 3
    assert stderr_lines(run) == [f"{draft}: failed: {llm.url.split('/')[2]} is rate limiting (HTTP 429) after 2 attempts; wait, or lower --jobs"]


def test_5xx_is_retried_then_reported(llm, splint, draft) -> None:
    llm.add(DRAFT, [ERROR_500, GOOD])
    assert splint(*args(llm, "--retries", "1", str(draft))).code == 0
    assert len(llm.requests) == 2


def test_5xx_after_the_retries_is_one_line(llm, splint, draft) -> None:
    llm.add(DRAFT, [ERROR_500])
    run = splint(*args(llm, str(draft)))
    assert run.code == 3
    assert stderr_lines(run) == [f"{draft}: failed: {llm.url.split('/')[2]} failed with HTTP 500 after 1 attempt"]


def test_connection_refused(splint, draft, monkeypatch, tmp_path) -> None:
    import socket

    monkeypatch.setenv("SPLINT_CACHE_DIR", str(tmp_path / "cache"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = splint("rewrite", "--base-url", f"http://127.0.0.1:{port}/v1", "--model", "m", "--retries", "0", str(draft))
    assert run.code == 3
    lines = stderr_lines(run)
    assert len(lines) == 1 and lines[0].startswith(f"{draft}: failed: cannot connect to 127.0.0.1:{port}")


@pytest.mark.parametrize("status", [400, 401, 413])
def test_a_server_echoing_the_key_never_gets_it_shown(llm, splint, draft, status) -> None:
    echo = {"status": status, "body": {"error": {"message": f"Incorrect API key provided: {KEY}"}}}
    llm.add(DRAFT, [echo])
    run = splint(*args(llm, "--format", "json", str(draft)))
    assert run.code == 3
    assert KEY not in run.out + run.err
    assert f"HTTP {status}" in json.loads(run.out)["files"][0]["reason"]


@pytest.mark.parametrize("raw", ["<html><body>502 Bad Gateway</body></html>", "[1, 2]", "null", '{"choices": "oops"}'])
def test_a_body_that_is_not_a_completion_is_one_line(llm, splint, draft, tmp_path, raw) -> None:
    other = tmp_path / "other.prompt"
    other.write_text(DRAFT.replace("tokyo", "osaka"), encoding="utf-8")
    llm.add(DRAFT, [{"raw": raw, "content_type": "text/html" if raw.startswith("<") else "application/json"}])
    llm.add(DRAFT.replace("tokyo", "osaka"), [GOOD])
    run, payload = rewrite_json(splint, llm, str(draft), str(other))
    assert [f["status"] for f in payload["files"]] == ["failed", "rewritten"]
    assert "Traceback" not in run.err


def test_a_400_about_something_else_does_not_drop_structured_output(llm, splint, draft) -> None:
    too_long = {"status": 400, "body": {"error": {"message": "This model's maximum context length is 8192 tokens"}}}
    llm.add(DRAFT, [too_long, GOOD])
    run = splint(*args(llm, str(draft)))
    assert run.code == 3 and "maximum context length" in run.err
    assert len(llm.requests) == 1
    assert splint(*args(llm, str(draft))).code == 0
    assert llm.requests[1]["response_format"]["type"] == "json_schema"


def test_a_rewrite_cannot_smuggle_keys_into_the_front_matter(llm, splint, draft) -> None:
    sneaky = {"layers": {**VAGUE["layers"], "size": "1280x720\nignore: [vague-lighting]"}}
    llm.add(DRAFT, [sneaky, sneaky])
    _run, payload = rewrite_json(splint, llm, str(draft))
    entry = payload["files"][0]
    assert entry["status"] == "failed" and "size: string should match pattern" in entry["reason"]


def test_user_and_password_in_the_base_url_are_never_shown(llm, splint, draft) -> None:
    url = llm.url.replace("http://", "http://alice:s3cretpw@")
    run = splint("rewrite", "--base-url", url, "--model", "m", "--isolated", "--retries", "0", "--format", "json", str(draft))
    assert "s3cretpw" not in run.out + run.err and "alice" not in run.out + run.err
    assert json.loads(run.out)["server"] == llm.url.split("/")[2]


def test_a_dropped_subject_is_sent_back_then_refused(llm, splint, tmp_path) -> None:
    draft = tmp_path / "dog.prompt"
    text = "---\nseconds: 4\n---\nA golden retriever runs through a sunny park. cinematic lighting\n"
    draft.write_text(text, encoding="utf-8")
    cat = {"layers": {**GOOD["layers"], "seconds": 4, "model": None, "size": None,
                      "scene": "A tabby cat runs through a sunny park past a row of oak trees."}}
    llm.add("A golden retriever runs through a sunny park. cinematic lighting", [cat, cat])
    run = splint(*args(llm, str(draft)))
    assert run.code == 1
    assert "refused: drops the subject 'retriever'" in run.err
    assert "the subject 'retriever'" in llm.requests[1]["messages"][-1]["content"]


def test_the_same_file_named_twice_is_rewritten_once(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD, GOOD])
    run = splint(*args(llm, "--write", str(draft), str(draft), str(draft.parent / "." / draft.name)))
    assert run.code == 0 and len(llm.requests) == 1
    assert sorted(p.name for p in draft.parent.glob("chase*")) == ["chase.prompt", "chase.prompt.orig"]
    assert "Rewrote" in run.err and "(original kept as chase.prompt.orig)" in run.err


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/v1", "http://[::1/v1", "ftp://example.com/v1", "localhost:8000"])
def test_a_bad_base_url_is_a_one_line_error(splint, draft, url) -> None:
    run = splint("rewrite", "--base-url", url, "--model", "m", str(draft))
    assert run.code == 2
    assert run.err.startswith("splint: --base-url must be") and run.err.count("\n") == 1


def test_rejected_key_is_never_echoed(llm, splint, draft) -> None:
    echo = {"status": 401, "body": {"error": {"message": f"Incorrect API key provided: {KEY}", "type": "invalid_request_error"}}}
    llm.add(DRAFT, [echo])
    run = splint(*args(llm, str(draft)))
    assert run.code == 3
    assert KEY not in run.out + run.err
    assert "rejected the API key (HTTP 401); check OPENAI_API_KEY" in run.err


def test_server_without_structured_output_gets_json_mode_then_plain(llm, splint, draft) -> None:
    unsupported = {"status": 400, "body": {"error": {"message": "response_format is not supported"}}}
    llm.add(DRAFT, [unsupported, unsupported, {"content": "Here you go:\n" + json.dumps(GOOD["layers"])}])
    _run, payload = rewrite_json(splint, llm, str(draft))
    assert payload["files"][0]["status"] == "rewritten"
    formats = [r.get("response_format", {}).get("type") for r in llm.requests]
    assert formats == ["json_schema", "json_object", None]


def test_one_failing_file_does_not_stop_the_others(llm, splint, tmp_path, draft) -> None:
    other = tmp_path / "other.prompt"
    other.write_text("sunset, beach, waves, cinematic, 4k\n", encoding="utf-8")   # nothing recorded: HTTP 500
    llm.add(DRAFT, [GOOD])
    run, payload = rewrite_json(splint, llm, str(draft), str(other))
    assert run.code == 3
    assert [f["status"] for f in payload["files"]] == ["rewritten", "failed"]
    assert payload["summary"]["rewritten"] == 1 and payload["summary"]["failed"] == 1


def test_a_refused_rewrite_never_changes_the_file(llm, splint, draft) -> None:
    llm.add(DRAFT, [VAGUE, VAGUE])
    before = draft.read_bytes()
    run = splint(*args(llm, "--write", str(draft)))
    assert run.code == 1
    assert draft.read_bytes() == before
    assert sorted(p.name for p in draft.parent.iterdir() if p.name != "cache") == ["chase.prompt"]
    assert "refused: still flagged: vague-lighting" in run.err and "after one repair turn" in run.err
    # The repair turn sent the remaining diagnostic back.
    repair = llm.requests[1]["messages"]
    assert [m["role"] for m in repair] == ["system", "user", "assistant", "user"]
    assert "vague-lighting" in repair[-1]["content"]


# --- output and writing -----------------------------------------------------------------------


def test_write_keeps_the_original_and_never_overwrites_a_backup(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD])
    run = splint(*args(llm, "--write", str(draft)))
    assert run.code == 0, run.err
    new = draft.read_text(encoding="utf-8")
    assert new.startswith("---\nmodel: sora-2\nseconds: 8\nsize: 1280x720\n---\nA black muscle car")
    assert Path(f"{draft}.orig").read_text(encoding="utf-8") == DRAFT
    assert splint("check", "--isolated", str(draft)).code == 0
    # Rewriting again (--all) keeps the first backup and adds another.
    llm.add(new.split("---\n", 2)[2], [GOOD])
    assert splint(*args(llm, "--write", "--all", str(draft))).code == 0
    assert Path(f"{draft}.orig").read_text(encoding="utf-8") == DRAFT
    assert Path(f"{draft}.orig.1").read_text(encoding="utf-8") == new


def test_write_no_backup_and_front_matter_comments_kept(llm, splint, tmp_path) -> None:
    path = tmp_path / "pier.prompt"
    path.write_text("---\n# shot 4 of the pier sequence\nseconds: 8\n---\n" + DRAFT, encoding="utf-8")
    llm.add(DRAFT, [GOOD])
    assert splint(*args(llm, "--write", "--no-backup", str(path))).code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# shot 4 of the pier sequence\nseconds: 8\nmodel: sora-2\nsize: 1280x720\n---\n")
    assert not Path(f"{path}.orig").exists()


def test_diff_changes_nothing(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD])
    run = splint(*args(llm, "--diff", str(draft)))
    assert run.code == 0
    assert run.out.startswith(f"--- a/{draft}\n+++ b/{draft}\n")
    assert "-car chase, night, rain" in run.out and "+A black muscle car" in run.out
    assert draft.read_text(encoding="utf-8") == DRAFT


def test_stdin_json_carries_layers_and_the_generation_request(llm, splint) -> None:
    llm.add(DRAFT, [GOOD])
    run = splint(*args(llm, "--format", "json", "-"), stdin=DRAFT.encode())
    entry = json.loads(run.out)["files"][0]
    assert entry["layers"]["camera"] == GOOD["layers"]["camera"]
    assert entry["generation_request"] == {
        "model": "sora-2", "prompt": entry["prompt"].strip(), "size": "1280x720", "seconds": "8",
    }
    assert "keyword-list" in [d["rule"] for d in entry["diagnostics_before"]]


def test_a_clean_draft_on_stdin_passes_through_unchanged(llm, splint) -> None:
    clean = "---\nseconds: 8\nmodel: sora-2\n---\n" + "\n\n".join(
        GOOD["layers"][k] for k in ("scene", "camera", "lighting", "audio", "style")) + "\n"
    run = splint(*args(llm, "-"), stdin=clean.encode())
    assert run.code == 0 and run.out == clean and llm.requests == []


def test_collection_items_are_rewritten_but_not_written(llm, splint, tmp_path) -> None:
    coll = tmp_path / "shots.yaml"
    coll.write_text(f"- id: chase\n  seconds: 8\n  prompt: {json.dumps(DRAFT.strip())}\n", encoding="utf-8")
    llm.add(DRAFT, [GOOD])
    before = coll.read_bytes()
    run = splint(*args(llm, "--write", "-q", str(coll)))
    assert run.code == 2   # asked to write what cannot be written: said even with -q
    assert "not written: items of a collection are left as written" in run.err
    assert coll.read_bytes() == before


# --- usage errors -------------------------------------------------------------------------------


def test_no_model_is_a_one_line_error(splint, draft, monkeypatch) -> None:
    monkeypatch.delenv("SPLINT_REWRITE_MODEL", raising=False)
    run = splint("rewrite", "--base-url", "http://127.0.0.1:9/v1", str(draft))
    assert run.code == 2
    assert run.err == "splint: no rewrite model named; pass --model or set SPLINT_REWRITE_MODEL\n"


def test_openai_without_a_key_is_a_one_line_error(splint, draft, monkeypatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    run = splint("rewrite", "--model", "gpt-x", str(draft))
    assert run.code == 2
    assert run.err == "splint: OPENAI_API_KEY is not set; export it, or name another server with --base-url\n"


@pytest.mark.parametrize("flags", [("--diff", "--write"), ("--diff", "--format", "json")])
def test_conflicting_flags(splint, draft, flags) -> None:
    assert splint("rewrite", "--model", "m", *flags, str(draft)).code == 2


# --- cache --------------------------------------------------------------------------------------


def test_cache_answers_reruns_and_holds_no_key(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD, GOOD, GOOD])
    first = splint(*args(llm, str(draft)))
    second = splint(*args(llm, str(draft)))
    assert first.out == second.out and len(llm.requests) == 1
    assert "1 answered from cache" in second.err
    no_key_on_disk(llm.cache)
    # Another model is another key; --no-cache asks again.
    splint("rewrite", "--base-url", llm.url, "--model", "other-model", "--isolated", str(draft))
    assert len(llm.requests) == 2
    splint(*args(llm, "--no-cache", str(draft)))
    assert len(llm.requests) == 3


def test_cache_clean(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD, GOOD])
    splint(*args(llm, str(draft)))
    run = splint("cache", "clean")
    assert run.out.splitlines()[-1] == f"Removed 1 cached response from {llm.cache / 'rewrite'}"
    splint(*args(llm, str(draft)))
    assert len(llm.requests) == 2


# --- batches and interruption --------------------------------------------------------------------


CITIES = ("tokyo", "osaka", "seoul", "taipei", "bangkok", "manila", "hanoi", "jakarta", "busan", "kyoto", "nagoya", "sapporo")


def _drafts(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(n):
        path = folder / f"shot{i:02}.prompt"
        path.write_text(DRAFT.replace("tokyo", CITIES[i]), encoding="utf-8")
        paths.append(path)
    return paths


def test_batch_summary_counts_every_draft(llm, splint, tmp_path) -> None:
    paths = _drafts(tmp_path / "shots", 6)
    for path in paths:
        llm.add(path.read_text(encoding="utf-8"), [GOOD])
    run = splint(*args(llm, "--jobs", "3", "--write", str(tmp_path / "shots")))
    assert run.code == 0, run.err
    assert "6 prompts: 6 rewritten, 0 already clean, 0 refused, 0 failed; 6 calls" in run.err


def test_killed_mid_run_every_file_is_old_or_new(httpserver, tmp_path) -> None:
    """SIGKILL a real `splint rewrite --write` while it is writing: no file is ever half-written."""
    llm = Replayer(delay=0.15)
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(llm)
    paths = _drafts(tmp_path / "shots", 12)
    originals = {p.name: p.read_bytes() for p in paths}
    for path in paths:
        llm.add(path.read_text(encoding="utf-8"), [GOOD] * 50)
    env = {**os.environ, "OPENAI_API_KEY": KEY, "SPLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "splint", "rewrite", "--base-url", httpserver.url_for("/v1"),
               "--model", "m", "--isolated", "--no-cache", "--jobs", "2", "--write", str(tmp_path / "shots")]
    # A full run elsewhere gives the new text of each file.
    done = tmp_path / "done"
    _drafts(done, 12)
    subprocess.run([*command[:-1], str(done)], env=env, check=True, capture_output=True, timeout=120)
    expected = {p.name: p.read_bytes() for p in done.glob("*.prompt")}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.read_bytes() != originals[p.name] for p in paths):
        time.sleep(0.01)
    time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    states = []
    for path in paths:
        data = path.read_bytes()
        assert data in (originals[path.name], expected[path.name]), path.name
        states.append(data == expected[path.name])
        backup = Path(f"{path}.orig")
        if backup.exists():
            assert backup.read_bytes() == originals[path.name]
    assert any(states) and not all(states), "the kill should land mid-run"


def test_progress_bar_only_on_a_terminal(httpserver, tmp_path, splint, monkeypatch) -> None:
    llm = Replayer()
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(llm)
    paths = _drafts(tmp_path / "shots", 3)
    for path in paths:
        llm.add(path.read_text(encoding="utf-8"), [GOOD] * 4)
    env = {**os.environ, "OPENAI_API_KEY": KEY, "SPLINT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "splint", "rewrite", "--base-url", httpserver.url_for("/v1"),
               "--model", "m", "--isolated", "--no-cache", str(tmp_path / "shots")]
    seen = stderr_on_a_terminal(command, env)
    assert b"rewrite: " in seen and b"/3 [" in seen      # tqdm drew the bar on the terminal
    # Not a terminal (the in-process run captures stderr): no bar, only the summary.
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("SPLINT_CACHE_DIR", str(tmp_path / "cache2"))
    run = splint("rewrite", "--base-url", httpserver.url_for("/v1"), "--model", "m", "--isolated", "--no-cache",
                 str(tmp_path / "shots"))
    assert "\r" not in run.err and "/3 [" not in run.err
    assert run.err.endswith("3 prompts: 3 rewritten, 0 already clean, 0 refused, 0 failed; 3 calls, " + run.err.split("3 calls, ")[1])


# --- options --------------------------------------------------------------------------------------


def test_labelled_style_renders_the_template(llm, splint, draft) -> None:
    llm.add(DRAFT, [GOOD])
    run = splint(*args(llm, "--style", "labelled", str(draft)))
    assert run.code == 0, run.err
    body = run.out.split("---\n", 2)[2]
    assert [line.split("]:")[0] for line in body.splitlines()] == ["[SCENE", "[CAMERA", "[LIGHTING", "[AUDIO", "[STYLE"]
    assert body.startswith("[SCENE]: A black muscle car")


def test_rule_selection_and_fail_on_judge_drafts_and_rewrites(llm, splint, draft) -> None:
    # A reply the default settings send back (vague-lighting) is accepted with that rule off.
    vague = {"layers": {**GOOD["layers"], "lighting": "Moody, cinematic lighting.",
                        "scene": GOOD["layers"]["scene"].replace("at night", "at night past neon signs")}}
    llm.add(DRAFT, [vague, vague, vague])
    assert splint(*args(llm, "--no-cache", str(draft))).code == 1
    assert "vague-lighting" in llm.requests[1]["messages"][-1]["content"]
    assert splint(*args(llm, "--ignore", "vague-lighting", str(draft))).code == 0
    assert len(llm.requests) == 3
    # With --fail-on error, a draft with only warnings is not flagged: nothing is sent.
    run = splint(*args(llm, "--fail-on", "error", str(draft)))
    assert run.code == 0 and len(llm.requests) == 3
    assert "0 rewritten, 1 already clean" in run.err


def test_server_and_model_from_the_environment_and_no_key_for_a_local_server(llm, splint, draft, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", llm.url)
    monkeypatch.setenv("SPLINT_REWRITE_MODEL", "env-model")
    llm.add(DRAFT, [GOOD])
    run = splint("rewrite", "--isolated", "--max-tokens", "1000", str(draft))
    assert run.code == 0, run.err
    assert llm.requests[0]["model"] == "env-model"
    assert llm.requests[0]["max_completion_tokens"] == 1000
    assert llm.headers[0]["Authorization"] == "Bearer not-needed"


def test_an_unreadable_draft_is_one_line_and_the_others_are_rewritten(llm, splint, draft, tmp_path) -> None:
    bad = tmp_path / "bad.prompt"
    bad.write_bytes(b"A caf\xe9 at night.")
    llm.add(DRAFT, [GOOD])
    run, payload = rewrite_json(splint, llm, str(bad), str(draft))
    assert run.code == 2
    assert [f["status"] for f in payload["files"]] == ["error", "rewritten"]
    assert f"{bad}: not valid UTF-8" in run.err


def test_write_leaves_a_file_changed_since_it_was_read(tmp_path) -> None:
    from splint.linter.runner import Result
    from splint.linter.source import parse_prompt_file
    from splint.rewriter.batch import Job, write
    from splint.rewriter.verify import Outcome

    path = tmp_path / "x.prompt"
    path.write_text("edited by hand meanwhile\n", encoding="utf-8")
    prompt = parse_prompt_file(str(path), DRAFT)
    outcome = Outcome(prompt, "rewritten", Result(str(path), None, prompt.origin), document="new text\n")
    line, failed = write(outcome, Job(prompt, path, data=DRAFT.encode()), backup=True)
    assert failed and line == f"{path}: changed since it was read; rewrite not written"
    assert path.read_text(encoding="utf-8") == "edited by hand meanwhile\n"
    assert not Path(f"{path}.orig").exists()


def test_generation_request_carries_the_reference_or_remix_id() -> None:
    from splint.linter.source import parse_prompt_file
    from splint.rewriter.verify import generation_request
    from splint.rules import data

    profile = data.profile("sora-2-pro")
    prompt = parse_prompt_file("x.prompt", "---\ninput_reference: first.png\nremix_id: video_123\n---\nA dog runs.\n")
    request = generation_request(prompt, "A dog runs.\n", {"seconds": 12}, profile)
    assert request == {"model": "sora-2-pro", "prompt": "A dog runs.", "size": profile.default_size or profile.sizes[0].size,
                       "seconds": "12", "input_reference": "first.png", "remix_id": "video_123"}


def test_cache_clean_counts_answers_not_what_it_learnt_of_servers(llm, splint, draft) -> None:
    unsupported = {"status": 400, "body": {"error": {"message": "response_format is not supported"}}}
    llm.add(DRAFT, [unsupported, GOOD])
    assert splint(*args(llm, str(draft))).code == 0
    assert splint("cache", "clean").out.splitlines()[-1] == f"Removed 1 cached response from {llm.cache / 'rewrite'}"
