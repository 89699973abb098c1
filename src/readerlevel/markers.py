"""Citation markers inside text: ``[1]``, ``[1, 3]``, ``[2-4]``.

The one place that knows the marker syntax. Models validate markers against
the reference list, renderers turn them into links, later stages (rewrite,
guard, readability) leave them alone or compare them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CITATION_RE", "Segment", "cited_numbers", "parse_marker", "split_citations"]

CITATION_RE = re.compile(r"\[\s*(\d{1,4}(?:\s*(?:,|-|–)\s*\d{1,4})*)\s*\]")
"""A citation marker: numbers separated by commas, ranges with '-' or '–'."""

_MAX_RANGE = 200


def parse_marker(body: str) -> tuple[int, ...]:
    """The reference numbers in a marker's body (``"1, 3-5"`` → ``(1, 3, 4, 5)``).

    A reversed or very long range (``5-1``, ``1-999``) is kept as its two ends,
    so a typo is reported against real numbers rather than expanded.
    """
    numbers: list[int] = []
    for part in body.split(","):
        bounds = [int(n) for n in re.split(r"\s*[-–]\s*", part.strip()) if n]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= _MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return tuple(numbers)


def cited_numbers(text: str) -> tuple[int, ...]:
    """Every reference number cited in ``text``, in order of first appearance."""
    seen: dict[int, None] = {}
    for match in CITATION_RE.finditer(text):
        for number in parse_marker(match.group(1)):
            seen.setdefault(number, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text, or a citation marker with its reference numbers."""

    text: str
    """The source characters of this run (the marker itself for a citation)."""
    refs: tuple[int, ...] = ()
    """The cited reference numbers; empty for plain text."""

    @property
    def is_citation(self) -> bool:
        """Whether this segment is a citation marker."""
        return bool(self.refs)


def split_citations(text: str) -> tuple[Segment, ...]:
    """Split ``text`` into plain runs and citation markers, losing nothing.

    Joining the segments' ``text`` gives back ``text`` exactly.
    """
    out: list[Segment] = []
    pos = 0
    for match in CITATION_RE.finditer(text):
        if match.start() > pos:
            out.append(Segment(text[pos : match.start()]))
        out.append(Segment(match.group(0), parse_marker(match.group(1))))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return tuple(out)
