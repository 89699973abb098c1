"""Fingerprints of canonical texts, and ``readerlevel stamp``.

An authored form is written against one version of the canonical text. The
form's *stamp* is the fingerprint of that version; when the canonical text
changes, the fingerprint changes and the guard reports the form as stale
until an editor has checked it and stamps it again.

:func:`stamp_source` edits the file's text in place of re-serialising it, so
comments, key order, quoting and folding are kept: it adds or replaces one
``stamps: {patient: 1a2b3c4d5e6f}`` line per text field.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readerlevel.errors import ContentError, Problem
from readerlevel.loading import Document, parse_document, read_text
from readerlevel.models import LOCALE_SEPARATOR, Block, basis_key, form_key, split_form_key

__all__ = ["StampResult", "fingerprint", "stamp_file", "stamp_source"]

Path_ = tuple[str | int, ...]


def fingerprint(text: str) -> str:
    """The fingerprint of a canonical text: SHA-256 of its words, first 12 hex digits.

    Whitespace is collapsed first, so re-wrapping a paragraph does not make
    its forms stale.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class StampResult:
    """What stamping one file did."""

    path: Path
    stamped: int
    """Text fields whose stamps were added or changed."""
    texts: int
    """Text fields with authored forms."""


def _text_mappings(data: Any, paths: Iterable[Path_]) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """The raw mappings at ``paths`` (text fields written with forms)."""
    for path in paths:
        node = data
        for step in path:
            node = node[step]
        if isinstance(node, dict):
            yield path, node


def _forms(node: Mapping[str, Any], audiences: Iterable[str] | None) -> list[str]:
    """The forms of a text mapping (its keys other than the Text fields), as written.

    ``audiences`` limits them to those audiences' forms, in any locale; a
    translation's canonical text (``text@es``) is stamped only without a limit.
    """
    wanted = set(audiences) if audiences is not None else None
    return [
        k
        for k, v in node.items()
        if isinstance(k, str)
        and k not in _TEXT_FIELDS
        and isinstance(v, str)
        and (wanted is None or k.partition(LOCALE_SEPARATOR)[0] in wanted)
    ]


def _key(raw: str) -> str:
    """A form key with its locale in CLDR form, as the content model keys it."""
    name, locale = split_form_key(raw)
    return form_key(name, locale)


def _basis_print(node: Mapping[str, Any], raw: str) -> str:
    """The fingerprint of the text the form ``raw`` was written from (its basis)."""
    keys = {_key(k): k for k in node if isinstance(k, str) and k not in _TEXT_FIELDS}
    basis = basis_key(_key(raw), keys)
    return fingerprint(node[keys[basis]] if basis != "text" else node["text"])


# Text's own fields and a block's (a Block is a Text): every other key is an audience form.
_TEXT_FIELDS = frozenset(Block.model_fields)


def _join(path: Path_, key: str | int) -> Path_:
    """``path`` extended by ``key``."""
    return (*path, key)


def _flow(stamps: Mapping[str, str]) -> str:
    # Quoted: a fingerprint of digits only would otherwise read as a number.
    return "stamps: {" + ", ".join(f'{k}: "{v}"' for k, v in stamps.items()) + "}"


def _yaml_edits(
    doc: Document, paths: list[Path_], audiences: Iterable[str] | None
) -> tuple[list[tuple[int, int, str]], int, int]:
    """Line edits ``(first, last_exclusive, new_line)`` (0-based), stamped count, text count."""
    lines = doc.source.splitlines()
    edits: list[tuple[int, int, str]] = []
    stamped = texts = 0
    for path, node in _text_mappings(doc.data, paths):
        if not _forms(node, None):
            continue
        texts += 1
        current = node.get("stamps")
        old: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
        new = {_key(k): v for k, v in old.items() if isinstance(k, str)}
        for name in _forms(node, audiences):
            new[_key(name)] = _basis_print(node, name)
        if new == old:
            continue
        located = {k: doc.keys.get(_join(path, k)) for k in node}
        key_lines = sorted((at, k) for k, at in located.items() if at is not None)
        first_line = key_lines[0][0][0]
        if "stamps" in node:
            (line, column) = doc.keys[_join(path, "stamps")]
            end = line  # after the key's line, every blank or more deeply indented line
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= column
            ):
                end += 1
            edits.append((line - 1, end, " " * (column - 1) + _flow(new)))
        else:
            later = [(at, k) for at, k in key_lines if at[0] > first_line]
            if not later:
                raise ContentError(
                    [
                        doc.problem(
                            path,
                            "cannot stamp a text written as a one-line mapping; "
                            "write it with one key per line",
                        )
                    ]
                )
            (line, column), _ = later[0]
            edits.append((line - 1, line - 1, " " * (column - 1) + _flow(new)))
        stamped += 1
    return edits, stamped, texts


def stamp_source(
    source: str,
    file: str,
    paths: Iterable[Path_],
    fmt: str = "yaml",
    audiences: Iterable[str] | None = None,
) -> tuple[str, int, int]:
    """``source`` with the forms of the text fields at ``paths`` stamped; stamped and text counts.

    ``paths`` are file paths of the article's text fields (from the validated
    article, :func:`~readerlevel.guard.paths.text_fields`); ``audiences``
    limits stamping to those audiences' forms. YAML is edited line by line
    (comments and layout kept); JSON is written back with two-space indentation.
    """
    chosen = list(audiences) if audiences is not None else None
    wanted = list(paths)
    doc = parse_document(source, file, fmt)
    if fmt == "json":
        data = doc.data
        stamped = texts = 0
        for _path, node in _text_mappings(data, wanted):
            if not _forms(node, None):
                continue
            texts += 1
            old = dict(node.get("stamps") or {})
            new = {_key(k): v for k, v in old.items()}
            for name in _forms(node, chosen):
                new[_key(name)] = _basis_print(node, name)
            if new != old:
                node["stamps"] = new
                stamped += 1
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", stamped, texts
    edits, stamped, texts = _yaml_edits(doc, wanted, chosen)
    lines = source.splitlines(keepends=True)
    newline = "\r\n" if source.endswith("\r\n") else "\n"
    for first, last, text in sorted(edits, reverse=True):
        lines[first:last] = [text + newline]
    result = "".join(lines)
    # Never write a file that no longer reads as the same content plus stamps.
    check = parse_document(result, file, fmt)
    for path, node in _text_mappings(check.data, wanted):
        expected = {_key(name): _basis_print(node, name) for name in _forms(node, chosen)}
        got = node.get("stamps") or {}
        if any(got.get(k) != v for k, v in expected.items()):
            raise ContentError([check.problem(path, "stamping failed here; the file is unchanged")])
    return result, stamped, texts


def stamp_file(
    path: str | Path, paths: Iterable[Path_], audiences: Iterable[str] | None = None
) -> StampResult:
    """Stamp the authored forms of the text fields at ``paths`` in the file at ``path``."""
    target = Path(path)
    source = read_text(target)
    fmt = "json" if target.suffix.lower() == ".json" else "yaml"
    result, stamped, texts = stamp_source(source, str(target), paths, fmt, audiences)
    if result != source:
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(result)
            os.replace(temp, target)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise ContentError(
                [Problem(f"cannot write: {exc.strerror or exc}", str(target))]
            ) from None
    return StampResult(target, stamped, texts)
