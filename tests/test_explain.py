"""`splint explain`: the reading behind the verdicts, as text and as JSON that its schema validates."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).parent / "snapshots" / "explain"


@pytest.fixture(scope="module")
def explain_schema() -> dict:
    from splint.linter.explain import schema_text

    return json.loads(schema_text())


def readings(splint, *args: str, stdin: str | None = None) -> list[dict]:
    run = splint("explain", "--isolated", "--format", "json", *args, stdin=stdin.encode() if stdin else None)
    return json.loads(run.out)["prompts"]


def test_shipped_examples_are_explained(splint, snapshot) -> None:
    """The text a writer reads for each shipped example (reviewed when it changes)."""
    run = splint("explain", "--isolated", str(ROOT / "corpus" / "examples"), cwd=ROOT)
    assert run.code == 0, run.err
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(run.out.replace(str(ROOT) + "/", ""), "examples.txt")


def test_json_follows_its_schema(splint, explain_schema, tmp_path) -> None:
    (tmp_path / "set.yaml").write_text(
        "prompts:\n  - id: one\n    prompt: A heron wades, stops, then strikes.\n"
        "  - id: two\n    prompt: Un héron marche lentement dans l'eau peu profonde au lever du soleil.\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    run = splint("explain", "--isolated", "--format", "json", str(ROOT / "corpus" / "examples"), str(tmp_path))
    body = json.loads(run.out)
    jsonschema.validate(body, explain_schema)
    assert run.code == 2   # the broken file
    by_path = {(Path(r["path"]).name, r.get("id")): r for r in body["prompts"]}
    assert "error" in by_path["broken.json", None]
    assert by_path["set.yaml", "two"]["read"] is False        # not English: not read as prose
    assert by_path["set.yaml", "one"]["read"] is True
    examples = len(list((ROOT / "corpus" / "examples").glob("*.prompt")))
    assert len(by_path) == examples + 3   # the examples are explained beside the broken file


def test_schema_command_prints_it(splint, explain_schema) -> None:
    assert json.loads(splint("schema", "explain-output").out) == explain_schema


def test_actions_are_laid_out_in_beats_of_the_clip(splint) -> None:
    [r] = readings(splint, "-", stdin="---\nseconds: 8\n---\nA heron wades through the shallows, stops, tilts its head, then strikes.")
    assert r["clip"] == {"seconds": 8, "from": "front matter", "seconds_per_action": 4, "actions_that_fit": 2}
    [judged] = [c for c in r["actions"] if c["judged"]]
    assert [a["beat"] for a in judged["actions"]] == ["0-4 s", "4-8 s", None, None]
    assert [a["text"] for a in judged["actions"]][:2] == ["wades", "stops"]
    assert "too-many-actions" in {d["rule"] for d in r["diagnostics"]}


def test_a_timeline_sets_the_clip_length(splint) -> None:
    [r] = readings(splint, "-", stdin=(
        "[00:00-00:04] A kite lifts off the dune.\n[00:04-00:08] It dips toward the surf.\n"
        "[00:08-00:12] A boy reels it in as gulls cry.\n"))
    assert (r["clip"]["seconds"], r["clip"]["from"], r["clip"]["actions_that_fit"]) == (12, "prompt", 3)


def test_layers_say_labelled_described_or_missing(splint) -> None:
    [r] = readings(splint, "-", stdin="Camera: a slow dolly-in at eye level.\nA grey cat sleeps on a sunny windowsill as rain taps the glass.")
    status = {layer["layer"]: layer["status"] for layer in r["layers"]}
    assert status["camera"] == "labelled"
    assert status["audio"] == "described"
    assert status["style"] == "missing"
    camera = next(layer for layer in r["layers"] if layer["layer"] == "camera")
    assert camera["lines"] == [1]
    audio = next(layer for layer in r["layers"] if layer["layer"] == "audio")
    assert any("taps" in m["text"] for m in audio["found"])


def test_a_keyword_list_shows_its_fragments(splint) -> None:
    run = splint("explain", "--isolated", "-", stdin=b"car chase, night, rain, neon, 8k")
    assert "5 fragments: car chase | night | rain | neon | 8k" in run.out
    assert "ST001 keyword-list 1:1" in run.out


def test_a_missing_file_is_one_line_and_the_rest_is_explained(splint, tmp_path) -> None:
    good = tmp_path / "good.prompt"
    good.write_text("A grey cat sleeps on a windowsill.", encoding="utf-8")
    run = splint("explain", "--isolated", str(tmp_path / "nope.prompt"), str(good))
    assert run.code == 2
    assert run.err.strip().endswith("nope.prompt: no such file or directory")
    assert len(run.err.strip().splitlines()) == 1
    assert "good.prompt (sora-2" in run.out


def test_the_readme_example_is_what_explain_prints(splint) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ splint explain corpus/examples/busy-morning.prompt corpus/examples/chase-keywords.prompt\n"
    assert command in readme
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    run = splint("explain", "--isolated", "corpus/examples/busy-morning.prompt", "corpus/examples/chase-keywords.prompt",
                 cwd=ROOT)
    assert run.out.rstrip("\n") == shown.rstrip("\n")


def test_each_file_is_read_with_its_own_config_beside_stdin(splint, tmp_path) -> None:
    (tmp_path / "pro").mkdir()
    (tmp_path / "pro" / "splint.toml").write_text('target = "sora-2-pro"\n', encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "cat.prompt").write_text("A grey cat sleeps on a windowsill.", encoding="utf-8")
    run = splint("explain", "--format", "json", "--stdin-filename", "pro/dog.prompt", "-", "plain/cat.prompt",
                 cwd=tmp_path, stdin=b"A dog naps on a porch.")
    targets = {Path(r["path"]).name: r["target"] for r in json.loads(run.out)["prompts"]}
    assert targets == {"dog.prompt": "sora-2-pro", "cat.prompt": "sora-2"}
