"""A text being rewritten: pieces that are free, protected, or already changed.

Rules only ever replace free text, so a replacement is never rewritten again
and protected spans (citations, numbers, URLs, markup) are never altered. Each
piece remembers where it came from in the original text, so every change can
be traced to its source position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from readerlevel.rewrite.protect import protected_spans
from readerlevel.variant import Change

__all__ = ["Draft", "Edit", "Piece"]

State = Literal["free", "protected", "changed", "kept"]
"""``kept``: text a rule recognised as already plain (a lay phrase or a gloss);
later rules leave it alone, and it is not a change."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the draft's text and where it came from."""

    text: str
    start: int
    """Offset in the original text."""
    end: int
    state: State
    rule: str | None = None
    entry: str | None = None
    gloss: bool = False


@dataclass(frozen=True, slots=True)
class Edit:
    """A replacement a rule asks for, in the draft's current text."""

    start: int
    end: int
    replacement: str
    rule: str
    entry: str | None = None
    gloss: bool = False
    allow_protected: bool = False
    """The span may contain protected pieces (a term containing a number, kept
    in a gloss); it still may not touch text another rule changed."""
    keep: bool = False
    """Mark the span as already plain instead of replacing it."""


@dataclass(frozen=True)
class Draft:
    """An immutable text under rewrite."""

    original: str
    pieces: tuple[Piece, ...]
    heading: bool = False
    """The text is a title or heading (title case is kept)."""

    @classmethod
    def of(cls, text: str, *, heading: bool = False) -> Draft:
        """A fresh draft of ``text`` with its protected spans marked."""
        pieces: list[Piece] = []
        pos = 0
        for start, end in protected_spans(text):
            if start > pos:
                pieces.append(Piece(text[pos:start], pos, start, "free"))
            pieces.append(Piece(text[start:end], start, end, "protected"))
            pos = end
        if pos < len(text):
            pieces.append(Piece(text[pos:], pos, len(text), "free"))
        return cls(text, tuple(pieces), heading)

    @property
    def text(self) -> str:
        """The current text."""
        return "".join(p.text for p in self.pieces)

    def spans(self) -> list[tuple[int, int, Piece]]:
        """Each piece with its offsets in the current text."""
        out: list[tuple[int, int, Piece]] = []
        pos = 0
        for piece in self.pieces:
            out.append((pos, pos + len(piece.text), piece))
            pos += len(piece.text)
        return out

    def can_edit(
        self,
        start: int,
        end: int,
        allow_protected: bool = False,
        spans: list[tuple[int, int, Piece]] | None = None,
    ) -> bool:
        """Whether ``[start, end)`` of the current text may be replaced.

        Never over text another rule changed; over protected text only when
        ``allow_protected`` and the span contains it whole.
        """
        if start >= end:
            return False
        for s, e, piece in spans if spans is not None else self.spans():
            if s >= end or e <= start or piece.state == "free":
                continue
            if piece.state in ("changed", "kept") or not allow_protected or s < start or e > end:
                return False
        return True

    def apply(self, edits: Iterable[Edit]) -> Draft:
        """The draft with ``edits`` applied.

        An edit is skipped when it would touch text another rule changed, touch
        protected text (unless it allows and wholly contains it), or overlap an
        earlier edit.
        """
        spans = self.spans()
        accepted: list[Edit] = []
        last_end = 0
        for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
            if edit.start < last_end or not self.can_edit(
                edit.start, edit.end, edit.allow_protected, spans
            ):
                continue
            accepted.append(edit)
            last_end = edit.end

        def source(offset: int) -> int:
            for s, e, p in spans:
                if s <= offset <= e and p.state not in ("changed", "kept"):
                    return p.start + (offset - s)
            raise AssertionError("edits never end inside changed text")

        pieces: list[Piece] = []
        k = 0
        for s, e, p in spans:
            pos = s
            while pos < e:
                current = accepted[k] if k < len(accepted) else None
                if current is not None and current.start <= pos < current.end:
                    if pos == current.start:
                        pieces.append(
                            Piece(
                                current.replacement,
                                source(current.start),
                                source(current.end),
                                "kept" if current.keep else "changed",
                                current.rule,
                                current.entry,
                                current.gloss,
                            )
                        )
                    pos = min(e, current.end)
                    if current.end <= e:
                        k += 1
                    continue
                stop = current.start if current is not None and current.start < e else e
                if pos == s and stop == e:
                    pieces.append(p)
                else:
                    pieces.append(
                        Piece(
                            p.text[pos - s : stop - s],
                            p.start + (pos - s),
                            p.start + (stop - s),
                            p.state,
                        )
                    )
                pos = stop
        return Draft(self.original, tuple(pieces), self.heading)

    def changes(self) -> tuple[Change, ...]:
        """The changed pieces as :class:`Change` records, in text order."""
        out: list[Change] = []
        pos = 0
        for piece in self.pieces:
            if piece.state == "changed":
                out.append(
                    Change(
                        start=piece.start,
                        end=piece.end,
                        new_start=pos,
                        new_end=pos + len(piece.text),
                        original=self.original[piece.start : piece.end],
                        replacement=piece.text,
                        rule=piece.rule or "",
                        entry=piece.entry,
                        gloss=piece.gloss,
                    )
                )
            pos += len(piece.text)
        return tuple(out)
