"""The Jinja2 environments and the renderer that uses them.

One environment per UI language is built when the renderer is made (Jinja's
gettext installation is per environment), and never changed after: rendering
is safe from any number of threads.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2.ext import InternationalizationExtension

from readerlevel.errors import UnknownFormatError
from readerlevel.errors import UnknownLocaleError as RLUnknownLocaleError
from readerlevel.render import filters
from readerlevel.variant import Variant

__all__ = ["FORMATS", "SOURCE_LANGUAGE", "RenderOptions", "Renderer"]

FORMATS: Mapping[str, str] = {
    "html": "article.html",
    "md": "article.md",
    "text": "article.txt",
    "json": "",
}
"""Output formats and the template each uses (JSON needs none)."""

SOURCE_LANGUAGE = "en"
"""The language of the msgids in the templates."""

DOMAIN = "readerlevel"


@dataclass(frozen=True)
class RenderOptions:
    """How to render, beyond the variant itself."""

    stylesheet: bool = True
    """Inline the built-in stylesheet in HTML pages."""
    annotate: bool = False
    """Add ``data-source``/``data-path`` attributes to blocks (for editors' previews)."""
    selector_href: str = "?audience={audience}"
    """Link of each audience selector entry; ``{audience}`` is the profile name."""
    mark_changes: bool = False
    """HTML: wrap each rewritten span in ``<span class="rl-term" title="original">``."""


def _catalog_dir() -> Path:
    return Path(str(importlib.resources.files("readerlevel") / "locale"))


def available_languages() -> tuple[str, ...]:
    """The UI languages with a compiled catalog, plus the source language."""
    found = {SOURCE_LANGUAGE}
    root = _catalog_dir()
    if root.is_dir():
        for entry in root.iterdir():
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(entry.name)
    return tuple(sorted(found))


def parse_locale(identifier: str) -> Locale:
    """A Babel ``Locale`` for ``identifier`` (``en``, ``en_US`` or ``en-US``)."""
    try:
        return Locale.parse(identifier.replace("-", "_"))
    except (ValueError, UnknownLocaleError, TypeError):
        raise RLUnknownLocaleError(identifier) from None


class Renderer:
    """Renders variants; built once, then shared freely.

    ``template_dirs`` are searched before the built-in templates, so a file
    named ``article.html`` there replaces the built-in page.
    """

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        loaders: list[jinja2.BaseLoader] = [
            jinja2.FileSystemLoader([str(d) for d in template_dirs])
        ]
        loaders.append(jinja2.PackageLoader("readerlevel", "render/templates"))
        self._loader = jinja2.ChoiceLoader(loaders)
        self._translations: dict[str, NullTranslations] = {
            language: self._load_translations(language) for language in available_languages()
        }
        self._envs: dict[str, jinja2.Environment] = {
            language: self._environment(translations)
            for language, translations in self._translations.items()
        }

    @staticmethod
    def _load_translations(language: str) -> NullTranslations:
        if language == SOURCE_LANGUAGE:
            return NullTranslations()
        return Translations.load(str(_catalog_dir()), [language], DOMAIN)

    def _environment(self, translations: NullTranslations) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=self._loader,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
            undefined=jinja2.StrictUndefined,
            extensions=[InternationalizationExtension],
            keep_trailing_newline=True,
            trim_blocks=False,
            lstrip_blocks=False,
        )
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(
            segments=filters.segments,
            md_text=filters.md_text,
            md_escape=filters.md_escape,
            md_reference=filters.md_reference,
            text_reference=filters.text_reference,
            wrap=filters.wrap,
            groupby_run=filters.groupby_run,
            bcp47=filters.bcp47,
            html_text=functools.partial(filters.html_text, gettext=translations.gettext),
        )
        return env

    def language(self, locale: str) -> str:
        """The UI language whose catalog best matches ``locale``."""
        parsed = parse_locale(locale)
        for candidate in (str(parsed), parsed.language):
            if candidate in self._envs:
                return candidate
        return SOURCE_LANGUAGE

    def render(
        self, variant: Variant, fmt: str = "html", options: RenderOptions | None = None
    ) -> str:
        """``variant`` as ``fmt`` (``html``, ``md``, ``text`` or ``json``)."""
        if fmt not in FORMATS:
            raise UnknownFormatError(fmt, list(FORMATS))
        if fmt == "json":
            return variant.model_dump_json(indent=2) + "\n"
        options = options or RenderOptions()
        language = self.language(variant.locale)
        template = self._envs[language].get_template(FORMATS[fmt])
        return template.render(self._context(self._translations[language], variant, options))

    def _context(
        self, translations: NullTranslations, variant: Variant, options: RenderOptions
    ) -> dict[str, Any]:
        locale = parse_locale(variant.locale)
        gettext = translations.gettext
        steps = (
            ("submitted", gettext("Submitted")),
            ("under_review", gettext("Under review")),
            ("approved", gettext("Approved")),
        )
        review_label = ""
        if variant.review is not None:
            review_label = dict(steps)[variant.review.status]
        href = options.selector_href

        def selector_href(audience: str) -> str:
            return href.format(audience=audience)

        def number(value: float | int | Decimal, format: str | None = None) -> str:
            return format_decimal(value, format=format, locale=locale)

        def percent(value: float | int | Decimal, format: str | None = None) -> str:
            return format_percent(value, format=format, locale=locale)

        def date(value: dt.date, format: str = "long") -> str:
            return format_date(value, format=format, locale=locale)

        return {
            "variant": variant,
            "options": options,
            "format_number": number,
            "format_percent": percent,
            "format_date": date,
            "lang": str(locale).replace("_", "-"),
            "direction": "rtl" if locale.character_order == "right-to-left" else "ltr",
            "updated": date(variant.updated),
            "review_steps": steps,
            "review_label": review_label,
            "selector_href": selector_href,
        }
