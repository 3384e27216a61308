"""Snapshot tests: what `splint check` prints for every corpus case."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SNAPSHOTS

from splint.rules import RULES

CASES = sorted(CORPUS.glob("rules/*/*.prompt"))
GOLDEN = sorted(CORPUS.glob("golden/*.prompt"))
EXAMPLES = sorted(CORPUS.glob("examples/*.prompt"))


# Near misses a rule still gets wrong, kept so the day it is fixed the test says so.
KNOWN_FALSE_ALARMS = {
    "AU003/neg-kling-whisper-of-steam": "figurative sound words ('a whisper of steam', 'the thundering waterfall ... frozen')",
}


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_rule_case(case: Path, splint, snapshot) -> None:
    code = case.parent.name
    run = splint("check", "--isolated", "--select", code, str(case.relative_to(ROOT)), cwd=ROOT)
    snapshot.snapshot_dir = SNAPSHOTS / code
    snapshot.assert_match(run.out, f"{case.stem}.snap")
    name = RULES[code].META.name
    # The file name says what the case is: `neg-` cases must stay quiet.
    if case.stem.startswith("neg-"):
        if case_id(case) in KNOWN_FALSE_ALARMS:
            assert f"[{name}]" in run.out, f"{case_id(case)} is fixed: remove it from KNOWN_FALSE_ALARMS"
            return
        assert f"[{name}]" not in run.out, run.out
        assert run.code == 0


@pytest.mark.parametrize("case", GOLDEN, ids=case_id)
def test_golden_prompts_pass_every_rule(case: Path, splint, snapshot) -> None:
    run = splint("check", "--isolated", str(case.relative_to(ROOT)), cwd=ROOT)
    snapshot.snapshot_dir = SNAPSHOTS / "golden"
    snapshot.assert_match(run.out, f"{case.stem}.snap")
    assert run.code == 0, run.out


def test_examples_show_each_core_rule(splint, snapshot) -> None:
    run = splint("check", "corpus/examples", cwd=ROOT)
    snapshot.snapshot_dir = SNAPSHOTS / "examples"
    snapshot.assert_match(run.out, "examples.snap")
    assert run.code == 1
    for code in ("ST001", "ST002", "VG001", "TM001"):
        assert f"[{RULES[code].META.name}]" in run.out
    assert "clean-" not in run.out  # the clean examples stay clean


def test_corpus_json_validates(splint) -> None:
    payload = splint("check", "--format", "json", "corpus", cwd=ROOT).json()
    paths = {entry["path"] for entry in payload["files"]}
    assert len(paths) >= len(CASES) + len(GOLDEN) + len(EXAMPLES)
