"""Per-locale forms: the audience × locale resolver; each stage follows its text's language."""

from __future__ import annotations

import html as html_module
import itertools
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from readerlevel import ContentError, Engine
from readerlevel.cli import main
from readerlevel.guard.paths import text_fields
from readerlevel.guard.stamp import fingerprint, stamp_source
from readerlevel.models import Label, Text
from readerlevel.selection import choose, locale_chain, resolution

from .conftest import VARIANTS

MASSAGE = VARIANTS / "articles" / "massage-therapy-pain.yaml"
WALKING = VARIANTS / "articles" / "walking-knee-osteoarthritis.yaml"

ARTICLE = """\
id: bilingual
locale: en
title:
  text: Massage and pain
  text@es: El masaje y el dolor
lead:
  text: Massage may ease pain in more than 700 patients. [1]
  text@es: El masaje puede aliviar el dolor en más de 700 pacientes. [1]
  patient@es: El masaje puede calmar su dolor. Lo vieron más de 700 pacientes. [1]
updated: 2025-10-28
sections:
  - id: s
    heading:
      text: What it does
      text@es: Qué hace
    blocks:
      - text: Massage does not replace usual care. [1]
        text@es: El masaje no sustituye la atención habitual. [1]
        patient@es: El masaje no reemplaza su atención de siempre. [1]
references:
  - id: 1
"""


def bilingual(engine: Engine, **changes: str) -> str:
    """The test article with the lead's forms changed (``None``-like '' removes one)."""
    data = yaml.safe_load(ARTICLE)
    for key, value in changes.items():
        key = key.replace("_at_", "@")
        if value:
            data["lead"][key] = value
        else:
            data["lead"].pop(key, None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- the resolver -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "source", "expected"),
    [
        ("es_MX", "en", ("es_MX", "es", None)),
        ("es-MX", "en", ("es_MX", "es", None)),
        ("es", "en", ("es", None)),
        ("en", "en", (None,)),
        ("en_US", "en", ("en_US", None)),
        ("es", "es", (None,)),
        ("en", "es", ("en", None)),
    ],
)
def test_locale_chain(requested: str, source: str, expected: tuple[str | None, ...]) -> None:
    """The requested locale, its language, then the article's own language (``None``)."""
    assert locale_chain(requested, source) == expected


def test_resolution_is_locale_outer_audience_inner() -> None:
    """A caregiver reading es_MX tries every audience of a locale before the next locale."""
    order = resolution(("caregiver", "patient"), ("es_MX", "es", None))
    assert order == (
        "caregiver@es_MX", "patient@es_MX", "text@es_MX",
        "caregiver@es", "patient@es", "text@es",
        "caregiver", "patient", "text",
    )  # fmt: skip


KEYS = ("caregiver@es", "patient@es", "text@es", "caregiver", "patient")


@settings(max_examples=200, deadline=None)
@given(present=st.sets(st.sampled_from(KEYS)))
def test_the_first_authored_key_of_the_order_wins(present: set[str]) -> None:
    """Whatever forms exist, the choice is the first of the resolution order that does."""
    text = Text.model_validate({"text": "canonical", **{k: f"form {k}" for k in present}})
    chain = ("caregiver", "patient")
    locales = locale_chain("es", "en")
    choice = choose(text, chain, "lead", canonical_reader=False, locales=locales)
    expected = next(k for k in resolution(chain, locales) if k in present or k == "text")
    assert choice.key == expected
    assert choice.text == ("canonical" if expected == "text" else f"form {expected}")
    assert choice.untranslated == ("@" not in expected)
    assert choice.locale == ("es" if "@" in expected else "en")


def test_choice_explains_itself(plain_engine: Engine) -> None:
    """Each choice records its key and locale; the variant records the order tried."""
    article = plain_engine.parse(ARTICLE)
    variant = plain_engine.personalise(article, "caregiver", locale="es-MX")
    assert variant.resolution[:3] == ("caregiver@es_MX", "patient@es_MX", "text@es_MX")
    assert (variant.lead.key, variant.lead.source.value) == ("patient@es", "inherited")
    assert (variant.title.key, variant.title.locale) == ("text@es", "es")
    assert not variant.untranslated
    english = plain_engine.personalise(article, "caregiver", locale="en")
    assert english.lead.key == "text" and english.lead.text.startswith("Massage")


def test_a_missing_translation_is_coverage_never_an_empty_string(plain_engine: Engine) -> None:
    """Without Spanish forms the English text is shown, marked, reported and not scored."""
    article = plain_engine.parse(bilingual(plain_engine, text_at_es="", patient_at_es=""))
    variant = plain_engine.personalise(article, "patient", locale="es")
    assert variant.lead.text.startswith("Massage may ease pain")
    assert variant.lead.untranslated and variant.lead.locale == "en"
    guard = plain_engine.guard(article, variant)
    missing = [f for f in guard.findings if f.check == "translation-missing"]
    assert [f.path for f in missing] == ["lead"]
    assert all(f.severity == "warning" for f in missing)
    report = plain_engine.score(variant)
    lead = next(u for u in report.units if u.path == "lead")
    assert not lead.scored and lead.untranslated
    page = plain_engine.render_variant(variant, "html")
    assert '<p><span lang="en">Massage may ease pain' in page
    assert page.count('lang="en"') == 1  # only the untranslated text; the page is es


def test_an_untranslated_article_is_reported_untranslated(engine: Engine) -> None:
    """An article with no Spanish at all is not scored 0 against Spanish targets."""
    article = engine.load(WALKING)
    report = engine.readability(article, "patient", locale="es")
    assert report.untranslated and report.targets == () and report.passed
    assert report.findings[0].kind == "untranslated"
    result = CliRunner().invoke(main, ["check", str(WALKING), "-l", "es", "-a", "patient"])
    assert result.exit_code == 0, result.output
    assert "untranslated" in result.output


# --- the content model --------------------------------------------------------------------


def test_locale_keys_are_normalised(plain_engine: Engine) -> None:
    """``patient@es-MX`` and ``patient@es_MX`` name one form; stamps' keys too."""
    text = Text.model_validate(
        {"text": "a", "patient@es-mx": "b", "stamps": {"patient@es-MX": "0123456789ab"}}
    )
    assert text.form("patient", "es_MX") == "b"
    assert text.stamps == {"patient@es_MX": "0123456789ab"}
    with pytest.raises(ValueError, match="two keys name the form 'patient@es_MX'"):
        Text.model_validate({"text": "a", "patient@es-MX": "b", "patient@es_MX": "c"})


def test_bad_locale_and_audience_keys_are_located_errors(plain_engine: Engine) -> None:
    """An unknown locale or a misspelt audience in a key is reported at its line."""
    broken = ARTICLE.replace("  patient@es: El masaje", "  pateint@es: El masaje")
    with pytest.raises(ContentError) as caught:
        plain_engine.parse(broken, file="a.yaml")
    message = str(caught.value)
    assert "a.yaml:9:3: lead.pateint@es: unknown audience or field 'pateint'" in message
    assert "did you mean 'patient'?" in message
    broken = ARTICLE.replace("  text@es: El masaje puede", "  text@xx-nope: El masaje puede")
    with pytest.raises(ContentError, match="unknown locale 'xx-nope'"):
        plain_engine.parse(broken, file="a.yaml")


def test_a_label_takes_translations_only() -> None:
    """Profile labels are translated with ``text@es``; an audience form there is an error."""
    assert Label.model_validate({"text": "Patient", "text@es": "Paciente"}).canonical("es")
    with pytest.raises(ValueError, match="a label has translations only"):
        Label.model_validate({"text": "Patient", "patient": "You"})


def test_basis_of_each_form() -> None:
    """A Spanish audience form is written from the Spanish canonical text when there is one."""
    text = Text.model_validate({"text": "a", "text@es": "b", "patient@es": "c", "patient": "d"})
    assert [text.basis(k) for k in ("patient", "text@es", "patient@es")] == [
        "text",
        "text",
        "text@es",
    ]
    alone = Text.model_validate({"text": "a", "patient@es": "c"})
    assert alone.basis("patient@es") == "text"


# --- the guard across languages ---------------------------------------------------------


def checks(engine: Engine, text: str, audience: str = "patient") -> set[tuple[str, str, str]]:
    """The unaccepted guard findings for ``audience`` in es, as (check, path, item)."""
    article = engine.parse(text)
    report = engine.guard(article, audience, locale="es")
    return {(f.check, f.path, f.item) for f in report.findings if not f.accepted}


def test_a_translation_is_checked_for_numbers_and_citations(plain_engine: Engine) -> None:
    """text@es losing a number or a citation against English is an error; wording is free."""
    dropped = "El masaje puede aliviar el dolor en muchos pacientes. [1]"
    found = checks(plain_engine, bilingual(plain_engine, text_at_es=dropped), "clinician")
    assert ("number-lost", "lead", "more than 700") in found
    uncited = "El masaje puede aliviar el dolor en más de 700 pacientes."
    found = checks(plain_engine, bilingual(plain_engine, text_at_es=uncited), "clinician")
    assert ("citation-lost", "lead", "[1]") in found
    # Negations and hedges are not compared across languages (no word-for-word counterpart).
    certain = "El masaje alivia el dolor en más de 700 pacientes. [1]"
    found = checks(plain_engine, bilingual(plain_engine, text_at_es=certain), "clinician")
    assert not {c for c in found if c[0] in {"hedge-lost", "certainty-added"}}


def test_a_spanish_form_is_checked_fully_against_the_spanish_canonical(
    plain_engine: Engine,
) -> None:
    """patient@es is compared with text@es: a lost hedge or negation is found in Spanish."""
    unhedged = "El masaje calma su dolor. Lo vieron más de 700 pacientes. [1]"
    found = checks(plain_engine, bilingual(plain_engine, patient_at_es=unhedged))
    assert ("hedge-lost", "lead", "puede") in found
    text = ARTICLE.replace("El masaje no reemplaza su atención", "El masaje reemplaza su atención")
    found = checks(plain_engine, text)
    assert ("negation-lost", "sections[0].blocks[0]", "no") in found


def test_an_acceptance_can_name_its_locale(plain_engine: Engine) -> None:
    """``accept: {locale: es}`` accepts the Spanish finding only."""
    unhedged = "El masaje calma su dolor. Lo vieron más de 700 pacientes. [1]"
    data = yaml.safe_load(bilingual(plain_engine, patient_at_es=unhedged))
    data["lead"]["accept"] = [{"check": "hedge-lost", "locale": "es", "reason": "reviewed"}]
    article = plain_engine.parse(yaml.safe_dump(data, allow_unicode=True))
    report = plain_engine.guard(article, "patient", locale="es")
    assert [f.accepted for f in report.findings if f.check == "hedge-lost"] == ["reviewed"]
    data["lead"]["accept"][0]["locale"] = "fr"
    article = plain_engine.parse(yaml.safe_dump(data, allow_unicode=True))
    report = plain_engine.guard(article, "patient", locale="es")
    assert [f.accepted for f in report.findings if f.check == "hedge-lost"] == [None]


# --- stamps -------------------------------------------------------------------------------


def test_stamps_follow_the_basis(plain_engine: Engine) -> None:
    """text@es is stamped with English's fingerprint, patient@es with text@es's."""
    paths = [p for _, p, t in text_fields(plain_engine.parse(ARTICLE)) if t.all_forms]
    out, stamped, _ = stamp_source(ARTICLE, "a.yaml", paths)
    assert stamped == 4  # title, lead, heading, block
    lead = yaml.safe_load(out)["lead"]
    assert lead["stamps"] == {
        "text@es": fingerprint(lead["text"]),
        "patient@es": fingerprint(lead["text@es"]),
    }
    article = plain_engine.parse(out)
    report = plain_engine.guard(article, "patient", locale="es")
    assert not [f for f in report.findings if f.check in {"stale", "unstamped"}]
    # Changing the English text makes the translation stale, not the Spanish patient form.
    changed = out.replace("in more than 700 patients. [1]", "in more than 700 adults. [1]")
    report = plain_engine.guard(plain_engine.parse(changed), "clinician", locale="es")
    assert {(f.check, f.item) for f in report.warnings} == {("stale", "text@es")}
    report = plain_engine.guard(plain_engine.parse(changed), "patient", locale="es")
    assert not [f for f in report.warnings if f.path == "lead"]


def test_stamp_command_writes_locale_keys_in_cldr_form(tmp_path: Path) -> None:
    """``readerlevel stamp`` keys a stamp ``patient@es_MX`` whatever spelling the form used."""
    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "a.yaml"
    path.write_text(ARTICLE.replace("patient@es:", "patient@es-MX:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["stamp", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lead = yaml.safe_load(path.read_text(encoding="utf-8"))["lead"]
    assert set(lead["stamps"]) == {"text@es", "patient@es_MX"}
    assert CliRunner().invoke(main, ["stamp", "--check", str(tmp_path)]).exit_code == 0


# --- rewriting per language ----------------------------------------------------------------


def test_each_language_is_rewritten_with_its_own_glossary(engine: Engine) -> None:
    """The Spanish glossary rewrites Spanish canonical text; the English one never touches it."""
    text = """\
id: g
locale: en
title: {text: Knee osteoarthritis, text@es: La artrosis de rodilla}
lead:
  text: Osteoarthritis of the knee is common.
  text@es: La artrosis de rodilla es frecuente.
updated: 2025-01-01
sections:
  - id: s
    heading: {text: Care, text@es: Cuidados}
    blocks: [{text: Exercise helps., text@es: El ejercicio ayuda.}]
"""
    article = engine.parse(text)
    spanish = engine.personalise(article, "patient", locale="es")
    assert spanish.lead.changes, "the Spanish glossary should rewrite 'artrosis'"
    assert {c.entry for c in spanish.lead.changes} == {"artrosis"}
    assert "(artrosis)" in spanish.title.text  # glossed on first use: "lay (artrosis)"
    english = engine.personalise(article, "patient", locale="en")
    assert {c.entry for c in english.lead.changes} == {"osteoarthritis"}


def test_english_article_agreement_is_not_applied_to_spanish(tmp_path: Path) -> None:
    """Spanish "a" is a preposition: a replacement after it is not turned into "an"."""
    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    (tmp_path / "glossary" / "es").mkdir(parents=True)
    (tmp_path / "glossary" / "es" / "t.yaml").write_text(
        "terms:\n  - {term: fisioterapeuta, lay: especialista en ejercicio, inflections: []}\n",
        encoding="utf-8",
    )
    pack = Engine(tmp_path)
    assert set(pack.glossaries) >= {"en", "es"}
    assert pack.glossaries["es"].term("fisioterapeuta") is not None
    assert pack.glossary.term("fisioterapeuta") is None  # not an English entry
    article = pack.parse(
        "id: a\nupdated: 2025-01-01\ntitle: T\nlead: {text: See a physio., "
        "text@es: Vaya a fisioterapeuta hoy.}\nsections: [{id: s, heading: H, blocks: [B]}]\n"
    )
    lead = pack.personalise(article, "patient", locale="es").lead
    assert lead.text.startswith("Vaya a especialista en ejercicio (fisioterapeuta)")


# --- rendering -------------------------------------------------------------------------------


def test_babel_formats_numbers_and_percentages_per_locale(tmp_path: Path) -> None:
    """Templates get format_number/format_percent/format_date bound to the page's locale."""
    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.txt").write_text(
        "{{ format_number(12345.5) }}|{{ format_percent(0.25) }}|"
        "{{ format_date(variant.updated) }}",
        encoding="utf-8",
    )
    pack = Engine(tmp_path)
    article = pack.parse(ARTICLE)
    out = {loc: pack.render(article, "patient", "text", locale=loc) for loc in ("en", "es", "de")}
    assert out["en"] == "12,345.5|25%|October 28, 2025"
    assert out["es"] == "12.345,5|25\u00a0%|28 de octubre de 2025"  # CLDR: no-break space
    assert out["de"] == "12.345,5|25\u00a0%|28. Oktober 2025"


AUDIENCES = ("clinician", "patient", "caregiver")
FORMATS = ("html", "md", "text")


def english_passages(engine: Engine) -> set[str]:
    """Every English text of the example a reader could get, of 5 words or more."""
    article = engine.load(MASSAGE)
    texts: list[str] = []
    for _, _, text in text_fields(article):
        texts.append(text.text)
        texts.extend(text.forms.values())
    for item in engine.pack.disclaimers.values():
        texts += [item.heading.text, item.text.text]
    for profile in engine.profiles.values():
        texts += [profile.label.text, profile.description.text]
    sentences = {s.strip() for t in texts for s in re.split(r"(?<=[.?!])\s+|\[\d[\d,\s-]*\]", t)}
    return {" ".join(s.split()) for s in sentences if len(s.split()) >= 5}


@pytest.mark.parametrize(("audience", "fmt"), list(itertools.product(AUDIENCES, FORMATS)))
def test_the_spanish_example_has_no_english_text_from_any_source(
    engine: Engine, audience: str, fmt: str
) -> None:
    """In es, no English sentence of the article, disclaimers or labels reaches the page."""
    article = engine.load(MASSAGE)
    page = " ".join(
        html_module.unescape(engine.render(article, audience, fmt, locale="es")).split()
    )
    english = " ".join(
        html_module.unescape(engine.render(article, audience, fmt, locale="en")).split()
    )
    passages = english_passages(engine)
    shown_in_english = [p for p in passages if p in english]
    assert len(shown_in_english) >= 10, "the check would prove nothing"
    assert [p for p in passages if p in page] == []
    disclaimer = engine.pack.disclaimers[engine.profiles[audience].disclaimers[0]]
    spanish = disclaimer.text.canonical("es")
    assert spanish is not None and " ".join(spanish.split())[:60] in page
    variant = engine.personalise(article, audience, locale="es")
    assert variant.untranslated == () and variant.untranslated_ui == ()


def test_the_spanish_example_passes_check() -> None:
    """``readerlevel check -l es`` on the example: Spanish targets met, no guard error."""
    result = CliRunner().invoke(main, ["check", str(MASSAGE), "-l", "es", "-f", "json"])
    assert result.exit_code == 0, result.output
