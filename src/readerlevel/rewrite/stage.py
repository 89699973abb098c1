"""The rewrite stage: a variant in, the same variant with lay wording out."""

from __future__ import annotations

from collections.abc import Mapping

from readerlevel.profiles import ReaderProfile, Terminology
from readerlevel.rewrite.draft import Draft
from readerlevel.rewrite.rules import RewriteContext, RuleChain
from readerlevel.variant import Choice, Source, Variant

__all__ = ["rewrite", "rewrite_text"]

_HEADINGS = ("title", "summary_heading", "follow_up.heading")


def _is_heading(path: str) -> bool:
    return path in _HEADINGS or path.endswith(".heading")


def rewrite_text(
    text: str, rules: RuleChain, context: RewriteContext, *, heading: bool = False
) -> Draft:
    """Run ``rules`` over one text; the returned draft holds the result and its changes."""
    draft = Draft.of(text, heading=heading)
    for _name, rule in rules:
        draft = rule(draft, context)
    return draft


def rewrite(
    variant: Variant,
    profile: ReaderProfile,
    chain: tuple[str, ...],
    rules: RuleChain | Mapping[str, RuleChain],
    *,
    mode: Terminology | None = None,
) -> Variant:
    """``variant`` with every non-authored article text rewritten for ``profile``.

    Texts authored for the reader are left as written; notices and disclaimers
    are not article content and are never rewritten. A ``technical`` profile
    gets the variant back unchanged. ``rules`` is one chain per language
    (``{"en": ..., "es": ...}``; a bare chain is English): each text is
    rewritten by its own language's chain, and left alone in a language
    without one.
    """
    terminology = mode or profile.terminology
    if terminology == "technical":
        return variant
    chains = {"en": rules} if isinstance(rules, RuleChain) else rules
    context = RewriteContext(audience=profile.name, chain=chain, mode=terminology)
    replaced: dict[str, Choice] = {}
    for choice in variant.content_choices():
        if choice.source is Source.AUTHORED:
            continue
        language = variant.language_of(choice).split("_")[0]
        found = chains.get(language)
        if found is None:
            continue
        draft = rewrite_text(choice.text, found, context, heading=_is_heading(choice.path))
        changes = draft.changes()
        if changes:
            replaced[choice.path] = choice.model_copy(
                update={"text": draft.text, "original": choice.text, "changes": changes}
            )
    return variant.with_choices(replaced) if replaced else variant
