"""Choosing the reader's language: Accept-Language, preferences, fallbacks.

:func:`negotiate` picks the best available locale for a reader from an HTTP
``Accept-Language`` header or a list of preferences, with Babel's
negotiation (``es-MX`` is served by ``es`` when only ``es`` exists);
:func:`fallback_chain` gives the order in which a reader's locale falls back
(``es_MX`` → ``es`` → the default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from babel import Locale, negotiate_locale
from babel import UnknownLocaleError as BabelUnknownLocaleError

from readerlevel.errors import UnknownLocaleError

__all__ = ["DEFAULT_LOCALE", "fallback_chain", "negotiate", "parse_accept_language"]

DEFAULT_LOCALE = "en"
"""The source language of the UI strings and the last fallback."""

_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


def parse_accept_language(header: str) -> list[str]:
    """The language ranges of an ``Accept-Language`` header, best first, as locale ids.

    ``"es-MX,es;q=0.9,en;q=0.5"`` gives ``["es_MX", "es", "en"]``. Entries with
    ``q=0``, malformed entries and ``*`` are left out (RFC 9110 §12.5.4); ties
    keep the header's order.
    """
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        match = _RANGE.match(part)
        if match is None:
            continue
        tag, quality = match.group(1), match.group(2)
        try:
            q = float(quality) if quality is not None else 1.0
        except ValueError:
            continue
        if tag == "*" or not 0 < q <= 1:
            continue
        ranked.append((-q, index, tag.replace("-", "_")))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(
    preferences: str | Sequence[str] | None,
    available: Iterable[str],
    default: str = DEFAULT_LOCALE,
) -> str:
    """The best of ``available`` for ``preferences`` (a header or a list), else ``default``.

    A preference for a regional locale is served by its language
    (``es_MX`` → ``es``) when the region itself is not available.
    """
    wanted = (
        parse_accept_language(preferences)
        if isinstance(preferences, str)
        else [p.replace("-", "_") for p in preferences or ()]
    )
    offered = [a.replace("-", "_") for a in available]
    chosen = negotiate_locale(wanted, offered) if wanted and offered else None
    if chosen is None:
        return default
    # Babel returns the preference as written; answer with the available spelling.
    for item in offered:
        if item.lower() == chosen.lower():
            return item
    return chosen


def fallback_chain(locale: str, default: str = DEFAULT_LOCALE) -> tuple[str, ...]:
    """``locale``, then its language alone, then ``default``: ``es_MX`` → ``es`` → ``en``.

    Raises :class:`~readerlevel.errors.UnknownLocaleError` for an identifier
    that is not a locale.
    """
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (ValueError, TypeError, BabelUnknownLocaleError) as exc:
        raise UnknownLocaleError(locale) from exc
    chain = [str(parsed)]
    if parsed.language not in chain:
        chain.append(parsed.language)
    if default not in chain:
        chain.append(default)
    return tuple(chain)
