"""How well each rule separates the corpus cases: positives fire, `neg-` cases do not.

    python benchmarks/corpus_accuracy.py            # corpus/rules/<CODE>/*.prompt
    python benchmarks/corpus_accuracy.py --eval     # the corpus/eval/*.yaml sets as well

The eval set is written independently of the rules and labelled by hand; its scores are
the honest measure of how a rule does on prompts it was not tuned on.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml
from splint.linter.runner import Options, lint
from splint.linter.source import parse_source
from splint.linter.types import Origin, Params, Prompt
from splint.rules import RULES, resolve

ROOT = Path(__file__).resolve().parent.parent


def score(rows: list[tuple[str, str, bool, bool]], verbose: bool) -> None:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    for rule, name, expected, fired in rows:
        cell = table[rule]
        cell[(0 if expected else 1) if fired else (2 if expected else 3)] += 1
        if verbose and expected != fired:
            print(f"  {'MISSED' if expected else 'FALSE '} {rule:<17} {name}")
    print(f"{'rule':<18} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4} {'precision':>10} {'recall':>7}")
    for rule, (tp, fp, fn, tn) in sorted(table.items()):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{rule:<18} {tp:>4} {fp:>4} {fn:>4} {tn:>4} {precision:>10.2f} {recall:>7.2f}")


def corpus_rows() -> list[tuple[str, str, bool, bool]]:
    rows = []
    for folder in sorted((ROOT / "corpus" / "rules").iterdir()):
        module = RULES[folder.name]
        cases = sorted(folder.glob("*.prompt"))
        sources = [s for case in cases for s in parse_source(str(case.relative_to(ROOT)), case.read_bytes())]
        for result in lint(sources, Options(select=(folder.name,)), config_for=lambda _p: _NO_CONFIG):
            fired = any(d.code == module.META.code for d in result.diagnostics)
            rows.append((module.META.name, Path(result.path).name, not Path(result.path).name.startswith("neg-"), fired))
    return rows


# The first eval set labels the four core rules; a later set says which rules it labels.
_CORE = ("keyword-list", "missing-audio", "vague-lighting", "too-many-actions")


def eval_rows(name: str) -> list[tuple[str, str, bool, bool]]:
    loaded = yaml.safe_load((ROOT / "corpus" / "eval" / name).read_text(encoding="utf-8"))
    items = loaded["items"] if isinstance(loaded, dict) else loaded
    labelled = tuple(loaded["rules"]) if isinstance(loaded, dict) else _CORE
    prompts = [
        Prompt(
            "eval", item["prompt"], Params(seconds=item.get("seconds"), target=item.get("target")),
            Origin.of(item["prompt"]), str(item["id"]),
        )
        for item in items
    ]
    expected = {str(item["id"]): {resolve(n).META.name for n in item["expect"]} for item in items}
    rows = []
    for result in lint(prompts, Options(), config_for=lambda _p: _NO_CONFIG):
        fired = {d.rule for d in result.diagnostics}
        for rule in labelled:
            rows.append((rule, result.item_id or "?", rule in expected[result.item_id or ""], rule in fired))
    return rows


from splint.linter.config import Config

_NO_CONFIG = Config(root=ROOT)

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", action="store_true", help="also score the independent eval set")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    print("corpus/rules:")
    score(corpus_rows(), args.verbose)
    if args.eval:
        for path in sorted((ROOT / "corpus" / "eval").glob("*.yaml")):
            print(f"\ncorpus/eval/{path.name} (aggregate only):")
            score(eval_rows(path.name), False)
    sys.exit(0)
