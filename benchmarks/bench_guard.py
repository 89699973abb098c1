"""Guard benchmark: the guard's time against the rest of the pipeline, same run, same article.

Requirement: the guard adds at most 50% to the time of the rest of the
pipeline on the example article.

Pipeline (without the guard), for each profile:
    v = engine.personalise(article, audience); engine.score(v);
    html = engine.render_variant(v, "html")
Guard, on the same variant and its output:
    engine.guard(article, v, rendered=html)

The two are measured interleaved, profile by profile, round by round, after
warm-up rounds (the first calls load language data, templates and word
caches), with the garbage collector run between rounds and disabled while
timing. Reported: median and best per profile, and for the three profiles
together (per round, the three pipelines summed against the three guards
summed). Then the guard is profiled with cProfile (top 10 functions by own
time) to show where its time goes.

Usage:  python benchmarks/bench_guard.py [--rounds 200] [--warmup 10] [--article PATH]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import time
from pathlib import Path

from readerlevel import Engine
from readerlevel.models import Article

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "variants"
DEFAULT_ARTICLE = PACK / "articles" / "massage-therapy-pain.yaml"
PROFILES = ("clinician", "patient", "caregiver")
LIMIT = 0.50


def one_round(
    engine: Engine, article: Article, audience: str, cold: bool = False
) -> tuple[float, float]:
    """(pipeline seconds, guard seconds) for one profile.

    ``cold``: the engine's cached guard analyses are dropped first, so the
    guard reads the canonical and variant texts again, as on a first request.
    """
    if cold:
        for analyser in engine._analysers.values():
            analyser.cache_clear()  # type: ignore[attr-defined]
    clock = time.perf_counter
    start = clock()
    variant = engine.personalise(article, audience)
    engine.score(variant)
    html = engine.render_variant(variant, "html")
    middle = clock()
    engine.guard(article, variant, rendered=html)
    end = clock()
    return middle - start, end - middle


def row(label: str, pipeline: list[float], guard: list[float]) -> str:
    p, g = statistics.median(pipeline), statistics.median(guard)
    pb, gb = min(pipeline), min(guard)
    verdict = "yes" if g / p <= LIMIT else "NO"
    return (
        f"| {label} | {p * 1000:.2f} ms | {pb * 1000:.2f} ms | {g * 1000:.2f} ms | "
        f"{gb * 1000:.2f} ms | {g / p:.1%} | {gb / pb:.1%} | {verdict} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--profile-rounds", type=int, default=20)
    parser.add_argument(
        "--cold", action="store_true", help="drop the engine's cached guard analyses each round"
    )
    args = parser.parse_args()

    engine = Engine(PACK)
    article = engine.load(args.article)
    findings = {}
    for audience in PROFILES:
        variant = engine.personalise(article, audience)
        html = engine.render_variant(variant, "html")
        report = engine.guard(article, variant, rendered=html)
        findings[audience] = (len(report.errors), len(report.warnings), len(report.accepted))
    for _ in range(args.warmup):
        for audience in PROFILES:
            one_round(engine, article, audience, args.cold)

    pipeline: dict[str, list[float]] = {a: [] for a in PROFILES}
    guard: dict[str, list[float]] = {a: [] for a in PROFILES}
    pipeline_all: list[float] = []
    guard_all: list[float] = []
    for _ in range(args.rounds):
        gc.collect()
        gc.disable()
        try:
            p_sum = g_sum = 0.0
            for audience in PROFILES:
                p, g = one_round(engine, article, audience, args.cold)
                pipeline[audience].append(p)
                guard[audience].append(g)
                p_sum += p
                g_sum += g
            pipeline_all.append(p_sum)
            guard_all.append(g_sum)
        finally:
            gc.enable()

    print(
        f"{args.article.name}; {args.rounds} rounds after {args.warmup} warm-up rounds, "
        "profiles interleaved, gc off while timing"
    )
    print(
        "guard findings (errors/warnings/accepted): "
        + ", ".join(f"{a} {e}/{w}/{acc}" for a, (e, w, acc) in findings.items())
        + "\n"
    )
    print(
        "| profile | pipeline median | pipeline best | guard median | guard best "
        "| guard ÷ pipeline (median) | guard ÷ pipeline (best) | ≤ 50% |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for audience in PROFILES:
        print(row(audience, pipeline[audience], guard[audience]))
    print(row("all three", pipeline_all, guard_all))
    ratio = statistics.median(guard_all) / statistics.median(pipeline_all)
    if ratio <= LIMIT:
        print(f"\nrequirement (guard ≤ 50% of the pipeline): met, {ratio:.1%} (medians, all three)")
    else:
        print(
            f"\nrequirement (guard ≤ 50% of the pipeline): NOT met, {ratio:.1%} "
            f"(medians, all three): {ratio / LIMIT - 1:.0%} over the limit; the guard would "
            f"need to be {1 - LIMIT / ratio:.0%} faster"
        )

    # Where the guard's time goes: the same calls, under cProfile.
    variants = []
    for audience in PROFILES:
        variant = engine.personalise(article, audience)
        variants.append((variant, engine.render_variant(variant, "html")))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.profile_rounds):
        for variant, html in variants:
            engine.guard(article, variant, rendered=html)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(10)
    print(
        f"\ncProfile of engine.guard, {args.profile_rounds} rounds × 3 profiles "
        f"({args.profile_rounds * 3} calls), top 10 by tottime:"
    )
    print(out.getvalue().strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
