"""Template filters: citations, escaping for Markdown, wrapping for plain text."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from markupsafe import Markup, escape

from readerlevel.markers import split_citations
from readerlevel.models import Reference
from readerlevel.variant import Change, Choice

__all__ = [
    "Run",
    "bcp47",
    "groupby_run",
    "html_text",
    "md_escape",
    "md_reference",
    "md_text",
    "one_line",
    "segments",
    "text_reference",
    "wrap",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!{}$])")
_SPACES = re.compile(r"\s*\n\s*")


def bcp47(locale: str | None) -> str:
    """A CLDR locale id as an HTML ``lang`` value: ``es_MX`` → ``es-MX``."""
    return (locale or "").replace("_", "-")


def html_text(choice: Choice, mark: bool, gettext: Callable[[str], str]) -> Markup:
    """A chosen text as escaped HTML, its citations linked and its changes marked.

    Citation markers become linked superscripts, rewritten spans are marked
    (with ``mark``), and an untranslated text is wrapped in a ``lang`` span.
    One Python pass per text instead of a Jinja macro's loops; ``gettext`` is the
    page language's, for the references' accessible names.
    """
    out: list[str] = []
    other = bcp47(choice.locale) if choice.untranslated else None
    if other:
        out.append(f'<span lang="{escape(other)}">')
    label = gettext("Reference %(num)s")
    for seg in segments(choice, mark):
        if seg.is_citation:
            links = ", ".join(
                f'<a href="#ref-{n}" aria-label="{Markup(label) % {"num": n}}">{n}</a>'
                for n in seg.refs
            )
            out.append(f'<sup class="rl-cite">{links}</sup>')
        elif seg.change is not None:
            out.append(
                f'<span class="rl-term" title="{escape(seg.change.original)}" '
                f'data-rule="{escape(seg.change.rule)}">{escape(seg.text)}</span>'
            )
        else:
            out.append(str(escape(seg.text)))
    if other:
        out.append("</span>")
    return Markup("".join(out))


def one_line(text: str) -> str:
    """Collapse line breaks (from folded YAML) into single spaces."""
    return _SPACES.sub(" ", text.strip())


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a text for templates: plain, a citation marker, or a rewritten span."""

    text: str
    refs: tuple[int, ...] = ()
    change: Change | None = None

    @property
    def is_citation(self) -> bool:
        """Whether this run is a citation marker."""
        return bool(self.refs)


def segments(text: str | Choice, mark: bool = False) -> tuple[Run, ...]:
    """Split a text into plain runs, citation markers and (with ``mark``) rewritten spans.

    Spaces before a marker are dropped: the marker becomes a superscript that
    sits against the preceding word or punctuation. Line breaks from folded
    YAML become spaces.
    """
    value = text.text if isinstance(text, Choice) else text
    changes = text.changes if isinstance(text, Choice) and mark else ()
    pieces: list[Run] = []
    pos = 0
    for change in changes:
        pieces.extend(_citation_runs(value[pos : change.new_start]))
        pieces.append(Run(one_line(value[change.new_start : change.new_end]), change=change))
        pos = change.new_end
    pieces.extend(_citation_runs(value[pos:]))
    if pieces and not pieces[0].is_citation and pieces[0].change is None:
        pieces[0] = Run(pieces[0].text.lstrip())
    if pieces and not pieces[-1].is_citation and pieces[-1].change is None:
        pieces[-1] = Run(pieces[-1].text.rstrip())
    out: list[Run] = []
    for index, run in enumerate(pieces):
        follows = index + 1 < len(pieces) and pieces[index + 1].is_citation
        if follows and run.change is None and not run.is_citation:
            run = Run(run.text.rstrip())
        if run.text:
            out.append(run)
    return tuple(out)


def _citation_runs(text: str) -> list[Run]:
    return [
        Run(seg.text, seg.refs) if seg.is_citation else Run(_SPACES.sub(" ", seg.text))
        for seg in split_citations(text)
    ]


def md_escape(text: str) -> str:
    """Escape ``text`` for Markdown so that it is shown as written.

    Every character that could start markup, a link, raw HTML or an entity is
    backslash-escaped, and line starts that would begin a list, quote or
    heading are neutralised.
    """
    out = _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text))
    out = re.sub(r"^(\d+)([.)])", r"\1\\\2", out)
    if out[:1] in ("-", "+", "="):
        out = "\\" + out
    return out


def md_text(text: str | Choice) -> str:
    """A text as escaped Markdown, citation markers as superscript links."""
    parts: list[str] = []
    for seg in segments(text):
        if seg.is_citation:
            links = ", ".join(f"[{n}](#ref-{n})" for n in seg.refs)
            parts.append(f"<sup>{links}</sup>")
        else:
            parts.append(md_escape(seg.text) if seg.text.strip() else seg.text)
    return "".join(parts)


def _reference_parts(ref: Reference) -> list[str]:
    parts: list[str] = []
    if ref.authors:
        parts.append(", ".join(ref.authors))
    for value in (ref.title, ref.source):
        if value:
            parts.append(value)
    if ref.year:
        parts.append(str(ref.year))
    return parts


def md_reference(ref: Reference) -> str:
    """A reference list entry in Markdown ("" for a bare number; templates label it)."""
    parts = [md_escape(p) for p in _reference_parts(ref)]
    text = ". ".join(parts) + "." if parts else ""
    if ref.link:
        label = f"doi:{ref.doi}" if ref.doi else ref.link
        text = f"{text} [{md_escape(label)}](<{ref.link}>)".strip()
    return text


def text_reference(ref: Reference) -> str:
    """A reference list entry in plain text ("" for a bare number; templates label it)."""
    parts = _reference_parts(ref)
    text = ". ".join(parts) + "." if parts else ""
    if ref.link:
        text = f"{text} {ref.link}".strip()
    return text


def wrap(text: str | Choice, width: int = 78, bullet: str = "") -> str:
    """Fill a text to ``width`` columns, with a hanging indent after ``bullet``."""
    value = one_line(text.text if isinstance(text, Choice) else text)
    return textwrap.fill(
        value,
        width=width,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    )


def groupby_run(items: Iterable[Any], attribute: str) -> Iterator[tuple[Any, list[Any]]]:
    """Group consecutive items with the same attribute (bullets into one list)."""
    for key, run in groupby(items, key=lambda item: getattr(item, attribute)):
        yield key, list(run)
