"""One engine shared by many threads gives the same output as serial calls."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import product

from readerlevel import Article, Engine

from .conftest import AUDIENCES, FORMATS


def test_concurrent_renders_equal_serial_renders(engine: Engine, massage: Article) -> None:
    """8 threads rendering every reader and format, repeatedly, match the serial bytes."""
    jobs = list(product(AUDIENCES, FORMATS)) * 8
    serial = {job: engine.render(massage, *job) for job in set(jobs)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: (job, engine.render(massage, *job)), jobs))
    assert len(results) == len(jobs)
    for job, output in results:
        assert output == serial[job], job


def test_english_and_spanish_renders_from_8_threads_equal_serial(
    engine: Engine, massage: Article
) -> None:
    """Renders in en and es, every reader and format, from 8 threads match serial byte for byte."""
    jobs = list(product(AUDIENCES, FORMATS, ("en", "es", "es_MX"))) * 6
    serial = {job: engine.render(massage, job[0], job[1], locale=job[2]) for job in set(jobs)}
    assert serial[("patient", "html", "es")] != serial[("patient", "html", "en")]
    assert "El masaje" in serial[("patient", "html", "es")]  # Spanish content, not just UI
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda job: (job, engine.render(massage, job[0], job[1], locale=job[2])), jobs)
        )
    for job, output in results:
        assert output == serial[job], job


def test_guard_and_scores_from_8_threads_equal_serial(engine: Engine, massage: Article) -> None:
    """Guard reports and readability scores computed from 8 threads match the serial ones."""
    fresh = Engine(engine.pack.root)  # empty caches: the threads fill them together

    def work(audience: str) -> tuple[object, object]:
        variant = fresh.personalise(massage, audience)
        guard = fresh.guard(massage, variant, rendered=fresh.render_variant(variant, "html"))
        return guard.as_dict(), fresh.score(variant).as_dict()

    jobs = list(AUDIENCES) * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, jobs))
    serial = {a: work(a) for a in AUDIENCES}
    for audience, result in zip(jobs, results, strict=True):
        assert result == serial[audience], audience
