"""How well each rule does on its cases, on the held-out eval sets and on real prompts.

    python benchmarks/corpus_accuracy.py             # corpus/rules/<CODE>.yaml, known misses listed
    python benchmarks/corpus_accuracy.py --verbose   # and every case a rule gets wrong
    python benchmarks/corpus_accuracy.py --eval      # the corpus/eval/*.yaml sets as well
    python benchmarks/corpus_accuracy.py --realset   # corpus/realset/: 141 real prompts written by others

The eval sets are written independently of the rules and labelled by hand; the real prompts
were written by people who never saw splint. Their scores are the honest measure of how a
rule does on prompts it was not tuned on. --realset scores exactly as
../shared/tools/score_labels.py does (its lines have the same form, and tests/test_realset.py
holds the floor in corpus/realset/floor.json).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from rule_cases import CORE, REALSET, case_files, lint_cases, read_case_file, score_labelled
from splint.linter.config import Config
from splint.linter.runner import Options, lint
from splint.linter.types import Origin, Params, Prompt
from splint.rules import resolve

_NO_CONFIG = Config(root=ROOT)


def score(rows: list[tuple[str, str, bool, bool]], verbose: bool) -> None:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    for rule, name, expected, fired in rows:
        cell = table[rule]
        cell[(0 if expected else 1) if fired else (2 if expected else 3)] += 1
        if verbose and expected != fired:
            print(f"  {'MISSED' if expected else 'FALSE '} {rule:<17} {name}")
    print(f"{'rule':<24} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4} {'precision':>10} {'recall':>7}")
    for rule, (tp, fp, fn, tn) in sorted(table.items()):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{rule:<24} {tp:>4} {fp:>4} {fn:>4} {tn:>4} {precision:>10.2f} {recall:>7.2f}")


def corpus_rows() -> tuple[list[tuple[str, str, bool, bool]], list[str], list[str]]:
    """(rule, case, expected, fired) per case, the known misses, and cases that fail unannounced."""
    rows, known, unannounced = [], [], []
    for path in case_files():
        for outcome in lint_cases(read_case_file(path)):
            case = outcome.case
            rows.append((case.rule, case.case.name, case.rule in case.expected, case.rule in outcome.fired))
            if case.case.known_miss is not None:
                state = "still missed" if not outcome.met else "FIXED: remove known_miss"
                known.append(f"{case.id:<45} {state}: {case.case.known_miss}")
            elif not outcome.met:
                unannounced.append(case.id)
    return rows, known, unannounced


def eval_rows(name: str) -> list[tuple[str, str, bool, bool]]:
    loaded = yaml.safe_load((ROOT / "corpus" / "eval" / name).read_text(encoding="utf-8"))
    items = loaded["items"] if isinstance(loaded, dict) else loaded
    # The first eval set labels the four core rules; a later set says which rules it labels.
    labelled = tuple(loaded["rules"]) if isinstance(loaded, dict) else CORE
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


def realset(folder: Path) -> None:
    scores = score_labelled(folder)
    for s in scores:
        print(s.line())
    count = len(json.loads((folder / "labels.json").read_text(encoding="utf-8")))
    worst = min((s.f1 for s in scores), default=1.0)
    print(f"F1 ({count} prompts): " + ", ".join(f"{s.rule} {s.f1:.2f}" for s in scores) + f"; min {worst:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", action="store_true", help="also score the independent eval sets")
    parser.add_argument("--realset", action="store_true", help="also score the real prompts in corpus/realset/")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every case a rule gets wrong")
    args = parser.parse_args()
    print("corpus/rules:")
    rows, known, unannounced = corpus_rows()
    score(rows, args.verbose)
    print(f"\nknown misses ({len(known)}):")
    for line in known:
        print(f"  {line}")
    if unannounced:
        print(f"\ncases that fail without a known_miss ({len(unannounced)}): {', '.join(unannounced)}")
    if args.eval:
        for path in sorted((ROOT / "corpus" / "eval").glob("*.yaml")):
            print(f"\ncorpus/eval/{path.name} (aggregate only):")
            score(eval_rows(path.name), False)
    if args.realset:
        print(f"\n{REALSET.relative_to(ROOT)}/ (pairs in ambiguous.json not scored):")
        realset(REALSET)
    sys.exit(0)
