"""The lint cache (.splint_cache/): same output, no spaCy on a hit, keyed by everything that
decides a diagnostic, safe with two writers, and never trusting a corrupt entry."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS
from rule_cases import all_cases, write_prompt_files

PROBE = """
import sys
from splint.cli import main
code = main(sys.argv[1:])
print("SPACY" if "spacy" in sys.modules else "NO-SPACY", file=sys.stderr)
sys.exit(code)
"""


EXAMPLES = len(list((CORPUS / "examples").glob("*.prompt")))     # one cache entry each


def _project(tmp_path: Path) -> Path:
    shutil.copytree(CORPUS / "examples", tmp_path / "prompts")
    return tmp_path


def _check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, "check", "--isolated", *args], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ}, timeout=120, check=False)


def _packs(root: Path) -> list[Path]:
    return sorted((root / ".splint_cache").rglob("*.json"))


def _entries(root: Path) -> dict:
    """Every file's entry in the cache: path as shown -> {key, results}."""
    merged: dict = {}
    for pack in _packs(root):
        merged.update(json.loads(pack.read_text(encoding="utf-8")))
    return merged


def test_a_recheck_is_answered_from_the_cache_without_spacy(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _check(root, "--format", "json", "prompts")
    assert cold.stderr.strip().endswith("SPACY") and "NO-SPACY" not in cold.stderr
    warm = _check(root, "--format", "json", "prompts")
    assert warm.stderr.strip().endswith("NO-SPACY")
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)
    assert len(_entries(root)) == EXAMPLES and len(_packs(root)) == 1   # one file holds the run's entries
    assert (root / ".splint_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_what_decides_a_diagnostic_is_in_the_key(splint, tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = splint("check", "--isolated", "-q", "prompts", cwd=root)
    # Other settings: the right answer for them, and then again for the first ones.
    only = splint("check", "--isolated", "-q", "--select", "ST001", "prompts", cwd=root)
    assert {line.split()[1] for line in only.out.splitlines()} == {"ST001"}
    assert splint("check", "--isolated", "-q", "prompts", cwd=root).out == first.out
    # A changed file is linted again.
    diner = root / "prompts" / "moody-diner.prompt"
    diner.write_text(diner.read_text(encoding="utf-8").replace("Moody lighting, very cinematic.",
                                                                "A red neon sign buzzes in the window."),
                     encoding="utf-8")
    again = splint("check", "--isolated", "-q", "prompts", cwd=root)
    assert "VG001" in first.out and "VG001" not in again.out
    # A target from the command line is part of the key too.
    kling = splint("check", "--isolated", "-q", "--target", "kling-2.6", "prompts", cwd=root)
    assert "unsupported-audio" in kling.out


def test_a_corrupt_entry_is_ignored_and_replaced(splint, tmp_path: Path) -> None:
    root = _project(tmp_path)
    clean = splint("check", "--isolated", "--format", "json", "prompts", cwd=root)
    [pack] = _packs(root)
    for garbage in (b"", b"{not json", b"[]", b"\x00\xff", b'{"prompts/moody-diner.prompt": 7}'):
        pack.write_bytes(garbage)
        again = splint("check", "--isolated", "--format", "json", "prompts", cwd=root)
        assert again.out == clean.out
        assert len(_entries(root)) == EXAMPLES                           # written whole again
    # An entry under the right key whose contents are wrong is not trusted either.
    entries = _entries(root)
    name = next(n for n in entries if n.endswith("moody-diner.prompt"))
    entries[name]["results"][0]["diagnostics"] = [
        {"code": "ST001", "rule": "keyword-list", "severity": "error", "message": "forged",
         "span": [0, 10_000_000], "in_file": True}]
    entries["prompts/chase-keywords.prompt"]["results"][0]["diagnostics"] = [{"code": 1}]
    pack.write_text(json.dumps(entries), encoding="utf-8")
    again = splint("check", "--isolated", "--format", "json", "prompts", cwd=root)
    assert again.out == clean.out and "forged" not in again.out


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copytree(CORPUS / "golden", root / "prompts")
    runs = [subprocess.Popen([sys.executable, "-c", PROBE, "check", "--isolated", "--format", "json", "prompts"],
                             cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180)[0] for p in runs]
    assert outs[0] == outs[1]
    entries = _entries(root)
    assert len(entries) == len(list((root / "prompts").rglob("*.prompt"))) and all(e["results"] for e in entries.values())
    assert not list((root / ".splint_cache").rglob("*tmp"))
    assert _check(root, "--format", "json", "prompts").stdout == outs[0]


def test_no_cache_and_cache_clean(splint, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SPLINT_CACHE_DIR", str(tmp_path / "rewrites"))
    root = _project(tmp_path)
    splint("check", "--isolated", "--no-cache", "prompts", cwd=root)
    assert not (root / ".splint_cache").exists()
    splint("check", "--isolated", "prompts", cwd=root)
    run = splint("cache", "clean", cwd=root)
    assert run.code == 0
    assert run.out.splitlines()[0] == f"Removed {EXAMPLES} cached lint results from {root / '.splint_cache'}"
    assert not (root / ".splint_cache").exists()


def test_worker_processes_give_identical_diagnostics(tmp_path: Path) -> None:
    """--jobs 2 over more than one chunk of prompts: the same output, in the same order."""
    from splint.linter.runner import CHUNK

    count = len(write_prompt_files(all_cases(), tmp_path / "prompts"))
    assert count > 2 * CHUNK                        # enough to reach the worker processes
    one = _check(tmp_path, "--no-cache", "--format", "json", "-j", "1", "prompts")
    two = _check(tmp_path, "--no-cache", "--format", "json", "-j", "2", "prompts")
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout
    assert len(json.loads(two.stdout)["files"]) >= count


def test_a_long_run_draws_a_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    from conftest import stderr_on_a_terminal

    items = [json.dumps({"id": str(i), "prompt": f"A red fox number {i} trots across a snowy field at dusk.",
                         "seconds": 4}) for i in range(3000)]
    (tmp_path / "many.jsonl").write_text("\n".join(items) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "splint", "check", "--isolated", "--no-cache", str(tmp_path / "many.jsonl")]
    seen = stderr_on_a_terminal(command, {**os.environ}).decode("utf-8", "replace")
    assert "check: " in seen and " prompts [" in seen            # tqdm drew the count and rate
    plain = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert "prompts [" not in plain.stderr and "\r" not in plain.stderr


def test_workers_that_die_leave_the_work_to_this_process(tmp_path: Path, monkeypatch) -> None:
    """A worker killed (out of memory, a signal) costs speed, not results."""
    from splint.linter import runner
    from splint.linter.config import Config
    from splint.linter.runner import CHUNK, Options, lint
    from splint.linter.source import read_path

    files = write_prompt_files(all_cases()[: 3 * CHUNK], tmp_path)
    sources = [s for f in files for s in read_path(f, str(f))]
    config = Config(root=tmp_path)
    alone = [(r.path, r.diagnostics) for r in lint(sources, Options(), lambda _p: config, jobs=1)]
    runner._drop_pool()
    monkeypatch.setattr(runner, "_worker_start", lambda: os._exit(3))   # every worker dies at start
    try:
        crashed = [(r.path, r.diagnostics) for r in lint(sources, Options(), lambda _p: config, jobs=2)]
    finally:
        runner._drop_pool()
    assert crashed == alone


def test_the_key_covers_the_english_pipeline_and_spacy(tmp_path: Path, monkeypatch) -> None:
    """Results from another spaCy or another pipeline version are not reused."""
    import importlib

    from splint.linter import cache, nlp

    package = tmp_path / "fake_pipeline_sm"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "meta.json").write_text('{"version": "3.8.0"}', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.setattr(nlp, "PIPELINES", ("fake_pipeline_sm",))
    try:
        cache.fingerprint.cache_clear()
        before = cache.fingerprint()
        cache.fingerprint.cache_clear()
        assert cache.fingerprint() == before                         # stable while nothing changes
        (package / "meta.json").write_text('{"version": "3.8.1"}', encoding="utf-8")
        cache.fingerprint.cache_clear()
        assert cache.fingerprint() != before
    finally:
        cache.fingerprint.cache_clear()
