"""Content packs: the built-in profiles, disclaimers and templates, and a user's overrides.

A content pack is a directory marked by a ``readerlevel.yaml`` file::

    readerlevel.yaml      marks the root (may be empty)
    profiles.yaml         profiles added or overridden by name
    disclaimers.yaml      disclaimers and notices added or overridden by id
    templates/            templates that replace built-in ones of the same name
    articles/             the articles (any depth, .yaml/.yml/.json)

User data comes first in every lookup and built-ins last, the way Jinja's
``ChoiceLoader`` lets user templates shadow a package's.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import InitErrorDetails, PydanticCustomError

from readerlevel.errors import ContentError, InputFileError, Problem, UnknownAudienceError
from readerlevel.loading import SUFFIXES, Document, parse_document, read_text, validate_document
from readerlevel.models import ContentDocument, Disclaimer, Notice, suggest
from readerlevel.profiles import Profiles, ReaderProfile

__all__ = ["MARKER", "ContentPack", "find_root", "load_pack"]

MARKER = "readerlevel.yaml"
"""The file that marks the root of a content pack."""


class _DisclaimersFile(ContentDocument):
    disclaimers: tuple[Disclaimer, ...] = ()
    notices: tuple[Notice, ...] = ()

    @classmethod
    def _cross_reference_errors(cls, raw: Any) -> list[InitErrorDetails]:
        notices = raw.get("notices") if isinstance(raw, dict) else None
        return [
            {
                "type": PydanticCustomError(
                    "notice_text",
                    "notice '{id}' needs a 'text'",
                    {"id": item.get("id") if isinstance(item, dict) else item},
                ),
                "loc": ("notices", index),
                "input": item,
            }
            for index, item in enumerate(notices if isinstance(notices, list) else [])
            if (isinstance(item, dict) and "text" not in item) or isinstance(item, str)
        ]


class _PackConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    articles: str = "articles"
    """Folder of the articles, relative to the pack root."""


@dataclass(frozen=True)
class ContentPack:
    """Everything besides the article that shapes a variant; immutable once loaded."""

    root: Path | None
    """The pack directory, or ``None`` for built-ins only."""
    profiles: Profiles
    disclaimers: Mapping[str, Disclaimer]
    notices: Mapping[str, Notice]
    template_dirs: tuple[Path, ...]
    """User template directories, searched before the built-in templates."""
    articles_dir: Path | None
    profile_locations: Mapping[str, Problem] = field(default_factory=dict)
    """Where each profile's ``rules`` (or the profile) is defined, as an empty
    :class:`Problem` carrying file, line, column and field path for later errors."""

    def context(self) -> dict[str, Any]:
        """Validation context for articles: the known audiences and notices."""
        return {"audiences": frozenset(self.profiles), "notices": frozenset(self.notices)}

    def article_paths(self) -> list[Path]:
        """Every article file of the pack, sorted by path."""
        if self.articles_dir is None or not self.articles_dir.is_dir():
            return []
        return sorted(
            p for p in self.articles_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
        )


def find_root(start: str | Path) -> Path | None:
    """The nearest directory at or above ``start`` holding a ``readerlevel.yaml``."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for candidate in (here, *here.parents):
        if (candidate / MARKER).is_file():
            return candidate
    return None


def _builtin(name: str) -> Document:
    resource = importlib.resources.files("readerlevel") / "data" / name
    return parse_document(resource.read_text("utf-8"), f"<readerlevel>/data/{name}")


def _user(root: Path | None, name: str) -> Document | None:
    if root is None or not (root / name).exists():
        return None
    path = root / name
    return parse_document(read_text(path), str(path), None)


def _profile_entries(doc: Document) -> list[tuple[int, dict[str, Any]]]:
    data = doc.data
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"profiles"}:
        extra = sorted(set(data) - {"profiles"}) if isinstance(data, dict) else []
        hint = suggest(extra[0], {"profiles"}) if extra else None
        what = (
            f"unknown field '{extra[0]}'" + (f" (did you mean '{hint}'?)" if hint else "")
            if extra
            else "expected a mapping with a 'profiles' list"
        )
        raise ContentError([doc.problem((extra[0],) if extra else (), what, at_key=bool(extra))])
    entries = data.get("profiles") or []
    if not isinstance(entries, list):
        raise ContentError([doc.problem(("profiles",), "expected a list of profiles")])
    return list(enumerate(entries))


def _load_profiles(
    builtin: Document,
    user: Document | None,
    audiences: frozenset[str],
    disclaimer_ids: frozenset[str],
    locations: dict[str, Problem],
) -> Profiles:
    raw: dict[str, dict[str, Any]] = {}
    where: dict[str, tuple[Document, int]] = {}
    problems: list[Problem] = []
    for doc in (builtin, user):
        if doc is None:
            continue
        for index, entry in _profile_entries(doc):
            path = ("profiles", index)
            if not isinstance(entry, dict):
                problems.append(doc.problem(path, "expected a mapping describing a profile"))
                continue
            entry = dict(entry)
            base_name = entry.pop("extends", None)
            if base_name is not None:
                if not isinstance(base_name, str):
                    problems.append(
                        doc.problem((*path, "extends"), "expected the name of a profile to extend")
                    )
                    continue
                if base_name not in raw:
                    hint = suggest(str(base_name), raw)
                    problems.append(
                        doc.problem(
                            (*path, "extends"),
                            f"cannot extend unknown profile '{base_name}'"
                            + (f" (did you mean '{hint}'?)" if hint else ""),
                        )
                    )
                    continue
                entry = {**raw[base_name], **entry}
            name = entry.get("name")
            if not isinstance(name, str):
                what = (
                    "required field 'name' is missing"
                    if name is None
                    else (f"expected a profile name (a string), got {name!r}")
                )
                problems.append(doc.problem(path if name is None else (*path, "name"), what))
                continue
            if name in where and where[name][0] is doc:
                first = doc.position(("profiles", where[name][1]))[0]
                problems.append(
                    doc.problem(
                        (*path, "name"),
                        f"duplicate profile '{name}' (first defined at line {first}); "
                        "use 'extends' to change a profile",
                    )
                )
                continue
            raw[name] = entry
            where[name] = (doc, index)
    profiles: dict[str, ReaderProfile] = {}
    for name, entry in raw.items():
        doc, index = where[name]
        sub = Document(
            doc.file,
            entry,
            {k[2:]: v for k, v in doc.values.items() if k[:2] == ("profiles", index)},
            {k[2:]: v for k, v in doc.keys.items() if k[:2] == ("profiles", index)},
        )
        context = {"audiences": audiences, "disclaimers": disclaimer_ids}
        try:
            profiles[name] = validate_document(sub, ReaderProfile, context)
        except ContentError as exc:
            problems.extend(
                Problem(p.message, p.file, p.line, p.column, ("profiles", index, *p.path))
                for p in exc.problems
            )
    if problems:
        problems.sort(key=lambda p: (p.file or "", p.line or 0, p.column or 0))
        raise ContentError(problems)
    for name, (doc, index) in where.items():
        at: tuple[str | int, ...] = ("profiles", index)
        locations[name] = doc.problem((*at, "rules") if "rules" in raw[name] else at, "")
    try:
        return Profiles(profiles)
    except UnknownAudienceError as exc:  # pragma: no cover - checked above
        raise ContentError([Problem(str(exc))]) from None


def _load_disclaimers(
    builtin: Document, user: Document | None, audiences: frozenset[str]
) -> tuple[dict[str, Disclaimer], dict[str, Notice]]:
    disclaimers: dict[str, Disclaimer] = {}
    notices: dict[str, Notice] = {}
    for doc in (builtin, user):
        if doc is None or doc.data is None:
            continue
        parsed = validate_document(doc, _DisclaimersFile, {"audiences": audiences})
        disclaimers.update((d.id, d) for d in parsed.disclaimers)
        notices.update((n.id, n) for n in parsed.notices)
    return disclaimers, notices


def load_pack(root: str | Path | None = None) -> ContentPack:
    """Load the content pack at ``root`` over the built-ins (``None``: built-ins only)."""
    path: Path | None = None
    if root is not None:
        path = Path(root)
        if not path.exists():
            raise InputFileError([Problem("no such content directory", str(path))])
        if not path.is_dir():
            raise InputFileError([Problem("expected a content directory, got a file", str(path))])
    config = _PackConfig()
    config_doc = _user(path, MARKER)
    if config_doc is not None and config_doc.data is not None:
        config = validate_document(config_doc, _PackConfig)
    profiles_doc = _user(path, "profiles.yaml")
    disclaimers_doc = _user(path, "disclaimers.yaml")
    # Audience names first (from raw entries), so disclaimers can be validated against them.
    builtin_profiles = _builtin("profiles.yaml")
    audiences = frozenset(
        entry["name"]
        for doc in (builtin_profiles, profiles_doc)
        if doc is not None
        for _, entry in _profile_entries(doc)
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    )
    disclaimers, notices = _load_disclaimers(
        _builtin("disclaimers.yaml"), disclaimers_doc, audiences
    )
    locations: dict[str, Problem] = {}
    profiles = _load_profiles(
        builtin_profiles, profiles_doc, audiences, frozenset(disclaimers), locations
    )
    template_dirs: tuple[Path, ...] = ()
    if path is not None and (path / "templates").is_dir():
        template_dirs = (path / "templates",)
    return ContentPack(
        root=path,
        profiles=profiles,
        disclaimers=disclaimers,
        notices=notices,
        template_dirs=template_dirs,
        articles_dir=(path / config.articles) if path is not None else None,
        profile_locations=locations,
    )
