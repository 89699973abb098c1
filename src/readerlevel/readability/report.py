"""Scoring a variant: per sentence, unit, section and article, against the profile's targets.

The report is data. Missing a target is a :class:`Finding`, not an
exception; :attr:`ReadabilityReport.passed` says whether every gated target
was met, and :meth:`ReadabilityReport.as_dict` gives the JSON form.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from readerlevel.errors import ReaderlevelError
from readerlevel.profiles import MetricTarget, ReaderProfile
from readerlevel.readability.counting import DEFAULT_CACHE_SIZE, Counter, Counts, split_words
from readerlevel.readability.formulas import grade_label, scores, text_standard
from readerlevel.readability.language import Language, language, language_code
from readerlevel.readability.segment import Unit, split_sentences, strip_markers, units
from readerlevel.readability.textstat_compat import TextstatReport, textstat_report
from readerlevel.variant import Variant

__all__ = [
    "DifficultWord",
    "Finding",
    "ReadabilityReport",
    "Scorer",
    "SectionScore",
    "SentenceScore",
    "Suggest",
    "TargetResult",
    "UnitScore",
]

Suggest = Callable[[str, str, str], Sequence[str]]
"""The suggestion hook: ``(word, audience, language)`` to plainer wordings, best first.

``word`` is lower case; ``audience`` is the profile name, for per-audience lay
forms; ``language`` is the language code of the text (``en``, ``es``)."""

Severity = Literal["error", "warning", "info"]


def _round(value: float) -> float:
    return round(value, 2)


def _counts_dict(c: Counts) -> dict[str, int]:
    return {
        "words": c.words,
        "sentences": c.sentences,
        "syllables": c.syllables,
        "polysyllables": c.polysyllables,
        "letters": c.letters,
        "characters": c.characters,
        "difficult_words": len(c.difficult),
    }


@dataclass(frozen=True)
class SentenceScore:
    """One sentence as scored: its counts, scores and what makes it hard."""

    text: str
    path: str
    """The unit it belongs to."""
    index: int
    """Its position in the unit (0 for the first sentence)."""
    counts: Counts
    scores: Mapping[str, float]
    long_words: tuple[str, ...]
    """Unfamiliar words of three or more syllables, as counted (punctuation removed,
    so "pain-relieving" is "painrelieving"); the report's hardest sentences give
    them as written."""
    reasons: tuple[str, ...]
    """Why it reads hard: ``"long: 31 words"``, ``"long words: analgesic, ..."``."""
    long_words_written: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """:attr:`long_words` as written in the sentence (one each, same order)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "text": self.text,
            "path": self.path,
            "index": self.index,
            "words": self.counts.words,
            "syllables": self.counts.syllables,
            "scores": {k: _round(v) for k, v in self.scores.items()},
            "long_words": list(self.long_words),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class UnitScore:
    """A heading, bullet or paragraph: scored, or excluded (by the profile, or untranslated)."""

    path: str
    kind: str
    section: str | None
    text: str
    scored: bool
    sentences: tuple[SentenceScore, ...]
    counts: Counts
    scores: Mapping[str, float]
    untranslated: bool = False
    """Excluded because the text is in another language (no translation)."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        out: dict[str, Any] = {
            "path": self.path,
            "kind": self.kind,
            "section": self.section,
            "scored": self.scored,
            "text": self.text,
        }
        if self.untranslated:
            out["untranslated"] = True
        if self.scored:
            out["counts"] = _counts_dict(self.counts)
            out["scores"] = {k: _round(v) for k, v in self.scores.items()}
            out["sentences"] = [s.as_dict() for s in self.sentences]
        return out


@dataclass(frozen=True)
class TargetResult:
    """One target checked: the value, the range, pass or fail and by how much."""

    metric: str
    value: float
    min: float | None
    max: float | None
    aim: float | None
    passed: bool
    margin: float
    """Distance to the nearest bound: positive inside the range, negative outside."""
    gated: bool

    def describe(self) -> str:
        """``"flesch_kincaid_grade 9.1 > max 8 (over by 1.1)"`` or ``"... ≤ 8 (0.6 to spare)"``."""
        bound = []
        if self.min is not None:
            bound.append(f"min {self.min:g}")
        if self.max is not None:
            bound.append(f"max {self.max:g}")
        where = ", ".join(bound)
        if self.passed:
            return f"{self.metric} {self.value:.2f} within {where} ({self.margin:.2f} to spare)"
        return f"{self.metric} {self.value:.2f} misses {where} (off by {-self.margin:.2f})"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "metric": self.metric,
            "value": _round(self.value),
            "min": self.min,
            "max": self.max,
            "aim": self.aim,
            "passed": self.passed,
            "margin": _round(self.margin),
            "gated": self.gated,
        }


def check_target(metric: str, value: float, target: MetricTarget, gated: bool) -> TargetResult:
    """``value`` of ``metric`` against ``target``."""
    margins = []
    if target.max is not None:
        margins.append(target.max - value)
    if target.min is not None:
        margins.append(value - target.min)
    margin = min(margins) if margins else 0.0
    return TargetResult(
        metric, value, target.min, target.max, target.aim, margin >= 0, margin, gated
    )


@dataclass(frozen=True)
class SectionScore:
    """A section's scored text as one, with the profile's targets applied (not gated)."""

    id: str
    heading: str
    counts: Counts
    scores: Mapping[str, float]
    targets: tuple[TargetResult, ...]

    @property
    def passed(self) -> bool:
        """Whether the section on its own meets every target."""
        return all(t.passed for t in self.targets)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "id": self.id,
            "heading": self.heading,
            "counts": _counts_dict(self.counts),
            "scores": {k: _round(v) for k, v in self.scores.items()},
            "targets": [t.as_dict() for t in self.targets],
            "passed": self.passed,
        }


@dataclass(frozen=True)
class DifficultWord:
    """An unfamiliar word of three or more syllables and what could replace it."""

    word: str
    """Lower case."""
    count: int
    syllables: int
    suggestions: tuple[str, ...]
    paths: tuple[str, ...]
    """The units it occurs in."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "word": self.word,
            "count": self.count,
            "syllables": self.syllables,
            "suggestions": list(self.suggestions),
            "paths": list(self.paths),
        }


@dataclass(frozen=True)
class Finding:
    """Something an editor should look at, with where and why."""

    kind: Literal["target", "sentence", "word", "untranslated"]
    severity: Severity
    message: str
    path: str | None = None
    metric: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.severity}: {where}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "metric": self.metric,
        }


@dataclass(frozen=True)
class ReadabilityReport:
    """One variant's readability: scores at every level, targets, hard sentences and words."""

    article_id: str
    audience: str
    locale: str
    language: str
    gated: bool
    """Whether the profile's targets gate (``readerlevel check`` fails on a miss)."""
    counts: Counts
    scores: Mapping[str, float]
    """Each formula over the whole scored text."""
    text_standard: float | None
    units: tuple[UnitScore, ...]
    sections: tuple[SectionScore, ...]
    targets: tuple[TargetResult, ...]
    hardest: tuple[SentenceScore, ...]
    difficult_words: tuple[DifficultWord, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def passed(self) -> bool:
        """True unless a gated target is missed."""
        return not any(t.gated and not t.passed for t in self.targets)

    @property
    def failed_targets(self) -> tuple[TargetResult, ...]:
        """The targets missed (gated or not)."""
        return tuple(t for t in self.targets if not t.passed)

    @property
    def untranslated(self) -> bool:
        """Nothing was scored because no text is in the variant's language."""
        return not self.counts.words and any(u.untranslated for u in self.units)

    @property
    def excluded(self) -> tuple[UnitScore, ...]:
        """The units the profile does not score (headings, disclaimers, ...)."""
        return tuple(u for u in self.units if not u.scored)

    @property
    def scored_text(self) -> str:
        """The text that was scored, one unit per paragraph."""
        return "\n\n".join(u.text for u in self.units if u.scored)

    def sentences(self) -> tuple[SentenceScore, ...]:
        """Every scored sentence, in reading order."""
        return tuple(s for u in self.units for s in u.sentences)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "article": self.article_id,
            "audience": self.audience,
            "locale": self.locale,
            "language": self.language,
            "gated": self.gated,
            "passed": self.passed,
            "counts": _counts_dict(self.counts),
            "scores": {k: _round(v) for k, v in self.scores.items()},
            "text_standard": self.text_standard,
            "text_standard_label": (
                None if self.text_standard is None else grade_label(self.text_standard)
            ),
            "targets": [t.as_dict() for t in self.targets],
            "findings": [f.as_dict() for f in self.findings],
            "hardest": [s.as_dict() for s in self.hardest],
            "difficult_words": [w.as_dict() for w in self.difficult_words],
            "sections": [s.as_dict() for s in self.sections],
            "units": [u.as_dict() for u in self.units],
        }


def _sentence_words(counter: Counter, text: str) -> tuple[list[str], Counts]:
    """A sentence's words and counts: markers removed, one sentence if it has words."""
    plain = strip_markers(text)
    words = split_words(plain)
    return words, counter.word_counts(words, plain, 1 if words else 0)


def _misses(sentence: SentenceScore, targets: Mapping[Any, MetricTarget]) -> list[str]:
    """The metrics whose targets ``sentence`` on its own misses."""
    out = []
    for metric, target in targets.items():
        value = sentence.scores.get(metric)
        if value is None:
            continue
        if (target.max is not None and value > target.max) or (
            target.min is not None and value < target.min
        ):
            out.append(metric)
    return out


def _long_words_as_written(counter: Counter, text: str) -> tuple[str, ...]:
    """The unfamiliar words of 3+ syllables in ``text``, as written ("pain-relieving")."""
    out = []
    for token in text.split():
        # Punctuation removal never crosses whitespace: a token yields at most one word.
        found = split_words(token)
        if found:
            facts = counter.word(found[0])
            if facts.difficulty_syllables >= 3 and not facts.easy:
                out.append(token.strip(_EDGE_PUNCTUATION))
    return tuple(out)


_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>.,;:!?*_"


UNIT_CACHE_SIZE = 4096
"""Scored text units a scorer keeps (bounded: a unit holds its sentences' scores)."""


class Scorer:
    """Scores variants and texts; one per engine, shared by every thread.

    It holds a word-counting :class:`~.counting.Counter` per language, made
    on first use, each with a bounded cache; ``suggest`` is the hook that
    proposes plainer wording for difficult words (the engine passes one built
    from its glossary).
    """

    def __init__(
        self, *, suggest: Suggest | None = None, cache_size: int = DEFAULT_CACHE_SIZE
    ) -> None:
        self._suggest = suggest
        self._cache_size = cache_size
        self._counters: dict[str, Counter] = {}
        self._lock = threading.Lock()
        # Scored units by (language, unit): a long-running engine scores a text once.
        self._units: OrderedDict[tuple[str, Unit], UnitScore] = OrderedDict()
        self._units_lock = threading.Lock()

    def counter(self, locale: str) -> Counter:
        """The counter for ``locale``'s language (raises ``UnknownLanguageError``)."""
        code = language_code(locale)
        found = self._counters.get(code)
        if found is not None:
            return found
        data = language(code)
        with self._lock:
            found = self._counters.get(code)
            if found is None:
                found = Counter(data, cache_size=self._cache_size)
                self._counters = {**self._counters, code: found}
        return found

    def clear_caches(self) -> None:
        """Forget every cached word (for cold-cache measurements)."""
        for counter in self._counters.values():
            counter.clear_cache()
        with self._units_lock:
            self._units.clear()

    def textstat(self, text: str, locale: str = "en") -> TextstatReport:
        """textstat's numbers for ``text`` as one string, unsegmented."""
        return textstat_report(self.counter(locale), text)

    def sentence(self, counter: Counter, text: str, path: str, index: int) -> SentenceScore:
        """Score one sentence (markers removed; it counts as one sentence)."""
        words, counts = _sentence_words(counter, text)
        lang = counter.language
        long_words: tuple[str, ...] = ()
        if counts.long_words:
            info = counter.word
            # The same test as counts.long_words and _long_words_as_written.
            long_words = tuple(
                w for w in words if info(w).difficulty_syllables >= 3 and not info(w).easy
            )
        written = _long_words_as_written(counter, strip_markers(text)) if long_words else ()
        return SentenceScore(
            text,
            path,
            index,
            counts,
            MappingProxyType(scores(counts, lang)),
            long_words,
            (),
            written,
        )

    def score_text(self, text: str, locale: str = "en") -> Counts:
        """Counts for a plain text segmented as one paragraph."""
        counter = self.counter(locale)
        return Counts.total(_sentence_words(counter, s)[1] for s in split_sentences(text))

    def score(self, variant: Variant, profile: ReaderProfile) -> ReadabilityReport:
        """The readability report of ``variant`` for ``profile``."""
        counter = self.counter(variant.locale)
        lang = counter.language
        config = profile.readability
        excluded = set(config.exclude)
        unit_scores: list[UnitScore] = []
        for unit in units(variant):
            if unit.kind in excluded or unit.untranslated:
                unit_scores.append(self._unit(counter, unit, False))
            else:
                unit_scores.append(self._scored_unit(counter, unit))
        scored = [u for u in unit_scores if u.scored]
        total = Counts.total(u.counts for u in scored)
        values = scores(total, lang)
        standard = None
        if "flesch_kincaid_grade" in values:
            sentence_words = [
                split_words(strip_markers(s.text)) for u in scored for s in u.sentences
            ]
            standard = text_standard(values, counter.linsear_write_words(sentence_words))
        wanted = config.targets_for(lang.code)
        # A variant with no text in its language (nothing translated) has nothing
        # to hold to a target: it is reported untranslated, not as scoring 0.
        targets = tuple(
            check_target(metric, self._value(values, metric, lang.code), target, config.gate)
            for metric, target in wanted.items()
            if total.words
        )
        sections = self._sections(variant, scored, lang, profile)
        sentences = [s for u in scored for s in u.sentences]
        hardest = self._hardest(counter, sentences, profile)
        words = self._difficult(scored, counter, variant.audience, lang.code)
        findings = self._findings(targets, hardest, words, profile)
        if not total.words and any(u.untranslated for u in unit_scores):
            findings = (
                Finding(
                    "untranslated",
                    "warning",
                    f"no text of the variant is in {variant.locale}: nothing was scored "
                    "(every text fell back to another language)",
                ),
                *findings,
            )
        return ReadabilityReport(
            article_id=variant.article_id,
            audience=variant.audience,
            locale=variant.locale,
            language=lang.code,
            gated=config.gate,
            counts=total,
            scores=MappingProxyType(values),
            text_standard=standard,
            units=tuple(unit_scores),
            sections=sections,
            targets=targets,
            hardest=hardest,
            difficult_words=words,
            findings=findings,
        )

    @staticmethod
    def _value(values: Mapping[str, float], metric: str, code: str) -> float:
        try:
            return values[metric]
        except KeyError:
            raise ReaderlevelError(
                f"target '{metric}' does not apply to language '{code}' "
                f"(its formulas: {', '.join(values)})"
            ) from None

    def _scored_unit(self, counter: Counter, unit: Unit) -> UnitScore:
        """:meth:`_unit`, scored, from a bounded cache shared by every thread."""
        key = (counter.language.code, unit)
        with self._units_lock:
            found = self._units.get(key)
            if found is not None:
                self._units.move_to_end(key)
                return found
        scored = self._unit(counter, unit, True)
        with self._units_lock:
            self._units[key] = scored
            while len(self._units) > UNIT_CACHE_SIZE:
                self._units.popitem(last=False)
        return scored

    def _unit(self, counter: Counter, unit: Unit, scored: bool) -> UnitScore:
        if not scored:
            return UnitScore(
                unit.path,
                unit.kind,
                unit.section,
                unit.text,
                False,
                (),
                Counts(),
                {},
                unit.untranslated,
            )
        sentences = tuple(
            self.sentence(counter, text, unit.path, index)
            for index, text in enumerate(split_sentences(unit.text))
        )
        sentences = tuple(s for s in sentences if s.counts.words)
        counts = Counts.total(s.counts for s in sentences)
        return UnitScore(
            unit.path,
            unit.kind,
            unit.section,
            unit.text,
            True,
            sentences,
            counts,
            MappingProxyType(scores(counts, counter.language)),
        )

    def _sections(
        self, variant: Variant, scored: list[UnitScore], lang: Language, profile: ReaderProfile
    ) -> tuple[SectionScore, ...]:
        by_section: dict[str, list[UnitScore]] = defaultdict(list)
        for unit in scored:
            if unit.section is not None:
                by_section[unit.section].append(unit)
        out: list[SectionScore] = []
        for section in variant.sections:
            counts = Counts.total(u.counts for u in by_section.get(section.id, ()))
            values = scores(counts, lang)
            targets = tuple(
                check_target(m, values[m], t, False)
                for m, t in profile.readability.targets_for(lang.code).items()
                if m in values
            )
            out.append(
                SectionScore(
                    section.id, section.heading.text, counts, MappingProxyType(values), targets
                )
            )
        return tuple(out)

    def _hardest(
        self, counter: Counter, sentences: list[SentenceScore], profile: ReaderProfile
    ) -> tuple[SentenceScore, ...]:
        config = profile.readability
        key = (
            "flesch_kincaid_grade"
            if sentences and "flesch_kincaid_grade" in sentences[0].scores
            else None
        )

        def difficulty(s: SentenceScore) -> float:
            if key is not None:
                return s.scores[key]
            # Reading-ease formulas: lower is harder.
            return -next(iter(s.scores.values()), 0.0)

        wanted = config.targets_for(counter.language.code)
        out: list[SentenceScore] = []
        for s in sorted(sentences, key=difficulty, reverse=True):
            if len(out) >= config.hardest:
                break
            over = bool(_misses(s, wanted))
            reasons = []
            if s.counts.words > config.long_sentence:
                reasons.append(f"long: {s.counts.words} words (over {config.long_sentence})")
            written = s.long_words_written
            if written:
                unique = list(dict.fromkeys(w.lower() for w in written))
                reasons.append(f"long words: {len(written)} of 3+ syllables ({', '.join(unique)})")
            if not reasons:
                if not over:
                    continue  # nothing about it is hard
                per_word = s.counts.syllables / s.counts.words
                reasons.append(f"dense: {per_word:.1f} syllables per word")
            out.append(
                SentenceScore(s.text, s.path, s.index, s.counts, s.scores, written, tuple(reasons))
            )
        return tuple(out)

    def _difficult(
        self, scored: list[UnitScore], counter: Counter, audience: str, code: str
    ) -> tuple[DifficultWord, ...]:
        counts: dict[str, int] = defaultdict(int)
        paths: dict[str, dict[str, None]] = defaultdict(dict)
        shown: dict[str, str] = {}
        for unit in scored:
            for sentence in unit.sentences:
                if not sentence.long_words:
                    continue
                written = sentence.long_words_written
                # Both lists keep the sentence's order, one entry per long word.
                for token, as_written in zip(sentence.long_words, written, strict=True):
                    key = token.lower()
                    shown.setdefault(key, as_written.lower())
                    counts[key] += 1
                    paths[key][unit.path] = None
        out = []
        for key in sorted(counts, key=lambda w: (-counts[w], shown[w])):
            word = shown[key]
            suggestions: tuple[str, ...] = ()
            if self._suggest is not None:
                suggestions = tuple(self._suggest(word, audience, code)) or tuple(
                    self._suggest(key, audience, code)
                )
            out.append(
                DifficultWord(
                    word, counts[key], counter.syllables(key), suggestions, tuple(paths[key])
                )
            )
        return tuple(out)

    @staticmethod
    def _findings(
        targets: tuple[TargetResult, ...],
        hardest: tuple[SentenceScore, ...],
        words: tuple[DifficultWord, ...],
        profile: ReaderProfile,
    ) -> tuple[Finding, ...]:
        out: list[Finding] = []
        for t in targets:
            if not t.passed:
                out.append(
                    Finding("target", "error" if t.gated else "info", t.describe(), None, t.metric)
                )
        wanted = {t.metric: MetricTarget(min=t.min, max=t.max) for t in targets}
        for s in hardest:
            over = [f"{m} {s.scores[m]:.1f}" for m in _misses(s, wanted)]
            if over or any(r.startswith("long:") for r in s.reasons):
                detail = "; ".join(s.reasons)
                scores_text = f" ({', '.join(over)})" if over else ""
                out.append(
                    Finding(
                        "sentence",
                        "warning",
                        f"hard sentence{scores_text}: {detail}: “{s.text}”",
                        s.path,
                    )
                )
        for w in words:
            if w.suggestions:
                out.append(
                    Finding(
                        "word",
                        "info",
                        f"'{w.word}' ({w.syllables} syllables, {w.count}×): try "
                        + " / ".join(f"“{x}”" for x in w.suggestions),
                        w.paths[0],
                    )
                )
        return tuple(out)
