"""``splint generate`` end to end: the real CLI and the real openai SDK against a real HTTP
server on 127.0.0.1 replaying the recorded ``/v1/videos`` exchanges of ``corpus/generate/``."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, KEY, SNAPSHOTS, generate_args, no_key_on_disk, stderr_on_a_terminal
from video_replay import MEDIA, VideoCase, cases, free_port

CASES = cases()
EXIT = {"completed": 0, "blocked": 1, "rejected": 3, "failed": 3, "timeout": 3, "error": 3}


def _copy(case: VideoCase, where: Path) -> Path:
    """The case's prompt in a folder of its own (its input_reference path still resolving)."""
    folder = where / case.name
    folder.mkdir(parents=True)
    target = folder / "prompt.prompt"
    shutil.copy(case.prompt_file, target)
    if (media := where / "media").exists() is False:
        shutil.copytree(MEDIA, media)
    return target


def _files(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*")) if out.exists() else []


def _front(case: VideoCase) -> dict:
    import yaml

    text = case.prompt_file.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}


def test_corpus_covers_every_outcome() -> None:
    assert len(CASES) >= 12
    assert {c.expect["status"] for c in CASES} == set(EXIT)
    assert any(c.video_id and _front(c).get("remix_id") for c in CASES)
    assert any(_front(c).get("input_reference") for c in CASES)
    assert any("cut_after" in (c.exchange.get("content") or {}) for c in CASES)
    assert any(isinstance(c.exchange["create"], list) for c in CASES)     # a retried create


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_recorded_exchange(case: VideoCase, videos, splint, snapshot, tmp_path: Path) -> None:
    prompt = _copy(case, tmp_path)
    out = tmp_path / "out"
    run = splint(*generate_args(videos, out, *case.args), str(prompt))
    status = case.expect["status"]
    assert run.code == EXIT[status], run.err
    assert KEY not in run.out + run.err
    no_key_on_disk(tmp_path)
    front = _front(case)

    if status == "blocked":
        assert videos.seen == []                                    # it costs money: nothing was sent
        assert case.expect["message"] in run.err and "--force" in run.err
        assert _files(out) == []
        return

    created = videos.requests("POST")
    assert created, "nothing was sent"
    assert all(s.headers.get("Authorization") == f"Bearer {KEY}" for s in videos.seen)
    if front.get("remix_id"):
        # client.videos.remix: JSON with the prompt only, at the earlier video's remix route.
        assert created[0].path == f"/v1/videos/{front['remix_id']}/remix"
        assert created[0].json == {"prompt": case.body}
    else:
        # client.videos.create: multipart form fields, the reference image as a file part.
        assert created[0].path == "/v1/videos" and created[0].content_type.startswith("multipart/form-data")
        assert created[0].form["prompt"] == case.body
        assert created[0].form["model"] == front.get("model", "sora-2")
        assert created[0].form["seconds"] == str(front.get("seconds", 4))
        assert created[0].form["size"] == str(front.get("size", "1280x720"))
        if front.get("input_reference"):
            name, kind, data = created[0].files["input_reference"]
            reference = (case.prompt_file.parent / front["input_reference"]).resolve()
            assert (name, kind, data) == (reference.name, "image/png", reference.read_bytes())
        else:
            assert created[0].files == {}

    lines = [line for line in (run.out + run.err).splitlines() if str(prompt) in line]
    if status != "completed":
        assert len(lines) == 1, run.err                             # one clear line per prompt
        assert case.expect["message"] in lines[0]
        assert _files(out) == []                                    # no partial MP4, no temp file, no sidecar
    else:
        name = f"prompt-{case.video_id}"
        expected = [f"{name}.json", f"{name}.mp4"] + ([f"{name}.thumbnail.webp"] if "--thumbnail" in case.args else [])
        assert _files(out) == sorted(expected)
        recorded = MEDIA / case.exchange["content"]["file"]
        assert (out / f"{name}.mp4").read_bytes() == recorded.read_bytes()
        sidecar = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert sidecar["video_id"] == case.video_id
        assert sidecar["request"]["prompt"] == case.body
        assert sidecar["sha256"] == hashlib.sha256(recorded.read_bytes()).hexdigest()
        assert sidecar["files"]["video"] == f"{name}.mp4"
        assert sidecar["timings"]["total_seconds"] >= sidecar["timings"]["generation_seconds"] >= 0
        assert f"{case.video_id} -> {out / name}.mp4" in run.out

    # The whole outcome, with what changes from run to run (paths, port, clock) taken out.
    report = {"exit": run.code, "lines": lines, "files": _files(out)}
    if status == "completed":
        report["sidecar"] = {k: v for k, v in sidecar.items() if k not in ("timings", "splint", "source", "server")}
    text = json.dumps(report, indent=2, ensure_ascii=False)
    text = text.replace(str(tmp_path), "<tmp>").replace(videos.url, "<server>")
    text = re.sub(r"(127\.0\.0\.1|localhost):\d+", r"\1:<port>", text)
    text = re.sub(r"ready in \d+ s", "ready in <n> s", text)
    snapshot.snapshot_dir = SNAPSHOTS / "generate"
    snapshot.assert_match(text + "\n", f"{case.name}.json")


def _case(name: str) -> VideoCase:
    return next(c for c in CASES if c.name == name)


def test_a_batch_carries_on_past_failures(videos, splint, tmp_path: Path) -> None:
    names = ["completed-harbour-dawn", "failed-generation", "error-download-cut", "completed-veo-gateway",
             "rejected-moderation-create", "blocked-keyword-list"]
    for name in names:
        _copy(_case(name), tmp_path / "prompts")
    out = tmp_path / "out"
    run = splint(*generate_args(videos, out, "--jobs", "3", "--yes"), str(tmp_path / "prompts"))
    assert run.code == 3, run.err
    assert sorted(_files(out)) == sorted(
        f"prompt-{_case(n).video_id}.{ext}" for n in ("completed-harbour-dawn", "completed-veo-gateway")
        for ext in ("mp4", "json"))
    assert "6 prompts: 2 generated, 3 failed, 1 not sent." in run.err
    for name, words in [("failed-generation", "generation failed"), ("error-download-cut", "cut off"),
                        ("rejected-moderation-create", "rejected by moderation"), ("blocked-keyword-list", "not sent")]:
        assert len([line for line in run.err.splitlines() if f"/{name}/" in line]) == 1
        assert any(f"/{name}/" in line and words in line for line in run.err.splitlines())
    # The estimate is printed before anything is sent: 4 clips of sora-2 at $0.10/s and 8 s of Veo 1080p at $0.40/s.
    assert "Sending 5 videos, 40 s in all, about $6.40 at the target profiles' list prices." in run.err


def test_a_batch_without_a_terminal_needs_yes(videos, splint, tmp_path: Path) -> None:
    for name in ("completed-harbour-dawn", "completed-veo-gateway"):
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out"), str(tmp_path / "prompts"))
    assert run.code == 2
    assert run.err.strip().splitlines()[-1] == (
        "splint: 2 videos, 16 s in all, about $4.00 at the target profiles' list prices; "
        "pass --yes to send them without a terminal to confirm on")
    assert videos.seen == []


def test_dry_run_prints_the_requests_and_sends_nothing(videos, splint, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")                         # no key is needed to look
    for name in ("completed-input-reference", "remix-cooler-grade", "blocked-keyword-list"):
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out", "--dry-run"), str(tmp_path / "prompts"))
    assert run.code == 1                                          # the keyword list would not be sent
    payload = json.loads(run.out)
    assert videos.seen == [] and _files(tmp_path / "out") == []
    by_case = {Path(v["path"]).parent.name: v for v in payload["videos"]}
    assert by_case["blocked-keyword-list"]["status"] == "not sent"
    reference = by_case["completed-input-reference"]
    assert reference["status"] == "planned" and reference["method"] == "create"
    assert reference["request"] == {"model": "sora-2", "prompt": _case("completed-input-reference").body,
                                    "size": "1280x720", "seconds": "8",
                                    "input_reference": "../media/reference-1280x720.png"}
    assert reference["estimated_cost_usd"] == 0.8
    remix = by_case["remix-cooler-grade"]
    assert remix["method"] == "remix" and remix["request"]["remix_id"] == _front(_case("remix-cooler-grade"))["remix_id"]
    assert payload["summary"]["planned"] == 2 and payload["summary"]["not_sent"] == 1


def test_force_sends_a_flagged_prompt_with_a_warning(videos, splint, tmp_path: Path) -> None:
    case = _case("blocked-keyword-list")
    prompt = _copy(case, tmp_path)
    run = splint(*generate_args(videos, tmp_path / "out", "--force"), str(prompt))
    assert run.code == 0, run.err
    assert "warning: sending despite" in run.err and "keyword-list" in run.err
    sidecar = json.loads((tmp_path / "out" / f"prompt-{case.video_id}.json").read_text(encoding="utf-8"))
    assert "ST001 [keyword-list]" in sidecar["forced"]


def test_a_retired_model_is_not_sent_to_openai(videos, splint, tmp_path: Path) -> None:
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)
    run = splint("generate", "-o", str(tmp_path / "out"), "--isolated", str(prompt))
    assert run.code == 1
    assert "not sent: sora-2 was retired by OpenAI on 2026-09-24 and api.openai.com no longer serves it" in run.err
    assert "--base-url" in run.err
    assert videos.seen == []


def test_connection_refused_is_one_line(videos, splint, tmp_path: Path) -> None:
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)
    url = f"http://127.0.0.1:{free_port()}/v1"
    run = splint("generate", "--base-url", url, "-o", str(tmp_path / "out"), "--isolated", "--retries", "0", str(prompt))
    assert run.code == 3
    [line] = [line for line in run.err.splitlines() if str(prompt) in line]
    assert "cannot connect to 127.0.0.1" in line
    assert "Traceback" not in run.err and _files(tmp_path / "out") == []


def test_timeout_gives_up_on_time(videos, splint, tmp_path: Path) -> None:
    prompt = _copy(_case("timeout-stuck-queued"), tmp_path)
    started = time.monotonic()
    run = splint(*generate_args(videos, tmp_path / "out", "--timeout", "0.3"), str(prompt))
    assert run.code == 3
    assert time.monotonic() - started < 10
    assert "timed out after 0.3 s waiting for video_" in run.err and "in_progress, 12%" in run.err


def test_remix_option_names_the_earlier_take(videos, splint, tmp_path: Path) -> None:
    case = _case("remix-cooler-grade")
    earlier = _front(case)["remix_id"]
    prompt = tmp_path / "take2.prompt"
    prompt.write_text(case.body + "\n", encoding="utf-8")   # no remix_id in the file: the option names it
    run = splint(*generate_args(videos, tmp_path / "out", "--remix", earlier), str(prompt))
    assert run.code == 0, run.err
    assert videos.requests("POST")[0].path == f"/v1/videos/{earlier}/remix"
    assert (tmp_path / "out" / f"take2-{case.video_id}.mp4").is_file()


def test_remix_reads_the_video_id_from_a_sidecar(videos, splint, tmp_path: Path) -> None:
    first = _case("completed-harbour-dawn")
    prompt = _copy(first, tmp_path)
    assert splint(*generate_args(videos, tmp_path / "out"), str(prompt)).code == 0
    sidecar = tmp_path / "out" / f"prompt-{first.video_id}.json"
    take2 = tmp_path / "take2.prompt"
    take2.write_text(_case("remix-cooler-grade").body + "\n", encoding="utf-8")
    run = splint(*generate_args(videos, tmp_path / "out", "--remix", str(sidecar)), str(take2))
    assert run.code == 0, run.err
    assert videos.requests("POST")[-1].path == f"/v1/videos/{first.video_id}/remix"


def test_remix_takes_one_prompt(videos, splint, tmp_path: Path) -> None:
    for name in ("completed-harbour-dawn", "completed-veo-gateway"):
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out", "--remix", "video_123"), str(tmp_path / "prompts"))
    assert run.code == 2 and "give it one prompt, not 2" in run.err
    run = splint(*generate_args(videos, tmp_path / "out", "--remix", "../etc/passwd"), str(tmp_path / "prompts"))
    assert run.code == 2 and "is not a video id" in run.err
    assert videos.seen == []


def test_an_unreadable_prompt_does_not_stop_the_others(videos, splint, tmp_path: Path) -> None:
    case = _case("completed-harbour-dawn")
    _copy(case, tmp_path / "prompts")
    (tmp_path / "prompts" / "broken.prompt").write_bytes(b"---\nseconds: [\n---\nA dog.\n")
    run = splint(*generate_args(videos, tmp_path / "out", "--yes"), str(tmp_path / "prompts"))
    assert run.code == 2
    assert any("broken.prompt" in line for line in run.err.splitlines())
    assert (tmp_path / "out" / f"prompt-{case.video_id}.mp4").is_file()


def test_json_format_lists_every_video(videos, splint, tmp_path: Path) -> None:
    for name in ("completed-pro-portrait", "failed-generation"):
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out", "--format", "json", "--yes", "--thumbnail"),
                 str(tmp_path / "prompts"))
    assert run.code == 3
    payload = json.loads(run.out)
    by_case = {Path(v["path"]).parent.name: v for v in payload["videos"]}
    done = by_case["completed-pro-portrait"]
    assert done["status"] == "generated" and Path(done["files"]["video"]).is_file()
    assert Path(done["files"]["thumbnail"]).read_bytes() == (MEDIA / "thumbnail.webp").read_bytes()
    assert Path(done["sidecar"]).is_file()
    failed = by_case["failed-generation"]
    assert failed["status"] == "failed" and "generation failed" in failed["error"]
    assert failed["video_id"] == _case("failed-generation").video_id
    assert payload["summary"]["generated"] == 1 and payload["summary"]["failed"] == 1


def test_collection_items_get_their_own_names(videos, splint, tmp_path: Path) -> None:
    a, b = _case("completed-harbour-dawn"), _case("completed-veo-gateway")
    items = [
        {"id": "dawn", "prompt": a.body, **{k: v for k, v in _front(a).items()}},
        {"id": "veo/1", "prompt": b.body, **{k: v for k, v in _front(b).items()}},
    ]
    (tmp_path / "shots.jsonl").write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    run = splint(*generate_args(videos, tmp_path / "out", "--yes"), str(tmp_path / "shots.jsonl"))
    assert run.code == 0, run.err
    names = _files(tmp_path / "out")
    assert f"shots-dawn-{a.video_id}.mp4" in names and f"shots-veo-1-{b.video_id}.mp4" in names


def test_video_key_and_server_from_the_environment(videos, splint, tmp_path: Path, monkeypatch) -> None:
    other = "sk-video-Zr8Pq2Lm5Nx7"
    monkeypatch.setenv("SPLINT_VIDEO_API_KEY", other)
    monkeypatch.setenv("SPLINT_VIDEO_BASE_URL", videos.url)
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)
    run = splint("generate", "-o", str(tmp_path / "out"), "--isolated", "--poll-interval", "0.01", str(prompt))
    assert run.code == 0, run.err
    assert videos.seen[0].headers["Authorization"] == f"Bearer {other}"
    assert other not in run.out + run.err


# --- splint rewrite --generate ----------------------------------------------------------------


def _rewrite_then_generate(llm, videos, splint, tmp_path: Path, case_name: str):
    from replay import REWRITE_CASES, load_case

    rewrite_case = load_case(REWRITE_CASES / case_name)
    llm.add(rewrite_case.body, rewrite_case.replies)
    videos.fallback = _case("completed-harbour-dawn")      # the job the video server runs for the rewrite
    draft = tmp_path / "draft.prompt"
    draft.write_text(rewrite_case.draft, encoding="utf-8")
    run = splint("rewrite", "--base-url", llm.url, "--model", "replay-model", "--isolated", "--retries", "0",
                 "--generate", "--video-base-url", videos.url, "-o", str(tmp_path / "out"), str(draft))
    return rewrite_case, draft, run


def test_rewrite_generate_goes_from_draft_to_mp4(llm, videos, splint, tmp_path: Path) -> None:
    rewrite_case, draft, run = _rewrite_then_generate(llm, videos, splint, tmp_path, "a-actions-climber-crux")
    assert run.code == 0, run.err
    video_id = videos.fallback.video_id
    mp4 = tmp_path / "out" / f"draft-{video_id}.mp4"
    assert mp4.read_bytes() == (MEDIA / "clip.mp4").read_bytes()
    sent = videos.requests("POST", "/v1/videos")[0].form
    sidecar = json.loads(mp4.with_suffix(".json").read_text(encoding="utf-8"))
    # What went to the video server is the verified rewrite, not the flagged draft.
    assert sent["prompt"] == sidecar["request"]["prompt"] != rewrite_case.body
    assert "jams her fingers into a crack" in sent["prompt"]
    assert (sent["model"], sent["seconds"], sent["size"]) == ("sora-2", "8", "1280x720")
    document = f"---\nmodel: {sent['model']}\nseconds: {sent['seconds']}\nsize: {sent['size']}\n---\n{sent['prompt']}\n"
    check = splint("check", "--isolated", "-", stdin=document.encode("utf-8"))
    assert check.code == 0, check.out
    assert draft.read_text(encoding="utf-8") == rewrite_case.draft          # no --write: the draft stays
    assert KEY not in run.out + run.err


def test_rewrite_generate_sends_nothing_for_a_refused_draft(llm, videos, splint, tmp_path: Path) -> None:
    _, _, run = _rewrite_then_generate(llm, videos, splint, tmp_path, "b-dropped-subject-twice-orchard-collie")
    assert run.code == 1
    assert "refused" in run.err
    assert videos.seen == [] and _files(tmp_path / "out") == []


def test_progress_bar_on_a_terminal_only(videos, splint, tmp_path: Path) -> None:
    for name in ("completed-harbour-dawn", "completed-pro-portrait"):
        _copy(_case(name), tmp_path / "prompts")
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    command = [sys.executable, "-m", "splint", *generate_args(videos, tmp_path / "out", "--yes"),
               "--poll-interval", "0.05", str(tmp_path / "prompts")]
    seen = stderr_on_a_terminal(command, env).decode("utf-8", "replace")
    # tqdm drew one bar for the batch, with the server's status and percent.
    assert "generate: " in seen and "in_progress 85%" in seen and "/2 done" in seen
    assert len(_files(tmp_path / "out")) == 4
    run = splint(*generate_args(videos, tmp_path / "out2", "--yes"), str(tmp_path / "prompts"))
    assert "\r" not in run.err and "done, last:" not in run.err
    assert run.err.endswith("2 prompts: 2 generated, 0 failed, 0 not sent.\n")


# --- what a server can get wrong, and what the user can ----------------------------------------


def _variant(videos, name: str, **changes) -> VideoCase:
    """A recorded case with parts of its exchange replaced (the same prompt finds it)."""
    import copy

    case = copy.deepcopy(_case(name))
    case.exchange.update(changes)
    videos.add(case)
    return case


def test_odd_answers_fail_one_prompt_not_the_batch(videos, splint, tmp_path: Path) -> None:
    _variant(videos, "completed-harbour-dawn", create={"status": 200, "body": "<html>Bad gateway</html>"})
    veo = _case("completed-veo-gateway")
    percent = [dict(p) for p in veo.exchange["polls"]]
    for poll in percent:
        poll["body"] = {**poll["body"], "progress": f"{poll['body']['progress']}%"}     # "40%", not 40
    _variant(videos, "completed-veo-gateway", polls=percent)
    _variant(videos, "completed-pro-portrait", create={"status": 200, "body": {"id": "..", "object": "video",
                                                                               "status": "queued", "progress": 0}})
    for name in ("completed-harbour-dawn", "completed-veo-gateway", "completed-pro-portrait"):
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out", "--yes"), str(tmp_path / "prompts"))
    assert run.code == 3, run.err
    assert "Traceback" not in run.err
    lines = run.err.splitlines()
    assert any("/completed-harbour-dawn/" in line and "not a video job" in line for line in lines)
    assert any("/completed-pro-portrait/" in line and "no usable id" in line for line in lines)
    assert _files(tmp_path / "out") == sorted(f"prompt-{veo.video_id}.{ext}" for ext in ("json", "mp4"))


def test_an_unwritable_output_folder_sends_nothing(videos, splint, tmp_path: Path) -> None:
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    run = splint(*generate_args(videos, blocker / "out"), str(prompt))
    assert run.code == 2
    assert f"{blocker / 'out'}: cannot write videos there" in run.err and "nothing sent" in run.err
    assert videos.seen == []


def test_a_failed_thumbnail_is_a_warning_not_a_failure(videos, splint, tmp_path: Path) -> None:
    case = _variant(videos, "completed-pro-portrait",
                    thumbnail={"body": "<html>oops</html>", "content_type": "text/html"})
    prompt = _copy(case, tmp_path)
    run = splint(*generate_args(videos, tmp_path / "out", "--thumbnail", "--format", "json"), str(prompt))
    assert run.code == 0, run.err
    [video] = json.loads(run.out)["videos"]
    assert video["status"] == "generated"
    assert video["warnings"] == [(f"no thumbnail: localhost:{videos.url.split(':')[2].split('/')[0]} sent text/html "
                                 f"for the thumbnail of {case.video_id}, not an image")]
    assert _files(tmp_path / "out") == sorted(f"prompt-{case.video_id}.{ext}" for ext in ("json", "mp4"))
    sidecar = json.loads(Path(video["sidecar"]).read_text(encoding="utf-8"))
    assert sidecar["warnings"] == video["warnings"]


def test_a_poll_that_hangs_counts_against_the_timeout(videos, splint, tmp_path: Path) -> None:
    videos.poll_delay = 4.0
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)
    started = time.monotonic()
    run = splint(*generate_args(videos, tmp_path / "out", "--timeout", "1"), str(prompt))
    assert time.monotonic() - started < 3.5
    assert run.code == 3
    assert "timed out after 1 s waiting for video_" in run.err and "did not answer a poll" in run.err


def test_jobs_bounds_the_videos_in_flight(videos, splint, tmp_path: Path) -> None:
    names = ["completed-harbour-dawn", "completed-veo-gateway", "completed-pro-portrait", "completed-input-reference"]
    for name in names:
        _copy(_case(name), tmp_path / "prompts")
    run = splint(*generate_args(videos, tmp_path / "out", "--yes", "--jobs", "2"), str(tmp_path / "prompts"))
    assert run.code == 0, run.err
    assert videos.max_active == 2
    keys = [s.headers.get("Idempotency-Key") for s in videos.requests("POST")]
    assert all(keys) and len(set(keys)) == 4          # one key per job: a retried create is not a second job


def test_retired_is_judged_by_the_model_sent(videos, splint, tmp_path: Path) -> None:
    prompt = _copy(_case("completed-harbour-dawn"), tmp_path)            # model: sora-2
    run = splint("generate", "--target", "veo-3.1", "--base-url", "https://api.openai.com:443/v1", "--dry-run",
                 "--isolated", str(prompt))
    assert run.code == 1
    assert "not sent: sora-2 was retired by OpenAI" in run.err


def test_video_options_need_generate(llm, splint, tmp_path: Path) -> None:
    run = splint("rewrite", "--base-url", llm.url, "--model", "m", "-o", str(tmp_path), "--thumbnail", "x.prompt")
    assert run.code == 2 and "--output-dir, --thumbnail only work with --generate" in run.err


def test_ctrl_c_names_the_jobs_left_running(videos, tmp_path: Path) -> None:
    import signal
    import subprocess

    case = _case("timeout-stuck-queued")                      # in_progress forever
    prompt = _copy(case, tmp_path)
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    command = [sys.executable, "-m", "splint", *generate_args(videos, tmp_path / "out", "--timeout", "60"),
               str(prompt)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(videos.requests("GET")) < 3 and time.monotonic() < deadline:     # submitted, and being polled
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert f"{prompt}: interrupted; {case.video_id} may still finish on localhost:" in err
    assert "Traceback" not in err and _files(tmp_path / "out") == []


def test_rewrite_generate_names_its_own_server_option(llm, videos, splint, tmp_path: Path) -> None:
    draft = tmp_path / "inle.prompt"
    shutil.copy(CORPUS / "examples" / "clean-narrative-inle-fisherman.prompt", draft)   # clean: no rewrite needed
    run = splint("rewrite", "--base-url", llm.url, "--model", "m", "--isolated", "--generate",
                 "--video-base-url", "https://api.openai.com/v1", "-o", str(tmp_path / "out"), str(draft))
    assert run.code == 1
    assert (f"{draft}: not sent: sora-2 was retired by OpenAI on 2026-09-24 and api.openai.com no longer serves it; "
            "name a server that does with --video-base-url") in run.err
    assert llm.requests == [] and videos.seen == []
