"""Spans no rewrite rule may touch: citations, numbers with their units, URLs, markup.

A rule never alters, splits or swallows these. Terms that contain a number
(``IL-6``, ``type 2 diabetes``) are still found, but they are glossed rather
than replaced, so the number stays in the text.
"""

from __future__ import annotations

import re

from readerlevel.markers import CITATION_RE

__all__ = ["PROTECTED_RE", "protected_spans"]

_UNITS = (
    r"%|percent|per\s+cent|mg|mcg|µg|μg|g|kg|lb|lbs|oz|ml|mL|l|L|dl|dL|mmol|mol|mmHg|cm|mm|m|km|"
    r"IU|units?|mg/kg|mg/dL|mmol/L|kcal|cal|°C|°F|bpm|"
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?|"
    r"times|sessions?|doses?|tablets?|capsules?|puffs?|drops?|patients?|participants?|people|trials?"
)

_NUMBER = r"[<>≤≥±~]?\s?\d+(?:[.,]\d+)*(?:\s?(?:-|–|to)\s?\d+(?:[.,]\d+)*)?"

PROTECTED_RE = re.compile(
    "|".join(
        (
            CITATION_RE.pattern,
            r"(?:https?://|www\.)[^\s<>\"'\])]+",
            r"<[^<>]{0,500}>",
            r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});",
            r"`[^`]*`",
            rf"{_NUMBER}(?:\s?(?:{_UNITS})(?![^\W\d_]))?",
        )
    )
)
"""Citation markers, URLs, markup and entities, code, and numbers with an optional unit."""


def protected_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of every protected span in ``text``, in order."""
    return [m.span() for m in PROTECTED_RE.finditer(text)]
