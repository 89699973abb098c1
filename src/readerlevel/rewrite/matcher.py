"""Whole-word, leftmost-longest matching of many terms in one pass.

The matcher is a character-wise double-array Aho-Corasick automaton (the Rust
``daachorse`` crate, via its Python binding) over the lower-cased terms. One
pass over the text (with its ASCII letters lower-cased, which keeps every
offset) reports all candidate matches; Python then keeps those on word
boundaries, in the right case, and picks leftmost-longest. Measured against a
trie-shaped regular expression, pyahocorasick and ahocorasick-rs, it scanned
fastest and its speed held best as the glossary grew (see
``docs/performance.md``).

Rules, in order of precedence:

- **Whole words.** A match may not start or end inside a word. Letters and
  digits of any script are word characters; a hyphen or apostrophe joined to a
  word on the outside continues it (``pain`` does not match in ``pain-free`` or
  ``o'pain``), but a trailing apostrophe does not (``patient's`` matches
  ``patient``). Terms may end in punctuation such as ``)``.
- **Leftmost-longest.** Of the matches starting at the same place, the longest
  that is a whole word wins; when the longest is not (``low back pain`` in
  ``low back painful``) a shorter one still can (``low back``).
- **Case.** ASCII letters match in any case (``pain``, ``Pain``, ``PAIN``);
  other letters match in lower, capitalised, Title or upper spelling
  (``café``, ``Café``, ``CAFÉ``). Forms registered as case-sensitive (acronyms
  such as ``AIDS``) match only as written, so ``aids`` is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Generic, NamedTuple, TypeVar

import daachorse

__all__ = ["Match", "TermMatcher"]

V = TypeVar("V")


class Match(NamedTuple, Generic[V]):
    """One accepted match: ``text[start:end]`` is a surface form of ``value``."""

    start: int
    end: int
    value: V


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


_JOINERS = frozenset("-'’‐")
_HYPHENS = frozenset("-‐")


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only: fast, and never changes the length."""
    return text.encode("utf-8").lower().decode("utf-8")


def _keys(form: str) -> set[str]:
    """The keys a case-insensitive form is found under in ASCII-lowered text.

    ASCII letters match in any case. Other letters are not lowered in the
    text, so their lower, capitalised, title and upper spellings are keys too.
    """
    lower = form.lower()
    if lower.isascii():
        return {lower}
    title = " ".join(w[:1].upper() + w[1:] for w in lower.split(" "))
    return {_ascii_lower(v) for v in (lower, lower[:1].upper() + lower[1:], title, form.upper())}


class TermMatcher(Generic[V]):
    """Finds surface forms of terms in text; immutable after construction.

    ``forms`` maps each surface form to its value; forms listed in
    ``case_sensitive`` match only as written, the rest in any case (see the
    module documentation).
    """

    __slots__ = ("_automaton", "_candidates", "_size")

    def __init__(self, forms: Mapping[str, V], case_sensitive: Iterable[str] = ()) -> None:
        exact = frozenset(case_sensitive)
        candidates: dict[str, list[tuple[str | None, V]]] = {}
        for form, value in forms.items():
            if not form or not _is_word(form[0]):
                raise ValueError(f"a term must start with a letter or digit: {form!r}")
            if form in exact:
                # Exact forms are tried first: 'AIDS' before an insensitive 'aids'.
                candidates.setdefault(_ascii_lower(form), []).insert(0, (form, value))
            else:
                for key in _keys(form):
                    candidates.setdefault(key, []).append((None, value))
        patterns = list(candidates)
        self._candidates: tuple[tuple[tuple[str | None, V], ...], ...] = tuple(
            tuple(candidates[p]) for p in patterns
        )
        self._automaton = daachorse.CharwiseDoubleArrayAhoCorasick(patterns) if patterns else None
        self._size = len(forms)

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[Match[V]]:
        """Every accepted match in ``text``, left to right, never overlapping."""
        if self._automaton is None or not text:
            return []
        raw = self._automaton.find_overlapping(_ascii_lower(text))
        n = len(text)
        found: list[tuple[int, int, int]] = []
        append = found.append
        for start, end, index in raw:
            # Whole words only (inlined: this loop runs once per candidate).
            if start:
                before = text[start - 1]
                if before.isalnum() or before == "_":
                    continue
                if before in _JOINERS and start > 1 and _is_word(text[start - 2]):
                    continue
            if end < n:
                after = text[end]
                if (after.isalnum() or after == "_") and _is_word(text[end - 1]):
                    continue
                if after in _HYPHENS and end + 1 < n and _is_word(text[end + 1]):
                    continue
            append((start, -end, index))
        found.sort()
        out: list[Match[V]] = []
        last = 0
        table = self._candidates
        for start, negative_end, index in found:
            if start < last:
                continue
            end = -negative_end
            for form, value in table[index]:
                if form is None or text[start:end] == form:
                    out.append(Match(start, end, value))
                    last = end
                    break
        return out
