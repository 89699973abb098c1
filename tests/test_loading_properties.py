"""Property tests of loading: any input gives an Article or a ContentError, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readerlevel import Article, ContentError, Engine

ENGINE = Engine()

VALID = """\
id: demo
title: {text: "A title?", patient: Plain title}
lead: "Lead text [1]"
updated: 2025-10-28
sections:
  - id: one
    heading: Heading
    blocks:
      - text: "A bullet [1]"
        patient: "A plain bullet [1]"
references:
  - {id: 1}
"""

yaml_tokens = st.sampled_from(
    ["id:", "title:", "lead:", "sections:", "blocks:", "- ", "  ", "\n", "{", "}", "[", "]", ":",
     "text:", "patient:", "pateint:", "audiences:", "exclude:", "[1]", "[9]", "2025-13-01",
     "!!int x", "&a", "*a", "<<: *a", '"', "'", "\t", "\x00", "é", "kind: bulet", "- {id: 1}"]
)  # fmt: skip


def _outcome(text: str, fmt: str = "yaml") -> None:
    try:
        article = ENGINE.parse(text, file=f"x.{fmt}", fmt=fmt)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message
            assert problem.file == f"x.{fmt}"
    else:
        assert isinstance(article, Article)


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Any string, as YAML or JSON, gives an Article or a ContentError with problems."""
    _outcome(text)
    _outcome(text, "json")


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(yaml_tokens, max_size=40))
def test_yaml_like_noise_never_crashes(pieces: list[str]) -> None:
    """Fragments of content syntax, in any order, never escape as a non-library error."""
    _outcome("".join(pieces))


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(0, len(VALID)), insert=yaml_tokens)
def test_damaged_article_never_crashes(cut: int, insert: str) -> None:
    """A valid article with a token spliced in anywhere still gives a located result."""
    _outcome(VALID[:cut] + insert + VALID[cut:])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_file_never_crashes(tmp_path: Path, data: bytes) -> None:
    """Any bytes in a .yaml file give an Article or a ContentError (UTF-8 errors included)."""
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    try:
        ENGINE.load(path)
    except ContentError as exc:
        assert exc.problems
