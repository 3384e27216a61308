"""Rule cases assert what they expect; snapshots keep what `splint check` prints for them."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, SNAPSHOTS
from rule_cases import CaseFileError, Outcome, RuleCase, all_cases, case_files, lint_cases, read_case_file
from splint.rules import RULES

CASES = all_cases()
GOLDEN = sorted(CORPUS.glob("golden/*.prompt"))
EXAMPLES = sorted(CORPUS.glob("examples/*.prompt"))


@functools.cache
def outcomes(code: str) -> dict[str, Outcome]:
    """Every case of a rule, linted in one run (the test of each case reads its outcome here)."""
    return {o.case.case.name: o for o in lint_cases([c for c in CASES if c.code == code])}


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case_file_is_valid(path: Path) -> None:
    try:
        read_case_file(path)
    except CaseFileError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_every_rule_has_a_case_file() -> None:
    assert {p.stem for p in case_files()} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_case(case: RuleCase) -> None:
    problem = outcomes(case.code)[case.case.name].problem()
    if problem is not None:
        pytest.fail(problem, pytrace=False)


@pytest.mark.parametrize("code", sorted({c.code for c in CASES}))
def test_rule_snapshot(code: str, snapshot) -> None:
    """One snapshot per rule: the output of each of its cases, in the file's order."""
    snapshot.snapshot_dir = SNAPSHOTS / "rules"
    snapshot.assert_match("\n".join(o.snapshot() for o in outcomes(code).values()), f"{code}.snap")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule: ST001\nname: keyword-list\ncases:\n  - name: a\n    prompt: x\n",
         "ST001.yaml: case 'a': expect: Field required"),
        ("rule: ST001\nname: keyword-list\ncases:\n  - name: a\n    expect: fail\n    prompt: x\n    expected: pass\n",
         "ST001.yaml: case 'a': expected: unknown key"),
        ("rule: ST001\nname: keyword-list\ncases:\n  - {name: a, expect: fail, prompt: x}\n  - {name: a, expect: pass, prompt: y}\n",
         "ST001.yaml: case 'a': the name is used twice in the file"),
        ("rule: ST001\nname: keyword-list\ncases:\n  - {name: a, expect: maybe, prompt: x}\n",
         "ST001.yaml: case 'a': expect: Input should be 'fail' or 'pass'"),
        ("rule: ST001\nname: keyword-list\ncases:\n  - {name: a, expect: [keyword-list, no-such-rule], prompt: x}\n",
         "ST001.yaml: case 'a': expect: no rule named no-such-rule"),
        ("rule: ST001\nname: keyword-list\ncases:\n  - {name: A b, expect: fail, prompt: x}\n",
         "ST001.yaml: case 'A b': name: String should match pattern"),
        ("rule: ST001\nname: keyword-list\ncases: []\n", "ST001.yaml: cases: List should have at least 1 item"),
        ("rule: ST001\nname: vague-lighting\ncases:\n  - {name: a, expect: fail, prompt: x}\n",
         "ST001.yaml: name: ST001 is named 'keyword-list', not 'vague-lighting'"),
        ("rule: ST001\nname: keyword-list\nnotes: x\ncases:\n  - {name: a, expect: fail, prompt: x}\n",
         "ST001.yaml: notes: unknown key"),
    ],
)
def test_a_bad_case_file_is_named_with_its_case(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "ST001.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        read_case_file(path)
    assert str(caught.value).startswith(f"{path.parent}/ST001.yaml: ") and message in str(caught.value)


def test_a_rule_code_that_does_not_exist_is_named(tmp_path: Path) -> None:
    path = tmp_path / "XX999.yaml"
    path.write_text("rule: XX999\nname: no-rule\ncases:\n  - {name: a, expect: fail, prompt: x}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"XX999.yaml: rule: no rule has the code 'XX999'"):
        read_case_file(path)


def test_each_kind_of_expectation_is_judged(tmp_path: Path) -> None:
    """A miss, a false alarm, a wrong set of rules, a wrong fix and a fixed known miss each fail."""
    path = tmp_path / "ST001.yaml"
    keywords = "car chase, night, rain, neon, 8k, slow motion\n"
    path.write_text(
        "rule: ST001\nname: keyword-list\ncases:\n"
        f"  - {{name: missed, expect: pass, prompt: '{keywords}'}}\n"
        f"  - {{name: exact, expect: [keyword-list], prompt: '{keywords}'}}\n"
        f"  - {{name: fixed, expect: fail, known_miss: why, prompt: '{keywords}'}}\n"
        f"  - {{name: wrong-fix, expect: fail, fix: other text, prompt: '{keywords}'}}\n"
        f"  - {{name: holds, expect: fail, prompt: '{keywords}'}}\n",
        encoding="utf-8",
    )
    found = {o.case.case.name: o.problem() for o in lint_cases(read_case_file(path))}
    assert "expected keyword-list to stay quiet; it fired" in (found["missed"] or "")
    assert "[keyword-list] " in (found["missed"] or "")                # the output is shown
    assert "expected exactly ['keyword-list'] to fire with all rules, got [" in (found["exact"] or "")
    assert "is fixed: remove its known_miss (why)" in (found["fixed"] or "")
    assert "`splint check --fix` leaves other text than `fix:`" in (found["wrong-fix"] or "")
    assert found["holds"] is None


def test_input_references_resolve_from_the_case_file_folder() -> None:
    """PA009's cases name images relative to corpus/rules/, as before the move."""
    by_name = outcomes("PA009")
    assert "images/kitchen-final.png' no such file" in by_name["missing-file"].output
    assert by_name["png-default-size"].result.diagnostics == ()
    assert (CORPUS / "rules" / "images" / "kitchen-1280x720.png").is_file()


@pytest.mark.parametrize("case", GOLDEN, ids=lambda p: f"golden/{p.stem}")
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


def test_each_example_gets_what_it_expects(splint) -> None:
    """Every shipped example is listed in corpus/examples-expected.yaml with the rules it gets."""
    import yaml

    expected = yaml.safe_load((CORPUS / "examples-expected.yaml").read_text(encoding="utf-8"))
    assert sorted(expected) == [p.name for p in EXAMPLES]
    payload = splint("check", "--format", "json", "corpus/examples", cwd=ROOT).json()
    fired = {Path(entry["path"]).name: sorted({d["rule"] for d in entry["diagnostics"]}) for entry in payload["files"]}
    assert fired == {name: sorted(rules) for name, rules in expected.items()}


def test_corpus_json_validates(splint) -> None:
    payload = splint("check", "--format", "json", "corpus", cwd=ROOT).json()
    paths = {entry["path"] for entry in payload["files"]}
    assert {str(p.relative_to(ROOT)) for p in GOLDEN + EXAMPLES} <= paths
