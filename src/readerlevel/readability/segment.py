"""Health-aware segmentation: a variant split the way a reader reads it.

textstat splits sentences only at ``. ! ?``: "0.73", "Dr." and "U.S." end
sentences, while a heading or a bullet without a final full stop runs into
the next one. Here every heading, bullet and paragraph is a unit of its own,
and inside a unit a sentence ends at ``. ! ?`` only when

- whitespace (or the end of the unit) follows, after any closing quotes or
  brackets and any citation markers (``[1]``, ``[2, 3]``) — so decimals
  ("0.73") and dotted abbreviations ("U.S.") never end one;
- the word before a full stop is not a known abbreviation ("Dr.", "e.g.",
  "vs.", "et al."), a single initial, or a unit of measure after a number
  ("200 mg. daily");
- the next word does not start with a lower-case letter (a lower-case word
  continues the sentence).

Citation markers are removed before words are counted: they are not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

from readerlevel.markers import CITATION_RE
from readerlevel.variant import Choice, Variant

__all__ = ["UNIT_KINDS", "Unit", "UnitKind", "split_sentences", "strip_markers", "units"]

UnitKind = Literal[
    "title", "heading", "lead", "paragraph", "bullet", "notice", "disclaimer", "follow_up",
    "reference",
]  # fmt: skip
"""What a unit of text is; profiles exclude kinds from scoring."""
UNIT_KINDS: tuple[str, ...] = get_args(UnitKind)

# A full stop after one of these (case-insensitive) never ends a sentence.
_ABBREVIATIONS = frozenset(
    """
    dr drs mr mrs ms prof st sr jr rev gen col lt sgt capt
    e.g eg i.e ie vs v cf ca approx est etc al et fig figs no nos vol pp p ch sec
    ref refs dept univ inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k e.u u.n a.m p.m b.i.d t.i.d q.i.d q.d p.o i.v i.m s.c
    """.split()
)
# Units of measure: a full stop after one of these, following a number, is the unit's.
_UNITS = frozenset(
    """
    mg mcg µg ug g kg lb lbs oz ml l dl mmol mol iu u mm cm m km in ft
    min mins sec secs hr hrs h wk wks mo mos yr yrs mmhg bpm
    """.split()
)
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?]+)(?P<close>[\"'”’)\]]*)(?P<markers>(?:\s*"
    + CITATION_RE.pattern
    + r")*)(?P<space>\s+|$)"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*$")
_STARTS_SENTENCE = re.compile(r"[\"'“‘(\[]*[\d\w]")


def strip_markers(text: str) -> str:
    """``text`` without citation markers (they are not words)."""
    return CITATION_RE.sub(" ", text)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    rest = text[match.end() :]
    if not rest.strip():
        return True
    start = _STARTS_SENTENCE.match(rest)
    if start is None:
        return True
    first = start.group(0)[-1]
    if first.islower():
        return False
    if match.group("stop") != ".":
        return True
    before = text[: match.start()]
    word = _WORD_BEFORE.search(before)
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "J. Smith"
    head = before[: word.start()]
    return not (token in _UNITS and _NUMBER_BEFORE.search(head))


def split_sentences(text: str) -> list[str]:
    """The sentences of one unit, markers kept with the sentence they follow."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.end() <= start:
            continue
        if _ends_sentence(text, match):
            sentence = text[start : match.end()].strip()
            if sentence:
                out.append(sentence)
            start = match.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass(frozen=True)
class Unit:
    """One heading, bullet, paragraph or other text unit of a variant."""

    path: str
    """Field path in the article (``sections[1].blocks[0]``) or the variant part."""
    kind: UnitKind
    text: str
    section: str | None = None
    """The id of the section the unit belongs to."""
    untranslated: bool = False
    """The text is in another language than the variant's (not scored)."""


def _reference_text(ref_id: int, authors: tuple[str, ...], *parts: object) -> str:
    body = ". ".join(str(p) for p in (", ".join(authors) if authors else None, *parts) if p)
    return f"[{ref_id}] {body}".strip()


def units(variant: Variant) -> Iterator[Unit]:
    """Every text unit of ``variant`` in reading order."""

    def unit(choice: Choice, kind: UnitKind, section: str | None = None) -> Unit:
        return Unit(choice.path, kind, choice.text, section, choice.untranslated)

    yield unit(variant.title, "title")
    for notice in variant.notices:
        yield unit(notice, "notice")
    if variant.summary_heading is not None:
        yield unit(variant.summary_heading, "heading")
    yield unit(variant.lead, "lead")
    for section in variant.sections:
        yield unit(section.heading, "heading", section.id)
        for block in section.blocks:
            yield unit(block.text, block.kind, section.id)
    if variant.follow_up_heading is not None:
        yield unit(variant.follow_up_heading, "heading")
    if variant.follow_up_text is not None:
        yield unit(variant.follow_up_text, "follow_up")
    for disclaimer in variant.disclaimers:
        yield unit(disclaimer.heading, "disclaimer")
        yield unit(disclaimer.text, "disclaimer")
    for index, ref in enumerate(variant.references):
        text = _reference_text(ref.id, ref.authors, ref.title, ref.source, ref.year)
        yield Unit(f"references[{index}]", "reference", text)
