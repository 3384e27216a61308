"""``splint dev new-rule``: a new rule is a module and a case file, found by the registry.

Every run writes into a temporary copy of ``rules/`` and an empty ``corpus/rules/``, never
into the repository.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from splint.linter.docs import HEADINGS, parts
from splint.rules import RULES, discover


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "corpus" / "rules").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def load_copy() -> Iterator:
    """Import a copied rules folder as its own package (its registry discovers its modules)."""
    names: list[str] = []

    def load(folder: Path, package: str):  # type: ignore[no-untyped-def]
        spec = importlib.util.spec_from_file_location(package, folder / "__init__.py",
                                                      submodule_search_locations=[str(folder)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        names.append(package)
        spec.loader.exec_module(module)
        return module

    yield load
    for name in [n for n in sys.modules if n.split(".")[0] in names]:
        del sys.modules[name]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_rule_writes_a_module_and_a_case_file_the_registry_finds(checkout: Path, splint, load_copy) -> None:
    run = splint("dev", "new-rule", "TM009", "held-too-long", "--severity", "info", "--root", str(checkout))
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == ("Created rules/held_too_long.py and corpus/rules/TM009.yaml: "
                                       "TM009 held-too-long (group timing, info).")
    module_file = checkout / "rules" / "held_too_long.py"
    cases = yaml.safe_load((checkout / "corpus" / "rules" / "TM009.yaml").read_text(encoding="utf-8"))
    # The case file has the corpus format's keys, one case to fail and one to pass.
    assert set(cases) == {"rule", "name", "cases"} and (cases["rule"], cases["name"]) == ("TM009", "held-too-long")
    assert [(c["expect"], set(c)) for c in cases["cases"]] == [("fail", {"name", "expect", "prompt"}),
                                                               ("pass", {"name", "expect", "prompt"})]
    assert (checkout / "corpus" / "rules" / "TM009.yaml").read_text(encoding="utf-8").startswith("# ")

    copy = load_copy(checkout / "rules", "scaffolded_rules")
    assert list(copy.RULES) == sorted([*RULES, "TM009"])
    new = copy.RULES["TM009"]
    assert new.__file__ == str(module_file)
    assert (new.META.name, new.META.group, new.META.severity.label) == ("held-too-long", "timing", "info")
    assert list(new.check(None, None)) == []           # nothing found yet: the TODO says what to write
    summary, documented = parts(new)
    assert summary.startswith("TODO") and list(documented) == [h.rstrip(":") for h in HEADINGS]
    assert "guide" in (new.__doc__ or "") and "TODO" in module_file.read_text(encoding="utf-8").split("def check")[1]


def test_a_new_group_is_named_with_group(checkout: Path, splint, load_copy) -> None:
    run = splint("dev", "new-rule", "CM001", "conflicting-camera-moves", "--group", "camera", "--root", str(checkout))
    assert run.code == 0, run.err
    copy = load_copy(checkout / "rules", "scaffolded_group")
    assert copy.BY_NAME["conflicting-camera-moves"].META.group == "camera"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("st6", "held-too-long"), "'st6' is not a rule code: two capital letters and three digits"),
        (("TM0003", "held-too-long"), "'TM0003' is not a rule code"),
        (("TM009", "Held_Too_Long"), "'Held_Too_Long' is not a rule name: lower-case words joined by hyphens"),
        (("TM009", "held-2-long"), "'held-2-long' is not a rule name"),
        (("ST001", "held-too-long"), "ST001 is taken by keyword-list"),
        (("TM009", "too-many-actions"), "the name too-many-actions is taken by TM001"),
        (("ZZ001", "held-too-long"), "no rule code starts with ZZ yet: name the new group with --group"),
        (("TM009", "held-too-long", "--group", "structure"), "TM codes are in the timing group, not structure"),
        (("ZZ001", "held-too-long", "--group", "timing"), "the timing group's codes start with TM, not ZZ"),
        (("ZZ001", "held-too-long", "--group", "Two Words"), "'Two Words' is not a group name"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(checkout: Path, splint, args: tuple[str, ...], message: str) -> None:
    before = _files(checkout)
    run = splint("dev", "new-rule", *args, "--root", str(checkout))
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("splint: new-rule: ") and message in run.err and run.err.count("\n") == 1, run.err
    assert _files(checkout) == before


@pytest.mark.parametrize("existing", ["rules/held_too_long.py", "corpus/rules/TM009.yaml"])
def test_an_existing_file_is_never_overwritten(checkout: Path, splint, existing: str) -> None:
    (checkout / existing).write_text("kept\n", encoding="utf-8")
    before = _files(checkout)
    run = splint("dev", "new-rule", "TM009", "held-too-long", "--root", str(checkout))
    assert run.code == 2 and run.err == f"splint: new-rule: {existing} exists already; nothing was written\n"
    assert _files(checkout) == before


def test_the_same_rule_twice_is_refused(checkout: Path, splint) -> None:
    assert splint("dev", "new-rule", "TM009", "held-too-long", "--root", str(checkout)).code == 0
    again = splint("dev", "new-rule", "TM009", "held-too-long", "--root", str(checkout))
    assert again.code == 2 and "exists already" in again.err


def test_a_folder_that_is_not_a_checkout_is_refused(tmp_path: Path, splint) -> None:
    run = splint("dev", "new-rule", "TM009", "held-too-long", "--root", str(tmp_path))
    assert run.code == 2 and "is not a checkout of splint" in run.err
    assert list(tmp_path.iterdir()) == []


def _package(root: Path, name: str, modules: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    for module, text in modules.items():
        (folder / f"{module}.py").write_text(text, encoding="utf-8")
    return folder


_GOOD = '''from splint.linter.types import RuleMeta, Severity
META = RuleMeta(code="{code}", name="{name}", group="timing", severity=Severity.WARNING)
def check(analysis, settings):
    return iter(())
'''


@pytest.mark.parametrize(
    ("broken", "text"),
    [
        ("no_meta", "def check(analysis, settings):\n    return iter(())\n"),
        ("no_check", ("from splint.linter.types import RuleMeta, Severity\n"
                     "META = RuleMeta(code='TM008', name='no-check', group='timing', severity=Severity.INFO)\n")),
        ("not_a_meta", "META = {'code': 'TM009'}\ndef check(analysis, settings):\n    return iter(())\n"),
    ],
)
def test_a_rule_module_without_meta_or_check_stops_discovery(tmp_path: Path, monkeypatch, broken: str, text: str) -> None:
    name = f"discovered_{broken}"
    folder = _package(tmp_path, name, {"good": _GOOD.format(code="TM007", name="good"), broken: text})
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(TypeError, match=rf"^{name}\.{broken}: a rule module needs META"):
            discover(name, [str(folder)])
    finally:
        for module in [m for m in sys.modules if m.split(".")[0] == name]:
            del sys.modules[module]


def test_discovery_is_in_code_order_and_refuses_a_code_twice(tmp_path: Path, monkeypatch) -> None:
    folder = _package(tmp_path, "discovered_twice", {
        "a_late": _GOOD.format(code="TM009", name="a-late"), "b_early": _GOOD.format(code="TM001", name="b-early"),
        "empty": "", "_private": "",
    })
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(TypeError, match=r"^discovered_twice\.empty: a rule module needs META"):
            discover("discovered_twice", [str(folder)])     # a module starting with _ is passed over
        (folder / "empty.py").unlink()
        assert list(discover("discovered_twice", [str(folder)])) == ["TM001", "TM009"]
        (folder / "c_again.py").write_text(_GOOD.format(code="TM001", name="c-again"), encoding="utf-8")
        with pytest.raises(TypeError, match="code TM001 is taken by discovered_twice.b_early"):
            discover("discovered_twice", [str(folder)])
    finally:
        for module in [m for m in sys.modules if m.split(".")[0] == "discovered_twice"]:
            del sys.modules[module]


def test_the_registry_holds_every_rule_module_of_the_package() -> None:
    from splint.rules import HELPERS

    files = {p.stem for p in (ROOT / "rules").glob("*.py") if p.stem != "__init__" and p.stem not in HELPERS}
    assert {m.__name__.rsplit(".", 1)[1] for m in RULES.values()} == files
    assert list(RULES) == sorted(RULES)
