"""XSS vectors in every text field stay text: in the HTML source and in a real browser.

Each vector of tests/fixtures/xss/ (see tests/xss.py) fills every text field
of an article, in every form and both languages; the article is rendered for
every reader, in both languages, by default and as the editor's preview
renders it. The HTML must hold no active markup, and chromium must show it
without a dialog, an error or a request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from html.parser import HTMLParser
from typing import Any

import pytest

from readerlevel import Engine, RenderOptions

from .browser import Watch, watch
from .conftest import AUDIENCES, ROOT
from .xss import FORMS, article_with, vectors

LOCALES = ("en", "es")
OPTIONS = {"default": None, "preview": RenderOptions(mark_changes=True, annotate=True)}
RENDERS = [(a, loc, opt) for a in AUDIENCES for loc in LOCALES for opt in OPTIONS]
"""Every (audience, locale, options) a vector is rendered with: 12 pages per vector."""

STYLESHEET = (ROOT / "src" / "readerlevel" / "render" / "templates" / "style.css").read_text(
    encoding="utf-8"
)
FORBIDDEN = {"script", "iframe", "object", "embed", "base", "svg", "math", "link", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
BAD_SCHEME = re.compile(r"^(javascript:|vbscript:|data:text/html)")
# Browsers drop ASCII tab and newlines anywhere in a URL and leading controls and spaces.
URL_IGNORED = re.compile(r"[\x00-\x20]")

VECTORS = vectors()

# The browser's own parse of the page: active elements or handlers, and the title as text.
IN_DOM = """(forbidden) => ({
  active: Array.from(document.querySelectorAll("*")).flatMap(el => [
    ...(forbidden.includes(el.localName) ? [`<${el.localName}>`] : []),
    ...Array.from(el.attributes).filter(a => a.name.startsWith("on"))
      .map(a => `<${el.localName} ${a.name}>`),
  ]),
  styles: document.querySelectorAll("style").length,
  title: document.querySelector("h1")?.textContent ?? null,
})"""


class ActiveMarkup(HTMLParser):
    """Collects what in a page could run script, fetch, or restyle it, and some texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.styles: list[str] = []
        self.texts: dict[str, str] = {}
        """Text of the title (``h1``) and of reference 1 (``ref-1``), as a reader sees it."""
        self._capture: tuple[str, str] | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and any(
            n == "http-equiv" and (v or "").strip().lower() == "refresh" for n, v in attrs
        ):
            self.found.append("<meta http-equiv=refresh>")
        if tag == "style":
            self._in_style = True
            self.styles.append("")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> event handler")
            url = URL_IGNORED.sub("", value or "").lower()
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(url):
                self.found.append(f"<{tag} {name}={value!r}>")
        key = "h1" if tag == "h1" else dict(attrs).get("id")
        if self._capture is None and key in ("h1", "ref-1"):
            self._capture = (key, tag)
            self.texts[key] = ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if self._capture is not None and self._capture[1] == tag:
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data
        if self._capture is not None:
            self.texts[self._capture[0]] += data


def active_markup(html: str, texts: dict[str, str]) -> list[str]:
    """Problems in ``html``: active markup, a stylesheet not ours, or texts other than ``texts``."""
    parser = ActiveMarkup()
    parser.feed(html)
    parser.close()
    found = list(parser.found)
    if [style.strip() for style in parser.styles] != [STYLESHEET.strip()]:
        found.append(f"{len(parser.styles)} <style> elements, not exactly the built-in one")
    if parser.texts != texts:
        found.append(f"the page reads {parser.texts!r}, not {texts!r}")
    return found


Renders = Callable[..., tuple[tuple[str, str], ...]]


@pytest.fixture(scope="module")
def renders(plain_engine: Engine) -> Renders:
    """``renders(vector, cite=False)``: ``(name, html)`` of every render of its article.

    Built-in pack only. Cached, so the browser test shows the very pages the
    static test read.
    """

    @cache
    def render_all(vector: str, cite: bool = False) -> tuple[tuple[str, str], ...]:
        article = plain_engine.parse(article_with(vector, cite=cite), file="xss.yaml")
        return tuple(
            (
                f"{audience}-{locale}-{option}",
                plain_engine.render(
                    article, audience, "html", locale=locale, options=OPTIONS[option]
                ),
            )
            for audience, locale, option in RENDERS
        )

    return render_all


@pytest.fixture(scope="module")
def pages(chromium: Any) -> Iterator[list[tuple[Any, Watch]]]:
    """One watched page per render of a vector, shared by every vector of this module.

    The pages load at once and then wait together, which keeps the module at
    a fraction of the time one page per render would take. ``watch`` is
    called once per page; its lists are cleared before each load.
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        opened = []
        for _ in RENDERS:
            page = context.new_page()
            opened.append((page, watch(page)))
        yield opened
    finally:
        context.close()


def _clear(seen: Watch) -> None:
    for events in (seen.dialogs, seen.console_errors, seen.page_errors, seen.blocked):
        events.clear()


def test_every_vector_is_read() -> None:
    """Both vendored lists give 89 distinct, non-empty vectors, the RSnake list first."""
    assert len(VECTORS) == 89
    assert len(set(VECTORS)) == len(VECTORS)
    assert all(vector.strip() for vector in VECTORS)
    assert VECTORS[0] == "<SCRIPT>alert('XSS');</SCRIPT>"


def test_a_vector_citing_references_gets_them(plain_engine: Engine) -> None:
    """A vector holding citation markers is embedded with the references it cites."""
    vector = "<img src=x onerror=alert(1)>[2] [3-4]"
    article = plain_engine.parse(article_with(vector))
    assert [ref.id for ref in article.references] == [1, 2, 3, 4]
    assert {article.title.text, *article.title.all_forms.values()} == {vector}
    assert len(article.title.all_forms) == len(FORMS) - 1


@pytest.mark.parametrize("vector", VECTORS, ids=[str(n) for n in range(len(VECTORS))])
def test_vector_is_inert(renders: Renders, vector: str) -> None:
    """Every render of an article made of the vector holds no active markup, only ours."""
    for name, html in renders(vector):
        assert active_markup(html, {"h1": vector}) == [], name
    # Citing reference 1 everywhere shows the reference list too, vector and all.
    shown = {"h1": f"{vector}1", "ref-1": f"{vector}. {vector}. {vector}."}
    for name, html in renders(vector, cite=True):
        assert active_markup(html, shown) == [], f"{name} (citing)"


@pytest.mark.parametrize("vector", VECTORS, ids=[str(n) for n in range(len(VECTORS))])
def test_vector_is_inert_in_browser(
    pages: list[tuple[Any, Watch]], renders: Renders, vector: str
) -> None:
    """Chromium shows every render of the vector's article without dialog, error or request."""
    for (page, seen), (_, html) in zip(pages, renders(vector), strict=True):
        _clear(seen)
        page.set_content(html)
    pages[0][0].wait_for_timeout(50)
    for (page, seen), (name, _) in zip(pages, renders(vector), strict=True):
        assert seen.dialogs == [], f"{name}: {seen}"
        assert seen.page_errors == [], f"{name}: {seen}"
        assert seen.console_errors == [], f"{name}: {seen}"
        assert seen.blocked == [], f"{name}: {seen}"
        dom = page.evaluate(IN_DOM, sorted(FORBIDDEN))
        assert dom == {"active": [], "styles": 1, "title": vector}, name
