"""Rewrite fixtures: each case in tests/fixtures/rewrite/*.txt gives input and exact output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from readerlevel.rewrite import Glossary, RewriteContext, default_chain, rewrite_text
from readerlevel.rewrite.glossary import load_glossary_file

FIXTURES = Path(__file__).parent / "fixtures" / "rewrite"
CHAINS = {
    "patient": ("patient",),
    "caregiver": ("caregiver", "patient"),
    "clinician": ("clinician",),
}


@dataclass
class Case:
    """One fixture case."""

    file: str
    title: str
    options: dict[str, str] = field(default_factory=dict)
    input: str = ""
    output: str = ""


def read_cases(path: Path) -> list[Case]:
    """Parse a fixture file: '=== title', 'key: value' options, '--- input', '--- output'."""
    cases: list[Case] = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            cases.append(Case(path.name, line[4:].strip()))
            section = "options"
        elif not cases or (line.startswith("#") and section == "options"):
            continue
        elif line in ("--- input", "--- output"):
            section = line[4:]
        elif section == "options" and line.strip():
            key, _, value = line.partition(":")
            cases[-1].options[key.strip()] = value.strip()
        elif section in ("input", "output") and line:
            current = getattr(cases[-1], section)
            setattr(cases[-1], section, f"{current}\n{line}" if current else line)
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_cases(path)]


@pytest.fixture(scope="module")
def chain():  # type: ignore[no-untyped-def]
    """The default rule chain over the fixture glossary."""
    return default_chain(Glossary.merge([load_glossary_file(FIXTURES / "glossary.yaml")]))


def test_fixture_files_have_cases() -> None:
    """The fixture reader finds every case (a broken file would silently test nothing)."""
    assert len(CASES) >= 30
    assert all(case.input and case.output for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.title}" for c in CASES])
def test_rewrite_fixture(chain, case: Case) -> None:  # type: ignore[no-untyped-def]
    """The rewrite of the case's input is exactly the expected output."""
    audience = case.options.get("audience", "patient")
    context = RewriteContext(audience, CHAINS[audience], case.options.get("mode", "lay"))  # type: ignore[arg-type]
    heading = case.options.get("heading", "no") == "yes"
    assert rewrite_text(case.input, chain, context, heading=heading).text == case.output
