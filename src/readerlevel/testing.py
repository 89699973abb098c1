"""Assertions for content test suites.

A content repository's tests can say::

    from readerlevel.testing import assert_readable

    def test_patient_page_is_readable(readerlevel_engine):
        article = readerlevel_engine.load("articles/knee.yaml")
        assert_readable(article, profile="patient", engine=readerlevel_engine)

and a miss fails with the targets, the hardest sentences and their scores.
The pytest plugin (:mod:`readerlevel.pytest_plugin`, registered on install)
provides the ``readerlevel_engine`` fixture and an ``assert_readable`` fixture
bound to it.
"""

from __future__ import annotations

from pathlib import Path

from readerlevel.engine import Engine
from readerlevel.guard.report import GuardReport
from readerlevel.models import Article
from readerlevel.readability.report import ReadabilityReport
from readerlevel.variant import Variant

__all__ = ["assert_faithful", "assert_readable", "explain", "explain_guard"]


def explain(report: ReadabilityReport, *, strict: bool = False, sentences: int = 5) -> str:
    """Why ``report`` fails: the missed targets, then the hardest sentences with scores."""
    missed = [t for t in report.failed_targets if strict or t.gated]
    lines = [f"{report.article_id} for {report.audience} misses its reading targets:"]
    lines += [f"  ✗ {t.describe()}" for t in missed]
    if report.hardest:
        lines.append("hardest sentences:")
    for s in report.hardest[:sentences]:
        shown = ", ".join(
            f"{name} {s.scores[name]:.1f}"
            for name in ("flesch_kincaid_grade", "smog_index", "fernandez_huerta")
            if name in s.scores
        )
        lines.append(f"  {s.path} ({shown}): {'; '.join(s.reasons)}")
        lines.append(f"    “{s.text}”")
    hints = [w for w in report.difficult_words if w.suggestions][:sentences]
    if hints:
        lines.append("plainer words from the glossary:")
        lines += [f"  {w.word} → {w.suggestions[0]}" for w in hints]
    return "\n".join(lines)


def _variants(
    subject: Variant | Article | str | Path,
    profile: str | None,
    engine: Engine | None,
    locale: str | None,
) -> tuple[Engine, Article | None, list[Variant]]:
    """The engine, the article (``None`` for a variant) and the variants a check is about.

    ``profile`` defaults to the variant's reader, or every profile of the engine.
    """
    if engine is None:
        engine = Engine.for_path(subject) if isinstance(subject, (str, Path)) else Engine()
    if isinstance(subject, Variant):
        if profile is not None and profile != subject.audience:
            raise ValueError(
                f"the variant is for '{subject.audience}', not '{profile}': "
                "personalise the article for that profile instead"
            )
        return engine, None, [subject]
    article = engine.load(subject) if isinstance(subject, (str, Path)) else subject
    names = [profile] if profile is not None else list(engine.profiles)
    return engine, article, [engine.personalise(article, name, locale=locale) for name in names]


def assert_readable(
    subject: Variant | Article | str | Path,
    profile: str | None = None,
    *,
    engine: Engine | None = None,
    locale: str | None = None,
    strict: bool = False,
) -> list[ReadabilityReport]:
    """Fail unless ``subject`` meets the reading targets of ``profile``.

    ``subject`` is a personalised variant, an article, or an article file.
    ``profile`` defaults to the variant's reader, or every profile for an
    article. Only gated targets count unless ``strict``. Returns the reports.
    """
    __tracebackhide__ = True
    engine, _, variants = _variants(subject, profile, engine, locale)
    reports = [engine.score(variant) for variant in variants]
    failures = [r for r in reports if any((strict or t.gated) and not t.passed for t in r.targets)]
    if failures:
        raise AssertionError("\n\n".join(explain(r, strict=strict) for r in failures))
    return reports


def explain_guard(report: GuardReport, *, strict: bool = False) -> str:
    """What the guard found: each error (and warning when ``strict``) with both wordings."""
    findings = [*report.errors, *(report.warnings if strict else ())]
    lines = [f"{report.article_id} for {report.audience}: the variant does not say what the "
             "canonical text says:"]  # fmt: skip
    for finding in findings:
        lines.append(f"  ✗ {finding.path}: {finding.check} '{finding.item}': {finding.explanation}")
        if finding.canonical:
            lines.append(f"    canonical: “{finding.canonical}”")
        if finding.variant:
            lines.append(f"    variant:   “{finding.variant}”")
    return "\n".join(lines)


def assert_faithful(
    subject: Variant | Article | str | Path,
    profile: str | None = None,
    *,
    engine: Engine | None = None,
    locale: str | None = None,
    strict: bool = False,
    article: Article | None = None,
) -> list[GuardReport]:
    """Fail if a variant lost a number, negation or citation, or shows hidden content.

    ``subject`` is an article, an article file, or a variant (then pass the
    ``article`` it came from). ``profile`` defaults to the variant's reader,
    or every profile. ``strict`` fails on warnings too (stale or unstamped
    wording, lost hedges, added numbers). Accepted findings never fail.
    Returns the reports.
    """
    __tracebackhide__ = True
    if isinstance(subject, Variant) and article is None:
        raise ValueError("pass article=... : the guard compares the variant with it")
    engine, loaded, variants = _variants(subject, profile, engine, locale)
    source = loaded if loaded is not None else article
    assert source is not None
    reports = [engine.guard(source, v, rendered=engine.render_variant(v, "html")) for v in variants]
    failures = [r for r in reports if r.errors or (strict and r.warnings)]
    if failures:
        raise AssertionError("\n\n".join(explain_guard(r, strict=strict) for r in failures))
    return reports
