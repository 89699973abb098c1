"""The Dask entry point on a real two-process cluster gives what the in-process path gives."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from readerlevel.batch import check_one, run
from readerlevel.check import (
    Engines,
    FileSummary,
    article_files,
    summarise,
    text_table,
    used_metrics,
)
from readerlevel.cli import main
from readerlevel.distributed import build, check, check_bag, json_line

from .conftest import FORMATS, VARIANTS

COPIES = 20
FMTS = ("text", "json", "junit")
PARTITION = 8  # 24 files: 3 partitions over 2 workers, so order across partitions is tested


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The example pack plus 20 copies of the walking article and 2 broken files."""
    pack = tmp_path_factory.mktemp("distributed") / "pack"
    shutil.copytree(VARIANTS, pack)
    articles = pack / "articles"
    walking = (articles / "walking-knee-osteoarthritis.yaml").read_text(encoding="utf-8")
    assert walking.startswith("id: walking-knee-osteoarthritis\n")
    for n in range(COPIES):
        copy = walking.replace("id: walking-knee-osteoarthritis", f"id: walk-{n:02d}", 1)
        (articles / f"walk-{n:02d}.yaml").write_text(copy, encoding="utf-8")
    syntax = articles / "broken-syntax.yaml"
    syntax.write_text("id: broken-syntax\nlocale: en\ntitle: [unclosed\n", encoding="utf-8")
    audience = articles / "broken-audience.yaml"
    text = walking.replace("id: walking-knee-osteoarthritis", "id: broken-audience", 1)
    lines = text.splitlines(keepends=True)
    assert lines[5] == "  patient: Can walking help my knee arthritis?\n"  # line 6: title
    lines[5] = lines[5].replace("patient:", "pateint:")
    audience.write_text("".join(lines), encoding="utf-8")
    return pack, [audience, syntax]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two single-threaded worker processes, as separate as machines of a cluster."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _summaries(engines: Engines, path: Path) -> dict[str, FileSummary]:
    result = check_one(engines, path)
    return {fmt: summarise(result, fmt) for fmt in FMTS}


@pytest.fixture(scope="module")
def in_process(corpus: tuple[Path, list[Path]]) -> dict[str, list[FileSummary]]:
    """What ``readerlevel check --format FMT --jobs 1`` computes, in this process, per format."""
    pack, _broken = corpus
    results = list(run(_summaries, article_files([pack]), jobs=1))
    return {fmt: [result[fmt] for result in results] for fmt in FMTS}


@pytest.fixture(scope="module")
def on_cluster(corpus: tuple[Path, list[Path]], client: Client) -> dict[str, list[FileSummary]]:
    """check() of the corpus on the cluster, per format."""
    pack, _broken = corpus
    return {fmt: check([pack], fmt=fmt, partition_size=PARTITION, client=client) for fmt in FMTS}


@pytest.mark.parametrize("fmt", FMTS)
def test_check_on_the_cluster_equals_the_in_process_check(
    corpus: tuple[Path, list[Path]],
    on_cluster: dict[str, list[FileSummary]],
    in_process: dict[str, list[FileSummary]],
    fmt: str,
) -> None:
    """check() gives one summary per file in file order, identical to the in-process summaries."""
    pack, broken = corpus
    files = article_files([pack])
    assert len(files) == 2 + COPIES + len(broken)
    summaries = on_cluster[fmt]
    assert [s.path for s in summaries] == files
    for summary in summaries:
        if summary.path in broken:
            assert summary.problems and not summary.passed
            for problem in summary.problems:
                assert re.match(rf"{re.escape(str(summary.path))}:\d+:\d+: ", str(problem))
        else:
            assert not summary.problems
            assert summary.rows if fmt == "text" else summary.entry
    assert summaries == in_process[fmt]  # rows, details and entries, string for string


def test_the_text_report_from_cluster_summaries_is_readerlevel_checks(
    corpus: tuple[Path, list[Path]], on_cluster: dict[str, list[FileSummary]]
) -> None:
    """The text table assembled as docs/distributed.md shows is `readerlevel check`'s stdout."""
    pack, _broken = corpus
    summaries = on_cluster["text"]
    rows = [row for s in summaries for row in s.rows]
    trimmed, metrics = used_metrics(rows)
    problems = [f"error: {p}" for s in summaries for p in s.problems]
    details = [line for s in summaries for line in s.details]
    warnings = sum(s.warnings for s in summaries)
    accepted = sum(s.accepted for s in summaries)
    report = text_table(trimmed, metrics, problems + details, warnings, accepted)
    result = CliRunner().invoke(main, ["check", str(pack)])
    assert result.exit_code == 2  # a file cannot be read
    assert report == result.stdout


def test_broken_files_are_located_to_line_and_column(
    corpus: tuple[Path, list[Path]], client: Client
) -> None:
    """The misspelt audience key is reported at its line and column, with the fix."""
    _pack, (audience, syntax) = corpus
    # No client= given: dask's default scheduler, which is now the fixture's Client.
    by_path = {s.path: s for s in check([audience, syntax])}
    (problem,) = by_path[audience].problems
    assert str(problem).startswith(f"{audience}:6:3: title.pateint: unknown audience or field")
    assert "did you mean 'patient'" in str(problem)
    assert "YAML syntax error" in str(by_path[syntax].problems[0])


def test_build_on_the_cluster_writes_the_bytes_readerlevel_build_writes(
    corpus: tuple[Path, list[Path]], client: Client, tmp_path: Path
) -> None:
    """build() writes what `readerlevel build` writes, byte for byte; broken files are reported."""
    pack, broken = corpus
    formats = ["-f" + fmt for fmt in FORMATS]
    expected = tmp_path / "cli"
    result = CliRunner().invoke(main, ["build", str(pack), "-o", str(expected), *formats])
    assert result.exit_code == 2, result.output
    out = tmp_path / "dask"
    results = build([pack], out, formats=FORMATS, partition_size=PARTITION, client=client)
    assert [r.path for r in results] == article_files([pack])
    assert [r.path for r in results if r.problems] == sorted(broken)
    for r in results:
        if r.problems:
            assert f"error: {r.problems[0]}" in result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(name for r in results for name in r.outputs)
    assert written == sorted(
        p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file()
    )
    # 22 articles × 3 readers × 4 formats in English, and the massage article in Spanish.
    assert len(written) == (2 + COPIES) * 3 * 4 + 3 * 4
    for name in written:
        assert (out / name).read_bytes() == (expected / name).read_bytes(), name


def test_a_json_report_streams_to_files_from_the_workers(
    corpus: tuple[Path, list[Path]],
    client: Client,
    in_process: dict[str, list[FileSummary]],
    tmp_path: Path,
) -> None:
    """to_textfiles of json_line: a line per file, in file order, the in-process JSON objects."""
    pack, _broken = corpus
    bag = check_bag([pack], fmt="json", partition_size=PARTITION).map(json_line)
    parts = bag.to_textfiles(
        str(tmp_path / "report" / "*.jsonl"), encoding="utf-8", scheduler=client
    )
    assert len(parts) == bag.npartitions > 1
    lines = [line for part in parts for line in Path(part).read_text("utf-8").splitlines()]
    assert [json.loads(line) for line in lines] == [json.loads(s.entry) for s in in_process["json"]]
