r"""Counting words, sentences and syllables once, by textstat 0.7.13's rules.

textstat recounts the text for every formula (each call re-tokenizes,
removes punctuation again and looks every word up again). Here a text is
tokenized once into :class:`Counts`, from which :mod:`.formulas` computes
every score; the per-word facts (lower-case form, syllables, whether the
word is on the easy list) are cached per :class:`Counter` in a bounded cache
(oldest evicted first), so a long-running process pays for a word once.

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

import re
import threading
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple

from readerlevel.readability.language import Language

__all__ = ["Counter", "Counts", "WordInfo"]

_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
# The ASCII characters _PUNCTUATION removes, for str.translate.
_ASCII_PUNCTUATION = {
    code: None for code in range(128) if _PUNCTUATION.fullmatch(chr(code)) is not None
}
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A whitespace token survives punctuation removal exactly when it holds a word
# character (a kept apostrophe is always followed by letters).
_WORDY_TOKEN = re.compile(r"(?<!\S)[^\w\s]*\w")
_WORD_CHARACTER = re.compile(r"\w")

_LINSEAR_TOKENS = 400
DEFAULT_CACHE_SIZE = 65_536
"""Words kept in a :class:`Counter`'s cache (about 10 MB at most)."""


def split_words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, contractions kept."""
    if "'" in text:
        text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    if text.isascii():
        return text.translate(_ASCII_PUNCTUATION).split()  # same deletions, no regex
    return _PUNCTUATION.sub("", text).split()


def textstat_sentences(text: str) -> int:
    """textstat's ``count_sentences``: split at ``.!?``, fragments of ≤ 2 words ignored."""
    if not text:
        return 0
    fragments = _SENTENCE.findall(text)
    ignored = sum(1 for fragment in fragments if _at_most_two_words(fragment))
    return max(1, len(fragments) - ignored)


def _linsear_grade(easy: int, hard: int, sentences: int) -> float:
    """Linsear Write from its counts, with textstat's operations (0 without sentences)."""
    if sentences == 0:
        return 0.0
    number = float((easy * 1 + hard * 3) / sentences)
    if number <= 20:
        number -= 2
    return number / 2


def _tokens_for_100_words(tokens: Sequence[str]) -> int | None:
    """How many of ``tokens`` it takes to get 100 words (``None``: they hold fewer).

    A token yields a word, exactly one, when it holds a word character.
    """
    found = 0
    for used, token in enumerate(tokens, 1):
        if token.isalnum() or _WORD_CHARACTER.search(token):
            found += 1
            if found == 100:
                return used
    return None


def _at_most_two_words(fragment: str) -> bool:
    """Whether ``split_words(fragment)`` has two words or fewer, without splitting it all."""
    parts = fragment.split(maxsplit=3)
    if len(parts) <= 2:
        return True  # punctuation removal never adds words
    first, second, third = parts[0], parts[1], parts[2]
    if (
        (first.isalnum() or _WORD_CHARACTER.search(first))
        and (second.isalnum() or _WORD_CHARACTER.search(second))
        and (third.isalnum() or _WORD_CHARACTER.search(third))
    ):
        return False  # three tokens with a word character each: three words
    return len(list(islice(_WORDY_TOKEN.finditer(fragment), 3))) <= 2


class WordInfo(NamedTuple):
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
        if cache_size < 1:
            raise ValueError(f"cache_size must be at least 1, got {cache_size}")
        self.language = language
        self._size = cache_size
        # Reads are lock-free dict lookups; inserts and evictions (oldest
        # first) take the lock. A word's facts never change, so a reader can
        # only ever see a missing entry, never a wrong one.
        self._cache: dict[str, WordInfo] = {}
        self._lock = threading.Lock()

    def _syllables(self, lower: str) -> int:
        table = self.language.syllables
        count = table.get(lower) if table is not None else None
        if count is None:
            count = self.language.hyphenation_syllables(lower)
        return count

    def _fill(self, words: Iterable[str]) -> dict[str, WordInfo]:
        """Work out and cache the facts of ``words``, in one batch; returns them."""
        lang = self.language
        table = lang.syllables
        easy = lang.easy_words
        cache = self._cache
        new: dict[str, WordInfo] = {}
        for word in words:
            lower = word.lower()
            facts = new.get(lower) or cache.get(lower)
            if facts is None:
                count = table.get(lower) if table is not None else None
                if count is None:
                    count = lang.hyphenation_syllables(lower)
                difficulty = count
                if not lower.isascii():
                    # Lower-casing can add characters that are not word characters.
                    difficulty = sum(self._syllables(part) for part in split_words(lower))
                facts = WordInfo(lower, count, lower in easy, difficulty)
                new[lower] = facts  # "Patients" and "patients" share the work
            new[word] = facts
        with self._lock:
            cache = self._cache
            cache.update(new)
            excess = len(cache) - self._size
            if excess > 0:
                for old in list(islice(cache, excess)):
                    del cache[old]
        return new

    def _compute(self, word: str) -> WordInfo:
        return self._fill((word,))[word]

    def word(self, word: str) -> WordInfo:
        """The facts about one word (a token of :func:`split_words`), cached."""
        facts = self._cache.get(word)
        return facts if facts is not None else self._compute(word)

    def syllables(self, word: str) -> int:
        """textstat's syllable count of one word."""
        return self.word(word).syllables

    def clear_cache(self) -> None:
        """Forget every cached word (for cold-cache measurements)."""
        with self._lock:
            self._cache = {}

    @property
    def cache_size(self) -> int:
        """How many words the cache holds now (at most the size it was made with)."""
        return len(self._cache)

    def word_counts(self, words: Sequence[str], text: str, sentences: int) -> Counts:
        """Counts for ``text`` whose words (by :func:`split_words`) are ``words``."""
        cache = self._cache
        threshold = self.language.syllable_threshold
        syllables = polysyllables = long_words = unfamiliar = 0
        difficult: list[str] = []
        tally = Tally(words)
        missing = [word for word in tally if word not in cache]
        # Words evicted by another thread in the meantime are in ``fresh``.
        fresh = self._fill(missing) if missing else {}
        # Each distinct word is looked at once, weighted by how often it occurs.
        for word, times in tally.items():
            facts = cache.get(word) or fresh.get(word) or self._compute(word)
            _, count, easy, hard = facts  # unpacking beats four attribute lookups
            syllables += count * times
            if count >= 3:
                polysyllables += times
            if not easy:
                unfamiliar += times
                if hard >= threshold:
                    long_words += times
                if hard >= 2:
                    difficult.append(word)
        tokens = text.split()
        # str.split() and the regex \s agree on what whitespace is.
        characters = sum(map(len, tokens))
        # Words hold every word character of the text, plus the kept apostrophes.
        joined = "".join(words)
        return Counts(
            words=len(words),
            sentences=sentences,
            syllables=syllables,
            polysyllables=polysyllables,
            letters=len(joined) - joined.count("'"),
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
        # Only the first hundred-odd tokens matter: split no further than needed.
        tokens = text.split(maxsplit=_LINSEAR_TOKENS)
        if len(tokens) > 100:
            # textstat takes tokens until 100 have yielded a word.
            head = tokens[:-1] if len(tokens) > _LINSEAR_TOKENS else tokens
            used = _tokens_for_100_words(head)
            if used is None:
                tokens = text.split()  # the head held fewer than 100 words
                used = _tokens_for_100_words(tokens) or len(tokens)
            prefix = " ".join(tokens[:used])
            words = split_words(prefix)
        else:
            words = split_words(text)
            prefix = " ".join(tokens)
        easy = hard = 0
        for word in words:
            count = self.word(word).syllables
            if count >= 3:
                hard += 1
            elif count > 0:
                easy += 1
        return _linsear_grade(easy, hard, textstat_sentences(prefix))

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
                count = self.word(word).syllables
                if count >= 3:
                    hard += 1
                elif count > 0:
                    easy += 1
            taken += min(len(words), 100 - taken)
        return _linsear_grade(easy, hard, used)
