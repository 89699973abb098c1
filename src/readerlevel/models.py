"""The content model: an article, its sections and blocks, and its references.

Every model is immutable. Text fields have a canonical form (``text``) and
optional per-audience forms keyed by audience name. Validation collects every
problem in a document at once; cross-references (citation markers against the
reference list, duplicate ids) are checked even when other fields are wrong.

Validation *context* (a mapping passed to ``model_validate(..., context=...)``)
lets the loader check names against the content pack:

- ``"audiences"``: the known audience (profile) names;
- ``"notices"``: the ids of notices defined outside the article.

Without context those names are not checked here; the engine reports unknown
audiences when it personalises.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError

from readerlevel.markers import CITATION_RE, parse_marker

__all__ = [
    "AUDIENCE_NAME_RE",
    "GUARD_CHECKS",
    "LOCALE_SEPARATOR",
    "RESERVED_NAMES",
    "Acceptance",
    "Article",
    "Block",
    "ContentDocument",
    "Disclaimer",
    "FollowUp",
    "GuardCheck",
    "Label",
    "LocaleId",
    "Notice",
    "Reference",
    "Review",
    "ReviewStatus",
    "Section",
    "Text",
    "Visibility",
    "audience_errors",
    "basis_key",
    "form_key",
    "models_in",
    "normalise_locale",
    "split_form_key",
    "suggest",
]

AUDIENCE_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
"""Audience and profile names: lower-case ASCII, digits, '-' and '_'."""

LOCALE_SEPARATOR = "@"
"""Joins a form's audience (or ``text``) and its locale: ``patient@es``, ``text@es_MX``."""

RESERVED_NAMES = frozenset(
    {"text", "id", "kind", "audiences", "exclude", "stamps", "accept", "omit_citations"}
)
"""Keys of text fields and blocks, which therefore cannot name an audience."""

ReviewStatus = Literal["submitted", "under_review", "approved"]
"""Review steps, in order: submitted → under review → approved."""


def suggest(name: str, candidates: Any) -> str | None:
    """The closest candidate to ``name``, if any is close enough to suggest."""
    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _non_empty(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "must not be empty")
    return value


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"']+$", value):
        raise PydanticCustomError(
            "url_scheme", "expected an http:// or https:// URL, got '{value}'", {"value": value}
        )
    return value


def _at_least_one(value: tuple[Any, ...]) -> tuple[Any, ...]:
    if not value:
        raise PydanticCustomError("empty_list", "must have at least one item")
    return value


@functools.cache
def normalise_locale(value: str) -> str:
    """The CLDR form of a locale identifier (``es-mx`` → ``es_MX``); raises ``ValueError``."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(value.replace("-", "_")))
    except (ValueError, UnknownLocaleError, TypeError):
        raise ValueError(f"unknown locale {value!r}") from None


def _locale(value: str) -> str:
    try:
        normalise_locale(value)
    except ValueError:
        raise PydanticCustomError(
            "unknown_locale",
            "unknown locale '{value}' (expected e.g. 'en', 'en_US' or 'es-MX')",
            {"value": value},
        ) from None
    return value


def split_form_key(key: str) -> tuple[str, str | None]:
    """A text mapping's key as (audience or ``text``, locale or ``None``).

    ``patient`` → ``("patient", None)``; ``patient@es-MX`` → ``("patient", "es_MX")``;
    ``text@es`` → ``("text", "es")``. Raises ``ValueError`` for an unknown locale.
    """
    name, sep, locale = key.partition(LOCALE_SEPARATOR)
    if not sep:
        return key, None
    return name, normalise_locale(locale)


def form_key(name: str, locale: str | None) -> str:
    """The key of ``name``'s form in ``locale`` (``None``: the article's own language)."""
    return name if locale is None else f"{name}{LOCALE_SEPARATOR}{locale}"


NonEmptyStr = Annotated[str, AfterValidator(_non_empty)]
LocaleId = Annotated[str, AfterValidator(_locale)]
"""A CLDR locale identifier, with '_' or '-' (``en``, ``en_US``, ``es-MX``)."""
HttpUrlStr = Annotated[str, AfterValidator(_http_url)]
Slug = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
AudienceName = Annotated[str, Field(pattern=AUDIENCE_NAME_RE.pattern)]


def _context_names(info: ValidationInfo, key: str) -> frozenset[str] | None:
    context = info.context
    if isinstance(context, Mapping) and key in context:
        return frozenset(context[key])
    return None


def _visible(
    audiences: tuple[str, ...] | None, exclude: tuple[str, ...] | None, audience: str
) -> bool:
    if audiences is not None:
        return audience in audiences
    if exclude is not None:
        return audience not in exclude
    return True


def _check_visibility(audiences: tuple[str, ...] | None, exclude: tuple[str, ...] | None) -> None:
    if audiences is not None and exclude is not None:
        raise PydanticCustomError(
            "include_and_exclude", "set either 'audiences' (include list) or 'exclude', not both"
        )
    if audiences is not None and not audiences:
        raise PydanticCustomError(
            "empty_include",
            "'audiences' is empty, so nobody would see this; remove the content "
            "or name at least one audience",
        )


def _or_string(
    cls: type[BaseModel], core_schema: CoreSchema, handler: GetJsonSchemaHandler, what: str
) -> JsonSchemaValue:
    schema = handler.resolve_ref_schema(handler(core_schema))
    return {
        "anyOf": [{"type": "string", "description": what}, schema],
        "title": schema.get("title", cls.__name__),
    }


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


GuardCheck = Literal[
    "number-lost",
    "number-added",
    "negation-lost",
    "negation-added",
    "hedge-lost",
    "certainty-added",
    "citation-lost",
    "leak",
    "stale",
    "unstamped",
    "fallback",
    "translation-missing",
]
"""The guard's checks (see docs/guard.md)."""
GUARD_CHECKS: tuple[str, ...] = get_args(GuardCheck)

Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
"""The first 12 hex digits of the SHA-256 of a canonical text (whitespace collapsed)."""


class Acceptance(_Model):
    """A guard finding accepted on purpose, with the reason (it stays in the report)."""

    check: GuardCheck
    reason: NonEmptyStr
    """Why the finding is acceptable, for the next editor and the reviewer."""
    audience: AudienceName | None = None
    """The reader it applies to; ``None``: every reader."""
    locale: LocaleId | None = None
    """The locale it applies to (``es``, ``es_MX``); ``None``: every locale."""
    item: NonEmptyStr | None = None
    """The finding's item as reported (``"more than 700"``, ``"not"``); ``None``: any."""


FormKey = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_-]*(@[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*)?$"),
]
"""A form's key: an audience name, optionally with a locale (``patient@es``, ``text@es``)."""


class Text(BaseModel):
    """A text field: the canonical form and optional per-audience and per-locale forms.

    In a content file either a plain string (canonical only) or a mapping::

        title:
          text: What are the benefits of massage therapy for pain management?
          patient: How can massage help with pain?
          text@es: ¿Cuáles son los beneficios del masaje para el dolor?
          patient@es: ¿Cómo puede ayudar el masaje con el dolor?

    ``text`` is written in the article's language, ``patient`` for patients in
    that language; ``text@es`` is the Spanish canonical text and ``patient@es``
    the Spanish form for patients. Every key other than ``text`` (and a block's
    own fields) names an audience, optionally ``@`` a locale.
    """

    model_config = ConfigDict(frozen=True, extra="allow")
    __pydantic_extra__: dict[str, NonEmptyStr] = Field(init=False)

    text: NonEmptyStr
    """The canonical form, written for the article's primary reader."""
    stamps: Mapping[FormKey, Fingerprint] = Field(default_factory=dict)
    """For each form, the fingerprint of the text it was written against, its
    :meth:`basis` (``readerlevel stamp`` writes them)."""
    omit_citations: tuple[AudienceName, ...] = ()
    """Audiences whose form leaves out the canonical text's citations on purpose."""
    accept: tuple[Acceptance, ...] = ()
    """Guard findings accepted for this text, each with its reason."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        if isinstance(data, Mapping):
            normalised: dict[Any, Any] = {}
            for key, value in data.items():
                # Audience forms are strings; anything else under an unknown key is a
                # misspelt field (``exlude: [caregiver]``), so say so rather than
                # "expected a string".
                if key not in cls.model_fields and not isinstance(value, str):
                    hint = suggest(str(key), cls.model_fields)
                    raise PydanticCustomError(
                        "extra_forbidden",
                        "unknown field '{name}'{hint}",
                        {
                            "name": key,
                            "hint": f" (did you mean '{hint}'?)" if hint else "",
                            "key": key,
                        },
                    )
                if isinstance(key, str) and LOCALE_SEPARATOR in key:
                    key = _normalised_key(key)
                    if key in normalised:
                        raise PydanticCustomError(
                            "duplicate_form",
                            "two keys name the form '{key}' (locales are compared in "
                            "CLDR form: 'es-MX' and 'es_MX' are the same)",
                            {"key": key},
                        )
                if key == "stamps" and isinstance(value, Mapping):
                    value = {
                        _normalised_key(k) if isinstance(k, str) and LOCALE_SEPARATOR in k else k: v
                        for k, v in value.items()
                    }
                normalised[key] = value
            return normalised
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Document the short form too: a plain string is the canonical text."""
        return _or_string(cls, core_schema, handler, "Canonical text only.")

    @property
    def forms(self) -> Mapping[str, str]:
        """The per-audience forms in the article's own language, keyed by audience name."""
        extra = self.__pydantic_extra__ or {}
        return {k: v for k, v in extra.items() if LOCALE_SEPARATOR not in k}

    @property
    def all_forms(self) -> Mapping[str, str]:
        """Every form other than ``text``, keyed as written (``patient``, ``text@es``, ...)."""
        return self.__pydantic_extra__ or {}

    def form(self, audience: str, locale: str | None = None) -> str | None:
        """The form authored for ``audience`` (in ``locale``, a CLDR id), or ``None``."""
        return (self.__pydantic_extra__ or {}).get(form_key(audience, locale))

    def canonical(self, locale: str | None = None) -> str | None:
        """The canonical text in ``locale`` (``None``: the article's language), or ``None``."""
        if locale is None:
            return self.text
        return (self.__pydantic_extra__ or {}).get(form_key("text", locale))

    def get(self, key: str) -> str | None:
        """The text under ``key`` (``text``, ``patient``, ``patient@es``), or ``None``."""
        if key == "text":
            return self.text
        return (self.__pydantic_extra__ or {}).get(key)

    @property
    def form_audiences(self) -> frozenset[str]:
        """Every audience with a form, in any locale."""
        return frozenset(name for name, _ in map(split_form_key, self.all_forms) if name != "text")

    @property
    def locales(self) -> frozenset[str]:
        """Every locale with a form of its own (not the article's language)."""
        return frozenset(
            locale for _, locale in map(split_form_key, self.all_forms) if locale is not None
        )

    def basis(self, key: str) -> str:
        """The key of the text the form ``key`` was written from.

        An audience form is written from the canonical text of its locale,
        when the field has one (``patient@es`` from ``text@es``), else from
        ``text``; a translation's canonical text (``text@es``) from ``text``.
        The guard compares a form with its basis, and stamps fingerprint it.
        """
        return basis_key(key, self.all_forms)


class Label(Text):
    """A short UI string (a profile's label) with translations only: ``text@es``.

    ``label: Patient`` or ``label: {text: Patient, text@es: Paciente}``.
    """

    @model_validator(mode="after")
    def _translations_only(self) -> Label:
        for key in self.all_forms:
            if split_form_key(key)[0] != "text":
                raise PydanticCustomError(
                    "label_form",
                    "'{key}': a label has translations only (e.g. 'text@es'), not audience forms",
                    {"key": key},
                )
        return self


def basis_key(key: str, keys: Any) -> str:
    """The basis of form ``key`` among a text mapping's ``keys`` (see :meth:`Text.basis`)."""
    name, locale = split_form_key(key)
    if locale is None or name == "text":
        return "text"
    local = form_key("text", locale)
    return local if local in keys else "text"


def _normalised_key(key: str) -> str:
    name, _, locale = key.partition(LOCALE_SEPARATOR)
    try:
        return form_key(name, normalise_locale(locale))
    except ValueError:
        raise PydanticCustomError(
            "unknown_locale",
            "unknown locale '{locale}' in the key '{key}' (expected e.g. 'patient@es', "
            "'text@es_MX')",
            {"locale": locale, "key": key},
        ) from None


class Visibility(_Model):
    """Who may see a section or block: an include list or an exclude list.

    ``audiences`` limits the content to those readers (as DITA's audience
    filtering does); ``exclude`` hides it from those readers. Visibility is by
    the reader's own profile name: a block limited to ``patient`` is not shown
    to ``caregiver`` even though caregiver falls back to patient wording.
    """

    audiences: tuple[AudienceName, ...] | None = None
    """Only these audiences see the content."""
    exclude: tuple[AudienceName, ...] | None = None
    """These audiences never see the content."""

    @model_validator(mode="after")
    def _check_visibility(self) -> Visibility:
        _check_visibility(self.audiences, self.exclude)
        return self

    def visible_to(self, audience: str) -> bool:
        """Whether a reader with this profile name sees the content."""
        return _visible(self.audiences, self.exclude, audience)

    @property
    def restricted(self) -> bool:
        """Whether the content is limited to some audiences or hidden from some."""
        return self.audiences is not None or self.exclude is not None


class Block(Text):
    """A bullet or a paragraph inside a section.

    Consecutive bullets render as one list. A plain string is a bullet with
    canonical text only.
    """

    id: Slug | None = None
    """Optional stable id, unique in the article (used in reports and links)."""
    kind: Literal["bullet", "paragraph"] = "bullet"
    audiences: tuple[AudienceName, ...] | None = None
    """Only these audiences see the block."""
    exclude: tuple[AudienceName, ...] | None = None
    """These audiences never see the block."""

    @model_validator(mode="after")
    def _check_block_visibility(self) -> Block:
        _check_visibility(self.audiences, self.exclude)
        return self

    def visible_to(self, audience: str) -> bool:
        """Whether a reader with this profile name sees the block."""
        return _visible(self.audiences, self.exclude, audience)


class Section(Visibility):
    """A headed section of bullets and/or paragraphs."""

    id: Slug
    """Unique in the article; used as the HTML anchor."""
    heading: Text
    blocks: Annotated[tuple[Block, ...], AfterValidator(_at_least_one)]


class Reference(_Model):
    """An entry of the reference list, cited in text as ``[id]``.

    Only ``id`` is required: the seed page lists bare numbers.
    """

    id: int = Field(ge=1)
    authors: tuple[NonEmptyStr, ...] = ()
    title: NonEmptyStr | None = None
    source: NonEmptyStr | None = None
    """Journal, book or website."""
    year: int | None = Field(default=None, ge=1000, le=2999)
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: HttpUrlStr | None = None

    @property
    def link(self) -> str | None:
        """Where the reference can be read: its URL, else its DOI's resolver URL."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return None


class Review(_Model):
    """Medical review status: submitted → under review → approved."""

    status: ReviewStatus
    board: Label
    """The reviewing board, e.g. 'Medical Advisory Board'; translations as ``text@es``."""


class Notice(_Model):
    """A short notice shown near the title ("Educational purpose only").

    In an article, a bare id refers to a notice defined by the content pack or
    built in; an id with ``text`` defines the notice for this article.
    """

    id: Slug
    text: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"id": data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Document the short form too: a plain string is a notice id."""
        return _or_string(cls, core_schema, handler, "The id of a pack or built-in notice.")

    @model_validator(mode="after")
    def _known_notice(self, info: ValidationInfo) -> Notice:
        known = _context_names(info, "notices")
        if self.text is None and known is not None and self.id not in known:
            hint = suggest(self.id, known)
            raise PydanticCustomError(
                "unknown_notice",
                "unknown notice '{name}'{hint}; define it here with 'text' or in the "
                "content pack's disclaimers.yaml",
                {"name": self.id, "hint": f" (did you mean '{hint}'?)" if hint else ""},
            )
        return self


class Disclaimer(Visibility):
    """A disclaimer: a heading and a text, each with per-audience forms.

    Profiles name the disclaimers they show by id. In an article, a disclaimer
    whose id a profile names overrides the pack's for that article; one with a
    new id is shown after the profile's disclaimers to every reader who may see
    it (``audiences``/``exclude``).
    """

    id: Slug
    heading: Text
    text: Text


class FollowUp(_Model):
    """The closing prompt ("Have a follow-up question?")."""

    heading: Text
    text: Text
    url: HttpUrlStr | None = None


class ContentDocument(_Model):
    """A whole content file: validated at once, every problem reported together.

    Field errors, audience names unknown to the validation context (in text
    forms and include/exclude lists, anywhere in the document) and the
    document's cross-references are collected into one ``ValidationError``.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _validate_whole(
        cls, data: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if isinstance(data, cls):
            return data
        errors: list[InitErrorDetails] = []
        document = None
        try:
            document = handler(data)
        except ValidationError as exc:
            for err in exc.errors():
                errors.append(
                    {
                        "type": PydanticCustomError(
                            err["type"],
                            err["msg"].replace("{", "{{").replace("}", "}}"),
                            err.get("ctx"),
                        ),
                        "loc": err["loc"],
                        "input": err["input"],
                    }
                )
        raw = _raw(data)
        known = _context_names(info, "audiences")
        if known is not None:
            errors.extend(audience_errors(cls, raw, known))
        errors.extend(cls._cross_reference_errors(raw))
        if errors:
            errors.sort(key=lambda e: _loc_key(e["loc"]))
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return document

    @classmethod
    def _cross_reference_errors(cls, raw: Any) -> list[InitErrorDetails]:
        """Problems between fields (none by default)."""
        return []


def _loc_key(loc: Any) -> tuple[tuple[int, str], ...]:
    return tuple((0, f"{p:09d}") if isinstance(p, int) else (1, str(p)) for p in loc)


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models inside a type annotation (``tuple[Block, ...] | None`` → Block)."""
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(models_in(arg))
    return found


def audience_errors(
    model: type[BaseModel], raw: Any, known: frozenset[str], loc: tuple[str | int, ...] = ()
) -> list[InitErrorDetails]:
    """Every audience name in ``raw`` that ``known`` lacks, located, following ``model``'s fields.

    Names are checked in text forms (keys of a text mapping other than its
    fields) and in ``audiences``/``exclude`` lists, at any depth.
    """
    if not isinstance(raw, Mapping):
        return []
    errors: list[InitErrorDetails] = []
    fields = model.model_fields
    if issubclass(model, Text):
        for key, value in raw.items():
            if key in fields or not isinstance(key, str) or not isinstance(value, str):
                continue
            name, sep, _ = key.partition(LOCALE_SEPARATOR)
            if name not in known and not (sep and name == "text"):
                hint = suggest(name, known | set(fields))
                errors.append(_unknown_audience(name, hint, (*loc, key), raw, text_form=True))
    if issubclass(model, Text):
        stamps = raw.get("stamps")
        if isinstance(stamps, Mapping):
            for key in stamps:
                name, sep, _ = (
                    key.partition(LOCALE_SEPARATOR) if isinstance(key, str) else ("",) * 3
                )
                if isinstance(key, str) and name not in known and not (sep and name == "text"):
                    errors.append(
                        _unknown_audience(name, suggest(name, known), (*loc, "stamps", key), key)
                    )
        accepted = raw.get("accept")
        if isinstance(accepted, list):
            for index, item in enumerate(accepted):
                who = item.get("audience") if isinstance(item, Mapping) else None
                if isinstance(who, str) and who not in known:
                    where = (*loc, "accept", index, "audience")
                    errors.append(_unknown_audience(who, suggest(who, known), where, who))
    for key in ("audiences", "exclude", "omit_citations"):
        names = raw.get(key) if key in fields else None
        if isinstance(names, list):
            for index, name in enumerate(names):
                if isinstance(name, str) and name not in known:
                    errors.append(
                        _unknown_audience(name, suggest(name, known), (*loc, key, index), name)
                    )
    for name, info in fields.items():
        value = raw.get(name)
        for nested in models_in(info.annotation):
            if isinstance(value, Mapping):
                errors.extend(audience_errors(nested, value, known, (*loc, name)))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    errors.extend(audience_errors(nested, item, known, (*loc, name, index)))
            break
    return errors


def _unknown_audience(
    name: str, hint: str | None, loc: tuple[str | int, ...], value: Any, *, text_form: bool = False
) -> InitErrorDetails:
    what = "audience or field" if text_form else "audience"
    return {
        "type": PydanticCustomError(
            "unknown_audience",
            "unknown {what} '{name}'{hint}",
            {
                "what": what,
                "name": name,
                "hint": f" (did you mean '{hint}'?)" if hint else "",
                "at_key": text_form,
            },
        ),
        "loc": loc,
        "input": value,
    }


class Article(ContentDocument):
    """One canonical article with its per-audience forms."""

    id: Slug
    """Stable identifier, e.g. ``massage-therapy-pain``."""
    locale: LocaleId = "en"
    """The language of the canonical text (a CLDR identifier such as ``en`` or ``en_US``)."""
    title: Text
    """The page title, usually a question."""
    summary_heading: Text | None = None
    """The heading above the lead paragraph."""
    lead: Text
    """The lead (summary) paragraph."""
    updated: dt.date
    """Last updated."""
    review: Review | None = None
    notices: tuple[Notice, ...] = ()
    editorial_policy: HttpUrlStr | None = None
    """Link to the publisher's editorial policy."""
    sections: Annotated[tuple[Section, ...], AfterValidator(_at_least_one)]
    references: tuple[Reference, ...] = ()
    disclaimers: tuple[Disclaimer, ...] = ()
    """Disclaimers defined or overridden for this article only."""
    follow_up: FollowUp | None = None

    @classmethod
    def _cross_reference_errors(cls, raw: Any) -> list[InitErrorDetails]:
        return _cross_reference_errors(raw)

    def __copy__(self) -> Article:
        """A copy without the cached fingerprint (``model_copy(update=...)`` changes content)."""
        copied = super().__copy__()
        copied.__dict__.pop("fingerprint", None)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Article:
        """A deep copy without the cached fingerprint."""
        copied = super().__deepcopy__(memo)
        copied.__dict__.pop("fingerprint", None)
        return copied

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the article's content (its canonical JSON), computed once per object.

        Equal content gives an equal fingerprint whatever the file's layout;
        the engine keys its result cache by it.
        """
        return hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()

    def audience_names(self) -> frozenset[str]:
        """Every audience name the article uses, in forms and visibility lists."""
        names: set[str] = set()
        for text in self.texts():
            names.update(text.form_audiences)
        items: list[Section | Block] = [*self.sections]
        items.extend(b for s in self.sections for b in s.blocks)
        for item in items:
            names.update(item.audiences or ())
            names.update(item.exclude or ())
        return frozenset(names)

    def texts(self) -> Iterator[Text]:
        """Every text field of the article, in document order."""
        yield self.title
        if self.summary_heading is not None:
            yield self.summary_heading
        yield self.lead
        for notice in self.notices:
            if notice.text is not None:
                yield notice.text
        for section in self.sections:
            yield section.heading
            yield from section.blocks
        for disclaimer in self.disclaimers:
            yield disclaimer.heading
            yield disclaimer.text
        if self.follow_up is not None:
            yield self.follow_up.heading
            yield self.follow_up.text


def _raw(data: Any) -> Any:
    """Plain dicts and lists from input that may mix models and raw data."""
    if isinstance(data, BaseModel):
        return data.model_dump()
    if isinstance(data, Mapping):
        return {k: _raw(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_raw(v) for v in data]
    return data


_NOT_TEXT_KEYS = frozenset(
    {
        "id",
        "kind",
        "audiences",
        "exclude",
        "url",
        "editorial_policy",
        "locale",
        "doi",
        "stamps",
        "omit_citations",
        "accept",
    }
)


def _strings(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str) and key not in _NOT_TEXT_KEYS:
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index))


def _duplicates(items: Any, path: tuple[str | int, ...], what: str) -> Iterator[InitErrorDetails]:
    if not isinstance(items, list):
        return
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or "id" not in item:
            continue
        ident = item["id"]
        if not isinstance(ident, (str, int)):
            continue
        if ident in first:
            yield {
                "type": PydanticCustomError(
                    "duplicate_id",
                    "duplicate {what} id '{ident}' (first used at {first})",
                    {"what": what, "ident": ident, "first": f"{path[-1]}[{first[ident]}]"},
                ),
                "loc": (*path, index, "id"),
                "input": ident,
            }
        else:
            first[ident] = index


def _cross_reference_errors(raw: Any) -> list[InitErrorDetails]:
    """Citation markers without a reference, and duplicate ids, from raw input."""
    if not isinstance(raw, Mapping):
        return []
    errors: list[InitErrorDetails] = []
    references = raw.get("references", [])
    sections = raw.get("sections")
    errors.extend(_duplicates(sections, ("sections",), "section"))
    errors.extend(_duplicates(references, ("references",), "reference"))
    errors.extend(_duplicates(raw.get("disclaimers"), ("disclaimers",), "disclaimer"))
    if isinstance(sections, list):
        block_ids: dict[str, str] = {}
        for s_index, section in enumerate(sections):
            blocks = section.get("blocks") if isinstance(section, Mapping) else None
            if not isinstance(blocks, list):
                continue
            for b_index, block in enumerate(blocks):
                ident = block.get("id") if isinstance(block, Mapping) else None
                if not isinstance(ident, str):
                    continue
                here = f"sections[{s_index}].blocks[{b_index}]"
                if ident in block_ids:
                    errors.append(
                        {
                            "type": PydanticCustomError(
                                "duplicate_id",
                                "duplicate block id '{ident}' (first used at {first})",
                                {"ident": ident, "first": block_ids[ident]},
                            ),
                            "loc": ("sections", s_index, "blocks", b_index, "id"),
                            "input": ident,
                        }
                    )
                else:
                    block_ids[ident] = here
    if not isinstance(references, list):
        return errors
    known = {r["id"] for r in references if isinstance(r, Mapping) and isinstance(r.get("id"), int)}
    listing = ", ".join(str(n) for n in sorted(known)) or "none"
    body = {k: v for k, v in raw.items() if k != "references"}
    for path, text in _strings(body, ()):
        for match in CITATION_RE.finditer(text):
            missing = [n for n in parse_marker(match.group(1)) if n not in known]
            for number in missing:
                errors.append(
                    {
                        "type": PydanticCustomError(
                            "unknown_citation",
                            "citation [{number}] has no entry in 'references' (known: {known})",
                            {"number": number, "known": listing, "offset": match.start()},
                        ),
                        "loc": path,
                        "input": text,
                    }
                )
    return errors
