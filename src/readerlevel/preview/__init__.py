"""The editors' preview: every reader's variant of an article side by side, on one page.

:func:`preview_page` builds one self-contained HTML page (stylesheet inline, no
script, no request to anywhere) from an engine and an article: a summary table
on top, then, per locale the article is written in, a column per profile. Each
column shows the variant as the reader gets it, with

- each block's source told apart in words and colour (authored, inherited,
  canonical, rewritten, untranslated) and its form key (``patient@es``);
- every rewritten span marked: hovering or focusing it shows the original
  wording and the rule;
- readability per section against the profile's targets, pass or fail;
- the hardest sentences highlighted on their blocks, with the reason;
- the guard's findings beside the blocks they concern.

:func:`error_page` shows located problems (``file:line:column: message``) in the
same page style, for the live server (:mod:`readerlevel.preview.server`).
Everything the page shows comes from the engine: the preview is a face, like
the command line.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from readerlevel.engine import Engine
from readerlevel.errors import Problem
from readerlevel.guard.report import GuardFinding, GuardReport
from readerlevel.models import Article
from readerlevel.readability.report import ReadabilityReport, SectionScore, SentenceScore
from readerlevel.render import segments
from readerlevel.variant import Choice, Source, Variant

__all__ = [
    "LIVE_RELOAD_SCRIPT",
    "Column",
    "content_security_policy",
    "error_page",
    "preview_page",
]

LIVE_RELOAD_SCRIPT = """\
(function () {
  var first = null;
  var source = new EventSource("/events");
  source.onmessage = function (event) {
    if (first === null) { first = event.data; return; }
    if (event.data !== first) { location.reload(); }
  };
})();
"""
"""The live server's only script: reload when the content's version changes."""

_SHORT = {
    "flesch_kincaid_grade": "FKGL",
    "smog_index": "SMOG",
    "flesch_reading_ease": "FRE",
    "coleman_liau_index": "CLI",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale–Chall",
    "gunning_fog": "Fog",
    "fernandez_huerta": "Fernández Huerta",
    "szigriszt_pazos": "Szigriszt-Pazos",
}


@dataclass(frozen=True)
class Column:
    """One reader's variant with everything the preview shows beside it."""

    audience: str
    label: str
    locale: str
    variant: Variant
    report: ReadabilityReport
    guard: GuardReport
    findings: dict[str, list[GuardFinding]] = field(default_factory=dict)
    """Guard findings by text path (``sections[0].blocks[1]``); page-level ones under ``""``."""
    hardest: dict[str, list[SentenceScore]] = field(default_factory=dict)
    """The report's hardest sentences by unit path."""
    sections: dict[str, SectionScore] = field(default_factory=dict)

    @property
    def label_lang(self) -> str:
        """The language the profile's label is shown in (BCP 47), for its ``lang`` attribute."""
        shown = (
            "en"
            if f"profiles.{self.audience}.label" in self.variant.untranslated_ui
            else self.locale
        )
        return shown.replace("_", "-")

    @property
    def anchor(self) -> str:
        """The column's HTML id."""
        return f"pv-{self.locale}-{self.audience}"


def _columns(
    engine: Engine, article: Article, audiences: Sequence[str], locales: Sequence[str]
) -> list[Column]:
    columns: list[Column] = []
    for locale in locales:
        for audience in audiences:
            variant = engine.personalise(article, audience, locale=locale)
            report = engine.score(variant)
            rendered = engine.render_variant(variant, "html")
            guard = engine.guard(article, variant, rendered=rendered)
            paths = {c.path for c in variant.choices()}
            findings: dict[str, list[GuardFinding]] = {}
            for finding in guard.findings:
                findings.setdefault(finding.path if finding.path in paths else "", []).append(
                    finding
                )
            hardest: dict[str, list[SentenceScore]] = {}
            for sentence in report.hardest:
                hardest.setdefault(sentence.path, []).append(sentence)
            label = next(o.label for o in variant.audiences if o.name == audience)
            columns.append(
                Column(
                    audience,
                    label,
                    locale,
                    variant,
                    report,
                    guard,
                    findings,
                    hardest,
                    {s.id: s for s in report.sections},
                )
            )
    return columns


def _source(choice: Choice) -> tuple[str, str]:
    """A CSS class and the words saying where a text came from."""
    if choice.source is Source.AUTHORED:
        kind, words = "authored", f"authored for {choice.audience}"
    elif choice.source is Source.INHERITED:
        kind, words = "inherited", f"inherited from {choice.audience}"
    elif choice.changes:
        kind, words = "rewritten", "canonical, rewritten"
    else:
        kind, words = "canonical", "canonical"
    if choice.untranslated:
        kind, words = "untranslated", f"{words}; untranslated ({choice.locale})"
    return kind, words


def _metric(name: str) -> str:
    return _SHORT.get(name, name)


def _bound(target: object) -> str:
    low = getattr(target, "min", None)
    high = getattr(target, "max", None)
    parts = []
    if low is not None:
        parts.append(f"≥ {low:g}")
    if high is not None:
        parts.append(f"≤ {high:g}")
    return " and ".join(parts)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("readerlevel", "preview/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(segments=segments, source=_source, metric=_metric, bound=_bound)
    return env


def content_security_policy(script: str | None) -> str:
    """The page's Content-Security-Policy: nothing but inline style (and our one script)."""
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    if script is not None:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        policy += f"; script-src 'sha256-{digest}'; connect-src 'self'"
    return policy


def preview_page(
    engine: Engine,
    article: Article,
    *,
    audiences: Iterable[str] | None = None,
    locales: Iterable[str] | None = None,
    source: str | Path | None = None,
    live: bool = False,
) -> str:
    """The preview of ``article``: every profile (or ``audiences``) × every locale it has.

    ``source`` names the article file in the page; ``live`` adds the live
    server's reload script (allowed by the page's Content-Security-Policy by
    its hash, like nothing else).
    """
    names = list(audiences) if audiences is not None else list(engine.profiles)
    wanted = list(locales) if locales is not None else list(engine.locales(article))
    for name in names:
        engine.profiles[name]  # an unknown audience is an error, with a suggestion
    columns = _columns(engine, article, names, wanted)
    script = LIVE_RELOAD_SCRIPT if live else None
    template = _environment().get_template("preview.html")
    return template.render(
        article=article,
        source=str(source) if source is not None else None,
        columns=columns,
        locales=wanted,
        audiences=names,
        csp=content_security_policy(script),
        script=script,
        problems=(),
    )


def error_page(
    problems: Sequence[Problem], *, source: str | Path | None = None, live: bool = False
) -> str:
    """A page showing why the article cannot be previewed, each problem located."""
    script = LIVE_RELOAD_SCRIPT if live else None
    template = _environment().get_template("preview.html")
    return template.render(
        article=None,
        source=str(source) if source is not None else None,
        columns=[],
        locales=[],
        audiences=[],
        csp=content_security_policy(script),
        script=script,
        problems=[str(p) for p in problems],
    )
