"""Select: keep what a reader may see and pick each text through the fallback chain.

For a profile whose chain is ``caregiver → patient``, each text field takes the
caregiver form if authored, else the patient form (inherited), else the
canonical text. Sections and blocks hidden from the reader by include/exclude
lists are dropped here, before anything can render them.
"""

from __future__ import annotations

from collections.abc import Mapping

from readerlevel.markers import cited_numbers
from readerlevel.models import Article, Disclaimer, Notice, Text
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

__all__ = ["choose", "select"]


def choose(text: Text, chain: tuple[str, ...], path: str, *, canonical_reader: bool) -> Choice:
    """Pick ``text``'s form for the first audience of ``chain`` that has one."""
    for position, audience in enumerate(chain):
        form = text.form(audience)
        if form is not None:
            if position == 0:
                return Choice(text=form, source=Source.AUTHORED, audience=audience, path=path)
            return Choice(
                text=form, source=Source.INHERITED, audience=audience, path=path, fell_back=True
            )
    return Choice(
        text=text.text, source=Source.CANONICAL, path=path, fell_back=not canonical_reader
    )


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

    def pick(text: Text, path: str) -> Choice:
        return choose(text, chain, path, canonical_reader=native)

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

    # Pack-provided notices and disclaimers are written for every reader; only
    # the article's own texts count as falling back.
    def pick_shared(text: Text, path: str) -> Choice:
        return pick(text, path).model_copy(update={"fell_back": False})

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
                name=p.name, label=p.label, description=p.description, current=p.name == audience
            )
            for p in profiles.values()
        ),
    )
    cited = {n for choice in variant.choices() for n in cited_numbers(choice.text)}
    return variant.model_copy(
        update={"references": tuple(r for r in article.references if r.id in cited)}
    )
