"""Checking articles against their readers' targets, file by file.

:func:`article_files` expands the paths given to ``readerlevel check`` into
article files; :func:`check_file` scores one file for every profile (or the
ones asked for). A file that cannot be loaded gives a :class:`FileResult`
with its located problems instead of reports, so one broken file never hides
the results of the others.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from readerlevel.engine import Engine
from readerlevel.errors import ContentError, Problem, ReaderlevelError
from readerlevel.guard.report import GuardReport
from readerlevel.loading import SUFFIXES
from readerlevel.pack import MARKER, find_root
from readerlevel.readability.report import ReadabilityReport

__all__ = [
    "JUNIT_HEAD",
    "JUNIT_TAIL",
    "Engines",
    "FileResult",
    "FileSummary",
    "all_metric_rows",
    "article_files",
    "check_file",
    "format_json",
    "format_junit",
    "format_text",
    "json_entry",
    "junit_suite",
    "text_columns",
    "text_details",
    "text_rows",
    "text_table",
    "used_metrics",
]

# Files of a content pack that are not articles.
_PACK_FILES = frozenset({MARKER, "profiles.yaml", "profiles.yml", "disclaimers.yaml"})
_PACK_DIRS = frozenset({"glossary", "templates"})


def article_files(paths: Iterable[str | Path]) -> list[Path]:
    """The article files named by ``paths``: files as given, directories searched.

    A content pack directory contributes its ``articles/``; any other directory
    every ``.yaml``, ``.yml`` and ``.json`` file below it, skipping pack
    configuration (``readerlevel.yaml``, ``profiles.yaml``, glossaries,
    templates). Raises :class:`ContentError` for a path that does not exist.
    """
    out: dict[Path, None] = {}
    missing: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            out[path] = None
        elif path.is_dir():
            if (path / MARKER).is_file() and (path / "articles").is_dir():
                path = path / "articles"
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path)
                if (
                    found.is_file()
                    and found.suffix.lower() in SUFFIXES
                    and found.name not in _PACK_FILES
                    and not _PACK_DIRS.intersection(rel.parts[:-1])
                ):
                    out[found] = None
        else:
            missing.append(Problem("no such file or directory", str(path)))
    if missing:
        raise ContentError(missing)
    return list(out)


class Engines:
    """One engine per content pack, made on first use (thread-safe)."""

    def __init__(self, content: Path | None = None) -> None:
        self._content = content
        self._engines: dict[Path | None, Engine] = {}
        self._lock = threading.Lock()

    def for_file(self, path: Path) -> Engine:
        """The engine of the pack ``path`` belongs to (or of ``content`` if given)."""
        root = self._content if self._content is not None else find_root(path)
        with self._lock:
            engine = self._engines.get(root)
            if engine is None:
                engine = Engine(root)
                self._engines[root] = engine
            return engine


@dataclass(frozen=True)
class FileResult:
    """One article file checked: a report per profile, or why it could not be."""

    path: Path
    article_id: str | None
    reports: tuple[ReadabilityReport, ...]
    problems: tuple[Problem, ...] = ()
    guards: tuple[GuardReport, ...] = ()
    """The guard's findings per profile, in the order of ``reports``."""

    @property
    def passed(self) -> bool:
        """Loaded, every gated target met and no guard error left unaccepted."""
        return (
            not self.problems
            and all(r.passed for r in self.reports)
            and all(g.passed for g in self.guards)
        )


def check_file(
    engines: Engines,
    path: Path,
    audiences: Sequence[str] | None = None,
    locales: Sequence[str] | None = None,
) -> FileResult:
    """Score and guard ``path`` for ``audiences`` × ``locales``.

    By default every profile of its pack, in every locale the article is
    written in (its own and each translation's, :meth:`Engine.locales`).
    """
    try:
        engine = engines.for_file(path)
        article = engine.load(path)
        names = list(audiences) if audiences else list(engine.profiles)
        wanted = list(locales) if locales else list(engine.locales(article))
        reports: list[ReadabilityReport] = []
        guards: list[GuardReport] = []
        for locale in wanted:
            for name in names:
                variant = engine.personalise(article, name, locale=locale)
                reports.append(engine.score(variant))
                rendered = engine.render_variant(variant, "html")
                guards.append(engine.guard(article, variant, rendered=rendered))
    except ReaderlevelError as exc:
        return FileResult(path, None, (), exc.problems_at(str(path)))
    return FileResult(path, article.id, tuple(reports), (), tuple(guards))


_SHORT = {
    "flesch_kincaid_grade": "FKGL",
    "smog_index": "SMOG",
    "flesch_reading_ease": "FRE",
    "coleman_liau_index": "CLI",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "DC",
    "gunning_fog": "Fog",
    "fernandez_huerta": "FH",
    "szigriszt_pazos": "SP",
}


_COLUMNS = (
    "flesch_kincaid_grade",
    "smog_index",
    "flesch_reading_ease",
    "fernandez_huerta",
    "szigriszt_pazos",
)


def _status(report: ReadabilityReport) -> str:
    if report.untranslated:
        return "untranslated"
    if not report.targets:
        return "reported"
    if report.passed:
        return "pass" if not report.failed_targets else "pass (ungated misses)"
    return "FAIL"


def _guard_cell(guard: GuardReport | None) -> str:
    if guard is None:
        return ""
    parts = [f"{len(guard.errors)}E" if guard.errors else "✓"]
    if guard.warnings:
        parts.append(f"{len(guard.warnings)}W")
    if guard.accepted:
        parts.append(f"{len(guard.accepted)}A")
    return " ".join(parts)


def _pairs(result: FileResult) -> list[tuple[ReadabilityReport, GuardReport | None]]:
    """Each report with the guard report of the same audience and locale."""
    guards = {(g.audience, g.locale): g for g in result.guards}
    return [(r, guards.get((r.audience, r.locale))) for r in result.reports]


def text_rows(result: FileResult, metrics: Sequence[str]) -> list[tuple[str, ...]]:
    """The table rows of one file: a row per audience × locale, or one saying it is unreadable."""
    if result.problems:
        blank = [""] * len(metrics)
        return [(str(result.path), "-", "-", *blank, "", "cannot be read", "", "ERROR")]
    rows: list[tuple[str, ...]] = []
    for report, guard in _pairs(result):
        scores = [report.scores.get(m) for m in metrics]
        targets = " ".join(
            f"{_SHORT.get(t.metric, t.metric)}{'✓' if t.passed else '✗'}" for t in report.targets
        )
        rows.append(
            (
                report.article_id,
                report.audience,
                report.locale,
                *("" if v is None else f"{v:.1f}" for v in scores),
                str(report.counts.words),
                targets or "-",
                _guard_cell(guard),
                _status(report) if guard is None or guard.passed else "FAIL",
            )
        )
    return rows


def text_details(result: FileResult, details: int = 3) -> list[str]:
    """What fails in one file and why: missed targets, hardest sentences, guard errors."""
    lines: list[str] = [f"error: {problem}" for problem in result.problems]
    for report in result.reports:
        missed = report.failed_targets
        if not missed:
            continue
        lines.append("")
        lines.append(f"{report.article_id} · {report.audience} · {report.locale}:")
        for t in missed:
            lines.append(f"  {'✗' if t.gated else '·'} {t.describe()}")
        for sentence in report.hardest[:details]:
            grade = sentence.scores.get("flesch_kincaid_grade")
            head = f"FKGL {grade:.1f}" if grade is not None else ""
            lines.append(f"  - {sentence.path} ({head}; {'; '.join(sentence.reasons)})")
            lines.append(f"    “{sentence.text}”")
        suggested = [w for w in report.difficult_words if w.suggestions][:details]
        for word in suggested:
            lines.append(f"  - '{word.word}' ({word.count}×): try “{word.suggestions[0]}”")
    for guard in result.guards:
        if not guard.errors:
            continue
        lines.append("")
        lines.append(f"{guard.article_id} · {guard.audience} · {guard.locale}: the guard found")
        for finding in guard.errors:
            lines.append(f"  ✗ {finding.path}: {finding.check}: {finding.explanation}")
            if finding.canonical:
                lines.append(f"    canonical: “{finding.canonical}”")
            if finding.variant:
                lines.append(f"    variant:   “{finding.variant}”")
    return lines


def text_columns(results: Iterable[FileResult]) -> list[str]:
    """The score columns for ``results``: the formulas of the languages present."""
    present = {m for r in results for report in r.reports for m in report.scores}
    return [m for m in _COLUMNS if m in present] or list(_COLUMNS[:3])


def all_metric_rows(result: FileResult) -> list[tuple[str, ...]]:
    """:func:`text_rows` with a cell for every formula (see :func:`used_metrics`)."""
    return text_rows(result, _COLUMNS)


def used_metrics(
    rows: Sequence[tuple[str, ...]],
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Rows of :func:`all_metric_rows` without the formulas no row has, and those formulas.

    For output streamed file by file: which languages occur is known only at the end.
    """
    count = len(_COLUMNS)
    keep = [i for i in range(count) if any(row[3 + i] for row in rows)] or [0, 1, 2]
    trimmed = [(*row[:3], *(row[3 + i] for i in keep), *row[3 + count :]) for row in rows]
    return trimmed, [_COLUMNS[i] for i in keep]


def text_table(
    rows: Sequence[tuple[str, ...]],
    metrics: Sequence[str],
    details: Sequence[str],
    warnings: int,
    accepted: int,
) -> str:
    """The whole text report from rows and detail lines gathered file by file."""
    header = ("article", "audience", "locale", *(_SHORT[m] for m in metrics))
    table = [(*header, "words", "targets", "guard", "result"), *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.extend(details)
    if warnings or accepted:
        lines.append("")
        lines.append(
            f"guard: {warnings} warning(s), {accepted} accepted finding(s) "
            "(see --format json for all of them)"
        )
    return "\n".join(lines) + "\n"


def format_text(results: Sequence[FileResult], *, details: int = 3) -> str:
    """A table of every article × profile, then what fails and why."""
    metrics = text_columns(results)
    rows = [row for r in results for row in text_rows(r, metrics)]
    problems = [f"error: {p}" for r in results for p in r.problems]
    lines = problems + [
        line for r in results for line in text_details(r, details) if not line.startswith("error: ")
    ]
    warnings = sum(len(g.warnings) for r in results for g in r.guards)
    accepted = sum(len(g.accepted) for r in results for g in r.guards)
    return text_table(rows, metrics, lines, warnings, accepted)


def json_entry(result: FileResult) -> dict[str, Any]:
    """One file's JSON object: its reports and guard findings, or its problems."""
    return {
        "path": str(result.path),
        "article": result.article_id,
        "passed": result.passed,
        "problems": [str(p) for p in result.problems],
        "reports": [report.as_dict() for report in result.reports],
        "guard": [guard.as_dict() for guard in result.guards],
    }


@dataclass(frozen=True)
class FileSummary:
    """What the report needs of one checked file, small and picklable (for streaming)."""

    path: Path
    article_id: str | None
    passed: bool
    problems: tuple[Problem, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    """Table rows with every formula's cell (text format)."""
    details: tuple[str, ...] = ()
    """Why targets or the guard failed (text format)."""
    warnings: int = 0
    accepted: int = 0
    entry: str = ""
    """The file's JSON object (json format) or ``<testsuite>`` (junit format)."""


def summarise(result: FileResult, fmt: str = "text") -> FileSummary:
    """The part of ``result`` that the ``fmt`` report (text, json or junit) shows."""
    base = FileSummary(result.path, result.article_id, result.passed, result.problems)
    if fmt == "json":
        entry = json.dumps(json_entry(result), indent=2, ensure_ascii=False)
        return dataclasses.replace(base, entry=entry)
    if fmt == "junit":
        return dataclasses.replace(base, entry=junit_suite(result))
    return dataclasses.replace(
        base,
        rows=tuple(all_metric_rows(result)),
        details=tuple(line for line in text_details(result) if not line.startswith("error: ")),
        warnings=sum(len(g.warnings) for g in result.guards),
        accepted=sum(len(g.accepted) for g in result.guards),
    )


def format_json(results: Sequence[FileResult]) -> str:
    """Every result as JSON: per file, its reports or its problems."""
    return json.dumps([json_entry(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def junit_suite(result: FileResult) -> str:
    """One file's JUnit ``<testsuite>``: a test case per profile and locale."""
    suite = ET.Element(
        "testsuite", name=result.article_id or str(result.path), file=str(result.path)
    )
    failures = errors = 0
    if result.problems:
        case = ET.SubElement(suite, "testcase", name="load", classname=str(result.path))
        error = ET.SubElement(case, "error", message="cannot be read")
        error.text = "\n".join(str(p) for p in result.problems)
        errors += 1
    for report, guard in _pairs(result):
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{report.audience} ({report.locale})",
            classname=report.article_id,
        )
        missed = [t for t in report.failed_targets if t.gated]
        errors_found = guard.errors if guard is not None else ()
        if missed or errors_found:
            failures += 1
            messages = [t.describe() for t in missed] + [
                f"{f.path}: {f.check}: {f.item}" for f in errors_found
            ]
            failure = ET.SubElement(case, "failure", message="; ".join(messages))
            failure.text = "\n".join(
                [f"{s.path}: {'; '.join(s.reasons)}: {s.text}" for s in report.hardest]
                + [str(f) for f in errors_found]
            )
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(t.describe() for t in report.targets) or "no targets"
    suite.set("tests", str(len(result.reports) + (1 if result.problems else 0)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    ET.indent(suite, level=1)
    return "  " + ET.tostring(suite, "unicode")


JUNIT_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="readerlevel check">\n'
JUNIT_TAIL = "</testsuites>\n"


def format_junit(results: Sequence[FileResult]) -> str:
    """JUnit XML: a test suite per file, a test case per profile."""
    return JUNIT_HEAD + "".join(junit_suite(r) + "\n" for r in results) + JUNIT_TAIL
