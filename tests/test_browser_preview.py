"""The preview in a real browser: accessible, keyboard-usable, script-free, and live."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from readerlevel import Engine
from readerlevel.errors import Problem
from readerlevel.preview import LIVE_RELOAD_SCRIPT, error_page, preview_page

from .browser import Watch, axe_violations, describe, screenshot, watch
from .conftest import VARIANTS

ARTICLES = sorted((VARIANTS / "articles").glob("*.yaml"))


@pytest.fixture(scope="module")
def pages(engine: Engine) -> dict[str, str]:
    """The preview of each example article."""
    return {p.stem: preview_page(engine, engine.load(p), source=p) for p in ARTICLES}


@pytest.mark.parametrize("name", [p.stem for p in ARTICLES])
def test_the_preview_has_no_wcag_violations(page: Any, pages: dict[str, str], name: str) -> None:
    """axe-core finds no WCAG 2 A/AA violation in the preview; a screenshot is kept."""
    seen = watch(page)
    page.set_content(pages[name])
    screenshot(page, f"preview-{name}")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert seen.clean, seen


def test_the_error_page_has_no_wcag_violations(page: Any) -> None:
    """The page shown for bad content is accessible too."""
    problem = Problem("YAML syntax error: expected ',' or ']'", "articles/a.yaml", 2, 7)
    page.set_content(error_page([problem], source="articles/a.yaml"))
    screenshot(page, "preview-error")
    assert page.get_by_role("alert").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_focus_on_a_rewritten_span_shows_its_original(page: Any, pages: dict[str, str]) -> None:
    """Tabbing reaches a rewritten span; focused, its tooltip shows the original and the rule."""
    page.set_content(pages["massage-therapy-pain"])
    first = page.locator("#pv-en-patient .pv-change").first
    tip = first.locator(".pv-tip")
    assert not tip.is_visible()
    for _ in range(300):  # keyboard only: Tab until the span has focus
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first rewritten span of the patient column")
    assert tip.is_visible()
    assert "was “" in tip.inner_text() and "rule:" in tip.inner_text()
    outline = first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # focus is visible
    screenshot(page, "preview-tooltip")


def test_the_language_switch_shows_one_locale(page: Any, pages: dict[str, str]) -> None:
    """Choosing 'es' in the labelled switch hides the English columns, and back."""
    page.set_content(pages["massage-therapy-pain"])
    english = page.locator("#pv-en-patient")
    spanish = page.locator("#pv-es-patient")
    assert english.is_visible() and spanish.is_visible()
    page.get_by_label("es", exact=True).check()
    assert spanish.is_visible() and not english.is_visible()
    page.get_by_label("all", exact=True).check()
    assert english.is_visible()


def test_the_policy_blocks_any_script_that_got_in(chromium: Any, pages: dict[str, str]) -> None:
    """With its CSP enforced, an inline script inserted into the page does not run."""
    context = chromium.new_context()  # CSP enforced (the `page` fixture bypasses it)
    try:
        tab = context.new_page()
        seen = watch(tab)
        injected = pages["massage-therapy-pain"].replace(
            "</main>", "<script>window.ran = true; alert(1)</script></main>"
        )
        tab.set_content(injected)
        assert tab.evaluate("window.ran === undefined")
        assert seen.dialogs == []
    finally:
        context.close()


# --- the live server -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``readerlevel preview --serve`` on a copy of the example pack: its URL and article."""
    import uvicorn

    from readerlevel.preview.server import HOST, Preview, create_app

    pack = tmp_path / "pack"
    shutil.copytree(VARIANTS, pack)
    path = pack / "articles" / "walking-knee-osteoarthritis.yaml"
    port = _free_port()
    config = uvicorn.Config(
        create_app(Preview(path, audiences=["patient"])),
        host=HOST,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the preview server did not start"
        time.sleep(0.02)
    try:
        yield f"http://{HOST}:{port}/", path
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _within(page: Any, selector: str, text: str, seconds: float = 2.0) -> float:
    """Seconds until ``selector`` shows ``text`` (fails after ``seconds``)."""
    start = time.monotonic()
    page.wait_for_function(
        "([sel, text]) => { const el = document.querySelector(sel);"
        " return el !== null && el.textContent.includes(text); }",
        arg=[selector, text],
        timeout=seconds * 1000,
    )
    return time.monotonic() - start


def test_the_live_preview_follows_edits_and_recovers(page: Any, live: tuple[str, Path]) -> None:
    """An edit shows within 2 s; a broken file shows its located error; fixing it recovers."""
    url, path = live
    seen = watch(page)
    page.goto(url)
    assert "Can walking help my knee arthritis?" in page.locator("#pv-en-patient").inner_text()
    page.wait_for_timeout(300)  # the page's event stream is open
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Can walking help my", "Could walking help my"), encoding="utf-8")
    took = _within(page, "#pv-en-patient h4", "Could walking help my")
    assert took < 2.0
    path.write_text(good.replace("id: walking-knee", "id: [walking-knee"), encoding="utf-8")
    _within(page, "[role=alert]", "YAML syntax error")
    assert f"{path.name}:2:7" in page.get_by_role("alert").inner_text()
    screenshot(page, "preview-live-error")
    path.write_text(good, encoding="utf-8")
    _within(page, "#pv-en-patient h4", "Can walking help my")
    assert seen.dialogs == [] and seen.page_errors == [] and seen.blocked == []


# --- XSS: every vector in every field, for every reader, through the preview ---------------


class _Active(HTMLParser):
    """What in a page could run script or fetch: elements, handlers, URLs; and its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"iframe", "object", "embed", "base", "svg", "math", "link", "form", "img"}:
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(v and "refresh" in v.lower() for _, v in attrs):
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction"} and not (value or "#").startswith(
                "#"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self._into = self.scripts if tag == "script" else self.styles
            self._into.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def _active(html: str) -> _Active:
    parser = _Active()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def plain() -> Engine:
    """The built-in pack, for the vectors' articles."""
    return Engine()


@pytest.fixture(scope="module")
def clean_style(plain: Engine) -> str:
    """The preview's own stylesheet for an article in en and es (the vectors' articles are too)."""
    from .xss import article_with

    page = preview_page(plain, plain.parse(article_with("plain words")), live=True)
    [style] = _active(page).styles
    return style


@pytest.fixture(scope="module")
def vector_page(chromium: Any) -> Iterator[tuple[Any, Watch]]:
    """One page (CSP bypassed) and its watch, reused for every vector."""
    context = chromium.new_context(bypass_csp=True)
    tab = context.new_page()
    try:
        yield tab, watch(tab)
    finally:
        context.close()


def _vectors() -> list[str]:
    from .xss import vectors

    return vectors()


@pytest.mark.parametrize("index", range(len(_vectors())))
def test_a_vector_in_every_field_stays_text_in_the_preview(
    index: int, plain: Engine, clean_style: str, vector_page: tuple[Any, Watch]
) -> None:
    """The served preview holds no markup from content; in chromium no dialog, error or request."""
    from .xss import article_with

    vector = _vectors()[index]
    article = plain.parse(article_with(vector))
    served = preview_page(plain, article, live=True)  # every reader × en and es
    found = _active(served)
    assert found.found == [], (vector, found.found)
    assert found.scripts == [LIVE_RELOAD_SCRIPT], vector  # ours, pinned by the CSP's hash
    assert found.styles == [clean_style], vector
    assert served.count('<article class="pv-column"') == 6
    tab, seen = vector_page
    for kept in (seen.dialogs, seen.console_errors, seen.page_errors, seen.blocked):
        kept.clear()
    tab.set_content(preview_page(plain, article))  # the static page: no script at all
    tab.wait_for_timeout(50)
    assert seen.clean, (vector, seen)
    assert tab.evaluate("document.scripts.length") == 0
    shown = tab.locator("#pv-en-patient h4.pv-text").inner_text()
    assert shown.split() == vector.split()  # the vector, as text (the browser folds spaces)
