"""One root error class and the errors beneath it.

Exceptions are for bad input and misuse. Readability problems and guard
findings are data in a report, never exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "ContentError",
    "InputFileError",
    "Problem",
    "ReaderlevelError",
    "UnknownAudienceError",
    "UnknownFormatError",
    "UnknownLocaleError",
    "format_path",
]


def format_path(path: Sequence[str | int]) -> str:
    """Render a field path the way users write it: ``sections[2].blocks[0].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    ``line`` and ``column`` are 1-based; they are ``None`` when the problem
    cannot be tied to a position (for example a missing file).
    """

    message: str
    """What is wrong and, where obvious, what would be right."""
    file: str | None = None
    """The file the problem is in, as given by the caller."""
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()
    """The field path inside the document, e.g. ``("sections", 2, "id")``."""

    @property
    def location(self) -> str:
        """``file:line:column`` with the parts that are known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        field = format_path(self.path)
        where = f"{self.location}: "
        return f"{where}{field}: {self.message}" if field else f"{where}{self.message}"


class ReaderlevelError(Exception):
    """Root of every error readerlevel raises on purpose.

    Catch this to handle any bad input or misuse; anything else escaping the
    library is a bug.
    """

    def problems_at(self, where: str) -> tuple[Problem, ...]:
        """The error as located problems: its own if it carries them, else one at ``where``."""
        return (Problem(str(self), where),)


class ContentError(ReaderlevelError, ValueError):
    """Raised when a content file (article, profiles, disclaimers) is invalid.

    Carries every problem found in the input, not just the first, each with
    its file, line, column and field path.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(str(p) for p in self.problems)])

    def problems_at(self, where: str) -> tuple[Problem, ...]:
        """The problems found, each already located (``where`` is not needed)."""
        return self.problems

    def __reduce__(self) -> tuple[type[ContentError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class InputFileError(ContentError, OSError):
    """Raised when an input path is missing, is a directory, or is not UTF-8 text."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        ContentError.__init__(self, problems)

    def __str__(self) -> str:
        return self._summary()


class UnknownAudienceError(ReaderlevelError, LookupError):
    """Raised when an audience name is not one of the known profiles.

    ``known`` lists every profile name, ``suggestion`` the closest one.
    """

    def __init__(self, name: str, known: Sequence[str], suggestion: str | None = None) -> None:
        self.name = name
        self.known = tuple(known)
        self.suggestion = suggestion
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        super().__init__(
            f"unknown audience '{name}'{hint}; known audiences: {', '.join(self.known)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(
        self,
    ) -> tuple[type[UnknownAudienceError], tuple[str, tuple[str, ...], str | None]]:
        return (type(self), (self.name, self.known, self.suggestion))


class UnknownFormatError(ReaderlevelError, LookupError):
    """Raised when an output format other than html, md, text or json is asked for."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown format '{name}'; known formats: {', '.join(self.known)}")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownFormatError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.name, self.known))


class UnknownLocaleError(ReaderlevelError, LookupError):
    """Raised when a locale identifier is not a valid CLDR locale.

    ``identifier`` keeps the string that failed.
    """

    def __init__(self, identifier: str) -> None:
        self.identifier = identifier
        super().__init__(f"unknown locale '{identifier}' (expected e.g. 'en' or 'en_US')")

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownLocaleError], tuple[str]]:
        return (type(self), (self.identifier,))
