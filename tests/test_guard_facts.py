"""The guard's facts: quantities, negations and hedges in one text, and what a variant lost.

The cases are data (tests/fixtures/guard/cases.yaml): what extract() finds,
groups of equivalent wordings that must never be flagged, and wordings that
must be.
"""

from __future__ import annotations

import copy
import itertools
import random
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from readerlevel.errors import ReaderlevelError
from readerlevel.guard.facts import (
    CHECKS,
    Cue,
    Difference,
    Facts,
    GuardLanguage,
    Quantity,
    Span,
    compare,
    extract,
    guard_language,
)
from readerlevel.readability.language import UnknownLanguageError

from .guard_checks import check_comparison, check_facts, summary

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "guard" / "cases.yaml").read_text(encoding="utf-8")
)
EN = guard_language("en")


def _en_data() -> dict[str, Any]:
    """A fresh copy of the English language file, parsed."""
    source = resources.files("readerlevel.data").joinpath("guard").joinpath("en.yaml")
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


# Extraction -------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["extract"], ids=lambda c: c["text"][:40])
def test_extract_fixture(case: dict[str, Any]) -> None:
    """extract() finds exactly the quantities and cues each fixture lists."""
    facts = extract(case["text"], EN)
    if "quantities" in case:
        assert [[q.key, q.text] for q in facts.quantities] == case["quantities"]
    if "negations" in case:
        assert [c.word for c in facts.negations] == case["negations"]
    if "hedges" in case:
        assert [f"{c.kind} {c.word}" for c in facts.hedges] == case["hedges"]
    if "certainty" in case:
        assert [c.word for c in facts.certainty] == case["certainty"]


def test_quantity_fields() -> None:
    """A quantity keeps its value, unit, comparator, approximation, text and span."""
    text = "In all, approximately more than 1,500 mg/kg was given."
    (quantity,) = extract(text, EN).quantities
    assert quantity == Quantity(
        "1500", "mg/kg", "gt", True, "approximately more than 1,500 mg/kg", Span(8, 43)
    )
    assert text[quantity.span.start : quantity.span.end] == quantity.text
    assert quantity.key == "gt 1500 mg/kg"
    assert quantity.reading == "> 1500 mg/kg"


def test_values_are_normalised_decimals() -> None:
    """Values drop padding zeros and group separators; a minus sign is kept, never ``-0``."""
    text = "0.50, 007, 1,000.250, -0.0, −3, 12 000, 2.5 thousand, three quarters"
    values = [q.value for q in extract(text, EN).quantities]
    assert values == ["0.5", "7", "1000.25", "0", "-3", "12000", "2500", "0.75"]


def test_cues_carry_their_spans() -> None:
    """Every cue's span gives back its word; a contraction is one cue per kind it stands for."""
    text = "You shouldn’t stop, and it won't hurt."
    facts = extract(text, EN)
    cues = [*facts.negations, *facts.hedges, *facts.certainty]
    for cue in cues:
        assert text[cue.span.start : cue.span.end] == cue.word
    assert facts.negations == (
        Cue("negation", "shouldn’t", Span(4, 13)),
        Cue("negation", "won't", Span(27, 32)),
    )
    assert [c.kind for c in facts.hedges] == ["recommendation"]
    assert [c.word for c in facts.certainty] == ["won't"]


def test_citation_markers_are_not_numbers() -> None:
    """Markers are blanked before numbers are read; offsets stay those of the text given."""
    text = "Pain fell [1, 2] by 30% [3-5] over 2 [6] weeks."
    facts = extract(text, EN)
    assert [(q.key, q.text) for q in facts.quantities] == [
        ("30 percent", "30%"),
        ("gt 2", "over 2"),
    ]
    assert facts.quantities[0].span == Span(20, 23)


def test_empty_and_plain_text() -> None:
    """A text with no facts gives empty lists."""
    assert extract("", EN) == Facts((), (), (), ())
    assert extract("Massage eases pain for a short time.", EN) == Facts((), (), (), ())


# Comparing ---------------------------------------------------------------------


def _pairs() -> list[tuple[str, str]]:
    """Every ordered pair of texts within each group of equivalent wordings."""
    return [pair for group in CASES["equivalent"] for pair in itertools.permutations(group, 2)]


@pytest.mark.parametrize(("canonical", "variant"), _pairs())
def test_equivalent_wordings_are_not_flagged(canonical: str, variant: str) -> None:
    """Equivalent forms of a number, unit, comparator, negation or hedge give no difference."""
    assert compare(canonical, variant, EN) == ()


@pytest.mark.parametrize("case", CASES["differences"], ids=lambda c: c["canonical"][:40])
def test_difference_fixture(case: dict[str, Any]) -> None:
    """Changed facts give exactly the differences each fixture lists, in order."""
    assert summary(compare(case["canonical"], case["variant"], EN)) == case["expect"]


def test_difference_fields() -> None:
    """Lost items point into the canonical text, added items into the variant, with one line."""
    canonical = "Do not take more than 4 g a day."
    variant = "Take 4 g a day."
    lost_not, lost_number, added_number = compare(canonical, variant, EN)
    assert lost_number == Difference(
        "number-lost",
        "more than 4 g a day",
        Span(12, 31),
        None,
        "the canonical text says 'more than 4 g a day' (read as > 4 g/day); "
        "the variant has no matching quantity",
    )
    assert added_number.check == "number-added"
    assert added_number.canonical is None
    assert added_number.variant == Span(5, 14)
    assert variant[5:14] == added_number.item == "4 g a day"
    assert lost_not.check == "negation-lost"
    assert canonical[lost_not.canonical.start : lost_not.canonical.end] == "not"  # type: ignore[union-attr]
    for difference in compare(canonical, variant, EN):
        assert "\n" not in difference.explanation
        assert difference.check in CHECKS


def test_order_is_by_position() -> None:
    """Lost items come first in canonical order, then added items in variant order."""
    canonical = "It may not help 5 people, and it is not safe for 3."
    variant = "It helps 7 people, and it is safe for 3 or 4."
    checks = [(d.check, d.item) for d in compare(canonical, variant, EN)]
    assert checks == [
        ("hedge-lost", "may"),
        ("negation-lost", "not"),
        ("number-lost", "5"),
        ("negation-lost", "not"),
        ("number-added", "7"),
        ("number-added", "4"),
    ]


def test_the_dropped_item_is_the_one_reported() -> None:
    """When one of several equal items goes, the report points at the one that went."""
    canonical = "two trials, then two weeks, then two trials more"
    variant = "two trials, then two trials more"
    (lost,) = compare(canonical, variant, EN)
    assert (lost.check, lost.item, lost.canonical) == ("number-lost", "two weeks", Span(17, 26))
    canonical = "It is not safe, and not cheap, and not needed."
    variant = "It is not safe, and cheap, and not needed."
    (lost,) = compare(canonical, variant, EN)
    assert lost.canonical == Span(20, 23)


def test_certainty_needs_a_lost_hedge() -> None:
    """A certainty word added is reported only where a hedge went; each added one once."""
    assert compare("It helps.", "It will help.", EN) == ()
    diffs = compare("It may help.", "It will help and always works.", EN)
    assert summary(diffs) == [
        ["hedge-lost", "may"],
        ["certainty-added", "will"],
        ["certainty-added", "always"],
    ]
    assert summary(compare("It may help; it will work.", "It will help; it will work.", EN)) == [
        ["hedge-lost", "may"],
        ["certainty-added", "will"],
    ]


def test_hedge_classes_are_compared_separately() -> None:
    """A possibility word does not stand in for a recommendation."""
    assert summary(compare("You should rest.", "You may rest.", EN)) == [["hedge-lost", "should"]]


# The language file --------------------------------------------------------------


def test_language_is_loaded_once_and_immutable() -> None:
    """guard_language() returns the one shared object; it cannot be changed."""
    assert guard_language("en") is EN
    assert EN.code == "en"
    assert EN.hedge_classes == ("possibility", "likelihood", "recommendation", "obligation")
    with pytest.raises(AttributeError):
        EN.code = "es"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del EN.code


@pytest.mark.parametrize("code", ["xx", "fr", "EN", "../en", "", "en/../en"])
def test_unknown_language(code: str) -> None:
    """A language without a file is an UnknownLanguageError naming the code."""
    with pytest.raises(UnknownLanguageError) as info:
        guard_language(code)
    assert info.value.code == code


def _broken(change: str) -> Any:
    """The English data with one thing broken, by name."""
    data = _en_data()
    if change == "not a mapping":
        return ["language", "en"]
    if change == "language missing":
        del data["language"]
    elif change == "language mismatch":
        data["language"] = "es"
    elif change == "units not a mapping":
        data["units"] = ["mg"]
    elif change == "unit alias reused":
        data["units"]["g"].append("mg")
    elif change == "no read as false":
        data["negation"].append(False)
    elif change == "empty negation":
        data["negation"] = []
    elif change == "unknown comparator":
        data["comparators"]["eq"] = {"before": ["equal to"]}
    elif change == "bad number":
        data["numbers"]["words"]["one"] = "uno"
    elif change == "reserved hedge class":
        data["hedges"]["negation"] = ["no"]
    elif change == "per word to unknown unit":
        data["unit_per_words"]["fortnightly"] = "fortnight"
    elif change == "two-character decimal mark":
        data["numbers"]["decimal_mark"] = ".."
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("not a mapping", "'(top level)' must be a mapping"),
        ("language missing", "'language' must be present"),
        ("language mismatch", "'language' must be 'en'"),
        ("units not a mapping", "'units' must be a mapping"),
        ("unit alias reused", "'units.g' must be aliases not already used by 'mg'"),
        ("no read as false", "quote words YAML reads as true/false"),
        ("empty negation", "'negation' must be a non-empty list"),
        ("unknown comparator", "'comparators.eq' must be one of gt, ge, lt, le"),
        ("bad number", "'numbers.words.one' must be a whole number"),
        ("reserved hedge class", "'hedges.negation' must be a class id"),
        ("per word to unknown unit", "'unit_per_words.fortnightly' must be a unit id"),
        ("two-character decimal mark", "'numbers.decimal_mark' must be one character"),
    ],
)
def test_malformed_language_file(change: str, message: str) -> None:
    """A malformed language file is a ReaderlevelError naming the file and the key."""
    with pytest.raises(ReaderlevelError) as info:
        GuardLanguage("en", _broken(change), source="guard/en.yaml")
    assert str(info.value).startswith("guard/en.yaml: ")
    assert message in str(info.value)


def test_another_language_is_data_only() -> None:
    """A language with another decimal mark and other words needs a file, not code."""
    data = _en_data()
    data["language"] = "xx"
    data["numbers"]["decimal_mark"] = ","
    data["numbers"]["group_separators"] = [".", " "]
    data["numbers"]["words"] = {"uno": 1, "dos": 2, "cinco": 5, "veinte": 20}
    data["numbers"]["multipliers"] = {"mil": 1000}
    data["numbers"]["weak"] = ["uno"]
    data["numbers"]["articles"] = []
    data["numbers"]["joiners"] = ["y"]
    data["numbers"]["fractions"] = {"medio": "0.5"}
    data["numbers"]["ordinals"] = []
    data["numbers"]["not_numbers"] = []
    data["ranges"] = {"connectors": ["-", "a"], "between": {"entre": "y"}, "lists": ["o"]}
    data["comparators"] = {"gt": {"before": ["más de"]}, "le": {"before": ["hasta"]}}
    data["approximations"] = ["aproximadamente"]
    data["negation"] = ["no", "nunca", "sin"]
    data["contractions"] = {}
    data["contraction_suffixes"] = {}
    data["hedges"] = {"possibility": ["puede", "podría"]}
    data["certainty"] = ["siempre"]
    data["months"] = ["Mayo"]
    data["units"]["day"].append("días")
    lang = GuardLanguage("xx", data)
    facts = extract("Más de 1.000,5 mg; entre cinco y veinte días; no puede; nunca", lang)
    assert [q.key for q in facts.quantities] == ["gt 1000.5 mg", "5 day", "20 day"]
    assert [c.word for c in facts.negations] == ["no", "nunca"]
    assert [c.word for c in facts.hedges] == ["puede"]
    assert compare("hasta dos días", "hasta 2 días", lang) == ()


# Robustness -------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(text=st.text())
def test_extract_never_raises_on_arbitrary_unicode(text: str) -> None:
    """Any Unicode string gives facts whose spans are in bounds and give back their text."""
    check_facts(text, extract(text, EN))


pieces = st.sampled_from(
    ["5", "0.5", ".5", "1,000", "10 000", "-", "–", " ", "  ", "to", "and", "or", "between",
     "more than", "at least", "up to", "no", "not", "one", "twenty", "five", "a", "hundred",
     "half", "mg", "%", "per", "cent", "/", "kg", "times", "week", "or more", "~", ">", "≥",
     "[1]", "[2, 3]", "IL-6", "May", "2018", "can't", "won’t", "İ", "ß", "µg", "\n", "α", "'"]
)  # fmt: skip
clinical = st.lists(pieces, max_size=30).map(lambda parts: " ".join(parts))
glued = st.lists(pieces, max_size=30).map(lambda parts: "".join(parts))


@settings(max_examples=500, deadline=None)
@given(text=clinical | glued, other=clinical | glued)
def test_compare_never_raises_on_number_like_text(text: str, other: str) -> None:
    """Number-dense text, spaced or glued, extracts and compares without an exception."""
    check_comparison(text, other, EN)


def test_long_inputs_finish() -> None:
    """100 KB of digits, hyphens and spaces (and other worst cases) run without backtracking."""
    rng = random.Random(7)
    texts = [
        "".join(rng.choice("0123456789- ") for _ in range(100_000)),
        "1-" * 50_000,
        "1 " * 50_000,
        "1,000" * 20_000,
        "9" * 100_000,
        "a" * 100_000,
        "no " * 30_000,
        "n't" * 30_000,
        "twenty-" * 15_000,
        "one and a " * 10_000,
        "more than " * 10_000 + "5",
        "5 mg/" * 20_000,
        "x'" * 50_000,
    ]
    for text in texts:
        check_facts(text, extract(text, EN))


def test_threads_share_one_language() -> None:
    """Threads extracting at once get what one thread gets."""
    texts = [case["text"] for case in CASES["extract"]] * 20
    expected = [extract(text, EN) for text in texts]
    results: list[list[Facts]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        """Extract every text into this thread's slot."""
        results[slot] = [extract(text, EN) for text in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)
