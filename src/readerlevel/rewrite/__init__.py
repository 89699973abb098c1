"""Rewrite: make canonical text fit a lay reader, and record every change.

Texts a reader has no authored wording for go through the profile's rule
chain (abbreviations, glossary terms, plain words). Citation markers,
numbers, units, URLs and markup are never touched, a replacement is never
rewritten again, and every change is recorded as a
:class:`~readerlevel.variant.Change` on its :class:`~readerlevel.variant.Choice`.
"""

from __future__ import annotations

from readerlevel.rewrite.draft import Draft, Edit
from readerlevel.rewrite.glossary import Abbreviation, Entry, Glossary, load_glossary
from readerlevel.rewrite.rules import RewriteContext, Rule, RuleChain, default_chain
from readerlevel.rewrite.stage import rewrite, rewrite_text

__all__ = [
    "Abbreviation",
    "Draft",
    "Edit",
    "Entry",
    "Glossary",
    "RewriteContext",
    "Rule",
    "RuleChain",
    "default_chain",
    "load_glossary",
    "rewrite",
    "rewrite_text",
]
