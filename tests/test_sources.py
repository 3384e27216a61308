"""Reading prompt sources: front matter, collections, positions, and every kind of bad input."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TAGS = "A knight rides through fog, cinematic, 8k, ultra detailed. Hooves thud on wet earth."


def positions(run) -> list[tuple[str, str | None, int, int, str]]:
    return [
        (e["path"], e.get("id"), d["location"]["row"], d["location"]["column"], d["rule"])
        for e in run.json()["files"]
        for d in e["diagnostics"]
    ]


def test_front_matter_seconds_sets_the_action_budget(tmp_path: Path, splint) -> None:
    body = "A chef dices an onion, then sweeps it into a sizzling pan. Oil hisses."
    (tmp_path / "four.prompt").write_text(body)
    (tmp_path / "eight.prompt").write_text(f"---\nseconds: 8\n---\n{body}")
    run = splint("check", "--isolated", "--select", "too-many-actions", "--format", "json", str(tmp_path))
    fired = {Path(e["path"]).name: [d["rule"] for d in e["diagnostics"]] for e in run.json()["files"]}
    assert fired == {"eight.prompt": [], "four.prompt": ["too-many-actions"]}


def test_rows_and_columns_count_characters_after_front_matter(tmp_path: Path, splint) -> None:
    text = "---\nmodel: sora-2\n---\nÉmile, 東京の夜 🌃. " + TAGS
    (tmp_path / "p.prompt").write_text(text, encoding="utf-8")
    run = splint("check", "--isolated", "--select", "keyword-list", "--format", "json", str(tmp_path / "p.prompt"))
    [(_, _, row, col, rule)] = positions(run)
    line = text.split("\n")[3]
    assert (row, rule) == (4, "keyword-list")
    assert line[col - 1:].startswith("cinematic")


def test_crlf_file_positions(tmp_path: Path, splint) -> None:
    text = "---\r\nseconds: 4\r\n---\r\nA quiet street.\r\nA knight rides, cinematic, 8k, ultra detailed.\r\n"
    (tmp_path / "crlf.prompt").write_bytes(text.encode())
    run = splint("check", "--isolated", "--select", "keyword-list", "--format", "json", str(tmp_path / "crlf.prompt"))
    [(_, _, row, col, _)] = positions(run)
    assert row == 5 and "A knight rides, cinematic"[col - 1:].startswith("cinematic")


def test_labelled_layers_and_excerpt(tmp_path: Path, splint) -> None:
    (tmp_path / "t.prompt").write_text(
        "[SCENE]: A fisherman mends a net on the pier.\n[CAMERA]: slow dolly-in, shallow focus\n"
        "[LIGHTING]: cinematic, dramatic\n[AUDIO]: gulls cry, rigging clinks\n[STYLE]: 16mm, muted teal\n"
    )
    run = splint("check", "--isolated", str(tmp_path / "t.prompt"))
    assert run.code == 1
    assert ":3:13: VG001 [vague-lighting]" in run.out
    assert "3 | [LIGHTING]: cinematic, dramatic" in run.out
    assert "keyword-list" not in run.out and "missing-audio" not in run.out


CLEAN = "A potter centres clay on a wheel; the wheel hums."
COLLECTIONS = {
    # suffix: (file text, row of the flagged item's prompt)
    ".yaml": (f"prompts:\n  - id: clean\n    prompt: {CLEAN}\n  - id: tags\n    seconds: 8\n    prompt: |\n      {TAGS}\n", 7),
    ".json": (f'[\n  {{"id": "clean", "prompt": "{CLEAN}"}},\n  {{"id": "tags", "seconds": "8", "prompt": "{TAGS}"}}\n]\n', 3),
    ".jsonl": (f'{{"id": "clean", "prompt": "{CLEAN}"}}\n{{"id": "tags", "seconds": 8, "prompt": "{TAGS}"}}\n', 2),
}


@pytest.mark.parametrize("suffix", sorted(COLLECTIONS))
def test_collections_report_item_ids_and_file_positions(tmp_path: Path, splint, suffix: str) -> None:
    text, expected_row = COLLECTIONS[suffix]
    path = tmp_path / f"c{suffix}"
    path.write_text(text)
    run = splint("check", "--isolated", "--select", "keyword-list", "--format", "json", str(path))
    assert [e["id"] for e in run.json()["files"]] == ["clean", "tags"]
    [(_, item, row, col, _)] = positions(run)
    assert item == "tags" and row == expected_row
    assert text.split("\n")[row - 1][col - 1:].startswith("cinematic")


def test_positions_inside_escaped_collection_strings(tmp_path: Path, splint) -> None:
    """Escapes before a finding (\\u00e9, \\", \\n) shift it in the file, not in the prompt."""
    prompt = 'Caf\\u00e9 \\"Le Nord\\" at night.\\nA waiter sweeps \\u2014 slowly. Dramatic lighting, very moody.'
    text = f'{{"id": "a", "prompt": "{prompt}"}}\n' * 3
    path = tmp_path / "escaped.jsonl"
    path.write_text(text, encoding="utf-8")
    run = splint("check", "--isolated", "--select", "vague-lighting", "--format", "json", str(path))
    found = positions(run)
    assert [(row, item) for _, item, row, _, _ in found] == [(1, "a"), (2, "a"), (3, "a")]
    for _, _, row, col, _ in found:
        assert text.split("\n")[row - 1][col - 1:].startswith("Dramatic lighting")


BAD = {
    "invalid-utf8.prompt": (b"A caf\xe9 at night.", "not valid UTF-8"),
    "binary.prompt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    "empty.prompt": (b"   \n", "empty prompt"),
    "unclosed.prompt": (b"---\nseconds: 8\nA dog runs.", "never closed"),
    "broken-yaml.prompt": (b"---\nseconds: [8\n---\nA dog runs.", "not valid YAML"),
    "wrong-type.prompt": (b"---\nseconds: \"ten\"\n---\nA dog runs.", "seconds: expected a whole number"),
    "unknown-param.prompt": (b"---\nduration: 8\n---\nA dog runs.", "unknown parameter 'duration'"),
    "bad-size.prompt": (b"---\nsize: big\n---\nA dog runs.", "expected WIDTHxHEIGHT"),
    "bad-ignore.prompt": (b"---\nignore: [no-such-rule]\n---\nA dog runs.", "unknown rule 'no-such-rule'"),
    "bad-target.prompt": (b"---\ntarget: veo-9\n---\nA dog runs.", "unknown target 'veo-9'"),
    "bad.jsonl": (b'{"prompt": "A dog runs; it barks."}\n{oops\n', "line 2 is not valid JSON"),
    "no-prompt.yaml": (b"- id: a\n  seconds: 4\n", "has no 'prompt'"),
    "not-a-collection.json": (b'{"name": "x"}', "not a prompt collection"),
}


def test_bad_input_matrix(tmp_path: Path, splint) -> None:
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.prompt"
    good.write_text("car chase, night, rain, neon, fast, exciting")
    unreadable = tmp_path / "locked.prompt"
    unreadable.write_text("A dog runs.")
    unreadable.chmod(0)
    missing = str(tmp_path / "missing.prompt")
    run = splint("check", "--isolated", "--format", "json", str(tmp_path), missing)
    assert run.code == 2
    assert "Traceback" not in run.err
    errors = {Path(e["path"]).name: e["error"] for e in run.json()["files"] if e["error"]}
    for name, (_, expected) in BAD.items():
        assert expected in errors[name], (name, errors.get(name))
    assert "no such file" in errors["missing.prompt"]
    if os.geteuid() != 0:  # root reads anything
        assert "permission denied" in errors["locked.prompt"]
    # one line per problem on stderr, naming the file
    for name in BAD:
        assert sum(1 for line in run.err.splitlines() if name in line) == 1
    # the good file is still linted
    good_entry = next(e for e in run.json()["files"] if e["path"].endswith("good.prompt"))
    assert good_entry["error"] is None and good_entry["diagnostics"]
    # the good item of the broken jsonl is linted too
    assert any(e["path"].endswith("bad.jsonl") and e["error"] is None for e in run.json()["files"])


def test_walk_skips_gitignored_hidden_and_readme(tmp_path: Path, splint) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/\n*.tmp.prompt\n")
    for rel in ["a.prompt", "drafts/b.prompt", "x.tmp.prompt", ".hidden/c.prompt", "README.md", "notes/d.md", "e.py"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("car chase, night, rain, neon, fast, exciting")
    run = splint("check", "--isolated", "--format", "json", str(tmp_path))
    seen = sorted(Path(e["path"]).relative_to(tmp_path).as_posix() for e in run.json()["files"])
    assert seen == ["a.prompt", "notes/d.md"]
    run = splint("check", "--isolated", "--format", "json", "--exclude", "notes", str(tmp_path))
    assert [Path(e["path"]).name for e in run.json()["files"]] == ["a.prompt"]
    # an explicitly named file is linted even when ignored
    run = splint("check", "--isolated", "--format", "json", str(tmp_path / "drafts" / "b.prompt"))
    assert len(run.json()["files"]) == 1


def test_stdin_with_filename(splint) -> None:
    run = splint("check", "--isolated", "--stdin-filename", "draft.jsonl", "-",
                 stdin=b'{"id": "s1", "prompt": "car chase, night, rain, neon, fast, exciting"}\n')
    assert run.code == 1
    assert run.out.startswith("draft.jsonl:1:")
    assert "(item s1)" in run.out


def test_force_exclude_applies_config_to_named_files(splint, tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.splint]\nexclude = ["drafts/*", "old.prompt"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    flagged = "car chase, night, rain, neon, 8k\n"
    for name in ("drafts/a.prompt", "old.prompt", "new.prompt"):
        (tmp_path / name).write_text(flagged, encoding="utf-8")
    named = ["drafts/a.prompt", "old.prompt", "new.prompt"]
    plain = splint("check", "-q", *named, cwd=tmp_path)
    assert {line.split(":")[0] for line in plain.out.splitlines()} == set(named)     # named files are linted
    forced = splint("check", "-q", "--force-exclude", *named, cwd=tmp_path)
    assert {line.split(":")[0] for line in forced.out.splitlines()} == {"new.prompt"}
    assert forced.err == "" and forced.code == 1
    only_excluded = splint("check", "--force-exclude", "old.prompt", cwd=tmp_path)
    assert (only_excluded.code, only_excluded.out.strip(), only_excluded.err) == (0, "All checks passed (0 prompts).", "")


def test_every_parameter_a_prompt_holds_is_read_from_front_matter() -> None:
    """Front matter is validated by a pydantic model and kept as ``Params``: a parameter added
    to one and not the other would be rejected as unknown, or lost."""
    import dataclasses

    from splint.linter.source import parse_prompt_file
    from splint.linter.types import Params, Prompt

    values = {"model": "sora-2-pro", "size": "1280x720", "seconds": 8, "input_reference": "ref.png",
              "remix_id": "video_123", "target": "sora-2-pro", "ignore": ("resolution-keywords",)}
    kept = {f.name for f in dataclasses.fields(Params)} - {"locations", "front_matter"}
    assert kept == set(values)
    front = "".join(f"{key}: {list(value) if isinstance(value, tuple) else value}\n" for key, value in values.items())
    prompt = parse_prompt_file("p.prompt", f"---\n{front}---\nA fox crosses the snow.\n")
    assert isinstance(prompt, Prompt)
    assert {key: getattr(prompt.params, key) for key in values} == values


def test_one_object_files_are_read_as_one_prompt(tmp_path: Path, splint) -> None:
    # a structured prompt: keys that name the guide's layers, linted as its text
    (tmp_path / "shot.json").write_text(
        '{\n  "scene": "A ferry captain spins the wheel, shouts an order, then rings the bell.",\n'
        '  "camera": "static wide shot",\n  "lighting": "flat grey morning light",\n'
        '  "audio": "gulls, the engine thudding",\n  "style": "16mm documentary"\n}\n')
    (tmp_path / "shot.yaml").write_text(
        "scene: A ferry captain spins the wheel, shouts an order, then rings the bell.\n"
        "camera: static wide shot\nstyle: 16mm documentary\n")
    # one item written as an object of its own
    (tmp_path / "item.json").write_text('{"prompt": "A ferry captain spins the wheel, then rings the bell.", "seconds": 8}')
    run = splint("check", "--isolated", "--select", "too-many-actions", "--format", "json", str(tmp_path))
    found = {Path(e["path"]).name: (e["error"], [d["rule"] for d in e["diagnostics"]]) for e in run.json()["files"]}
    assert found == {
        "shot.json": (None, ["too-many-actions"]),
        "shot.yaml": (None, ["too-many-actions"]),
        "item.json": (None, []),    # 2 steps fit the item's own 8 s
    }
    assert run.code == 1


def test_a_remix_item_of_a_collection_is_read_as_a_remix(tmp_path: Path, splint) -> None:
    (tmp_path / "remixes.yaml").write_text(
        "- id: cap\n  remix_id: video_7f2c90aa\n  prompt: Same shot; change the fisherman's cap from grey to orange.\n"
        "- id: everything\n  remix_id: video_7f2c90aa\n"
        "  prompt: Change the harbour to a frozen lake, replace the noon sun with a pink dusk glow, switch the gull\n"
        "    cries to a low wind, and swap the drone orbit for a locked-off wide shot.\n"
    )
    run = splint("check", "--isolated", "--format", "json", str(tmp_path / "remixes.yaml"))
    fired = {e["id"]: sorted(d["rule"] for d in e["diagnostics"]) for e in run.json()["files"]}
    # one change: no layer asked for, no length (the take keeps its own)
    assert fired == {"cap": [], "everything": ["remix-too-broad"]}
