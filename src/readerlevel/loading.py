"""Files to models, with errors that point at file, line, column and field.

A content file is read as UTF-8, parsed (YAML or JSON) into plain data while
the position of every value and key is recorded, then validated by a pydantic
model. Every problem in the file is reported at once, each as a
:class:`~readerlevel.errors.Problem`; nothing is silently dropped or coerced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from readerlevel.errors import ContentError, InputFileError, Problem
from readerlevel.markers import CITATION_RE
from readerlevel.models import Article, models_in, suggest

__all__ = [
    "Document",
    "Position",
    "load_article",
    "parse_article",
    "parse_document",
    "read_text",
    "validate_document",
]

M = TypeVar("M", bound=BaseModel)
Path_ = tuple[str | int, ...]

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


@dataclass(frozen=True)
class Position:
    """Where a value starts and ends in its file (1-based), and its YAML style."""

    line: int
    column: int
    end_line: int
    style: str | None


@dataclass(frozen=True)
class Document:
    """Parsed content with the source position of every value and key."""

    file: str
    data: Any
    values: Mapping[Path_, Position] = field(default_factory=dict)
    """Position of each value node, by field path (1-based line and column)."""
    keys: Mapping[Path_, tuple[int, int]] = field(default_factory=dict)
    """Position of each mapping key, by the path of the value it introduces."""
    source: str = ""
    """The text the document was parsed from (for pointing inside values)."""

    def position(self, path: Path_) -> tuple[int | None, int | None]:
        """The line and column of ``path``, or of its closest located ancestor."""
        for end in range(len(path), -1, -1):
            node = self.values.get(path[:end])
            if node is not None:
                return node.line, node.column
        return None, None

    def problem(self, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        """A :class:`Problem` located at ``path`` (its key, when ``at_key``)."""
        line: int | None
        column: int | None
        if at_key and path in self.keys:
            line, column = self.keys[path]
        else:
            line, column = self.position(path)
        return Problem(message, self.file, line, column, path)


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path``, or an :class:`InputFileError` saying why not."""
    name = str(path)
    target = Path(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        hint = ""
        parent = target.parent if str(target.parent) else Path(".")
        if parent.is_dir():
            close = suggest(target.name, [p.name for p in parent.iterdir()])
            hint = f" (did you mean '{parent / close}'?)" if close else ""
        raise InputFileError([Problem(f"no such file{hint}", name)]) from None
    except IsADirectoryError:
        raise InputFileError(
            [Problem("is a directory; expected a content file (.yaml, .yml or .json)", name)]
        ) from None
    except PermissionError:
        raise InputFileError([Problem("permission denied", name)]) from None
    except OSError as exc:
        raise InputFileError([Problem(f"cannot read: {exc.strerror or exc}", name)]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputFileError(
            [
                Problem(
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); "
                    "save the file as UTF-8",
                    name,
                    line,
                    column,
                )
            ]
        ) from None


def _format_of(file: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in ("yaml", "json"):
            raise InputFileError(
                [Problem(f"unknown content format '{fmt}' (expected yaml or json)", file)]
            )
        return fmt
    suffix = Path(file).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputFileError(
            [
                Problem(
                    f"unknown file type '{suffix or '(none)'}'; expected .yaml, .yml or .json",
                    file,
                )
            ]
        )
    return SUFFIXES[suffix]


def parse_document(text: str, file: str = "<string>", fmt: str | None = "yaml") -> Document:
    """Parse YAML or JSON text into a :class:`Document`, recording positions.

    ``fmt=None`` picks the format from ``file``'s suffix. Syntax errors and
    duplicate mapping keys raise :class:`ContentError`.

    YAML is parsed with libyaml's C parser when PyYAML has it (positions are
    the same, several times faster); a document it rejects is parsed again by
    the pure-Python parser, so every error reads the same whichever is installed.
    """
    fmt = _format_of(file, fmt)
    if fmt == "json":
        return _json_document(text, file)
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return _compose(text, file, fast=True)
        except ContentError:
            pass  # the pure-Python parser gives the message the docs show
    return _compose(text, file)


def _json_document(text: str, file: str) -> Document:
    """JSON parsed by the json module; positions borrowed from YAML where it agrees."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise ContentError(
            [Problem(f"JSON syntax error: {exc.msg}", file, exc.lineno, exc.colno)]
        ) from None
    try:
        located = _compose(text, file)
    except ContentError:
        # Valid JSON that YAML cannot read (tab indentation, for one): no positions.
        if duplicates:
            raise ContentError([Problem(f"duplicate key '{duplicates[0]}'", file)]) from None
        return Document(file, data, source=text)
    return Document(file, data, located.values, located.keys, text)


def _compose(text: str, file: str, *, fast: bool = False) -> Document:
    values: dict[Path_, Position] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    problems: list[Problem] = []
    try:
        loader = yaml.CSafeLoader(text) if fast else yaml.SafeLoader(text)
    except yaml.YAMLError as exc:
        raise ContentError([_yaml_problem(exc, file, text)]) from None
    try:
        try:
            root = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            raise ContentError([_yaml_problem(exc, file, text)]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = exc.problem or "syntax error"
            context = f" ({exc.context})" if exc.context else ""
            line = mark.line + 1 if mark else None
            column = mark.column + 1 if mark else None
            raise ContentError(
                [Problem(f"YAML syntax error: {what}{context}", file, line, column)]
            ) from None
        except yaml.YAMLError as exc:
            raise ContentError([Problem(f"YAML error: {exc}", file)]) from None

        open_nodes: set[int] = set()  # the nodes being built: an alias back to one is a cycle

        def build(node: yaml.Node, path: Path_) -> Any:
            start = node.start_mark
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                if id(node) in open_nodes:
                    problems.append(
                        Problem(
                            "an alias refers to a value that contains it (a cycle)",
                            file,
                            start.line + 1,
                            start.column + 1,
                            path,
                        )
                    )
                    return None
                open_nodes.add(id(node))
                try:
                    return _build_collection(node, path)
                finally:
                    open_nodes.discard(id(node))
            return _build_scalar(node, path)

        def _build_collection(node: yaml.Node, path: Path_) -> Any:
            start, end = node.start_mark, node.end_mark
            values[path] = Position(
                start.line + 1, start.column + 1, end.line + 1, getattr(node, "style", None)
            )
            if isinstance(node, yaml.MappingNode):
                loader.flatten_mapping(node)
                result: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    try:
                        key = loader.construct_object(key_node, deep=True)
                    except (yaml.YAMLError, ValueError, TypeError, IndexError) as exc:
                        problems.append(
                            Problem(f"cannot read key: {_reason(exc)}", file, *key_at, path)
                        )
                        continue
                    if not isinstance(key, (str, int)) or isinstance(key, bool):
                        problems.append(
                            Problem("mapping keys must be plain strings", file, *key_at, path)
                        )
                        continue
                    here: Path_ = (*path, key)
                    if key in result:
                        first = keys[here]
                        problems.append(
                            Problem(
                                f"duplicate key '{key}' (first defined at line {first[0]})",
                                file,
                                *key_at,
                                here,
                            )
                        )
                        continue
                    keys[here] = key_at
                    result[key] = build(value_node, here)
                return result
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]

        def _build_scalar(node: yaml.Node, path: Path_) -> Any:
            start, end = node.start_mark, node.end_mark
            values[path] = Position(
                start.line + 1, start.column + 1, end.line + 1, getattr(node, "style", None)
            )
            try:
                return loader.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, IndexError) as exc:
                problems.append(
                    Problem(
                        f"cannot read value: {_reason(exc)}",
                        file,
                        start.line + 1,
                        start.column + 1,
                        path,
                    )
                )
                return None

        data = build(root, ()) if root is not None else None
    finally:
        loader.dispose()
    if problems:
        raise ContentError(problems)
    return Document(file, data, values, keys, text)


def _reason(exc: Exception) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        return exc.problem
    return str(exc) or type(exc).__name__


def _yaml_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # ``position`` is a character index into the text; YAML forbids most control characters.
        at = exc.position
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        return Problem(
            f"control character U+{ord(text[at]) if at < len(text) else 0:04X} is not allowed "
            "in YAML (is the file text, in UTF-8?)",
            file,
            line,
            column,
        )
    return Problem(f"YAML error: {exc}", file)


def _fields_at(model: type[BaseModel], loc: Path_) -> frozenset[str]:
    """The field names of the model found at ``loc`` inside ``model``."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        nested = models_in(info.annotation) if info is not None else []
        if not nested:
            break
        current = nested[0]
    return frozenset(current.model_fields)


_SHOULD = re.compile(r"^Input should (?:be )?")


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}"


def _problems(doc: Document, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors():
        loc: Path_ = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        message = err["msg"]
        at_key = False
        if kind == "missing":
            message = f"required field '{loc[-1]}' is missing"
            loc = loc[:-1]
        elif kind == "extra_forbidden" and "key" in ctx:
            loc = (*loc, ctx["key"])
            at_key = True
        elif kind == "extra_forbidden":
            hint = suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
            message = f"unknown field '{loc[-1]}'" + (f" (did you mean '{hint}'?)" if hint else "")
            at_key = True
        elif kind == "unknown_audience":
            at_key = bool(ctx.get("at_key"))
        elif _SHOULD.match(message):
            message = "expected " + _SHOULD.sub("", message)
            if kind == "literal_error":
                options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
                hint = (
                    suggest(str(err["input"]), options) if isinstance(err["input"], str) else None
                )
                if hint:
                    message += f" (did you mean '{hint}'?)"
            message += f", got {_describe(err['input'])}"
        elif kind == "string_pattern_mismatch":
            message = (
                f"'{err['input']}' is not a valid name here (expected letters, digits, "
                f"'-' or '_', matching {ctx.get('pattern')})"
            )
        problem = doc.problem(loc, message, at_key=at_key)
        if kind == "unknown_citation" and "offset" in ctx and isinstance(err["input"], str):
            problem = _refine_column(doc, problem, loc, err["input"], int(ctx["offset"]))
        problems.append(problem)
    return problems


def _refine_column(doc: Document, problem: Problem, loc: Path_, value: str, offset: int) -> Problem:
    """Point at the citation marker itself, found in the value's source text.

    The marker's n-th occurrence in the value is the n-th occurrence of the same
    characters in the source span (markers contain no escapes).
    """
    node = doc.values.get(loc)
    if node is None or not doc.source:
        return problem
    match = CITATION_RE.match(value, offset)
    if match is None:
        return problem
    marker = match.group(0)
    nth = value.count(marker, 0, offset)
    lines = doc.source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: node.line - 1]) + node.column - 1
    end = sum(len(line) for line in lines[: node.end_line])
    found = start - 1
    for _ in range(nth + 1):
        found = doc.source.find(marker, found + 1, end)
        if found < 0:
            return problem
    line = doc.source.count("\n", 0, found) + 1
    column = found - (doc.source.rfind("\n", 0, found) + 1) + 1
    return Problem(problem.message, problem.file, line, column, problem.path)


def validate_document(doc: Document, model: type[M], context: Mapping[str, Any] | None = None) -> M:
    """Validate ``doc`` as ``model``, raising one :class:`ContentError` for all problems."""
    if not isinstance(doc.data, dict):
        got = "an empty document" if doc.data is None else _describe(doc.data)
        raise ContentError([doc.problem((), f"expected a mapping at the top level, got {got}")])
    try:
        return model.model_validate(doc.data, context=dict(context or {}))
    except ValidationError as exc:
        problems = _problems(doc, exc, model)
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise ContentError(problems) from None


def parse_article(
    text: str,
    file: str = "<string>",
    fmt: str | None = "yaml",
    context: Mapping[str, Any] | None = None,
) -> Article:
    """Parse and validate an article from a string."""
    return validate_document(parse_document(text, file, fmt), Article, context)


def load_article(path: str | Path, context: Mapping[str, Any] | None = None) -> Article:
    """Read, parse and validate an article file (``.yaml``, ``.yml`` or ``.json``)."""
    name = str(path)
    text = read_text(path)
    return parse_article(text, name, _format_of(name, None), context)
