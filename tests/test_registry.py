"""Guards for what a new rule, lexicon or package folder must bring along."""
from __future__ import annotations

import re
import tomllib

import pytest
from conftest import CORPUS, ROOT
from rule_cases import read_case_file
from splint.rules import RULES, data

HEADINGS = ("What it does:", "Why:", "Example:", "Use instead:")


def test_every_rule_module_is_registered() -> None:
    modules = {p.stem for p in (ROOT / "rules").glob("*.py") if p.stem not in ("__init__", "data", "common")}
    registered = {m.__name__.rsplit(".", 1)[1] for m in RULES.values()}
    assert modules == registered


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_docs_and_corpus(code: str) -> None:
    module = RULES[code]
    meta = module.META
    assert re.fullmatch(r"[A-Z]{2}\d{3}", meta.code) and meta.code == code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta.name)
    assert module.__name__.endswith("." + meta.name.replace("-", "_"))
    doc = module.__doc__ or ""
    positions = [doc.find(h) for h in HEADINGS]
    assert all(p > 0 for p in positions) and positions == sorted(positions), f"{code}: headings out of order"
    assert "guide" in doc, "a rule cites the prompting guide section it comes from"
    path = CORPUS / "rules" / f"{code}.yaml"
    assert path.is_file(), f"{code}: no case file corpus/rules/{code}.yaml"
    expects = [c.case.expect for c in read_case_file(path)]
    assert "fail" in expects and "pass" in expects, f"{path.name}: a rule needs a fail case and a pass case"


def test_codes_and_names_are_unique() -> None:
    names = [m.META.name for m in RULES.values()]
    assert len(set(names)) == len(names)


def test_every_data_file_loads() -> None:
    for path in (ROOT / "rules" / "lexicons").glob("*.yaml"):
        assert data.lexicon(path.stem).entries
    assert set(data.profile_names()) >= {"sora-2", "sora-2-pro"}
    for name in data.profile_names():
        profile = data.profile(name)
        assert profile.default_seconds in profile.seconds


def test_retired_sora_profiles() -> None:
    for name in ("sora-2", "sora-2-pro"):
        p = data.profile(name)
        assert p.status == "retired" and str(p.retired_on) == "2026-09-24"
    assert {s.size for s in data.profile("sora-2-pro").sizes} > {s.size for s in data.profile("sora-2").sizes}


def test_every_package_folder_is_in_the_wheel() -> None:
    """A folder missing from `packages` still imports in an editable install but not from the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    mapping = config["package-dir"]
    for package, folder in mapping.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_dir() and any(f.suffix in (".py", ".yaml", ".json") for f in path.iterdir()):
                rel = path.relative_to(ROOT / folder)
                name = ".".join([package, *rel.parts]) if rel.parts else package
                if "__pycache__" not in name:
                    assert name in listed, f"{name} is not listed in [tool.setuptools] packages"
    for package, patterns in config["package-data"].items():
        assert package in listed and patterns


@pytest.mark.parametrize(
    ("folder", "name", "text", "expected"),
    [
        ("lexicons", "broken", "kind: lexicon\nentries: {epic: [1]}\n", "rules/lexicons/broken.yaml: entries"),
        ("lexicons", "broken", "kind: lexicon\nentries: [a\n", "rules/lexicons/broken.yaml: not valid YAML"),
        ("profiles", "broken", "kind: profile\nmodel: broken\n", "rules/profiles/broken.yaml: name: Field required"),
    ],
)
def test_bad_rule_data_is_one_line(tmp_path, monkeypatch, folder: str, name: str, text: str, expected: str) -> None:
    from splint.linter.errors import RuleDataError

    (tmp_path / folder).mkdir()
    (tmp_path / folder / f"{name}.yaml").write_text(text)
    monkeypatch.setattr(data.resources, "files", lambda _package: tmp_path)
    for cached in (data.lexicon, data.profile, data.profile_names):
        cached.cache_clear()
    try:
        with pytest.raises(RuleDataError) as caught:
            data.lexicon(name) if folder == "lexicons" else data.profile(name)
    finally:
        monkeypatch.undo()
        for cached in (data.lexicon, data.profile, data.profile_names):
            cached.cache_clear()
    message = str(caught.value)
    assert message.startswith(expected) and "\n" not in message


def test_pattern_start_scan_finds_every_window_a_pattern_matches() -> None:
    """Phrase matching tries a lexicon's patterns only where the one-scan search says one can
    begin: every window that fully matches must begin at such an offset."""
    import random

    from splint.rules.data import Lexicon, LexiconFile

    patterns = [r"\d{2,3}\s?mm", r"f/?\d(?:\.\d)?", r"(?:super ?)?(?:8|16)\s?mm", r"(?:19|20)\d0s", r"'\d0s",
                r"(ultra|hyper-)[\s-]?(detailed|real)", r"a+b?a"]
    lexicon = Lexicon("t", LexiconFile(kind="lexicon", entries=["x"], patterns=patterns))
    rng = random.Random(5)
    pieces = ["35", "mm", " ", "f/2.8", "super", "8", "1970s", "'90s", "ultra", "-", "detailed", "aa", "b", "x"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        starts = lexicon.pattern_starts(text)
        assert starts is not None
        for a in range(len(text)):
            for b in range(a + 1, len(text) + 1):
                if lexicon.matches_pattern(text[a:b]):
                    assert a in starts, (text, a, b)
    # A pattern that looks outside what it matches gets no scan: every offset is tried.
    for contextual in (r"\bfilm", r"^8mm", r"mm$", r"(?<=x)y", r"a(?=b)", r"(?>a+)b", r"a++"):
        assert Lexicon("t", LexiconFile(kind="lexicon", entries=["x"], patterns=[contextual])).pattern_starts("8mm") is None
