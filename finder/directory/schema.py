"""The directory entry schema: one table read by the validator, ``finder directory new`` and the writer.

Each :class:`Field` says where a key lives (``table`` "" is the top of the file), its type tag, whether
it is required, its allowed choices and whether ``finder directory new`` takes it as a ``--flag``.
:data:`FIELDS` is in file order: :func:`layout` (the key order an entry is written in) and
:data:`SCHEMA` (what the validator checks) both derive from it, so the three can no longer disagree.

An *inline* table (``description = { fr = "...", en = "..." }``) is written on one line among the
top keys; the validator reads it like any table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from finder.model import AUDIENCES, CENTRE_KINDS, PHONE_KINDS, POPULATIONS, RTMS_TARGETS, STATUS_STATES

# type tags: "str", "bool", "number", "date", "list[str]"
# "dates": a table of field name -> date ([provenance.from_finess]: the fields copied from a FINESS
# extract, each with the extract's date; written by ``finder directory enrich``)
TYPE_TAGS = ("str", "bool", "number", "date", "list[str]", "dates")

# The fields ``finder directory enrich`` fills from the FINESS extract (keys of provenance.from_finess)
FINESS_FIELDS = ("finess", "street", "postcode", "lat", "lon", "phone")


def _pain_category_ids() -> tuple[str, ...]:
    """The pain category ids, from the clinical core."""
    from finder.clinical.pain import categories

    return tuple(category.id for category in categories())


@dataclass(frozen=True, slots=True)
class Field:
    table: str  # "" for the top of the file
    key: str
    tag: str  # one of TYPE_TAGS
    required: bool = False  # required when its table is present (top keys: always)
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    flag: str | None = None  # the ``finder directory new`` flag name (without ``--``), if it takes one

    @property
    def name(self) -> str:
        return f"{self.table}.{self.key}" if self.table else self.key

    def allowed(self) -> tuple[str, ...] | None:
        return self.choices() if callable(self.choices) else self.choices


FIELDS: tuple[Field, ...] = (
    Field("", "name", "str", True, flag="name"),
    Field("", "establishment", "str", True, flag="establishment"),
    Field("", "kind", "str", True, CENTRE_KINDS, flag="kind"),
    Field("", "audience", "list[str]", False, AUDIENCES, flag="audience"),
    Field("", "population", "list[str]", False, POPULATIONS, flag="population"),
    Field("", "finess", "str"),
    Field("", "finess_legal", "str"),
    Field("description", "fr", "str", True, flag="description_fr"),
    Field("description", "en", "str", True, flag="description_en"),
    Field("status", "state", "str", True, STATUS_STATES),
    Field("status", "source", "str", True),
    Field("status", "date", "date"),  # the source's date, when it has one
    Field("address", "street", "str", flag="street"),
    Field("address", "postcode", "str", flag="postcode"),
    Field("address", "city", "str", True, flag="city"),
    Field("address", "lat", "number"),
    Field("address", "lon", "number"),
    Field("contact", "phone", "str", flag="phone"),
    Field("contact", "phone_kind", "str", False, PHONE_KINDS, flag="phone_kind"),
    Field("contact", "website", "str", flag="website"),
    Field("contact", "email", "str", flag="email"),
    Field("rtms", "offered", "bool", True),
    Field("rtms", "routine", "bool"),
    Field("rtms", "targets", "list[str]", False, RTMS_TARGETS, flag="targets"),
    Field("rtms", "indications", "list[str]", False, _pain_category_ids, flag="indications"),
    Field("rtms", "evidence", "str", flag="evidence"),
    Field("referral", "gp_letter_required", "bool"),
    Field("referral", "notes", "str"),
    Field("provenance", "sources", "list[str]", True, flag="sources"),
    Field("provenance", "last_verified", "date", flag="last_verified"),
    Field("provenance", "notes", "str", flag="notes"),
    Field("provenance", "from_finess", "dates"),
)

INLINE_TABLES = ("description",)  # written as ``key = { ... }`` among the top keys
REQUIRED_TABLES = ("address", "provenance")


def _schema() -> dict[str, dict[str, tuple[str, bool]]]:
    tables: dict[str, dict[str, tuple[str, bool]]] = {}
    for field in FIELDS:
        tables.setdefault(field.table, {})[field.key] = (field.tag, field.required)
    return tables


# table -> key -> (type tag, required): what the validator checks
SCHEMA: dict[str, dict[str, tuple[str, bool]]] = _schema()


def layout() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Key order of an entry file, table by table ("" first, inline tables within it)."""
    return tuple((table, tuple(keys)) for table, keys in SCHEMA.items())


def enum_fields() -> tuple[Field, ...]:
    return tuple(field for field in FIELDS if field.choices is not None)


def flags() -> tuple[str, ...]:
    """The ``finder directory new`` flags the schema declares, in file order."""
    return tuple(field.flag for field in FIELDS if field.flag)


def field(table: str, key: str) -> Field:
    for candidate in FIELDS:
        if candidate.table == table and candidate.key == key:
            return candidate
    raise KeyError(f"{table}.{key}")
