"""pytest plugin (registered through the ``pytest11`` entry point on install).

Fixtures:

- ``readerlevel_engine`` (session): an :class:`~readerlevel.engine.Engine` for
  the content pack named by the ``readerlevel_content`` ini option, else the
  pack containing pytest's root directory, else the built-ins;
- ``readerlevel_articles``: the article files of that pack;
- ``assert_readable`` and ``assert_faithful``: the functions of
  :mod:`readerlevel.testing`, bound to the session's engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from readerlevel.engine import Engine
    from readerlevel.readability.report import ReadabilityReport


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``readerlevel_content`` ini option."""
    parser.addini(
        "readerlevel_content",
        "readerlevel content pack directory (default: the pack containing the rootdir)",
        default="",
    )


@pytest.fixture(scope="session")
def readerlevel_engine(pytestconfig: pytest.Config) -> Engine:
    """The engine for this repository's content pack (built once per session)."""
    from readerlevel.engine import Engine

    configured = str(pytestconfig.getini("readerlevel_content") or "")
    if configured:
        return Engine(Path(pytestconfig.rootpath, configured))
    return Engine.for_path(pytestconfig.rootpath)


@pytest.fixture(scope="session")
def readerlevel_articles(readerlevel_engine: Engine) -> list[Path]:
    """Every article file of the content pack."""
    return readerlevel_engine.pack.article_paths()


def _bind(check: Callable[..., list[Any]], engine: Engine) -> Callable[..., list[Any]]:
    """``check`` with ``engine`` as its default engine."""

    def bound(subject: Any, profile: str | None = None, **options: Any) -> list[Any]:
        __tracebackhide__ = True
        options.setdefault("engine", engine)
        return check(subject, profile, **options)

    return bound


@pytest.fixture
def assert_readable(readerlevel_engine: Engine) -> Callable[..., list[ReadabilityReport]]:
    """``assert_readable(subject, profile=None, **options)`` using the session's engine."""
    from readerlevel.testing import assert_readable as check

    return _bind(check, readerlevel_engine)


@pytest.fixture
def assert_faithful(readerlevel_engine: Engine) -> Callable[..., list[Any]]:
    """``assert_faithful(subject, profile=None, **options)`` using the session's engine."""
    from readerlevel.testing import assert_faithful as check

    return _bind(check, readerlevel_engine)
