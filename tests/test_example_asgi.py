"""examples/asgi: the Starlette integration's audience, language and caching behaviour."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from examples.asgi.app import AUDIENCE_COOKIE, create_app
from starlette.applications import Starlette
from starlette.testclient import TestClient

from .conftest import AUDIENCES, ROOT, VARIANTS

PAGE = "/articles/massage-therapy-pain"
TITLES = {
    "patient": "<title>How can massage help with pain?</title>",
    "caregiver": "<title>How can massage help the person you care for with pain?</title>",
    "clinician": "<title>How does massage therapy benefit pain management?</title>",
}


@pytest.fixture(scope="module")
def app() -> Starlette:
    """The example app on the example content pack (one engine for the module)."""
    return create_app(VARIANTS)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    """A fresh client (empty cookie jar) for each test."""
    with TestClient(app) as client:
        yield client


def test_audience_in_the_query_sets_the_cookie_used_by_the_next_request(
    client: TestClient,
) -> None:
    """?audience= renders for that reader and remembers it in a cookie the next request uses."""
    first = client.get(PAGE, params={"audience": "caregiver"})
    assert first.status_code == 200 and TITLES["caregiver"] in first.text
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{AUDIENCE_COOKIE}=caregiver;")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"samesite=lax", "path=/", "max-age=31536000"} <= attributes

    again = client.get(PAGE)
    assert again.status_code == 200 and TITLES["caregiver"] in again.text
    assert "set-cookie" not in again.headers  # the cookie is only set when the reader chooses


def test_without_query_or_cookie_the_reader_is_a_patient(client: TestClient) -> None:
    """No ?audience= and no cookie: the default patient page."""
    response = client.get(PAGE)
    assert response.status_code == 200 and TITLES["patient"] in response.text


def test_a_cookie_naming_no_profile_is_ignored(client: TestClient) -> None:
    """A stale cookie (a profile since removed) falls back to the default, not a 400."""
    client.cookies.set(AUDIENCE_COOKIE, "pharmacist")
    response = client.get(PAGE)
    assert response.status_code == 200 and TITLES["patient"] in response.text


def test_accept_language_spanish_gets_the_spanish_page(client: TestClient) -> None:
    """Accept-Language es-MX,es;q=0.9 is served by the article's Spanish (es)."""
    response = client.get(PAGE, headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert response.headers["content-language"] == "es"
    assert '<html lang="es"' in response.text
    assert "¿Cómo puede ayudar el masaje con el dolor?" in response.text


def test_an_unavailable_language_falls_back_to_the_articles_own(client: TestClient) -> None:
    """Accept-Language fr (not written) falls back to the article's own locale, en."""
    response = client.get(PAGE, headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    assert '<html lang="en"' in response.text


def test_the_lang_query_overrides_accept_language(client: TestClient) -> None:
    """?lang= wins over Accept-Language, both ways; a regional tag is served by its language."""
    spanish = client.get(PAGE, params={"lang": "es-MX"}, headers={"Accept-Language": "en"})
    assert spanish.headers["content-language"] == "es" and '<html lang="es"' in spanish.text
    english = client.get(PAGE, params={"lang": "en"}, headers={"Accept-Language": "es"})
    assert english.headers["content-language"] == "en" and '<html lang="en"' in english.text


def test_a_lang_the_article_is_not_written_in_is_a_400(client: TestClient) -> None:
    """?lang=fr names the locales the article is written in."""
    response = client.get(PAGE, params={"lang": "fr"})
    assert response.status_code == 400
    assert response.text.strip() == "this article is not written in 'fr'; it is in: en, es"


def test_the_response_varies_on_language_and_cookie_and_is_private(client: TestClient) -> None:
    """Vary names Accept-Language and Cookie; Cache-Control keeps shared caches out."""
    response = client.get(PAGE)
    vary = {v.strip().lower() for v in response.headers["vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert response.headers["cache-control"] == "private, max-age=0, must-revalidate"
    assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_the_etag_is_the_body_hash_stable_and_distinct_per_audience_and_locale(
    client: TestClient,
) -> None:
    """Same request, same strong ETag (the body's SHA-256); another reader or language, another."""
    tags = {}
    for audience in AUDIENCES:
        for lang in ("en", "es"):
            response = client.get(PAGE, params={"audience": audience, "lang": lang})
            etag = response.headers["etag"]
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            assert etag == f'"{digest}"'
            again = client.get(PAGE, params={"audience": audience, "lang": lang})
            assert again.headers["etag"] == etag
            tags[audience, lang] = etag
    assert len(set(tags.values())) == len(tags) == 6


@pytest.mark.parametrize(
    "if_none_match",
    ["{tag}", "W/{tag}", '"0000", {tag}', 'W/"0000",W/{tag} , "1111"', "*"],
    ids=["exact", "weak", "list", "weak-list", "star"],
)
def test_a_matching_if_none_match_is_a_304_without_a_body(
    client: TestClient, if_none_match: str
) -> None:
    """If-None-Match with the ETag (exact, W/, in a list, or *) gives 304, its headers, no body."""
    first = client.get(PAGE, params={"lang": "es"})
    tag = first.headers["etag"]
    response = client.get(
        PAGE, params={"lang": "es"}, headers={"If-None-Match": if_none_match.format(tag=tag)}
    )
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag
    assert response.headers["vary"] == first.headers["vary"]
    assert response.headers["content-language"] == "es"
    assert "content-length" not in response.headers


def test_a_stale_if_none_match_gets_the_page(client: TestClient) -> None:
    """A tag of another variant (or an old one) is no match: 200 with the page."""
    patient = client.get(PAGE, params={"audience": "patient"}).headers["etag"]
    response = client.get(
        PAGE, params={"audience": "caregiver"}, headers={"If-None-Match": patient}
    )
    assert response.status_code == 200 and TITLES["caregiver"] in response.text
    assert response.headers["etag"] != patient


def test_an_unknown_audience_is_a_400_naming_the_known_ones(client: TestClient) -> None:
    """?audience=pateint is refused in plain text with a suggestion, and sets no cookie."""
    response = client.get(PAGE, params={"audience": "pateint"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert "did you mean 'patient'?" in response.text
    assert "clinician, patient, caregiver" in response.text
    assert "set-cookie" not in response.headers


def test_an_unknown_article_is_a_404(client: TestClient) -> None:
    """An id that is no article of the pack is a 404."""
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


def test_the_audience_selector_links_to_the_audience_query(client: TestClient) -> None:
    """Each "Which best describes you?" link is ?audience=NAME, the current one marked."""
    page = client.get(PAGE, params={"audience": "caregiver"}).text
    links = re.findall(r'<a href="(\?[^"]*)"([^>]*)>', page)
    assert [href for href, _ in links] == [f"?audience={name}" for name in AUDIENCES]
    assert [href for href, rest in links if 'aria-current="page"' in rest] == [
        "?audience=caregiver"
    ]


def test_prerendered_is_the_patient_english_page(client: TestClient) -> None:
    """/prerendered serves exactly the patient/en page, with the same headers."""
    fixed = client.get("/prerendered")
    live = client.get(PAGE, params={"audience": "patient", "lang": "en"})
    assert fixed.status_code == 200 and fixed.content == live.content
    for header in ("etag", "vary", "content-language", "cache-control", "content-type"):
        assert fixed.headers[header] == live.headers[header]
    cached = client.get("/prerendered", headers={"If-None-Match": fixed.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""


def test_healthz(client: TestClient) -> None:
    """/healthz answers ok."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_script_serves_on_the_given_port() -> None:
    """`python examples/asgi/app.py --port N` from the repository root serves the articles."""
    port = _free_port()
    command = [sys.executable, "examples/asgi/app.py", "--port", str(port)]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, "the server exited"
                try:
                    url = f"http://127.0.0.1:{port}/articles/walking-knee-osteoarthritis"
                    with urllib.request.urlopen(url, timeout=5) as response:
                        assert response.status == 200
                        assert response.headers["Content-Language"] == "en"
                        break
                except urllib.error.URLError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.1)
        finally:
            server.terminate()
            _, stderr = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/articles/<id>" in stderr.decode()
