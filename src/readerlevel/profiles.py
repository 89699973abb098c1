"""Reader profiles: who the reader is, how to pick and phrase text for them.

Profiles are data. The built-in clinician, patient and caregiver profiles live
in ``readerlevel/data/profiles.yaml``; a content pack adds or overrides
profiles in its own ``profiles.yaml`` (same name replaces, ``extends: NAME``
starts from an existing profile and changes only the fields given).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from readerlevel.errors import UnknownAudienceError
from readerlevel.models import (
    RESERVED_NAMES,
    AudienceName,
    Label,
    LocaleId,
    NonEmptyStr,
    Slug,
    suggest,
)
from readerlevel.readability.segment import UnitKind

__all__ = [
    "METRICS",
    "LanguageTargets",
    "Metric",
    "MetricTarget",
    "Profiles",
    "Readability",
    "ReaderProfile",
    "Terminology",
]

Metric = Literal[
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "gunning_fog",
    "fernandez_huerta",
    "szigriszt_pazos",
]
"""Readability formulas a target can name (textstat's function names)."""

METRICS: tuple[str, ...] = get_args(Metric)

Terminology = Literal["technical", "lay", "lay_gloss", "definition"]
"""How technical terms are treated for a reader.

- ``technical``: unchanged;
- ``lay``: replaced by the lay term;
- ``lay_gloss``: "lay term (technical term)" on first use, then the lay term;
- ``definition``: the entry's short definition on first use where it has one.
"""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _known(kind: str, what: str) -> Any:
    """An item validator checking a name against the validation context's ``kind``."""

    def check(value: str, info: ValidationInfo) -> str:
        context = info.context
        known = context.get(kind) if isinstance(context, Mapping) else None
        if known is not None and value not in known:
            hint = suggest(value, known)
            raise PydanticCustomError(
                f"unknown_{what}",
                "unknown {what} '{name}'{hint}",
                {"what": what, "name": value, "hint": f" (did you mean '{hint}'?)" if hint else ""},
            )
        return value

    return AfterValidator(check)


KnownAudience = Annotated[AudienceName, _known("audiences", "audience")]
KnownDisclaimer = Annotated[Slug, _known("disclaimers", "disclaimer")]


def _ordered(target: MetricTarget) -> MetricTarget:
    low = target.min if target.min is not None else float("-inf")
    high = target.max if target.max is not None else float("inf")
    if low > high:
        raise ValueError(f"'min' ({target.min}) is greater than 'max' ({target.max})")
    if target.aim is not None and not low <= target.aim <= high:
        raise ValueError(f"'aim' ({target.aim}) lies outside min..max")
    return target


class MetricTarget(_Model):
    """A target range for one readability formula: ``min``/``max`` gate, ``aim`` guides."""

    min: float | None = None
    max: float | None = None
    aim: float | None = None
    """The value to aim for inside the range (e.g. grade 6 for patients)."""


Targets = Mapping[Metric, Annotated[MetricTarget, AfterValidator(_ordered)]]


class LanguageTargets(_Model):
    """Reading targets for texts in one language (its own formulas)."""

    targets: Targets = Field(default_factory=dict)


class Readability(_Model):
    """A profile's reading targets."""

    targets: Targets = Field(default_factory=dict)
    """The targets for English text, and for any language not under ``languages``."""
    languages: Mapping[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], LanguageTargets] = Field(
        default_factory=dict
    )
    """Targets per language code (``es``), replacing ``targets`` for that language."""
    gate: bool = True
    """Whether missing a target is a failure (``False``: reported only)."""
    exclude: tuple[UnitKind, ...] = ("title", "heading", "notice", "disclaimer", "reference")
    """Kinds of text not scored (reported as excluded): the title, headings,
    notices, disclaimers and the reference list by default."""
    long_sentence: int = Field(default=20, ge=1)
    """Sentences longer than this many words are reported as long."""
    hardest: int = Field(default=5, ge=0)
    """How many of the hardest sentences the report lists."""

    def targets_for(self, language: str) -> Targets:
        """The targets for text in ``language`` (a language code such as ``en``)."""
        found = self.languages.get(language)
        return found.targets if found is not None else self.targets


class ReaderProfile(_Model):
    """One kind of reader, as data."""

    name: AudienceName
    """The audience name used in content (``patient``) and on the command line."""
    label: Label
    """Shown in the audience selector ("Patient"); translations as ``text@es``."""
    description: Label
    """One line under the label in the selector; translations as ``text@es``."""
    fallback: tuple[KnownAudience, ...] = ()
    """Audiences whose wording to use, in order, when none was authored for this one.

    Followed transitively; the canonical text is always the last resort.
    """
    canonical_reader: bool = False
    """The canonical text is written for this reader, so using it is not a fallback."""
    terminology: Terminology = "technical"
    readability: Readability = Readability()
    rules: tuple[NonEmptyStr, ...] | None = None
    """Names of the rewrite rules to run for this reader, in the chain's order;
    ``None`` runs every enabled rule. Ignored for ``technical`` terminology."""
    disclaimers: tuple[KnownDisclaimer, ...] = ()
    """Ids of the disclaimers shown to this reader, in order."""
    locale: LocaleId | None = None
    """Preferred locale when the caller names none; ``None`` uses the article's."""

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_NAMES:
            raise PydanticCustomError(
                "reserved_name",
                "'{name}' is a content keyword and cannot name a profile (reserved: {all})",
                {"name": value, "all": ", ".join(sorted(RESERVED_NAMES))},
            )
        return value


class Profiles(Mapping[str, ReaderProfile]):
    """An immutable, ordered registry of profiles with their fallback chains.

    :func:`readerlevel.pack.load_pack` builds it from the built-in and the pack's
    profiles; chains are resolved once, at construction.
    """

    __slots__ = ("_chains", "_profiles")

    def __init__(self, profiles: Mapping[str, ReaderProfile]) -> None:
        self._profiles: dict[str, ReaderProfile] = dict(profiles)
        chains: dict[str, tuple[str, ...]] = {}
        for name in self._profiles:
            chains[name] = self._resolve_chain(name)
        self._chains = chains

    def _resolve_chain(self, name: str) -> tuple[str, ...]:
        chain = [name]
        index = 0
        while index < len(chain):
            for nxt in self._profiles[chain[index]].fallback:
                if nxt not in self._profiles:
                    raise UnknownAudienceError(
                        nxt, list(self._profiles), suggest(nxt, self._profiles)
                    )
                if nxt not in chain:
                    chain.append(nxt)
            index += 1
        return tuple(chain)

    def __getitem__(self, name: str) -> ReaderProfile:
        try:
            return self._profiles[name]
        except KeyError:
            raise UnknownAudienceError(
                name, list(self._profiles), suggest(name, self._profiles)
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._profiles

    def get(self, name: str, default: Any = None) -> Any:
        """The profile called ``name``, or ``default`` (no error for an unknown name)."""
        return self._profiles.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)

    def __repr__(self) -> str:
        return f"Profiles({list(self._profiles)!r})"

    def chain(self, name: str) -> tuple[str, ...]:
        """The audiences whose forms are tried for ``name``, in order, itself first.

        ``chain("caregiver")`` is ``("caregiver", "patient")`` with the built-ins;
        the canonical text comes after the last one.
        """
        self[name]
        return self._chains[name]
