"""Checking and building a corpus on a Dask cluster (``pip install 'readerlevel[dask]'``).

The per-article work of ``readerlevel check`` and ``readerlevel build`` is a
pure function of the content pack and the file (:func:`readerlevel.batch.check_one`,
:func:`readerlevel.batch.build_one`), so it maps over a :class:`dask.bag.Bag`
of file paths unchanged. Each partition builds its engines once
(:class:`readerlevel.check.Engines`) and keeps nothing afterwards: a worker
holds no state between tasks, and every argument travels with the task.

:func:`check_bag` gives a bag of :class:`readerlevel.check.FileSummary`
(what the ``text``, ``json`` or ``junit`` report shows of one file; the full
:class:`~readerlevel.check.FileResult` stays on the worker, it does not
pickle). :func:`build_bag` gives a bag of :class:`readerlevel.batch.BuildResult`
and writes the rendered files from the workers. :func:`check` and
:func:`build` compute those bags into lists, in file order. For a corpus too
big to collect in one process, keep the bag and stream it to files from the
workers instead, e.g. one JSON object per line::

    from readerlevel.distributed import check_bag, json_line

    check_bag(["/shared/pack"], fmt="json").map(json_line).to_textfiles(
        "/shared/reports/*.jsonl", encoding="utf-8"
    )

Running on a cluster
--------------------

Start a scheduler on one machine and workers on the others; every worker
machine needs readerlevel installed (same version: output depends on it) and
the content pack readable **at the same path** as the client names it::

    $ dask scheduler                           # listens on tcp://<host>:8786
    $ dask worker tcp://scheduler-host:8786    # on each worker machine

Then, from the client::

    from pathlib import Path

    from distributed import Client
    from readerlevel.distributed import build, check

    client = Client("tcp://scheduler-host:8786")
    summaries = check(["/shared/pack"], client=client)
    results = build(["/shared/pack"], Path("/shared/site"), client=client)

Paths are sent to the workers as given, so pass absolute paths (a relative
path is resolved in each worker's working directory). :func:`build` writes
on the workers: its output directory must be shared storage that every
worker can write and the client can read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

import dask.bag as db

from readerlevel.batch import BuildResult, build_one, check_summary, run_batch
from readerlevel.check import FileSummary, article_files

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["build", "build_bag", "check", "check_bag", "json_line"]


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """``values`` as a tuple (picklable, hashable), or ``None`` for "all"."""
    return tuple(values) if values else None


def _paths_bag(paths: Iterable[str | Path], partition_size: int) -> db.Bag:
    """The article files under ``paths`` (see :func:`~readerlevel.check.article_files`)."""
    files = [str(path) for path in article_files(paths)]
    # dask.bag's functions are not annotated (mypy --strict: no-untyped-call).
    bag: db.Bag = db.from_sequence(files, partition_size=partition_size)  # type: ignore[no-untyped-call]
    return bag


def check_bag(
    paths: Iterable[str | Path],
    *,
    content: Path | None = None,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
    fmt: str = "text",
    partition_size: int = 50,
) -> db.Bag:
    """A bag of one :class:`~readerlevel.check.FileSummary` per article file, in file order.

    ``paths``, ``content``, ``audiences`` and ``locales`` mean what they mean to
    ``readerlevel check``; ``fmt`` (``text``, ``json`` or ``junit``) chooses
    what each summary carries (see :func:`readerlevel.check.summarise`). The
    files are listed here, in the calling process; each partition of
    ``partition_size`` files is one task, which builds its engines once.
    Raises :class:`~readerlevel.errors.ContentError` for a path that does not exist.
    """
    work = partial(
        run_batch,
        partial(check_summary, fmt=fmt, audiences=_tuple(audiences), locales=_tuple(locales)),
        content,
    )
    bag: db.Bag = _paths_bag(paths, partition_size).map_partitions(work)  # type: ignore[no-untyped-call]
    return bag


def build_bag(
    paths: Iterable[str | Path],
    output: Path,
    *,
    content: Path | None = None,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
    formats: Sequence[str] = ("html",),
    partition_size: int = 50,
) -> db.Bag:
    """A bag of one :class:`~readerlevel.batch.BuildResult` per article file, in file order.

    Computing it writes ``OUTPUT/<article id>/<audience>.<locale>.<ext>`` from
    the workers, as ``readerlevel build`` does; ``output`` must be writable by
    every worker at that path (shared storage on a cluster).
    """
    work = partial(
        run_batch,
        partial(
            build_one,
            output=output,
            audiences=_tuple(audiences),
            locales=_tuple(locales),
            formats=tuple(formats) or ("html",),
        ),
        content,
    )
    bag: db.Bag = _paths_bag(paths, partition_size).map_partitions(work)  # type: ignore[no-untyped-call]
    return bag


def _compute(bag: db.Bag, client: Client | None) -> list[object]:
    """The bag's items: on ``client`` if given, else on dask's default scheduler."""
    scheduler = {"scheduler": client} if client is not None else {}
    return list(bag.compute(**scheduler))  # type: ignore[no-untyped-call]


def check(
    paths: Iterable[str | Path],
    *,
    content: Path | None = None,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
    fmt: str = "text",
    partition_size: int = 50,
    client: Client | None = None,
) -> list[FileSummary]:
    """Every file's summary (see :func:`check_bag`), computed and collected in file order.

    Runs on ``client`` if given, else on dask's default scheduler (the active
    :class:`distributed.Client` if there is one). For a corpus too big to hold
    in one process, stream :func:`check_bag` to files instead.
    """
    bag = check_bag(
        paths,
        content=content,
        audiences=audiences,
        locales=locales,
        fmt=fmt,
        partition_size=partition_size,
    )
    return cast("list[FileSummary]", _compute(bag, client))


def build(
    paths: Iterable[str | Path],
    output: Path,
    *,
    content: Path | None = None,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
    formats: Sequence[str] = ("html",),
    partition_size: int = 50,
    client: Client | None = None,
) -> list[BuildResult]:
    """Build every file (see :func:`build_bag`); the results, collected in file order.

    Runs on ``client`` if given, else on dask's default scheduler.
    """
    bag = build_bag(
        paths,
        output,
        content=content,
        audiences=audiences,
        locales=locales,
        formats=formats,
        partition_size=partition_size,
    )
    return cast("list[BuildResult]", _compute(bag, client))


def json_line(summary: FileSummary) -> str:
    """A ``fmt="json"`` summary's object on one line (JSON Lines, for ``to_textfiles``).

    ``summary.entry`` is indented over several lines, as ``readerlevel check
    --format json`` prints it; :meth:`dask.bag.Bag.to_textfiles` writes one
    line per item.
    """
    return json.dumps(json.loads(summary.entry), ensure_ascii=False)
