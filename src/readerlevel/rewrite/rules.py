"""Rewrite rules and the named chain they run in.

A rule is any callable ``(draft, context) -> draft``. The built-in rules are
deterministic: ``abbreviations`` (short forms and "long form (SHORT)"),
``glossary`` (technical terms) and ``plain-words`` (everyday swaps). A
:class:`RuleChain` orders them by name and lets a user enable, disable, insert
or replace rules, as markdown-it-py's ``Ruler`` does for parsing rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from readerlevel.models import Text
from readerlevel.profiles import Terminology
from readerlevel.rewrite.draft import Draft, Edit
from readerlevel.rewrite.glossary import Abbreviation, Entry, Glossary
from readerlevel.rewrite.inflect import plural
from readerlevel.rewrite.matcher import TermMatcher

__all__ = [
    "AbbreviationRule",
    "RewriteContext",
    "Rule",
    "RuleChain",
    "TermRule",
    "default_chain",
]

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of",
     "on", "or", "over", "per", "the", "to", "up", "via", "with"}
)  # fmt: skip


@dataclass
class RewriteContext:
    """What rules need to know about the reader; one per rewritten article.

    ``first_use`` records the glossary entries already explained in this
    article, so "lay term (technical term)" appears only on first use. It is
    the only mutable state, and it lives for one call.
    """

    audience: str
    chain: tuple[str, ...]
    """The reader's fallback chain, used to pick per-audience lay forms."""
    mode: Terminology
    first_use: set[str] = field(default_factory=set)

    def lay(self, text: Text) -> str:
        """The lay form for this reader: the first authored form along the chain."""
        for name in self.chain:
            form = text.form(name)
            if form is not None:
                return form
        return text.text


class Rule(Protocol):
    """A rewrite rule: returns the draft with its edits applied."""

    def __call__(self, draft: Draft, context: RewriteContext) -> Draft:
        """Return ``draft`` with this rule's edits applied."""
        ...


def _title(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        w if (i and w.lower() in _SMALL_WORDS) or not w else _title_word(w)
        for i, w in enumerate(words)
    )


def is_title_case(text: str) -> bool:
    """Whether ``text`` is written in Title Case (every major word capitalised)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’]*", text) if w.lower() not in _SMALL_WORDS]
    return len(words) > 1 and all(w[0].isupper() for w in words)


_ARTICLE = re.compile(r"(?:^|(?<=[^\w'’-]))(an?|An?|AN?) $")
_AN_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "uti", "uro", "ura", "ure", "uri", "eu", "one", "once", "ewe")


def needs_an(phrase: str) -> bool:
    """Whether ``phrase`` takes "an" (begins with a vowel sound), by spelling."""
    word = re.split(r"[\s-]", phrase.strip(), maxsplit=1)[0] if phrase.strip() else ""
    if not word:
        return False
    if len(word) > 1 and word.isupper():  # an acronym is read letter by letter
        return word[0] in "AEFHILMNORSX"
    lower = word.lower()
    if lower.startswith(_AN_EXCEPTIONS):
        return True
    if lower.startswith(_A_EXCEPTIONS):
        return False
    return lower[:1] in "aeiou"


def agree_articles(
    draft: Draft, text: str, spans: list[tuple[int, int, Any]], edits: list[Edit]
) -> list[Edit]:
    """Extend edits preceded by "a"/"an" to fix the article for the replacement.

    "an adverse event" becomes "a harmful side effect", not "an harmful side
    effect". Only articles in free text are changed.
    """
    out: list[Edit] = []
    for edit in edits:
        article = _ARTICLE.search(text, 0, edit.start) if not edit.keep else None
        if article is not None:
            word = article.group(1)
            wants_an = needs_an(edit.replacement)
            if (word.lower() == "an") != wants_an and draft.can_edit(
                article.start(1), edit.start, False, spans
            ):
                fixed = "an" if wants_an else "a"
                if word[0].isupper():
                    fixed = (
                        fixed.upper() if word.isupper() and len(word) > 1 else fixed.capitalize()
                    )
                edit = replace(
                    edit,
                    start=article.start(1),
                    replacement=f"{fixed} {edit.replacement}",
                    allow_protected=edit.allow_protected,
                )
        out.append(edit)
    return out


_POSSESSIVE = re.compile(r"['’]s?\b")


def _title_word(word: str) -> str:
    parts = word.split("-")
    return "-".join(
        p if i and p.lower() in _SMALL_WORDS else p[:1].upper() + p[1:] for i, p in enumerate(parts)
    )


_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[:;]\s*\n\s*)[\"'“‘(\[]*$")


def at_sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` begins a sentence (text start, or after . ! ?)."""
    return _SENTENCE_START.search(text, 0, position) is not None


def match_case(
    replacement: str, source: str, term: str, title: bool, sentence_start: bool = False
) -> str:
    """Give ``replacement`` the case the source used where it carries meaning.

    All capitals stay all capitals; in a Title Case heading (``title``) the
    replacement is title-cased; a capital first letter that the glossary term
    does not have carries over, and so does a sentence start. Acronyms inside
    the replacement are left as written.
    """
    if not replacement:
        return replacement
    if source.isupper() and len(source) > 1 and not term.isupper():
        return replacement.upper()
    if title:
        return _title(replacement)
    if source[:1].isupper() and (sentence_start or not term[:1].isupper()):
        return replacement[0].upper() + replacement[1:]
    return replacement


def _as_written(source: str, term: str) -> str:
    """The source form for a gloss, in the term's own case.

    Capitals that only marked a sentence start or a Title Case heading are
    dropped (``Knee Osteoarthritis`` → ``knee osteoarthritis``); a term with
    capitals of its own, or a source in all capitals, is kept as written.
    """
    if any(c.isupper() for c in term) or source.isupper():
        return source
    return source.lower()


@dataclass(frozen=True)
class _Form:
    entry: Entry
    lay: Text
    has_number: bool
    keep: bool = False
    """An already-plain form (a lay phrase or a gloss): recognised and left alone,
    so rewriting rewritten text changes nothing."""


class TermRule:
    """Replace glossary terms with lay terms according to the reader's mode.

    - ``lay``: the lay term;
    - ``lay_gloss``: "lay term (technical term)" on first use, then the lay term;
    - ``definition``: "term (definition)" on first use where the entry has a
      definition (later uses keep the term), otherwise as ``lay_gloss``;
    - ``technical``: no change.

    Terms containing a number (``IL-6``) are always glossed, never replaced, so
    the number stays in the text. With ``gloss=False`` (plain-word swaps) the
    rule always replaces and never glosses.
    """

    def __init__(
        self, name: str, entries: list[Entry], *, gloss: bool = True, language: str = "en"
    ) -> None:
        self.name = name
        self.gloss = gloss
        self.language = language
        forms: dict[str, _Form] = {}
        exact: list[str] = []
        for entry in entries:
            for surface, lay in entry.forms(language):
                forms[surface] = _Form(entry, lay, any(c.isdigit() for c in surface))
                if entry.case_sensitive:
                    exact.append(surface)
        plain: dict[str, _Form] = {}
        for entry in entries:
            for surface, lay in entry.forms(language):
                for phrase in sorted({lay.text, *lay.forms.values()}):
                    plain.setdefault(phrase, _Form(entry, lay, True, keep=True))
                    plain.setdefault(f"{phrase} ({surface})", _Form(entry, lay, True, keep=True))
                if entry.definition:
                    taught = f"{surface} ({entry.definition})"
                    plain.setdefault(taught, _Form(entry, lay, True, keep=True))
        # Already-plain phrases are recognised in any case: keeping them changes nothing.
        for phrase, form in plain.items():
            if phrase not in forms and phrase[:1].isalnum():
                forms[phrase] = form
        self.matcher: TermMatcher[_Form] = TermMatcher(forms, exact)

    def __call__(self, draft: Draft, context: RewriteContext) -> Draft:
        """Replace or gloss every term found in the free text of ``draft``."""
        if context.mode == "technical":
            return draft
        text = draft.text
        spans = draft.spans()
        english = self.language == "en"
        title = english and draft.heading and is_title_case(draft.original)
        edits: list[Edit] = []
        for match in self.matcher.find(text):
            form = match.value
            if not draft.can_edit(match.start, match.end, form.has_number, spans):
                continue
            if form.keep:
                context.first_use.add(form.entry.key)
                edits.append(
                    Edit(
                        match.start,
                        match.end,
                        text[match.start : match.end],
                        self.name,
                        keep=True,
                        allow_protected=True,
                    )
                )
                continue
            source = text[match.start : match.end]
            possessive = _POSSESSIVE.match(text, match.end) is not None
            start = at_sentence_start(text, match.start)
            replacement, gloss = self._replacement(form, source, title, start, possessive, context)
            context.first_use.add(form.entry.key)
            if replacement is None:
                continue
            edits.append(
                Edit(match.start, match.end, replacement, self.name, form.entry.term, gloss, gloss)
            )
        return draft.apply(agree_articles(draft, text, spans, edits) if english else edits)

    def _replacement(
        self,
        form: _Form,
        source: str,
        title: bool,
        sentence_start: bool,
        possessive: bool,
        context: RewriteContext,
    ) -> tuple[str | None, bool]:
        entry = form.entry
        lay = match_case(context.lay(form.lay), source, entry.term, title, sentence_start)
        if not self.gloss:
            return (None, False) if form.has_number else (lay, False)
        if possessive and not form.has_number:
            # "lay (term)'s" reads badly: a possessive takes the plain replacement.
            return lay, False
        first = entry.key not in context.first_use
        written = _as_written(source, entry.term)
        if context.mode == "definition" and entry.definition:
            if not first:
                return None, False
            return f"{source} ({entry.definition})", True
        if form.has_number:
            return f"{lay} ({written})", True
        if context.mode in ("lay_gloss", "definition") and first:
            return f"{lay} ({written})", True
        return lay, False


class AbbreviationRule:
    """Expand abbreviations for lay readers.

    "long form (SHORT)" and a bare "SHORT" both become the lay term of the long
    form when the glossary has one (glossed on first use in the ``lay_gloss``
    mode). Without a lay term, the first bare "SHORT" becomes "long form
    (SHORT)" and later ones stay as they are.
    """

    def __init__(self, name: str, glossary: Glossary) -> None:
        self.name = name
        self.glossary = glossary
        self.language = glossary.language
        forms: dict[str, tuple[Abbreviation, bool, bool]] = {}
        for located in glossary.abbreviations.values():
            abbreviation = located.item
            assert isinstance(abbreviation, Abbreviation)
            long_plural = _plural_of(abbreviation.long, glossary)
            for short, is_plural in abbreviation.short_forms():
                forms[short] = (abbreviation, is_plural, False)
                long = long_plural if is_plural else abbreviation.long
                forms[f"{long} ({short})"] = (abbreviation, is_plural, True)
                if not is_plural:
                    # "randomized controlled trials (RCT)": the plural long form, singular short.
                    forms.setdefault(f"{long_plural} ({short})", (abbreviation, True, True))
        self.matcher: TermMatcher[tuple[Abbreviation, bool, bool]] = TermMatcher(
            forms, [f for f, (_, _, paired) in forms.items() if not paired]
        )

    def __call__(self, draft: Draft, context: RewriteContext) -> Draft:
        """Expand or replace every abbreviation found in the free text of ``draft``."""
        if context.mode == "technical":
            return draft
        text = draft.text
        spans = draft.spans()
        english = self.language == "en"
        title = english and draft.heading and is_title_case(draft.original)
        edits: list[Edit] = []
        for match in self.matcher.find(text):
            if not draft.can_edit(match.start, match.end, False, spans):
                continue
            abbreviation, is_plural, paired = match.value
            source = text[match.start : match.end]
            entry = self.glossary.term(abbreviation.long)
            key = abbreviation.long.casefold()
            first = key not in context.first_use
            # A bare short form is capitalised by nature, not by its place in the sentence.
            case_of = abbreviation.long if paired else source
            start = at_sentence_start(text, match.start)
            possessive = _POSSESSIVE.match(text, match.end) is not None
            long = _plural_of(abbreviation.long, self.glossary) if is_plural else abbreviation.long
            glossed = context.mode in ("lay_gloss", "definition") and first and not possessive
            context.first_use.add(key)
            if entry is not None:
                # The long form has a lay term: the reader gets that, glossed on first use.
                lay_text = _lay_form(entry, is_plural, self.language)
                lay = match_case(context.lay(lay_text), source, case_of, title, start)
                replacement = f"{lay} ({long})" if glossed else lay
                edits.append(
                    Edit(
                        match.start, match.end, replacement, self.name, abbreviation.short, glossed
                    )
                )
            elif not paired and first and not possessive:
                # No lay term: spell the abbreviation out on its first bare use.
                long = match_case(long, source, source, title, start)
                edits.append(
                    Edit(
                        match.start,
                        match.end,
                        f"{long} ({source})",
                        self.name,
                        abbreviation.short,
                        True,
                    )
                )
        return draft.apply(agree_articles(draft, text, spans, edits) if english else edits)


def _lay_form(entry: Entry, is_plural: bool, language: str) -> Text:
    forms = entry.forms(language)
    if is_plural and len(forms) > 1:
        return forms[1][1]
    return forms[0][1]


def _plural_of(term: str, glossary: Glossary) -> str:
    entry = glossary.term(term)
    if entry is not None:
        forms = entry.forms(glossary.language)
        if len(forms) > 1:
            return forms[1][0]
    # Regular plurals are English rules; elsewhere the plural is authored or none.
    return plural(term) if glossary.language == "en" else term


@dataclass(frozen=True)
class _Slot:
    name: str
    rule: Rule
    enabled: bool = True


class RuleChain:
    """An ordered, named chain of rewrite rules; every method returns a new chain."""

    __slots__ = ("_slots",)

    def __init__(self, slots: tuple[_Slot, ...] = ()) -> None:
        names = [s.name for s in slots]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate rule names in {names}")
        self._slots = slots

    def __iter__(self) -> Iterator[tuple[str, Rule]]:
        """The enabled rules, in order."""
        return ((s.name, s.rule) for s in self._slots if s.enabled)

    def __repr__(self) -> str:
        return (
            "RuleChain(["
            + ", ".join(s.name + ("" if s.enabled else " (disabled)") for s in self._slots)
            + "])"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Every rule's name, enabled or not, in order."""
        return tuple(s.name for s in self._slots)

    @property
    def enabled(self) -> tuple[str, ...]:
        """The names of the enabled rules, in order."""
        return tuple(s.name for s in self._slots if s.enabled)

    def _index(self, name: str) -> int:
        for index, slot in enumerate(self._slots):
            if slot.name == name:
                return index
        raise KeyError(f"no rule named '{name}'; rules: {', '.join(self.names)}")

    def _set(self, name: str, enabled: bool) -> RuleChain:
        index = self._index(name)
        slot = self._slots[index]
        return RuleChain(
            (*self._slots[:index], _Slot(slot.name, slot.rule, enabled), *self._slots[index + 1 :])
        )

    def enable(self, name: str) -> RuleChain:
        """The chain with ``name`` enabled."""
        return self._set(name, True)

    def disable(self, name: str) -> RuleChain:
        """The chain with ``name`` disabled (kept in place, so it can be enabled again)."""
        return self._set(name, False)

    def only(self, names: tuple[str, ...]) -> RuleChain:
        """The chain with exactly ``names`` enabled, in the chain's order."""
        for name in names:
            self._index(name)
        return RuleChain(tuple(_Slot(s.name, s.rule, s.name in names) for s in self._slots))

    def append(self, name: str, rule: Rule) -> RuleChain:
        """The chain with ``rule`` added last."""
        return RuleChain((*self._slots, _Slot(name, rule)))

    def insert_before(self, anchor: str, name: str, rule: Rule) -> RuleChain:
        """The chain with ``rule`` inserted before the rule named ``anchor``."""
        index = self._index(anchor)
        return RuleChain((*self._slots[:index], _Slot(name, rule), *self._slots[index:]))

    def insert_after(self, anchor: str, name: str, rule: Rule) -> RuleChain:
        """The chain with ``rule`` inserted after the rule named ``anchor``."""
        index = self._index(anchor) + 1
        return RuleChain((*self._slots[:index], _Slot(name, rule), *self._slots[index:]))

    def replace(self, name: str, rule: Rule) -> RuleChain:
        """The chain with the rule named ``name`` replaced, in place."""
        index = self._index(name)
        slot = self._slots[index]
        return RuleChain(
            (*self._slots[:index], _Slot(name, rule, slot.enabled), *self._slots[index + 1 :])
        )


def default_chain(glossary: Glossary) -> RuleChain:
    """The built-in rules over ``glossary``: abbreviations, glossary, plain-words."""
    terms = [loc.item for loc in glossary.terms.values() if isinstance(loc.item, Entry)]
    plain = [loc.item for loc in glossary.plain_words.values() if isinstance(loc.item, Entry)]
    return RuleChain(
        (
            _Slot("abbreviations", AbbreviationRule("abbreviations", glossary)),
            _Slot("glossary", TermRule("glossary", terms, language=glossary.language)),
            _Slot(
                "plain-words",
                TermRule("plain-words", plain, gloss=False, language=glossary.language),
            ),
        )
    )
