"""Speed of `splint check`: warm prompts/s, cold one-file wall time, cache, memory, a peer.

    pip install -e '.[bench]'             # proselint, the peer
    python benchmarks/speed.py            # 2,000 generated prompts
    python benchmarks/speed.py -n 500     # fewer

All figures come from one run on this machine, so the ratios compare like with like:
- warm: splint's whole lint of N prompts in one process (pipeline already loaded);
- naive: the full English pipeline (NER included) over the same texts with nlp.pipe only,
  no rules at all: the floor a naive implementation starts from;
- splint pipeline: the pipeline splint runs (no NER, sped up by linter/nlp.py), nlp.pipe
  only; with the load time it gives the floor under any whole-process run;
- cold: `splint check --no-cache one.prompt` as a new process, against a process that only
  imports spaCy and loads the pipeline;
- cached: `splint check` of 1,000 unchanged prompt files as a new process, the lint cache
  (.splint_cache/) filled by a run before;
- peer: proselint (regex only) and `splint check` over the same N files as whole processes,
  splint with an empty cache and with a warm one;
- memory: peak RSS of `splint check` over 100 and 10,000 prompts (one .jsonl each);
- stream: a 50,000-item .jsonl, whole process.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBJECTS = ["A lighthouse keeper", "Two kids on bikes", "A black muscle car", "An old fisherman", "A barista",
            "A red fox", "A violinist", "A street artist", "A delivery drone", "A grandmother", "A surfer",
            "A chef", "A ballerina", "A detective", "A robot vacuum", "A hiker", "A tailor", "A koi"]
ACTIONS = ["walks along the pier", "opens a creaking door", "pours steaming coffee", "drifts around a corner",
           "leaps over a puddle", "sits down on a bench", "turns toward the window", "climbs the stairs",
           "tosses a coin", "paints a stripe on the wall", "folds a paper crane", "lifts a lantern"]
PLACES = ["in a rain-slicked Tokyo alley at night", "on a windswept Cornish cliff at dawn", "inside a crowded market",
          "across a frozen lake", "in a sunlit greenhouse", "on a rooftop in Lagos", "in a 1970s diner"]
LIGHT = ["Soft window light falls from the left.", "Cinematic lighting.", "Warm tungsten lamps glow behind her.",
         "Dramatic lighting, very moody.", "Cool blue moonlight rims the silhouette.", ""]
SOUND = ["Rain patters on the awning and a tram bell rings.", "", "A cello plays softly.", "Gulls cry overhead.",
         'She whispers, "Not yet."', "No music, only wind."]
CAMERA = ["The camera tracks alongside at wheel height.", "Slow dolly-in, shallow focus.", "Handheld close-up.", ""]
TAGS = ["", "", "cinematic, 8k, ultra detailed, trending on artstation", "masterpiece, best quality, hdr"]


def prompts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 9 == 0:
            out.append(", ".join(rng.sample(["car chase", "night", "rain", "neon", "fast", "fog", "harbor",
                                             "exciting", "sunset", "crowd", "8k", "drone shot"], 7)))
            continue
        acts = rng.sample(ACTIONS, rng.choice([1, 1, 2, 3]))
        parts = [f"{rng.choice(SUBJECTS)} {', then '.join(acts)} {rng.choice(PLACES)}.",
                 rng.choice(CAMERA), rng.choice(LIGHT), rng.choice(SOUND), rng.choice(TAGS)]
        out.append(" ".join(p for p in parts if p))
    return out


def warm(texts: list[str], jobs: int = 1) -> float:
    """Prompts/s of splint's lint in this process, the model (and any worker processes) warm."""
    from splint.linter.config import Config
    from splint.linter.runner import CHUNK, Options, lint
    from splint.linter.types import Origin, Params, Prompt

    config = Config(root=Path.cwd())
    items = [Prompt("bench", t, Params(), Origin.of(t), str(i)) for i, t in enumerate(texts)]
    list(lint(items[: 4 * CHUNK], Options(), config_for=lambda _p: config, jobs=jobs))  # load and warm up
    start = time.perf_counter()
    results = list(lint(items, Options(), config_for=lambda _p: config, jobs=jobs))
    elapsed = time.perf_counter() - start
    assert len(results) == len(texts)
    return len(texts) / elapsed


def naive(texts: list[str]) -> float:
    import spacy
    from splint.linter.nlp import PIPELINES

    for name in PIPELINES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    list(nlp.pipe(texts[:50]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def spacy_only(texts: list[str]) -> float:
    """Prompts/s of the spaCy pass splint runs (its pipeline, in one process), without splint's own
    analysis or rules: the floor under splint's warm rate."""
    from splint.linter.analysis import pipeline

    nlp = pipeline()
    list(nlp.pipe(texts[:50]))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def cold(one: Path, repeats: int = 5) -> tuple[float, float]:
    from splint.linter.nlp import PIPELINES

    load = (f"import spacy\nfor n in {PIPELINES!r}:\n    try:\n        spacy.load(n, exclude=['ner']); break\n"
            "    except OSError: pass")
    splint_cmd = [sys.executable, "-m", "splint", "check", "--isolated", "--no-cache", "-q", str(one)]
    base_cmd = [sys.executable, "-c", load]

    def timed(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        return time.perf_counter() - start

    timed(splint_cmd), timed(base_cmd)  # warm the file cache
    return (statistics.median(timed(splint_cmd) for _ in range(repeats)),
            statistics.median(timed(base_cmd) for _ in range(repeats)))


def cached(texts: list[str], folder: Path, n: int = 1000, repeats: int = 3) -> float:
    """Seconds for a new process to re-check ``n`` unchanged files with the cache filled."""
    prompts_dir = folder / "prompts"
    prompts_dir.mkdir()
    for i in range(n):
        (prompts_dir / f"p{i:04d}.prompt").write_text(f"---\nseconds: 8\n---\n{texts[i % len(texts)]}\n")
    cmd = [sys.executable, "-m", "splint", "check", "--isolated", "-q", "prompts"]
    subprocess.run(cmd, cwd=folder, capture_output=True, check=False)           # fills .splint_cache/
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=folder, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def full_load(repeats: int = 5) -> float:
    """`python -c "import spacy; spacy.load(MODEL)"`: the whole pipeline, as the target names it."""
    from splint.linter.nlp import PIPELINES

    load = f"import spacy\nfor n in {PIPELINES!r}:\n    try:\n        spacy.load(n); break\n    except OSError: pass"
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", load], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def peer(texts: list[str], folder: Path) -> dict[str, float]:
    """proselint and splint over the same files, whole processes, one run each way."""
    import shutil

    files = folder / "peer"
    files.mkdir()
    for i, text in enumerate(texts):
        (files / f"p{i:04d}.txt").write_text(text + "\n")
    names = sorted(str(p.name) for p in files.iterdir())
    out: dict[str, float] = {}
    proselint = shutil.which("proselint") or str(Path(sys.executable).with_name("proselint"))
    if Path(proselint).exists():
        start = time.perf_counter()
        subprocess.run([proselint, "check", *names], cwd=files, capture_output=True, check=False)
        out["proselint"] = time.perf_counter() - start
    cmd = [sys.executable, "-m", "splint", "check", "--isolated", "-q", "."]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=files, capture_output=True, check=False)          # empty cache
    out["splint_empty"] = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(cmd, cwd=files, capture_output=True, check=False)          # warm cache
    out["splint_warm"] = time.perf_counter() - start
    return out


def memory(texts: list[str], folder: Path) -> tuple[float, float]:
    """Peak RSS (MB) of `splint check --no-cache -j 1` over 100 and over 10,000 prompts."""
    import json

    peaks = []
    for n in (100, 10_000):
        path = folder / f"mem{n}.jsonl"
        path.write_text("".join(json.dumps({"id": str(i), "prompt": texts[i % len(texts)]}) + "\n" for i in range(n)))
        cmd = [sys.executable, "-m", "splint", "check", "--isolated", "--no-cache", "-j", "1", "-q", path.name]
        peaks.append(_rss_run(cmd, folder)[1])
    return peaks[0], peaks[1]


def stream(texts: list[str], folder: Path, n: int = 50_000) -> float:
    import json

    path = folder / "stream.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "prompt": texts[i % len(texts)]}) + "\n" for i in range(n)))
    cmd = [sys.executable, "-m", "splint", "check", "--isolated", "--no-cache", "-q", path.name]
    return _rss_run(cmd, folder)[0]


def runtime() -> str:
    """What the figures depend on beyond the machine: the interpreter, spaCy, and the BLAS kernel.

    spaCy's wheels for Python 3.11 and older are built with Cython's profiling hooks, which
    take the interpreter lock inside the parser's inner loop; from 3.12 on they are not.
    """
    import platform

    import spacy
    from splint.linter.analysis import pipeline
    from threadpoolctl import threadpool_info

    pipeline()  # loads numpy's BLAS, as a lint does
    kernels = sorted({f"{i.get('internal_api')} {i.get('architecture')}" for i in threadpool_info() if i.get("user_api") == "blas"})
    return f"Python {platform.python_version()}, spaCy {spacy.__version__}, BLAS: {', '.join(kernels) or 'unknown'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="prompts to lint (default 2000)")
    parser.add_argument("--quick", action="store_true", help="skip the memory and 50,000-item runs")
    args = parser.parse_args()
    texts = prompts(args.n)
    words = statistics.mean(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.prompt"
        one.write_text(texts[1])
        cold_splint, cold_load = cold(one)
        whole_load = full_load()
        recheck = cached(texts, Path(tmp))
        peers = peer(texts, Path(tmp))
        mem = memory(texts, Path(tmp)) if not args.quick else None
        streamed = stream(texts, Path(tmp)) if not args.quick else None
    splint_rate = warm(texts)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    splint_parallel = warm(texts, jobs=cores) if cores > 1 else splint_rate
    naive_rate = naive(texts)
    floor_rate = spacy_only(texts)
    print(f"{args.n} generated prompts, {words:.0f} words on average, {cores} cores")
    print(runtime())
    print(f"{'measure':<52} {'value':>10}")
    print(f"{'warm: splint lint, 1 process, prompts/s':<52} {splint_rate:>10.0f}")
    print(f"{f'warm: splint lint, --jobs {cores}, prompts/s':<52} {splint_parallel:>10.0f}")
    print(f"{'warm: full pipeline nlp.pipe only, prompts/s':<52} {naive_rate:>10.0f}")
    print(f"{'warm: splint pipeline nlp.pipe only, prompts/s':<52} {floor_rate:>10.0f}")
    print(f"{'ratio splint (1 process) / naive':<52} {splint_rate / naive_rate:>10.2f}")
    print(f"{f'ratio splint (--jobs {cores}) / naive':<52} {splint_parallel / naive_rate:>10.2f}")
    print(f"{'cold: splint check --no-cache one.prompt, s':<52} {cold_splint:>10.2f}")
    print(f"{'cold: import spacy + load pipeline (no ner), s':<52} {cold_load:>10.2f}")
    print(f"{'cold: import spacy + spacy.load(MODEL), s':<52} {whole_load:>10.2f}")
    print(f"{'ratio cold splint / load without ner':<52} {cold_splint / cold_load:>10.2f}")
    print(f"{'ratio cold splint / spacy.load(MODEL)':<52} {cold_splint / whole_load:>10.2f}")
    print(f"{'cached: re-check 1,000 unchanged files, s':<52} {recheck:>10.2f}")
    print(f"{'ratio cached re-check / cold one file':<52} {recheck / cold_splint:>10.2f}")
    if "proselint" in peers:
        print(f"{f'peer: proselint, {args.n} files, s':<52} {peers['proselint']:>10.2f}")
    print(f"{f'peer: splint, {args.n} files, empty cache, s':<52} {peers['splint_empty']:>10.2f}")
    print(f"{f'peer: splint, {args.n} files, warm cache, s':<52} {peers['splint_warm']:>10.2f}")
    # What no implementation on this pipeline can beat: loading it, then its pass over the
    # prompts spread perfectly over the cores; reading files, rules and output come on top.
    floor = cold_load + args.n / floor_rate / cores
    print(f"{f'floor: load + spaCy pass over {cores} cores, {args.n} prompts, s':<52} {floor:>10.2f}")
    if "proselint" in peers:
        print(f"{'ratio splint empty cache / proselint':<52} {peers['splint_empty'] / peers['proselint']:>10.2f}")
        print(f"{'ratio floor / proselint':<52} {floor / peers['proselint']:>10.2f}")
        print(f"{'ratio proselint / splint warm cache':<52} {peers['proselint'] / peers['splint_warm']:>10.2f}")
    if mem is not None:
        print(f"{'memory: peak RSS, 100 prompts, MB':<52} {mem[0]:>10.0f}")
        print(f"{'memory: peak RSS, 10,000 prompts, MB':<52} {mem[1]:>10.0f}")
        print(f"{'ratio peak RSS 10,000 / 100':<52} {mem[1] / mem[0]:>10.2f}")
    if streamed is not None:
        print(f"{'stream: 50,000-item .jsonl, whole process, s':<52} {streamed:>10.2f}")


if __name__ == "__main__":
    main()
