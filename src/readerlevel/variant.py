"""The resolved variant: one article as one reader gets it.

Selection produces a :class:`Variant`; later stages transform it and the
renderers read it. Every text carries a :class:`Choice` saying where it came
from, so editors can see what was authored for the reader and what fell back.
Content hidden from the reader is absent here, so no output format built from a
variant can leak it.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from readerlevel.models import Reference, Review

__all__ = [
    "AudienceOption",
    "Change",
    "Choice",
    "SelectedBlock",
    "SelectedDisclaimer",
    "SelectedSection",
    "Source",
    "Variant",
]


class Source(str, Enum):
    """Why a text was chosen."""

    AUTHORED = "authored"
    """Written for this reader."""
    INHERITED = "inherited"
    """Written for another reader in this profile's fallback chain."""
    CANONICAL = "canonical"
    """The canonical text (no form authored for this reader or its fallbacks)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Model):
    """One change a rewrite rule made, with where it was and where it is."""

    start: int
    """Offset of the original span in :attr:`Choice.original`."""
    end: int
    new_start: int
    """Offset of the replacement in :attr:`Choice.text`."""
    new_end: int
    original: str
    replacement: str
    rule: str
    """The rule that made the change (``glossary``, ``abbreviations``, ``plain-words``, ...)."""
    entry: str | None = None
    """The glossary entry's term (or abbreviation's short form), if a glossary rule made it."""
    gloss: bool = False
    """The replacement keeps the original in parentheses ("lay term (technical term)")."""


class Choice(_Model):
    """One text field as chosen for the reader, with the reason."""

    text: str
    """The chosen text, after any rewriting."""
    source: Source
    audience: str | None = None
    """Whose form was used (``None`` for canonical text)."""
    path: str
    """Field path in the article, e.g. ``sections[2].blocks[0]``."""
    fell_back: bool = False
    """True when nothing was authored for this reader and the profile is not the
    canonical text's reader: editors may want to write a form for it."""
    original: str | None = None
    """The chosen text before rewriting; ``None`` when no rule changed it."""
    changes: tuple[Change, ...] = ()
    """Every change the rewrite rules made, in text order."""
    locale: str | None = None
    """The locale the chosen text is written in (CLDR form, ``es``); ``None``
    for texts made outside selection, which are in the variant's locale."""
    key: str = "text"
    """The form chosen, as keyed in the content (``patient@es``, ``text``)."""
    untranslated: bool = False
    """True when the text is not in the reader's language: no form was written
    in it, so another language's wording is shown (reported as coverage)."""


class SelectedBlock(_Model):
    """A visible block with its chosen text."""

    id: str | None
    kind: Literal["bullet", "paragraph"]
    text: Choice
    citations: tuple[int, ...]
    """Reference numbers cited in the chosen text, in order."""


class SelectedSection(_Model):
    """A visible section with its visible blocks."""

    id: str
    heading: Choice
    blocks: tuple[SelectedBlock, ...]


class SelectedDisclaimer(_Model):
    """A disclaimer as chosen for the reader."""

    id: str
    heading: Choice
    text: Choice


class AudienceOption(_Model):
    """An entry of the "Which best describes you?" selector."""

    name: str
    label: str
    description: str
    current: bool


class Variant(_Model):
    """The article as one reader gets it, ready to render."""

    article_id: str
    audience: str
    locale: str
    title: Choice
    summary_heading: Choice | None
    lead: Choice
    updated: dt.date
    review: Review | None
    review_board: str | None = None
    """The reviewing board's name in the reader's language."""
    notices: tuple[Choice, ...]
    editorial_policy: str | None
    sections: tuple[SelectedSection, ...]
    references: tuple[Reference, ...]
    """The references cited by the visible text, in reference-list order."""
    disclaimers: tuple[SelectedDisclaimer, ...]
    follow_up_heading: Choice | None
    follow_up_text: Choice | None
    follow_up_url: str | None
    audiences: tuple[AudienceOption, ...]
    """The selector's options, the current reader marked."""
    untranslated_ui: tuple[str, ...] = ()
    """Pack strings shown untranslated (``profiles.patient.label``, ``review.board``)."""
    resolution: tuple[str, ...] = ()
    """The form keys the resolver tried for each text, in order
    (``patient@es, text@es, patient, text``); each choice's ``key`` is one."""

    def choices(self) -> tuple[Choice, ...]:
        """Every chosen text of the variant, in document order."""
        out: list[Choice] = [self.title]
        if self.summary_heading is not None:
            out.append(self.summary_heading)
        out.append(self.lead)
        out.extend(self.notices)
        for section in self.sections:
            out.append(section.heading)
            out.extend(b.text for b in section.blocks)
        for disclaimer in self.disclaimers:
            out.extend((disclaimer.heading, disclaimer.text))
        if self.follow_up_heading is not None:
            out.append(self.follow_up_heading)
        if self.follow_up_text is not None:
            out.append(self.follow_up_text)
        return tuple(out)

    def with_choices(self, replace: dict[str, Choice]) -> Variant:
        """A copy with the choices at the given paths replaced."""

        def swap(choice: Choice) -> Choice:
            return replace.get(choice.path, choice)

        def swap_opt(choice: Choice | None) -> Choice | None:
            return None if choice is None else swap(choice)

        return self.model_copy(
            update={
                "title": swap(self.title),
                "summary_heading": swap_opt(self.summary_heading),
                "lead": swap(self.lead),
                "sections": tuple(
                    s.model_copy(
                        update={
                            "heading": swap(s.heading),
                            "blocks": tuple(
                                b.model_copy(update={"text": swap(b.text)}) for b in s.blocks
                            ),
                        }
                    )
                    for s in self.sections
                ),
                "follow_up_heading": swap_opt(self.follow_up_heading),
                "follow_up_text": swap_opt(self.follow_up_text),
            }
        )

    def content_choices(self) -> tuple[Choice, ...]:
        """The article's own texts (not notices or disclaimers), in document order."""
        out: list[Choice] = [self.title]
        if self.summary_heading is not None:
            out.append(self.summary_heading)
        out.append(self.lead)
        for section in self.sections:
            out.append(section.heading)
            out.extend(b.text for b in section.blocks)
        if self.follow_up_heading is not None:
            out.append(self.follow_up_heading)
        if self.follow_up_text is not None:
            out.append(self.follow_up_text)
        return tuple(out)

    @property
    def rewritten(self) -> tuple[Choice, ...]:
        """The texts a rewrite rule changed."""
        return tuple(c for c in self.choices() if c.changes)

    @property
    def fallbacks(self) -> tuple[Choice, ...]:
        """The texts that fell back (inherited or canonical for a lay reader)."""
        return tuple(c for c in self.choices() if c.fell_back)

    @property
    def untranslated(self) -> tuple[Choice, ...]:
        """The texts shown in another language than the reader's."""
        return tuple(c for c in self.choices() if c.untranslated)

    def language_of(self, choice: Choice) -> str:
        """The locale ``choice``'s text is written in (the variant's when unrecorded)."""
        return choice.locale or self.locale
