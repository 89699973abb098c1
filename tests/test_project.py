"""Project invariants: README commands run in CI, catalogs match the templates."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```console\n(.*?)```", readme, re.S)
    assert first_block is not None
    return [line for line in first_block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_first_screen_has_the_two_commands() -> None:
    """The README opens with one command that runs the example and one that runs the tests."""
    commands = _readme_commands()
    assert len(commands) == 2
    assert "readerlevel demo variants" in commands[0]
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_commands() -> None:
    """.ci/run installs and tests exactly as the README says (modulo the Python used)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in _readme_commands():
        install = command.split(" && .venv/bin/pytest")[0].replace("python3 ", "$PYTHON ")
        assert install in ci, install
    assert "\n.venv/bin/pytest\n" in ci


def test_message_catalog_template_is_current() -> None:
    """Every UI string marked in templates and code is in the shipped .pot, and nothing stale."""
    method_map = [
        ("src/readerlevel/**.py", "python"),
        ("src/readerlevel/render/templates/**.html", "jinja2"),
        ("src/readerlevel/render/templates/**.md", "jinja2"),
        ("src/readerlevel/render/templates/**.txt", "jinja2"),
    ]
    options = {pattern: {"extensions": "jinja2.ext.i18n"} for pattern, _ in method_map[1:]}
    extracted = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(str(ROOT), method_map, options)
    }
    with (ROOT / "src/readerlevel/locale/readerlevel.pot").open("rb") as handle:
        catalog = read_po(handle)
    shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert extracted == shipped, (
        "stale catalog template; run: pybabel extract -F babel.cfg --no-location "
        "--omit-header --sort-output -o src/readerlevel/locale/readerlevel.pot ."
    )
