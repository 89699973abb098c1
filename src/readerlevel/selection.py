"""Select: keep what a reader may see and pick each text through one resolver.

The resolver tries a text's forms in one order, built from the reader's
locale chain (outer) and audience chain (inner). For a caregiver (chain
``caregiver → patient``) reading Spanish (``es_MX → es``) an English article
it tries ``caregiver@es_MX, patient@es_MX, text@es_MX, caregiver@es,
patient@es, text@es, caregiver, patient, text`` and takes the first form
authored; the variant records the order and each choice its key. A text in
another language than the reader's is marked ``untranslated`` (coverage), never
replaced by an empty string. Sections and blocks hidden from the reader by
include/exclude lists are dropped here, before anything can render them.
"""

from __future__ import annotations

from collections.abc import Mapping

from readerlevel.markers import cited_numbers
from readerlevel.models import Article, Disclaimer, Notice, Text, form_key, normalise_locale
from readerlevel.profiles import Profiles
from readerlevel.variant import (
    AudienceOption,
    Choice,
    SelectedBlock,
    SelectedDisclaimer,
    SelectedSection,
    Source,
    Variant,
)

__all__ = ["PACK_LOCALE", "choose", "locale_chain", "resolution", "select"]


PACK_LOCALE = "en"
"""The language of a content pack's own texts (profile labels, pack disclaimers and
notices); their translations are ``text@<locale>`` forms."""


def locale_chain(requested: str, source: str) -> tuple[str | None, ...]:
    """The locales whose forms are tried for a reader of ``requested``, in order.

    The requested locale, then its language, then ``None`` — the article's own
    language (``source``), whose forms are the plain keys. A step in the
    article's language ends the chain there: ``en_US`` on an ``en`` article is
    ``("en_US", None)``.
    """
    wanted = normalise_locale(requested)
    own = normalise_locale(source)
    steps: list[str | None] = []
    for candidate in dict.fromkeys((wanted, wanted.split("_")[0])):
        if candidate == own:
            break
        steps.append(candidate)
    steps.append(None)
    return tuple(steps)


def resolution(chain: tuple[str, ...], locales: tuple[str | None, ...]) -> tuple[str, ...]:
    """The form keys tried, in order, for an audience ``chain`` and a locale chain."""
    return tuple(form_key(name, locale) for locale in locales for name in (*chain, "text"))


def choose(
    text: Text,
    chain: tuple[str, ...],
    path: str,
    *,
    canonical_reader: bool,
    locales: tuple[str | None, ...] = (None,),
    source_locale: str = "en",
) -> Choice:
    """Pick ``text``'s form: the first authored along the locale and audience chains.

    For each locale of ``locales``, the audiences of ``chain`` in order, then
    the canonical text in that locale. ``None`` in ``locales`` is the article's
    own language (``source_locale``).
    """
    reader = _language(locales[0] or source_locale) if locales else _language(source_locale)
    for locale in locales:
        here = source_locale if locale is None else locale
        untranslated = _language(here) != reader
        for position, audience in enumerate(chain):
            form = text.form(audience, locale)
            if form is not None:
                return Choice(
                    text=form,
                    source=Source.AUTHORED if position == 0 else Source.INHERITED,
                    audience=audience,
                    path=path,
                    fell_back=position != 0,
                    locale=here,
                    key=form_key(audience, locale),
                    untranslated=untranslated,
                )
        canonical = text.canonical(locale)
        if canonical is not None:
            return Choice(
                text=canonical,
                source=Source.CANONICAL,
                path=path,
                fell_back=not canonical_reader,
                locale=here,
                key=form_key("text", locale),
                untranslated=untranslated,
            )
    # The article's own canonical text always exists; reached only without ``None``.
    return Choice(
        text=text.text,
        source=Source.CANONICAL,
        path=path,
        fell_back=not canonical_reader,
        locale=source_locale,
        key="text",
        untranslated=_language(source_locale) != reader,
    )


def _language(locale: str) -> str:
    return locale.split("_")[0]


def select(
    article: Article,
    audience: str,
    profiles: Profiles,
    *,
    locale: str,
    disclaimers: Mapping[str, Disclaimer],
    notices: Mapping[str, Notice],
) -> Variant:
    """The variant of ``article`` for ``audience``: visible content, chosen texts.

    ``disclaimers`` and ``notices`` are the pack's registries; the article's own
    disclaimers override them by id.
    """
    profile = profiles[audience]
    chain = profiles.chain(audience)
    native = profile.canonical_reader
    source = normalise_locale(article.locale)
    locales = locale_chain(locale, source)

    def pick(text: Text, path: str) -> Choice:
        return choose(
            text, chain, path, canonical_reader=native, locales=locales, source_locale=source
        )

    sections: list[SelectedSection] = []
    for s_index, section in enumerate(article.sections):
        if not section.visible_to(audience):
            continue
        blocks: list[SelectedBlock] = []
        for b_index, block in enumerate(section.blocks):
            if not block.visible_to(audience):
                continue
            choice = pick(block, f"sections[{s_index}].blocks[{b_index}]")
            blocks.append(
                SelectedBlock(
                    id=block.id, kind=block.kind, text=choice, citations=cited_numbers(choice.text)
                )
            )
        if blocks:
            sections.append(
                SelectedSection(
                    id=section.id,
                    heading=pick(section.heading, f"sections[{s_index}].heading"),
                    blocks=tuple(blocks),
                )
            )

    # Pack-provided notices and disclaimers are written for every reader, in the
    # pack's language (English) with translations; only the article's own texts
    # count as falling back.
    pack_locales = locale_chain(locale, PACK_LOCALE)

    def pick_shared(text: Text, path: str) -> Choice:
        return choose(
            text,
            chain,
            path,
            canonical_reader=True,
            locales=pack_locales,
            source_locale=PACK_LOCALE,
        )

    untranslated_ui: list[str] = []

    def ui(text: Text, where: str, steps: tuple[str | None, ...], own: str) -> str:
        choice = choose(text, (), where, canonical_reader=True, locales=steps, source_locale=own)
        if choice.untranslated:
            untranslated_ui.append(where)
        return choice.text

    local = {d.id: (d, f"disclaimers[{i}]") for i, d in enumerate(article.disclaimers)}
    chosen_disclaimers: list[SelectedDisclaimer] = []
    order = [
        *profile.disclaimers,
        *(d.id for d in article.disclaimers if d.id not in profile.disclaimers),
    ]
    for ident in order:
        if ident in local:
            item, where = local[ident]
            if not item.visible_to(audience):
                continue
            chooser = pick
        else:
            item, where = disclaimers[ident], f"<disclaimer {ident}>"
            chooser = pick_shared
        chosen_disclaimers.append(
            SelectedDisclaimer(
                id=ident,
                heading=chooser(item.heading, f"{where}.heading"),
                text=chooser(item.text, f"{where}.text"),
            )
        )

    chosen_notices: list[Choice] = []
    for n_index, notice in enumerate(article.notices):
        if notice.text is not None:
            chosen_notices.append(pick(notice.text, f"notices[{n_index}]"))
        else:
            shared = notices[notice.id].text
            assert shared is not None  # pack notices always carry text
            chosen_notices.append(pick_shared(shared, f"notices[{n_index}]"))

    follow = article.follow_up
    variant = Variant(
        article_id=article.id,
        audience=audience,
        locale=locale,
        title=pick(article.title, "title"),
        summary_heading=(
            pick(article.summary_heading, "summary_heading") if article.summary_heading else None
        ),
        lead=pick(article.lead, "lead"),
        updated=article.updated,
        review=article.review,
        review_board=(
            ui(article.review.board, "review.board", locales, source) if article.review else None
        ),
        notices=tuple(chosen_notices),
        editorial_policy=article.editorial_policy,
        sections=tuple(sections),
        references=(),
        disclaimers=tuple(chosen_disclaimers),
        follow_up_heading=pick(follow.heading, "follow_up.heading") if follow else None,
        follow_up_text=pick(follow.text, "follow_up.text") if follow else None,
        follow_up_url=follow.url if follow else None,
        audiences=tuple(
            AudienceOption(
                name=p.name,
                label=ui(p.label, f"profiles.{p.name}.label", pack_locales, PACK_LOCALE),
                description=ui(
                    p.description, f"profiles.{p.name}.description", pack_locales, PACK_LOCALE
                ),
                current=p.name == audience,
            )
            for p in profiles.values()
        ),
        resolution=resolution(chain, locales),
        untranslated_ui=tuple(untranslated_ui),
    )
    cited = {n for choice in variant.choices() for n in cited_numbers(choice.text)}
    return variant.model_copy(
        update={"references": tuple(r for r in article.references if r.id in cited)}
    )
