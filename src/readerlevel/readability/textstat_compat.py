"""The textstat-compatible report: textstat 0.7.13's numbers for a plain text.

Use this when a number must be comparable with textstat's for the same
string (as a content team's existing dashboards expect). readerlevel's own
report (:mod:`.report`) segments the article first and is the one targets are
checked against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from readerlevel.readability.counting import Counter, Counts
from readerlevel.readability.formulas import grade_label, scores, text_standard

__all__ = ["TextstatReport", "textstat_report"]


@dataclass(frozen=True)
class TextstatReport:
    """textstat's standard report for one text, from one count."""

    counts: Counts
    scores: Mapping[str, float]
    """Each formula of the language, by textstat's function name."""
    difficult_words: int
    """textstat's ``difficult_words(text)``: distinct words, case kept."""
    text_standard: float | None
    """textstat's ``text_standard(text, float_output=True)`` (English only)."""

    @property
    def text_standard_label(self) -> str | None:
        """textstat's ``text_standard(text)``: ``"7th and 8th grade"``."""
        return None if self.text_standard is None else grade_label(self.text_standard)

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            **self.scores,
            "difficult_words": self.difficult_words,
            "text_standard": self.text_standard,
            "text_standard_label": self.text_standard_label,
            "counts": {
                "words": self.counts.words,
                "sentences": self.counts.sentences,
                "syllables": self.counts.syllables,
                "polysyllables": self.counts.polysyllables,
                "letters": self.counts.letters,
                "characters": self.counts.characters,
            },
        }


def textstat_report(counter: Counter, text: str) -> TextstatReport:
    """Every textstat score of ``text`` in ``counter``'s language, counted once."""
    lang = counter.language
    counts = counter.textstat_counts(text)
    values = scores(counts, lang)
    standard = (
        text_standard(values, counter.linsear_write(text))
        if "flesch_kincaid_grade" in values
        else None
    )
    return TextstatReport(
        counts=counts,
        scores=MappingProxyType(values),
        difficult_words=len(counts.difficult),
        text_standard=standard,
    )
