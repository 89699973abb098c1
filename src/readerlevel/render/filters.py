"""Template filters: citations, escaping for Markdown, wrapping for plain text."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from readerlevel.markers import Segment, split_citations
from readerlevel.models import Reference
from readerlevel.variant import Choice

__all__ = [
    "groupby_run",
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


def one_line(text: str) -> str:
    """Collapse line breaks (from folded YAML) into single spaces."""
    return _SPACES.sub(" ", text.strip())


def segments(text: str | Choice) -> tuple[Segment, ...]:
    """Split a text into plain runs and citation markers, for templates.

    Spaces before a marker are dropped: the marker becomes a superscript that
    sits against the preceding word or punctuation.
    """
    value = text.text if isinstance(text, Choice) else text
    parts = split_citations(one_line(value))
    out: list[Segment] = []
    for index, seg in enumerate(parts):
        follows = index + 1 < len(parts) and parts[index + 1].is_citation
        if not seg.is_citation and follows:
            seg = Segment(seg.text.rstrip())
            if not seg.text:
                continue
        out.append(seg)
    return tuple(out)


def md_escape(text: str) -> str:
    """Escape ``text`` for Markdown so that it is shown as written.

    Every character that could start markup, a link, raw HTML or an entity is
    backslash-escaped, and line starts that would begin a list, quote or
    heading are neutralised.
    """
    out = _MD_SPECIAL.sub(r"\\\1", one_line(text))
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
