"""Target profiles change what is reported; safe fixes; the generated rule reference."""
from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from splint.linter.docs import render_markdown
from splint.rules import BY_NAME, RULES, data

SOUNDY = "A dog barks at a passing tram while rain drums on the tin awning above the cafe."
SILENT = "A heron stands motionless in the shallows at dawn, mist drifting across the water."


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def rules_fired(run) -> list[str]:
    return [d["rule"] for f in run.json()["files"] for d in f["diagnostics"]]


# --- targets ---------------------------------------------------------------------------


def test_kling_flags_audio_instead_of_asking_for_it(tmp_path: Path, splint) -> None:
    soundy = write(tmp_path, "soundy.prompt", SOUNDY)
    silent = write(tmp_path, "silent.prompt", SILENT)
    sora = rules_fired(splint("check", "--isolated", "--format", "json", str(soundy), str(silent)))
    kling = rules_fired(splint("check", "--isolated", "--format", "json", "--target", "kling-2.6", str(soundy), str(silent)))
    assert "missing-audio" in sora and "unsupported-audio" not in sora
    assert "unsupported-audio" in kling and "missing-audio" not in kling
    # front matter chooses the target too
    write(tmp_path, "fm.prompt", f"---\ntarget: kling-2.6\n---\n{SOUNDY}")
    run = splint("check", "--isolated", "--format", "json", str(tmp_path / "fm.prompt"))
    assert "unsupported-audio" in rules_fired(run) and run.json()["files"][0]["target"] == "kling-2.6"


def test_veo_takes_its_own_durations_and_sizes(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", f"---\nseconds: 6\nsize: 1920x1080\n---\n{SOUNDY}")
    sora = splint("check", "--isolated", "--format", "json", str(path))
    veo = splint("check", "--isolated", "--format", "json", "--target", "veo-3.1", str(path))
    assert {"invalid-seconds", "invalid-size"} <= set(rules_fired(sora))
    assert not {"invalid-seconds", "invalid-size"} & set(rules_fired(veo))
    size = next(d for d in sora.json()["files"][0]["diagnostics"] if d["rule"] == "invalid-size")
    assert "veo-3.1" in size["message"]  # names the model that would accept it
    long = write(tmp_path, "long.prompt", f"---\nseconds: 30\n---\n{SOUNDY}")
    sora_long = splint("check", "--isolated", "-q", "--select", "over-max-duration", str(long)).out
    veo_long = splint("check", "--isolated", "-q", "--select", "over-max-duration", "--target", "veo-3.1", str(long)).out
    assert "no extension feature" in sora_long and "extension" in veo_long and "no extension" not in veo_long


def test_invalid_size_names_the_pro_tier(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", f"---\nmodel: sora-2\nsize: 1792x1024\n---\n{SOUNDY}")
    out = splint("check", "--isolated", "-q", "--select", "invalid-size", str(path)).out
    assert "sora-2-pro accepts it" in out


def test_parameter_diagnostics_point_at_the_front_matter(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", f"---\nmodel: sora2\nseconds: 10\n---\n{SOUNDY}")
    out = splint("check", "--isolated", "-q", "--select", "unknown-model,invalid-seconds", str(path)).out.splitlines()
    assert out[0].startswith(f"{path}:2:8: PA001") and "did you mean" not in out[0]
    assert out[1].startswith(f"{path}:3:10: PA002")
    jsonl = write(tmp_path, "c.jsonl", f'{{"id": "x", "seconds": 10, "prompt": "{SOUNDY}"}}\n')
    out = splint("check", "--isolated", "-q", "--select", "invalid-seconds", str(jsonl)).out
    assert out.startswith(f"{jsonl}:1:24: PA002")


def test_targets_lists_every_profile_with_status(splint) -> None:
    out = splint("targets").out
    for name in data.profile_names():
        assert name in out
    assert "kling-2.6" in out and "audio: no" in out
    assert "1-15 s" in out  # a range of durations is shown as a range


# --- fixes ---------------------------------------------------------------------------

TEMPLATE = (
    "[SCENE]: A fox trots across a frozen lake at dawn, breath steaming, 8k, ultra HD.\n"
    "[AUDIO]: Ice creaks under its paws.\n"
    "[DURATION]: 8s\n"
)


def test_fix_diff_shows_safe_edits_and_changes_nothing(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "fox.prompt", TEMPLATE)
    before = path.read_bytes()
    run = splint("check", "--isolated", "--fix", "--diff", str(path))
    assert run.code == 1 and path.read_bytes() == before
    assert "+seconds: 8" in run.out and "-[DURATION]: 8s" in run.out
    assert "+[SCENE]: A fox trots across a frozen lake at dawn, breath steaming.\n" in run.out
    # only safe fixes: nothing is added to the scene for the unsafe findings
    added = [line for line in run.out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+---", "+seconds: 8", "+---", "+[SCENE]: A fox trots across a frozen lake at dawn, breath steaming."]


def test_fix_writes_and_is_idempotent(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "fox.prompt", TEMPLATE)
    run = splint("check", "--isolated", "--fix", str(path))
    assert "Fixed 3 problems." in run.out
    assert path.read_text() == (
        "---\nseconds: 8\n---\n"
        "[SCENE]: A fox trots across a frozen lake at dawn, breath steaming.\n"
        "[AUDIO]: Ice creaks under its paws.\n"
    )
    assert not [p for p in tmp_path.iterdir() if p.name != "fox.prompt"]  # no temporary files left
    again = path.read_bytes()
    diff = splint("check", "--isolated", "--fix", "--diff", str(path))
    assert diff.out == "" and path.read_bytes() == again


def test_nothing_to_fix_leaves_files_byte_identical(tmp_path: Path, splint) -> None:
    crlf = write(tmp_path, "crlf.prompt", b"\xef\xbb\xbf" + SILENT.encode() + b"\r\nA second line.\r\n")
    yaml_items = write(tmp_path, "items.yaml", "- id: a\n  prompt: A fox at dawn, 8k\n")
    before = {p: p.read_bytes() for p in (crlf, yaml_items)}
    assert splint("check", "--isolated", "--fix", "--diff", str(tmp_path)).out == ""
    splint("check", "--isolated", "--fix", str(tmp_path))
    assert {p: p.read_bytes() for p in before} == before  # collections are reported, not rewritten


def test_fix_keeps_crlf_and_existing_front_matter(tmp_path: Path, splint) -> None:
    text = "---\r\nmodel: sora-2-pro\r\n---\r\nA fox at dawn, breath steaming, in 4K.\r\n[DURATION]: 12s\r\n"
    path = write(tmp_path, "a.prompt", text.encode())
    splint("check", "--isolated", "--fix", str(path))
    assert path.read_bytes() == b"---\r\nmodel: sora-2-pro\r\nseconds: 12\r\n---\r\nA fox at dawn, breath steaming.\r\n"


def test_conflicting_template_line_is_not_fixed(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", "---\nseconds: 4\n---\nA fox at dawn.\n[DURATION]: 12s\n")
    run = splint("check", "--isolated", "-q", "--select", "param-conflict,template-param-line", "--fix", "--diff", str(path))
    assert run.out == "" and run.code == 0
    out = splint("check", "--isolated", "-q", "--select", "param-conflict", str(path)).out
    assert "PA005" in out


def test_a_file_that_cannot_be_written_is_left_whole(tmp_path: Path, splint, monkeypatch) -> None:
    import os

    from splint.linter import files

    locked = write(tmp_path, "locked.prompt", TEMPLATE)
    other = write(tmp_path, "other.prompt", TEMPLATE)
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).name == "locked.prompt":
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    run = splint("check", "--isolated", "-q", "--fix", str(tmp_path))
    assert run.code == 2
    assert run.err.strip() == f"{locked}: cannot write the fixes (Permission denied); file left as it was"
    assert locked.read_text() == TEMPLATE  # untouched, and no temporary file beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.prompt", "other.prompt"]
    assert other.read_text().startswith("---\nseconds: 8\n---\n")  # the others are still fixed


def test_unreadable_file_does_not_stop_the_fixes(tmp_path: Path, splint) -> None:
    write(tmp_path, "bad.prompt", b"A caf\xe9 at night, 8k.")
    good = write(tmp_path, "good.prompt", TEMPLATE)
    run = splint("check", "--isolated", "-q", "--fix", str(tmp_path))
    assert run.code == 2 and "bad.prompt: not valid UTF-8" in run.err and len(run.err.strip().splitlines()) == 1
    assert good.read_text().startswith("---\nseconds: 8\n---\n")


def test_diff_needs_fix_and_stdin_cannot_be_written(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", TEMPLATE)
    assert splint("check", "--isolated", "--diff", str(path)).code == 2
    assert splint("check", "--isolated", "--fix", "-", stdin=TEMPLATE.encode()).code == 2
    run = splint("check", "--isolated", "--fix", "--diff", "--stdin-filename", "x.prompt", "-", stdin=TEMPLATE.encode())
    assert "+seconds: 8" in run.out and run.code == 1


def test_json_carries_the_fix_edits(tmp_path: Path, splint) -> None:
    path = write(tmp_path, "a.prompt", TEMPLATE)
    payload = splint("check", "--isolated", "--select", "template-param-line", "--format", "json", str(path)).json()
    [diagnostic] = payload["files"][0]["diagnostics"]
    fix = diagnostic["fix"]
    assert fix["safety"] == "safe" and fix["edits"][0]["content"] == "---\nseconds: 8\n---\n"
    assert fix["edits"][1]["location"] == {"row": 3, "column": 1}


# --- the rule reference --------------------------------------------------------------


def test_docs_rules_md_is_generated_and_fresh(splint) -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "docs/rules.md is stale: run `splint rules --format markdown > docs/rules.md`"
    assert splint("rules", "--format", "markdown").out == committed


def test_guide_map_covers_every_rule_and_explains_the_rest() -> None:
    guide = data.guide_map()
    mapped = {name for section in guide.sections for item in section.items for name in item.rules}
    assert mapped <= set(BY_NAME), mapped - set(BY_NAME)
    assert {m.META.name for m in RULES.values()} <= mapped
    for section in guide.sections:
        for item in section.items:
            assert item.rules or item.not_checkable, item.item
    assert {s.section for s in guide.sections} >= {
        "Golden Rules", "Common Mistakes & Fixes", "Known Limitations", "Audio Prompting",
        "Cinematography Control", "API Parameters",
    }
