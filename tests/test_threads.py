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
