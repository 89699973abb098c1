"""Content packs: profile files are validated whole, disclaimers may be article-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from readerlevel import ContentError, Engine

ARTICLE = """\
id: a
title: T
lead: L
updated: 2025-10-28
sections:
  - id: s
    heading: H
    blocks: [B]
"""


def _pack(tmp_path: Path, profiles: str) -> Path:
    (tmp_path / "readerlevel.yaml").write_text("", encoding="utf-8")
    (tmp_path / "profiles.yaml").write_text(profiles, encoding="utf-8")
    return tmp_path


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        Engine(root)
    return [str(p) for p in info.value.problems]


def test_profile_without_name_is_reported(tmp_path: Path) -> None:
    """A profile entry with no name is an error at its position, not silently skipped."""
    root = _pack(tmp_path, "profiles:\n  - label: X\n    description: Y\n")
    assert _problems(root) == [
        f"{root / 'profiles.yaml'}:2:5: profiles[0]: required field 'name' is missing"
    ]


def test_duplicate_profile_in_one_file_is_reported(tmp_path: Path) -> None:
    """Defining a profile twice in one file is an error pointing at the second."""
    entry = "  - name: teen\n    label: T\n    description: D\n"
    root = _pack(tmp_path, "profiles:\n" + entry + entry)
    (problem,) = _problems(root)
    assert problem.startswith(
        f"{root / 'profiles.yaml'}:5:11: profiles[1].name: duplicate profile 'teen'"
    )


def test_reserved_profile_name_is_rejected(tmp_path: Path) -> None:
    """A profile cannot be called 'text' (or another content keyword)."""
    root = _pack(tmp_path, "profiles:\n  - name: text\n    label: T\n    description: D\n")
    (problem,) = _problems(root)
    assert "profiles[0].name: 'text' is a content keyword" in problem


def test_profile_locale_is_checked_at_load(tmp_path: Path) -> None:
    """An unknown profile locale is reported with its position when the pack loads."""
    root = _pack(tmp_path, "profiles:\n  - extends: patient\n    name: p2\n    locale: xx_YY\n")
    (problem,) = _problems(root)
    assert problem.startswith(
        f"{root / 'profiles.yaml'}:4:13: profiles[0].locale: unknown locale 'xx_YY'"
    )


def test_article_locale_accepts_hyphen_and_underscore() -> None:
    """Article locales are accepted in both BCP 47 ('es-MX') and CLDR ('es_MX') spelling."""
    for locale in ("es-MX", "es_MX"):
        article = Engine().parse(ARTICLE + f"locale: {locale}\n", file="a.yaml")
        assert article.locale == locale


def test_misspelt_block_field_suggests_the_field() -> None:
    """A misspelt 'exclude' on a block is reported as an unknown field with a suggestion."""
    text = ARTICLE.replace("blocks: [B]", "blocks:\n      - {text: B, exlude: [caregiver]}")
    with pytest.raises(ContentError) as info:
        Engine().parse(text, file="a.yaml")
    (problem,) = info.value.problems
    assert str(problem) == (
        "a.yaml:9:19: sections[0].blocks[0].exlude: "
        "unknown field 'exlude' (did you mean 'exclude'?)"
    )


def test_unknown_field_suggests_only_fields_of_that_place() -> None:
    """Suggestions come from the fields valid where the typo is, not from other models."""
    text = ARTICLE.replace("    heading: H\n", "    heading: H\n    summary: x\n")
    with pytest.raises(ContentError) as info:
        Engine().parse(text, file="a.yaml")
    (problem,) = info.value.problems
    assert problem.path == ("sections", 0, "summary")
    assert "did you mean" not in problem.message


def test_article_only_disclaimer_is_shown_to_its_audiences() -> None:
    """An article disclaimer with a new id follows the profile's, for readers it is visible to."""
    text = ARTICLE + (
        "disclaimers:\n"
        "  - {id: trial, heading: About this trial, text: Enrolment closes soon.,\n"
        "     audiences: [patient]}\n"
    )
    engine = Engine()
    article = engine.parse(text, file="a.yaml")
    patient = [d.id for d in engine.personalise(article, "patient").disclaimers]
    clinician = [d.id for d in engine.personalise(article, "clinician").disclaimers]
    assert patient == ["patient", "trial"]
    assert clinician == ["professional"]


def test_pack_notices_and_disclaimers_are_not_fallbacks() -> None:
    """Shared notices and disclaimers are written for everyone, so they never count as fallbacks."""
    engine = Engine()
    article = engine.parse(ARTICLE + "notices: [educational]\n", file="a.yaml")
    paths = [c.path for c in engine.personalise(article, "patient").fallbacks]
    assert paths == ["title", "lead", "sections[0].heading", "sections[0].blocks[0]"]


def test_pack_template_overrides_builtin_by_name(tmp_path: Path) -> None:
    """A template in the pack's templates/ replaces the built-in one of the same name."""
    _pack(tmp_path, "profiles: []\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.txt").write_text(
        "{{ variant.title.text }} for {{ variant.audience }}\n", encoding="utf-8"
    )
    engine = Engine(tmp_path)
    article = engine.parse(ARTICLE, file="a.yaml")
    assert engine.render(article, "patient", "text") == "T for patient\n"
    assert engine.render(article, "patient", "html").startswith("<!DOCTYPE html>")


def test_pack_template_override_keeps_autoescape(tmp_path: Path) -> None:
    """A user's HTML template is autoescaped like the built-in one."""
    _pack(tmp_path, "profiles: []\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text(
        "<h1>{{ variant.title.text }}</h1>\n", encoding="utf-8"
    )
    engine = Engine(tmp_path)
    article = engine.parse(ARTICLE.replace("title: T", "title: <script>x</script>"), file="a.yaml")
    assert engine.render(article, "patient", "html") == "<h1>&lt;script&gt;x&lt;/script&gt;</h1>\n"
