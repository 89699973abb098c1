"""The guard's findings: what a variant lost or changed, where, and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["ERROR_CHECKS", "GuardFinding", "GuardReport", "severity"]

Severity = Literal["error", "warning"]

ERROR_CHECKS = frozenset({"number-lost", "negation-lost", "citation-lost", "leak"})
"""Checks whose findings are errors (they fail ``readerlevel check``); the rest warn."""


def severity(check: str) -> Severity:
    """``error`` for a lost number, negation or citation and for a leak, else ``warning``."""
    return "error" if check in ERROR_CHECKS else "warning"


@dataclass(frozen=True)
class GuardFinding:
    """One thing a variant lost, added or leaked, with both sides' wording."""

    check: str
    severity: Severity
    path: str
    """The text field (``sections[0].blocks[1]``)."""
    audience: str
    item: str
    """What: ``"more than 700"``, ``"not"``, ``"[2]"``, a block id."""
    explanation: str
    canonical: str = ""
    """An excerpt of the canonical text around the item."""
    variant: str = ""
    """An excerpt of the variant's text around the item."""
    accepted: str | None = None
    """The reason recorded in the content when the finding is accepted on purpose."""
    locale: str = ""
    """The locale of the wording checked (``es``); empty when not recorded."""

    def __str__(self) -> str:
        state = f" (accepted: {self.accepted})" if self.accepted else ""
        reader = f"{self.audience}@{self.locale}" if self.locale else self.audience
        where = f"{self.path}: {reader}: {self.check}"
        return f"{self.severity}: {where}: {self.explanation}{state}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "check": self.check,
            "severity": self.severity,
            "path": self.path,
            "audience": self.audience,
            "item": self.item,
            "explanation": self.explanation,
            "canonical": self.canonical,
            "variant": self.variant,
            "accepted": self.accepted,
            "locale": self.locale,
        }


@dataclass(frozen=True)
class GuardReport:
    """Every finding for one variant, accepted ones included."""

    article_id: str
    audience: str
    findings: tuple[GuardFinding, ...]
    locale: str = ""
    """The locale of the variant checked."""

    @property
    def errors(self) -> tuple[GuardFinding, ...]:
        """Error findings not accepted in the content."""
        return tuple(f for f in self.findings if f.severity == "error" and not f.accepted)

    @property
    def warnings(self) -> tuple[GuardFinding, ...]:
        """Warnings not accepted in the content."""
        return tuple(f for f in self.findings if f.severity == "warning" and not f.accepted)

    @property
    def accepted(self) -> tuple[GuardFinding, ...]:
        """Findings accepted in the content, with their reasons."""
        return tuple(f for f in self.findings if f.accepted)

    @property
    def passed(self) -> bool:
        """True when no error is left unaccepted."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "article": self.article_id,
            "audience": self.audience,
            "locale": self.locale,
            "passed": self.passed,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "accepted": len(self.accepted),
            "findings": [f.as_dict() for f in self.findings],
        }
