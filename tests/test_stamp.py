"""``readerlevel stamp``: fingerprints written in place, comments and layout kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from readerlevel import ContentError, Engine
from readerlevel.cli import main
from readerlevel.guard.paths import text_fields
from readerlevel.guard.stamp import fingerprint, stamp_source

ARTICLE = """\
# A comment at the top stays.
id: stamped
locale: en
title:
  text: Massage and pain   # a trailing comment stays
  patient: Massage for your pain
lead: >-
  Massage may ease pain
  for many adults. [1]
updated: 2025-01-01
sections:
  - id: s
    heading: What it does
    blocks:
      - text: >-
          Massage lowered pain in more than 700 patients. [1]
        # a comment between keys stays
        patient: >-
          Massage eased pain in more than 700 people. [1]
        caregiver: Massage eased pain in more than 700 people. [1]
      - Canonical only.
references:
  - id: 1
"""


def fields(engine: Engine, text: str) -> list[tuple[str | int, ...]]:
    """File paths of the text fields with forms."""
    return [p for _, p, t in text_fields(engine.parse(text)) if t.forms]


def test_fingerprint_ignores_line_breaks_only() -> None:
    """Re-wrapping a canonical text keeps its fingerprint; changing a word does not."""
    assert fingerprint("Massage may ease\n  pain.") == fingerprint("Massage may ease pain.")
    assert fingerprint("Massage may ease pain.") != fingerprint("Massage can ease pain.")
    assert len(fingerprint("x")) == 12


def test_stamping_adds_one_line_per_text_and_keeps_the_rest(plain_engine: Engine) -> None:
    """Only ``stamps:`` lines are added; every original line is still there, in order."""
    out, stamped, total = stamp_source(ARTICLE, "a.yaml", fields(plain_engine, ARTICLE))
    assert (stamped, total) == (2, 2)
    added = [line for line in out.splitlines() if line not in ARTICLE.splitlines()]
    assert len(added) == 2 and all(line.strip().startswith("stamps: {") for line in added)
    kept = [line for line in out.splitlines() if line not in added]
    assert kept == ARTICLE.splitlines()
    article = plain_engine.parse(out)
    block = article.sections[0].blocks[0]
    assert dict(block.stamps) == {
        "patient": fingerprint(block.text),
        "caregiver": fingerprint(block.text),
    }
    assert dict(article.title.stamps) == {"patient": fingerprint("Massage and pain")}


def test_stamping_twice_changes_nothing(plain_engine: Engine) -> None:
    """A stamped file is stamped already: the second run writes nothing."""
    paths = fields(plain_engine, ARTICLE)
    once, _, _ = stamp_source(ARTICLE, "a.yaml", paths)
    twice, stamped, _ = stamp_source(once, "a.yaml", paths)
    assert (twice, stamped) == (once, 0)


def test_restamping_replaces_the_stale_line(plain_engine: Engine) -> None:
    """After the canonical text changes, stamping rewrites that text's line only."""
    paths = fields(plain_engine, ARTICLE)
    once, _, _ = stamp_source(ARTICLE, "a.yaml", paths)
    edited = once.replace("lowered pain in more than 700", "lowered pain in over 700")
    again, stamped, _ = stamp_source(edited, "a.yaml", paths)
    assert stamped == 1
    assert len(again.splitlines()) == len(once.splitlines())
    block = plain_engine.parse(again).sections[0].blocks[0]
    assert block.stamps["patient"] == fingerprint(block.text)


def test_stamping_one_audience(plain_engine: Engine) -> None:
    """``audiences`` limits the stamps written to those readers' wording."""
    paths = fields(plain_engine, ARTICLE)
    out, _, _ = stamp_source(ARTICLE, "a.yaml", paths, audiences=["caregiver"])
    block = plain_engine.parse(out).sections[0].blocks[0]
    assert set(block.stamps) == {"caregiver"}


def test_a_one_line_mapping_is_refused_with_its_location(plain_engine: Engine) -> None:
    """A text written as ``{text: ..., patient: ...}`` cannot take a line: a located error."""
    block = (
        "  text: Massage and pain   # a trailing comment stays\n  patient: Massage for your pain\n"
    )
    text = ARTICLE.replace(
        "title:\n" + block, "title: {text: Massage and pain, patient: Massage for your pain}\n"
    )
    with pytest.raises(ContentError, match=r"a.yaml:4:\d+: title: cannot stamp"):
        stamp_source(text, "a.yaml", fields(plain_engine, text))


def test_json_articles_are_stamped(plain_engine: Engine) -> None:
    """JSON gets a ``stamps`` object per text (written back with two-space indentation)."""
    data = plain_engine.parse(ARTICLE).model_dump(mode="json", exclude_defaults=True)
    source = json.dumps(data, indent=2)
    paths = fields(plain_engine, source)
    out, stamped, _ = stamp_source(source, "a.json", paths, fmt="json")
    assert stamped == 2
    assert json.loads(out)["title"]["stamps"]["patient"] == fingerprint("Massage and pain")


def test_cli_stamp_and_check(tmp_path: Path) -> None:
    """``stamp --check`` exits 1 while stamps are missing, ``stamp`` writes them, then 0."""
    path = tmp_path / "a.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    runner = CliRunner()
    pending = runner.invoke(main, ["stamp", "--check", str(path)])
    assert pending.exit_code == 1 and "2 of 2 text(s) need stamping" in pending.output
    assert path.read_text(encoding="utf-8") == ARTICLE
    done = runner.invoke(main, ["stamp", str(path)])
    assert done.exit_code == 0 and "stamped 2 of 2" in done.output
    assert runner.invoke(main, ["stamp", "--check", str(path)]).exit_code == 0
    assert "# a comment between keys stays" in path.read_text(encoding="utf-8")


def test_cli_stamp_rejects_unknown_audience_and_bad_files(tmp_path: Path) -> None:
    """An unknown audience or an invalid article exits 2 and writes nothing."""
    path = tmp_path / "a.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["stamp", str(path), "-a", "pateint"])
    assert result.exit_code == 2 and "did you mean 'patient'" in result.output
    broken = tmp_path / "b.yaml"
    broken.write_text(ARTICLE.replace("id: stamped", "id: [x"), encoding="utf-8")
    result = CliRunner().invoke(main, ["stamp", str(broken)])
    assert result.exit_code == 2 and "b.yaml:" in result.output
    assert path.read_text(encoding="utf-8") == ARTICLE


def test_the_example_content_is_stamped() -> None:
    """Every authored form of the example pack is stamped against its canonical text."""
    from .conftest import VARIANTS

    result = CliRunner().invoke(main, ["stamp", "--check", str(VARIANTS)])
    assert result.exit_code == 0, result.output
