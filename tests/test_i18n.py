"""Locale negotiation and fallbacks; the message catalogs are complete and compiled."""

from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from readerlevel.errors import UnknownLocaleError
from readerlevel.i18n import fallback_chain, negotiate, parse_accept_language

from .conftest import ROOT

LOCALE_DIR = ROOT / "src" / "readerlevel" / "locale"
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/readerlevel.po"))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", ["es_MX", "es", "en"]),
        ("en;q=0.5, es", ["es", "en"]),
        ("fr;q=0, de", ["de"]),
        ("*", []),
        ("", []),
        ("es;q=abc, en", ["en"]),
        ("es;q=2, en", ["en"]),
        ("pt-BR, pt;q=0.8, pt-BR;q=0.1", ["pt_BR", "pt", "pt_BR"]),
    ],
)
def test_accept_language_is_parsed_best_first(header: str, expected: list[str]) -> None:
    """Quality values order the ranges; q=0, '*' and malformed entries are dropped."""
    assert parse_accept_language(header) == expected


@pytest.mark.parametrize(
    ("preferences", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("es-MX", "es"),
        ("en-GB,en;q=0.8", "en"),
        ("fr-CA,fr;q=0.9", "en"),
        (None, "en"),
        (["es_US", "en"], "es"),
        ("de, es;q=0.2", "es"),
    ],
)
def test_negotiation_serves_a_region_by_its_language(
    preferences: str | list[str] | None, expected: str
) -> None:
    """es-MX is served by es, an unavailable language falls to English."""
    assert negotiate(preferences, ["en", "es"]) == expected


def test_negotiation_prefers_the_exact_region_when_offered() -> None:
    """When es_MX itself is available it wins over es."""
    assert negotiate("es-MX", ["en", "es", "es_MX"]) == "es_MX"


@given(st.text(max_size=200))
def test_any_header_gives_an_available_locale(header: str) -> None:
    """Whatever the header, the answer is one of the available locales."""
    assert negotiate(header, ["en", "es"]) in ("en", "es")


def test_fallback_chain() -> None:
    """es_MX falls back to es, then to English; an unknown locale is a clear error."""
    assert fallback_chain("es-MX") == ("es_MX", "es", "en")
    assert fallback_chain("es") == ("es", "en")
    assert fallback_chain("en_US") == ("en_US", "en")
    with pytest.raises(UnknownLocaleError, match="xx_YY"):
        fallback_chain("xx_YY")


def test_there_is_a_spanish_catalog() -> None:
    """The Spanish catalog exists (English is the source language)."""
    assert [p.parent.parent.name for p in CATALOGS] == ["es"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_is_complete_and_current(path: object) -> None:
    """Every msgid of the template is translated, none fuzzy, none left over."""
    with (LOCALE_DIR / "readerlevel.pot").open("rb") as handle:
        template = read_po(handle)
    with open(path, "rb") as handle:  # type: ignore[call-overload]
        catalog = read_po(handle)
    wanted = {m.id for m in template if m.id}
    have = {m.id for m in catalog if m.id}
    update = "pybabel update -D readerlevel -i src/readerlevel/locale/readerlevel.pot"
    assert have == wanted, f"run: {update} -d src/readerlevel/locale"
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"untranslated: {message.id!r}"
            assert not message.fuzzy, f"fuzzy: {message.id!r}"
    assert not list(catalog.check())


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_installed_catalog_is_compiled_from_the_source(path: object) -> None:
    """The .mo the package loads holds exactly the .po's translations (built at install)."""
    language = path.parent.parent.name  # type: ignore[attr-defined]
    compiled = importlib.resources.files("readerlevel").joinpath(
        "locale", language, "LC_MESSAGES", "readerlevel.mo"
    )
    with compiled.open("rb") as handle:
        mo = read_mo(handle)
    with open(path, "rb") as handle:  # type: ignore[call-overload]
        po = read_po(handle)
    assert {m.id: m.string for m in mo if m.id} == {m.id: m.string for m in po if m.id}


SPANISH = """\
id: caminar
locale: es
title:
  text: ¿Caminar ayuda a la artrosis de rodilla?
  patient: ¿Caminar ayuda a mi rodilla?
lead:
  text: >-
    El ejercicio, incluida la caminata, es un tratamiento central muy recomendado
    para la artrosis de rodilla y puede reducir el dolor. [1]
  patient: >-
    El ejercicio, como caminar, se recomienda mucho. Puede bajar el dolor. [1]
updated: 2025-10-28
sections:
  - id: s
    heading: Qué muestran los estudios
    blocks:
      - text: No camine más de 30 minutos si la rodilla está caliente e hinchada. [1]
        patient: {patient}
references:
  - id: 1
"""


def test_a_spanish_article_is_checked_with_spanish_targets_and_words(tmp_path: Path) -> None:
    """Spanish text gets the Spanish formulas and targets, and the guard's Spanish word lists."""
    from click.testing import CliRunner

    from readerlevel.cli import main

    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "caminar.yaml"
    faithful = "No camine más de 30 minutos si su rodilla está caliente e hinchada. [1]"
    article.write_text(SPANISH.format(patient=faithful), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.output
    patient = next(r for r in json.loads(result.stdout)[0]["reports"] if r["audience"] == "patient")
    assert patient["language"] == "es"
    assert {t["metric"] for t in patient["targets"]} == {"szigriszt_pazos", "fernandez_huerta"}
    dropped = "Camine más de 30 minutos si su rodilla está caliente e hinchada. [1]"
    article.write_text(SPANISH.format(patient=dropped), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "negation-lost" in result.output


def ui_messages() -> list[str]:
    """Every msgid of the template catalog, with its placeholders cut out."""
    with (LOCALE_DIR / "readerlevel.pot").open("rb") as handle:
        template = read_po(handle)
    out = []
    for message in template:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            if msgid:
                out.extend(part.strip() for part in re.split(r"%\(\w+\)s|\{\w+\}", msgid))
    return [part for part in out if len(part) > 3]


@pytest.mark.parametrize("audience", ["clinician", "patient", "caregiver"])
@pytest.mark.parametrize("fmt", ["html", "md", "text"])
def test_spanish_render_has_no_english_ui_string(audience: str, fmt: str) -> None:
    """Rendered in es, no msgid of the catalog is left in English; the date is Spanish."""
    import html as html_module

    from readerlevel import Engine

    engine = Engine(ROOT / "variants")
    article = engine.load(ROOT / "variants" / "articles" / "massage-therapy-pain.yaml")
    page = html_module.unescape(engine.render(article, audience, fmt, locale="es"))
    english = html_module.unescape(engine.render(article, audience, fmt, locale="en"))
    found_in_english = [m for m in ui_messages() if m in english]
    assert found_in_english, "the check would prove nothing"
    assert [m for m in ui_messages() if m in page] == []
    assert "28 de octubre de 2025" in page


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_builtin_pack_text_is_translated(path: Path) -> None:
    """Each built-in disclaimer, notice and profile label has a form in each catalog's language."""
    from readerlevel import Engine

    language = path.parts[-3]
    engine = Engine()
    texts = {
        **{f"disclaimer {k}.heading": d.heading for k, d in engine.pack.disclaimers.items()},
        **{f"disclaimer {k}.text": d.text for k, d in engine.pack.disclaimers.items()},
        **{f"notice {k}": n.text for k, n in engine.pack.notices.items() if n.text is not None},
        **{f"profile {k}.label": p.label for k, p in engine.profiles.items()},
        **{f"profile {k}.description": p.description for k, p in engine.profiles.items()},
    }
    assert len(texts) >= 13
    assert [name for name, text in texts.items() if text.canonical(language) is None] == []
