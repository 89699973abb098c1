"""Snapshot tests: the example article for every reader in every format.

Set READERLEVEL_UPDATE_GOLDEN=1 to rewrite the snapshots after a deliberate
change, then review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readerlevel import Article, Engine

from .conftest import AUDIENCES, FORMATS

GOLDEN = Path(__file__).parent / "golden"
EXT = {"html": "html", "md": "md", "text": "txt", "json": "json"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_example_render_matches_snapshot(
    engine: Engine, massage: Article, audience: str, fmt: str
) -> None:
    """The example article renders exactly as its reviewed snapshot for each reader and format."""
    output = engine.render(massage, audience, fmt)
    path = GOLDEN / f"massage-therapy-pain.{audience}.{EXT[fmt]}"
    if os.environ.get("READERLEVEL_UPDATE_GOLDEN"):
        path.write_text(output, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}; run with READERLEVEL_UPDATE_GOLDEN=1"
    assert output == path.read_text(encoding="utf-8")
