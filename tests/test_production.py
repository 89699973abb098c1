"""In production: the result cache, many threads, many processes, and corpora with broken files."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from itertools import product
from pathlib import Path

import pytest
from click.testing import CliRunner

from readerlevel import Engine, RenderOptions, Text
from readerlevel.cli import main
from readerlevel.errors import UnknownAudienceError

from .conftest import AUDIENCES, FORMATS, ROOT, VARIANTS

ARTICLES = sorted((VARIANTS / "articles").glob("*.yaml"))
LOCALES = ("en", "es")
OPTIONS = (None, RenderOptions(mark_changes=True, annotate=True))


def test_a_cache_hit_returns_the_same_bytes(engine: Engine) -> None:
    """The second render of the same request is the very string of the first."""
    fresh = Engine(VARIANTS)
    article = fresh.load(ARTICLES[0])
    first = fresh.render(article, "patient", "html", locale="es")
    again = fresh.render(article, "patient", "html", locale="es")
    assert again is first
    assert fresh.cache_info()[:3] == (1, 1, 1)
    # The same content loaded again has the same fingerprint, so it hits too.
    reloaded = fresh.load(ARTICLES[0])
    assert reloaded is not article and reloaded.fingerprint == article.fingerprint
    assert fresh.render(reloaded, "patient", "html", locale="es") is first


def test_the_cache_key_holds_everything_the_page_depends_on(engine: Engine) -> None:
    """Audience, locale, format, options and content each give a different page."""
    fresh = Engine(VARIANTS)
    article = fresh.load(ARTICLES[0])
    pages = {
        fresh.render(article, audience, fmt, locale=locale, options=options)
        for audience, fmt, locale, options in product(AUDIENCES, FORMATS, LOCALES, OPTIONS)
    }
    # The options (annotations, marked changes) change only HTML: 3 × 2 × 2 HTML pages,
    # and 3 × 2 pages for each of Markdown, text and JSON.
    assert len(pages) == 3 * 2 * 2 + 3 * (3 * 2)
    # model_copy must not carry the cached fingerprint over to changed content.
    assert article.fingerprint
    changed = article.model_copy(update={"title": Text(text="A changed title")})
    assert changed.fingerprint != article.fingerprint
    assert "A changed title" in fresh.render(changed, "clinician")


def test_the_cache_is_bounded_and_can_be_off() -> None:
    """An LRU of cache_size pages; cache_size=0 keeps nothing and still renders the same."""
    small = Engine(VARIANTS, cache_size=3)
    off = Engine(VARIANTS, cache_size=0)
    article = small.load(ARTICLES[0])
    for fmt in FORMATS:
        assert small.render(article, "patient", fmt) == off.render(article, "patient", fmt)
    assert small.cache_info().size == 3 and small.cache_info().maxsize == 3
    assert off.cache_info().size == 0
    first = off.render(article, "patient")
    assert off.render(article, "patient") is not first  # rendered again, not kept


def test_8_threads_x_10000_mixed_requests_match_the_serial_results() -> None:
    """Every output of 10,000 mixed requests on 8 threads equals the serial one, byte for byte."""
    serial_engine = Engine(VARIANTS, cache_size=0)
    articles = [serial_engine.load(p) for p in ARTICLES]
    keys = list(product(range(len(articles)), AUDIENCES, LOCALES, FORMATS, range(len(OPTIONS))))
    serial = {
        key: serial_engine.render(
            articles[key[0]], key[1], key[3], locale=key[2], options=OPTIONS[key[4]]
        )
        for key in keys
    }
    # A cache smaller than the set of pages: threads evict and re-render concurrently.
    shared = Engine(VARIANTS, cache_size=len(keys) // 2)
    mine = [shared.load(p) for p in ARTICLES]
    requests = random.Random(20251028).choices(keys, k=10_000)

    def serve(key: tuple[int, str, str, str, int]) -> tuple[tuple[int, str, str, str, int], str]:
        article = mine[key[0]]
        return key, shared.render(article, key[1], key[3], locale=key[2], options=OPTIONS[key[4]])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(serve, requests))
    assert len(results) == 10_000
    mismatches = [key for key, page in results if page != serial[key]]
    assert mismatches == []
    info = shared.cache_info()
    assert info.misses > len(keys)  # evictions made threads render again, concurrently


SCRIPT = """
import hashlib, sys
from itertools import product
from readerlevel import Engine, RenderOptions, Text
engine = Engine(sys.argv[1], cache_size=0)
digest = hashlib.sha256()
for path in sys.argv[2:]:
    article = engine.load(path)
    for audience, locale, fmt, options in product(
        engine.profiles, ("en", "es"), ("html", "md", "text", "json"),
        (None, RenderOptions(mark_changes=True, annotate=True)),
    ):
        digest.update(engine.render(article, audience, fmt, locale=locale, options=options)
                      .encode("utf-8"))
print(digest.hexdigest())
"""


def test_output_is_byte_identical_across_processes_and_hash_seeds() -> None:
    """Fresh processes with different PYTHONHASHSEED values render exactly the same bytes."""
    digests = set()
    for seed in ("0", "1", "4242", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(VARIANTS), *map(str, ARTICLES)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        digests.add(done.stdout.strip())
    here = hashlib.sha256()
    engine = Engine(VARIANTS, cache_size=0)
    for path in ARTICLES:
        article = engine.load(path)
        for audience, locale, fmt, options in product(engine.profiles, LOCALES, FORMATS, OPTIONS):
            page = engine.render(article, audience, fmt, locale=locale, options=options)
            here.update(page.encode("utf-8"))
    assert digests == {here.hexdigest()}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[Path]]:
    """A pack of 12 valid articles and 3 broken ones: (pack, valid files, broken files)."""
    pack = tmp_path_factory.mktemp("mixed") / "pack"
    shutil.copytree(VARIANTS, pack)
    source = (pack / "articles" / "walking-knee-osteoarthritis.yaml").read_text(encoding="utf-8")
    for n in range(10):
        (pack / "articles" / f"walk-{n:02d}.yaml").write_text(
            source.replace("id: walking-knee-osteoarthritis", f"id: walk-{n:02d}"), encoding="utf-8"
        )
    broken = {
        "broken-yaml.yaml": source.replace("id: walking-knee", "id: [walking-knee"),
        "broken-audience.yaml": source.replace("  patient: Can walking", "  pateint: Can walking"),
        "broken-date.yaml": source.replace("updated: 2025", "updated: 2025-13-45 #"),
    }
    for name, text in broken.items():
        assert text != source
        (pack / "articles" / name).write_text(text, encoding="utf-8")
    files = sorted((pack / "articles").glob("*.yaml"))
    bad = [p for p in files if p.name.startswith("broken-")]
    return pack, [p for p in files if p not in bad], bad


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_mixed_corpus_checks_every_valid_file_and_locates_every_broken_one(
    mixed: tuple[Path, list[Path], list[Path]], jobs: str
) -> None:
    """check --jobs: a row for every valid file, a located error for every broken one, exit 2."""
    pack, _valid, bad = mixed
    result = CliRunner().invoke(main, ["check", str(pack), "--jobs", jobs])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    errors += [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    for path in bad:
        assert any(re.match(rf"error: {re.escape(str(path))}:\d+:\d+: ", e) for e in errors), path
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:] if line and line[0] != " "]
    ids = {row for row in rows if not row.startswith(("error:", "guard:", str(pack)))}
    assert ids == {"massage-therapy-pain", "walking-knee-osteoarthritis"} | {
        f"walk-{n:02d}" for n in range(10)
    }


def test_a_mixed_corpus_builds_every_valid_file(
    mixed: tuple[Path, list[Path], list[Path]], tmp_path: Path
) -> None:
    """build --jobs 2 writes every valid article × reader × locale, reports each broken file."""
    pack, valid, bad = mixed
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", str(pack), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 2
    assert f"built {len(valid)} article(s)" in result.stdout
    assert f"{len(bad)} file(s) could not be read" in result.stdout
    for path in bad:
        assert f"error: {path}:" in result.stderr
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    # 12 articles × 3 readers in English, and the massage article in Spanish too.
    assert len(built) == len(valid) * 3 + 3
    assert "massage-therapy-pain/patient.es.html" in built
    single = tmp_path / "single"
    CliRunner().invoke(main, ["build", str(pack), "-o", str(single), "--jobs", "1"])
    for name in built:
        assert (single / name).read_bytes() == (out / name).read_bytes(), name


def test_profiles_answer_membership_without_raising(engine: Engine) -> None:
    """``name in engine.profiles`` and ``.get`` are plain lookups; indexing still explains."""
    assert "patient" in engine.profiles and "pateint" not in engine.profiles
    assert engine.profiles.get("pateint") is None
    with pytest.raises(UnknownAudienceError, match=r"did you mean .patient."):
        engine.profiles["pateint"]


def test_no_options_and_default_options_share_one_cache_entry() -> None:
    """``options=None`` and ``RenderOptions()`` render the same page: one cache entry."""
    fresh = Engine(VARIANTS)
    article = fresh.load(ARTICLES[0])
    first = fresh.render(article, "patient")
    assert fresh.render(article, "patient", options=RenderOptions()) is first
    assert fresh.cache_info().size == 1


def test_cached_looks_up_without_rendering() -> None:
    """``Engine.cached`` is None before a render and the very page after; it never renders."""
    fresh = Engine(VARIANTS)
    article = fresh.load(ARTICLES[0])
    assert fresh.cached(article, "patient", locale="es") is None
    assert fresh.cache_info().size == 0
    page = fresh.render(article, "patient", locale="es")
    assert fresh.cached(article, "patient", locale="es") is page
