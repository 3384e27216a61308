"""The rule registry: every rule module of this package, by code.

A rule module has ``META`` (a ``RuleMeta``), a pure ``check(analysis, settings)`` and a
docstring with the headings What it does / Why / Example / Use instead.

Rule modules are found, not listed: every module of this package is a rule except the helpers
named in ``HELPERS``, so a new rule (``splint dev new-rule``) is a new file and nothing else
here. They are imported in file-name order and registered in code order, the same on every
machine; a module without ``META`` or ``check`` stops the import with its name. Each module is
still an ordinary one: type checkers and import contracts read the rule modules themselves,
and the edges that matter (a rule importing ``splint.linter``) are in them.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from types import ModuleType

from splint.linter.types import RuleMeta

HELPERS = frozenset({"common", "data"})      # modules of this package that are not rules


def discover(package: str, path: Iterable[str]) -> dict[str, ModuleType]:
    """The rule modules of ``package`` (found in ``path``), by code, in code order."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if info.ispkg or info.name in HELPERS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        meta = getattr(module, "META", None)
        if not isinstance(meta, RuleMeta) or not callable(getattr(module, "check", None)):
            raise TypeError(f"{module.__name__}: a rule module needs META = RuleMeta(...) and "
                            f"check(analysis, settings) (or add it to HELPERS in {package})")
        if meta.code in found:
            raise TypeError(f"{module.__name__}: code {meta.code} is taken by {found[meta.code].__name__}")
        found[meta.code] = module
    return dict(sorted(found.items()))


RULES: dict[str, ModuleType] = discover(__name__, __path__)
BY_NAME: dict[str, ModuleType] = {module.META.name: module for module in RULES.values()}


def resolve(selector: str) -> ModuleType | None:
    """A rule by code (``ST001``) or name (``keyword-list``), case-insensitive for codes."""
    return RULES.get(selector.upper()) or BY_NAME.get(selector.lower())
