"""The ``readerlevel`` commands shown in the docs run and print what the docs say.

Every ```` ```console ```` block of ``README.md`` and ``docs/*.md`` is read; each
``$ readerlevel ...`` line without shell syntax (pipes, redirection, loops)
is run in a scratch directory holding a copy of the example pack, and its output
is compared with the lines that follow it in the block. A line ``...`` in the
docs stands for any number of output lines; a command shown without output
only has to exit as documented: 0, or the status a following ``$ echo $?``
shows. A block preceded by ``<!-- console: not run: reason -->`` is skipped.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from readerlevel.cli import main

from .conftest import ROOT, VARIANTS

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"(<!-- console: not run[^>]*-->\n)?```console\n(.*?)```", re.S)
_SHELL = re.compile(r"[|<>;&`]|\$\(")


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    command: str
    output: tuple[str, ...]


def examples() -> list[Example]:
    """Every runnable ``readerlevel`` command in the docs, with its documented output."""
    found: list[Example] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in _BLOCK.finditer(text):
            if block.group(1):
                continue  # the docs say why it is not run (it needs files made by hand)
            first = text.count("\n", 0, block.start(2)) + 1  # line of the block's first line
            lines = block.group(2).splitlines()
            index = 0
            while index < len(lines):
                line = lines[index]
                at = first + index
                index += 1
                if not line.startswith("$ readerlevel "):
                    continue
                output = []
                while index < len(lines) and not lines[index].startswith("$ "):
                    output.append(lines[index])
                    index += 1
                command = line[2:].split("  #")[0].strip()
                if _SHELL.search(command) or command.endswith("\\"):
                    continue
                if index < len(lines) and lines[index].strip() == "$ echo $?":
                    # The next command shows the exit status: take it as documented.
                    output.append(f"# exits {lines[index + 1].strip()}")
                    index += 2
                found.append(Example(doc.name, at, command, tuple(output)))
    return found


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Whether ``actual`` fits ``expected``, where a ``...`` line matches any lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head.rstrip() and matches(rest, actual[1:])


EXAMPLES = examples()


def test_the_docs_show_commands() -> None:
    """The collector finds the documented commands (guards against a silent empty run)."""
    assert len(EXAMPLES) >= 8
    assert any(e.command.startswith("readerlevel check") for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.doc}:{e.line}")
def test_documented_command_prints_what_the_docs_say(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command runs from a scratch directory and its output fits the documented lines."""
    shutil.copytree(VARIANTS, tmp_path / "variants")  # a copy: commands may write (stamp)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(example.command)[1:]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    actual = (result.stdout + result.stderr).splitlines()
    documented = [line for line in example.output if not line.startswith("# exits")]
    exits = [int(line.split()[-1]) for line in example.output if line.startswith("# exits")]
    assert result.exit_code == (exits[0] if exits else 0), result.output
    if documented:
        assert matches(tuple(documented), actual), "\n".join(actual)
