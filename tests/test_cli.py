"""The command line: render, audiences, schema and demo on the example pack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readerlevel.cli import main

from .conftest import MASSAGE, VARIANTS


def test_render_writes_each_format(tmp_path: Path) -> None:
    """`render` writes the chosen format to -o and prints nothing else."""
    runner = CliRunner()
    for fmt, marker in (("html", "<!DOCTYPE html>"), ("md", "# "), ("text", "===="), ("json", "{")):
        out = tmp_path / f"page.{fmt}"
        result = runner.invoke(
            main, ["render", str(MASSAGE), "-a", "patient", "-f", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert result.output == ""
        assert marker in out.read_text(encoding="utf-8")


def test_render_finds_the_pack_from_the_article_path() -> None:
    """Rendering an article inside a pack uses that pack (its root holds readerlevel.yaml)."""
    result = CliRunner().invoke(main, ["render", str(MASSAGE), "-a", "caregiver", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["audience"] == "caregiver"
    assert data["title"]["source"] == "authored"


def test_render_json_is_the_variant() -> None:
    """The JSON output carries each text's source and the references actually cited."""
    result = CliRunner().invoke(main, ["render", str(MASSAGE), "-a", "patient", "-f", "json"])
    data = json.loads(result.output)
    sources = {b["text"]["source"] for s in data["sections"] for b in s["blocks"]}
    assert sources == {"authored", "canonical"}
    assert [r["id"] for r in data["references"]] == [1, 2, 3, 4, 5, 6]


def test_audiences_lists_profiles_with_chains() -> None:
    """`audiences` shows every profile with its fallback chain."""
    result = CliRunner().invoke(main, ["audiences", str(VARIANTS)])
    assert result.exit_code == 0
    assert "caregiver → patient → canonical" in result.output
    as_json = CliRunner().invoke(main, ["audiences", str(VARIANTS), "--json"])
    names = [p["name"] for p in json.loads(as_json.output)]
    assert names == ["clinician", "patient", "caregiver"]


def test_schema_is_json_schema_of_the_article() -> None:
    """`schema` prints a JSON Schema whose required fields match the model."""
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert set(schema["required"]) == {"id", "title", "lead", "updated", "sections"}
    assert "Block" in schema["$defs"]


def test_demo_renders_every_article_for_every_reader(tmp_path: Path) -> None:
    """`demo` writes every article × audience × format and says how many."""
    result = CliRunner().invoke(main, ["demo", str(VARIANTS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert len(files) == 2 * 3 * 4
    assert "massage-therapy-pain/caregiver.md" in files
    assert "wrote 24 files" in result.output


def test_demo_on_a_directory_without_articles_is_an_error(tmp_path: Path) -> None:
    """`demo` on a pack with no articles says so and exits 2."""
    result = CliRunner().invoke(main, ["demo", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no article files" in result.output


@pytest.mark.parametrize("command", ["render", "audiences", "schema", "demo"])
def test_every_command_has_help(command: str) -> None:
    """Each command answers --help with a usage line."""
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage:")


def test_module_entry_point_runs_in_a_fresh_process() -> None:
    """The installed console script runs as a real process and renders a page."""
    exe = Path(sys.executable).with_name("readerlevel")
    proc = subprocess.run(
        [str(exe), "render", str(MASSAGE), "-a", "clinician", "-f", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Professional medical disclaimer" in proc.stdout


def test_example_articles_conform_to_the_printed_schema() -> None:
    """Every example article, as JSON data, validates against `readerlevel schema`."""
    import datetime as dt

    import jsonschema
    import yaml

    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)
    for path in sorted((VARIANTS / "articles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(
            json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v)
        )
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"id": "x", "title": 3, "lead": "l", "updated": "2025-01-01", "sections": []}, schema
        )
