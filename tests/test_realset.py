"""CI floor: the core rules on corpus/realset/, real prompts written by people who never saw splint.

Scored in-process exactly as ../shared/tools/score_labels.py scores `splint check` (pairs in
ambiguous.json not scored, clip length 4 s unless a prompt states one); each core rule's F1
must stay at or above its floor in corpus/realset/floor.json.
"""
from __future__ import annotations

import json

from rule_cases import CORE, REALSET, score_labelled

FLOOR_FILE = REALSET / "floor.json"


def floors() -> dict[str, float]:
    return {k: v for k, v in json.loads(FLOOR_FILE.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def test_every_core_rule_has_a_floor() -> None:
    assert sorted(floors()) == sorted(CORE)
    assert all(0 < f <= 1 and round(f, 2) == f for f in floors().values())


def test_core_rules_stay_at_or_above_their_floor_on_real_prompts() -> None:
    scores = {s.rule: s for s in score_labelled(REALSET)}
    assert set(floors()) <= set(scores), "a floor names a rule that labels.json does not label"
    below = [f"{rule} F1 {scores[rule].f1:.2f} < floor {floor:.2f}"
             for rule, floor in floors().items() if scores[rule].f1 < floor]
    table = "\n".join(s.line() for s in scores.values())
    assert not below, "; ".join(below) + f"\n{table}"
