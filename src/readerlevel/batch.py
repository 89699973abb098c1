"""Batch work over many article files: checking and building, on all cores, streamed.

Per-article work is a pure function of the content pack and the file: a file's
result depends on nothing else. :func:`run` hands files to worker processes in
batches (each batch builds its engines once, so a worker keeps no state
between tasks) and yields each file's result as soon as its batch is done,
in file order. A caller that writes or counts results as they come keeps its
memory flat however large the corpus. A file that cannot be read gives a
result with its located problems; nothing is skipped.

The same functions (:func:`check_summary`, :func:`build_one`, each batch by
:func:`run_batch`) are what the Dask entry point (:mod:`readerlevel.distributed`)
maps over a bag of files.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from readerlevel.check import Engines, FileResult, FileSummary, check_file, summarise
from readerlevel.errors import Problem, ReaderlevelError

__all__ = [
    "EXTENSIONS",
    "BuildResult",
    "build_one",
    "check_one",
    "check_summary",
    "default_jobs",
    "run",
    "run_batch",
]

EXTENSIONS = {"html": "html", "md": "md", "text": "txt", "json": "json"}
"""File extension of each output format."""

T = TypeVar("T")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BuildResult:
    """One article file built: how many files were written, or why it could not be."""

    path: Path
    article_id: str | None
    written: int = 0
    problems: tuple[Problem, ...] = ()
    outputs: tuple[str, ...] = field(default=(), repr=False)
    """The files written, relative to the output directory."""


def check_one(
    engines: Engines,
    path: Path,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
) -> FileResult:
    """``readerlevel check`` of one file (see :func:`readerlevel.check.check_file`)."""
    return check_file(engines, path, audiences, locales)


def check_summary(
    engines: Engines,
    path: Path,
    *,
    fmt: str = "text",
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
) -> FileSummary:
    """:func:`check_one`, summarised for the ``fmt`` report (small and picklable).

    The full reports stay where the work ran; this is what a worker sends back.
    """
    return summarise(check_one(engines, path, audiences, locales), fmt)


def build_one(
    engines: Engines,
    path: Path,
    output: Path,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
    formats: Sequence[str] = ("html",),
) -> BuildResult:
    """Render one file for every audience × locale × format under ``output``.

    Files are written as ``OUTPUT/<article id>/<audience>.<locale>.<ext>``.
    """
    try:
        engine = engines.for_file(path)
        article = engine.load(path)
        names = list(audiences) if audiences else list(engine.profiles)
        wanted = list(locales) if locales else list(engine.locales(article))
        written: list[str] = []
        folder = output / article.id
        folder.mkdir(parents=True, exist_ok=True)
        for locale in wanted:
            for name in names:
                variant = engine.personalise(article, name, locale=locale)
                for fmt in formats:
                    relative = f"{article.id}/{name}.{locale}.{EXTENSIONS[fmt]}"
                    (output / relative).write_text(
                        engine.render_variant(variant, fmt), encoding="utf-8"
                    )
                    written.append(relative)
    except ReaderlevelError as exc:
        return BuildResult(path, None, problems=exc.problems_at(str(path)))
    except OSError as exc:
        return BuildResult(path, None, problems=(Problem(f"cannot write: {exc}", str(path)),))
    return BuildResult(path, article.id, len(written), (), tuple(written))


def run_batch(
    work: Callable[[Engines, Path], T], content: Path | None, paths: Iterable[str | Path]
) -> list[T]:
    """One task: ``work`` over a batch of files, with engines built for the batch alone.

    A worker process (or a Dask partition) keeps no state between tasks.
    """
    engines = Engines(content)
    return [work(engines, Path(path)) for path in paths]


def _batches(paths: Sequence[Path], jobs: int) -> list[list[Path]]:
    """About two batches per worker, at most 250 files each: few engine builds, busy workers."""
    size = max(1, min(250, math.ceil(len(paths) / (jobs * 2))))
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


def _context() -> multiprocessing.context.BaseContext:
    """Fork a single-threaded parent, else spawn (forking a threaded process can deadlock).

    Forked workers start with the parent's imports and parsed package data.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        from readerlevel.rewrite.glossary import builtin_glossary_files

        builtin_glossary_files()  # parsed once here, inherited by every worker
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run(
    work: Callable[[Engines, Path], T],
    paths: Iterable[Path],
    *,
    jobs: int = 1,
    content: Path | None = None,
) -> Iterator[T]:
    """``work(engines, path)`` for every path, in order, as results come in.

    ``work`` must be picklable (a module-level function, or a
    :func:`functools.partial` of one) when ``jobs`` > 1. With one job the work
    runs in this process.
    """
    files = list(paths)
    if jobs <= 1 or len(files) <= 1:
        engines = Engines(content)
        for path in files:
            yield work(engines, path)
        return
    with _context().Pool(processes=min(jobs, len(files))) as pool:
        task = partial(run_batch, work, content)
        for results in pool.imap(task, _batches(files, jobs)):
            yield from results
