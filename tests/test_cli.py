"""The command line as a user meets it: exit codes, options, config discovery, JSON contract."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, output_schema

KEYWORDS = "car chase, night, rain, neon, fast, exciting"
# The four core rules: tests of the machinery select them so the layer rules stay out of the way.
CORE = "ST001,ST002,VG001,TM001"
CLEAN = ("A potter in a sunlit studio centres wet clay on a spinning wheel. Soft window light "
         "from the left. The wheel hums and water drips into a bucket. Slow push-in, 35mm film look.")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_exit_codes(tmp_path: Path, splint) -> None:
    clean = write(tmp_path, "clean.prompt", CLEAN)
    flagged = write(tmp_path, "flagged.prompt", KEYWORDS)
    assert splint("check", "--isolated", str(clean)).code == 0
    assert splint("check", "--isolated", str(flagged)).code == 1
    assert splint("check", "--isolated", "--fail-on", "error", str(flagged)).code == 0
    assert splint("check", "--isolated", str(tmp_path / "nope.prompt")).code == 2
    bad = splint("check", "--isolated", "--select", "no-such-rule", str(clean))
    assert bad.code == 2 and "unknown rule 'no-such-rule'" in bad.err
    assert splint("check", "--isolated", "--target", "sora-9", str(clean)).code == 2


def test_select_and_ignore_by_name_or_code(tmp_path: Path, splint) -> None:
    flagged = write(tmp_path, "f.prompt", KEYWORDS)
    both = splint("check", "--isolated", "-q", str(flagged)).out
    assert "ST001" in both and "ST002" in both and "ST003" in both
    only = splint("check", "--isolated", "-q", "--select", "ST001", str(flagged)).out
    assert "ST001" in only and "ST002" not in only
    ignored = splint("check", "--isolated", "-q", "--select", CORE, "--ignore", "keyword-list,missing-audio", str(flagged))
    assert ignored.out == "" and ignored.code == 0


def test_statistics_and_quiet(tmp_path: Path, splint) -> None:
    for i in range(3):
        write(tmp_path, f"k{i}.prompt", KEYWORDS)
    stats = splint("check", "--isolated", "--select", CORE, "--statistics", str(tmp_path)).out.splitlines()
    assert stats == ["    3  ST001  keyword-list", "    3  ST002  missing-audio"]
    quiet = splint("check", "--isolated", "--select", CORE, "-q", str(tmp_path)).out.splitlines()
    assert len(quiet) == 6 and all(": ST00" in line for line in quiet)


def test_config_found_by_walking_up(tmp_path: Path, splint) -> None:
    write(tmp_path, "pyproject.toml", '[tool.splint]\nselect = ["ST001", "ST002", "VG001", "TM001"]\nignore = ["missing-audio"]\n'
          '[tool.splint.severity]\nkeyword-list = "info"\n[tool.splint.per-file-ignores]\n"legacy/*" = ["ST001"]\n')
    write(tmp_path, "prompts/deep/a.prompt", KEYWORDS)
    write(tmp_path, "legacy/b.prompt", KEYWORDS)
    write(tmp_path, "other/splint.toml", 'select = ["missing-audio"]\n')
    write(tmp_path, "other/c.prompt", KEYWORDS)
    run = splint("check", "--format", "json", ".", cwd=tmp_path)
    found = {e["path"]: [(d["rule"], d["severity"]) for d in e["diagnostics"]] for e in run.json()["files"]}
    assert found == {
        "legacy/b.prompt": [],
        "other/c.prompt": [("missing-audio", "warning")],
        "prompts/deep/a.prompt": [("keyword-list", "info")],
    }
    assert run.code == 1  # other/c.prompt has a warning
    # the command line wins over the file
    run = splint("check", "-q", "--select", "keyword-list", "prompts", cwd=tmp_path)
    assert "ST001" in run.out
    assert splint("check", "--isolated", "-q", "--select", CORE, "legacy", cwd=tmp_path).out.count("ST00") == 2


def test_pyproject_without_tool_splint_is_passed_over(tmp_path: Path, splint) -> None:
    write(tmp_path, "splint.toml", 'ignore = ["ST002"]\n')
    write(tmp_path, "sub/pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path, "sub/a.prompt", KEYWORDS)
    assert "ST002" not in splint("check", "-q", "sub", cwd=tmp_path).out


def test_bad_config_is_one_clear_line(tmp_path: Path, splint) -> None:
    write(tmp_path, "a.prompt", KEYWORDS)
    for text, expected in [
        ('selct = ["ST001"]\n', "unknown key 'selct'"),
        ('ignore = ["no-such-rule"]\n', "unknown rule 'no-such-rule'"),
        ('target = "sora-9"\n', "unknown target 'sora-9'"),
        ("ignore = [\n", "not valid TOML"),
    ]:
        write(tmp_path, "splint.toml", text)
        run = splint("check", "a.prompt", cwd=tmp_path)
        assert run.code == 2, text
        assert len(run.err.strip().splitlines()) == 1 and expected in run.err and "splint.toml" in run.err


def test_front_matter_ignore_and_target(tmp_path: Path, splint) -> None:
    write(tmp_path, "a.prompt", f"---\nignore: [missing-audio]\n---\n{KEYWORDS}")
    run = splint("check", "--isolated", "--select", CORE, "--format", "json", str(tmp_path / "a.prompt"))
    [entry] = run.json()["files"]
    assert [d["rule"] for d in entry["diagnostics"]] == ["keyword-list"]
    write(tmp_path, "b.prompt", f"---\nmodel: sora-2-pro\n---\n{KEYWORDS}")
    [entry] = splint("check", "--isolated", "--format", "json", str(tmp_path / "b.prompt")).json()["files"]
    assert entry["target"] == "sora-2-pro"


def test_json_output_matches_shipped_schema(tmp_path: Path, splint) -> None:
    import json

    printed = json.loads(splint("schema").out)
    assert printed == output_schema()
    write(tmp_path, "a.prompt", KEYWORDS)
    payload = splint("check", "--isolated", "--select", CORE, "--format", "json", str(tmp_path)).json()
    assert payload["version"] == "1" and payload["summary"] == {"prompts": 1, "errors": 0, "diagnostics": 2}


def test_rule_docs_commands(splint) -> None:
    listed = splint("rules").out
    for name in ("keyword-list", "missing-audio", "vague-lighting", "too-many-actions"):
        assert name in listed
    doc = splint("rule", "VG001").out
    for heading in ("What it does:", "Why:", "Example:", "Use instead:"):
        assert heading in doc
    assert splint("rule", "nope").code == 2
    targets = splint("targets").out
    assert "sora-2-pro" in targets and "retired since 2026-09-24" in targets


def test_module_entry_point_and_console_script(tmp_path: Path) -> None:
    write(tmp_path, "a.prompt", KEYWORDS)
    run = subprocess.run([sys.executable, "-m", "splint", "check", "--isolated", "-q", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 1 and "ST001 [keyword-list]" in run.stdout and run.stderr == ""
    run = subprocess.run([sys.executable, "-m", "splint", "rules"], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "ST001" in run.stdout


def test_missing_pipeline_is_one_line(tmp_path: Path, splint, monkeypatch) -> None:
    from splint.linter import analysis, nlp

    write(tmp_path, "a.prompt", KEYWORDS)
    monkeypatch.setattr(nlp, "PIPELINES", ("no_such_pipeline_sm",))
    analysis.pipeline.cache_clear()
    try:
        run = splint("check", "--isolated", str(tmp_path / "a.prompt"))
    finally:
        analysis.pipeline.cache_clear()
    assert run.code == 2
    assert run.err.count("\n") == 1 and "no English spaCy pipeline is installed" in run.err
    assert "Traceback" not in run.err


def test_summary_counts_and_empty_folder_warning(tmp_path: Path, splint) -> None:
    write(tmp_path, "a/k1.prompt", KEYWORDS)
    write(tmp_path, "a/k2.prompt", KEYWORDS)
    run = splint("check", "--isolated", "--select", "ST001", str(tmp_path / "a"))
    assert run.out.rstrip().endswith("Found 2 problems (2 warnings) in 2 prompts.")
    (tmp_path / "empty").mkdir()
    write(tmp_path, "empty/notes.py", "print('not a prompt')")
    run = splint("check", "--isolated", str(tmp_path / "empty"))
    assert run.code == 0
    assert run.err.strip() == f"splint: warning: no prompt files found under {tmp_path / 'empty'}"


def test_extend_select_adds_to_the_configured_selection(tmp_path: Path, splint) -> None:
    write(tmp_path, "splint.toml", 'select = ["keyword-list"]\n')
    write(tmp_path, "a.prompt", KEYWORDS)
    assert "ST002" not in splint("check", "-q", "a.prompt", cwd=tmp_path).out
    out = splint("check", "-q", "--extend-select", "missing-audio", "a.prompt", cwd=tmp_path).out
    assert "ST001" in out and "ST002" in out


def test_explicit_config_file_governs_every_path(tmp_path: Path, splint) -> None:
    write(tmp_path, "elsewhere/strict.toml", 'ignore = ["missing-audio"]\nfail-on = "error"\n')
    write(tmp_path, "p/splint.toml", 'ignore = ["keyword-list"]\n')
    write(tmp_path, "p/a.prompt", KEYWORDS)
    run = splint("check", "-q", "--config", "elsewhere/strict.toml", "p", cwd=tmp_path)
    assert "ST001" in run.out and "ST002" not in run.out
    assert run.code == 0  # fail-on = "error" from that file; the findings are warnings


def test_config_include_fail_on_and_gitignore_keys(tmp_path: Path, splint) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "ignored/\n")
    write(tmp_path, "ignored/a.prompt", KEYWORDS)
    write(tmp_path, "b.prompt", KEYWORDS)
    write(tmp_path, "c.txt", KEYWORDS)
    found = lambda run: sorted(e["path"] for e in run.json()["files"])
    assert found(splint("check", "--format", "json", ".", cwd=tmp_path)) == ["b.prompt", "c.txt"]
    assert "ignored/a.prompt" in found(splint("check", "--format", "json", "--no-gitignore", ".", cwd=tmp_path))
    write(tmp_path, "splint.toml", 'include = ["*.prompt"]\nrespect-gitignore = false\nfail-on = "error"\n')
    run = splint("check", "--format", "json", ".", cwd=tmp_path)
    assert found(run) == ["b.prompt", "ignored/a.prompt"]
    assert run.code == 0


def test_valid_target_option_changes_the_profile(tmp_path: Path, splint) -> None:
    write(tmp_path, "a.prompt", f"---\nmodel: sora-2\n---\n{KEYWORDS}")
    [entry] = splint("check", "--isolated", "--format", "json", "--target", "sora-2-pro",
                     str(tmp_path / "a.prompt")).json()["files"]
    assert entry["target"] == "sora-2-pro"
