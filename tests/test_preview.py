"""`readerlevel preview`: the side-by-side page, its errors, and the live server's app."""

from __future__ import annotations

import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from readerlevel import Engine
from readerlevel.cli import main
from readerlevel.errors import Problem
from readerlevel.preview import LIVE_RELOAD_SCRIPT, error_page, preview_page
from readerlevel.preview.server import Preview, create_app

from .conftest import VARIANTS

MASSAGE = VARIANTS / "articles" / "massage-therapy-pain.yaml"
WALKING = VARIANTS / "articles" / "walking-knee-osteoarthritis.yaml"


class _Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The page's start tags with their attributes."""
    parser = _Elements()
    parser.feed(page)
    return parser.tags


def units(page: str) -> list[str]:
    """The HTML of each text unit (one per chosen text of each column)."""
    return re.findall(r'<div class="pv-unit .*?</div>', page, re.S)


@pytest.fixture(scope="module")
def massage_page(engine: Engine) -> str:
    """The preview of the example article, every profile × en and es."""
    return preview_page(engine, engine.load(MASSAGE), source=MASSAGE)


def test_a_column_per_profile_and_locale_and_a_summary_row_each(massage_page: str) -> None:
    """Three profiles × two locales: six columns, six summary rows, a language switch."""
    ids = [a.get("id") for tag, a in elements(massage_page) if tag == "article"]
    assert ids == [f"pv-{loc}-{aud}" for loc in ("en", "es") for aud in AUDIENCES]
    rows = re.findall(r'<th scope="row"><a href="#(pv-[a-z_-]+)"', massage_page)
    assert rows == ids
    assert 'name="pv-show"' in massage_page  # the article has two locales


AUDIENCES = ("clinician", "patient", "caregiver")


def test_the_page_is_self_contained(massage_page: str) -> None:
    """No script, no external resource, and a CSP that allows nothing but inline style."""
    tags = elements(massage_page)
    assert not [t for t, _ in tags if t in {"script", "link", "img", "iframe", "object"}]
    hrefs = [a.get("href") for t, a in tags if "href" in a]
    assert hrefs and all(h is not None and h.startswith("#") for h in hrefs)
    csp = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def test_every_rewritten_span_is_marked_with_its_original_and_rule(
    engine: Engine, massage_page: str
) -> None:
    """Each change of every variant is a focusable span whose tooltip names original and rule."""
    article = engine.load(MASSAGE)
    changes = [
        change
        for loc in ("en", "es")
        for aud in AUDIENCES
        for choice in engine.personalise(article, aud, locale=loc).choices()
        for change in choice.changes
    ]
    assert changes, "the example should have rewritten spans"
    spans = re.findall(
        r'<span class="pv-change" tabindex="0" aria-describedby="(pv-tip-\d+)">(.*?)'
        r'<span class="pv-tip" role="tooltip" id="(pv-tip-\d+)">(.*?)</span>',
        massage_page,
        re.S,
    )
    assert len(spans) == len(changes)
    assert all(described == tip for described, _, tip, _ in spans)
    assert len({tip for _, _, tip, _ in spans}) == len(spans)  # ids are unique
    first = changes[0]
    assert any(
        text == first.replacement and f"was “{first.original}” · rule: {first.rule}" in tip
        for _, text, _, tip in spans
    )


def test_block_sources_are_told_apart_in_words(engine: Engine) -> None:
    """Authored, inherited, canonical, rewritten and untranslated blocks each say so."""
    page = preview_page(engine, engine.load(MASSAGE), locales=["en"])
    found = set(re.findall(r'<div class="pv-unit pv-([a-z]+) ', page))
    assert found == {"authored", "inherited", "canonical", "rewritten"}
    assert "inherited from patient" in page and "authored for caregiver" in page
    walking = preview_page(engine, engine.load(WALKING), locales=["es"], audiences=["patient"])
    assert "pv-untranslated" in walking and "untranslated (en)" in walking


def test_guard_findings_sit_beside_their_block(tmp_path: Path) -> None:
    """A number lost in the patient wording is listed inside that block's unit."""
    pack = tmp_path / "pack"
    shutil.copytree(VARIANTS, pack)
    path = pack / "articles" / "massage-therapy-pain.yaml"
    source = path.read_text(encoding="utf-8")
    lost = source.replace(
        "Reviews that pooled several careful studies, with more than 700\n"
        "          patients in all",
        "Reviews that pooled several careful studies",
    )
    assert lost != source
    path.write_text(lost, encoding="utf-8")
    engine = Engine(pack)
    page = preview_page(engine, engine.load(path), locales=["en"], audiences=["patient"])
    [unit] = [u for u in units(page) if "sections[0].blocks[1]</span>" in u]
    assert "error: number-lost</strong> more than 700" in unit
    assert "canonical: “" in unit and "variant: “" in unit


def test_readability_per_section_and_hardest_sentences(engine: Engine, massage_page: str) -> None:
    """Each scored section shows its targets; each of the report's hardest sentences is shown."""
    article = engine.load(MASSAGE)
    report = engine.readability(article, "caregiver")
    sections = [s for s in report.sections if s.targets]
    page = preview_page(engine, article, locales=["en"], audiences=["caregiver"])
    assert page.count('<p class="pv-section-scores">Section:') == len(sections)
    failed = [s for s in sections if not s.passed]
    assert page.count("pv-target pv-fail") >= sum(
        1 for s in failed for t in s.targets if not t.passed
    )
    for sentence in report.hardest:
        assert "Hard sentence" in page and sentence.reasons[0] in page


def test_filters_and_errors_from_the_command_line(tmp_path: Path) -> None:
    """-a and -l limit the columns; an unknown audience and bad content exit 2, located."""
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        main, ["preview", str(MASSAGE), "-a", "patient", "-l", "es", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert re.findall(r'<article class="pv-column" id="([^"]+)"', out.read_text()) == [
        "pv-es-patient"
    ]
    result = CliRunner().invoke(main, ["preview", str(MASSAGE), "-a", "pateint"])
    assert result.exit_code == 2 and "did you mean 'patient'?" in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["preview", str(broken)])
    assert result.exit_code == 2 and f"{broken}:" in result.stderr
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["preview", str(MASSAGE), "--serve", "-o", str(out)])
    assert result.exit_code == 2 and "--serve and --output" in result.stderr


def test_the_error_page_escapes_and_locates() -> None:
    """Problems are shown as located lines, escaped; the page stays script-free unless live."""
    problem = Problem("unknown audience '<script>alert(1)</script>'", "a.yaml", 3, 5)
    page = error_page([problem], source="a.yaml")
    assert "a.yaml:3:5: unknown audience &#39;&lt;script&gt;" in page
    assert "<script" not in page
    live = error_page([problem], source="a.yaml", live=True)
    assert live.count("<script>") == 1 and LIVE_RELOAD_SCRIPT in live


def test_the_live_app_serves_the_page_and_recovers_from_bad_content(tmp_path: Path) -> None:
    """GET / renders with a hash-pinned script; the watcher sees edits; bad content is a 422."""
    pack = tmp_path / "pack"
    shutil.copytree(VARIANTS, pack)
    path = pack / "articles" / "walking-knee-osteoarthritis.yaml"
    preview = Preview(path)

    def edit(text: str) -> None:
        before = preview.version
        path.write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 5
        while preview.version == before:  # the watcher, not the test, bumps the version
            assert time.monotonic() < deadline, "the watcher did not see the edit"
            time.sleep(0.02)

    with TestClient(create_app(preview)) as client:
        response = client.get("/")
        assert response.status_code == 200
        assert "script-src 'sha256-" in response.headers["content-security-policy"]
        assert response.text.count("<script>") == 1
        good = path.read_text(encoding="utf-8")
        edit(good.replace("id: walking-knee", "id: [walking-knee"))
        response = client.get("/")
        assert response.status_code == 422
        assert f"{path}:2:7: YAML syntax error" in response.text
        assert "cannot be previewed" in response.text
        edit(good.replace("Can walking help", "Could walking help"))
        response = client.get("/")
        assert response.status_code == 200 and "Could walking help" in response.text


def test_a_broken_pack_file_is_shown_not_fatal(tmp_path: Path) -> None:
    """A bad profiles.yaml shows its located error in the page (422); fixing it recovers."""
    pack = tmp_path / "pack"
    shutil.copytree(VARIANTS, pack)
    path = pack / "articles" / "walking-knee-osteoarthritis.yaml"
    profiles = pack / "profiles.yaml"
    profiles.write_text("profiles:\n  - name: patient\n    terminology: plain\n", encoding="utf-8")
    preview = Preview(path)
    status, page = preview.render()
    assert status == 422
    assert f"{profiles}:3:18:" in page and "terminology" in page
    profiles.unlink()
    preview.changed()
    status, page = preview.render()
    assert status == 200 and 'id="pv-en-patient"' in page
