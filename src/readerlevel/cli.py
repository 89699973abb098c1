"""The ``readerlevel`` command line.

Every command talks to the :class:`~readerlevel.engine.Engine`, never to a
stage's internals. Bad input prints one located message per problem to
standard error and exits with status 2; there is never a traceback for a
content error.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, cast

import click

from readerlevel import __version__
from readerlevel.engine import Engine
from readerlevel.errors import ContentError, InputFileError, Problem, ReaderlevelError
from readerlevel.render import FORMATS

__all__ = ["main"]

EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 1
EXIT_TARGET_MISSED = 1

_EXTENSIONS = {"html": "html", "md": "md", "text": "txt", "json": "json"}


class _Group(click.Group):
    """A group that turns library errors into located messages and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except ReaderlevelError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


def _engine(path: Path | None, content: Path | None) -> Engine:
    if content is not None:
        return Engine(content)
    if path is not None:
        return Engine.for_path(path)
    return Engine()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: {output}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_OUTPUT)


_content_option = click.option(
    "--content",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Content pack directory (default: the nearest parent with readerlevel.yaml).",
)


def _audiences_option(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-a/--audience NAME`` (repeatable): limit a command to some profiles."""
    return click.option(
        "-a",
        "--audience",
        "audiences",
        multiple=True,
        help=f"{verb} only this profile (repeatable).",
    )


def _locales_option(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-l/--locale LOCALE`` (repeatable): limit a command to some locales."""
    return click.option(
        "-l",
        "--locale",
        "locales",
        multiple=True,
        help=f"{verb} only this locale (repeatable; default: every locale the article has).",
    )


_progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on standard error (default: when it is a terminal).",
)

_jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (files are shared out in batches; results stream in file order).",
)


class _Output:
    """Standard output or a file, written piece by piece (reports are streamed)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: TextIO | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._file = path.open("w", encoding="utf-8")
            except OSError as exc:
                click.echo(f"error: {path}: cannot write: {exc.strerror or exc}", err=True)
                sys.exit(EXIT_OUTPUT)

    def write(self, text: str) -> None:
        if self._file is None:
            click.echo(text, nl=False)
            return
        try:
            self._file.write(text)
        except OSError as exc:
            click.echo(f"error: {self.path}: cannot write: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_OUTPUT)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _batch(
    paths: Sequence[Path],
    work: Callable[[Any, Path], Any],
    *,
    label: str,
    jobs: int,
    content: Path | None,
    progress: bool | None,
) -> Iterator[Any]:
    """``work`` over the article files under ``paths`` on ``jobs`` processes, with a progress bar.

    Results come in file order. The files are listed now, so a missing path or
    an empty selection is reported before anything is written.
    """
    from readerlevel.batch import run
    from readerlevel.check import article_files

    files = article_files(paths)
    if not files:
        raise InputFileError([Problem("no article files found", ", ".join(map(str, paths)))])
    show = progress if progress is not None else sys.stderr.isatty()

    def results() -> Iterator[Any]:
        with click.progressbar(
            length=len(files),
            label=label,
            file=sys.stderr if show else cast(TextIO, _NullFile()),
            show_pos=True,
        ) as bar:
            for result in run(work, files, jobs=jobs, content=content):
                bar.update(1)
                yield result

    return results()


def _output_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``-o/--output FILE``: where a command writes instead of standard output."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=help_text,
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="readerlevel")
def main() -> None:
    """Personalise health articles for each reader: clinician, patient, caregiver."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=True))
@click.option("-a", "--audience", required=True, help="Profile name, e.g. patient.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default="html", show_default=True
)
@click.option(
    "--locale", default=None, help="Locale for dates and UI strings (default: the article's)."
)
@_output_option("Write to FILE instead of standard output.")
@click.option("--annotate", is_flag=True, help="HTML: mark each block's source for editors.")
@click.option(
    "--mark-changes", is_flag=True, help="HTML: mark rewritten spans, the original as a tooltip."
)
@_content_option
def render(
    path: Path,
    audience: str,
    fmt: str,
    locale: str | None,
    output: Path | None,
    annotate: bool,
    mark_changes: bool,
    content: Path | None,
) -> None:
    """Render the article at PATH for one audience."""
    from readerlevel.render import RenderOptions

    engine = _engine(path, content)
    article = engine.load(path)
    options = RenderOptions(annotate=annotate, mark_changes=mark_changes)
    text = engine.render(article, audience, fmt, locale=locale, options=options)
    _write(text, output)


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@_audiences_option("Show")
@_locales_option("Show")
@_output_option("Write the page to FILE instead of standard output.")
@click.option(
    "--serve",
    is_flag=True,
    help="Serve a live preview on 127.0.0.1 that reloads when the content pack changes.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="--serve: port."
)
@_content_option
def preview(
    path: Path,
    audiences: Sequence[str],
    locales: Sequence[str],
    output: Path | None,
    serve: bool,
    port: int,
    content: Path | None,
) -> None:
    """Preview every reader's variant of the article at PATH side by side, as one HTML page.

    The page is self-contained (no script, no request): a summary table, then a
    column per profile for each locale, with rewritten spans, block sources,
    readability per section and the guard's findings. With --serve, a local
    server re-renders it whenever a content, glossary, profile or template file
    changes, and shows bad content's located errors until it is fixed.
    """
    if serve:
        if output is not None:
            raise click.UsageError("--serve and --output cannot be used together")
        try:
            from readerlevel.preview.server import HOST, Preview
            from readerlevel.preview.server import serve as run
        except ImportError as exc:
            raise ReaderlevelError(
                f"the live preview needs the 'preview' extra ({exc.name} is missing): "
                "pip install 'readerlevel[preview]'"
            ) from None
        if not path.is_file():
            raise InputFileError([Problem("no such file", str(path))])
        live = Preview(path, content=content, audiences=audiences, locales=locales)
        click.echo(f"previewing {path} at http://{HOST}:{port}/ (Ctrl-C to stop)", err=True)
        run(live, port=port)
        return
    from readerlevel.preview import preview_page

    engine = _engine(path, content)
    article = engine.load(path)
    page = preview_page(
        engine,
        article,
        audiences=audiences or None,
        locales=locales or None,
        source=path,
    )
    _write(page, output)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the profiles as JSON.")
@_content_option
def audiences(path: Path | None, as_json: bool, content: Path | None) -> None:
    """List the audiences (reader profiles) of the content pack at PATH."""
    engine = _engine(path, content)
    if as_json:
        data = [p.model_dump(mode="json") for p in engine.profiles.values()]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for name, profile in engine.profiles.items():
        chain = " → ".join((*engine.profiles.chain(name), "canonical"))
        targets = ", ".join(
            _describe_targets(profile.readability.targets)
            + [
                f"{code}: " + ", ".join(_describe_targets(extra.targets))
                for code, extra in profile.readability.languages.items()
            ]
        )
        click.echo(f"{name}\t{profile.label.text}: {profile.description.text}")
        click.echo(f"\tfallback: {chain}; terminology: {profile.terminology}")
        click.echo(
            f"\treadability: {targets or 'reported only'}"
            + ("" if profile.readability.gate else " (not gated)")
        )


def _describe_targets(targets: Any) -> list[str]:
    out = []
    for metric, t in targets.items():
        if t.min is not None:
            out.append(f"{metric} ≥ {t.min:g}")
        if t.max is not None:
            out.append(f"{metric} ≤ {t.max:g}")
    return out


@main.command()
@click.option(
    "--model",
    type=click.Choice(["article", "profile"]),
    default="article",
    show_default=True,
    help="Which document's schema to print.",
)
def schema(model: str) -> None:
    """Print the JSON Schema of a content file."""
    from readerlevel.models import Article
    from readerlevel.profiles import ReaderProfile

    target = Article if model == "article" else ReaderProfile
    click.echo(json.dumps(target.model_json_schema(), indent=2, ensure_ascii=False))


@main.command()
@click.argument(
    "content",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("variants"),
    required=False,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build/demo"),
    show_default=True,
    help="Directory for the renders.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Formats to render (repeatable; default: all).",
)
def demo(content: Path, output: Path, formats: Sequence[str]) -> None:
    """Render every article of CONTENT for every audience (default: ./variants)."""
    engine = Engine(content)
    paths = engine.pack.article_paths()
    if not paths:
        where = engine.pack.articles_dir or content
        raise InputFileError([Problem("no article files (.yaml, .yml, .json) found", str(where))])
    chosen = tuple(formats) or tuple(FORMATS)
    count = 0
    for path in paths:
        article = engine.load(path)
        for audience in engine.profiles:
            variant = engine.personalise(article, audience)
            for fmt in chosen:
                target = output / article.id / f"{audience}.{_EXTENSIONS[fmt]}"
                _write(engine.render_variant(variant, fmt), target)
                count += 1
            fell_back = len(variant.fallbacks)
            click.echo(
                f"{article.id:<32} {audience:<10} {len(variant.sections)} sections, "
                f"{fell_back} text(s) fell back to other wording"
            )
    click.echo(f"wrote {count} files to {output}/")


@main.group()
def glossary() -> None:
    """Inspect and check glossaries."""


@glossary.command("lint")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--no-builtin", is_flag=True, help="Lint only PATH, not the built-in glossary too.")
def glossary_lint(path: Path | None, no_builtin: bool) -> None:
    """Report duplicates, conflicts, cycles and hard replacements in glossaries.

    PATH is a glossary file, a glossary directory, or a content pack (its
    glossary/ directory); without PATH the built-in glossary is checked.
    Exits 1 when there are errors, 0 with warnings only.
    """
    from readerlevel.pack import find_root, load_pack
    from readerlevel.rewrite.glossary import builtin_glossary_files, glossary_files
    from readerlevel.rewrite.lint import lint

    files = [] if no_builtin and path is not None else builtin_glossary_files()
    if path is not None:
        # Audience names in lay forms are checked against the pack's profiles.
        audiences = list(load_pack(find_root(path) if path.exists() else None).profiles)
        files.extend(glossary_files(path, audiences))
    findings = lint(files)
    for finding in findings:
        click.echo(str(finding))
    errors = sum(1 for f in findings if f.severity == "error")
    click.echo(
        f"{len(files)} file(s), {errors} error(s), {len(findings) - errors} warning(s)", err=True
    )
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Directory for the rendered files (OUTPUT/<article>/<audience>.<locale>.<ext>).",
)
@_audiences_option("Build")
@_locales_option("Build")
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(list(FORMATS)),
    multiple=True,
    help="Formats to render (repeatable; default: html).",
)
@_jobs_option
@_progress_option
@_content_option
def build(
    paths: Sequence[Path],
    output: Path,
    audiences: Sequence[str],
    locales: Sequence[str],
    formats: Sequence[str],
    jobs: int,
    progress: bool | None,
    content: Path | None,
) -> None:
    """Render every article under PATHS for every reader × locale to static files.

    Files that cannot be read are reported with their located problems (exit
    2); every other file is still built. Results are streamed, so memory
    stays flat however many articles there are.
    """
    from readerlevel.batch import build_one

    work = functools.partial(
        build_one,
        output=output,
        audiences=tuple(audiences) or None,
        locales=tuple(locales) or None,
        formats=tuple(formats) or ("html",),
    )
    built = written = failed = 0
    results = _batch(paths, work, label="building", jobs=jobs, content=content, progress=progress)
    for result in results:
        if result.problems:
            failed += 1
            for problem in result.problems:
                click.echo(f"error: {problem}", err=True)
        else:
            built += 1
            written += result.written
    click.echo(
        f"built {built} article(s), {written} file(s) in {output}/"
        + (f"; {failed} file(s) could not be read" if failed else "")
    )
    if failed:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_audiences_option("Check")
@_locales_option("Check")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
)
@_output_option("Write the report to FILE instead of standard output.")
@_jobs_option
@_progress_option
@_content_option
def check(
    paths: Sequence[Path],
    audiences: Sequence[str],
    locales: Sequence[str],
    fmt: str,
    output: Path | None,
    jobs: int,
    progress: bool | None,
    content: Path | None,
) -> None:
    """Score every article under PATHS for every reader against the reading targets.

    PATHS are article files or directories (a content pack checks its
    articles/). Every reader is checked in every locale the article is written
    in (its own and each translation's) unless --locale is given. Exits 0 when
    every gated target is met, 1 when one is missed, 2 when a file cannot be
    read (the other files are still checked).
    """
    from readerlevel.batch import check_summary
    from readerlevel.check import JUNIT_HEAD, JUNIT_TAIL, text_table, used_metrics

    work = functools.partial(
        check_summary,
        fmt=fmt,
        audiences=tuple(audiences) or None,
        locales=tuple(locales) or None,
    )
    results = _batch(paths, work, label="checking", jobs=jobs, content=content, progress=progress)
    out = _Output(output)
    rows: list[tuple[str, ...]] = []
    details: list[str] = []
    problems: list[str] = []
    warnings = accepted = 0
    bad_input = missed = False
    if fmt == "json":
        out.write("[")
    elif fmt == "junit":
        out.write(JUNIT_HEAD)
    # Each file's summary is written or kept (a table row) as it comes: the
    # full reports stay in the worker, so memory does not grow with them.
    for index, summary in enumerate(results):
        bad_input = bad_input or bool(summary.problems)
        missed = missed or not summary.passed
        problems.extend(f"error: {p}" for p in summary.problems)
        if fmt == "text":
            rows.extend(summary.rows)
            details.extend(summary.details)
            warnings += summary.warnings
            accepted += summary.accepted
        elif fmt == "json":
            out.write(("," if index else "") + "\n" + summary.entry)
        else:
            out.write(summary.entry + "\n")
    if fmt == "text":
        trimmed, metrics = used_metrics(rows)
        out.write(text_table(trimmed, metrics, problems + details, warnings, accepted))
    elif fmt == "json":
        out.write("\n]\n")
    else:
        out.write(JUNIT_TAIL)
    out.close()
    if fmt != "text":
        for line in problems:
            click.echo(line, err=True)
    if bad_input:
        sys.exit(EXIT_BAD_INPUT)
    if missed:
        sys.exit(EXIT_TARGET_MISSED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-a", "--audience", "audiences", multiple=True, help="Stamp only this audience's wording."
)
@click.option(
    "--check", "dry_run", is_flag=True, help="Change nothing; exit 1 if a file needs stamping."
)
@_content_option
def stamp(
    paths: Sequence[Path], audiences: Sequence[str], dry_run: bool, content: Path | None
) -> None:
    """Record that the authored wording in PATHS matches the current canonical text.

    Each text field with audience forms gets `stamps: {audience: fingerprint}`,
    the fingerprint of its canonical text; the guard reports a form as stale
    when the canonical text changes later. Only that line is added or
    replaced: comments and layout stay as they are.
    """
    from readerlevel.check import Engines, article_files
    from readerlevel.guard.paths import text_fields
    from readerlevel.guard.stamp import stamp_file, stamp_source
    from readerlevel.loading import read_text

    files = article_files(paths)
    engines = Engines(content)
    pending = 0
    for path in files:
        engine = engines.for_file(path)
        article = engine.load(path)
        for name in audiences:
            engine.profiles[name]  # unknown audience: a clear error, nothing written
        fields = [file_path for _, file_path, text in text_fields(article) if text.all_forms]
        chosen = list(audiences) or None
        if dry_run:
            fmt = "json" if path.suffix.lower() == ".json" else "yaml"
            _, stamped, total = stamp_source(read_text(path), str(path), fields, fmt, chosen)
            pending += stamped
            click.echo(f"{path}: {stamped} of {total} text(s) need stamping")
            continue
        result = stamp_file(path, fields, chosen)
        click.echo(f"{path}: stamped {result.stamped} of {result.texts} text(s)")
    if dry_run and pending:
        sys.exit(1)


class _NullFile:
    """A sink for the progress bar when it is not shown."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        return False
