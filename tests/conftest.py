"""Shared fixtures: the example content pack and an engine built on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readerlevel import Article, Engine

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "variants"
MASSAGE = VARIANTS / "articles" / "massage-therapy-pain.yaml"
AUDIENCES = ("clinician", "patient", "caregiver")
FORMATS = ("html", "md", "text", "json")


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine on the example content pack."""
    return Engine(VARIANTS)


@pytest.fixture(scope="session")
def plain_engine() -> Engine:
    """An engine with only the built-in profiles, glossary and templates (built once)."""
    return Engine()


@pytest.fixture(scope="session")
def massage(engine: Engine) -> Article:
    """The example article, loaded and validated."""
    return engine.load(MASSAGE)


# Real-browser fixtures (tests/browser.py): `chromium` for the session, `page` per test.
from .browser import chromium, page  # noqa: E402, F401
