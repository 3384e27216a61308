"""The house is one-way: the front door (`splint`: API, command line, language server) sits on
the rewriter, which sits on the linter and its rules. Read from the source files themselves, so
an import made inside a function counts as much as one at the top."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOOR = ("splint", "splint.cli", "splint.lsp", "splint.__main__")
# what each layer may not import
FORBIDDEN = {
    "linter": (*FRONT_DOOR, "splint.rewriter"),
    "rules": (*FRONT_DOOR, "splint.rewriter"),
    "rewriter": FRONT_DOOR,
}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    # "splint" alone is the front door; "splint.linter" is not under it
    return any(name == f or (f != "splint" and name.startswith(f + ".")) for f in forbidden)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    for folder, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            for name in sorted(imports(path)):
                if breaks(name, forbidden):
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from splint.rewriter.engine import Engine\n    import splint\n")
    found = imports(module)
    assert breaks("splint.rewriter.engine", FORBIDDEN["linter"]) and "splint.rewriter.engine" in found
    assert "splint" in found and breaks("splint", FORBIDDEN["rewriter"])
    assert not breaks("splint.linter.types", FORBIDDEN["rewriter"])


def test_ruff_finds_nothing_to_report() -> None:
    # the rules are configured in pyproject.toml ([tool.ruff])
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", str(ROOT)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
