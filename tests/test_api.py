"""`import splint`: the functions code calls, their signatures, and what they return."""
from __future__ import annotations

import contextlib
import inspect
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KEY, no_key_on_disk
from replay import Case, Replayer, load_case

import splint

ROOT = Path(__file__).resolve().parent.parent

# The public names and their signatures: a change here is a change of the API, made on purpose.
API = {
    "lint_text": "(text: 'str', *, path: 'str | None' = None, params: 'Mapping[str, Any] | None' = None, "
                 "settings: 'Config | None' = None, select: 'Sequence[str] | None' = None, "
                 "ignore: 'Sequence[str]' = (), target: 'str | None' = None) -> 'list[Diagnostic]'",
    "lint_many": "(texts: 'Iterable[str]', *, path: 'str | None' = None, params: 'Mapping[str, Any] | None' = None, "
                 "settings: 'Config | None' = None, select: 'Sequence[str] | None' = None, "
                 "ignore: 'Sequence[str]' = (), target: 'str | None' = None, jobs: 'int' = 1) -> 'Iterator[list[Diagnostic]]'",
    "lint_paths": "(paths: 'Iterable[str | Path]', *, settings: 'Config | None' = None, "
                  "select: 'Sequence[str] | None' = None, ignore: 'Sequence[str]' = (), target: 'str | None' = None, "
                  "jobs: 'int' = 1) -> 'Iterator[FileResult]'",
    "load_settings": "(path: 'str | Path | None' = None) -> 'Config'",
    "rewrite": "(text: 'str', *, model: 'str | None' = None, base_url: 'str | None' = None, api_key: 'str | None' = None, "
               "path: 'str | None' = None, params: 'Mapping[str, Any] | None' = None, settings: 'Config | None' = None, "
               "target: 'str | None' = None, style: \"Literal['narrative', 'labelled']\" = 'narrative', "
               "always: 'bool' = False, timeout: 'float' = 120.0, retries: 'int' = 2, cache: 'bool' = True) -> 'Rewritten'",
}


def test_the_public_names_and_signatures_are_pinned() -> None:
    assert sorted(splint.__all__) == sorted([*API, "Config", "Diagnostic", "FileResult", "Rewritten", "Severity", "Span",
                                             "SplintError", "__version__"])
    for name, signature in API.items():
        assert str(inspect.signature(getattr(splint, name))) == signature, name
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", splint.__version__)
    assert (ROOT / "splint" / "py.typed").is_file()


def test_lint_text_reports_what_check_reports() -> None:
    found = splint.lint_text("car chase, night, rain, neon, fast, exciting")
    assert "keyword-list" in [d.rule for d in found]
    assert all(isinstance(d, splint.Diagnostic) for d in found)


def test_params_set_the_request_as_front_matter_does() -> None:
    text = "A chef dices an onion, then sweeps it into a pan. Oil hisses."
    assert [d.rule for d in splint.lint_text(text, select=["too-many-actions"])] == ["too-many-actions"]
    assert splint.lint_text(text, params={"seconds": 8}, select=["too-many-actions"]) == []
    # the keys given override the text's own front matter
    assert splint.lint_text("---\nseconds: 8\n---\n" + text, params={"seconds": 4}, select=["TM001"]) != []


@pytest.mark.parametrize(("call", "message"), [
    (lambda: splint.lint_text("A dog runs.", params={"duration": 8}), "params: unknown parameter 'duration'"),
    (lambda: splint.lint_text("---\nseconds: [8\n---\nA dog runs."), "not valid YAML"),
    (lambda: splint.lint_text("A dog runs.", target="veo-9"), "unknown target 'veo-9'"),
    (lambda: splint.lint_text("A dog runs.", select=["too-many-action"]), "unknown rule 'too-many-action'"),
])
def test_input_that_cannot_be_read_raises_one_line(call, message: str) -> None:
    with pytest.raises(splint.SplintError) as raised:
        call()
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_lint_many_streams_in_order() -> None:
    taken: list[int] = []

    def texts():
        for n in range(1000):
            taken.append(n)
            yield "car chase, night, rain, neon" if n % 2 else "A fox naps in the snow."

    results = splint.lint_many(texts(), select=["keyword-list"])
    first, second = next(results), next(results)
    assert (first, [d.rule for d in second]) == ([], ["keyword-list"])
    assert len(taken) < 1000     # the first results come before the whole input is read


def test_lint_paths_keeps_going_past_bad_input(tmp_path: Path) -> None:
    (tmp_path / "good.prompt").write_text("car chase, night, rain, neon, fast, exciting")
    (tmp_path / "bad.prompt").write_text("---\nseconds: [8\n---\nA dog runs.")
    (tmp_path / "splint.toml").write_text('ignore = ["missing-duration"]\n')
    results = {Path(r.path).name: r for r in splint.lint_paths([tmp_path])}
    assert "not valid YAML" in (results["bad.prompt"].error or "")
    rules = [d.rule for d in results["good.prompt"].diagnostics]
    assert "keyword-list" in rules and "missing-duration" not in rules    # its own splint.toml
    chosen = splint.load_settings(tmp_path / "splint.toml")
    assert "missing-duration" in [d.rule for d in splint.lint_text("A dog runs.", settings=splint.Config(root=tmp_path))]
    assert "missing-duration" not in [d.rule for d in splint.lint_text("A dog runs.", settings=chosen)]


def test_the_readme_example_prints_what_the_readme_shows() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    shown = re.search(r"prints\n\n```text\n(.*?)```", section, re.DOTALL).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == shown


def test_import_splint_works_in_a_fresh_interpreter() -> None:
    code = "import splint; print([d.rule for d in splint.lint_text('a man walks, neon, rain, 35mm')])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert "keyword-list" in run.stdout


def case(name: str) -> Case:
    return load_case(ROOT / "corpus" / "rewrite" / name)


def test_rewrite_returns_a_prompt_that_passes(llm: Replayer, tmp_path: Path) -> None:
    recorded = case("a-actions-mechanic-tire")
    llm.add(recorded.body, recorded.replies)
    done = splint.rewrite(recorded.draft, model="replay-model", base_url=llm.url, retries=0)
    assert done.status == recorded.expect == "rewritten"
    assert done.text and done.text != recorded.draft
    assert "too-many-actions" in [d.rule for d in done.diagnostics]
    assert not [d for d in done.after if d.severity >= splint.Severity.WARNING]
    assert splint.lint_text(done.text, select=["too-many-actions"]) == []
    assert KEY not in repr(done) and llm.headers[0]["Authorization"] == f"Bearer {KEY}"
    no_key_on_disk(tmp_path)


def test_rewrite_sends_nothing_for_a_clean_draft_unless_asked(llm: Replayer) -> None:
    recorded = case("b-clean-glassblower-furnace")
    done = splint.rewrite(recorded.draft, model="replay-model", base_url=llm.url, retries=0)
    assert (done.status, done.text, llm.requests) == ("clean", None, [])


def test_rewrite_without_a_model_says_so(llm: Replayer) -> None:
    with pytest.raises(splint.SplintError, match="no rewrite model named"):
        splint.rewrite("A dog runs.", base_url=llm.url)
