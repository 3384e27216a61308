"""Speed of this checkout against another install of splint, measured side by side.

    python benchmarks/compare.py --against ../splint-main/.venv/bin/python
    python benchmarks/compare.py --against OTHER_PYTHON -n 1500 --rounds 4

A shared or virtual machine's speed drifts by 20 % and more from one minute to the next, so
two figures taken apart (today's `speed.py` against a figure in a note) say little. This
script runs both installs in turn, round after round, on the same generated prompts:
- warm: CPU seconds of one in-process lint of N prompts (the pipeline loaded and warmed up),
  the best of three passes per round; the best over all rounds is the figure compared;
- cold: wall seconds of `splint check --isolated --no-cache -q one.prompt` as a new process
  (the `splint` script beside each Python),
  the median over all rounds.
``--against`` is the Python of the other install (a checkout of another revision with its
own virtual environment); this checkout's is the one running the script.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import prompts

# Runs inside each install: only names both old and new versions of splint have.
_WARM = """
import json, sys, time
from pathlib import Path
from splint.linter.config import Config
from splint.linter.runner import CHUNK, Options, lint
from splint.linter.types import Origin, Params, Prompt
texts = json.loads(Path(sys.argv[1]).read_text())
config = Config(root=Path.cwd())
items = [Prompt("bench", t, Params(), Origin.of(t), str(i)) for i, t in enumerate(texts)]
list(lint(items[: 4 * CHUNK], Options(), config_for=lambda _p: config, jobs=1))
passes = []
for _ in range(3):
    start = time.process_time()
    list(lint(items, Options(), config_for=lambda _p: config, jobs=1))
    passes.append(time.process_time() - start)
print(min(passes))
"""


def warm(python: str, texts: Path) -> float:
    # started in the prompts' folder: from a checkout's root, its splint/ folder would shadow the
    # other install's package
    out = subprocess.run([python, "-c", _WARM, str(texts)], capture_output=True, text=True, check=True, cwd=texts.parent)
    return float(out.stdout.strip().splitlines()[-1])


def cold(python: str, one: Path) -> float:
    start = time.perf_counter()
    # the console script beside each Python: every version has it, whichever module runs it
    subprocess.run([str(Path(python).parent / "splint"), "check", "--isolated", "--no-cache", "-q", str(one)],
                   cwd=one.parent, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the Python of the other install")
    parser.add_argument("-n", type=int, default=1500, help="prompts to lint (default 1500)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds, each running both installs (default 4)")
    args = parser.parse_args()
    installs = {"this": sys.executable, "other": args.against}
    warm_s: dict[str, list[float]] = {name: [] for name in installs}
    cold_s: dict[str, list[float]] = {name: [] for name in installs}
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "prompts.json"
        generated = prompts(args.n)
        texts.write_text(json.dumps(generated))
        one = Path(tmp) / "one.prompt"
        one.write_text(generated[1])
        for python in installs.values():
            cold(python, one)  # the file cache warmed for both
        for _ in range(args.rounds):
            for name, python in installs.items():
                warm_s[name].append(warm(python, texts))
                cold_s[name].append(cold(python, one))
    print(f"{args.n} prompts, {args.rounds} rounds; other = {args.against}")
    print(f"{'measure':<44} {'this':>8} {'other':>8} {'this/other':>11}")
    best = {name: min(v) for name, v in warm_s.items()}
    print(f"{'warm: best CPU s for the lint of N prompts':<44} {best['this']:>8.2f} {best['other']:>8.2f} "
          f"{best['this'] / best['other']:>11.2f}")
    mid = {name: statistics.median(v) for name, v in cold_s.items()}
    print(f"{'cold: median wall s, one file, new process':<44} {mid['this']:>8.2f} {mid['other']:>8.2f} "
          f"{mid['this'] / mid['other']:>11.2f}")


if __name__ == "__main__":
    main()
