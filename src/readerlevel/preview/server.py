"""The live preview server: ``readerlevel preview --serve PATH``.

A Starlette app, served by uvicorn on 127.0.0.1, that renders the preview of
one article on every request and tells open pages to reload when a file of the
content pack changes (watchfiles, pushed to the page over server-sent
events). Content, glossary, profile, disclaimer and template files all count:
the engine is rebuilt after any change. Bad content never stops the server:
the page shows the located problems (HTTP 422) and recovers when the file is
fixed. Needs the ``preview`` extra (``pip install 'readerlevel[preview]'``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route
from watchfiles import awatch

from readerlevel.engine import Engine
from readerlevel.errors import Problem, ReaderlevelError
from readerlevel.pack import find_root
from readerlevel.preview import (
    LIVE_RELOAD_SCRIPT,
    content_security_policy,
    error_page,
    preview_page,
)

__all__ = ["HOST", "Preview", "create_app", "serve"]

HOST = "127.0.0.1"
"""The preview binds to the loopback interface only."""

WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".tsv", ".html", ".md", ".txt", ".css"})
"""Files whose change re-renders the page (content, glossaries, profiles, templates)."""

DEBOUNCE_MS = 50
"""How long watchfiles waits for a burst of changes to settle (editors save in bursts)."""


@dataclass(frozen=True)
class _Built:
    version: int
    engine: Engine | None
    problems: tuple[Problem, ...]


class Preview:
    """The article being previewed and the engine for its pack, rebuilt after changes.

    Thread-safe: the version and the engine are replaced together under a
    lock; a request renders from whichever pair it read.
    """

    def __init__(
        self,
        path: Path,
        *,
        content: Path | None = None,
        audiences: Sequence[str] | None = None,
        locales: Sequence[str] | None = None,
    ) -> None:
        self.path = path
        self.root = content if content is not None else find_root(path)
        self.audiences = list(audiences) if audiences else None
        self.locales = list(locales) if locales else None
        self._lock = threading.Lock()
        self._built = _Built(0, None, ())
        self._changed = asyncio.Event()

    @property
    def version(self) -> int:
        """Bumped on every change of a watched file."""
        return self._built.version

    @property
    def watched(self) -> Path:
        """The directory watched: the content pack, or the article's own directory."""
        return self.root if self.root is not None else self.path.parent

    def changed(self) -> None:
        """Forget the engine (files changed) and wake the pages waiting to reload."""
        with self._lock:
            self._built = _Built(self._built.version + 1, None, ())
            event, self._changed = self._changed, asyncio.Event()
        event.set()

    def next_change(self) -> asyncio.Event:
        """An event set by the next change (take it before reading :attr:`version`)."""
        return self._changed

    def _engine(self) -> tuple[int, Engine | None, tuple[Problem, ...]]:
        with self._lock:
            built = self._built
            if built.engine is None and not built.problems:
                try:
                    engine: Engine | None = Engine(self.root)
                    problems: tuple[Problem, ...] = ()
                except ReaderlevelError as exc:
                    engine, problems = None, exc.problems_at(str(self.root))
                built = self._built = _Built(built.version, engine, problems)
            return built.version, built.engine, built.problems

    def render(self, *, live: bool = True) -> tuple[int, str]:
        """The page now: the preview, or the located problems; and the HTTP status."""
        _version, engine, problems = self._engine()
        if engine is not None:
            try:
                article = engine.load(self.path)
                page = preview_page(
                    engine,
                    article,
                    audiences=self.audiences,
                    locales=self.locales,
                    source=self.path,
                    live=live,
                )
                return 200, page
            except ReaderlevelError as exc:
                problems = exc.problems_at(str(self.path))
        return 422, error_page(problems, source=self.path, live=live)


def create_app(preview: Preview) -> Starlette:
    """The ASGI app: ``/`` the page, ``/events`` its reload signal (server-sent events)."""

    async def page(request: Request) -> Response:
        status, html = await asyncio.to_thread(preview.render)
        return HTMLResponse(
            html,
            status_code=status,
            headers={
                "Cache-Control": "no-store",
                "Content-Security-Policy": content_security_policy(LIVE_RELOAD_SCRIPT),
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[str]:
            sent: int | None = None
            while not await request.is_disconnected():
                change = preview.next_change()  # before reading the version: no change is missed
                if preview.version != sent:
                    sent = preview.version
                    yield f"data: {sent}\n\n"
                    continue
                try:
                    await asyncio.wait_for(change.wait(), timeout=15)
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"

        return StreamingResponse(
            stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()

        async def watch() -> None:
            async for changes in awatch(
                preview.watched, stop_event=stop, debounce=DEBOUNCE_MS, step=25
            ):
                if any(Path(p).suffix.lower() in WATCHED_SUFFIXES for _, p in changes):
                    preview.changed()

        task = asyncio.create_task(watch())
        try:
            yield
        finally:
            stop.set()
            await task

    return Starlette(
        routes=[Route("/", page), Route("/events", events)],
        lifespan=lifespan,
    )


def serve(preview: Preview, *, port: int = 8000) -> None:
    """Serve ``preview`` on 127.0.0.1:``port`` until interrupted."""
    import uvicorn

    uvicorn.run(create_app(preview), host=HOST, port=port, log_level="warning")
