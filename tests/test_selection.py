"""Selection: fallback order, include/exclude lists and the explanation of every choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from readerlevel import Article, Engine, Source, UnknownAudienceError

ARTICLE = """\
id: sel
title:
  text: Canonical title
  patient: Patient title
lead:
  text: Canonical lead
  caregiver: Caregiver lead
updated: 2025-10-28
sections:
  - id: all
    heading: {text: Canonical heading, patient: Patient heading}
    blocks:
      - {id: both, text: Canonical both, patient: Patient both, caregiver: Caregiver both}
      - {id: canon, text: Canonical only}
      - {id: clin, text: Clinician only, audiences: [clinician]}
      - {id: notpat, text: Not for patients, exclude: [patient]}
      - {id: patonly, text: Patients only, patient: Patient only wording, audiences: [patient]}
  - id: lay
    audiences: [patient, caregiver]
    heading: Lay section
    blocks: [Lay bullet]
  - id: hidden-by-blocks
    heading: Section whose blocks are all clinician-only
    blocks:
      - {text: Only clinicians, audiences: [clinician]}
"""


@pytest.fixture()
def article(plain_engine: Engine) -> Article:
    """A small article exercising every selection rule."""
    return plain_engine.parse(ARTICLE, file="sel.yaml")


def _blocks(engine: Engine, article: Article, audience: str) -> dict[str, tuple[str, Source]]:
    variant = engine.personalise(article, audience)
    return {
        b.id or b.text.text: (b.text.text, b.text.source)
        for s in variant.sections
        for b in s.blocks
    }


def test_caregiver_falls_back_to_patient_then_canonical(
    plain_engine: Engine, article: Article
) -> None:
    """Caregiver takes its own form, else the patient form (inherited), else canonical."""
    variant = plain_engine.personalise(article, "caregiver")
    assert (variant.lead.text, variant.lead.source) == ("Caregiver lead", Source.AUTHORED)
    assert (variant.title.text, variant.title.source, variant.title.audience) == (
        "Patient title",
        Source.INHERITED,
        "patient",
    )
    heading = variant.sections[0].heading
    assert (heading.text, heading.source) == ("Patient heading", Source.INHERITED)
    blocks = _blocks(plain_engine, article, "caregiver")
    assert blocks["both"] == ("Caregiver both", Source.AUTHORED)
    assert blocks["canon"] == ("Canonical only", Source.CANONICAL)


def test_patient_does_not_inherit_from_caregiver(plain_engine: Engine, article: Article) -> None:
    """Fallback runs one way: the patient never gets the caregiver's wording."""
    variant = plain_engine.personalise(article, "patient")
    assert (variant.lead.text, variant.lead.source) == ("Canonical lead", Source.CANONICAL)


def test_include_and_exclude_lists(plain_engine: Engine, article: Article) -> None:
    """Include lists limit content to their audiences; exclude lists hide it from theirs."""
    engine = plain_engine
    clinician = _blocks(engine, article, "clinician")
    patient = _blocks(engine, article, "patient")
    caregiver = _blocks(engine, article, "caregiver")
    assert set(clinician) == {"both", "canon", "clin", "notpat", "Only clinicians"}
    assert set(patient) == {"both", "canon", "patonly", "Lay bullet"}
    assert set(caregiver) == {"both", "canon", "notpat", "Lay bullet"}


def test_visibility_uses_the_readers_own_name(plain_engine: Engine, article: Article) -> None:
    """A block limited to patients is not shown to caregivers, despite their fallback."""
    assert "patonly" not in _blocks(plain_engine, article, "caregiver")


def test_section_without_visible_blocks_is_dropped(plain_engine: Engine, article: Article) -> None:
    """A section whose blocks are all hidden from a reader is not rendered for them."""
    ids = [s.id for s in plain_engine.personalise(article, "patient").sections]
    assert ids == ["all", "lay"]
    ids = [s.id for s in plain_engine.personalise(article, "clinician").sections]
    assert ids == ["all", "hidden-by-blocks"]


def test_fallbacks_list_names_every_block_that_fell_back(
    plain_engine: Engine, article: Article
) -> None:
    """The variant lists each text that fell back, with its path, for editors."""
    variant = plain_engine.personalise(article, "caregiver")
    paths = {c.path for c in variant.fallbacks}
    assert {"title", "sections[0].heading", "sections[0].blocks[1]"} <= paths
    assert "lead" not in paths and "sections[0].blocks[0]" not in paths


def test_clinician_reads_canonical_text_without_fallbacks(
    plain_engine: Engine, article: Article
) -> None:
    """For the canonical text's own reader, canonical wording is not a fallback."""
    variant = plain_engine.personalise(article, "clinician")
    assert variant.fallbacks == ()
    assert all(c.source is Source.CANONICAL for c in variant.choices())


def test_unknown_audience_lists_known_ones(plain_engine: Engine, article: Article) -> None:
    """Asking for an unknown audience names the known ones and suggests the closest."""
    with pytest.raises(UnknownAudienceError) as info:
        plain_engine.personalise(article, "pateint")
    assert info.value.suggestion == "patient"
    assert set(info.value.known) == {"clinician", "patient", "caregiver"}
    assert "did you mean 'patient'" in str(info.value)


def test_user_profile_with_transitive_fallback(tmp_path: Path) -> None:
    """A pack profile falling back to caregiver also inherits patient wording, transitively."""
    (tmp_path / "readerlevel.yaml").write_text("", encoding="utf-8")
    (tmp_path / "profiles.yaml").write_text(
        "profiles:\n"
        "  - name: teen\n"
        "    extends: caregiver\n"
        "    label: Teenager\n"
        "    description: You are between 13 and 17.\n",
        encoding="utf-8",
    )
    engine = Engine(tmp_path)
    assert engine.profiles.chain("teen") == ("teen", "patient")
    assert engine.profiles["teen"].disclaimers == ("caregiver",)
    article = engine.parse(ARTICLE, file="sel.yaml")
    variant = engine.personalise(article, "teen")
    assert (variant.title.text, variant.title.source) == ("Patient title", Source.INHERITED)


def test_references_follow_the_visible_text(engine: Engine, massage: Article) -> None:
    """A reference cited only by hidden blocks is not listed; numbering keeps the article's."""
    for audience in ("clinician", "patient", "caregiver"):
        variant = engine.personalise(massage, audience)
        cited = {n for s in variant.sections for b in s.blocks for n in b.citations}
        cited |= {1}  # the lead cites [1]
        assert {r.id for r in variant.references} == cited


def test_selection_is_deterministic(engine: Engine, massage: Article) -> None:
    """The same article and reader always give an identical variant."""
    first = engine.personalise(massage, "caregiver").model_dump_json()
    assert all(
        engine.personalise(massage, "caregiver").model_dump_json() == first for _ in range(3)
    )
