r"""Counting words, sentences and syllables once, by textstat 0.7.13's rules.

textstat recounts the text for every formula (each call re-tokenizes,
removes punctuation again and looks every word up again). Here a text is
tokenized once into :class:`Counts`, from which :mod:`.formulas` computes
every score; the per-word facts (lower-case form, syllables, whether the
word is on the easy list) are cached per :class:`Counter` in a bounded LRU
cache, so a long-running process pays for a word once.

The tokenization rules are textstat's, reproduced exactly:

- words: apostrophes not starting an English contraction ending (``t s d ve
  ll re``) are removed, then every character that is not a word character,
  whitespace or apostrophe; what remains is split on whitespace;
- sentences (for :meth:`Counter.textstat_counts` only): the matches of
  ``\b[^.!?]+[.!?]*``, less those of two words or fewer, at least 1 for
  non-empty text;
- syllables: the stress digits of the word's first CMU pronunciation, else
  pyphen's hyphenation points plus one;
- letters: word characters; characters: non-whitespace characters.
"""

from __future__ import annotations

import functools
import re
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from readerlevel.readability.language import Language

__all__ = ["Counter", "Counts", "WordInfo"]

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_NOT_LETTER_OR_SPACE = re.compile(r"[^\w\s]")
# A whitespace token survives punctuation removal exactly when it holds a word
# character (a kept apostrophe is always followed by letters).
_WORDY_TOKEN = re.compile(r"\S*?\w\S*")

DEFAULT_CACHE_SIZE = 65_536
"""Words kept in a :class:`Counter`'s cache (about 10 MB at most)."""


def split_words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, contractions kept."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def textstat_sentences(text: str) -> int:
    """textstat's ``count_sentences``: split at ``.!?``, fragments of ≤ 2 words ignored."""
    if not text:
        return 0
    fragments = _SENTENCE.findall(text)
    ignored = sum(
        1
        for fragment in fragments
        if len(fragment.split()) <= 2 or len(_WORDY_TOKEN.findall(fragment)) <= 2
    )
    return max(1, len(fragments) - ignored)


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the formulas need to know about one word (as written in the text)."""

    lower: str
    syllables: int
    easy: bool
    """On the language's easy-word (Dale–Chall) list."""
    difficulty_syllables: int
    """The count textstat's difficult-word test uses: it lower-cases first and
    removes punctuation again, so "İ" (lower case "i" + combining dot) loses its
    dot there but not in the syllable total. Equal to ``syllables`` otherwise."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Additive counts for a text; every formula is computed from these.

    Adding two :class:`Counts` gives the counts of the two texts scored as
    one (sentences as counted by whoever made them).
    """

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0
    """Words of three or more syllables (SMOG)."""
    letters: int = 0
    """Word characters (Coleman–Liau)."""
    characters: int = 0
    """Non-whitespace characters (ARI)."""
    tokens: int = 0
    """Whitespace-separated tokens, punctuation included (ARI's word count)."""
    long_words: int = 0
    """Words not on the easy list with at least the language's threshold of
    syllables (3 for English): Gunning fog's complex words, counted every time."""
    unfamiliar: int = 0
    """Words not on the easy list, counted every time (Dale–Chall)."""
    difficult: frozenset[str] = field(default_factory=frozenset)
    """Distinct words (as written, case kept) not on the easy list with two or
    more syllables: textstat's ``difficult_words``."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
            self.letters + other.letters,
            self.characters + other.characters,
            self.tokens + other.tokens,
            self.long_words + other.long_words,
            self.unfamiliar + other.unfamiliar,
            self.difficult | other.difficult,
        )

    @classmethod
    def total(cls, parts: Iterable[Counts]) -> Counts:
        """The sum of ``parts`` (empty counts for none)."""
        out = cls()
        for part in parts:
            out = out + part
        return out


class Counter:
    """Counts texts in one language; thread-safe, with a bounded word cache.

    Share one counter per language in a long-running process: the cache makes
    the second text with the same words cheaper.
    """

    def __init__(self, language: Language, *, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.language = language
        self._info = functools.lru_cache(maxsize=cache_size)(self._word_info)

    def _syllables(self, lower: str) -> int:
        table = self.language.syllables
        count = table.get(lower) if table is not None else None
        if count is None:
            count = self.language.hyphenation_syllables(lower)
        return count

    def _word_info(self, word: str) -> WordInfo:
        lower = word.lower()
        count = self._syllables(lower)
        difficulty = count
        if not lower.isascii():
            # Lower-casing can add characters that are not word characters.
            difficulty = sum(self._syllables(part) for part in split_words(lower))
        return WordInfo(lower, count, lower in self.language.easy_words, difficulty)

    def word(self, word: str) -> WordInfo:
        """The cached facts about one word (a token of :func:`split_words`)."""
        return self._info(word)

    def syllables(self, word: str) -> int:
        """textstat's syllable count of one word."""
        return self._info(word).syllables

    def clear_cache(self) -> None:
        """Forget every cached word (for cold-cache measurements)."""
        self._info.cache_clear()

    def cache_info(self) -> functools._CacheInfo:
        """Hits, misses and size of the word cache."""
        return self._info.cache_info()

    def word_counts(self, words: Sequence[str], text: str, sentences: int) -> Counts:
        """Counts for ``text`` whose words (by :func:`split_words`) are ``words``."""
        info = self._info
        threshold = self.language.syllable_threshold
        syllables = polysyllables = long_words = unfamiliar = 0
        difficult: list[str] = []
        # Each distinct word is looked at once, weighted by how often it occurs.
        for word, times in Tally(words).items():
            facts = info(word)
            count = facts.syllables
            syllables += count * times
            if count >= 3:
                polysyllables += times
            if not facts.easy:
                unfamiliar += times
                hard = facts.difficulty_syllables
                if hard >= threshold:
                    long_words += times
                if hard >= 2:
                    difficult.append(word)
        tokens = text.split()
        # str.split() and the regex \s agree on what whitespace is.
        characters = sum(map(len, tokens))
        return Counts(
            words=len(words),
            sentences=sentences,
            syllables=syllables,
            polysyllables=polysyllables,
            letters=characters - len(_NOT_LETTER_OR_SPACE.findall(text)),
            characters=characters,
            tokens=len(tokens),
            long_words=long_words,
            unfamiliar=unfamiliar,
            difficult=frozenset(difficult),
        )

    def textstat_counts(self, text: str) -> Counts:
        """Counts for ``text`` exactly as textstat makes them, sentences included."""
        return self.word_counts(split_words(text), text, textstat_sentences(text))

    def linsear_write(self, text: str) -> float:
        """textstat's ``linsear_write_formula(text, strict_lower=False, strict_upper=True)``.

        Scores at most the first 100 words; the sentence count is taken over
        the tokens that cover them.
        """
        tokens = text.split()
        if len(tokens) > 100:
            words: list[str] = []
            used = 0
            while used < len(tokens) and len(words) < 100:
                stripped = split_words(tokens[used])
                used += 1
                # A token without whitespace yields at most one word.
                words.extend(stripped)
        else:
            words = split_words(text)
            used = len(tokens)
        easy = hard = 0
        for word in words:
            count = self._info(word).syllables
            if count >= 3:
                hard += 1
            elif count > 0:
                easy += 1
        sentences = textstat_sentences(" ".join(tokens[:used]))
        if sentences == 0:
            return 0.0
        number = float((easy * 1 + hard * 3) / sentences)
        if number <= 20:
            number -= 2
        return number / 2

    def linsear_write_words(self, sentences: Sequence[Sequence[str]]) -> float:
        """Linsear Write over readerlevel's own sentences: the first 100 words.

        The sentence count is the number of sentences those words come from.
        """
        easy = hard = taken = used = 0
        for words in sentences:
            if taken >= 100:
                break
            used += 1
            for word in words[: 100 - taken]:
                count = self._info(word).syllables
                if count >= 3:
                    hard += 1
                elif count > 0:
                    easy += 1
            taken += min(len(words), 100 - taken)
        if used == 0:
            return 0.0
        number = float((easy * 1 + hard * 3) / used)
        if number <= 20:
            number -= 2
        return number / 2
