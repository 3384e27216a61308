"""The rule cases (``corpus/rules/<CODE>.yaml``) and the labelled real prompts (``corpus/realset/``):
reading them, linting them in-process, and judging the results.

``tests/test_corpus.py`` and ``tests/test_realset.py`` assert with these;
``benchmarks/corpus_accuracy.py`` scores with the same code, so the benchmark and the tests
cannot disagree about what a case expects or how the real prompts are scored.
"""
from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from splint.linter.config import Config
from splint.linter.fixes import fix_text
from splint.linter.runner import Options, Result, lint
from splint.linter.source import Source, SourceError, decode, parse_prompt_file, parse_source
from splint.linter.types import Severity
from splint.rules import RULES, resolve

ROOT = Path(__file__).resolve().parent.parent
RULE_CASES = ROOT / "corpus" / "rules"
REALSET = ROOT / "corpus" / "realset"
CORE = ("keyword-list", "missing-audio", "too-many-actions", "vague-lighting")

# Cases are linted as `splint check --isolated` lints: no configuration file counts.
_ISOLATED = Config(root=ROOT)


def _isolated(_path: str) -> Config:
    return _ISOLATED


# --- reading case files --------------------------------------------------------------------


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    expect: Literal["fail", "pass"] | list[str]
    prompt: str = Field(min_length=1)
    fix: str | None = None
    known_miss: str | None = Field(default=None, min_length=1)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    name: str
    cases: list[Case] = Field(min_length=1)


class CaseFileError(Exception):
    """A case file that does not say what its cases expect; the message names the file and case."""


@dataclass(frozen=True)
class RuleCase:
    file: str          # corpus/rules/ST001.yaml
    code: str
    rule: str          # the rule's name
    case: Case

    @property
    def id(self) -> str:
        return f"{self.code}/{self.case.name}"

    @property
    def path(self) -> str:
        """The path diagnostics are reported under. Its folder is the case file's, so a relative
        `input_reference` resolves from corpus/rules/, as it would for a prompt file there."""
        return f"{self.file}#{self.case.name}"

    @property
    def all_rules(self) -> bool:
        """A list of rules is judged with every rule on; fail or pass with this rule alone."""
        return isinstance(self.case.expect, list)

    @property
    def expected(self) -> frozenset[str]:
        """The rule names expected to fire, in the run that judges the case."""
        expect = self.case.expect
        if isinstance(expect, list):
            return frozenset(_rule_name(n) or n for n in expect)
        return frozenset({self.rule}) if expect == "fail" else frozenset()


def _rule_name(name: str) -> str | None:
    module = resolve(name)
    return module.META.name if module is not None else None


def case_files() -> list[Path]:
    return sorted(RULE_CASES.glob("*.yaml"))


def _where(data: Any, index: object) -> str:
    """"case 'name'" for a case's index in the raw file, or "case #n" when it has no usable name."""
    if isinstance(index, int):
        cases = data.get("cases") if isinstance(data, dict) else None
        raw = cases[index] if isinstance(cases, list) and index < len(cases) else None
        name = raw.get("name") if isinstance(raw, dict) else None
        return f"case '{name}'" if isinstance(name, str) else f"case #{index + 1}"
    return ""


def read_case_file(path: Path) -> list[RuleCase]:
    """Every case of one file, validated; CaseFileError names the file, the case and what is wrong."""
    shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise CaseFileError(f"{shown}: not valid YAML{where}") from None
    try:
        parsed = CaseFile.model_validate(data)
    except ValidationError as exc:
        lines = {}
        for err in exc.errors():
            loc = list(err["loc"])
            where = ""
            if loc[:1] == ["cases"] and len(loc) > 1:
                where = _where(data, loc[1]) + ": "
                loc = loc[2:]
            key = ".".join(str(p) for p in loc if not str(p).startswith(("literal[", "list[")))
            what = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            # One line per place: a value that is neither `fail`/`pass` nor a list fails both.
            lines.setdefault(f"{shown}: {where}{key}", f"{shown}: {where}{key + ': ' if key else ''}{what}")
        raise CaseFileError("\n".join(lines.values())) from None
    module = RULES.get(parsed.rule)
    if module is None:
        raise CaseFileError(f"{shown}: rule: no rule has the code '{parsed.rule}' (`splint rules` lists them)")
    if path.stem != parsed.rule:
        raise CaseFileError(f"{shown}: rule: {parsed.rule} belongs in corpus/rules/{parsed.rule}.yaml")
    if parsed.name != module.META.name:
        raise CaseFileError(f"{shown}: name: {parsed.rule} is named '{module.META.name}', not '{parsed.name}'")
    seen: set[str] = set()
    for case in parsed.cases:
        if case.name in seen:
            raise CaseFileError(f"{shown}: case '{case.name}': the name is used twice in the file")
        seen.add(case.name)
        if isinstance(case.expect, list):
            if not case.expect:
                raise CaseFileError(f"{shown}: case '{case.name}': expect: an empty list; use `expect: pass`")
            unknown = [n for n in case.expect if _rule_name(n) is None]
            if unknown:
                raise CaseFileError(f"{shown}: case '{case.name}': expect: no rule named {', '.join(unknown)}")
    return [RuleCase(shown, parsed.rule, module.META.name, case) for case in parsed.cases]


# --- linting and judging -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    case: RuleCase
    result: Result
    fixed: str | None = None      # what `check --fix` leaves, when the case has `fix:`

    @property
    def fired(self) -> frozenset[str]:
        return frozenset(d.rule for d in self.result.diagnostics)

    @property
    def exit_code(self) -> int:
        """What `splint check` would exit with (the default --fail-on is warning)."""
        if self.result.error is not None:
            return 2
        return int(any(d.severity >= Severity.WARNING for d in self.result.diagnostics))

    @property
    def output(self) -> str:
        """What `splint check` prints for the case: errors (stderr) first, then the report."""
        from splint.linter.reporters import text

        error = f"{self.result.path}: {self.result.error}\n" if self.result.error is not None else ""
        return error + text.render([self.result])

    @property
    def met(self) -> bool:
        """The case's expectation holds (known misses aside)."""
        case = self.case
        if case.all_rules:
            ok = self.fired == case.expected
        elif case.case.expect == "fail":
            ok = case.rule in self.fired
        else:
            ok = case.rule not in self.fired and self.exit_code == 0
        return ok

    def problem(self) -> str | None:
        """Why the case fails, naming the file and case and showing the output; None when it holds."""
        case = self.case
        head = f"{case.file}: case '{case.case.name}'"
        shown = f"\n--- splint check {'(all rules)' if case.all_rules else f'--select {case.code}'} printed:\n{self.output}"
        if case.case.known_miss is not None:
            if self.met:
                return f"{head} is fixed: remove its known_miss ({case.case.known_miss}){shown}"
            return None
        if not self.met:
            if case.all_rules:
                want, got = sorted(case.expected), sorted(self.fired)
                return f"{head}: expected exactly {want} to fire with all rules, got {got}{shown}"
            if case.case.expect == "fail":
                return f"{head}: expected {case.rule} to fire; it did not{shown}"
            if case.rule in self.fired:
                return f"{head}: expected {case.rule} to stay quiet; it fired{shown}"
            return f"{head}: expected exit code 0, got {self.exit_code}{shown}"
        if case.case.fix is not None and self.fixed != case.case.fix:
            return (f"{head}: `splint check --fix` leaves other text than `fix:`\n--- expected:\n{case.case.fix}"
                    f"--- got:\n{self.fixed}")
        return None

    def snapshot(self) -> str:
        case = self.case
        expect = f"[{', '.join(case.case.expect)}] (all rules)" if isinstance(case.case.expect, list) else case.case.expect
        miss = " · known miss" if case.case.known_miss is not None else ""
        return f"### {case.case.name} · expect: {expect}{miss}\n{self.output}"


@contextlib.contextmanager
def _at_root() -> Any:
    # Diagnostics' paths are relative to the repository, as when `splint check` runs there.
    with contextlib.chdir(ROOT):
        yield


def lint_cases(cases: Sequence[RuleCase]) -> list[Outcome]:
    """The cases of one rule, linted in one run per selection (the rule alone, or all rules); in order."""
    outcomes: dict[int, Outcome] = {}
    with _at_root():
        for all_rules in (False, True):
            chosen = [(i, c) for i, c in enumerate(cases) if c.all_rules == all_rules]
            if not chosen:
                continue
            codes = {c.code for _, c in chosen}
            assert len(codes) == 1, "the cases of one rule"
            options = Options() if all_rules else Options(select=tuple(codes))
            sources = [s for _, c in chosen for s in parse_source(c.path, c.case.prompt.encode("utf-8"))]
            results = list(lint(sources, options, config_for=_isolated))
            assert len(results) == len(chosen), "a case prompt is one prompt"
            for (i, c), result in zip(chosen, results, strict=True):
                fixed = None
                if c.case.fix is not None:
                    fix_options = Options() if all_rules else Options(select=(c.code,))
                    fixed = fix_text(c.path, c.case.prompt, fix_options, _isolated).text
                outcomes[i] = Outcome(c, result, fixed)
    return [outcomes[i] for i in range(len(cases))]


def all_cases() -> list[RuleCase]:
    """Every case of every valid case file (an invalid file is test_corpus's to report)."""
    found = []
    for path in case_files():
        with contextlib.suppress(CaseFileError):
            found += read_case_file(path)
    return found


def write_prompt_files(cases: Iterable[RuleCase], folder: Path) -> list[Path]:
    """The cases as prompt files, ``folder/<CODE>/<name>.prompt`` (for tests that need files on disk)."""
    written = []
    for c in cases:
        path = folder / c.code / f"{c.case.name}.prompt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(c.case.prompt.encode("utf-8"))
        written.append(path)
    return written


# --- the labelled real prompts -------------------------------------------------------------


@dataclass
class Score:
    rule: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)     # "FN p001.prompt", "FP p002.prompt", in file order

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return f"{self.rule:18} P={self.precision:.2f} R={self.recall:.2f} F1={self.f1:.2f}  {' '.join(self.missed)}"


# A source refused with a one-line error about a parameter counts as that parameter's rule.
_PARAMETER_ERRORS = (("seconds", "invalid-seconds"), ("size", "invalid-size"), ("model", "unknown-model"))


def score_labelled(folder: Path = REALSET) -> list[Score]:
    """Per-rule scores of a labelled folder, as ../shared/tools/score_labels.py computes them.

    Every rule named in labels.json is scored; (file, rule) pairs in ambiguous.json are not;
    aliases.json maps a label to other rule names that count for it. Every file is linted as a
    prompt with all rules on and no configuration; the clip length is the default profile's
    (4 s) unless the prompt states one.
    """
    labels: dict[str, list[str]] = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    ambiguous_file, aliases_file = folder / "ambiguous.json", folder / "aliases.json"
    ambiguous = json.loads(ambiguous_file.read_text(encoding="utf-8")) if ambiguous_file.exists() else {}
    aliases = json.loads(aliases_file.read_text(encoding="utf-8")) if aliases_file.exists() else {}
    rules = sorted({r for v in labels.values() for r in v})
    sources: list[Source] = []
    for name in sorted(labels):
        path = folder / name
        try:
            sources.append(parse_prompt_file(str(path), decode(str(path), path.read_bytes())))
        except ValueError as exc:
            sources.append(SourceError(str(path), str(exc)))
    found: dict[str, set[str]] = {}
    for result in lint(sources, Options(), config_for=_isolated):
        got = {d.rule for d in result.diagnostics}
        for key, rule in _PARAMETER_ERRORS:
            if re.search(rf"\b{key}\b", result.error or ""):
                got.add(rule)
        found[Path(result.path).name] = got | {label for label, names in aliases.items() if got & set(names)}
    scores = []
    for rule in rules:
        score = Score(rule)
        for name, labelled in labels.items():
            if rule in ambiguous.get(name, []):
                continue
            expected, got = rule in labelled, rule in found.get(name, set())
            score.tp += expected and got
            score.fp += (not expected) and got
            score.fn += expected and not got
            if expected != got:
                score.missed.append(("FN " if expected else "FP ") + name)
        scores.append(score)
    return scores
