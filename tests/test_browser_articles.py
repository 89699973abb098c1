"""The example articles in a real browser: axe-core, keyboard, page structure, screenshots.

Every example article (variants/articles/) for every reader and both
languages, as rendered by default and as an editor's preview renders it
(``mark_changes`` and ``annotate``). See tests/browser.py for the browser.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from readerlevel import Article, Engine, RenderOptions

from .browser import axe_violations, describe, screenshot, watch
from .conftest import AUDIENCES, VARIANTS

LOCALES = ("en", "es")
ARTICLES = tuple(path.stem for path in sorted((VARIANTS / "articles").glob("*.yaml")))
PREVIEW = RenderOptions(mark_changes=True, annotate=True)
MAX_TABS = 200

CASES = [
    pytest.param(article, audience, locale, id=f"{article}-{audience}-{locale}")
    for article in ARTICLES
    for audience in AUDIENCES
    for locale in LOCALES
]

# What the focused element is, and whether focus is shown on it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    link: Array.from(document.querySelectorAll("a[href]")).indexOf(el),
    tag: el.tagName.toLowerCase(),
    cls: el.className,
    href: el.getAttribute("href"),
    outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px",
    shadow: style.boxShadow !== "none",
    onscreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


@pytest.fixture(scope="module")
def articles(engine: Engine) -> dict[str, Article]:
    """The example articles by id, loaded once."""
    loaded = {}
    for stem in ARTICLES:
        article = engine.load(VARIANTS / "articles" / f"{stem}.yaml")
        loaded[article.id] = article
    assert sorted(loaded) == sorted(ARTICLES), "an article's id differs from its file name"
    return loaded


def _load(page: Any, html: str) -> None:
    """Show ``html`` in ``page`` and check it loaded nothing and ran into no error."""
    seen = watch(page)
    page.set_content(html)
    assert seen.clean, seen


@pytest.mark.parametrize(("article_id", "audience", "locale"), CASES)
def test_no_axe_violations(
    page: Any,
    engine: Engine,
    articles: dict[str, Article],
    article_id: str,
    audience: str,
    locale: str,
) -> None:
    """axe-core finds no WCAG 2 A/AA violation, by default and in the preview rendering."""
    article = articles[article_id]
    name = f"article-{article_id}-{audience}-{locale}"
    seen = watch(page)
    for options, suffix in ((None, ""), (PREVIEW, "-preview")):
        html = engine.render(article, audience, "html", locale=locale, options=options)
        page.set_content(html)
        violations = axe_violations(page)
        assert violations == [], f"{name}{suffix}:\n{describe(violations)}"
        screenshot(page, name + suffix)
    assert seen.clean, seen


@pytest.mark.parametrize(("article_id", "audience", "locale"), CASES)
def test_keyboard_reaches_every_link(
    page: Any,
    engine: Engine,
    articles: dict[str, Article],
    article_id: str,
    audience: str,
    locale: str,
) -> None:
    """Tab starts at the skip link, reaches every link and always shows where focus is."""
    html = engine.render(articles[article_id], audience, "html", locale=locale)
    _load(page, html)
    links = page.evaluate("() => document.querySelectorAll('a[href]').length")
    visited: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        visited.append(focused)
    else:
        pytest.fail(f"focus did not come back to the page after {MAX_TABS} Tab presses")

    assert visited, "Tab focused nothing"
    first = visited[0]
    assert (first["cls"], first["href"]) == ("rl-skip", "#rl-content"), first
    assert first["onscreen"], "the skip link stays off screen when focused"
    unseen = [f for f in visited if not (f["outline"] or f["shadow"])]
    assert unseen == [], f"focus is not visible on {unseen}"
    reached = {f["link"] for f in visited}
    assert reached >= set(range(links)), f"links never focused: {set(range(links)) - reached}"


@pytest.mark.parametrize(("article_id", "audience", "locale"), CASES)
def test_page_structure(
    page: Any,
    engine: Engine,
    articles: dict[str, Article],
    article_id: str,
    audience: str,
    locale: str,
) -> None:
    """One h1, no skipped heading level, one main, a named selector nav, html lang = locale."""
    html = engine.render(articles[article_id], audience, "html", locale=locale)
    _load(page, html)

    levels = page.evaluate(
        "() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'),"
        " h => Number(h.tagName[1]))"
    )
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert skips == [], f"heading levels skip: {levels}"

    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("heading", level=1).count() == 1

    # The audience selector: a navigation landmark whose accessible name is its heading.
    selector = page.locator("nav.rl-selector")
    assert selector.count() == 1
    heading = selector.get_by_role("heading").first.inner_text().strip()
    assert heading
    named = page.get_by_role("navigation", name=heading, exact=True)
    assert named.count() == 1, f"no navigation landmark named {heading!r}"
    assert named.get_by_role("link").count() == len(AUDIENCES)
    current = named.locator("[aria-current=page]")
    assert current.count() == 1
    assert current.get_attribute("href") == f"?audience={audience}"

    assert page.locator("html").get_attribute("lang") == locale
