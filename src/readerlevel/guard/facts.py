"""Facts in one text (quantities, negations, hedges) and what a variant lost of them.

:func:`extract` reads one text and returns its :class:`Facts`: every
quantity with its comparator and unit, every negation cue, every hedge by
class and every certainty word, each with its span. :func:`compare` extracts
a canonical text and a variant and returns the :class:`Difference` list:
quantities lost or added, negations lost or added, hedges lost, certainty
added where a hedge went. Equivalent forms are not differences: ``>5`` and
``more than 5``, ``five`` and ``5``, ``25-50%`` and ``between 25 and 50
percent``, ``200 mg`` and ``200 milligrams``, ``avoid`` and ``do not``,
``may`` and ``might``.

All word lists are data, one YAML file per language
(``readerlevel/data/guard/en.yaml``); a :class:`GuardLanguage` holds one of
them with its regular expressions compiled, is immutable, and can be shared
by threads. :func:`guard_language` loads each language once per process.

Every expression runs over the lower-cased text. Those that scan the whole
text open with a word boundary or a digit, so a position that cannot start a
match fails at once; the rest are anchored where a scan stopped. No
quantifier is nested over the same characters: extraction is linear in the
length of the text.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from readerlevel.errors import ReaderlevelError
from readerlevel.markers import CITATION_RE
from readerlevel.readability.language import UnknownLanguageError

__all__ = [
    "CHECKS",
    "Cue",
    "Difference",
    "Facts",
    "GuardLanguage",
    "Quantity",
    "Span",
    "compare",
    "extract",
    "guard_language",
]

CHECKS = (
    "number-lost",
    "number-added",
    "negation-lost",
    "negation-added",
    "hedge-lost",
    "certainty-added",
)
"""Every ``Difference.check``, in the order differences at one position are listed."""

_SYMBOLS: Mapping[str, str] = MappingProxyType({"gt": ">", "ge": "≥", "lt": "<", "le": "≤"})
_COMPARATORS = tuple(_SYMBOLS)
_RESERVED_KINDS = ("negation", "certainty")
_MAX_GAP = 16
"""The longest text between two numbers that can join them into a range or list."""
_MAX_EXACT_DIGITS = 18
"""Digit strings longer than this are not multiplied ("1.5 million"), only normalised."""

_BEFORE_WORD = r"\b"
"""A word starts here ("not" in "knot" does not). The engine tests a word boundary
faster than a look-behind; a word after an apostrophe inside a word (the "t" of
"don't") is left out by the code that reads the matches."""
_AFTER_WORD = r"(?!\w)(?!['’]\w)"
"""The word ends here: "can" in "can't" and "one" in "one's" do not."""
_HYPHEN_CHARS = "-‐‑"
_HYPHENS = re.escape(_HYPHEN_CHARS)
"""The hyphens, escaped for use inside a character class."""
_APOSTROPHE_RE = re.compile("['’]")
_SPACES = " \u00a0\u202f\u2009\t\n"
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*\Z")
_WORD_AFTER_RE = re.compile(r"\W*(\w+)")

_Init = Callable[[str, object], None]


@dataclass(frozen=True, slots=True)
class Span:
    """Offsets ``[start, end)`` into the text given to :func:`extract`."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written, with its comparator, unit and approximation."""

    value: str
    """The value as a normalised decimal string: ``"5"``, ``"0.73"``, ``"1000"``, ``"-0.5"``."""
    unit: str | None
    """A unit id from the language file (``"percent"``, ``"mg"``, ``"mg/kg"``), or ``None``."""
    comparator: str | None
    """``"gt"``, ``"ge"``, ``"lt"``, ``"le"`` or ``None``."""
    approximate: bool
    """Whether an approximation word (``about``, ``~``) came with it."""
    text: str
    """The quantity as written: ``"more than 700"``; both ends of a range carry the range."""
    span: Span

    @property
    def key(self) -> str:
        """What must match: comparator, value and unit (``"gt 700"``, ``"le 1 year"``)."""
        return " ".join(part for part in (self.comparator, self.value, self.unit) if part)

    @property
    def reading(self) -> str:
        """The key for people: ``"> 700"``, ``"≤ 1 year"``."""
        symbol = _SYMBOLS.get(self.comparator or "")
        return " ".join(part for part in (symbol, self.value, self.unit) if part)


@dataclass(frozen=True, slots=True)
class Cue:
    """A negation, hedge or certainty word as written."""

    kind: str
    """``"negation"``, a hedge class id (``"possibility"``) or ``"certainty"``."""
    word: str
    """The cue as written: ``"not"``, ``"don't"``, ``"may"``."""
    span: Span


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything :func:`extract` found in one text, each list in text order."""

    quantities: tuple[Quantity, ...]
    negations: tuple[Cue, ...]
    hedges: tuple[Cue, ...]
    certainty: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """One fact the variant lost, or one it added."""

    check: str
    """One of :data:`CHECKS`."""
    item: str
    """The quantity or cue as written (in the canonical text if lost, the variant if added)."""
    canonical: Span | None
    """Where in the canonical text (``None`` for something added)."""
    variant: Span | None
    """Where in the variant's text (``None`` for something lost)."""
    explanation: str
    """One line for the reader of the report."""


# Reading the language file --------------------------------------------------


class _Reader:
    """Reads the language file's values, failing with the file and key on a wrong shape."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, expected: str) -> NoReturn:
        """Raise a :class:`ReaderlevelError` naming the file, the key and what was expected."""
        raise ReaderlevelError(f"{self.source}: '{where}' must be {expected}")

    def mapping(self, value: object, where: str) -> Mapping[str, object]:
        """A mapping with text keys."""
        if not isinstance(value, Mapping) or not all(isinstance(k, str) and k for k in value):
            self.fail(where, "a mapping with text keys")
        return value

    def get(self, data: Mapping[str, object], key: str, where: str = "") -> object:
        """The value under ``key``, which must be there."""
        path = f"{where}.{key}" if where else key
        if key not in data:
            self.fail(path, "present")
        return data[key]

    def text(self, value: object, where: str, *, space: bool = False) -> str:
        """A text with something besides whitespace in it (any non-empty one if ``space``)."""
        if isinstance(value, bool):
            self.fail(where, f"a text, not {value} (quote words YAML reads as true/false: 'no')")
        if not isinstance(value, str) or not (value if space else value.strip()):
            self.fail(where, "a non-empty text")
        return value

    def texts(
        self, value: object, where: str, *, empty: bool = False, space: bool = False
    ) -> tuple[str, ...]:
        """A list of texts (an empty list only if ``empty``)."""
        if not isinstance(value, list) or (not value and not empty):
            self.fail(where, "a list of texts" if empty else "a non-empty list of texts")
        return tuple(self.text(v, f"{where}[{i}]", space=space) for i, v in enumerate(value))

    def number(self, value: object, where: str) -> Fraction:
        """An exact number, zero or more: a whole number, or a decimal in quotes."""
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            self.fail(where, "a whole number or a decimal in quotes")
        try:
            number = Fraction(value)
        except (ValueError, ZeroDivisionError):
            self.fail(where, "a whole number or a decimal in quotes")
        if number < 0:
            self.fail(where, "zero or more")
        return number

    def values(self, data: Mapping[str, object], key: str) -> dict[str, Fraction]:
        """A table of single words and their values (``numbers.words``)."""
        where = f"numbers.{key}"
        table = self.mapping(self.get(data, key, "numbers"), where)
        out = {_norm(w): self.number(v, f"{where}.{w}") for w, v in table.items()}
        if any(" " in w for w in out):
            self.fail(where, "a table of single words")
        return out


# Patterns -------------------------------------------------------------------


def _norm(text: str) -> str:
    """The lookup form of a word or phrase: lower case, one space, plain apostrophes."""
    return " ".join(text.replace("’", "'").lower().split())


def _lower(text: str) -> str:
    """``text`` in lower case, with every offset kept (``İ`` alone lower-cases to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _piece(char: str) -> str:
    """One character of a phrase as a pattern: any whitespace, any apostrophe."""
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    if char in _HYPHEN_CHARS:
        return f"[{_HYPHENS}]"
    return re.escape(char)


def _trie(phrases: Iterable[str], *, word_start: bool = True, word_end: bool = True) -> str:
    """One non-capturing group matching any of ``phrases``, the longest at each position.

    The phrases are laid out as a trie (one branch per shared beginning), which
    the regex engine walks far faster than a flat alternation. A phrase that
    starts (ends) with a letter or digit must start (end) a word, unless
    ``word_start`` (``word_end``) is false: units may be glued to a number.
    """
    root: dict[str, Any] = {}
    for phrase in {_norm(p) for p in phrases if p.strip()}:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = phrase
    if not root:
        return "(?!)"

    def emit(node: dict[str, Any]) -> str:
        branches = [_piece(char) + emit(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            end = node[""][-1].isalnum() and word_end
            branches.append(_AFTER_WORD if end else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    words = {c: n for c, n in root.items() if c.isalnum()}
    symbols = {c: n for c, n in root.items() if not c.isalnum()}
    groups = []
    if words:
        groups.append((_BEFORE_WORD if word_start else "") + emit(words))
    if symbols:
        groups.append(emit(symbols))
    return "(?:" + "|".join(groups) + ")"


def _gap(phrases: Iterable[str]) -> str:
    """What may stand between two numbers: words with spaces round them, symbols with or without."""
    options = []
    for phrase in sorted({_norm(p) for p in phrases}, key=len, reverse=True):
        body = "".join(_piece(c) for c in phrase)
        options.append(rf"\s+{body}\s+" if phrase[0].isalnum() else rf"\s*{body}\s*")
    return "|".join(options) or "(?!)"


def _fraction_text(value: Fraction) -> str:
    """An exact value as a normalised decimal string (twelve places at most)."""
    sign = "-" if value < 0 else ""
    numerator, denominator = abs(value.numerator), value.denominator
    rest, places = denominator, 0
    for factor in (2, 5):
        count = 0
        while rest % factor == 0:
            rest //= factor
            count += 1
        places = max(places, count)
    if rest != 1:  # no finite decimal: twelve places are plenty for a number word
        places = 12
    digits = str(numerator * 10**places // denominator).rjust(places + 1, "0")
    whole, fraction = (digits[:-places], digits[-places:]) if places else (digits, "")
    return _decimal_text(sign, whole, fraction)


def _decimal_text(sign: str, whole: str, fraction: str) -> str:
    """``"-"``, ``"0012"``, ``"500"`` → ``"-12.5"``: no padding zeros, no ``-0``."""
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    text = f"{whole}.{fraction}" if fraction else whole
    return text if text == "0" else sign + text


# Intermediate results ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prefix:
    """What is written just before a number: comparator, approximation, range opener."""

    start: int
    comparator: str | None = None
    comparator_span: tuple[int, int] | None = None
    approximate: bool = False
    between: str | None = None
    """The connector the opening word calls for ("between" → "and")."""


@dataclass(frozen=True, slots=True)
class _Core:
    """A number found in the text, before units and ranges are attached."""

    start: int
    end: int
    value: str
    weak: bool
    """A number word that is also a pronoun ("one"): kept only with context."""
    prefix: _Prefix


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit after a number, and where its text ends."""

    unit: str
    end: int


# The language -----------------------------------------------------------------


class GuardLanguage:
    """One language's word lists with their expressions compiled; immutable, thread-safe."""

    __slots__ = (
        "_article_before_re",
        "_articles",
        "_comparator_after",
        "_contraction_re",
        "_cue_kinds",
        "_cue_re",
        "_date_after_re",
        "_date_before_re",
        "_decimal_mark",
        "_digit_re",
        "_fractions",
        "_glued_re",
        "_group_separators",
        "_hedge_classes",
        "_joiners",
        "_list_re",
        "_minus_signs",
        "_months",
        "_multiplier_re",
        "_multipliers",
        "_not_numbers_re",
        "_ordinal_re",
        "_per_re",
        "_per_word_re",
        "_per_words",
        "_postfix_re",
        "_prefixes",
        "_range_between_re",
        "_range_re",
        "_roles",
        "_run_re",
        "_scan_re",
        "_suffixes",
        "_symbol_ends",
        "_symbol_prefixes",
        "_token_re",
        "_unit_re",
        "_units",
        "_weak",
        "_words",
        "code",
    )

    code: str
    """The language code (``"en"``)."""

    # Set once in __init__ (through object.__setattr__) and never changed.
    _article_before_re: re.Pattern[str]
    _articles: frozenset[str]
    _comparator_after: dict[str, str]
    _contraction_re: re.Pattern[str] | None
    _cue_kinds: dict[str, tuple[str, ...]]
    _cue_re: re.Pattern[str]
    _date_after_re: re.Pattern[str]
    _date_before_re: re.Pattern[str]
    _decimal_mark: str
    _digit_re: re.Pattern[str]
    _fractions: dict[str, Fraction]
    _glued_re: re.Pattern[str]
    _group_separators: str
    _hedge_classes: tuple[str, ...]
    _joiners: frozenset[str]
    _list_re: re.Pattern[str] | None
    _minus_signs: str
    _months: frozenset[str]
    _multiplier_re: re.Pattern[str]
    _multipliers: dict[str, Fraction]
    _not_numbers_re: re.Pattern[str] | None
    _ordinal_re: re.Pattern[str] | None
    _per_re: re.Pattern[str] | None
    _per_word_re: re.Pattern[str] | None
    _per_words: dict[str, str]
    _postfix_re: re.Pattern[str] | None
    _prefixes: dict[str, tuple[str, str]]
    _range_between_re: dict[str, re.Pattern[str]]
    _range_re: re.Pattern[str]
    _roles: dict[str, tuple[str, ...]]
    _run_re: re.Pattern[str]
    _scan_re: re.Pattern[str]
    _suffixes: tuple[tuple[str, str], ...]
    _symbol_ends: frozenset[str]
    _symbol_prefixes: tuple[str, ...]
    _token_re: re.Pattern[str]
    _unit_re: re.Pattern[str]
    _units: dict[str, str]
    _weak: frozenset[str]
    _words: dict[str, Fraction]

    def __init__(self, code: str, data: object, *, source: str | None = None) -> None:
        """Check ``data`` (the parsed language file) and compile its expressions.

        Raises :class:`ReaderlevelError` naming the file and key if a value has
        the wrong shape.
        """
        read = _Reader(source or f"guard language '{code}'")
        top = read.mapping(data, "(top level)")
        if read.text(read.get(top, "language"), "language") != code:
            read.fail("language", f"'{code}', the code the file is loaded for")
        init = functools.partial(object.__setattr__, self)
        init("code", code)
        numbers = self._read_numbers(read, top, init)
        self._read_units(read, top, init)
        cues = self._read_cues(read, top, init)
        # One pass finds every word that matters: cues, number words and the
        # words of comparators and approximations before a number.
        roles: dict[str, tuple[str, ...]] = {}
        for role, phrases in (("number", numbers), ("prefix", self._prefixes), ("cue", cues)):
            for phrase in phrases:
                if phrase[0].isalnum():
                    roles[phrase] = (*roles.get(phrase, ()), role)
        init("_roles", roles)
        init("_scan_re", re.compile(_trie(roles)))

    def _read_numbers(self, read: _Reader, top: Mapping[str, object], init: _Init) -> list[str]:
        """Number words, digits, ranges, comparators and approximations; the number words."""
        numbers = read.mapping(read.get(top, "numbers"), "numbers")
        mark = read.text(read.get(numbers, "decimal_mark", "numbers"), "numbers.decimal_mark")
        groups = read.texts(
            read.get(numbers, "group_separators", "numbers"), "numbers.group_separators", space=True
        )
        minus = read.texts(read.get(numbers, "minus_signs", "numbers"), "numbers.minus_signs")
        if len(mark) != 1 or mark in groups or mark.isalnum():
            read.fail("numbers.decimal_mark", "one character, not a digit or a group separator")
        for key, chars in (("group_separators", groups), ("minus_signs", minus)):
            if any(len(c) != 1 or c.isalnum() for c in chars):
                read.fail(f"numbers.{key}", "single characters other than letters or digits")
        words = read.values(numbers, "words")
        multipliers = read.values(numbers, "multipliers")
        fractions = read.values(numbers, "fractions")

        def texts(key: str) -> tuple[str, ...]:
            return read.texts(read.get(numbers, key, "numbers"), f"numbers.{key}", empty=True)

        articles, joiners, weak = texts("articles"), texts("joiners"), texts("weak")
        ordinals, not_numbers = texts("ordinals"), texts("not_numbers")

        ranges = read.mapping(read.get(top, "ranges"), "ranges")
        connectors = read.texts(read.get(ranges, "connectors", "ranges"), "ranges.connectors")
        openers = read.mapping(read.get(ranges, "between", "ranges"), "ranges.between")
        between = {_norm(w): _norm(read.text(c, f"ranges.between.{w}")) for w, c in openers.items()}
        lists = read.texts(read.get(ranges, "lists", "ranges"), "ranges.lists", empty=True)

        comparators = read.mapping(read.get(top, "comparators"), "comparators")
        prefixes: dict[str, tuple[str, str]] = {w: ("between", c) for w, c in between.items()}
        after: dict[str, str] = {}
        for cid, forms in comparators.items():
            if cid not in _COMPARATORS:
                read.fail(f"comparators.{cid}", f"one of {', '.join(_COMPARATORS)}")
            sides = read.mapping(forms, f"comparators.{cid}")
            for side in sides:
                if side not in ("before", "after"):
                    read.fail(f"comparators.{cid}.{side}", "'before' or 'after'")
            where = f"comparators.{cid}"
            for phrase in read.texts(sides.get("before", []), f"{where}.before", empty=True):
                prefixes[_norm(phrase)] = ("comparator", cid)
            for phrase in read.texts(sides.get("after", []), f"{where}.after", empty=True):
                after[_norm(phrase)] = cid
        for phrase in read.texts(read.get(top, "approximations"), "approximations"):
            if prefixes.get(_norm(phrase), ("approximate",))[0] != "approximate":
                read.fail("approximations", f"words that are not comparators ('{phrase}')")
            prefixes[_norm(phrase)] = ("approximate", "")
        number_words = {*words, *multipliers, *fractions}
        if not number_words.isdisjoint(prefixes):
            read.fail("numbers", "number words that are not also comparators or approximations")

        init("_words", words)
        init("_multipliers", multipliers)
        init("_fractions", fractions)
        init("_articles", frozenset(_norm(a) for a in articles))
        init("_joiners", frozenset(_norm(j) for j in joiners))
        init("_weak", frozenset(_norm(w) for w in weak))
        init("_decimal_mark", mark)
        init("_group_separators", "".join(groups))
        init("_minus_signs", "".join(minus))
        init("_prefixes", prefixes)
        symbols = sorted((p for p in prefixes if not p[0].isalnum()), key=len, reverse=True)
        init("_symbol_prefixes", tuple(symbols))
        init("_symbol_ends", frozenset(p[-1] for p in symbols))
        init("_comparator_after", after)

        digit = "[0-9]"
        group = "[" + re.escape("".join(groups)) + "]"
        point = re.escape(mark)
        word = _trie(number_words)
        article = _trie(articles)
        init(
            "_digit_re",
            re.compile(
                # One digit first: the engine then skips to digits at C speed.
                rf"{digit}(?:{digit}{{0,2}}(?:{group}{digit}{{3}})+(?!{digit})|{digit}*)"
                rf"(?:{point}{digit}+)?"
            ),
        )
        init(
            "_run_re",
            re.compile(
                rf"{word}(?:(?:[\s{_HYPHENS}]+|\s+{_trie(joiners)}\s+(?:{article}\s+)?){word})*"
            ),
        )
        init("_article_before_re", re.compile(rf"{article}[\s{_HYPHENS}]+\Z"))
        init("_token_re", re.compile(rf"[^\s{_HYPHENS}]+"))
        init("_multiplier_re", re.compile(rf"\s+(?P<m>{_trie(multipliers)})"))
        init("_glued_re", re.compile(rf"[^\W\d_]|[{_HYPHENS}][^\W\d_]"))
        init(
            "_ordinal_re",
            re.compile(rf"[\s{_HYPHENS}]{_trie(ordinals, word_start=False)}") if ordinals else None,
        )
        init("_not_numbers_re", re.compile(_trie(not_numbers)) if not_numbers else None)
        init("_postfix_re", re.compile(rf"\s+(?P<p>{_trie(after)})") if after else None)
        init("_range_re", re.compile(_gap(connectors)))
        init("_range_between_re", {c: re.compile(_gap([c])) for c in set(between.values())})
        init("_list_re", re.compile(_gap(lists)) if lists else None)
        return sorted(number_words)

    def _read_units(self, read: _Reader, top: Mapping[str, object], init: _Init) -> None:
        """Units, their aliases and the ways units combine ("mg/kg", "times a week")."""
        table = read.mapping(read.get(top, "units"), "units")
        units: dict[str, str] = {}
        for unit_id, aliases in table.items():
            if "/" in unit_id or " " in unit_id:
                read.fail(f"units.{unit_id}", "an id without '/' or spaces")
            for alias in read.texts(aliases, f"units.{unit_id}"):
                other = units.setdefault(_norm(alias), unit_id)
                if other != unit_id:
                    read.fail(f"units.{unit_id}", f"aliases not already used by '{other}'")
        per = read.texts(read.get(top, "unit_per"), "unit_per", empty=True)
        per_table = read.mapping(read.get(top, "unit_per_words"), "unit_per_words")
        per_words: dict[str, str] = {}
        for word, value in per_table.items():
            target = read.text(value, f"unit_per_words.{word}")
            if target not in table:
                read.fail(f"unit_per_words.{word}", "a unit id from 'units'")
            per_words[_norm(word)] = target
        unit = rf"(?P<unit>{_trie(units, word_start=False)})"
        init("_units", units)
        init("_per_words", per_words)
        init("_unit_re", re.compile(rf"(?:[ \u00a0\u202f\u2009]|[{_HYPHENS}])?{unit}"))
        init("_per_re", re.compile(rf"(?:{_gap(per)}){unit}") if per else None)
        init("_per_word_re", re.compile(rf"\s+(?P<w>{_trie(per_words)})") if per_words else None)

    def _read_cues(self, read: _Reader, top: Mapping[str, object], init: _Init) -> list[str]:
        """Negation cues, hedge classes, certainty words, contractions, months; the cues."""
        kinds: dict[str, list[str]] = {}
        for word in read.texts(read.get(top, "negation"), "negation"):
            kinds.setdefault(_norm(word), []).append("negation")
        hedges = read.mapping(read.get(top, "hedges"), "hedges")
        for hedge_class, hedge_words in hedges.items():
            if hedge_class in _RESERVED_KINDS:
                read.fail(f"hedges.{hedge_class}", "a class id other than negation or certainty")
            for word in read.texts(hedge_words, f"hedges.{hedge_class}"):
                kinds.setdefault(_norm(word), []).append(hedge_class)
        for word in read.texts(read.get(top, "certainty"), "certainty"):
            kinds.setdefault(_norm(word), []).append("certainty")
        single = {word: tuple(dict.fromkeys(k)) for word, k in kinds.items()}
        cue_kinds = dict(single)
        contractions = read.mapping(read.get(top, "contractions"), "contractions")
        for form, parts in contractions.items():
            found = [
                k for p in read.texts(parts, f"contractions.{form}") for k in single.get(p, ())
            ]
            cue_kinds[_norm(form)] = tuple(dict.fromkeys(found))
        table = read.mapping(read.get(top, "contraction_suffixes"), "contraction_suffixes")
        suffixes = tuple(
            (_norm(suffix), _norm(read.text(word, f"contraction_suffixes.{suffix}")))
            for suffix, word in table.items()
        )
        months = read.texts(read.get(top, "months"), "months", empty=True)
        generic = "|".join("".join(_piece(c) for c in suffix) for suffix, _ in suffixes)
        contraction = rf"{_BEFORE_WORD}[^\W\d_]+(?:{generic}){_AFTER_WORD}"
        init("_cue_kinds", cue_kinds)
        init("_suffixes", suffixes)
        init("_hedge_classes", tuple(hedges))
        init("_months", frozenset(months))
        init("_cue_re", re.compile(_trie(cue_kinds)))
        init("_contraction_re", re.compile(contraction) if generic else None)
        init("_date_after_re", re.compile(r",?\s+[0-9]"))
        init("_date_before_re", re.compile(r"[0-9]\s+\Z"))
        return list(cue_kinds)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"GuardLanguage is immutable; cannot set '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"GuardLanguage is immutable; cannot delete '{name}'")

    def __repr__(self) -> str:
        return f"GuardLanguage({self.code!r})"

    @property
    def hedge_classes(self) -> tuple[str, ...]:
        """The hedge class ids, in file order."""
        return self._hedge_classes

    # Numbers -------------------------------------------------------------------

    def _prefix(
        self, lowered: str, start: int, prefixes: Mapping[int, tuple[int, str]]
    ) -> tuple[_Prefix, list[int]]:
        """What is written just before the number at ``start``, and the word hits it used.

        Walks back over whitespace from ``start``: a comparator, approximation
        or range-opening word ending there (found by the scan, keyed by where
        it ends in ``prefixes``) or a symbol (``>``, ``~``) is part of it.
        """
        comparator = span = between = None
        approximate = False
        used: list[int] = []
        pos = start
        for step in range(4):
            end = pos
            while end > 0 and end > pos - 3 and lowered[end - 1] in _SPACES:
                end -= 1
            hit = prefixes.get(end)
            if hit is not None:
                begin, phrase = hit
            elif end and lowered[end - 1] in self._symbol_ends:
                phrase = next(
                    (
                        s
                        for s in self._symbol_prefixes
                        if end >= len(s) and lowered.startswith(s, end - len(s), end)
                    ),
                    "",
                )
                if not phrase:
                    break
                begin = end - len(phrase)
            else:
                break
            kind, value = self._prefixes[phrase]
            if kind == "between":
                if step:
                    break  # "between" must come right before the number
                between = value
            elif kind == "comparator":
                if comparator is not None:
                    break
                comparator, span = value, (begin, end)
            elif approximate:
                break
            else:
                approximate = True
            if hit is not None:
                used.append(end)
            pos = begin
        return _Prefix(pos, comparator, span, approximate, between), used

    def _digit_cores(self, lowered: str, text: str) -> list[tuple[int, int, str]]:
        """Numbers in digits (start, end, value); names ("B12", "IL-6"), ordinals left out."""
        cores = []
        mark = self._decimal_mark
        length = len(lowered)
        for match in self._digit_re.finditer(lowered):
            start, end = match.span()
            digits = match.group()
            before = lowered[start - 1] if start else " "
            ahead = lowered[start - 2] if start > 1 else " "
            if before.isalnum() or before == "_":
                continue  # glued to a word: "B12", "H2O"
            if before == mark:
                if ahead.isalnum() or ahead == "_" or mark in digits:
                    continue  # "1.2.3", "fig.3"
                start, digits = start - 1, mark + digits
                before, ahead = ahead, lowered[start - 2] if start > 1 else " "
            if before in _HYPHEN_CHARS and (ahead.isalpha() or ahead == "_"):
                continue  # "IL-6", "COVID-19"
            sign = ""
            if before in self._minus_signs and not (ahead.isalnum() or ahead in "_."):
                sign, start = "-", start - 1  # "-0.5", but not the hyphen of "5-10"
            glued = self._glued_re.match(lowered, end)
            if (
                glued is not None
                and self._unit_re.match(lowered, end) is None
                and (len(glued.group()) == 1 or text[end + 1].isupper())
            ):
                continue  # "2nd", "3D", "5-HT", "5-FU": an ordinal or a name
            if (
                not sign
                and digits.isdigit()
                and digits[0] != "0"
                and end < length
                and lowered[end] not in _SPACES
            ):
                cores.append((start, end, digits))  # the common case: "95", "3008"
                continue
            if len(digits) > 4 and not digits.isdigit():
                for separator in self._group_separators:
                    if separator in digits:
                        digits = digits.replace(separator, "")
            whole, _, fraction = digits.partition(mark)
            multiplier = self._multiplier_re.match(lowered, end)
            if multiplier is not None and len(whole) + len(fraction) <= _MAX_EXACT_DIGITS:
                factor = self._multipliers.get(_norm(multiplier.group("m")))
                if factor is not None:
                    exact = Fraction(f"{whole or '0'}.{fraction or '0'}") * factor
                    cores.append(
                        (start, multiplier.end(), _fraction_text(-exact if sign else exact))
                    )
                    continue
            cores.append((start, end, _decimal_text(sign, whole, fraction)))
        return cores

    def _word_cores(self, lowered: str, start: int) -> tuple[list[tuple[int, int, str, bool]], int]:
        """The numbers in the run of number words at ``start``, and where the run ends."""
        run = self._run_re.match(lowered, start)
        if run is None:
            return [], start
        end = run.end()
        if self._ordinal_re is not None and self._ordinal_re.match(lowered, end):
            return [], end  # "twenty-first"
        if self._not_numbers_re is not None and self._not_numbers_re.match(lowered, start):
            return [], end  # "half-life"
        article = self._article_before_re.search(lowered, max(0, start - 8), start)
        if article is not None:
            start = article.start()
        tokens = [
            (m.start(), m.end(), m.group()) for m in self._token_re.finditer(lowered, start, end)
        ]
        cores = []
        i = 0
        while i < len(tokens):
            parsed = self._parse_words(tokens, i)
            if parsed is None:
                i += 1
                continue
            first, last, value = parsed
            weak = first == last and tokens[first][2] in self._weak
            cores.append((tokens[first][0], tokens[last][1], _fraction_text(value), weak))
            i = last + 1
        return cores, end

    def _parse_words(
        self, tokens: Sequence[tuple[int, int, str]], i: int
    ) -> tuple[int, int, Fraction] | None:
        """The longest number starting at token ``i``: its first and last token, its value.

        Each word must go to a smaller place than the one before ("twenty-five",
        not "five twenty"); "hundred" and larger multipliers scale what came
        before; a fraction ends the number ("three quarters", "two and a half").
        """
        words, multipliers, fractions = self._words, self._multipliers, self._fractions
        count = len(tokens)
        first = i
        if tokens[i][2] in self._articles:
            if i + 1 >= count or not (
                tokens[i + 1][2] in multipliers or tokens[i + 1][2] in fractions
            ):
                return None
            i += 1
        total = current = Fraction(0)
        state = "start"
        last = i
        scale: Fraction | None = None
        while i < count:
            word = tokens[i][2]
            if word in words:
                value = words[word]
                kind = _place(value)
                if not (
                    (state in ("start", "hundred", "scale", "joined") and kind != "zero")
                    or (kind == "unit" and state == "tens")
                    or (kind == "zero" and state == "start" and first == i)
                ):
                    break
                current += value
                last, state = i, kind
                if kind == "zero":
                    break
            elif word in multipliers:
                factor = multipliers[word]
                if state in ("zero", "hundred", "scale", "joined"):
                    break
                if factor == 100:
                    if current >= 100:
                        break
                    current = (current or 1) * factor
                    last, state = i, "hundred"
                else:
                    if scale is not None and factor >= scale:
                        break
                    total += (current or 1) * factor
                    current, scale = Fraction(0), factor
                    last, state = i, "scale"
            elif word in fractions:
                if state == "start":
                    current = fractions[word]
                elif state in ("unit", "teen", "tens") and not total and current < 100:
                    current *= fractions[word]  # "three quarters"
                else:
                    break
                last, state = i, "fraction"
                break
            elif word in self._joiners and state in ("hundred", "scale", "unit", "teen", "tens"):
                after = tokens[i + 1][2] if i + 1 < count else ""
                if state in ("hundred", "scale") and after in words:
                    state = "joined"  # "one hundred and five"
                    i += 1
                    continue
                if (
                    after in self._articles
                    and i + 2 < count
                    and tokens[i + 2][2] in fractions
                    and not total
                    and current < 100
                ):
                    current += fractions[tokens[i + 2][2]]  # "two and a half"
                    last, state = i + 2, "fraction"
                break
            else:
                break
            i += 1
        if state == "start":
            return None
        return first, last, total + current

    # Quantities ----------------------------------------------------------------

    def _unit_after(self, lowered: str, pos: int) -> _Unit | None:
        """The unit written at ``pos``: "mg", "mg/kg", "times a week", "mg daily"."""
        match = self._unit_re.match(lowered, pos)
        if match is None:
            return None
        unit = self._units.get(_norm(match.group("unit")))
        if unit is None:
            return None
        end = match.end()
        parts = [unit]
        while self._per_re is not None:
            per = self._per_re.match(lowered, end)
            other = self._units.get(_norm(per.group("unit"))) if per else None
            if per is None or other is None:
                break
            parts.append(other)
            end = per.end()
        if len(parts) == 1 and self._per_word_re is not None:
            word = self._per_word_re.match(lowered, end)
            if word is not None and _norm(word.group("w")) in self._per_words:
                parts.append(self._per_words[_norm(word.group("w"))])
                end = word.end()
        return _Unit("/".join(parts), end)

    def _postfix_after(self, lowered: str, pos: int) -> tuple[str, int, int] | None:
        """A comparator written after a number or its unit ("or more"): id, start, end."""
        match = self._postfix_re.match(lowered, pos) if self._postfix_re else None
        comparator = self._comparator_after.get(_norm(match.group("p"))) if match else None
        if match is None or comparator is None:
            return None
        return comparator, match.start("p"), match.end()

    def _joined(self, lowered: str, first: _Core, second: _Core) -> str | None:
        """How two numbers are joined: ``"range"``, ``"list"`` or ``None``."""
        if second.start - first.end > _MAX_GAP or second.prefix.start != second.start:
            return None
        between = first.prefix.between
        if between is not None:
            pattern = self._range_between_re.get(between)
            if pattern is not None and pattern.fullmatch(lowered, first.end, second.start):
                return "range"
        if self._range_re.fullmatch(lowered, first.end, second.start):
            return "range"
        if self._list_re is not None and self._list_re.fullmatch(lowered, first.end, second.start):
            return "list"
        return None

    def _cores(
        self,
        lowered: str,
        text: str,
        numbers: Sequence[int],
        prefixes: Mapping[int, tuple[int, str]],
    ) -> tuple[list[_Core], set[int]]:
        """Every number in text order with its prefix, and the prefix hits used (by end)."""
        found: list[tuple[int, int, str, bool]] = [
            (start, end, value, False) for start, end, value in self._digit_cores(lowered, text)
        ]
        run_end = -1
        for start in numbers:
            if start < run_end or (start and lowered[start - 1] in _HYPHEN_CHARS):
                continue  # inside the last run, or glued to a word ("COVID-nineteen")
            cores, run_end = self._word_cores(lowered, start)
            found.extend(cores)
        found.sort()
        cores_out: list[_Core] = []
        used: set[int] = set()
        last_end = -1
        for start, end, value, weak in found:
            if start < last_end:
                continue  # the "million" of "1.5 million"
            prefix, hits = self._prefix(lowered, start, prefixes)
            used.update(hits)
            cores_out.append(_Core(start, end, value, weak, prefix))
            last_end = end
        return cores_out, used

    def _quantities(
        self, lowered: str, text: str, cores: Sequence[_Core]
    ) -> tuple[list[Quantity], list[Span]]:
        """The quantities, and the weak number words not counted.

        ``lowered`` is ``text`` lower-cased with its citation markers blanked
        out; what is written is taken from ``text``.
        """
        quantities: list[Quantity] = []
        loose: list[Span] = []

        def add(core: _Core, unit: str | None, comparator: str | None, span: Span) -> None:
            written = text[span.start : span.end]
            quantities.append(
                Quantity(core.value, unit, comparator, core.prefix.approximate, written, span)
            )

        i = 0
        while i < len(cores):
            core = cores[i]
            prefix = core.prefix
            unit = self._unit_after(lowered, core.end)
            postfix = self._postfix_after(lowered, unit.end if unit else core.end)
            if postfix is not None and unit is None:
                unit = self._unit_after(lowered, postfix[2])
            second = cores[i + 1] if i + 1 < len(cores) else None
            joined = None
            if unit is None and postfix is None and second is not None:
                joined = self._joined(lowered, core, second)
            if joined is not None and second is not None:
                unit2 = self._unit_after(lowered, second.end)
                end = unit2.end if unit2 else second.end
                unit_id = unit2.unit if unit2 else None
                if joined == "range":  # the prefix and the unit apply to both ends
                    span = Span(prefix.start, end)
                    add(core, unit_id, prefix.comparator, span)
                    add(_Core(*_fields(second, prefix)), unit_id, prefix.comparator, span)
                else:  # "6 or 12 months": the unit applies to both
                    add(core, unit_id, prefix.comparator, Span(prefix.start, core.end))
                    add(second, unit_id, None, Span(second.start, end))
                i += 2
                continue
            comparator = prefix.comparator
            end = unit.end if unit else core.end
            if postfix is not None:
                comparator = comparator or postfix[0]
                end = max(end, postfix[2])
            if core.weak and unit is None and comparator is None:
                loose.append(Span(core.start, core.end))
            else:
                add(core, unit.unit if unit else None, comparator, Span(prefix.start, end))
            i += 1
        return quantities, loose

    # Cues ----------------------------------------------------------------------

    def _kinds(self, word: str) -> tuple[str, ...]:
        """The kinds a cue stands for: "can't" is a possibility and a negation."""
        kinds = self._cue_kinds.get(word)
        if kinds is not None:
            return kinds
        for suffix, meaning in self._suffixes:
            if word.endswith(suffix):
                stem = self._cue_kinds.get(word[: -len(suffix)], ())
                return tuple(dict.fromkeys((*stem, *self._cue_kinds.get(meaning, ()))))
        return ()

    def _cue(self, lowered: str, text: str, start: int, end: int, out: list[Cue]) -> None:
        """Add the cues of the word at ``start:end``, unless it is a month in a date."""
        word = text[start:end]
        if word in self._months and (
            self._date_after_re.match(lowered, end)
            or self._date_before_re.search(lowered, max(0, start - 8), start)
        ):
            return  # "May 2018"
        span = Span(start, end)
        out.extend(Cue(kind, word, span) for kind in self._kinds(_norm(word)))

    def _contractions(self, lowered: str, text: str, out: list[Cue]) -> None:
        """Add the regular contractions ("shouldn't", "you'll"), found from their apostrophes."""
        if self._contraction_re is None:
            return
        seen = -1
        for apostrophe in _APOSTROPHE_RE.finditer(lowered):
            start = apostrophe.start()
            limit = max(0, start - 40)
            while start > limit and lowered[start - 1].isalpha():
                start -= 1
            if start <= seen:
                continue
            match = self._contraction_re.match(lowered, start)
            if match is not None and _norm(match.group()) not in self._cue_kinds:
                seen = start
                self._cue(lowered, text, start, match.end(), out)

    # A whole text ----------------------------------------------------------------

    def analyse(self, text: str) -> tuple[Facts, tuple[Span, ...]]:
        """The facts of ``text``, and its weak number words that were not counted."""
        lowered = _lower(text)
        if "[" in lowered:
            lowered = CITATION_RE.sub(lambda m: " " * len(m.group()), lowered)
        numbers: list[int] = []
        prefixes: dict[int, tuple[int, str]] = {}
        words: list[tuple[int, int, str, tuple[str, ...]]] = []
        for match in self._scan_re.finditer(lowered):
            phrase = match.group()
            roles = self._roles.get(phrase)
            if roles is None:
                phrase = _norm(phrase)
                roles = self._roles.get(phrase, ())
            start, end = match.span()
            if start > 1 and lowered[start - 1] in "'’" and lowered[start - 2].isalnum():
                continue  # the "t" of "don't"
            if "number" in roles:
                numbers.append(start)
            if "prefix" in roles:
                prefixes[end] = (start, phrase)
            if "cue" in roles or "prefix" in roles:
                words.append((start, end, phrase, roles))
        cores, used = self._cores(lowered, text, numbers, prefixes)
        quantities, loose = self._quantities(lowered, text, cores)
        cues: list[Cue] = []
        for start, end, _phrase, roles in words:
            if "prefix" not in roles:
                self._cue(lowered, text, start, end, cues)
            elif end not in used:  # "no more than" not before a number: read its cues
                if "cue" in roles:
                    self._cue(lowered, text, start, end, cues)
                else:
                    for match in self._cue_re.finditer(lowered, start, end):
                        self._cue(lowered, text, match.start(), match.end(), cues)
        if "'" in lowered or "’" in lowered:
            self._contractions(lowered, text, cues)
            cues.sort(key=lambda cue: cue.span.start)
        negations = tuple(c for c in cues if c.kind == "negation")
        certainty = tuple(c for c in cues if c.kind == "certainty")
        hedges = tuple(c for c in cues if c.kind not in _RESERVED_KINDS)
        return Facts(tuple(quantities), negations, hedges, certainty), tuple(loose)


def _place(value: Fraction) -> str:
    """A number word's place in a compound: ``zero``, ``unit`` (1-9), ``teen`` (10-19), ``tens``."""
    if value == 0:
        return "zero"
    if value < 10:
        return "unit"
    return "teen" if value < 20 else "tens"


def _fields(core: _Core, prefix: _Prefix) -> tuple[int, int, str, bool, _Prefix]:
    """``core``'s fields with another prefix (the range's, for its second end)."""
    return core.start, core.end, core.value, core.weak, prefix


@functools.cache
def guard_language(code: str) -> GuardLanguage:
    """The guard's word lists for ``code`` (``"en"``), read once per process.

    Raises :class:`UnknownLanguageError` for a language without a file and
    :class:`ReaderlevelError` if the file is malformed.
    """
    folder = resources.files("readerlevel.data").joinpath("guard")
    known = tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))
    if code not in known:
        raise UnknownLanguageError(code, "guard", known)
    name = f"{code}.yaml"
    raw = folder.joinpath(name).read_text(encoding="utf-8")
    where = f"readerlevel/data/guard/{name}"
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise ReaderlevelError(f"{where}: not valid YAML: {error}") from None
    return GuardLanguage(code, data, source=where)


def extract(text: str, lang: GuardLanguage) -> Facts:
    """The quantities, negations, hedges and certainty words of ``text``, in text order."""
    return lang.analyse(text)[0]


# Comparing ----------------------------------------------------------------------


def _align(left: Sequence[str], right: Sequence[str]) -> tuple[list[int], list[int]]:
    """The indexes left unpaired when equal keys are paired, in text order where possible.

    The longest runs in the same order are paired first (so the one inserted
    or dropped item is the one reported, not the last of its kind), then any
    equal keys left over, first with first.
    """
    if left == right:
        return [], []
    paired_left: set[int] = set()
    paired_right: set[int] = set()
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for block in matcher.get_matching_blocks():
        paired_left.update(range(block.a, block.a + block.size))
        paired_right.update(range(block.b, block.b + block.size))
    waiting: dict[str, list[int]] = {}
    for j, key in enumerate(right):
        if j not in paired_right:
            waiting.setdefault(key, []).append(j)
    rest_left = []
    for i, key in enumerate(left):
        if i in paired_left:
            continue
        if waiting.get(key):
            paired_right.add(waiting[key].pop(0))
        else:
            rest_left.append(i)
    return rest_left, [j for j in range(len(right)) if j not in paired_right]


def _context(text: str, span: Span) -> str:
    """The words either side of ``span``, lower-cased: what tells equal items apart."""
    before = _WORD_BEFORE_RE.search(text, max(0, span.start - 40), span.start)
    after = _WORD_AFTER_RE.match(text, span.end, span.end + 40)
    return f"{before.group(1).lower() if before else ''}|{after.group(1).lower() if after else ''}"


def _leftovers(
    levels: Sequence[tuple[Sequence[str], Sequence[str]]], sizes: tuple[int, int]
) -> tuple[list[int], list[int]]:
    """The indexes of each side left unpaired after pairing by each level of keys in turn."""
    left, right = list(range(sizes[0])), list(range(sizes[1]))
    for left_keys, right_keys in levels:
        if not left or not right:
            break
        rest_left, rest_right = _align([left_keys[i] for i in left], [right_keys[j] for j in right])
        left, right = [left[i] for i in rest_left], [right[j] for j in rest_right]
    return left, right


def _unpaired(
    canonical: Sequence[Cue], variant: Sequence[Cue], texts: tuple[str, str]
) -> tuple[list[Cue], list[Cue]]:
    """The cues of each side left over: paired by word and context, by word, then in order."""
    words = [_norm(c.word) for c in canonical], [_norm(c.word) for c in variant]
    if words[0] == words[1]:
        return [], []
    contexts = (
        [f"{w}|{_context(texts[0], c.span)}" for w, c in zip(words[0], canonical, strict=True)],
        [f"{w}|{_context(texts[1], c.span)}" for w, c in zip(words[1], variant, strict=True)],
    )
    lost, added = _leftovers([contexts, words], (len(canonical), len(variant)))
    pairs = min(len(lost), len(added))
    return [canonical[i] for i in lost[pairs:]], [variant[j] for j in added[pairs:]]


def _unmatched(
    canonical: Sequence[Quantity], variant: Sequence[Quantity], texts: tuple[str, str]
) -> tuple[list[Quantity], list[Quantity]]:
    """The quantities of each side left over after pairing equal keys, then unitless ones.

    A canonical quantity without a unit pairs with a variant one of the same
    comparator and value whatever its unit ("5" and "5 mg").
    """
    keys = [q.key for q in canonical], [q.key for q in variant]
    if keys[0] == keys[1]:
        return [], []
    contexts = (
        [f"{k}|{_context(texts[0], q.span)}" for k, q in zip(keys[0], canonical, strict=True)],
        [f"{k}|{_context(texts[1], q.span)}" for k, q in zip(keys[1], variant, strict=True)],
    )
    lost, added = _leftovers([contexts, keys], (len(canonical), len(variant)))
    left = [canonical[i] for i in lost]
    right = [variant[j] for j in added]
    rest = []
    for quantity in left:
        for j, other in enumerate(right):
            if quantity.unit is None and (quantity.comparator, quantity.value) == (
                other.comparator,
                other.value,
            ):
                del right[j]
                break
        else:
            rest.append(quantity)
    return rest, right


def _without_ones(quantities: list[Quantity], ones: int) -> list[Quantity]:
    """``quantities`` without their first ``ones`` bare 1s (no unit, no comparator)."""
    kept = []
    for quantity in quantities:
        if ones and quantity.value == "1" and quantity.unit is None and not quantity.comparator:
            ones -= 1
        else:
            kept.append(quantity)
    return kept


Analysis = tuple[Facts, tuple[Span, ...]]


def compare(
    canonical: str,
    variant: str,
    lang: GuardLanguage,
    *,
    analyse: Callable[[str], Analysis] | None = None,
    variant_lang: GuardLanguage | None = None,
    variant_analyse: Callable[[str], Analysis] | None = None,
) -> tuple[Difference, ...]:
    """What ``variant`` lost or added against ``canonical``, in order of position.

    Differences in the canonical text (lost) come first, by their position
    there; then differences only in the variant (added), by their position in
    the variant. ``analyse`` may be given to reuse the analysis of texts seen
    before (a cached ``lang.analyse``); it must return what ``lang.analyse``
    returns.

    A translation is compared across languages: with ``variant_lang`` another
    language than ``lang``, each text is read with its own language's words
    (``variant_analyse`` is the cached reader of the variant's) and only
    quantities are compared. Units are language-neutral ids, so "25 %" matches
    "25 percent"; negations and hedges have no word-for-word counterpart
    across languages and are compared within a language only.
    """
    read = analyse if analyse is not None else lang.analyse
    other = variant_lang is not None and variant_lang.code != lang.code
    if other:
        assert variant_lang is not None
        read_variant = variant_analyse if variant_analyse is not None else variant_lang.analyse
    else:
        read_variant = read
    ours, our_ones = read(canonical)
    theirs, their_ones = read_variant(variant)
    found: list[tuple[tuple[int, int, int, int, int], Difference]] = []

    def add(check: str, item: str, c: Span | None, v: Span | None, why: str) -> None:
        side, where = (0, c) if c is not None else (1, v or Span(0, 0))
        order = (side, where.start, where.end, CHECKS.index(check), len(found))
        found.append((order, Difference(check, item, c, v, why)))

    texts = (canonical, variant)
    lost, added = _unmatched(ours.quantities, theirs.quantities, texts)
    # A bare "1" pairs with a "one" the other side did not count ("1 trial", "one trial").
    for quantity in _without_ones(lost, len(their_ones)):
        add(
            "number-lost",
            quantity.text,
            quantity.span,
            None,
            f"the canonical text says '{quantity.text}' (read as {quantity.reading}); "
            "the variant has no matching quantity",
        )
    for quantity in _without_ones(added, len(our_ones)):
        add(
            "number-added",
            quantity.text,
            None,
            quantity.span,
            f"the variant says '{quantity.text}' (read as {quantity.reading}); "
            "the canonical text has no matching quantity",
        )

    if other:
        found.sort(key=lambda pair: pair[0])
        return tuple(difference for _, difference in found)

    counts = f"{len(ours.negations)} in the canonical text, {len(theirs.negations)} in the variant"
    lost_cues, added_cues = _unpaired(ours.negations, theirs.negations, texts)
    for cue in lost_cues:
        add(
            "negation-lost",
            cue.word,
            cue.span,
            None,
            f"the canonical text negates with '{cue.word}'; the variant has fewer negations "
            f"({counts})",
        )
    for cue in added_cues:
        add(
            "negation-added",
            cue.word,
            None,
            cue.span,
            f"the variant negates with '{cue.word}'; the canonical text has fewer negations "
            f"({counts})",
        )

    hedge_lost = False
    for hedge_class in lang.hedge_classes:
        mine = [c for c in ours.hedges if c.kind == hedge_class]
        yours = [c for c in theirs.hedges if c.kind == hedge_class]
        for cue in _unpaired(mine, yours, texts)[0]:
            hedge_lost = True
            add(
                "hedge-lost",
                cue.word,
                cue.span,
                None,
                f"the canonical text hedges with '{cue.word}' ({hedge_class}); the variant has "
                f"fewer {hedge_class} words ({len(mine)} in the canonical text, "
                f"{len(yours)} in the variant)",
            )
    if hedge_lost:
        for cue in _unpaired(ours.certainty, theirs.certainty, texts)[1]:
            add(
                "certainty-added",
                cue.word,
                None,
                cue.span,
                f"the variant says '{cue.word}', a certainty word the canonical text lacks, "
                "where the canonical text hedged",
            )
    found.sort(key=lambda pair: pair[0])
    return tuple(difference for _, difference in found)
