"""The guard stage: check one variant against the canonical article.

For every text field the reader gets, the variant's wording is compared with
the canonical wording (:mod:`.facts`): quantities, negations and hedges, then
citation markers. Authored forms are checked for staleness against their
stamps; texts that fell back to canonical wording for a lay reader, and texts
shown in another language than the reader's, are reported as coverage;
content hidden from the reader is looked for in the variant and, when given,
in the rendered output. Findings the content accepts (``accept:`` on the
text, with a reason) stay in the report, marked accepted.

Each form is compared with its *basis* (:meth:`~readerlevel.models.Text.basis`):
``patient`` with ``text``, ``patient@es`` with ``text@es`` — fully, in one
language — and a translation (``text@es``) with ``text`` across languages,
where only quantities and citations are compared.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator

from readerlevel.errors import UnknownFormatError
from readerlevel.guard.facts import Analysis, GuardLanguage, Span, compare
from readerlevel.guard.paths import content_fields
from readerlevel.guard.report import GuardFinding, GuardReport, severity
from readerlevel.guard.stamp import fingerprint
from readerlevel.markers import cited_numbers, split_citations
from readerlevel.models import Article, Text, normalise_locale, split_form_key
from readerlevel.variant import Choice, Source, Variant

__all__ = ["LEAK_MIN_WORDS", "Languages", "guard"]

Analyser = Callable[[str], Analysis]
Languages = Callable[[str], tuple[GuardLanguage, Analyser]]
"""The guard's word lists for a locale, with a (cached) reader of texts in it."""

LEAK_MIN_WORDS = 5
"""Hidden passages shorter than this many words are not searched for in the
rendered output (a short phrase can legitimately occur elsewhere); selection
is still checked for them."""

_TAG = re.compile(r"<[^>]*>")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation


def _excerpt(text: str, span: Span | None, width: int = 50) -> str:
    if span is None:
        return _short(text, 2 * width + 20)
    start = max(0, span.start - width)
    end = min(len(text), span.end + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _normalise_output(rendered: str, fmt: str) -> str:
    """A rendered page (``html``, ``md``, ``text`` or ``json``) as plain words on one line."""
    if fmt == "html":
        plain = html.unescape(_TAG.sub("", rendered))
    elif fmt == "md":
        plain = _MD_ESCAPE.sub(r"\1", rendered)
    elif fmt == "json":
        plain = " ".join(_json_strings(json.loads(rendered)))
    elif fmt == "text":
        plain = rendered
    else:
        raise UnknownFormatError(fmt, ["html", "md", "text", "json"])
    return " ".join(plain.split())


def _json_strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _json_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _json_strings(value)


class _Checker:
    def __init__(self, article: Article, variant: Variant, languages: Languages) -> None:
        self.article = article
        self.variant = variant
        self.languages = languages
        self.source = normalise_locale(article.locale)
        self.findings: list[GuardFinding] = []

    def add(
        self,
        check: str,
        path: str,
        item: str,
        explanation: str,
        text: Text | None,
        canonical: str = "",
        variant: str = "",
        locale: str | None = None,
    ) -> None:
        accepted = None
        here = normalise_locale(locale or self.variant.locale)
        if text is not None:
            for rule in text.accept:
                if (
                    rule.check == check
                    and rule.audience in (None, self.variant.audience)
                    and (rule.locale is None or normalise_locale(rule.locale) == here)
                    and rule.item in (None, item)
                ):
                    accepted = rule.reason
                    break
        self.findings.append(
            GuardFinding(
                check=check,
                severity=severity(check),
                path=path,
                audience=self.variant.audience,
                item=item,
                explanation=explanation,
                canonical=canonical,
                variant=variant,
                accepted=accepted,
                locale=here,
            )
        )

    def text(self, choice: Choice, text: Text) -> None:
        key = choice.key
        basis_key = text.basis(key)
        canonical = text.get(basis_key) or text.text
        wording = choice.text
        path = choice.path
        locale = choice.locale or self.variant.locale
        if wording != canonical:
            basis_locale = split_form_key(basis_key)[1] or self.source
            lang, analyse = self.languages(basis_locale)
            their_lang, their_analyse = self.languages(locale)
            for diff in compare(
                canonical,
                wording,
                lang,
                analyse=analyse,
                variant_lang=their_lang,
                variant_analyse=their_analyse,
            ):
                self.add(
                    diff.check,
                    path,
                    diff.item,
                    diff.explanation,
                    text,
                    _excerpt(canonical, diff.canonical),
                    _excerpt(wording, diff.variant),
                    locale,
                )
            self._citations(choice, text, canonical, locale)
        if key != "text":
            stamp = text.stamps.get(key)
            current = fingerprint(canonical)
            against = "canonical text" if basis_key == "text" else f"{basis_key} text"
            if stamp is None:
                self.add(
                    "unstamped",
                    path,
                    key,
                    f"the {key} wording has no stamp, so a later change to the {against} "
                    "would go unnoticed; check it and run readerlevel stamp",
                    text,
                    _short(canonical, 120),
                    _short(wording, 120),
                    locale,
                )
            elif stamp != current:
                self.add(
                    "stale",
                    path,
                    key,
                    f"the {against} changed since the {key} wording was "
                    f"stamped ({stamp} → {current}); check the wording, then run readerlevel stamp",
                    text,
                    _short(canonical, 120),
                    _short(wording, 120),
                    locale,
                )
        if choice.fell_back and choice.source is Source.CANONICAL:
            self.add(
                "fallback",
                path,
                path,
                f"no wording for {self.variant.audience} or its fallbacks: the canonical text "
                + ("is used, rewritten by the glossary" if choice.changes else "is used as is"),
                text,
                _short(choice.original or wording, 120),
                locale=locale,
            )

    def translations(self, texts: dict[str, Text]) -> None:
        """Texts and UI strings the reader gets in another language than theirs."""
        wanted = self.variant.locale
        for choice in self.variant.choices():
            if choice.untranslated:
                self.add(
                    "translation-missing",
                    choice.path,
                    choice.path,
                    f"no {wanted} wording for {self.variant.audience}: the {choice.key} text "
                    f"({choice.locale}) is shown",
                    texts.get(choice.path),
                    variant=_short(choice.text, 120),
                )
        for where in self.variant.untranslated_ui:
            self.add(
                "translation-missing",
                where,
                where,
                f"no {wanted} translation of {where}: the source language's is shown",
                None,
            )

    def _citations(self, choice: Choice, text: Text, canonical: str, locale: str) -> None:
        omitted = set(text.omit_citations)
        if self.variant.audience in omitted or (choice.audience in omitted):
            return
        have = set(cited_numbers(choice.text))
        for number in dict.fromkeys(cited_numbers(canonical)):
            if number not in have:
                self.add(
                    "citation-lost",
                    choice.path,
                    f"[{number}]",
                    f"the canonical text cites [{number}]; this wording does not (if that is "
                    f"deliberate, list {self.variant.audience} under omit_citations)",
                    text,
                    _short(canonical, 160),
                    _short(choice.text, 160),
                    locale,
                )

    def leaks(self, rendered: str | None, fmt: str) -> None:
        audience = self.variant.audience
        shown = {s.heading.path for s in self.variant.sections} | {
            b.text.path for s in self.variant.sections for b in s.blocks
        }
        output = _normalise_output(rendered, fmt) if rendered is not None else None
        for path, item in self._hidden(audience):
            texts = [item.text, *item.all_forms.values()]
            if path in shown:
                self.add(
                    "leak",
                    path,
                    path,
                    f"hidden from {audience}, but the variant contains it",
                    item,
                    _short(texts[0], 120),
                )
                continue
            if output is None:
                continue
            for passage in self._passages(texts):
                if passage in output:
                    self.add(
                        "leak",
                        path,
                        path,
                        f"hidden from {audience}, but the rendered page contains its words",
                        item,
                        passage,
                    )
                    break

    def _hidden(self, audience: str) -> Iterator[tuple[str, Text]]:
        for s, section in enumerate(self.article.sections):
            if not section.visible_to(audience):
                yield f"sections[{s}].heading", section.heading
                for b, block in enumerate(section.blocks):
                    yield f"sections[{s}].blocks[{b}]", block
                continue
            for b, block in enumerate(section.blocks):
                if not block.visible_to(audience):
                    yield f"sections[{s}].blocks[{b}]", block

    @staticmethod
    def _passages(texts: list[str]) -> Iterator[str]:
        for text in texts:
            for segment in split_citations(text):
                if segment.is_citation:
                    continue
                words = segment.text.split()
                if len(words) >= LEAK_MIN_WORDS:
                    yield " ".join(words).strip(" .,;:")


def guard(
    article: Article,
    variant: Variant,
    languages: Languages,
    *,
    rendered: str | None = None,
    fmt: str = "html",
) -> GuardReport:
    """Every finding for ``variant`` against ``article``.

    ``languages`` gives the guard's word lists for a locale with a reader of
    texts in it (the engine passes cached readers, so each text is read once).
    ``rendered`` is the variant's output, if any, in format ``fmt`` (``html``,
    ``md``, ``text`` or ``json``); hidden content is looked for in it.
    """
    checker = _Checker(article, variant, languages)
    texts = {path: text for path, _file_path, text in content_fields(article)}
    for choice in variant.content_choices():
        text = texts.get(choice.path)
        if text is not None:
            checker.text(choice, text)
    checker.translations(texts)
    checker.leaks(rendered, fmt)
    return GuardReport(
        variant.article_id, variant.audience, tuple(checker.findings), variant.locale
    )
