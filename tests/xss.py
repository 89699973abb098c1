"""XSS vectors (tests/fixtures/xss/, MIT) and an article holding one in every text field.

``vectors()`` reads the two vendored PayloadsAllTheThings lists (provenance in
``tests/fixtures/xss/SOURCE.md``). ``article_with(vector)`` builds the YAML
source of a valid article in which every text field, in every form and both
languages, is the vector, so a test can render it for any reader and locale
and check that the vector shows up as text only.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import yaml

from readerlevel import ContentError, Engine
from readerlevel.markers import cited_numbers

from .conftest import ROOT

XSS = ROOT / "tests" / "fixtures" / "xss"
FILES = ("PayloadsAllTheThings_RSNAKE_XSS.txt", "PayloadsAllTheThings_XSS_Polyglots.txt")
FORMS = ("text", "patient", "caregiver", "text@es", "patient@es", "caregiver@es")
"""Every form a Text gets: canonical and per-audience, in English and Spanish."""


@cache
def vectors() -> list[str]:
    """Every non-empty line of both vendored lists, in file order, without repeats."""
    seen: dict[str, None] = {}
    for name in FILES:
        for line in (XSS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(line, None)
    return list(seen)


def _text(form: str, **extra: Any) -> dict[str, Any]:
    """A Text mapping whose every form is ``form``."""
    return {**dict.fromkeys(FORMS, form), **extra}


def _document(vector: str, form: str) -> dict[str, Any]:
    """The article as a Python structure, every text field's forms being ``form``."""
    sections = [
        {
            "id": f"s{n}",
            "heading": _text(form),
            "blocks": [_text(form), _text(form, kind="paragraph")],
        }
        for n in (1, 2)
    ]
    # A vector containing a citation marker ("[1]") cites references; give it
    # every entry it cites, each holding the vector too, rather than drop it.
    ids = sorted({1, *cited_numbers(form)})
    references = [{"id": n, "title": vector, "authors": [vector], "source": vector} for n in ids]
    return {
        "id": "xss",
        "locale": "en",
        "title": _text(form),
        "summary_heading": _text(form),
        "lead": _text(form),
        "updated": date(2025, 1, 1),
        "review": {"status": "submitted", "board": {"text": vector, "text@es": vector}},
        "notices": [{"id": "n", "text": _text(form)}],
        "sections": sections,
        "references": references,
        "disclaimers": [{"id": "d", "heading": _text(form), "text": _text(form)}],
        "follow_up": {
            "heading": _text(form),
            "text": _text(form),
            "url": "https://example.org/ask",
        },
    }


@cache
def _engine() -> Engine:
    return Engine()


def article_with(vector: str, *, cite: bool = False) -> str:
    """YAML source of a valid article (id ``xss``) whose every text field is ``vector``.

    Every form of every text field is the vector, and so are the review
    board (English and Spanish) and reference 1's title, author and source.
    A reader's reference list holds only the references the text cites, so
    reference 1 is shown only if the vector cites it; ``cite=True`` makes
    every form ``"<vector> [1]"`` so that the reference list is rendered too.

    Raises ``AssertionError`` naming the vector and the problems if the
    article does not validate: a vector is never skipped silently.
    """
    form = f"{vector} [1]" if cite else vector
    document = _document(vector, form)
    source = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    try:
        article = _engine().parse(source, file="xss.yaml")
    except ContentError as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        raise AssertionError(f"cannot embed XSS vector {vector!r}:\n{problems}") from error
    texts = list(article.texts())
    held = [value for text in texts for value in (text.text, *text.all_forms.values())]
    assert len(texts) == 14 and len(held) == 14 * len(FORMS), "a text field went missing"
    assert set(held) == {form}, f"a form does not read back as {form!r}"
    assert article.review is not None
    board = article.review.board
    assert {board.text, *board.all_forms.values()} == {vector}, "the board is not the vector"
    for ref in article.references:
        assert (ref.title, ref.authors, ref.source) == (vector, (vector,), vector), ref
    return source
