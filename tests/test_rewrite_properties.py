"""Property tests of the rewrite stage (Hypothesis): invariants on generated text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from readerlevel.rewrite import Glossary, RewriteContext, RuleChain, default_chain, rewrite_text
from readerlevel.rewrite.glossary import load_glossary_file

FIXTURES = Path(__file__).parent / "fixtures" / "rewrite"
GLOSSARY = Glossary.merge([load_glossary_file(FIXTURES / "glossary.yaml")])
CHAIN: RuleChain = default_chain(GLOSSARY)
MODES = ("lay", "lay_gloss", "definition")

TERMS = sorted(
    {surface for loc in GLOSSARY.terms.values() for surface, _ in loc.item.forms()}  # type: ignore[union-attr]
    | {loc.item.short for loc in GLOSSARY.abbreviations.values()}  # type: ignore[union-attr]
    | {"utilize", "approximately", "randomized controlled trials (RCTs)"}
)
PROTECTED_TOKENS = re.compile(r"\[\d+(?:, \d+)*\]|https?://\S+|\d+(?:\.\d+)?")

words = st.sampled_from(
    ["the", "and", "Pain", "PAIN", "with", "of", "patients", "may", "not", "(", ")", ",", ".",
     "painting", "pain-free", "o'pain", "’s", "—", "α", "é", "\n", "  "]
)  # fmt: skip
numbers = st.builds(str, st.integers(0, 10_000)) | st.builds(
    lambda a, b: f"{a}.{b}", st.integers(0, 99), st.integers(0, 99)
)
markers = st.builds(lambda n: f"[{n}]", st.integers(1, 30)) | st.builds(
    lambda a, b: f"[{a}, {b}]", st.integers(1, 9), st.integers(10, 30)
)
urls = st.builds(lambda w: f"https://example.org/{w}", st.sampled_from(["pain", "a?b=1", "x.html"]))
units = st.sampled_from(["mg", "%", "minutes", "mg/kg"])
tokens = st.one_of(words, st.sampled_from(TERMS), numbers, markers, urls, units)
clinical = st.lists(tokens, min_size=0, max_size=40).map(" ".join)


def _context(mode: str) -> RewriteContext:
    return RewriteContext("patient", ("patient",), mode)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(text=st.text(), mode=st.sampled_from(MODES), heading=st.booleans())
def test_never_raises_on_arbitrary_unicode(text: str, mode: str, heading: bool) -> None:
    """Any Unicode string rewrites without an exception, and the draft covers all of it."""
    draft = rewrite_text(text, CHAIN, _context(mode), heading=heading)
    for change in draft.changes():
        assert text[change.start : change.end] == change.original


@settings(max_examples=300, deadline=None)
@given(text=clinical, mode=st.sampled_from(MODES))
def test_never_changes_numbers_markers_or_urls(text: str, mode: str) -> None:
    """Every number, citation marker and URL of the input is in the output, as often."""
    out = rewrite_text(text, CHAIN, _context(mode)).text
    before = Counter(PROTECTED_TOKENS.findall(text))
    after = Counter(PROTECTED_TOKENS.findall(out))
    assert before == after


@settings(max_examples=200, deadline=None)
@given(text=clinical | st.text())
def test_technical_profile_changes_nothing(text: str) -> None:
    """A technical reader gets the text back unchanged, with no changes recorded."""
    draft = rewrite_text(text, CHAIN, _context("technical"))
    assert draft.text == text
    assert draft.changes() == ()


@settings(max_examples=300, deadline=None)
@given(text=clinical, mode=st.sampled_from(MODES))
def test_rewriting_twice_equals_rewriting_once(text: str, mode: str) -> None:
    """Rewritten text is recognised as plain: a second rewrite changes nothing."""
    once = rewrite_text(text, CHAIN, _context(mode)).text
    twice = rewrite_text(once, CHAIN, _context(mode)).text
    assert twice == once


@settings(max_examples=200, deadline=None)
@given(text=clinical, mode=st.sampled_from(MODES))
def test_trace_accounts_for_every_difference(text: str, mode: str) -> None:
    """Splicing each change's replacement into the original gives the output exactly."""
    draft = rewrite_text(text, CHAIN, _context(mode))
    rebuilt, pos = [], 0
    for change in draft.changes():
        rebuilt.append(text[pos : change.start])
        rebuilt.append(change.replacement)
        pos = change.end
        assert draft.text[change.new_start : change.new_end] == change.replacement
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == draft.text
