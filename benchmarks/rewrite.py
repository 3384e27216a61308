"""The rewriter over the recorded corpus, and batch throughput against a slow local server.

    python benchmarks/rewrite.py                 # corpus figures + --jobs 1/2/4/8 on 16 drafts
    python benchmarks/rewrite.py --delay 1 -n 32

Corpus: every case of ``corpus/rewrite/`` is rewritten through the real CLI and SDK against a
server on 127.0.0.1 replaying its recorded answers (no cache), and the outcomes are counted:
calls per flagged draft, accepted with 0 or 1 repair turns, refused, failed.

Throughput: N flagged drafts, a threaded local server that answers each request after a fixed
delay (a stand-in for a model's latency), ``splint rewrite --no-cache --jobs J``; wall time and
drafts per second for each J. spaCy is loaded once before the timings.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pytest_httpserver import HTTPServer
from replay import Replayer, cases

from splint.cli import main

GOOD = {"layers": {
    "scene": "A black muscle car drifts around a rain-slicked corner in downtown {city} at night, chased by a police cruiser.",
    "camera": "The camera tracks alongside at wheel height in one continuous move.",
    "lighting": "Pink and blue neon from the shopfronts streaks across the wet pavement; cold sodium streetlamps light the car from above.",
    "audio": "Tires screech against the asphalt, the engine roars, and a siren wails behind them over steady rain.",
    "style": "Gritty 35mm film look with teal-and-orange grading, in the spirit of Michael Mann's Collateral.",
    "seconds": 8, "model": "sora-2", "size": "1280x720",
}}
DRAFT = "car chase, night, rain, {city}, neon reflections on wet asphalt, black muscle car, drifting, police lights, tires screeching, engine roar, fast, exciting\n"


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    return code, out.getvalue()


def serve(replayer: Replayer, threaded: bool) -> HTTPServer:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=threaded)
    server.expect_request("/v1/chat/completions", method="POST").respond_with_handler(replayer)
    server.start()
    return server


def corpus_figures() -> None:
    tally = {"flagged": 0, "calls": 0, "accepted_0": 0, "accepted_1": 0, "refused": 0, "failed": 0, "clean": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases():
            replayer = Replayer()
            replayer.add(case.body, case.replies)
            server = serve(replayer, threaded=False)
            try:
                draft = Path(tmp) / f"{case.name}.prompt"
                draft.write_text(case.draft, encoding="utf-8")
                _, out = run_cli("rewrite", "--base-url", server.url_for("/v1"), "--model", "replay", "--isolated",
                                 "--no-cache", "--retries", "0", "--format", "json", str(draft))
            finally:
                server.stop()
            entry = json.loads(out)["files"][0]
            if entry["status"] == "clean":
                tally["clean"] += 1
                continue
            tally["flagged"] += 1
            tally["calls"] += entry["usage"]["calls"]
            if entry["status"] == "rewritten":
                tally[f"accepted_{entry['repairs']}"] += 1
            else:
                tally[entry["status"]] += 1
    n = tally["flagged"]
    print(f"corpus/rewrite: {n + tally['clean']} drafts, {n} flagged, {tally['clean']} already clean (0 calls)")
    print(f"  calls per flagged draft      {tally['calls'] / n:.2f}")
    print(f"  accepted, no repair turn     {tally['accepted_0'] / n:.0%} ({tally['accepted_0']})")
    print(f"  accepted after one repair    {tally['accepted_1'] / n:.0%} ({tally['accepted_1']})")
    print(f"  refused                      {tally['refused'] / n:.0%} ({tally['refused']})")
    print(f"  failed (server or reply)     {tally['failed'] / n:.0%} ({tally['failed']})")


def throughput(n: int, delay: float, jobs_list: list[int]) -> None:
    cities = [f"city number {i}" for i in range(n)]
    print(f"\nthroughput: {n} flagged drafts, server answers after {delay:g} s, {os.cpu_count()} cores")
    print("  jobs   wall s   drafts/s   speed-up")
    base = None
    for jobs in jobs_list:
        replayer = Replayer(delay=delay)
        server = serve(replayer, threaded=True)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for i, city in enumerate(cities):
                text = DRAFT.format(city=city)
                (folder / f"shot{i:03}.prompt").write_text(text, encoding="utf-8")
                layers = {k: (v.format(city=city) if isinstance(v, str) else v) for k, v in GOOD["layers"].items()}
                replayer.add(text, [{"layers": layers}])
            started = time.perf_counter()
            code, _ = run_cli("rewrite", "--base-url", server.url_for("/v1"), "--model", "replay", "--isolated",
                              "--no-cache", "--jobs", str(jobs), "-q", str(folder))
            wall = time.perf_counter() - started
        server.stop()
        assert code == 0, f"rewrite exited {code}"
        base = base or wall
        print(f"  {jobs:>4}   {wall:6.2f}   {n / wall:8.2f}   {base / wall:6.2f}x")


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=16, help="drafts in the throughput run")
    parser.add_argument("--delay", type=float, default=0.5, help="server latency per answer, seconds")
    parser.add_argument("--jobs", default="1,2,4,8", help="comma-separated --jobs values")
    args = parser.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-benchmark-not-a-key")
    run_cli("check", "--isolated", str(ROOT / "corpus" / "examples"))  # load spaCy before timing
    corpus_figures()
    throughput(args.n, args.delay, [int(j) for j in args.jobs.split(",")])


if __name__ == "__main__":
    main_()
