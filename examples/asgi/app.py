"""readerlevel in a web app: one engine, every article, a page per reader and language.

A Starlette app that builds one :class:`~readerlevel.Engine` and loads every
article of a content pack at startup, then serves ``GET /articles/{id}`` for
the reader's audience (``?audience=``, else the ``readerlevel_audience``
cookie, else ``patient``) and language (``?lang=``, else ``Accept-Language``),
with the headers a shared cache and the browser need (``Vary``, a strong
``ETag`` answered with 304, ``Content-Language``). ``GET /prerendered`` serves
one page rendered at startup with the same headers: the baseline to load-test
the app against. See README.md beside this file.

From the root of the repository::

    python examples/asgi/app.py --port 8080
    READERLEVEL_CONTENT=variants uvicorn --factory examples.asgi.app:factory --port 8080
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from readerlevel import Article, Engine
from readerlevel.check import article_files
from readerlevel.errors import ReaderlevelError, UnknownAudienceError
from readerlevel.i18n import negotiate
from readerlevel.render import RenderOptions

__all__ = ["create_app", "factory", "main"]

REPO = Path(__file__).resolve().parents[2]
"""The repository root (``examples/asgi/app.py`` is two levels below it)."""

CONTENT_ENV = "READERLEVEL_CONTENT"
"""The environment variable :func:`factory` reads the content pack's path from."""

DEFAULT_CONTENT = REPO / "variants"
DEFAULT_AUDIENCE = "patient"
HOST = "127.0.0.1"

AUDIENCE_COOKIE = "readerlevel_audience"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
"""One year, in seconds."""

OPTIONS = RenderOptions(selector_href="?audience={audience}")
"""The library's default, spelt out: the page's "Which best describes you?" links."""

VARY = "Accept-Language, Cookie"
CACHE_CONTROL = "private, max-age=0, must-revalidate"
HTML = "text/html; charset=utf-8"

_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


@dataclass(frozen=True)
class _Entry:
    """An article loaded at startup, with the locales it is written in (its own first)."""

    article: Article
    locales: tuple[str, ...]


@dataclass(frozen=True)
class _Page:
    """A rendered page: its bytes, their entity tag and the page's locale."""

    body: bytes
    etag: str
    locale: str


def load_articles(engine: Engine, content: Path) -> dict[str, _Entry]:
    """Every article in ``content/articles/``, by id; two files with one id are an error."""
    entries: dict[str, _Entry] = {}
    files: dict[str, Path] = {}
    for path in article_files([content / "articles"]):
        article = engine.load(path)
        if article.id in entries:
            raise ValueError(f"article id '{article.id}' is in both {files[article.id]} and {path}")
        entries[article.id] = _Entry(article, engine.locales(article))
        files[article.id] = path
    return entries


def entity_tag(body: bytes) -> str:
    """A strong ETag: the first 32 hex digits of the body's SHA-256, quoted."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` matches ``etag``: ``*``, or any tag of the list, weak or strong.

    If-None-Match uses the weak comparison (RFC 9110 §13.1.2): ``W/"x"`` matches ``"x"``.
    """
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.strip('"')
    return any(match.group(1) == opaque for match in _ENTITY_TAG.finditer(if_none_match))


def content_language(locale: str) -> str:
    """A locale id as a BCP 47 language tag: ``es_MX`` → ``es-MX``."""
    return locale.replace("_", "-")


def _plain(message: str, status: int) -> Response:
    """A short plain-text error (user input may be echoed: never sniffed as HTML)."""
    return PlainTextResponse(
        message + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff"}
    )


def _respond(request: Request, page: _Page, *, remember: str | None = None) -> Response:
    """``page`` with its caching headers, or 304 if the client has it; sets the cookie if asked."""
    headers = {
        "ETag": page.etag,
        "Vary": VARY,
        "Content-Language": content_language(page.locale),
        "Cache-Control": CACHE_CONTROL,
    }
    if not_modified(request.headers.get("if-none-match"), page.etag):
        # RFC 9110 §15.4.5: a 304 repeats ETag, Vary and Cache-Control; it has no body.
        response = Response(status_code=304, headers=headers)
    else:
        response = Response(page.body, headers={**headers, "Content-Type": HTML})
    if remember is not None:
        response.set_cookie(
            AUDIENCE_COOKIE,
            remember,
            max_age=COOKIE_MAX_AGE,
            path="/",
            samesite="lax",
            httponly=True,
        )
    return response


def create_app(content: Path) -> Starlette:
    """The app for the content pack at ``content``: its engine and articles are loaded here, once.

    Raises :class:`~readerlevel.errors.ContentError` for a pack or article that
    does not load, and :class:`ValueError` for two articles with one id.
    """
    engine = Engine(content)  # thread-safe and immutable: shared by every request
    articles: Mapping[str, _Entry] = load_articles(engine, content)
    audiences = tuple(engine.profiles)

    # Encoded pages and their ETags, by the engine's cached string (whose hash Python
    # keeps, so a lookup does not rehash the page); bounded like the engine's cache.
    pages: OrderedDict[str, _Page] = OrderedDict()
    lock = threading.Lock()

    def page_for(body: str, locale: str) -> _Page:
        with lock:
            found = pages.get(body)
            if found is not None and found.locale == locale:
                pages.move_to_end(body)
                return found
        data = body.encode("utf-8")
        page = _Page(data, entity_tag(data), locale)
        with lock:
            pages[body] = page
            while len(pages) > engine.cache_info().maxsize:
                pages.popitem(last=False)
        return page

    def render(entry: _Entry, audience: str, locale: str) -> _Page:
        body = engine.render(entry.article, audience, "html", locale=locale, options=OPTIONS)
        return page_for(body, locale)

    # The baseline: the first article (by id) for the default reader in its own locale.
    first = articles[min(articles)] if articles else None
    prerendered = render(first, DEFAULT_AUDIENCE, first.locales[0]) if first else None

    async def article_page(request: Request) -> Response:
        entry = articles.get(request.path_params["id"])
        if entry is None:
            return _plain("no such article", 404)

        asked = request.query_params.get("audience")
        if asked is not None:
            audience = asked
        else:
            # A cookie naming a profile that no longer exists is ignored, not an error.
            cookie = request.cookies.get(AUDIENCE_COOKIE)
            audience = cookie if cookie in audiences else DEFAULT_AUDIENCE
        try:
            engine.profiles[audience]
        except UnknownAudienceError as exc:
            return _plain(str(exc), 400)

        lang = request.query_params.get("lang")
        if lang is not None:
            locale = negotiate([lang], entry.locales, default="")  # es-MX is served by es
            if not locale:
                return _plain(
                    f"this article is not written in '{lang}'; "
                    f"it is in: {', '.join(entry.locales)}",
                    400,
                )
        else:
            header = request.headers.get("accept-language")
            locale = negotiate(header, entry.locales, default=entry.locales[0])

        # A cached page is answered here; rendering is CPU work, so a miss goes to a
        # worker thread and the event loop stays free for other requests.
        body = engine.cached(entry.article, audience, "html", locale=locale, options=OPTIONS)
        if body is not None:
            page = page_for(body, locale)
        else:
            page = await run_in_threadpool(render, entry, audience, locale)
        return _respond(request, page, remember=asked)

    async def prerendered_page(request: Request) -> Response:
        if prerendered is None:
            return _plain("the content pack has no articles", 404)
        return _respond(request, prerendered)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/articles/{id}", article_page, methods=["GET"]),
            Route("/prerendered", prerendered_page, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def factory() -> Starlette:
    """The app for uvicorn's factory mode: the pack at ``$READERLEVEL_CONTENT``, else variants/."""
    return create_app(Path(os.environ.get(CONTENT_ENV, str(DEFAULT_CONTENT))))


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the app on 127.0.0.1 with uvicorn until interrupted."""
    import uvicorn

    parser = argparse.ArgumentParser(
        prog="examples/asgi/app.py", description="Serve a content pack's articles per reader."
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument(
        "--content",
        type=Path,
        default=Path(os.environ.get(CONTENT_ENV, str(DEFAULT_CONTENT))),
        help=f"the content pack (default ${CONTENT_ENV}, else {DEFAULT_CONTENT})",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes, each with its own engine"
    )
    args = parser.parse_args(argv)
    content: Path = args.content.resolve()
    if not content.is_dir():
        parser.error(f"--content: not a directory: {content}")

    try:
        app = create_app(content)  # fail here, with a message, rather than inside uvicorn
    except (ReaderlevelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"serving {content} on http://{HOST}:{args.port}/articles/<id>", file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=HOST, port=args.port, log_level="warning")
    else:
        # Each worker process imports this module and calls factory(): pass the pack on.
        os.environ[CONTENT_ENV] = str(content)
        uvicorn.run(
            "examples.asgi.app:factory",
            factory=True,
            app_dir=str(REPO),
            host=HOST,
            port=args.port,
            workers=args.workers,
            log_level="warning",
        )


if __name__ == "__main__":
    main()
