"""Real-browser test support: Debian's chromium driven by Playwright, offline, with axe-core.

Playwright's own browser download is not used: the tests launch
``/usr/bin/chromium`` (``.ci/run`` installs Debian's package when it is
missing). Every page is offline: any request that is not ``data:`` or the
local test server is aborted and recorded, so content can never reach the
network. Dialogs (``alert``) and console errors are recorded too, so a test
can assert that no script ran.

Without a browser the tests are skipped, unless ``READERLEVEL_REQUIRE_BROWSER=1``
(set by ``.ci/run``), which makes a missing browser a failure.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("READERLEVEL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
"""Screenshots the tests write: artifacts to look at, not compared pixel by pixel."""

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_LOCAL = re.compile(r"^(data:|about:|http://127\.0\.0\.1[:/])")


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return f"no axe-core at {AXE} (npm ci --prefix tools/browser)"
    return None


def require_browser() -> None:
    """Skip the calling test without a browser; fail instead when CI requires one."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("READERLEVEL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here: {reason}")
    pytest.skip(reason)


@dataclass
class Watch:
    """What a page did that content must never make it do."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No dialog, no console error, no uncaught error, no request off the machine."""
        return not (self.dialogs or self.console_errors or self.page_errors or self.blocked)


def watch(page: Any) -> Watch:
    """Record dialogs, console errors, page errors; abort and record non-local requests."""
    seen = Watch()

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: Any) -> None:
        if message.type == "error":
            seen.console_errors.append(message.text)

    def route(route: Any) -> None:
        url = route.request.url
        if _LOCAL.match(url):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.route("**/*", route)
    return seen


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2 A/AA violations on the page, each with its nodes' targets."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as readable JSON for an assertion message."""
    return json.dumps(violations, indent=2)


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under build/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Debian chromium for the session (skipped or failed without one)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh page in its own context (no shared storage), offline.

    The page's Content-Security-Policy is bypassed, so axe-core can be injected
    and escaping is tested on its own, not behind the preview's CSP (which has
    a test of its own).
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()
