"""Glossary lint: problems an editor should fix before a glossary goes live.

Findings are data, collected for every file at once, each with file and line:

- ``duplicate`` (error): the same term twice in one file;
- ``conflict`` (warning): a later file gives an earlier term another replacement
  (the later one wins, as intended when overriding, but it is worth seeing);
- ``contains-term`` (warning): a replacement contains another entry's term, so
  the reader still meets jargon (the rewrite never rewrites a replacement);
- ``cycle`` (error): replacements that lead back to the term they replace;
- ``harder`` (warning): a replacement whose hardest word (the longest word
  not on the Dale–Chall list of familiar words) is longer than the term's;
- ``plural`` (warning): an automatic plural of a lay phrase whose head noun may
  not be its last word ("sensitivity to pain" → "sensitivity to pains");
- ``abbreviation`` (warning): an abbreviation whose long form has no lay term;
- ``number`` (error): a replacement with digits its term lacks (``IL-6`` →
  ``interleukin-6`` in a gloss would add a number the source never had).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from readerlevel.readability.language import language
from readerlevel.rewrite.glossary import Abbreviation, Entry, Glossary, GlossaryFile, Located
from readerlevel.rewrite.matcher import TermMatcher

__all__ = ["Finding", "lint"]

Severity = Literal["error", "warning"]

_PREPOSITIONS = re.compile(
    r"(?<![\w-])(?:of|to|that|which|who|with|for|in|on|from|by|after|before|around|between|into)"
    r"(?![\w-])"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Finding:
    """One lint finding."""

    severity: Severity
    kind: str
    message: str
    file: str
    line: int | None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.severity}: {self.kind}: {self.message}"


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    """Syllables of one word, by vowel groups (a silent final 'e' is not one)."""
    lower = word.lower()
    count = len(_VOWEL_GROUPS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


class _Measures:
    """How hard a phrase's hardest word is: syllables of its longest unfamiliar word.

    Familiar words are those on the Dale–Chall list (as textstat ships it) (with simple
    plural and verb endings removed); hyphenated words count by their parts.
    """

    def __init__(self, code: str = "en") -> None:
        self._easy = language(code).easy_words

    def _familiar(self, word: str) -> bool:
        lower = word.lower()
        stems = {lower, lower.rstrip("s"), lower[:-2] if lower.endswith(("es", "ed")) else lower}
        if lower.endswith("ing"):
            stems |= {lower[:-3], lower[:-3] + "e"}
        return any(stem in self._easy for stem in stems)

    def hardness(self, text: str) -> int:
        parts = [p for w in _WORD.findall(text) for p in re.split(r"['’-]", w) if p]
        return max((_syllables(p) for p in parts if not self._familiar(p)), default=0)


def _entries(located: Iterable[Located]) -> Iterator[tuple[Entry, Located]]:
    for item in located:
        if isinstance(item.item, Entry):
            yield item.item, item


def lint(files: Iterable[GlossaryFile]) -> list[Finding]:
    """Every finding in ``files`` (in load order), sorted by file and line.

    Each language's files are linted together, apart from other languages'.
    """
    everything = tuple(files)
    findings: list[Finding] = []
    for code in dict.fromkeys(f.language for f in everything):
        ordered = tuple(f for f in everything if f.language == code)
        glossary = Glossary.merge(ordered)
        findings.extend(_duplicates_and_conflicts(ordered))
        findings.extend(_contains_and_cycles(glossary))
        findings.extend(_harder_and_plural(glossary))
        findings.extend(_abbreviations(glossary))
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.kind))


def _duplicates_and_conflicts(files: tuple[GlossaryFile, ...]) -> Iterator[Finding]:
    seen: dict[tuple[str, str], Located] = {}
    for gfile in files:
        in_file: dict[tuple[str, str], Located] = {}
        for section, items in (
            ("term", gfile.terms),
            ("plain word", gfile.plain_words),
            ("abbreviation", gfile.abbreviations),
        ):
            for located in items:
                key = (section, located.item.key)
                if key in in_file:
                    first = in_file[key]
                    yield Finding(
                        "error",
                        "duplicate",
                        f"{section} '{_name(located)}' is already defined at line {first.line}",
                        located.file,
                        located.line,
                    )
                    continue
                in_file[key] = located
                earlier = seen.get(key)
                if earlier is not None and _meaning(earlier) != _meaning(located):
                    yield Finding(
                        "warning",
                        "conflict",
                        f"{section} '{_name(located)}' → '{_meaning(located)}' overrides "
                        f"'{_meaning(earlier)}' from {earlier.file}:{earlier.line}",
                        located.file,
                        located.line,
                    )
            for key, located in in_file.items():
                seen[key] = located
    terms = {loc.item.key: loc for f in files for loc in f.terms}
    for gfile in files:
        for located in gfile.plain_words:
            other = terms.get(located.item.key)
            if other is not None:
                yield Finding(
                    "error",
                    "duplicate",
                    f"'{_name(located)}' is both a plain word and a term "
                    f"({other.file}:{other.line})",
                    located.file,
                    located.line,
                )


def _name(located: Located) -> str:
    item = located.item
    return item.short if isinstance(item, Abbreviation) else item.term


def _meaning(located: Located) -> str:
    item = located.item
    return item.long if isinstance(item, Abbreviation) else item.lay.text


def _contains_and_cycles(glossary: Glossary) -> Iterator[Finding]:
    everything = [*glossary.terms.values(), *glossary.plain_words.values()]
    forms: dict[str, Entry] = {}
    exact: list[str] = []
    for entry, _ in _entries(everything):
        for surface, _lay in entry.forms(glossary.language):
            forms[surface] = entry
            if entry.case_sensitive:
                exact.append(surface)
    matcher = TermMatcher(forms, exact)
    edges: dict[str, set[str]] = {}
    where: dict[str, Located] = {}
    for entry, located in _entries(everything):
        where[entry.key] = located
        lays = {lay.text for _, lay in entry.forms(glossary.language)} | {
            v for _, lay in entry.forms(glossary.language) for v in lay.forms.values()
        }
        found: set[str] = set()
        for lay in sorted(lays):
            for match in matcher.find(lay):
                other = match.value
                if other.key != entry.key:
                    found.add(other.key)
                    yield Finding(
                        "warning",
                        "contains-term",
                        f"replacement '{lay}' for '{entry.term}' contains the term "
                        f"'{lay[match.start : match.end]}' (entry '{other.term}')",
                        located.file,
                        located.line,
                    )
        edges[entry.key] = found
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        located = where[start]
                        yield Finding(
                            "error",
                            "cycle",
                            "replacements lead back to the term: " + " → ".join([*path, start]),
                            located.file,
                            located.line,
                        )
                elif nxt not in path and len(path) < 8:
                    stack.append((nxt, [*path, nxt]))


def _harder_and_plural(glossary: Glossary) -> Iterator[Finding]:
    measures = _Measures(glossary.language)
    for entry, located in _entries([*glossary.terms.values(), *glossary.plain_words.values()]):
        lay = entry.lay.text
        term_hard, lay_hard = measures.hardness(entry.term), measures.hardness(lay)
        if lay_hard > term_hard:
            yield Finding(
                "warning",
                "harder",
                f"the hardest word of '{lay}' ({lay_hard} syllables, not on the familiar-word "
                f"list) is harder than that of '{entry.term}' ({term_hard})",
                located.file,
                located.line,
            )
        for _surface, form_lay in entry.forms(glossary.language):
            for phrase in {form_lay.text, *form_lay.forms.values()}:
                extra = sorted(
                    set(re.findall(r"\d+", phrase)) - set(re.findall(r"\d+", entry.term))
                )
                if extra:
                    yield Finding(
                        "error",
                        "number",
                        f"replacement '{phrase}' adds the number(s) {', '.join(extra)} "
                        f"that '{entry.term}' does not have",
                        located.file,
                        located.line,
                    )
        if (
            entry.inflections is None
            and entry.pos == "noun"
            and glossary.language == "en"
            and _PREPOSITIONS.search(lay)
        ):
            plural_lay = entry.forms()[1][1].text if len(entry.forms()) > 1 else lay
            yield Finding(
                "warning",
                "plural",
                f"automatic plural '{plural_lay}' of '{lay}' may be wrong; "
                "list the inflections (or '-' for none)",
                located.file,
                located.line,
            )


def _abbreviations(glossary: Glossary) -> Iterator[Finding]:
    for located in glossary.abbreviations.values():
        item = located.item
        if isinstance(item, Abbreviation) and glossary.term(item.long) is None:
            yield Finding(
                "warning",
                "abbreviation",
                f"'{item.short}' expands to '{item.long}', which has no lay term in the glossary",
                located.file,
                located.line,
            )
