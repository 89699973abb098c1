"""No leaks of audience-limited content, and no markup injection, in any output format."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from readerlevel import Article, Engine

from .conftest import AUDIENCES, FORMATS

CANARY_ARTICLE = """\
id: canary
title: {text: Title, patient: Patient title, caregiver: Caregiver title}
lead: {text: "Lead [1]", patient: "Patient lead [1]"}
updated: 2025-10-28
sections:
  - id: open
    heading: Open section
    blocks:
      - text: Open bullet [1]
      - {text: "CANARYCLINBLOCK only for clinicians [2]", audiences: [clinician]}
      - {text: Hidden from lay readers CANARYEXCL, exclude: [patient, caregiver]}
      - {text: Patients only CANARYPATONLY, audiences: [patient]}
  - id: secret
    audiences: [clinician]
    heading: CANARYCLINSECTION heading
    blocks: [CANARYCLINSECTIONBLOCK bullet]
references:
  - {id: 1, title: Open reference}
  - {id: 2, title: CANARYREF cited only by the clinician block}
"""

# canary -> audiences allowed to see it
CANARIES = {
    "CANARYCLINBLOCK": {"clinician"},
    "CANARYEXCL": {"clinician"},
    "CANARYPATONLY": {"patient"},
    "CANARYCLINSECTION": {"clinician"},
    "CANARYCLINSECTIONBLOCK": {"clinician"},
    "CANARYREF": {"clinician"},
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_limited_content_reaches_only_its_audience(
    plain_engine: Engine, audience: str, fmt: str
) -> None:
    """Each canary appears in exactly the outputs of the audiences allowed to see it."""
    engine = plain_engine
    output = engine.render(engine.parse(CANARY_ARTICLE, file="canary.yaml"), audience, fmt)
    for canary, allowed in CANARIES.items():
        # Match whole tokens so CANARYCLINSECTION does not match inside its longer sibling.
        present = re.search(rf"{canary}(?![A-Z])", output) is not None
        assert present == (audience in allowed), (canary, audience, fmt)


def _visible_text(output: str, fmt: str) -> str:
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", output))
    elif fmt == "md":
        text = re.sub(r"\\(.)", r"\1", output)
    elif fmt == "json":
        strings: list[str] = []

        def walk(node: Any) -> None:
            if isinstance(node, str):
                strings.append(node)
            elif isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(json.loads(output))
        text = " ".join(strings)
    else:
        text = output
    return re.sub(r"\s+", " ", text)


def _hidden_texts(article: Article, audience: str) -> list[str]:
    hidden: list[str] = []
    for section in article.sections:
        section_hidden = not section.visible_to(audience)
        if section_hidden:
            hidden.append(section.heading.text)
        for block in section.blocks:
            if section_hidden or not block.visible_to(audience):
                hidden.append(block.text)
                hidden.extend(block.forms.values())
    return hidden


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_example_article_leaks_no_limited_block(
    engine: Engine, massage: Article, audience: str, fmt: str
) -> None:
    """No clinician-only sentence of the example article reaches another reader, in any format."""
    hidden = _hidden_texts(massage, audience)
    if audience == "clinician":
        assert hidden == []
    else:
        assert hidden, "the example must have clinician-only content"
    output = _visible_text(engine.render(massage, audience, fmt), fmt)
    for text in hidden:
        words = re.sub(r"\s*\[[^\]]*\]", "", text).split()
        probe = " ".join(words[:6])
        assert probe not in output, (audience, fmt, probe)


def test_example_clinician_sees_clinician_only_blocks(engine: Engine, massage: Article) -> None:
    """The clinician variant keeps the blocks limited to clinicians (so the leak test bites)."""
    ids = {b.id for s in engine.personalise(massage, "clinician").sections for b in s.blocks}
    assert {"cytokines", "msk-evidence"} <= ids


PAYLOADS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    "</p><iframe src=//evil.example></iframe>",
    "[x](javascript:alert(1)) ![x](https://evil.example/x.png) <b onclick=alert(1)>b</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
)


def _hostile_article(payload: str) -> str:
    quoted = json.dumps(payload)
    return f"""\
id: hostile
title: {{text: {quoted}, patient: {quoted}, caregiver: {quoted}}}
summary_heading: {quoted}
lead: {{text: {quoted}, patient: {quoted}}}
updated: 2025-10-28
review: {{status: approved, board: {quoted}}}
notices: [{{id: custom, text: {quoted}}}]
sections:
  - id: s1
    heading: {{text: {quoted}, caregiver: {quoted}}}
    blocks:
      - {{text: {quoted}, patient: {quoted}}}
      - {{kind: paragraph, text: {quoted}}}
      - {{text: {quoted}, audiences: [clinician]}}
references:
  - {{id: 1, authors: [{quoted}], title: {quoted}, source: {quoted}}}
disclaimers:
  - {{id: professional, heading: {quoted}, text: {quoted}}}
  - {{id: patient, heading: {quoted}, text: {quoted}}}
  - {{id: caregiver, heading: {quoted}, text: {quoted}}}
follow_up: {{heading: {quoted}, text: {quoted} }}
"""


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "main", "article", "header", "h1",
    "h2", "section", "p", "ol", "ul", "li", "time", "nav", "span", "sup", "aside",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_inert(markup: str, allowed: set[str] = ALLOWED_TAGS) -> None:
    parser = _Tags()
    parser.feed(markup)
    for tag, attrs in parser.tags:
        assert tag in allowed, f"unexpected element <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name in ("href", "src"):
                assert not (value or "").strip().lower().startswith("javascript:"), value


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_escapes_markup_in_every_text_field(
    plain_engine: Engine, payload: str, audience: str
) -> None:
    """Markup placed in any text field renders as text: only the template's own elements exist."""
    engine = plain_engine
    output = engine.render(engine.parse(_hostile_article(payload), file="h.yaml"), audience, "html")
    _assert_inert(output)
    assert "<script" not in output.lower()


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_markdown_escapes_markup_in_every_text_field(
    plain_engine: Engine, payload: str, audience: str
) -> None:
    """The Markdown output, rendered by a CommonMark parser with HTML on, stays inert."""
    engine = plain_engine
    output = engine.render(engine.parse(_hostile_article(payload), file="h.yaml"), audience, "md")
    rendered = MarkdownIt("commonmark", {"html": True}).render(output)
    _assert_inert(rendered, ALLOWED_TAGS | {"strong", "blockquote"})
    for match in re.finditer(r'href="([^"]*)"', rendered):
        assert not match.group(1).lower().startswith("javascript:")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_payload_text_is_shown_verbatim(plain_engine: Engine, audience: str) -> None:
    """Escaping keeps content: the reader sees the payload's characters as written."""
    engine = plain_engine
    payload = PAYLOADS[0]
    article = engine.parse(_hostile_article(payload), file="h.yaml")
    page = engine.render(article, audience, "html")
    assert html.escape(payload, quote=True) in page or html.escape(payload, quote=False) in page
    text = engine.render(article, audience, "text")
    assert payload in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_marked_changes_stay_inert(plain_engine: Engine, payload: str) -> None:
    """With rewritten spans marked, hostile text around and inside them is still escaped."""
    from readerlevel import RenderOptions

    hostile = _hostile_article(payload + " osteoarthritis " + payload)
    article = plain_engine.parse(hostile, file="h.yaml")
    page = plain_engine.render(
        article, "caregiver", "html", options=RenderOptions(mark_changes=True)
    )
    _assert_inert(page)
    assert 'class="rl-term" title="osteoarthritis" data-rule="glossary"' in page
