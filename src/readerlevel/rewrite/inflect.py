"""English plurals for glossary terms and their lay replacements.

Only the regular rules: irregular plurals (``vertebra`` → ``vertebrae``) and
phrases whose head noun is not the last word are authored in the glossary.
"""

from __future__ import annotations

import re

__all__ = ["plural"]

_VOWELS = frozenset("aeiou")


def _plural_word(word: str) -> str:
    lower = word.lower()
    upper = word.isupper() and len(word) > 1
    if upper:
        return word + "s"  # acronyms: RCT -> RCTs
    if lower.endswith("sis") and len(lower) > 4:
        return word[:-2] + "es"  # diagnosis -> diagnoses
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def plural(phrase: str) -> str:
    """The regular plural of a noun or noun phrase: its last word pluralised."""
    match = re.search(r"([^\W\d_][\w'’-]*)(\W*)$", phrase)
    if match is None:
        return phrase
    head, tail = match.group(1), match.group(2)
    return phrase[: match.start(1)] + _plural_word(head) + tail
