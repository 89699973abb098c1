"""The engine: composes the stages once, then personalises articles on demand.

Build an :class:`Engine` once per content pack (profiles, disclaimers and
templates are loaded and compiled here) and share it between threads: it holds
no mutable state after construction. It is the one place that knows the order
of the stages::

    load -> validate -> select -> rewrite -> render
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from readerlevel.errors import ContentError, Problem, UnknownFormatError
from readerlevel.guard.report import GuardReport

if TYPE_CHECKING:
    from readerlevel.guard.facts import GuardLanguage
    from readerlevel.readability.report import ReadabilityReport, Scorer
from readerlevel.loading import load_article, parse_article
from readerlevel.models import Article, normalise_locale, suggest
from readerlevel.pack import ContentPack, find_root, load_pack
from readerlevel.profiles import Profiles, ReaderProfile
from readerlevel.render import FORMATS, Renderer, RenderOptions
from readerlevel.render.environment import parse_locale
from readerlevel.rewrite import Entry, Glossary, RuleChain, default_chain, rewrite
from readerlevel.rewrite.glossary import GLOSSARY_LANGUAGE, load_glossaries
from readerlevel.selection import select
from readerlevel.variant import Variant

__all__ = ["ANALYSIS_CACHE_SIZE", "RESULT_CACHE_SIZE", "CacheInfo", "Engine"]

ANALYSIS_CACHE_SIZE = 4096
"""Texts whose guard analysis an engine keeps (canonical texts are read once)."""

RESULT_CACHE_SIZE = 1024
"""Rendered pages an engine keeps by default (``Engine(cache_size=0)`` keeps none)."""


class CacheInfo(NamedTuple):
    """The result cache's counters."""

    hits: int
    misses: int
    size: int
    maxsize: int


class _ResultCache:
    """A bounded, thread-safe LRU of rendered pages, keyed by what the page depends on."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._data: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            found = self._data.get(key)
            if found is None:
                self._misses += 1
                return None
            self._hits += 1
            self._data.move_to_end(key)
            return found

    def put(self, key: Hashable, value: str) -> str:
        """Keep ``value``; returns the kept page (a racing thread's identical one if first)."""
        if self._maxsize <= 0:
            return value
        with self._lock:
            kept = self._data.setdefault(key, value)
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)
            return kept

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, len(self._data), self._maxsize)


class Engine:
    """Personalises articles for readers; built once, safe to share across threads.

    ``content`` is a content pack directory (``None``: built-in profiles,
    disclaimers and templates only). Everything is compiled at construction
    and never changed after; the only mutable parts are bounded caches behind
    locks: rendered pages (``cache_size``, by article fingerprint, audience,
    locale, format and options) and the guard's text analyses.
    """

    def __init__(
        self,
        content: str | Path | None = None,
        *,
        pack: ContentPack | None = None,
        rules: Callable[[RuleChain], RuleChain] | None = None,
        cache_size: int = RESULT_CACHE_SIZE,
    ) -> None:
        self._cache = _ResultCache(cache_size)
        self._pack = pack if pack is not None else load_pack(content)
        self._renderer = Renderer(self._pack.template_dirs)
        glossary_dir = self._pack.root / "glossary" if self._pack.root is not None else None
        self._glossaries = load_glossaries(
            glossary_dir if glossary_dir is not None and glossary_dir.is_dir() else None,
            audiences=self._pack.profiles,
        )
        self._glossary = self._glossaries.get(GLOSSARY_LANGUAGE) or Glossary()
        base = {code: default_chain(g) for code, g in self._glossaries.items()}
        self._rule_chains = {
            code: rules(chain) if rules is not None else chain for code, chain in base.items()
        }
        self._rules = self._rule_chains.get(GLOSSARY_LANGUAGE) or default_chain(self._glossary)
        self._chains = {
            name: {
                code: self._profile_chain(profile, chain)
                for code, chain in self._rule_chains.items()
            }
            for name, profile in self._pack.profiles.items()
        }
        self._lay_forms = {
            code: {
                form.casefold(): lay
                for located in (*glossary.terms.values(), *glossary.plain_words.values())
                if isinstance(located.item, Entry)
                for form, lay in located.item.forms(code)
            }
            for code, glossary in self._glossaries.items()
        }
        self._scorer: Scorer | None = None  # made on first use: rendering needs no scoring data
        self._analysers: dict[str, Callable[[str], Any]] = {}
        self._lock = threading.Lock()

    def _suggest(self, word: str, audience: str, language: str) -> tuple[str, ...]:
        """Glossary wording for a difficult word, in the reader's form and language."""
        lay = self._lay_forms.get(language, {}).get(word.casefold())
        if lay is None:
            return ()
        for name in self.profiles.chain(audience):
            form = lay.form(name)
            if form is not None:
                return (form,)
        return (lay.text,)

    def _profile_chain(self, profile: ReaderProfile, chain: RuleChain) -> RuleChain:
        if profile.rules is None:
            return chain
        unknown = [r for r in profile.rules if r not in chain.names]
        if unknown:
            hint = suggest(unknown[0], chain.names)
            where = self._pack.profile_locations.get(profile.name, Problem(""))
            message = (
                f"profile '{profile.name}': unknown rewrite rule '{unknown[0]}'"
                + (f" (did you mean '{hint}'?)" if hint else "")
                + f"; rules: {', '.join(chain.names)}"
            )
            raise ContentError([dataclasses.replace(where, message=message)])
        return chain.only(profile.rules)

    @classmethod
    def for_path(cls, path: str | Path) -> Engine:
        """An engine for the content pack that contains ``path`` (built-ins if none)."""
        return cls(find_root(path))

    @property
    def pack(self) -> ContentPack:
        """The loaded content pack."""
        return self._pack

    @property
    def profiles(self) -> Profiles:
        """The reader profiles, built-in and the pack's."""
        return self._pack.profiles

    @property
    def glossary(self) -> Glossary:
        """The merged English glossary: built-in entries overridden by the pack's ``glossary/``."""
        return self._glossary

    @property
    def glossaries(self) -> Mapping[str, Glossary]:
        """One merged glossary per language (``glossary/es/`` holds Spanish entries)."""
        return MappingProxyType(self._glossaries)

    @property
    def rules(self) -> RuleChain:
        """The English rewrite rule chain (each profile may run a subset)."""
        return self._rules

    def locales(self, article: Article) -> tuple[str, ...]:
        """The locales ``article`` is written in: its own, then each translation's, sorted."""
        own = normalise_locale(article.locale)
        found = {locale for text in article.texts() for locale in text.locales}
        return (own, *sorted(found - {own}))

    @property
    def scorer(self) -> Scorer:
        """The readability scorer (word caches shared by every call), made on first use."""
        found = self._scorer
        if found is None:
            from readerlevel.readability.report import Scorer

            with self._lock:
                found = self._scorer
                if found is None:
                    found = self._scorer = Scorer(suggest=self._suggest)
        return found

    @property
    def formats(self) -> tuple[str, ...]:
        """The output formats :meth:`render` accepts."""
        return tuple(FORMATS)

    def load(self, path: str | Path) -> Article:
        """Read and validate an article file against this engine's profiles and notices."""
        return load_article(path, self._pack.context())

    def parse(self, text: str, *, file: str = "<string>", fmt: str = "yaml") -> Article:
        """Validate an article given as YAML or JSON text."""
        return parse_article(text, file, fmt, self._pack.context())

    def personalise(self, article: Article, audience: str, *, locale: str | None = None) -> Variant:
        """The variant of ``article`` for ``audience``.

        ``locale`` defaults to the profile's preferred locale, then the
        article's. Raises :class:`~readerlevel.errors.UnknownAudienceError` for
        an unknown audience and :class:`~readerlevel.errors.ContentError` when
        the article names audiences, notices or disclaimers this pack lacks.
        """
        profile = self.profiles[audience]
        self._check_names(article)
        chosen = locale or profile.locale or article.locale
        parse_locale(chosen)
        variant = select(
            article,
            audience,
            self.profiles,
            locale=chosen,
            disclaimers=self._pack.disclaimers,
            notices=self._pack.notices,
        )
        return rewrite(variant, profile, self.profiles.chain(audience), self._chains[audience])

    def render(
        self,
        article: Article,
        audience: str,
        fmt: str = "html",
        *,
        locale: str | None = None,
        options: RenderOptions | None = None,
    ) -> str:
        """``article`` personalised for ``audience`` and rendered as ``fmt``.

        Results are cached (bounded, least recently used first out) by the
        article's content fingerprint, the audience, the locale, the format and
        the options: a hit returns the very string rendered before.
        """
        key, chosen = self._key(article, audience, fmt, locale, options)
        found = self._cache.get(key)
        if found is not None:
            return found
        page = self._renderer.render(
            self.personalise(article, audience, locale=chosen), fmt, options
        )
        return self._cache.put(key, page)

    def cached(
        self,
        article: Article,
        audience: str,
        fmt: str = "html",
        *,
        locale: str | None = None,
        options: RenderOptions | None = None,
    ) -> str | None:
        """The page :meth:`render` would return if it is in the cache, else ``None``.

        Never renders: an async web app can answer a hit on its event loop and
        send only a miss to a worker thread.
        """
        key, _ = self._key(article, audience, fmt, locale, options)
        return self._cache.get(key)

    def _key(
        self,
        article: Article,
        audience: str,
        fmt: str,
        locale: str | None,
        options: RenderOptions | None,
    ) -> tuple[tuple[str, str, str, str, RenderOptions], str]:
        if fmt not in FORMATS:
            raise UnknownFormatError(fmt, list(FORMATS))
        profile = self.profiles[audience]
        chosen = locale or profile.locale or article.locale
        return (article.fingerprint, audience, chosen, fmt, options or RenderOptions()), chosen

    def cache_info(self) -> CacheInfo:
        """Hits, misses and size of the result cache."""
        return self._cache.info()

    def readability(
        self, article: Article, audience: str, *, locale: str | None = None
    ) -> ReadabilityReport:
        """The readability report of ``article``'s variant for ``audience``."""
        return self.score(self.personalise(article, audience, locale=locale))

    def score(self, variant: Variant) -> ReadabilityReport:
        """The readability report of an already personalised variant, against its profile."""
        return self.scorer.score(variant, self.profiles[variant.audience])

    def guard(
        self,
        article: Article,
        variant: Variant | str,
        *,
        locale: str | None = None,
        rendered: str | None = None,
        fmt: str = "html",
    ) -> GuardReport:
        """Check ``variant`` (or ``article`` personalised for an audience name) against ``article``.

        Every text the reader gets is compared with the canonical text
        (numbers, negations, hedges, citations); authored wording is checked
        against its stamp; hidden content is looked for in the variant and in
        ``rendered``, its output in format ``fmt``, when given. See docs/guard.md.
        """
        from readerlevel.guard.stage import guard

        if isinstance(variant, str):
            variant = self.personalise(article, variant, locale=locale)
        return guard(article, variant, self._guard_language, rendered=rendered, fmt=fmt)

    def _guard_language(self, locale: str) -> tuple[GuardLanguage, Callable[[str], Any]]:
        """The guard's word lists for ``locale``, with this engine's cached reader."""
        from readerlevel.guard.facts import guard_language
        from readerlevel.readability.language import language_code

        lang = guard_language(language_code(locale))
        return lang, self._analyser(lang)

    def _analyser(self, lang: GuardLanguage) -> Callable[[str], Any]:
        """``lang.analyse`` with a bounded cache, one per language, shared by all threads."""
        found = self._analysers.get(lang.code)
        if found is None:
            with self._lock:
                found = self._analysers.get(lang.code)
                if found is None:
                    found = functools.lru_cache(maxsize=ANALYSIS_CACHE_SIZE)(lang.analyse)
                    self._analysers = {**self._analysers, lang.code: found}
        return found

    def render_variant(
        self, variant: Variant, fmt: str = "html", options: RenderOptions | None = None
    ) -> str:
        """Render an already personalised variant."""
        return self._renderer.render(variant, fmt, options)

    def _check_names(self, article: Article) -> None:
        """Refuse articles built in code that name audiences or notices the pack lacks.

        Loading through :meth:`load` reports these with file positions; this
        guards articles constructed directly, where a misspelt audience would
        otherwise hide content from everyone.
        """
        problems: list[Problem] = []
        for name in sorted(article.audience_names() - set(self.profiles)):
            hint = suggest(name, self.profiles)
            problems.append(
                Problem(
                    f"unknown audience '{name}'" + (f" (did you mean '{hint}'?)" if hint else "")
                )
            )
        for notice in article.notices:
            if notice.text is None and notice.id not in self._pack.notices:
                problems.append(Problem(f"unknown notice '{notice.id}'", path=("notices",)))
        if problems:
            raise ContentError(problems)
