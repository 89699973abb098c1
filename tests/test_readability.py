"""Readability: segmentation, the report, targets, suggestions, threads and languages."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from readerlevel import Engine
from readerlevel.models import Article
from readerlevel.profiles import MetricTarget
from readerlevel.readability.counting import Counter
from readerlevel.readability.language import UnknownLanguageError, language, language_code
from readerlevel.readability.report import Scorer, check_target
from readerlevel.readability.segment import split_sentences, units

from .conftest import MASSAGE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pain fell (r = 0.73). It lasted.", ["Pain fell (r = 0.73).", "It lasted."]),
        ("Dr. Smith agreed. Others did not.", ["Dr. Smith agreed.", "Others did not."]),
        ("Use it, e.g. after work. Then rest.", ["Use it, e.g. after work.", "Then rest."]),
        ("The U.S. Food and Drug agency agreed.", ["The U.S. Food and Drug agency agreed."]),
        ("Take 200 mg. daily with food.", ["Take 200 mg. daily with food."]),
        ("It helps. [1] It is safe. [2, 3]", ["It helps. [1]", "It is safe. [2, 3]"]),
        ("Smith et al. found it. J. Doe did too.", ["Smith et al. found it.", "J. Doe did too."]),
        ("Does it help? Yes! It does.", ["Does it help?", "Yes!", "It does."]),
        ("a lower-case word. continues it", ["a lower-case word. continues it"]),
        ("Shoulder pain", ["Shoulder pain"]),
        ("", []),
        ("He said “stop.” Then he left.", ["He said “stop.”", "Then he left."]),
    ],
)  # fmt: skip
def test_sentences_end_only_where_a_reader_would_stop(text: str, expected: list[str]) -> None:
    """Decimals, abbreviations, units, initials and markers do not end sentences."""
    assert split_sentences(text) == expected


def test_citation_markers_are_not_words() -> None:
    """A sentence scores the same with or without its citation markers."""
    counter = Counter(language("en"))
    scorer = Scorer()
    with_markers = scorer.sentence(counter, "Massage eases pain in adults. [1, 2]", "x", 0)
    without = scorer.sentence(counter, "Massage eases pain in adults.", "x", 0)
    assert with_markers.counts.words == without.counts.words == 5
    assert with_markers.scores == without.scores


def test_every_heading_bullet_and_paragraph_is_a_unit(engine: Engine, massage: Article) -> None:
    """The variant's units follow reading order, one per heading and block."""
    variant = engine.personalise(massage, "clinician")
    found = list(units(variant))
    blocks = sum(len(s.blocks) for s in variant.sections)
    assert [u.kind for u in found].count("heading") >= len(variant.sections)
    assert sum(1 for u in found if u.kind in ("bullet", "paragraph")) == blocks
    assert found[0].kind == "title"


def test_segmentation_scores_bullets_as_the_reader_reads_them(engine: Engine) -> None:
    """Bullets without full stops are sentences of their own; textstat runs them together."""
    bullets = "\n".join(
        f"      - Massage eased {pain} pain in the adults who took part in trials"
        for pain in ("back", "neck", "knee", "shoulder", "hand", "foot")
    )
    article = engine.parse(
        "id: b\nlocale: en\ntitle: T\nlead: Massage can help.\nupdated: 2025-01-01\n"
        f"sections:\n  - id: s\n    heading: What trials found\n    blocks:\n{bullets}\n"
    )
    report = engine.readability(article, "clinician")
    raw = engine.scorer.textstat("\n".join(u.text for u in report.units if u.scored))
    assert report.counts.sentences == 7
    assert raw.counts.sentences == 2
    assert raw.scores["flesch_kincaid_grade"] > report.scores["flesch_kincaid_grade"] + 5


def test_decimals_and_abbreviations_do_not_split_sentences() -> None:
    """textstat counts "0.5" and "Dr." as sentence ends; the segmented count does not."""
    text = "Dr. Lee saw pain fall by 0.5 points in most of the 12 trials."
    scorer = Scorer()
    assert scorer.textstat(text).counts.sentences == 2
    assert scorer.score_text(text).sentences == 1


def test_report_names_scored_and_excluded_text(engine: Engine, massage: Article) -> None:
    """Headings, the title, notices, disclaimers and references are excluded by default."""
    report = engine.readability(massage, "patient")
    kinds = {u.kind for u in report.excluded}
    assert {"title", "heading", "disclaimer", "reference"} <= kinds
    assert all(
        u.kind in ("lead", "paragraph", "bullet", "follow_up") for u in report.units if u.scored
    )
    assert report.units[0].text not in report.scored_text


def test_exclusions_are_configurable_per_profile(tmp_path: Path) -> None:
    """A profile that scores headings counts their words too."""
    (tmp_path / "readerlevel.yaml").write_text("# pack root\n", encoding="utf-8")
    (tmp_path / "profiles.yaml").write_text(
        "profiles:\n  - name: headings\n    extends: patient\n    label: H\n"
        "    description: Scores headings.\n    readability: {exclude: [reference]}\n",
        encoding="utf-8",
    )
    engine = Engine(tmp_path)
    article = engine.load(MASSAGE)
    with_headings = engine.readability(article, "headings")
    default = engine.readability(article, "patient")
    assert with_headings.counts.words > default.counts.words
    assert {u.kind for u in with_headings.excluded} == {"reference"}


def test_targets_report_pass_fail_and_margin() -> None:
    """A value over ``max`` fails with a negative margin; inside passes with room to spare."""
    over = check_target("smog_index", 9.5, MetricTarget(max=9), gated=True)
    under = check_target("flesch_kincaid_grade", 6.5, MetricTarget(max=8), gated=True)
    low = check_target("flesch_reading_ease", 55.0, MetricTarget(min=60), gated=False)
    assert (over.passed, over.margin) == (False, -0.5)
    assert (under.passed, under.margin) == (True, 1.5)
    assert (low.passed, low.margin) == (False, -5.0)
    assert "off by 0.50" in over.describe()


def test_profiles_carry_the_default_targets(engine: Engine) -> None:
    """Patient FKGL ≤ 8 and SMOG ≤ 9, caregiver ≤ 9 and ≤ 10, clinician not gated."""
    patient = engine.profiles["patient"].readability
    caregiver = engine.profiles["caregiver"].readability
    assert (patient.targets["flesch_kincaid_grade"].max, patient.targets["smog_index"].max) == (
        8,
        9,
    )
    assert (caregiver.targets["flesch_kincaid_grade"].max, caregiver.targets["smog_index"].max) == (
        9,
        10,
    )
    assert not engine.profiles["clinician"].readability.gate


def test_failed_gated_target_fails_the_report(engine: Engine) -> None:
    """A patient text full of long words misses the targets; the finding is data."""
    article = engine.parse(
        "id: hard\nlocale: en\ntitle: Hard\nlead: >-\n  Considerable"
        " methodological heterogeneity across contemporaneous investigations demonstrated"
        " statistically significant improvements.\nupdated: 2025-01-01\nsections:\n"
        "  - id: s\n    heading: S\n    blocks: [Simple words are fine.]\n"
    )
    report = engine.readability(article, "patient")
    assert not report.passed
    assert {t.metric for t in report.failed_targets} == {"flesch_kincaid_grade", "smog_index"}
    assert any(f.kind == "target" and f.severity == "error" for f in report.findings)
    assert report.hardest[0].path == "lead"
    assert any("long words" in r for r in report.hardest[0].reasons)
    clinician = engine.readability(article, "clinician")
    assert clinician.passed and not clinician.targets


def test_difficult_words_get_glossary_suggestions(engine: Engine) -> None:
    """An unfamiliar term with a glossary entry is reported with its lay wording."""
    article = engine.parse(
        "id: s\nlocale: en\ntitle: T\nlead: The analgesic works.\nupdated: 2025-01-01\n"
        "sections:\n  - id: s\n    heading: S\n    blocks: [It is fine.]\n"
    )
    report = engine.readability(article, "clinician")
    words = {w.word: w for w in report.difficult_words}
    assert words["analgesic"].suggestions
    assert "analgesic" not in words["analgesic"].suggestions[0]


def test_report_json_round_trips(engine: Engine, massage: Article) -> None:
    """The report's dict form is JSON with scores, targets, units and sentences."""
    data = json.loads(json.dumps(engine.readability(massage, "caregiver").as_dict()))
    assert data["audience"] == "caregiver"
    assert {t["metric"] for t in data["targets"]} == {"flesch_kincaid_grade", "smog_index"}
    assert any(u["scored"] and u["sentences"] for u in data["units"])


def test_unsupported_language_is_an_error_not_english(engine: Engine) -> None:
    """A French article is refused with the supported languages named."""
    article = engine.parse(
        "id: fr\nlocale: fr\ntitle: T\nlead: Le massage soulage.\nupdated: 2025-01-01\n"
        "sections:\n  - id: s\n    heading: S\n    blocks: [Bien.]\n"
    )
    with pytest.raises(UnknownLanguageError, match="supported: en, es"):
        engine.readability(article, "patient")
    assert language_code("es-MX") == "es"


def test_english_and_spanish_on_threads_match_serial() -> None:
    """Scoring both languages from 8 threads at once gives the serial numbers exactly."""
    texts = [
        ("en", "Massage eased pain for 700 patients. It may help you sleep. [1]"),
        ("es", "El masaje alivió el dolor de 700 pacientes. Puede ayudarle a dormir."),
        ("en", "Osteoarthritis commonly affects weight-bearing joints, particularly knees."),
        ("es", "La artrosis afecta sobre todo a las rodillas y las caderas."),
    ] * 10
    serial = [Scorer().textstat(text, code).scores for code, text in texts]
    shared = Scorer(cache_size=8)
    results: list[object] = [None] * len(texts)

    def work(offset: int) -> None:
        for index in range(offset, len(texts), 8):
            code, text = texts[index]
            results[index] = shared.textstat(text, code).scores

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == serial
    assert set(serial[1]) == {"fernandez_huerta", "szigriszt_pazos"}


def test_word_cache_is_bounded() -> None:
    """A counter never keeps more words than its cache size."""
    counter = Counter(language("en"), cache_size=16)
    counter.textstat_counts(" ".join(f"word{i}" for i in range(500)))
    assert 0 < counter.cache_size <= 16


def test_a_word_whose_counts_differ_by_test_is_listed_once(plain_engine: Engine) -> None:
    """'abadİ' is long for textstat's difficult-word test only; the report lists it, no crash."""
    article = plain_engine.parse(
        "id: x\nlocale: en\ntitle: T\nlead: The abadİ enumeration was considerable.\n"
        "updated: 2025-01-01\nsections:\n  - id: s\n    heading: S\n    blocks: [Fine.]\n"
    )
    words = [w.word for w in plain_engine.readability(article, "clinician").difficult_words]
    assert words.count("abadi̇") == 1 and "enumeration" in words
