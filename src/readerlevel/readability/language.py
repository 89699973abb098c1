"""Per-language data for readability scoring, read from local files only.

A :class:`Language` bundles what textstat looks up for a language: the
syllable table derived from the CMU Pronouncing Dictionary at build time
(English only), the pyphen hyphenation patterns used for words the table
lacks, the list of easy words, and the Flesch coefficients. Nothing here
downloads anything, and nothing is process-wide: textstat's ``set_lang`` is
replaced by passing a :class:`Language` to each scorer.

The loaded data is immutable and shared: :func:`language` reads each
language's files once per process and hands every caller the same frozen
object.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import pyphen

from readerlevel.errors import ReaderlevelError
from readerlevel.profiles import METRICS

__all__ = ["LANGUAGES", "Language", "UnknownLanguageError", "language", "language_code"]

SYLLABLE_TABLE = "cmudict-syllables.txt"


@dataclass(frozen=True)
class _Spec:
    hyphenation: str
    """The pyphen dictionary name textstat would use."""
    cmudict: bool
    fre_base: float
    fre_sentence_length: float
    fre_syll_per_word: float
    syllable_threshold: int
    metrics: tuple[str, ...]


_SPANISH_METRICS = ("fernandez_huerta", "szigriszt_pazos")
# Every other formula a profile can name (profiles.METRICS, in its order) is English.
_ENGLISH_METRICS = tuple(m for m in METRICS if m not in _SPANISH_METRICS)

# textstat 0.7.13's LANG_CONFIGS for these languages (``en`` is its default;
# ``es`` has no syllable threshold of its own and inherits English's 3).
_SPECS: Mapping[str, _Spec] = MappingProxyType(
    {
        "en": _Spec("en_US", True, 206.835, 1.015, 84.6, 3, _ENGLISH_METRICS),
        "es": _Spec("es", False, 206.84, 1.02, 60.0, 3, _SPANISH_METRICS),
    }
)

LANGUAGES: tuple[str, ...] = tuple(_SPECS)
"""The languages readerlevel can score."""


class UnknownLanguageError(ReaderlevelError, LookupError):
    """Raised for a language readerlevel has no readability data for.

    There is no fallback to English: scores for one language's text with
    another's syllable rules would be wrong without saying so.
    """

    def __init__(
        self, code: str, what: str = "readability", supported: tuple[str, ...] = LANGUAGES
    ) -> None:
        self.code = code
        self.what = what
        self.supported = tuple(supported)
        super().__init__(
            f"no {what} data for language '{code}' (supported: {', '.join(self.supported)})"
        )

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(
        self,
    ) -> tuple[type[UnknownLanguageError], tuple[str, str, tuple[str, ...]]]:
        return (type(self), (self.code, self.what, self.supported))


def language_code(locale: str) -> str:
    """The language part of a locale identifier: ``en_US`` and ``es-MX`` give ``en``, ``es``."""
    return locale.replace("-", "_").split("_", 1)[0].lower()


@dataclass(frozen=True, eq=False)
class Language:
    """Immutable scoring data for one language."""

    code: str
    hyphenation: str
    syllables: dict[str, int] | None
    """Syllables of each word's first CMU pronunciation (``None``: pyphen only).
    A plain dict for lookup speed; never modified after loading."""
    trie: dict[str, Any]
    """pyphen's hyphenation patterns as a trie (plain dicts for speed, never modified)."""
    maxlen: int
    alphabet: frozenset[str]
    """The characters patterns are made of, apart from the word-boundary dot."""
    easy_words: frozenset[str]
    fre_base: float
    fre_sentence_length: float
    fre_syll_per_word: float
    syllable_threshold: int
    metrics: tuple[str, ...]
    """The formulas meaningful for this language, in report order."""

    def hyphenation_syllables(self, word: str) -> int:
        """pyphen's count for a lower-case ``word``: hyphenation points (2, 2 margins) + 1.

        The same computation as ``len(Pyphen(lang=...).positions(word)) + 1``
        (the conformance tests compare them), walking a trie of the patterns
        instead of looking up every substring, and without pyphen's unbounded
        per-word cache.
        """
        lower = word.lower()
        if self.alphabet.isdisjoint(lower):
            return 1  # no pattern can match: no hyphenation point
        pointed = f".{lower}."
        size = len(pointed)
        references = [0] * (size + 1)
        trie = self.trie
        maxlen = self.maxlen
        for i in range(size - 1):
            node = trie
            for ch in pointed[i : i + maxlen]:
                node = node.get(ch)  # type: ignore[assignment]
                if node is None:
                    break
                pattern = node.get("")
                if pattern is not None:
                    offset, values = pattern
                    window = slice(i + offset, i + offset + len(values))
                    references[window] = map(max, values, references[window])
        right = len(word) - 2
        count = 0
        for i, reference in enumerate(references):
            if reference % 2 and 2 <= i - 1 <= right:
                count += 1
        return count + 1


def _trie(patterns: dict[str, Any]) -> dict[str, Any]:
    """The patterns as nested dicts by character; a node's ``""`` key holds its pattern."""
    root: dict[str, Any] = {}
    for key, value in patterns.items():
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = value
    return root


def _read_syllables() -> dict[str, int]:
    source = resources.files("readerlevel.data").joinpath(SYLLABLE_TABLE)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReaderlevelError(
            f"the syllable table readerlevel/data/{SYLLABLE_TABLE} is missing: it is "
            "generated when the package is built; reinstall readerlevel with pip"
        ) from None
    table: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        count, _, words = line.partition("\t")
        table.update(dict.fromkeys(words.split(" "), int(count)))
    return table


def _read_words(name: str) -> frozenset[str]:
    source = resources.files("readerlevel.data").joinpath("readability").joinpath(name)
    with source.open(encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


@functools.cache
def language(code: str) -> Language:
    """The scoring data for ``code`` (``en``, ``es``), read once per process.

    Raises :class:`UnknownLanguageError` for any other language.
    """
    spec = _SPECS.get(code)
    if spec is None:
        raise UnknownLanguageError(code)
    hyph = pyphen.HyphDict(pyphen.LANGUAGES[pyphen.language_fallback(spec.hyphenation)])
    alphabet = frozenset("".join(hyph.patterns)) - {"."}
    if any(not key.strip(".") for key in hyph.patterns):
        alphabet |= {"."}  # a dots-only pattern could match any word: no shortcut
    return Language(
        code=code,
        hyphenation=spec.hyphenation,
        syllables=_read_syllables() if spec.cmudict else None,
        trie=_trie(hyph.patterns),
        maxlen=hyph.maxlen,
        alphabet=alphabet,
        easy_words=_read_words(f"easy-words-{code}.txt"),
        fre_base=spec.fre_base,
        fre_sentence_length=spec.fre_sentence_length,
        fre_syll_per_word=spec.fre_syll_per_word,
        syllable_threshold=spec.syllable_threshold,
        metrics=spec.metrics,
    )
