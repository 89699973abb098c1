"""Run the guard over the 480 Cochrane test abstracts: automatic rewrites and human summaries.

(a) Each abstract, with one citation marker added per sentence (as in
eval_cochrane.py), is rewritten automatically for the patient profile and
the rewrite is guarded against the abstract. The rewrite stage keeps every
number, negation and marker, so no error finding is expected; the script
exits with status 1 if there is any.

(b) Each abstract is guarded against its human plain-language summary. The
summaries drop most of the abstracts' numbers, so many number-lost findings
are expected. The abstracts are taken as published (without the added
markers): the summaries cannot cite markers that were never there, and
citation-lost would otherwise be found in every text.

Findings come from ``readerlevel.guard.facts.compare`` (numbers, negations,
hedges) and, as the guard stage does it, from the citation numbers of
``readerlevel.markers.cited_numbers`` (a number cited in the abstract and not
in the other text is citation-lost). Errors are number-lost, negation-lost
and citation-lost; every other check is a warning. The data (Devaraj et al.
2021, CC BY 4.0, text © Cochrane) is read from ../shared/data/eval/cochrane-test
and is never shipped in the package.

Usage:
    python benchmarks/guard_cochrane.py [--data DIR] [--audience patient] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cochrane_data import DEFAULT_DATA, load, with_markers

from readerlevel import Engine
from readerlevel.guard.facts import CHECKS, GuardLanguage, compare, guard_language
from readerlevel.guard.report import severity
from readerlevel.markers import CITATION_RE, cited_numbers
from readerlevel.rewrite import RewriteContext, rewrite_text

ERRORS = ("number-lost", "negation-lost", "citation-lost")
ALL_CHECKS = (*CHECKS, "citation-lost")


@dataclass
class Tally:
    label: str
    texts: int = 0
    texts_with_errors: int = 0
    texts_with_warnings: int = 0
    by_check: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[int, str, str]] = field(default_factory=list)
    seconds: float = 0.0


def findings(canonical: str, other: str, lang: GuardLanguage) -> list[tuple[str, str]]:
    """(check, item) of every finding for ``other`` against ``canonical``."""
    out = [(d.check, d.item) for d in compare(canonical, other, lang)]
    have = set(cited_numbers(other))
    out += [("citation-lost", f"[{n}]") for n in cited_numbers(canonical) if n not in have]
    return out


def guard_all(label: str, pairs: list[tuple[str, str]], lang: GuardLanguage, show: int) -> Tally:
    tally = Tally(label, texts=len(pairs))
    start = time.perf_counter()
    for index, (canonical, other) in enumerate(pairs):
        found = findings(canonical, other, lang)
        checks = [check for check, _item in found]
        tally.by_check.update(checks)
        if any(severity(check) == "error" for check in checks):
            tally.texts_with_errors += 1
        if any(severity(check) == "warning" for check in checks):
            tally.texts_with_warnings += 1
        for check, item in found:
            if severity(check) == "error" and len(tally.examples) < show:
                tally.examples.append((index, check, item))
    tally.seconds = time.perf_counter() - start
    return tally


def row(tally: Tally) -> str:
    warnings = ", ".join(
        f"{check} {tally.by_check[check]}"
        for check in ALL_CHECKS
        if check not in ERRORS and tally.by_check[check]
    )
    errors = " | ".join(str(tally.by_check[check]) for check in ERRORS)
    return (
        f"| {tally.label} | {tally.texts_with_errors}/{tally.texts} | {errors} | "
        f"{warnings or 'none'} ({tally.texts_with_warnings} texts) |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--audience", default="patient")
    parser.add_argument("--show", type=int, default=5, help="print up to N error findings each")
    args = parser.parse_args()
    begin = time.perf_counter()
    loaded = load(args.data)
    if loaded is None:
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    abstracts, summaries = loaded
    if len(abstracts) != len(summaries):
        print(f"{len(abstracts)} abstracts but {len(summaries)} summaries", file=sys.stderr)
        return 2
    # As in eval_cochrane.py: one citation marker per sentence, so that the
    # citation check runs on real prose.
    marked = with_markers(abstracts)
    engine = Engine()
    profile = engine.profiles[args.audience]
    chain = engine.profiles.chain(args.audience)
    start = time.perf_counter()
    rewrites = [
        rewrite_text(
            text, engine.rules, RewriteContext(args.audience, chain, profile.terminology)
        ).text
        for text in marked
    ]
    rewrite_seconds = time.perf_counter() - start
    start = time.perf_counter()
    lang = guard_language("en")
    load_seconds = time.perf_counter() - start

    automatic = guard_all(
        f"(a) abstract + markers vs automatic {args.audience} rewrite",
        list(zip(marked, rewrites, strict=True)),
        lang,
        args.show,
    )
    human = guard_all(
        "(b) abstract vs human plain-language summary",
        list(zip(abstracts, summaries, strict=True)),
        lang,
        args.show,
    )
    total = time.perf_counter() - begin

    markers = sum(len(CITATION_RE.findall(text)) for text in marked)
    print(
        f"{len(abstracts)} Cochrane test abstracts; (a) with {markers} citation markers "
        f"added (one per sentence), rewritten for '{args.audience}' "
        f"({profile.terminology})\n"
    )
    print(
        "| comparison | texts with errors | number-lost | negation-lost | citation-lost "
        "| warnings (by check) |"
    )
    print("|---|---|---|---|---|---|")
    for tally in (automatic, human):
        print(row(tally))
    print(
        f"\nrun time: {total:.2f} s in all; rewriting {rewrite_seconds:.2f} s, "
        f"guard language loaded in {load_seconds * 1000:.0f} ms, "
        f"guard (a) {automatic.seconds:.2f} s ({automatic.seconds / len(marked) * 1000:.2f} ms "
        f"per text), guard (b) {human.seconds:.2f} s "
        f"({human.seconds / len(abstracts) * 1000:.2f} ms per text)"
    )
    for tally in (automatic, human):
        if tally.examples:
            print(f"\nfirst error findings, {tally.label}:")
            for index, check, item in tally.examples:
                print(f"  line {index + 1}: {check} '{item}'")
    errors = sum(automatic.by_check[check] for check in ERRORS)
    if errors:
        print(f"\nFAILED: {errors} error findings in the automatic rewrites")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
