"""The guard stage: every kind of finding on small articles, properties, CLI and pytest plugin.

The fact extraction itself is tested in test_guard_facts.py; these tests go
through ``Engine.guard`` (selection, rewrite, stamps, accept rules, leaks).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readerlevel import Article, ContentError, Engine
from readerlevel.cli import main
from readerlevel.guard.report import ERROR_CHECKS, GuardFinding, GuardReport, severity
from readerlevel.guard.stage import LEAK_MIN_WORDS
from readerlevel.guard.stamp import fingerprint
from readerlevel.models import GUARD_CHECKS

from .conftest import AUDIENCES, FORMATS, VARIANTS

BLOCK = "sections[0].blocks[0]"
EXAMPLES = sorted((VARIANTS / "articles").glob("*.yaml"))
REFERENCES = (1, 2, 3, 4, 5, 6)


def block(text: str, *, stamp: bool = True, **fields: Any) -> dict[str, Any]:
    """A block mapping; audience forms are stamped against ``text`` unless ``stamp`` is false."""
    data: dict[str, Any] = {"text": text}
    forms = [k for k, v in fields.items() if k in AUDIENCES and isinstance(v, str)]
    if stamp and forms:
        data["stamps"] = {name: fingerprint(text) for name in forms}
    data.update(fields)
    return data


def article_yaml(*blocks: dict[str, Any] | str, sections: list[Any] | None = None) -> str:
    """A small article as YAML: authored title, lead and heading, then ``blocks`` in one section."""
    plain = "Massage and pain"
    data: dict[str, Any] = {
        "id": "guarded",
        "locale": "en",
        "title": block(plain, patient=plain, caregiver=plain),
        "lead": block("Massage can ease pain.", patient="Massage can ease pain."),
        "updated": "2025-01-01",
        "sections": [
            {"id": "s", "heading": block("What it does", patient="What it does"), "blocks": blocks},
            *(sections or []),
        ],
        "references": [{"id": n} for n in REFERENCES],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def build(engine: Engine, *blocks: dict[str, Any] | str, **options: Any) -> Article:
    """Parse the article made by :func:`article_yaml`."""
    return engine.parse(article_yaml(*blocks, **options))


def at(report: GuardReport, path: str = BLOCK) -> list[tuple[str, str]]:
    """The ``(check, item)`` pairs found on one text field, in report order."""
    return [(f.check, f.item) for f in report.findings if f.path == path]


def one(report: GuardReport, check: str, path: str = BLOCK) -> GuardFinding:
    """The only finding of ``check`` on ``path``."""
    found = [f for f in report.findings if f.check == check and f.path == path]
    assert len(found) == 1, report.findings
    return found[0]


# Numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "patient", "item"),
    [
        (
            "Massage lowered pain in more than 700 patients. [1]",
            "Massage lowered pain in many patients. [1]",
            "more than 700",
        ),
        ("Take 200 mg with food.", "Take the tablet with food.", "200 mg"),
        ("Take 200 mg with food.", "Take 200 with food.", "200 mg"),
        ("Pain fell in more than 700 patients.", "Pain fell in 700 patients.", "more than 700"),
        ("Take it 2 times a day.", "Take it every day.", "2 times a day"),
        ("Pain fell in 5 trials.", "Pain fell in some trials.", "5"),
    ],
)
def test_number_lost(plain_engine: Engine, canonical: str, patient: str, item: str) -> None:
    """A quantity, its unit or its comparator missing from the patient wording is an error."""
    article = build(plain_engine, block(canonical, patient=patient))
    report = plain_engine.guard(article, "patient")
    finding = one(report, "number-lost")
    assert finding.item == item
    assert finding.severity == "error" and finding.audience == "patient"
    assert item in finding.canonical and patient.rstrip(".") in finding.variant
    assert f"'{item}'" in finding.explanation
    assert finding in report.errors and not report.passed


def test_number_lost_is_reported_for_every_reader_of_the_wording(plain_engine: Engine) -> None:
    """The caregiver inherits the patient's wording, and with it the lost number."""
    article = build(
        plain_engine,
        block("Take 200 mg with food.", patient="Take the tablet with food."),
    )
    assert one(plain_engine.guard(article, "caregiver"), "number-lost").item == "200 mg"
    assert at(plain_engine.guard(article, "clinician")) == []


def test_number_added_is_a_warning(plain_engine: Engine) -> None:
    """A quantity only in the variant is a warning; the report still passes."""
    article = build(plain_engine, block("Take it with food.", patient="Take 2 tablets with food."))
    report = plain_engine.guard(article, "patient")
    assert at(report) == [("number-added", "2")]
    finding = one(report, "number-added")
    assert finding.severity == "warning" and finding in report.warnings
    assert "2 tablets" in finding.variant
    assert report.passed and report.errors == ()


@pytest.mark.parametrize(
    ("canonical", "patient"),
    [
        ("Take 200 mg with food.", "Take 200 milligrams with food."),
        ("Take 200 mg with food.", "Take 200mg with food."),
        ("Pain fell in more than 700 patients.", "Pain fell in over 700 people."),
        ("Pain fell in more than 5 trials.", "Pain fell in >5 trials."),
        ("Results came from five trials.", "Results came from 5 trials."),
        ("Pain fell by 25-50%.", "Pain fell by 25 to 50 percent."),
        ("Walk at least 3 times a week.", "Walk 3 or more times a week."),
        ("Results came from 1 trial.", "Results came from one trial."),
    ],
)
def test_equivalent_numbers_are_not_flagged(
    plain_engine: Engine, canonical: str, patient: str
) -> None:
    """Equal quantities written differently give no number finding."""
    article = build(plain_engine, block(canonical, patient=patient))
    assert at(plain_engine.guard(article, "patient")) == []


# Negations and hedges ---------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "patient", "item"),
    [
        ("Do not take with alcohol.", "Take with alcohol.", "not"),
        ("Never stop the tablets suddenly.", "Stop the tablets suddenly.", "Never"),
        ("Take the tablets without food.", "Take the tablets with food.", "without"),
        ("There was no benefit in trials.", "There was a benefit in trials.", "no"),
        ("Don't take with alcohol.", "Take with alcohol.", "Don't"),
    ],
)
def test_negation_lost(plain_engine: Engine, canonical: str, patient: str, item: str) -> None:
    """A negation dropped from the patient wording is an error naming the negation."""
    article = build(plain_engine, block(canonical, patient=patient))
    report = plain_engine.guard(article, "patient")
    assert at(report) == [("negation-lost", item)]
    finding = one(report, "negation-lost")
    assert finding.severity == "error" and not report.passed
    assert item in finding.canonical


def test_negation_added_is_a_warning(plain_engine: Engine) -> None:
    """A negation only in the variant is a warning."""
    article = build(plain_engine, block("Take with alcohol.", patient="Do not take with alcohol."))
    report = plain_engine.guard(article, "patient")
    assert at(report) == [("negation-added", "not")]
    assert one(report, "negation-added").severity == "warning" and report.passed


@pytest.mark.parametrize(
    ("canonical", "patient"),
    [
        ("Avoid alcohol.", "Do not drink alcohol."),
        ("Do not take with alcohol.", "Don't take it with alcohol."),
        ("You cannot drive.", "You can't drive."),
        ("Never drive after a dose.", "Do not ever drive after a dose."),
    ],
)
def test_equivalent_negations_are_not_flagged(
    plain_engine: Engine, canonical: str, patient: str
) -> None:
    """Equal negations ("avoid" = "do not", "don't" = "do not", "cannot" = "can't"): no finding."""
    article = build(plain_engine, block(canonical, patient=patient))
    assert at(plain_engine.guard(article, "patient")) == []


def test_may_to_will_is_hedge_lost_and_certainty_added(plain_engine: Engine) -> None:
    """Changing "may" to "will" gives hedge-lost and certainty-added, both warnings."""
    article = build(
        plain_engine, block("Massage may ease pain.", patient="Massage will ease pain.")
    )
    report = plain_engine.guard(article, "patient")
    assert at(report) == [("hedge-lost", "may"), ("certainty-added", "will")]
    assert {f.severity for f in report.findings if f.path == BLOCK} == {"warning"}
    assert report.passed


def test_dropped_hedge_without_certainty_word(plain_engine: Engine) -> None:
    """Dropping "may" without a certainty word is hedge-lost alone."""
    article = build(plain_engine, block("Massage may ease pain.", patient="Massage eases pain."))
    assert at(plain_engine.guard(article, "patient")) == [("hedge-lost", "may")]


@pytest.mark.parametrize(
    "patient", ["Massage might ease pain.", "Massage can ease pain.", "Massage could ease pain."]
)
def test_hedges_of_one_class_are_interchangeable(plain_engine: Engine, patient: str) -> None:
    """Hedges of one class are equal ("may" = "might" = "can" = "could"): no finding."""
    article = build(plain_engine, block("Massage may ease pain.", patient=patient))
    assert at(plain_engine.guard(article, "patient")) == []


# Citations --------------------------------------------------------------------


def test_citation_lost(plain_engine: Engine) -> None:
    """A reference cited by the canonical text and not by the wording is an error."""
    article = build(
        plain_engine,
        block("Massage eases pain. [1, 2]", patient="Massage eases pain. [1]"),
    )
    report = plain_engine.guard(article, "patient")
    assert at(report) == [("citation-lost", "[2]")]
    finding = one(report, "citation-lost")
    assert finding.severity == "error" and "omit_citations" in finding.explanation
    assert finding.canonical == "Massage eases pain. [1, 2]"
    assert finding.variant == "Massage eases pain. [1]"


def test_citation_omitted_on_purpose_is_not_reported(plain_engine: Engine) -> None:
    """``omit_citations: [patient]`` silences citation-lost for the patient and its heirs."""
    article = build(
        plain_engine,
        block(
            "Massage eases pain. [1, 2]",
            patient="Massage can ease your pain.",
            omit_citations=["patient"],
        ),
    )
    for audience in ("patient", "caregiver"):  # the caregiver inherits the patient wording
        assert "citation-lost" not in dict(at(plain_engine.guard(article, audience)))


def test_omitting_for_the_patient_does_not_cover_the_caregivers_own_wording(
    plain_engine: Engine,
) -> None:
    """The caregiver's own wording still needs the citations when only patient omits them."""
    article = build(
        plain_engine,
        block(
            "Massage eases pain. [3]",
            patient="Massage can ease your pain.",
            caregiver="Massage can ease their pain.",
            omit_citations=["patient"],
        ),
    )
    assert "citation-lost" not in dict(at(plain_engine.guard(article, "patient")))
    assert at(plain_engine.guard(article, "caregiver")) == [("citation-lost", "[3]")]


@pytest.mark.parametrize(
    ("canonical", "patient"),
    [
        ("Massage eases pain. [1, 2]", "Massage eases your pain. [2, 1]"),
        ("Massage eases pain. [1-3]", "Massage eases your pain. [1, 2, 3]"),
        ("Massage eases pain. [1, 2]", "Massage [1] eases your pain. [2]"),
    ],
)
def test_citations_present_in_both_are_not_flagged(
    plain_engine: Engine, canonical: str, patient: str
) -> None:
    """Markers written differently but citing the same references give no finding."""
    article = build(plain_engine, block(canonical, patient=patient))
    assert at(plain_engine.guard(article, "patient")) == []


# Equivalences across the stage ------------------------------------------------


def test_equivalent_wording_of_every_kind_at_once(plain_engine: Engine) -> None:
    """Equal forms of every kind (">5", "5", "25 to 50 percent", "do not", markers): no finding."""
    article = build(
        plain_engine,
        block(
            "More than 5 trials of five weeks found pain fell by 25-50%. Avoid alcohol. "
            "Massage may help. [1, 2]",
            patient=">5 trials of 5 weeks found pain fell by 25 to 50 percent. Do not drink "
            "alcohol. Massage might help. [1] [2]",
        ),
    )
    for audience in ("patient", "caregiver"):
        report = plain_engine.guard(article, audience)
        assert report.findings == ()
        assert report.passed


# Stamps -----------------------------------------------------------------------

STALE = """\
id: stale
locale: en
title: Massage and pain
lead: Massage can ease pain.
updated: 2025-01-01
sections:
  - id: s
    heading: What it does
    blocks:
      - text: {style}
          {canonical}
        stamps: {{patient: "{stamp}"}}
        patient: Massage eased pain in more than 700 people. [1]
references:
  - id: 1
"""
OLD = "Massage lowered pain in more than 700 patients. [1]"


def test_stale_when_the_canonical_text_changed(plain_engine: Engine) -> None:
    """A stamp of the old canonical text makes the wording stale (a warning), with both prints."""
    canonical = "Massage reduced pain in more than 700 patients. [1]"
    source = STALE.format(style=">-", canonical=canonical, stamp=fingerprint(OLD))
    report = plain_engine.guard(plain_engine.parse(source), "patient")
    assert at(report) == [("stale", "patient")]
    finding = one(report, "stale")
    assert finding.severity == "warning" and report.passed
    assert fingerprint(OLD) in finding.explanation
    assert fingerprint(canonical) in finding.explanation
    assert finding.canonical == canonical
    assert finding.variant == "Massage eased pain in more than 700 people. [1]"
    # The caregiver inherits the stale patient wording: reported under the patient's stamp.
    inherited = one(plain_engine.guard(plain_engine.parse(source), "caregiver"), "stale")
    assert (inherited.audience, inherited.item) == ("caregiver", "patient")


def test_not_stale_when_only_line_wrapping_changed(plain_engine: Engine) -> None:
    """Re-wrapping the canonical text keeps the stamp valid: no stale, no unstamped."""
    rewrapped = "Massage lowered pain in more\n          than 700   patients. [1]"
    article = plain_engine.parse(
        STALE.format(style="|-", canonical=rewrapped, stamp=fingerprint(OLD))
    )
    assert article.sections[0].blocks[0].text != OLD  # the text really is wrapped differently
    assert at(plain_engine.guard(article, "patient")) == []


def test_unstamped_wording_is_a_warning(plain_engine: Engine) -> None:
    """Authored wording without a stamp is reported as unstamped, per authored audience."""
    article = build(
        plain_engine,
        block(
            "Massage eases pain.",
            stamp=False,
            patient="Massage can ease your pain.",
            caregiver="Massage can ease their pain.",
        ),
    )
    finding = one(plain_engine.guard(article, "patient"), "unstamped")
    assert (finding.item, finding.severity) == ("patient", "warning")
    assert finding.canonical == "Massage eases pain."
    assert finding.variant == "Massage can ease your pain."
    assert at(plain_engine.guard(article, "caregiver")) == [("unstamped", "caregiver")]
    assert at(plain_engine.guard(article, "clinician")) == []


def test_stamp_for_one_audience_does_not_cover_another(plain_engine: Engine) -> None:
    """A patient stamp leaves the caregiver's own wording unstamped."""
    text = "Massage eases pain."
    article = build(
        plain_engine,
        block(
            text,
            stamp=False,
            stamps={"patient": fingerprint(text)},
            patient="Massage can ease your pain.",
            caregiver="Massage can ease their pain.",
        ),
    )
    assert at(plain_engine.guard(article, "patient")) == []
    assert at(plain_engine.guard(article, "caregiver")) == [("unstamped", "caregiver")]


# Fallback ---------------------------------------------------------------------


def test_fallback_to_canonical_text_is_a_warning_for_lay_readers(plain_engine: Engine) -> None:
    """A lay reader given the canonical text gets a fallback warning; the clinician does not."""
    article = build(
        plain_engine,
        "Patients with osteoarthritis may take an analgesic.",
        "Walking is good for you.",
    )
    report = plain_engine.guard(article, "patient")
    rewritten = one(report, "fallback")
    assert (rewritten.item, rewritten.severity) == (BLOCK, "warning")
    assert "rewritten by the glossary" in rewritten.explanation
    assert rewritten.canonical == "Patients with osteoarthritis may take an analgesic."
    as_is = one(report, "fallback", "sections[0].blocks[1]")
    assert "is used as is" in as_is.explanation
    assert report.passed
    assert plain_engine.guard(article, "clinician").findings == ()


def test_inherited_wording_is_not_a_fallback_finding(plain_engine: Engine) -> None:
    """The caregiver reading the patient's wording is not reported as a fallback."""
    article = build(plain_engine, block("Massage eases pain.", patient="Massage can ease pain."))
    assert at(plain_engine.guard(article, "caregiver")) == []


# Accepting findings -----------------------------------------------------------

LOST = "Pain fell in more than 700 patients. [1]"
LOST_PATIENT = "Pain fell in many patients. [1]"


def test_accepted_finding_stays_in_the_report_but_is_not_an_error(plain_engine: Engine) -> None:
    """An accept entry with a reason marks the finding accepted; it no longer fails."""
    reason = "the patient page gives no head count"
    accept = [{"check": "number-lost", "item": "more than 700", "reason": reason}]
    article = build(plain_engine, block(LOST, patient=LOST_PATIENT, accept=accept))
    report = plain_engine.guard(article, "patient")
    finding = one(report, "number-lost")
    assert finding.accepted == reason
    assert finding in report.findings and finding in report.accepted
    assert finding not in report.errors and report.errors == ()
    assert finding not in report.warnings
    assert report.passed
    assert f"(accepted: {reason})" in str(finding)
    assert report.as_dict()["accepted"] == 1


@pytest.mark.parametrize(
    "rule",
    [
        {"check": "number-lost", "item": "700", "reason": "another item"},
        {"check": "number-added", "item": "more than 700", "reason": "another check"},
        {"check": "number-lost", "audience": "caregiver", "reason": "another reader"},
    ],
    ids=["item", "check", "audience"],
)
def test_accept_for_another_item_check_or_audience_does_not_apply(
    plain_engine: Engine, rule: dict[str, str]
) -> None:
    """An accept entry applies only to its check, item and audience."""
    article = build(plain_engine, block(LOST, patient=LOST_PATIENT, accept=[rule]))
    report = plain_engine.guard(article, "patient")
    assert one(report, "number-lost").accepted is None
    assert not report.passed


def test_accept_for_an_audience_applies_to_that_reader(plain_engine: Engine) -> None:
    """``audience: caregiver`` accepts the caregiver's finding and leaves the patient's."""
    rule = {"check": "number-lost", "audience": "caregiver", "reason": "carers see the chart"}
    article = build(plain_engine, block(LOST, patient=LOST_PATIENT, accept=[rule]))
    assert one(plain_engine.guard(article, "caregiver"), "number-lost").accepted
    assert not plain_engine.guard(article, "patient").passed


def test_accept_without_a_reason_is_refused(plain_engine: Engine) -> None:
    """Accepting a finding needs a reason: the article does not load without one."""
    with pytest.raises(ContentError, match="reason"):
        build(plain_engine, block(LOST, patient=LOST_PATIENT, accept=[{"check": "number-lost"}]))


# Leaks ------------------------------------------------------------------------

CLINICIAN_ONLY = "Low-level evidence indicates massage lowers shoulder pain over the short term."
SHORT_HIDDEN = "Shoulder pain trials."


def leaky(engine: Engine) -> Article:
    """An article with a clinician-only block, a short one, and a clinician-only section."""
    return build(
        engine,
        "Massage can ease pain for many adults.",
        {"text": CLINICIAN_ONLY + " [2]", "id": "msk", "audiences": ["clinician"]},
        {"text": SHORT_HIDDEN, "audiences": ["clinician"]},
        sections=[
            {
                "id": "pro",
                "heading": "For clinicians: trial details",
                "audiences": ["clinician"],
                "blocks": ["Trials pooled more than 700 patients with cancer pain."],
            }
        ],
    )


def leaks(report: GuardReport) -> dict[str, GuardFinding]:
    """The leak findings by path."""
    return {f.path: f for f in report.findings if f.check == "leak"}


def test_variant_containing_hidden_content_leaks(plain_engine: Engine) -> None:
    """A variant holding blocks and sections hidden from its reader leaks each of them."""
    article = leaky(plain_engine)
    wrong = plain_engine.personalise(article, "clinician").model_copy(
        update={"audience": "patient"}
    )
    report = plain_engine.guard(article, wrong)
    found = leaks(report)
    assert set(found) == {
        "sections[0].blocks[1]",
        "sections[0].blocks[2]",  # short texts are still checked in the variant
        "sections[1].heading",
        "sections[1].blocks[0]",
    }
    for finding in found.values():
        assert finding.severity == "error" and finding.audience == "patient"
        assert "the variant contains it" in finding.explanation
    assert found["sections[0].blocks[1]"].canonical.startswith("Low-level evidence")
    assert not report.passed


def test_correct_variant_does_not_leak(plain_engine: Engine) -> None:
    """The patient's own variant and page leak nothing."""
    article = leaky(plain_engine)
    for fmt in FORMATS:
        page = plain_engine.render(article, "patient", fmt)
        assert leaks(plain_engine.guard(article, "patient", rendered=page, fmt=fmt)) == {}


def test_hidden_words_in_the_rendered_page_leak(plain_engine: Engine) -> None:
    """Hidden text in the rendered page leaks (markers aside); short texts are not sought."""
    article = leaky(plain_engine)
    page = plain_engine.render(article, "patient", "html")
    extra = f"<p>{CLINICIAN_ONLY}</p><p>{SHORT_HIDDEN}</p>"
    report = plain_engine.guard(article, "patient", rendered=page + extra)
    found = leaks(report)
    assert set(found) == {"sections[0].blocks[1]"}
    finding = found["sections[0].blocks[1]"]
    assert "rendered page contains its words" in finding.explanation
    assert finding.canonical == CLINICIAN_ONLY.rstrip(".")
    assert finding.severity == "error" and not report.passed


@pytest.mark.parametrize(
    ("hidden", "searched"),
    [
        ("Massage lowers pain in adults.", True),  # five words
        ("Massage lowers adult pain.", False),  # four words
    ],
)
def test_leak_min_words(plain_engine: Engine, hidden: str, searched: bool) -> None:
    """Hidden texts of LEAK_MIN_WORDS words or more are sought in the page; shorter ones are not."""
    assert LEAK_MIN_WORDS == 5
    article = build(plain_engine, "Walking helps.", {"text": hidden, "audiences": ["clinician"]})
    page = f"<p>Walking helps.</p><p>{hidden}</p>"
    report = plain_engine.guard(article, "patient", rendered=page)
    assert bool(leaks(report)) is searched


def test_hidden_audience_wording_is_sought_too(plain_engine: Engine) -> None:
    """A block hidden from the caregiver leaks if the page shows its patient wording."""
    article = build(
        plain_engine,
        "Walking helps.",
        block(
            "Massage lowered pain in most adults with cancer.",
            patient="Massage eased pain for most people with cancer.",
            exclude=["caregiver"],
        ),
    )
    page = plain_engine.render(article, "caregiver", "md")
    assert leaks(plain_engine.guard(article, "caregiver", rendered=page, fmt="md")) == {}
    page += "\nMassage eased pain for most people with cancer.\n"
    assert set(leaks(plain_engine.guard(article, "caregiver", rendered=page, fmt="md"))) == {
        "sections[0].blocks[1]"
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_renders_do_not_leak(engine: Engine, path: Path, audience: str, fmt: str) -> None:
    """The example articles' pages, in every format and for every reader, leak nothing."""
    article = engine.load(path)
    page = engine.render(article, audience, fmt)
    report = engine.guard(article, audience, rendered=page, fmt=fmt)
    assert leaks(report) == {}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_clinician_page_given_as_patient_page_leaks(engine: Engine, path: Path, fmt: str) -> None:
    """The clinician's page passed as the patient's leaks exactly the clinician-only blocks."""
    article = engine.load(path)
    hidden = {
        f"sections[{s}].blocks[{b}]"
        for s, section in enumerate(article.sections)
        for b, item in enumerate(section.blocks)
        if not item.visible_to("patient") and len(item.text.split()) >= LEAK_MIN_WORDS
    }
    assert hidden
    page = engine.render(article, "clinician", fmt)
    assert set(leaks(engine.guard(article, "patient", rendered=page, fmt=fmt))) == hidden


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "hidden",
    [
        "Physiotherapy & massage lowered pain in most trials.",
        "Sessions cost under $50 each in most trials.",
        "In adults aged < 65 years with a BMI > 30, pain fell.",
        'Trials called it a "moderate" effect on pain.',
    ],
    ids=["ampersand", "dollar", "angle-brackets", "quotes"],
)
def test_hidden_text_with_markup_characters_is_found_in_every_format(
    plain_engine: Engine, hidden: str, fmt: str
) -> None:
    """A hidden passage with &, $, <, > or quotes is found in the page whatever its format."""
    article = build(plain_engine, "Walking helps.", {"text": hidden, "audiences": ["clinician"]})
    page = plain_engine.render(article, "clinician", fmt)
    report = plain_engine.guard(article, "patient", rendered=page, fmt=fmt)
    assert set(leaks(report)) == {"sections[0].blocks[1]"}, f"not found in the {fmt} page"


# Severity and JSON ------------------------------------------------------------


def test_severity_of_every_check() -> None:
    """Lost numbers, negations, citations and leaks are errors; every other check warns."""
    assert frozenset({"number-lost", "negation-lost", "citation-lost", "leak"}) == ERROR_CHECKS
    for check in GUARD_CHECKS:
        assert severity(check) == ("error" if check in ERROR_CHECKS else "warning")


def test_report_as_dict_round_trips_through_json(plain_engine: Engine) -> None:
    """``as_dict()`` is JSON data: counts, and every finding with its severity."""
    article = build(
        plain_engine,
        block(
            "Do not drive. Take up to 200 mg a day. Massage may help. [1]",
            stamp=False,
            patient="Drive with care. Take 2 tablets a day. Massage will help.",
            accept=[{"check": "unstamped", "reason": "checked by hand"}],
        ),
        "Patients with osteoarthritis may take an analgesic.",
    )
    report = plain_engine.guard(article, "patient")
    data = report.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["article"] == "guarded" and data["audience"] == "patient"
    assert data["passed"] is False
    assert data["errors"] == len(report.errors) >= 3
    assert data["warnings"] == len(report.warnings) >= 3
    assert data["accepted"] == 1
    assert len(data["findings"]) == len(report.findings)
    for finding, item in zip(report.findings, data["findings"], strict=True):
        assert item == finding.as_dict()
        assert item["severity"] == ("error" if item["check"] in ERROR_CHECKS else "warning")
    checks = {f["check"] for f in data["findings"] if f["severity"] == "error"}
    assert checks == {"number-lost", "negation-lost", "citation-lost"}
    assert {f.severity for f in report.errors} == {"error"}


# Property: the automatic rewrite keeps every fact -----------------------------

QUANTITIES = (
    "more than 700 patients",
    "200 mg 2 times a day",
    "25-50%",
    "25 to 50 percent",
    "between 10 and 20 mg",
    "at least 3 weeks",
    "fewer than five trials",
    "0.5 mg/kg",
    "1,000 adults",
    "65 years or older",
    "about 30 minutes",
    "up to 12 months",
    "1.5 million people",
    "twenty-five people",
    "< 65 years",
    ">5 days",
    "5 mg daily",
    "2 to 4 weeks",
    "15%",
    "no more than 3 doses",
)
NEGATIONS = ("do not", "should not", "must never", "cannot")
HEDGES = ("may", "might", "could", "is likely to", "should")
MARKERS = ("[1]", "[2, 3]", "[4]", "[5-6]")
REWRITTEN = ("osteoarthritis", "analgesic", "hypertension", "myocardial infarction")
"""Terms the patient's rewrite always replaces."""


@functools.cache
def glossary_surfaces(engine: Engine) -> tuple[str, ...]:
    """Every noun the built-in glossary rewrites (terms, plain words, abbreviations).

    The sentence templates have noun slots only: a verb phrase there makes
    nonsense ("Give the failed to more than 700"), whose rewrite ("did not
    more than 700") no longer says anything a reader could check.
    """
    glossary = engine.glossary
    found = {
        form
        for located in (*glossary.terms.values(), *glossary.plain_words.values())
        if located.item.pos == "noun"  # type: ignore[union-attr]
        for form, _ in located.item.forms()  # type: ignore[union-attr]
    }
    found |= {located.item.short for located in glossary.abbreviations.values()}  # type: ignore[union-attr]
    return tuple(sorted(found))


def clinical_sentence(draw: st.DrawFn, surfaces: tuple[str, ...]) -> str:
    """A canonical text of 1-4 clauses: quantities, negations, hedges, glossary terms, markers."""
    term = st.sampled_from(REWRITTEN) | st.sampled_from(surfaces)
    quantity = st.sampled_from(QUANTITIES)
    clause = st.one_of(
        st.builds("Pain fell in {} of patients with {}".format, quantity, term),
        st.builds(
            "Patients with {} {} take the {} alone".format, term, st.sampled_from(NEGATIONS), term
        ),
        st.builds("The {} {} ease pain".format, term, st.sampled_from(HEDGES)),
        st.builds("Give the {} {}".format, term, quantity),
        st.builds("Use {} {} without advice".format, quantity, term),
    )
    clauses = draw(st.lists(clause, min_size=1, max_size=4))
    markers = list(MARKERS)
    out = []
    for index, text in enumerate(clauses):
        out.append(f"{text}.")
        if draw(st.booleans()):
            out.append(markers.pop(0))
        if index == 0:  # a term the rewrite is sure to change
            out.append(f"{draw(st.sampled_from(REWRITTEN)).capitalize()} was studied.")
    return " ".join(out)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_automatic_rewrite_never_gives_an_error(plain_engine: Engine, data: st.DataObject) -> None:
    """A canonical-only text rewritten for the patient loses no number, negation or citation."""
    canonical = data.draw(st.composite(clinical_sentence)(glossary_surfaces(plain_engine)))
    article = build(plain_engine, canonical)
    variant = plain_engine.personalise(article, "patient")
    choice = variant.sections[0].blocks[0].text
    assert choice.text != canonical and choice.changes  # the rewrite did run
    report = plain_engine.guard(article, variant)
    assert report.errors == (), (choice.text, report.errors)


@pytest.mark.parametrize(
    "canonical",
    [
        "Zoledronic acid is given as a 5 mg annual infusion.",
        "Pursuant to 2 national guidelines, the dose is reviewed.",
        "Under the provisions of 2 national guidelines, the dose is reviewed.",
        "In view of the above 3 trials, massage is advised.",
    ],
    ids=["annual", "pursuant-to", "under-the-provisions-of", "in-view-of-the-above"],
)
def test_plain_word_swaps_next_to_a_number_keep_the_number(
    plain_engine: Engine, canonical: str
) -> None:
    """The patient's automatic rewrite of a sentence with a number gives no error finding."""
    article = build(plain_engine, canonical)
    variant = plain_engine.personalise(article, "patient")
    report = plain_engine.guard(article, variant)
    assert report.errors == (), variant.sections[0].blocks[0].text.text


# Property: deleting a fact from authored wording is always an error -----------

Piece = tuple[str, str | None]
"""Text and what deleting it should cause: "number", "negation", "citation" or None."""

NUMBER_TOKEN = re.compile(r"\d[\d,.]*\d|\d|twenty-five|five")
NEGATION_CLAUSES: tuple[tuple[Piece, ...], ...] = (
    (("Do", None), ("not", "negation"), ("take it with alcohol", None)),
    (("Patients should", None), ("never", "negation"), ("stop the drug suddenly", None)),
    (("There was", None), ("no", "negation"), ("benefit in the trials", None)),
    (("Take the tablets", None), ("without", "negation"), ("food", None)),
    (("Massage may", None), ("not", "negation"), ("help everyone", None)),
)
OPENERS = ("Pain fell in", "The dose was", "Relief lasted", "Trials enrolled")
TAILS = ("", "in the trials", "overall")


@st.composite
def authored_pieces(draw: st.DrawFn) -> list[Piece]:
    """A canonical text as pieces: quantity and negation clauses, each maybe with its marker."""
    quantity_clause = st.builds(
        lambda opener, quantity, tail: [(opener, None), (quantity, "number"), (tail, None)],
        st.sampled_from(OPENERS),
        st.sampled_from(QUANTITIES),
        st.sampled_from(TAILS),
    )
    negation_clause = st.sampled_from(NEGATION_CLAUSES).map(list)
    clauses = draw(st.lists(quantity_clause | negation_clause, min_size=1, max_size=4))
    markers = list(MARKERS)
    pieces: list[Piece] = []
    for clause in clauses:
        pieces.extend(clause)
        pieces.append((".", None))
        if draw(st.booleans()):
            pieces.append((markers.pop(0), "citation"))
    return pieces


def join(pieces: list[Piece]) -> str:
    """The pieces as one text: single spaces, none before a full stop."""
    return re.sub(r" \.", ".", " ".join(" ".join(text for text, _ in pieces).split()))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=authored_pieces(), data=st.data())
def test_deleting_a_fact_from_authored_wording_is_an_error(
    plain_engine: Engine, pieces: list[Piece], data: st.DataObject
) -> None:
    """Dropping a number, negation word or citation marker from the patient wording is an error."""
    canonical = join(pieces)
    same = build(plain_engine, block(canonical, patient=canonical))
    assert plain_engine.guard(same, "patient").findings == ()  # identical wording: nothing

    index = data.draw(st.sampled_from([i for i, (_, kind) in enumerate(pieces) if kind]))
    text, kind = pieces[index]
    rest = [*pieces[:index], *pieces[index + 1 :]]
    if kind == "number" and data.draw(st.booleans(), label="only the first number token"):
        rest.insert(index, (NUMBER_TOKEN.sub("", text, count=1), None))
    patient = join(rest)
    assert patient and patient != canonical

    article = build(plain_engine, block(canonical, patient=patient))
    report = plain_engine.guard(article, "patient")
    found = {(f.check, f.item.lower()) for f in report.errors}
    if kind == "citation":
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        wanted = {("citation-lost", f"[{n}]") for n in range(numbers[0], numbers[-1] + 1)}
        assert wanted <= found, (canonical, patient, report.errors)
    elif kind == "negation":
        assert ("negation-lost", text) in found, (canonical, patient, report.errors)
    else:
        assert any(check == "number-lost" for check, _ in found), (canonical, patient)
    assert not report.passed


# readerlevel check ------------------------------------------------------------

DROPPED = """\
id: dropped
locale: en
title: Massage and pain
lead: Massage can ease pain for many people.
updated: 2025-01-01
sections:
  - id: s
    heading: What it does
    blocks:
      - text: Massage eased pain in more than 700 people. [1]
        patient: Massage eased pain in many people. [1]
references:
  - id: 1
"""
ACCEPT = """\
        accept:
          - check: number-lost
            item: more than 700
            reason: the patient page gives no head count
"""
REASON = "the patient page gives no head count"


@pytest.fixture
def dropped_pack(tmp_path: Path) -> Path:
    """A content pack with one article whose patient wording drops "more than 700"."""
    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "dropped.yaml").write_text(DROPPED, encoding="utf-8")
    return tmp_path


def accept_the_drop(pack: Path) -> None:
    """Add an accept entry with a reason to the dropped number's block."""
    path = pack / "articles" / "dropped.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "        patient: Massage eased pain in many people. [1]\n"
    path.write_text(text.replace(anchor, anchor + ACCEPT), encoding="utf-8")


def test_check_fails_on_a_lost_number_and_names_it(dropped_pack: Path) -> None:
    """``readerlevel check`` exits 1, naming the field, the check and both wordings."""
    result = CliRunner().invoke(main, ["check", str(dropped_pack)])
    assert result.exit_code == 1, result.output
    assert "dropped · patient · en: the guard found" in result.output
    assert "✗ sections[0].blocks[0]: number-lost:" in result.output
    assert "canonical: “Massage eased pain in more than 700 people. [1]”" in result.output
    assert "variant:   “Massage eased pain in many people. [1]”" in result.output
    assert "FAIL" in result.output


def test_check_json_lists_the_guard_findings(dropped_pack: Path) -> None:
    """``-f json`` has the number-lost finding under "guard", for the patient."""
    result = CliRunner().invoke(main, ["check", str(dropped_pack), "-f", "json"])
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)
    assert entry["passed"] is False
    guards = {g["audience"]: g for g in entry["guard"]}
    assert set(guards) == set(AUDIENCES)
    assert guards["clinician"]["passed"] is True
    lost = [f for f in guards["patient"]["findings"] if f["check"] == "number-lost"]
    assert lost == [
        {
            "check": "number-lost",
            "severity": "error",
            "path": "sections[0].blocks[0]",
            "audience": "patient",
            "item": "more than 700",
            "explanation": lost[0]["explanation"],
            "canonical": "Massage eased pain in more than 700 people. [1]",
            "variant": "Massage eased pain in many people. [1]",
            "accepted": None,
            "locale": "en",
        }
    ]


def test_check_junit_fails_the_patient_case(dropped_pack: Path) -> None:
    """``-f junit`` has a failure for the patient (and its heir) naming the lost number."""
    result = CliRunner().invoke(main, ["check", str(dropped_pack), "-f", "junit"])
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["clinician (en)"].find("failure") is None
    for audience in ("patient", "caregiver"):
        failure = cases[f"{audience} (en)"].find("failure")
        assert failure is not None
        assert "sections[0].blocks[0]: number-lost: more than 700" in failure.get("message", "")
        assert "number-lost" in (failure.text or "")


def test_check_passes_once_the_finding_is_accepted(dropped_pack: Path) -> None:
    """With an accept entry and its reason the check exits 0; JSON shows the finding accepted."""
    accept_the_drop(dropped_pack)
    result = CliRunner().invoke(main, ["check", str(dropped_pack)])
    assert result.exit_code == 0, result.output
    assert "1A" in result.output
    result = CliRunner().invoke(main, ["check", str(dropped_pack), "-f", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert entry["passed"] is True
    for report in entry["guard"]:
        lost = [f for f in report["findings"] if f["check"] == "number-lost"]
        if report["audience"] == "clinician":
            assert lost == []
            continue
        assert [f["accepted"] for f in lost] == [REASON]
        assert report["passed"] is True and report["errors"] == 0 and report["accepted"] >= 1


# The pytest plugin ------------------------------------------------------------


def test_assert_faithful_fixture_lists_the_lost_number(
    pytester: pytest.Pytester, dropped_pack: Path
) -> None:
    """A content repo's ``assert_faithful`` fails naming the lost number with both wordings."""
    for path in EXAMPLES:
        shutil.copy(path, dropped_pack / "articles" / path.name)
    pytester.makeini(f"[pytest]\nreaderlevel_content = {dropped_pack}\n")
    pytester.makepyfile(
        """
        def test_examples(readerlevel_engine, readerlevel_articles, assert_faithful):
            examples = [p for p in readerlevel_articles if p.name != "dropped.yaml"]
            assert len(examples) == 2
            for path in examples:
                reports = assert_faithful(readerlevel_engine.load(path))
                assert len(reports) == 3

        def test_dropped(readerlevel_engine, readerlevel_articles, assert_faithful):
            path = next(p for p in readerlevel_articles if p.name == "dropped.yaml")
            assert_faithful(readerlevel_engine.load(path), profile="patient")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*dropped for patient: the variant does not say what the canonical text says:*",
            # fnmatch reads "[0]" as a character class: "[[]" matches a literal "[".
            "*sections[[]0].blocks[[]0]: number-lost 'more than 700': the canonical text says*",
            "*canonical: “Massage eased pain in more than 700 people. [[]1]”*",
            "*variant:   “Massage eased pain in many people. [[]1]”*",
        ]
    )


# The example content ----------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_content_passes_the_guard(engine: Engine, path: Path, audience: str) -> None:
    """Every example article, for every profile, has no unaccepted error on its HTML page."""
    article = engine.load(path)
    html = engine.render(article, audience, "html")
    report = engine.guard(article, audience, rendered=html)
    assert report.errors == (), "\n".join(map(str, report.errors))
    assert all(f.accepted and f.accepted.strip() for f in report.accepted)
