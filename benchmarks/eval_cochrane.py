"""Rewrite the 480 Cochrane test abstracts for the patient profile and check what survives.

Reports terms replaced per abstract (by rule), and confirms that every number
and citation marker of each abstract is still in its rewrite, as often as
before. Then scores, with the same (readerlevel) segmentation, the technical
abstract, its patient rewrite and the human plain-language summary, and
prints the median Flesch–Kincaid grade and SMOG of each. The data (Devaraj
et al. 2021, CC BY 4.0, text © Cochrane) is read from
../shared/data/eval/cochrane-test and is never shipped in the package.

Usage:
    python benchmarks/eval_cochrane.py [--data DIR] [--audience patient] [--show N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from cochrane_data import DEFAULT_DATA, load, with_markers

from readerlevel import Engine
from readerlevel.readability.formulas import scores
from readerlevel.readability.report import Scorer
from readerlevel.rewrite import RewriteContext, rewrite_text

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MARKER = re.compile(r"\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--audience", default="patient")
    parser.add_argument("--show", type=int, default=0, help="print the first N rewrites")
    args = parser.parse_args()
    loaded = load(args.data)
    if loaded is None:
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    abstracts, summaries = loaded
    technical = list(abstracts)
    abstracts = with_markers(abstracts)
    engine = Engine()
    profile = engine.profiles[args.audience]
    chain = engine.profiles.chain(args.audience)
    rules = engine.rules

    per_abstract: list[int] = []
    by_rule: Counter[str] = Counter()
    by_entry: Counter[str] = Counter()
    numbers_total = markers_total = 0
    number_failures: list[int] = []
    lost: Counter[str] = Counter()
    added: Counter[str] = Counter()
    marker_failures: list[int] = []
    rewrites: list[str] = []
    lay_rewrites: list[str] = []
    start = time.perf_counter()
    for index, text in enumerate(abstracts):
        context = RewriteContext(args.audience, chain, profile.terminology)
        draft = rewrite_text(text, rules, context)
        out = draft.text
        rewrites.append(out)
        lay_rewrites.append(
            rewrite_text(text, rules, RewriteContext(args.audience, chain, "lay")).text
        )
        changes = draft.changes()
        per_abstract.append(len(changes))
        by_rule.update(c.rule for c in changes)
        by_entry.update(c.entry or "" for c in changes)
        numbers = Counter(NUMBER.findall(MARKER.sub("", text)))
        markers = Counter(MARKER.findall(text))
        numbers_total += sum(numbers.values())
        markers_total += sum(markers.values())
        after_numbers = Counter(NUMBER.findall(MARKER.sub("", out)))
        if after_numbers != numbers:
            number_failures.append(index)
            lost.update(numbers - after_numbers)
            added.update(after_numbers - numbers)
        if Counter(MARKER.findall(out)) != markers:
            marker_failures.append(index)
        if index < args.show:
            print(f"--- {index}\n{text}\n+++\n{out}\n")
    elapsed = time.perf_counter() - start
    size = sum(len(a) for a in abstracts) / 1e6

    print(
        f"{len(abstracts)} abstracts ({size:.2f} MB) rewritten for '{args.audience}' "
        f"({profile.terminology}) in {elapsed:.2f} s"
    )
    print(
        f"changes per abstract: mean {statistics.mean(per_abstract):.1f}, "
        f"median {statistics.median(per_abstract):.0f}, max {max(per_abstract)}, "
        f"abstracts with none: {sum(1 for n in per_abstract if n == 0)}"
    )
    print("by rule: " + ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common()))
    print("most replaced: " + ", ".join(f"{e} {n}" for e, n in by_entry.most_common(15)))
    kept_numbers = len(abstracts) - len(number_failures)
    kept_markers = len(abstracts) - len(marker_failures)
    print(
        f"numbers: {numbers_total} in the sources; the same numbers, as often, in "
        f"{kept_numbers}/{len(abstracts)} rewrites ({kept_numbers / len(abstracts):.1%}); "
        f"lost {sum(lost.values())}, added {sum(added.values())}"
    )
    print(
        f"citation markers: {markers_total} (one per sentence, added); all kept in "
        f"{kept_markers}/{len(abstracts)} abstracts ({kept_markers / len(abstracts):.1%})"
    )
    readability(technical, rewrites, lay_rewrites, summaries, profile.terminology)
    if number_failures or marker_failures:
        print(
            f"FAILED: numbers changed in {number_failures[:10]}, "
            f"markers changed in {marker_failures[:10]}"
        )
        return 1
    return 0


def readability(
    technical: list[str],
    rewrites: list[str],
    lay_rewrites: list[str],
    summaries: list[str],
    mode: str,
) -> None:
    """Median FKGL and SMOG of the three texts, segmented alike."""
    scorer = Scorer()
    lang = scorer.counter("en").language
    rows = []
    for label, texts in (
        ("technical abstract", technical),
        (f"patient rewrite, automatic ({mode}: lay term, technical term in brackets)", rewrites),
        ("patient rewrite, automatic, 'lay' mode (no brackets)", lay_rewrites),
        ("human plain-language summary", summaries),
    ):
        fkgl, smog, meeting = [], [], 0
        for text in texts:
            values = scores(scorer.score_text(text), lang)
            fkgl.append(values["flesch_kincaid_grade"])
            smog.append(values["smog_index"])
            meeting += values["flesch_kincaid_grade"] <= 8 and values["smog_index"] <= 9
        rows.append((label, statistics.median(fkgl), statistics.median(smog), meeting, len(texts)))
    print("\n| text | median FKGL | median SMOG | meets patient targets (FKGL ≤ 8, SMOG ≤ 9) |")
    print("|---|---|---|---|")
    for label, fkgl_median, smog_median, meeting, total in rows:
        print(f"| {label} | {fkgl_median:.1f} | {smog_median:.1f} | {meeting}/{total} |")


if __name__ == "__main__":
    raise SystemExit(main())
