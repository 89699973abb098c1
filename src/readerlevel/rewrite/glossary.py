"""Glossaries as data: terms, plain-word swaps and abbreviations.

Files are YAML or TSV. A YAML glossary has up to three lists::

    terms:          # technical terms → lay terms (glossed on first use)
      - term: hyperalgesia
        lay: extra sensitivity to pain
        pos: noun
        inflections: []          # none; omit for automatic plurals of nouns
        definition: a stronger feeling of pain than usual
        tags: [source:readerlevel]
    plain_words:    # everyday swaps (never glossed): utilize → use
      - {term: utilize, lay: use, pos: verb,
         inflections: [{term: utilized, lay: used}]}
    abbreviations:
      - {short: RCT, long: randomized controlled trial}

A TSV glossary is one list; its header names the kind: ``term`` (terms),
``word`` (plain-word swaps) or ``short`` (abbreviations). ``#`` lines are
comments. In the ``inflections`` column an empty cell means automatic, ``-``
means none, and ``tech>lay, tech>lay`` lists the forms; a ``plural`` cell of
abbreviations works the same way.

Later files override earlier ones entry by entry (same term, case-insensitive;
same short form): a content pack's ``glossary/`` directory overrides the
built-in glossary.

Each language has its own glossary. Files directly in a glossary directory
(and in subdirectories not named for a locale) are English; files under a
subdirectory named for a locale (``glossary/es/``) are that language's, and
rewrite only text in that language. Automatic plurals are English rules: in
other languages list each entry's ``inflections`` (``[]`` for none).
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from readerlevel.errors import ContentError, InputFileError, Problem
from readerlevel.loading import Document, Position, parse_document, read_text, validate_document
from readerlevel.models import ContentDocument, NonEmptyStr, Text, normalise_locale
from readerlevel.rewrite.inflect import plural

__all__ = [
    "GLOSSARY_LANGUAGE",
    "Abbreviation",
    "Entry",
    "Glossary",
    "GlossaryFile",
    "Inflection",
    "Located",
    "PartOfSpeech",
    "builtin_glossary_files",
    "glossary_files",
    "load_glossaries",
    "load_glossary",
    "load_glossary_file",
]

GLOSSARY_LANGUAGE = "en"
"""The language of glossary files not under a locale-named subdirectory."""

PartOfSpeech = Literal["noun", "adjective", "verb", "adverb", "phrase"]


def _starts_with_word(value: str) -> str:
    if not (value[:1].isalnum()):
        raise PydanticCustomError(
            "term_start",
            "a term must start with a letter or digit, got '{value}'",
            {"value": value},
        )
    if value != value.strip():
        raise PydanticCustomError("term_space", "remove spaces around '{value}'", {"value": value})
    return value


TermStr = Annotated[str, AfterValidator(_starts_with_word)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Inflection(_Model):
    """Another form of a term and the matching form of its replacement."""

    term: TermStr
    lay: Text


class Entry(_Model):
    """A term (or an everyday word) and its plain replacement."""

    term: TermStr
    """The term in its base form, as it is written (``TNF-α``, ``osteoarthritis``)."""
    lay: Text
    """The replacement: one phrase that reads well in place of the term, with
    optional per-audience forms (``{text: ..., caregiver: ...}``)."""
    pos: PartOfSpeech = "noun"
    inflections: tuple[Inflection, ...] | None = None
    """Other forms to match. ``None``: automatic (a noun's regular plural); ``()``: none."""
    definition: NonEmptyStr | None = None
    """A short definition, for the ``definition`` mode and tooltips."""
    tags: tuple[NonEmptyStr, ...] = ()
    """Free-form ``key:value`` tags, e.g. ``source:umich-plmd``."""

    @property
    def key(self) -> str:
        """The identity used for overrides: the term, case-folded."""
        return self.term.casefold()

    @property
    def case_sensitive(self) -> bool:
        """Acronym-like terms (capitals after the first letter) match only as written."""
        return any(c.isupper() for c in self.term[1:])

    def forms(self, language: str = GLOSSARY_LANGUAGE) -> tuple[tuple[str, Text], ...]:
        """Every surface form to match, with its replacement, base form first.

        Automatic plurals follow English rules, so only English entries get them.
        """
        out: list[tuple[str, Text]] = [(self.term, self.lay)]
        if self.inflections is None:
            if self.pos == "noun" and language == "en":
                out.append((plural(self.term), _plural_text(self.lay)))
        else:
            out.extend((i.term, i.lay) for i in self.inflections)
        seen: set[str] = set()
        unique: list[tuple[str, Text]] = []
        for form, lay in out:
            if form not in seen:
                seen.add(form)
                unique.append((form, lay))
        return tuple(unique)


def _plural_text(text: Text) -> Text:
    data: dict[str, Any] = {"text": plural(text.text)}
    data.update({k: plural(v) for k, v in text.forms.items()})
    return Text.model_validate(data)


class Abbreviation(_Model):
    """A short form and the long form it stands for."""

    short: TermStr
    """As written, e.g. ``RCT``; matched case-sensitively."""
    long: TermStr
    """The technical long form, e.g. ``randomized controlled trial``. When it is
    itself a glossary term, lay readers get that term's lay replacement."""
    plurals: tuple[TermStr, ...] | None = None
    """Plural short forms. ``None``: short + ``s``; ``()``: none."""
    tags: tuple[NonEmptyStr, ...] = ()

    @property
    def key(self) -> str:
        """The identity used for overrides: the short form as written."""
        return self.short

    def short_forms(self) -> tuple[tuple[str, bool], ...]:
        """Each short form with whether it is plural."""
        plurals = (self.short + "s",) if self.plurals is None else self.plurals
        return ((self.short, False), *((p, True) for p in plurals))


@dataclass(frozen=True)
class Located:
    """A glossary item with the file and line it came from."""

    item: Entry | Abbreviation
    file: str
    line: int | None


@dataclass(frozen=True)
class GlossaryFile:
    """One parsed glossary file, entries in file order."""

    file: str
    terms: tuple[Located, ...] = ()
    plain_words: tuple[Located, ...] = ()
    abbreviations: tuple[Located, ...] = ()
    language: str = GLOSSARY_LANGUAGE
    """The language of the file's terms (from its directory, see the module doc)."""


class _YamlGlossary(ContentDocument):
    terms: tuple[Entry, ...] = ()
    plain_words: tuple[Entry, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()


_TSV_COLUMNS = {
    "term": ("terms", ("term", "lay", "pos", "inflections", "definition", "tags")),
    "word": ("plain_words", ("word", "lay", "pos", "inflections", "definition", "tags")),
    "short": ("abbreviations", ("short", "long", "plural", "tags")),
}


def _list_cell(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _tsv_document(text: str, file: str) -> Document:
    """A TSV glossary as a :class:`Document`, so errors carry line and column."""
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, line.split("\t")))
    if not rows:
        return Document(file, {})
    header_line, header = rows[0]
    kind = _TSV_COLUMNS.get(header[0].strip())
    if kind is None or [h.strip() for h in header] != list(kind[1]):
        expected = " | ".join("\t".join(cols) for _, cols in _TSV_COLUMNS.values())
        raise ContentError(
            [Problem(f"unknown TSV header; expected one of: {expected}", file, header_line, 1)]
        )
    section, columns = kind
    items: list[dict[str, Any]] = []
    values: dict[tuple[str | int, ...], Position] = {}
    problems: list[Problem] = []
    for index, (number, cells) in enumerate(rows[1:]):
        if len(cells) > len(columns):
            problems.append(
                Problem(
                    f"{len(cells)} columns, expected {len(columns)}",
                    file,
                    number,
                    1,
                    (section, index),
                )
            )
            continue
        cells = cells + [""] * (len(columns) - len(cells))
        starts: list[int] = []
        offset = 1
        for cell in cells:
            starts.append(offset)
            offset += len(cell) + 1
        values[(section, index)] = Position(number, 1, number, None)
        item: dict[str, Any] = {}
        for (name, cell), column in zip(zip(columns, cells, strict=True), starts, strict=True):
            cell = cell.strip()
            key = "term" if name == "word" else name
            values[(section, index, key)] = Position(number, column, number, None)
            if not cell:
                continue
            if name in ("inflections",):
                item[key] = [] if cell == "-" else [_inflection(p) for p in _list_cell(cell)]
            elif name == "plural":
                item["plurals"] = [] if cell == "-" else _list_cell(cell)
                values[(section, index, "plurals")] = values.pop((section, index, key))
            elif name == "tags":
                item[key] = _list_cell(cell)
            else:
                item[key] = cell
        items.append(item)
    if problems:
        raise ContentError(problems)
    return Document(file, {section: items}, values)


def _inflection(pair: str) -> dict[str, str]:
    term, _, lay = pair.partition(">")
    return {"term": term.strip(), "lay": lay.strip()}


def load_glossary_file(
    path: str | Path,
    *,
    text: str | None = None,
    audiences: Iterable[str] | None = None,
    language: str = GLOSSARY_LANGUAGE,
) -> GlossaryFile:
    """Parse and validate one glossary file (``.yaml``, ``.yml``, ``.json`` or ``.tsv``)."""
    name = str(path)
    source = read_text(path) if text is None else text
    if name.endswith(".tsv"):
        doc = _tsv_document(source, name)
    else:
        doc = parse_document(source, name, None)
    context = {"audiences": frozenset(audiences)} if audiences is not None else None
    parsed = validate_document(doc, _YamlGlossary, context)

    def located(section: str, items: Sequence[Entry | Abbreviation]) -> tuple[Located, ...]:
        return tuple(
            Located(item, name, doc.position((section, i))[0]) for i, item in enumerate(items)
        )

    return GlossaryFile(
        name,
        located("terms", parsed.terms),
        located("plain_words", parsed.plain_words),
        located("abbreviations", parsed.abbreviations),
        language,
    )


def _locale_name(name: str) -> str | None:
    """The language a directory name stands for (``es``, ``es_MX`` → ``es``), or ``None``."""
    if not name[:1].isalpha() or not name[:2].islower():
        return None
    try:
        return normalise_locale(name).split("_")[0]
    except ValueError:
        return None


def _glossary_paths(directory: Path, language: str) -> list[tuple[Path, str]]:
    suffixes = {".yaml", ".yml", ".json", ".tsv"}
    found: list[tuple[Path, str]] = []
    for entry in sorted(directory.iterdir()):
        if entry.is_file() and entry.suffix in suffixes:
            found.append((entry, language))
        elif entry.is_dir():
            found.extend(_glossary_paths(entry, _locale_name(entry.name) or language))
    return found


def glossary_files(path: str | Path, audiences: Iterable[str] | None = None) -> list[GlossaryFile]:
    """The glossary files at ``path``: a file, a directory, or a content pack's ``glossary/``.

    A content pack (a directory with ``readerlevel.yaml``) without a
    ``glossary/`` has none: its articles are not glossaries. A file's language
    is that of the nearest locale-named directory above it, else English.
    """
    target = Path(path)
    if target.is_file():
        language = _locale_name(target.parent.name) or GLOSSARY_LANGUAGE
        return [load_glossary_file(target, audiences=audiences, language=language)]
    if (target / "glossary").is_dir():
        target = target / "glossary"
    elif (target / "readerlevel.yaml").is_file():
        return []  # a content pack without glossaries of its own
    if not target.is_dir():
        raise InputFileError([Problem("no such glossary file or directory", str(target))])
    return [
        load_glossary_file(p, audiences=audiences, language=language)
        for p, language in _glossary_paths(target, GLOSSARY_LANGUAGE)
    ]


def builtin_glossary_files() -> list[GlossaryFile]:
    """The glossary files shipped in the package, in load order (English first).

    Parsed once per process (the files are package data, and a
    :class:`GlossaryFile` is immutable), so every engine after the first is
    built without reading them again.
    """
    return list(_builtin_glossary_files())


@functools.cache
def _builtin_glossary_files() -> tuple[GlossaryFile, ...]:
    root = importlib.resources.files("readerlevel") / "data" / "glossary"
    files: list[GlossaryFile] = []

    def walk(node: Any, prefix: str, language: str) -> None:
        for entry in sorted(node.iterdir(), key=lambda p: p.name):
            if entry.is_file() and entry.name.endswith((".tsv", ".yaml")):
                files.append(
                    load_glossary_file(
                        f"<readerlevel>/data/glossary/{prefix}{entry.name}",
                        text=entry.read_text("utf-8"),
                        language=language,
                    )
                )
            elif entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/", _locale_name(entry.name) or language)

    walk(root, "", GLOSSARY_LANGUAGE)
    return tuple(files)


@dataclass(frozen=True)
class Glossary:
    """The merged glossary: later files override earlier ones entry by entry."""

    files: tuple[GlossaryFile, ...] = ()
    terms: Mapping[str, Located] = field(default_factory=dict)
    plain_words: Mapping[str, Located] = field(default_factory=dict)
    abbreviations: Mapping[str, Located] = field(default_factory=dict)
    language: str = GLOSSARY_LANGUAGE

    @classmethod
    def merge(cls, files: Iterable[GlossaryFile], language: str | None = None) -> Glossary:
        """Merge ``files`` in order; an entry replaces an earlier one with the same key.

        With ``language``, only that language's files are merged; without, the
        files must share one language, which the glossary takes.
        """
        ordered = tuple(files)
        if language is not None:
            ordered = tuple(f for f in ordered if f.language == language)
        languages = {f.language for f in ordered}
        if len(languages) > 1:
            raise ValueError(
                f"glossary files in several languages ({', '.join(sorted(languages))}); "
                "merge one language at a time"
            )
        language = language or (languages.pop() if languages else GLOSSARY_LANGUAGE)
        terms: dict[str, Located] = {}
        plain: dict[str, Located] = {}
        abbreviations: dict[str, Located] = {}
        for gfile in ordered:
            for target, located in (
                *((terms, x) for x in gfile.terms),
                *((plain, x) for x in gfile.plain_words),
                *((abbreviations, x) for x in gfile.abbreviations),
            ):
                target[located.item.key] = located
        return cls(ordered, terms, plain, abbreviations, language)

    def __len__(self) -> int:
        return len(self.terms) + len(self.plain_words) + len(self.abbreviations)

    def entries(self) -> Iterator[Entry]:
        """Every term entry, in load order."""
        for located in self.terms.values():
            assert isinstance(located.item, Entry)
            yield located.item

    def term(self, text: str) -> Entry | None:
        """The term entry for ``text`` (any case), or ``None``."""
        located = self.terms.get(text.casefold())
        if located is None:
            return None
        assert isinstance(located.item, Entry)
        return located.item


def load_glossaries(
    directory: str | Path | None = None, audiences: Iterable[str] | None = None
) -> dict[str, Glossary]:
    """One glossary per language: built-in entries overridden by the files under ``directory``."""
    files = builtin_glossary_files()
    if directory is not None:
        names = list(audiences) if audiences is not None else None
        files.extend(glossary_files(directory, names))
    languages = dict.fromkeys(f.language for f in files)
    return {language: Glossary.merge(files, language) for language in languages}


def load_glossary(
    directory: str | Path | None = None,
    audiences: Iterable[str] | None = None,
    language: str = GLOSSARY_LANGUAGE,
) -> Glossary:
    """The glossary of ``language``: built-in, overridden by the files under ``directory``."""
    return load_glossaries(directory, audiences).get(language) or Glossary(language=language)
