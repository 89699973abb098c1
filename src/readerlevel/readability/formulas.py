"""The readability formulas, computed from :class:`~.counting.Counts`.

Each function performs textstat 0.7.13's floating-point operations in
textstat's order, so that for the same counts the result is the same float,
bit for bit. textstat's quirks are kept on purpose, and documented in
``docs/readability.md``:

- Coleman–Liau uses 0.058 per 100 letters (the published formula has 0.0588);
- Dale–Chall adds 3.6365 when *more than* 5% of the words are unfamiliar, and
  counts every occurrence of an unfamiliar word, while ``difficult_words``
  counts distinct words (case kept) of two or more syllables;
- Gunning fog counts every occurrence of an unfamiliar word of three or more
  syllables;
- Szigriszt-Pazos uses the language's Flesch base (206.84 for Spanish, not the
  published 206.835);
- ``text_standard`` votes floor, ceiling and rounded value of eight grades
  (Flesch reading ease mapped to a grade band), takes the most common (ties:
  first seen) and clamps it to 1..18.
"""

from __future__ import annotations

import math
from collections import Counter as Tally
from collections.abc import Mapping

from readerlevel.readability.counting import Counts
from readerlevel.readability.language import Language

__all__ = ["FORMULAS", "grade_label", "scores", "text_standard"]


def words_per_sentence(c: Counts) -> float:
    """Average words per sentence (0 when there are no sentences)."""
    return c.words / c.sentences if c.sentences else 0.0


def syllables_per_word(c: Counts) -> float:
    """Average syllables per word (0 when there are no words)."""
    return c.syllables / c.words if c.words else 0.0


def flesch_reading_ease(c: Counts, lang: Language) -> float:
    """Flesch reading ease with the language's coefficients."""
    wps = words_per_sentence(c)
    spw = syllables_per_word(c)
    if wps == 0 or spw == 0:
        return 0.0
    return lang.fre_base - lang.fre_sentence_length * wps - lang.fre_syll_per_word * spw


def flesch_kincaid_grade(c: Counts, lang: Language) -> float:
    """Flesch–Kincaid grade level."""
    wps = words_per_sentence(c)
    spw = syllables_per_word(c)
    if wps == 0 or spw == 0:
        return 0.0
    return (0.39 * wps) + (11.8 * spw) - 15.59


def smog_index(c: Counts, lang: Language) -> float:
    """SMOG grade from polysyllables per sentence (no 30-sentence minimum, as textstat)."""
    if not c.sentences:
        return 0.0
    root: float = (30 * (c.polysyllables / c.sentences)) ** 0.5
    return (1.043 * root) + 3.1291


def coleman_liau_index(c: Counts, lang: Language) -> float:
    """Coleman–Liau index (textstat's 0.058 constant)."""
    letters = (c.letters / c.words if c.words else 0.0) * 100
    sentences = (c.sentences / c.words if c.words else 0.0) * 100
    if letters == 0 or sentences == 0:
        return 0.0
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def automated_readability_index(c: Counts, lang: Language) -> float:
    """Automated readability index (characters per whitespace token)."""
    a = c.characters / c.tokens if c.tokens else 0.0
    b = words_per_sentence(c)
    if a == 0 or b == 0:
        return 0.0
    return (4.71 * a) + (0.5 * b) - 21.43


def dale_chall_readability_score(c: Counts, lang: Language) -> float:
    """New Dale–Chall score (3.6365 added above 5% unfamiliar words)."""
    if not c.words:
        return 0.0
    per_difficult = 100 * c.unfamiliar / c.words
    score = (0.1579 * per_difficult) + (0.0496 * words_per_sentence(c))
    if per_difficult > 5:
        score += 3.6365
    return score


def gunning_fog(c: Counts, lang: Language) -> float:
    """Gunning fog index."""
    if not c.words:
        return 0.0
    per_difficult = 100 * c.long_words / c.words
    return 0.4 * (words_per_sentence(c) + per_difficult)


def fernandez_huerta(c: Counts, lang: Language) -> float:
    """Fernández Huerta reading ease (Spanish)."""
    wps = words_per_sentence(c)
    spw = syllables_per_word(c)
    if wps == 0 or spw == 0:
        return 0.0
    return 206.84 - (60 * spw) - (1.02 * wps)


def szigriszt_pazos(c: Counts, lang: Language) -> float:
    """Szigriszt-Pazos perspicuity (Spanish; textstat uses the language's Flesch base)."""
    if not c.words or not c.sentences:
        return 0.0
    return lang.fre_base - 62.3 * (c.syllables / c.words) - (c.words / c.sentences)


FORMULAS = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
    "dale_chall_readability_score": dale_chall_readability_score,
    "gunning_fog": gunning_fog,
    "fernandez_huerta": fernandez_huerta,
    "szigriszt_pazos": szigriszt_pazos,
}
"""Every formula by textstat's name."""


def scores(c: Counts, lang: Language, metrics: tuple[str, ...] | None = None) -> dict[str, float]:
    """The formulas in ``metrics`` (default: the language's) for counts ``c``."""
    return {name: FORMULAS[name](c, lang) for name in metrics or lang.metrics}


def _band(score: float) -> list[int]:
    if 90 <= score < 100:
        return [5]
    if 80 <= score < 90:
        return [6]
    if 70 <= score < 80:
        return [7]
    if 60 <= score < 70:
        return [8, 9]
    if 50 <= score < 60:
        return [10]
    if 40 <= score < 50:
        return [11]
    if 30 <= score < 40:
        return [12]
    return [13]


def text_standard(grades: Mapping[str, float], linsear_write: float) -> float:
    """textstat's consensus grade, clamped to 1..18 as its public ``text_standard`` does.

    ``grades`` holds the seven English formulas (Flesch reading ease is mapped
    to a grade band); ``linsear_write`` is the Linsear Write grade.
    """
    votes: list[int] = []

    def vote(score: float) -> None:
        votes.extend([math.floor(score), math.ceil(score), round(score)])

    vote(grades["flesch_kincaid_grade"])
    votes.extend(_band(grades["flesch_reading_ease"]))
    vote(grades["smog_index"])
    vote(grades["coleman_liau_index"])
    vote(grades["automated_readability_index"])
    vote(grades["dale_chall_readability_score"])
    vote(linsear_write)
    vote(grades["gunning_fog"])
    value = float(Tally(votes).most_common(1)[0][0])
    return float(max(1, min(value, 18)))


def _suffix(grade: int) -> str:
    if grade % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(grade % 10, "th")


def grade_label(standard: float) -> str:
    """textstat's text form of a consensus grade: ``"7th and 8th grade"``."""
    lower = int(standard) - 1
    upper = lower + 1
    return f"{lower}{_suffix(lower)} and {upper}{_suffix(upper)} grade"
