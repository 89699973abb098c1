"""Assertions shared by the guard's fact tests in every language."""

from __future__ import annotations

from readerlevel.guard.facts import Difference, Facts, GuardLanguage, compare, extract


def summary(differences: tuple[Difference, ...]) -> list[list[str]]:
    """Differences as ``[check, item]`` pairs, as the fixtures write them."""
    return [[d.check, d.item] for d in differences]


def check_facts(text: str, facts: Facts) -> None:
    """Every span lies in ``text`` and gives back what was written."""
    for quantity in facts.quantities:
        assert 0 <= quantity.span.start < quantity.span.end <= len(text)
        assert text[quantity.span.start : quantity.span.end] == quantity.text
    for cue in (*facts.negations, *facts.hedges, *facts.certainty):
        assert 0 <= cue.span.start < cue.span.end <= len(text)
        assert text[cue.span.start : cue.span.end] == cue.word


def check_comparison(text: str, other: str, lang: GuardLanguage) -> None:
    """``text`` and ``other`` compare cleanly: every difference points at its item.

    Also: ``text`` extracts with valid spans, and compared with itself has no difference.
    """
    check_facts(text, extract(text, lang))
    for difference in compare(text, other, lang):
        span = difference.canonical or difference.variant
        source = text if difference.canonical else other
        assert span is not None
        assert source[span.start : span.end] == difference.item
    assert compare(text, text, lang) == ()
