"""The Cochrane evaluation data the benchmark scripts read (never shipped in the package).

Devaraj et al. 2021, CC BY 4.0, text © Cochrane: 480 abstracts (``test.source``)
and their human plain-language summaries (``test.target``), line by line.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "eval" / "cochrane-test"

_SENTENCE_END = re.compile(r"(?<=[a-z)])\.(?= [A-Z])")


def load(data: Path) -> tuple[list[str], list[str]] | None:
    """The abstracts and the summaries, line for line; ``None`` when the data is absent."""
    source, target = data / "test.source", data / "test.target"
    if not source.exists() or not target.exists():
        return None
    return (
        source.read_text(encoding="utf-8").splitlines(),
        target.read_text(encoding="utf-8").splitlines(),
    )


def with_markers(abstracts: list[str]) -> list[str]:
    """Each abstract with a citation marker before every sentence's full stop.

    The abstracts carry no markers; the example articles cite after every
    sentence, so this puts markers into real prose for the checks that keep them.
    """
    return [
        _SENTENCE_END.sub(lambda m, i=i: f" [{i % 9 + 1}].", text)
        for i, text in enumerate(abstracts)
    ]
