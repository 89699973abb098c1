"""Term matcher benchmark: readerlevel's TermMatcher against two baselines, same run, same text.

Baselines:
  (a) a loop of ``re.sub`` per term (what a first implementation does);
  (b) one alternation regex of all terms, longest first, with word boundaries.

Text: about 1 MB of real English prose (the Cochrane abstracts and lay summaries
in ../shared/data/eval, repeated), with a glossary term put in place of about
one word in twenty. Terms: generated medical-looking words and phrases (1-3
words), so the glossary can be scaled to 10,000 and 100,000 terms.

Scans at the different glossary sizes are interleaved (best of 25 rounds), so
that drift in the machine's speed affects every size alike.

Usage:
    python benchmarks/bench_matcher.py [--terms 10000 100000] [--data PATH] [--quick]

``--quick`` times baseline (a) on 500 terms and scales it linearly, instead of
running all 10,000 substitutions (about a minute).
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from cochrane_data import DEFAULT_DATA

from readerlevel.rewrite.matcher import TermMatcher

SYLLABLES = (
    "ab ac ad al an ar as at ba be bi bo ca ce ci co cy da de di do du el em en ep er es ex "
    "fa fe fi ga ge gi he hi hy id il im in ir is it la le li lo lu ma me mi mo mu my na ne "
    "ni no nu ob oc ol om on op or os ot pa pe pi po pu ra re ri ro ru sa se si so su ta te "
    "ti to tu ty ul um un ur us va ve vi vo"
).split()
SUFFIXES = ("itis", "osis", "emia", "algia", "ectomy", "ology", "pathy", "plasty", "scopy", "al")


def make_terms(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < count:
        words = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            words.append(stem + rng.choice(SUFFIXES))
        terms.add(" ".join(words))
    return sorted(terms)


def make_text(terms: list[str], data: Path, size: int, seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    corpus = []
    for name in ("test.source", "test.target"):
        path = data / name
        if path.exists():
            corpus.append(path.read_text(encoding="utf-8"))
    words = " ".join(corpus).split() if corpus else "the patients were given a treatment".split()
    out: list[str] = []
    length = 0
    injected = 0
    index = 0
    while length < size:
        if rng.random() < 1 / 20:
            word = rng.choice(terms)
            injected += 1
        else:
            word = words[index % len(words)]
            index += 1
        out.append(word)
        length += len(word) + 1
    return " ".join(out), injected


def best_of(repeats: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(count: int, data: Path) -> dict[str, object]:
    terms = make_terms(count, seed=count)
    text, injected = make_text(terms, data, 1_000_000, seed=7)
    forms = {t: t for t in terms}
    build = best_of(3, lambda: TermMatcher(forms))
    gc.collect()
    tracemalloc.start()
    rss_before = rss_mb()
    matcher = TermMatcher(forms)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "terms": terms,
        "text": text,
        "matcher": matcher,
        "result": {
            "terms": count,
            "text_mb": len(text.encode("utf-8")) / 1e6,
            "injected": injected,
            "found": len(matcher.find(text)),
            "build_s": build,
            "py_peak_mb": peak / 1e6,
            "max_rss_growth_mb": rss_mb() - rss_before,
        },
    }


def scan_interleaved(setups: list[dict[str, object]], rounds: int) -> None:
    """Best-of scan times, alternating between glossary sizes so drift hits all alike."""
    best = [float("inf")] * len(setups)
    for _ in range(rounds):
        for index, setup in enumerate(setups):
            matcher, text = setup["matcher"], setup["text"]
            gc.collect()
            start = time.perf_counter()
            matcher.find(text)  # type: ignore[attr-defined]
            best[index] = min(best[index], time.perf_counter() - start)
    for setup, seconds in zip(setups, best, strict=True):
        result = setup["result"]
        result["scan_s"] = seconds  # type: ignore[index]
        result["mb_per_s"] = result["text_mb"] / seconds  # type: ignore[index]


def baselines(setup: dict[str, object], quick: bool) -> None:
    terms: list[str] = setup["terms"]  # type: ignore[assignment]
    text: str = setup["text"]  # type: ignore[assignment]
    result: dict[str, float] = setup["result"]  # type: ignore[assignment]
    # (b) one alternation regex, longest first.
    ordered = sorted(terms, key=len, reverse=True)
    start = time.perf_counter()
    alternation = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w]|-\w)", re.IGNORECASE
    )
    result["alternation_build_s"] = time.perf_counter() - start
    result["alternation_scan_s"] = best_of(1, lambda: alternation.findall(text))
    # (a) a re.sub loop, one pattern per term.
    sample = terms if not quick else random.Random(1).sample(terms, min(500, len(terms)))

    def loop() -> None:
        out = text
        for term in sample:
            out = re.sub(r"\b" + re.escape(term) + r"\b", "X", out, flags=re.IGNORECASE)

    result["resub_loop_s"] = best_of(1, loop) * (len(terms) / len(sample))
    result["resub_loop_extrapolated"] = float(quick)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}; text from {args.data}", flush=True)
    setups = [prepare(count, args.data) for count in args.terms]
    scan_interleaved(setups, rounds=25)
    results = []
    for setup in setups:
        r: dict[str, float] = setup["result"]  # type: ignore[assignment]
        count = int(r["terms"])
        # The baselines take minutes at 10,000 terms and are not run beyond it.
        if count <= 10_000:
            baselines(setup, args.quick)
        results.append(r)
        print(
            f"{count:>7} terms: build {r['build_s']:.3f} s, scan {r['scan_s'] * 1e3:.1f} ms "
            f"= {r['mb_per_s']:.1f} MB/s, {r['found']} matches ({r['injected']} injected); "
            f"python peak {r['py_peak_mb']:.1f} MB, max RSS growth {r['max_rss_growth_mb']:.0f} MB",
            flush=True,
        )
        if "resub_loop_s" not in r:
            continue
        print(
            f"          (b) alternation regex: build {r['alternation_build_s']:.2f} s, "
            f"scan {r['alternation_scan_s']:.2f} s -> matcher is "
            f"{r['alternation_scan_s'] / r['scan_s']:.0f}x faster"
        )
        kind = "extrapolated from 500 terms" if r["resub_loop_extrapolated"] else "all terms"
        print(
            f"          (a) re.sub loop ({kind}): {r['resub_loop_s']:.1f} s -> matcher is "
            f"{r['resub_loop_s'] / r['scan_s']:.0f}x faster",
            flush=True,
        )
    if len(results) >= 2:
        base, big = results[0], results[-1]
        ratio = big["mb_per_s"] / base["mb_per_s"] * 100
        print(f"throughput at {big['terms']} terms is {ratio:.0f}% of that at {base['terms']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
