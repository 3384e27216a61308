"""The pre-commit hooks as a user meets them: the real `pre-commit run` in a throwaway repository.

pre-commit installs a hook repository by cloning it at a `rev`, so the hooks are taken from a
snapshot of this working tree (tracked and untracked files that git does not ignore, committed
in a temporary repository): the test always checks the manifest and code as they are on disk,
committed or not. The hook environment (a virtualenv with splint and its dependencies, from the
package index or pip's cache) is installed once, in a PRE_COMMIT_HOME private to this module.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from rule_cases import read_case_file

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
EXAMPLES = ROOT / "corpus" / "examples"

FLAGGED = (EXAMPLES / "chase-keywords.prompt").read_text(encoding="utf-8")
CLEAN = (EXAMPLES / "clean-narrative-inle-fisherman.prompt").read_text(encoding="utf-8")
TEMPLATE = next(c.case.prompt for c in read_case_file(ROOT / "corpus" / "rules" / "PA011.yaml")
                if c.case.name == "duration-layer-in-template")
# A CI workflow and a package manifest: YAML and JSON that are not prompt collections (splint
# reports them as unreadable sources, exit 2, if it is ever handed them).
WORKFLOW = "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
PACKAGE = '{"name": "site", "version": "1.0.0", "scripts": {"build": "vite build"}}\n'

INSTALL_TIMEOUT = 1800  # first install: spaCy, the English pipeline and the rest from the index
RUN_TIMEOUT = 300

HAVE_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
NO_PRE_COMMIT = "pre-commit is not installed (it is in the test extras: pip install -e '.[test]')"


def _clean_env() -> dict[str, str]:
    """The environment without git's and pre-commit's own variables.

    When the suite itself runs from a git hook, GIT_DIR/GIT_INDEX_FILE would point every git
    command here at the outer repository, and SKIP or PRE_COMMIT_* would change what runs.
    """
    drop = ("GIT_", "PRE_COMMIT")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop) and k != "SKIP"}


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env or _clean_env(), capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}:\n{done.stdout}{done.stderr}")
    return done.stdout


def _init_repo(path: Path) -> None:
    _git("init", "-q", cwd=path)
    # Local identity and no signing or hooks from the user's global config.
    _git("config", "user.name", "splint tests", cwd=path)
    _git("config", "user.email", "splint-tests@example.invalid", cwd=path)
    _git("config", "commit.gpgsign", "false", cwd=path)
    _git("config", "core.autocrlf", "false", cwd=path)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(repo, rev) of a committed snapshot of this working tree, for `.pre-commit-config.yaml`."""
    if not HAVE_PRE_COMMIT:
        pytest.skip(NO_PRE_COMMIT)
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    try:
        top = _git("rev-parse", "--show-toplevel", cwd=ROOT).strip()
    except (AssertionError, OSError):
        pytest.skip(f"{ROOT} is not a git checkout: the hook snapshot is built from `git ls-files`")
    if Path(top).resolve() != ROOT:
        pytest.skip(f"{ROOT} is not the root of its git checkout ({top} is)")
    assert MANIFEST.is_file(), f"{MANIFEST.name} is missing at the repository root"

    snapshot = tmp_path_factory.mktemp("splint-hook-repo")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree, or a submodule
            continue
        dest = snapshot / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    _init_repo(snapshot)
    _git("add", "-A", cwd=snapshot)
    _git("commit", "-q", "--no-verify", "-m", "working tree snapshot", cwd=snapshot)
    return snapshot.as_posix(), _git("rev-parse", "HEAD", cwd=snapshot).strip()


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for pre-commit: its own cache, so the user's ~/.cache/pre-commit is untouched.

    pip inside the hook environment keeps the user's pip configuration and wheel cache.
    """
    env = _clean_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env["PRE_COMMIT_COLOR"] = "never"
    return env


class Workspace:
    """A git repository with a .pre-commit-config.yaml that uses the snapshot's hooks."""

    def __init__(self, path: Path, repo: tuple[str, str], env: dict[str, str]) -> None:
        self.path, self.repo, self.env = path, repo, env
        path.mkdir(parents=True, exist_ok=True)
        _init_repo(path)

    def config(self, *hooks: dict[str, object]) -> None:
        url, rev = self.repo
        config = {"repos": [{"repo": url, "rev": rev, "hooks": list(hooks)}]}
        # JSON is YAML: the repo path and regexes need no hand quoting.
        self.write(".pre-commit-config.yaml", json.dumps(config, indent=2) + "\n")

    def write(self, rel: str, text: str) -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def pre_commit(self, *args: str, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
        _git("add", "-A", cwd=self.path)
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=self.path, env=self.env, capture_output=True, text=True, timeout=timeout, check=False,
        )

    def run(self) -> subprocess.CompletedProcess[str]:
        """`pre-commit run --all-files --verbose` (verbose: a passing hook's output is shown too)."""
        return self.pre_commit("run", "--all-files", "--verbose")


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def _linted(out: str) -> int:
    """Prompts splint checked, summed over the processes pre-commit split the files into."""
    counts = re.findall(r"(?:All checks passed \(|in )(\d+) prompts?\)?\.", out)
    return sum(int(n) for n in counts)


@pytest.fixture(scope="module")
def installed(hook_repo: tuple[str, str], pre_commit_env: dict[str, str],
              tmp_path_factory: pytest.TempPathFactory) -> None:
    """Install the hook environment once for the module (the slow part: a pip install)."""
    ws = Workspace(tmp_path_factory.mktemp("install"), hook_repo, pre_commit_env)
    ws.config({"id": "splint"}, {"id": "splint-fix"})
    started = time.monotonic()
    done = ws.pre_commit("install-hooks", timeout=INSTALL_TIMEOUT)
    took = time.monotonic() - started
    assert done.returncode == 0, f"pre-commit install-hooks failed after {took:.0f}s:\n{_output(done)[-6000:]}"
    print(f"\npre-commit hook environment installed in {took:.1f}s", file=sys.stderr)


@pytest.fixture
def workspace(tmp_path: Path, hook_repo: tuple[str, str], pre_commit_env: dict[str, str], installed: None) -> Workspace:
    ws = Workspace(tmp_path / "project", hook_repo, pre_commit_env)
    # Config discovery walks up from each file: this keeps folders above the test's out of it.
    ws.write("splint.toml", "")
    return ws


# --- the manifest --------------------------------------------------------------------------


@pytest.mark.skipif(not HAVE_PRE_COMMIT, reason=NO_PRE_COMMIT)
def test_manifest_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        env=_clean_env(), capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, _output(done)
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"splint", "splint-fix"}
    assert hooks["splint"]["entry"] == "splint check --force-exclude"
    assert hooks["splint-fix"]["entry"] == "splint check --force-exclude --fix"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is True


@pytest.mark.parametrize(("path", "taken"), [
    ("scene.prompt", True),
    ("shots/night/chase.PROMPT", True),
    ("prompts/chase.md", True),
    ("prompts/chase.txt", True),
    ("app/prompts/ads/library.yaml", True),
    ("prompts/library.yml", True),
    ("prompts/library.json", True),
    ("prompts/library.jsonl", True),
    ("Prompts/chase.md", True),
    ("README.md", False),
    ("docs/guide.md", False),
    ("notes.txt", False),
    (".github/workflows/ci.yml", False),
    (".pre-commit-config.yaml", False),
    ("package.json", False),
    ("prompts/README.md", False),
    ("prompts/CHANGELOG.md", False),
    ("prompts/LICENSE.txt", False),
    ("prompts/package.json", False),
    ("prompts/requirements.txt", False),
    ("prompts/library.schema.json", False),
    ("prompts/render.py", False),
    ("myprompts/chase.md", False),
])
def test_default_files(path: str, taken: bool) -> None:
    """The manifest's files/exclude, applied as pre-commit applies them (re.search on the path)."""
    for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")):
        files, exclude = re.compile(hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
        assert bool(files.search(path) and not exclude.search(path)) is taken, (hook["id"], path)


# --- the hooks, run by pre-commit ----------------------------------------------------------


def test_lint_hook_fails_on_flagged_prompt(workspace: Workspace) -> None:
    workspace.config({"id": "splint"})
    workspace.write("prompts/chase-keywords.md", FLAGGED)
    workspace.write("prompts/inle.prompt", CLEAN)
    done = workspace.run()
    out = _output(done)
    assert done.returncode == 1, out
    assert re.search(r"^splint\.+Failed$", out, re.MULTILINE), out
    assert "- exit code: 1" in out
    assert "prompts/chase-keywords.md:1:1: ST001 [keyword-list]" in out
    assert "inle.prompt:" not in out  # the clean prompt has nothing to report


def test_lint_hook_passes_clean_prompts_and_collections(workspace: Workspace) -> None:
    workspace.config({"id": "splint"})
    workspace.write("prompts/inle.md", CLEAN)
    workspace.write("shots/lake/inle.prompt", CLEAN)
    body = CLEAN.split("---\n", 2)[2].strip()
    workspace.write("prompts/library.yaml", yaml.safe_dump([{"id": "inle", "seconds": 8, "prompt": body}]))
    workspace.write("prompts/library.jsonl", json.dumps({"id": "inle", "seconds": 8, "prompt": body}) + "\n")
    done = workspace.run()
    out = _output(done)
    assert done.returncode == 0, out
    assert re.search(r"^splint\.+Passed$", out, re.MULTILINE), out
    assert _linted(out) == 4, out  # every one of the four files reached splint


def test_files_outside_the_default_pattern_are_not_linted(workspace: Workspace) -> None:
    workspace.config({"id": "splint"})
    workspace.write("prompts/inle.prompt", CLEAN)
    # Each of these would fail the hook if splint were handed it.
    workspace.write("README.md", FLAGGED)
    workspace.write("docs/notes.md", FLAGGED)
    workspace.write("notes.txt", FLAGGED)
    workspace.write(".github/workflows/ci.yml", WORKFLOW)
    workspace.write("package.json", PACKAGE)
    workspace.write("prompts/README.md", FLAGGED)
    workspace.write("prompts/package.json", PACKAGE)
    done = workspace.run()
    out = _output(done)
    assert done.returncode == 0, out
    assert _linted(out) == 1, out  # only prompts/inle.prompt
    for name in ("README.md", "notes.md", "notes.txt", "ci.yml", "package.json"):
        assert name not in out


def test_files_override_widens_the_pattern(workspace: Workspace) -> None:
    """A user's `files:` replaces the default; the manifest's exclude still keeps READMEs out."""
    workspace.config({"id": "splint", "files": r"(^|/)(prompts|docs)/.+\.md$|\.prompt$"})
    workspace.write("prompts/inle.prompt", CLEAN)
    workspace.write("docs/notes.md", FLAGGED)
    workspace.write("prompts/README.md", FLAGGED)
    workspace.write(".github/workflows/ci.yml", WORKFLOW)
    done = workspace.run()
    out = _output(done)
    assert done.returncode == 1, out
    assert "docs/notes.md:1:1: ST001 [keyword-list]" in out
    assert "README.md" not in out and "ci.yml" not in out


def test_configured_excludes_apply_to_the_files_pre_commit_names(workspace: Workspace) -> None:
    """pre-commit names every file; the project's [tool.splint] exclude still keeps drafts out."""
    workspace.config({"id": "splint"})
    workspace.write("splint.toml", 'exclude = ["prompts/drafts/*"]\n')
    workspace.write("prompts/inle.prompt", CLEAN)
    workspace.write("prompts/drafts/chase.prompt", FLAGGED)
    done = workspace.run()
    out = _output(done)
    assert done.returncode == 0, out
    assert "chase.prompt" not in out


def test_fix_hook_moves_template_line_into_front_matter(workspace: Workspace) -> None:
    workspace.config({"id": "splint-fix"})
    workspace.write("prompts/sweeper.prompt", TEMPLATE)
    workspace.write("prompts/inle.prompt", CLEAN)
    assert "[DURATION]: 8s" in TEMPLATE

    first = workspace.run()
    out = _output(first)
    assert first.returncode == 1, out
    assert re.search(r"^splint \(fix\)\.+Failed$", out, re.MULTILINE), out
    assert "- files were modified by this hook" in out
    fixed = workspace.read("prompts/sweeper.prompt")
    assert fixed.startswith("---\nseconds: 8\n---\n"), fixed
    assert "[DURATION]" not in fixed
    assert "[SCENE]: A street sweeper truck" in fixed and "[STYLE]: French New Wave" in fixed
    assert workspace.read("prompts/inle.prompt") == CLEAN  # a clean prompt is left byte for byte

    second = workspace.run()
    out = _output(second)
    assert second.returncode == 0, out
    assert re.search(r"^splint \(fix\)\.+Passed$", out, re.MULTILINE), out
    assert workspace.read("prompts/sweeper.prompt") == fixed


def test_fix_hook_still_fails_on_what_it_cannot_fix(workspace: Workspace) -> None:
    workspace.config({"id": "splint-fix"})
    workspace.write("prompts/chase-keywords.md", FLAGGED)
    first = workspace.run()
    out = _output(first)
    assert first.returncode == 1, out
    assert "- files were modified by this hook" in out  # the stray '8k' (PA007) is safe to drop
    assert "prompts/chase-keywords.md:1:1: ST001 [keyword-list]" in out  # a rewrite is not
    fixed = workspace.read("prompts/chase-keywords.md")
    assert "8k" not in fixed and fixed.startswith("car chase, night, rain")

    second = workspace.run()
    out = _output(second)
    assert second.returncode == 1, out
    assert "prompts/chase-keywords.md:1:1: ST001 [keyword-list]" in out
    assert "files were modified" not in out
    assert workspace.read("prompts/chase-keywords.md") == fixed
