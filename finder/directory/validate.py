"""The directory validator: every problem of every entry file, located at ``path:line:col``.

One :class:`Problem` per problem, with a stable code (documented in ``directory/README.md``), a
message that says what was found, what was expected and how to fix it, and the line of the offending
key or value (tomli gives no positions: :mod:`finder.directory.toml_positions` finds them in the source text,
only when a file has a problem, so that valid files cost one parse).

The rules follow the "Directory entry" schema of DESIGN.md; :mod:`finder.directory.catalog` builds its centres
from the files this module accepts.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from finder.directory.files import entry_files
from finder.directory.schema import REQUIRED_TABLES, SCHEMA, enum_fields
from finder.directory.toml_positions import Positions, locate
from finder.i18n import tr
from finder.model import Commune
from finder.places.label import commune_label
from finder.text import close_matches, fold, neutralise

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

MAX_BYTES = 1_000_000
MAX_DISTANCE_KM = 30.0  # entry coordinates vs the commune's point

ERROR = "error"
# A curator's remark written in brackets in a public name: "(as spelled in source)", "(site not stated)",
# "(~80% cancer patients)", "(Dr X)", "(ch-havre.fr; ...)". The structure's own words in brackets
# ("(CETD)", "(Le Puy-en-Velay)", "(pôle Enfant)") are not remarks.
_BRACKETED = re.compile(r"\(([^()]*)\)")
_REMARK = re.compile(
    r"\bsources?\b|\bnot (?:stated|given|named|labelled)\b|\bas (?:named|spelled|written)\b|%"
    r"|\b(?:Dr|Pr)\.?\s|\balso\b|\bsince\b|\bprivate\b|\bnon (?:précisée?|nommée?|renseignée?)\b"
    r"|\b[\w-]+\.(?:fr|com|org|net|eu)\b",
    re.IGNORECASE,
)
WARNING = "warning"

# Every code the validator, the linter and check-links emit (documented in directory/README.md).
CODES = {
    "E001": "TOML syntax",
    "E002": "not UTF-8 text",
    "E003": "empty file",
    "E004": "value not among the allowed choices",
    "E005": "wrong type",
    "E006": "required key or table missing",
    "E007": "unknown key or table",
    "E008": "empty value",
    "E009": "postcode shape",
    "E010": "postcode does not belong to the city",
    "E011": "city not found in the gazetteer",
    "E012": "city ambiguous",
    "E013": "coordinates outside France",
    "E014": "coordinates far from the commune",
    "E015": "phone format",
    "E016": "URL format",
    "E017": "email format",
    "E018": "date in the future",
    "E019": "duplicate id",
    "E020": "file too large",
    "E021": "unknown region folder",
    "E022": "file name is not a valid id",
    "E023": "FINESS number shape",
    "E024": "lat without lon (or the reverse)",
    "E025": "repeated value in a list",
    "E026": "phone without phone_kind",
    "E027": "phone_kind without phone",
    "E028": "control, bidi or invisible-only text",
    "E029": "line break in a one-line field",
    "W001": "region folder disagrees with the city",
    "W002": "curator's remark in name or establishment",
    "L001": "stale entry",
    "L002": "unverified entry",
    "L003": "probable duplicate",
    "L004": "rTMS offered without evidence",
    "L005": "no way to contact the centre",
    "N001": "dead link (check-links)",
    "N002": "host unreachable (check-links)",
    "N003": "no answer within the timeout (check-links)",
    "N004": "TLS error (check-links)",
    "N005": "redirect to another host (check-links)",
    "N006": "page no longer mentions pain (check-links)",
    "N007": "local or private address, not fetched (check-links)",
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    code: str
    message: str

    def __post_init__(self) -> None:
        # a message may quote a value or a path from the file: never a control character raw
        object.__setattr__(self, "message", neutralise(self.message))
        object.__setattr__(self, "path", neutralise(self.path, newlines=False))

    def format(self) -> str:
        """``path:line:col: error: message [CODE]``, the form editors and CI annotations understand: the
        severity token stays ``error``/``warning`` in every language (the message is translated)."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"


@dataclass
class CheckedFile:
    """The outcome of checking one file: its data when it parsed, the commune its city names."""

    path: Path
    display: str
    id: str
    region: str
    data: dict[str, Any] | None = None
    commune: Commune | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


# --- the schema ------------------------------------------------------------------------------------

# The schema itself (keys, types, required, choices) is one table in finder.directory.schema.


def multiline_field(path: tuple[str | int, ...]) -> bool:
    """Whether a string at ``path`` may span lines: notes and descriptions; every other is one line."""
    names = [part for part in path if isinstance(part, str)]
    return bool(names) and (names[-1] == "notes" or "description" in names)


def pain_category_ids() -> tuple[str, ...]:
    """The pain category ids, from the clinical core."""
    from finder.clinical.pain import categories

    return tuple(category.id for category in categories())


def enum_choices() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(f.table, f.key): f.allowed() or () for f in enum_fields()}


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """``; did you mean "x"?`` (translated) for a near miss, else ``""``.

    The near miss is :func:`finder.text.close_matches`'s, the one rule of every "did you mean".
    """
    close = close_matches(value, choices, limit=1)
    return tr("directory.did_you_mean", suggestion=close[0]) if close else ""


def curator_remark(value: Any) -> str | None:
    """The first bracketed part of a public name that reads as a curator's remark, if any."""
    if not isinstance(value, str):
        return None
    return next((f"({m.group(1)})" for m in _BRACKETED.finditer(value) if _REMARK.search(m.group(1))), None)


def region_slug(name: str) -> str:
    """``"Provence-Alpes-Côte d'Azur"`` -> ``"provence-alpes-cote-d-azur"``."""
    return fold(name).replace(" ", "-")


# --- value shapes ----------------------------------------------------------------------------------

ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POSTCODE_SHAPE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|97|98)\d{3}$")
_FINESS = re.compile(r"^(?:\d{2}|2[AB])\d{7}$")
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE_PATTERNS = (
    re.compile(r"^0[1-9]\d{8}$"),  # national: 04 77 12 34 56 (overseas departments too: 0262 ...)
    re.compile(r"^\+33[1-9]\d{8}$"),  # international
    re.compile(r"^\+(?:262|590|594|596)\d{9}$"),  # overseas departments, international
    re.compile(r"^\+(?:508|681|687|689)\d{6,8}$"),  # Saint-Pierre, Wallis, Nouvelle-Calédonie, Polynésie
    re.compile(r"^[48]\d{7}$"),  # Polynésie française, local 8 digits
)

# Bounding boxes (south, north, west, east) of French territory: metropolitan France with Corsica,
# then each overseas department or collectivity.
FRANCE_BOXES = (
    (41.3, 51.2, -5.3, 9.7),
    (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    (14.3, 14.95, -61.3, -60.75),  # Martinique
    (2.1, 5.8, -54.7, -51.5),  # Guyane
    (-21.45, -20.85, 55.2, 55.9),  # La Réunion
    (-13.1, -12.6, 44.9, 45.35),  # Mayotte
    (46.7, 47.2, -56.5, -56.1),  # Saint-Pierre-et-Miquelon
    (17.8, 18.2, -63.2, -62.7),  # Saint-Barthélemy, Saint-Martin
    (-14.4, -13.1, -178.3, -176.1),  # Wallis-et-Futuna
    (-28.0, -7.8, -154.8, -134.4),  # Polynésie française
    (-22.8, -19.5, 163.5, 168.2),  # Nouvelle-Calédonie
    (-50.0, -11.0, 37.0, 78.0),  # Terres australes et antarctiques (islands of the Indian Ocean)
    (10.2, 10.4, -109.3, -109.1),  # Clipperton
)


def phone_ok(value: str) -> bool:
    compact = re.sub(r"[\s.\-/]|\(0\)", "", value)
    return any(pattern.match(compact) for pattern in _PHONE_PATTERNS)


def url_ok(value: str) -> bool:
    if any(char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and "." in parts.netloc


def in_france(lat: float, lon: float) -> bool:
    return any(s <= lat <= n and w <= lon <= e for s, n, w, e in FRANCE_BOXES)


def toml_type(value: Any) -> str:
    """The TOML name of a parsed value's type, as a maintainer reads it in the file."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list):
        return "array"
    return "table"


def _field_name(table: str, key: str) -> str:
    return f"{table}.{key}" if table else key


# --- the checker -----------------------------------------------------------------------------------


class _Checker:
    """Checks one parsed file; positions are located only if a problem is reported."""

    def __init__(
        self,
        checked: CheckedFile,
        text: str,
        gazetteer: PlaceLookup,
        today: date,
        regions: dict[str, str],
        cities: CityOutcomes,
    ) -> None:
        self.checked = checked
        self.text = text
        self.gazetteer = gazetteer
        self.today = today
        self.regions = regions  # region slug -> region name
        self.cities = cities  # cities already resolved in this run
        self._positions: Positions | None = None
        self.raw: dict[str, Any] = {}

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = locate(self.text)
        return self._positions

    def report(self, where: tuple[int, int], code: str, message: str, severity: str = ERROR) -> None:
        line, col = where
        self.checked.problems.append(Problem(self.checked.display, line, col, severity, code, message))

    def at_key(self, *path: str | int) -> tuple[int, int]:
        return self.positions.key(tuple(path))

    def at_value(self, *path: str | int) -> tuple[int, int]:
        return self.positions.value(tuple(_p for _p in path if _p != ""))

    # -- structure --------------------------------------------------------------------------------

    def run(self, data: dict[str, Any]) -> None:
        self.raw = data
        self.check_characters(data, ())
        typed: dict[str, dict[str, Any]] = {"": {}}
        known_top = [*SCHEMA[""], *(t for t in SCHEMA if t)]
        for key, value in data.items():
            if key in SCHEMA and key:
                if not isinstance(value, dict):
                    self.type_error(("", key), value, "table")
                    continue
                typed[key] = self.check_table(key, value)
            elif key in SCHEMA[""]:
                continue
            else:
                where = tr("directory.where_top")
                self.report(
                    self.at_key(key),
                    "E007",
                    tr(
                        "directory.E007",
                        name=key,
                        where=where,
                        hint=did_you_mean(key, known_top),
                        known=", ".join(known_top),
                    ),
                )
        typed[""] = self.check_keys("", {k: v for k, v in data.items() if k in SCHEMA[""]})
        for table in REQUIRED_TABLES:
            if table not in data:
                self.report(
                    (1, 1),
                    "E006",
                    tr("directory.E006", field=f"[{table}]", where=tr("directory.where_file")),
                )
        self.check_values(typed)

    def check_characters(self, value: Any, path: tuple[str | int, ...]) -> None:
        """E028 for control, bidi and separator characters and for text nobody can see, E029 for a line
        break in a one-line field: in every string, keys included, at any depth."""
        from finder.text import describe_character, is_invisible, unsafe_characters

        def name(parts: tuple[str | int, ...]) -> str:
            shown = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in parts).replace(".[", "[")
            return neutralise(shown, newlines=False)

        if isinstance(value, dict):
            for key, item in value.items():
                bad = unsafe_characters(key)
                if bad:
                    chars = ", ".join(describe_character(c) for c in bad)
                    self.report(
                        self.at_key(*path, key),
                        "E028",
                        tr("directory.E028", field=name((*path, key)), chars=chars),
                    )
                self.check_characters(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_characters(item, (*path, index))
        elif isinstance(value, str):
            multiline = multiline_field(path)
            bad = unsafe_characters(value, newlines=multiline)
            breaks = [c for c in bad if c == "\n"]
            others = [c for c in bad if c != "\n"]
            if others:
                chars = ", ".join(describe_character(c) for c in others)
                self.report(self.at_value(*path), "E028", tr("directory.E028", field=name(path), chars=chars))
            elif value and is_invisible(value) and value.strip():
                self.report(self.at_value(*path), "E028", tr("directory.E028_invisible", field=name(path)))
            if breaks:  # located only for a problem: finding positions costs more than every check
                self.report(self.at_value(*path), "E029", tr("directory.E029", field=name(path)))

    def check_table(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        known = list(SCHEMA[table])
        for key in values:
            if key not in SCHEMA[table]:
                self.report(
                    self.at_key(table, key),
                    "E007",
                    tr(
                        "directory.E007",
                        name=key,
                        where=tr("directory.where_table", table=table),
                        hint=did_you_mean(key, known),
                        known=", ".join(known),
                    ),
                )
        return self.check_keys(table, {k: v for k, v in values.items() if k in SCHEMA[table]})

    def check_keys(self, table: str, values: dict[str, Any]) -> dict[str, Any]:
        """Required keys and types; returns the values of the right type."""
        good: dict[str, Any] = {}
        for key, (tag, required) in SCHEMA[table].items():
            if key not in values:
                if required:
                    where = tr("directory.where_table", table=table) if table else tr("directory.where_top")
                    self.report(
                        self.positions.table((table,)) if table else (1, 1),
                        "E006",
                        tr("directory.E006", field=_field_name(table, key), where=where),
                    )
                continue
            value = values[key]
            if self.type_ok(table, key, tag, value):
                good[key] = value
        return good

    def type_ok(self, table: str, key: str, tag: str, value: Any) -> bool:
        path = (table, key) if table else ("", key)
        if tag == "str":
            if not isinstance(value, str):
                return self.type_error(path, value, "string")
            if not value.strip():
                self.report(self.at_value(*path), "E008", tr("directory.E008", field=_field_name(*path)))
                return False
            return True
        if tag == "bool":
            return isinstance(value, bool) or self.type_error(path, value, "boolean")
        if tag == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            return ok or self.type_error(path, value, "number")
        if tag == "date":
            if isinstance(value, date) and not isinstance(value, datetime):
                return True
            return self.type_error(path, value, "date")
        if tag == "dates":
            return self.dates_ok(path, value)
        # list[str]
        if not isinstance(value, list):
            return self.type_error(path, value, "array")
        if not value:
            self.report(self.at_value(*path), "E008", tr("directory.E008", field=_field_name(*path)))
            return False
        ok = True
        seen: set[str] = set()
        for index, item in enumerate(value):
            if not isinstance(item, str):
                ok = self.type_error((*path, index), item, "string")
            elif item in seen:
                self.report(
                    self.at_value(*path, index),
                    "E025",
                    tr("directory.E025", field=_field_name(*path), value=item),
                )
                ok = False
            if isinstance(item, str):
                seen.add(item)
        return ok

    def dates_ok(self, path: tuple[str, str], value: Any) -> bool:
        """A table of FINESS field name -> date, none in the future ([provenance.from_finess])."""
        from finder.directory.schema import FINESS_FIELDS

        if not isinstance(value, dict):
            return self.type_error(path, value, "table")
        ok = True
        for name, when in value.items():
            where = (*path, name)
            if name not in FINESS_FIELDS:
                self.report(
                    self.at_key(*where),
                    "E007",
                    tr(
                        "directory.E007",
                        name=name,
                        where=tr("directory.where_table", table=_field_name(*path)),
                        hint=did_you_mean(name, FINESS_FIELDS),
                        known=", ".join(FINESS_FIELDS),
                    ),
                )
                ok = False
            elif not isinstance(when, date) or isinstance(when, datetime):
                ok = self.type_error(where, when, "date")
            elif when > self.today:
                self.report(
                    self.at_value(*where),
                    "E018",
                    tr("directory.E018", value=when.isoformat(), today=self.today.isoformat()),
                )
                ok = False
        return ok

    def type_error(self, path: tuple[str | int, ...], value: Any, expected: str) -> bool:
        found = toml_type(value)
        shown = value if not isinstance(value, dict | list) else ""
        hint = ""
        if expected == "date" and isinstance(value, str):
            hint = tr("directory.hint_date_quotes")
        elif expected in ("number", "boolean") and isinstance(value, str):
            hint = tr("directory.hint_no_quotes")
        elif expected == "array" and isinstance(value, str):
            hint = tr("directory.hint_array", value=value)
        name = _field_name(str(path[0]), str(path[1]))
        if len(path) > 2:
            name += f"[{path[2]}]"
        self.report(
            self.at_value(*path),
            "E005",
            tr(
                "directory.E005",
                field=name,
                expected=tr(f"directory.type.{expected}"),
                found=tr(f"directory.type.{found}") + (f' "{shown}"' if shown != "" else ""),
                hint=hint,
            ),
        )
        return False

    # -- values -----------------------------------------------------------------------------------

    def check_values(self, typed: dict[str, dict[str, Any]]) -> None:
        choices = enum_choices()
        for (table, key), allowed in choices.items():
            values = typed.get(table, {}).get(key)
            if values is None:
                continue
            items = [values] if isinstance(values, str) else values
            for index, item in enumerate(items):
                if item not in allowed:
                    where = (table, key) if isinstance(values, str) else (table, key, index)
                    self.report(
                        self.at_value(*where),
                        "E004",
                        tr(
                            "directory.E004",
                            field=_field_name(table, key),
                            value=item,
                            choices=", ".join(allowed),
                            hint=did_you_mean(item, allowed),
                        ),
                    )
        top = typed[""]
        for key in ("name", "establishment"):
            remark = curator_remark(top.get(key))
            if remark is not None:
                self.report(
                    self.at_value("", key),
                    "W002",
                    tr("directory.W002", field=key, remark=remark),
                    severity=WARNING,
                )
        for key in ("finess", "finess_legal"):
            if key in top and not _FINESS.match(top[key].replace(" ", "")):
                self.report(self.at_value("", key), "E023", tr("directory.E023", field=key, value=top[key]))
        contact = typed.get("contact", {})
        raw = self.raw.get("contact")
        raw_contact: dict[str, Any] = raw if isinstance(raw, dict) else {}
        if "phone" in contact and not phone_ok(contact["phone"]):
            self.report(
                self.at_value("contact", "phone"), "E015", tr("directory.E015", value=contact["phone"])
            )
        if "website" in contact and not url_ok(contact["website"]):
            self.report(
                self.at_value("contact", "website"),
                "E016",
                tr("directory.E016", field="contact.website", value=contact["website"]),
            )
        if "phone" in contact and "phone_kind" not in contact and "phone_kind" not in raw_contact:
            self.report(self.at_key("contact", "phone"), "E026", tr("directory.E026", value=contact["phone"]))
        if "phone_kind" in raw_contact and "phone" not in raw_contact:
            self.report(self.at_key("contact", "phone_kind"), "E027", tr("directory.E027"))
        if "email" in contact and not EMAIL_SHAPE.match(contact["email"]):
            self.report(
                self.at_value("contact", "email"), "E017", tr("directory.E017", value=contact["email"])
            )
        status = typed.get("status", {})
        if "source" in status and not url_ok(status["source"]):
            self.report(
                self.at_value("status", "source"),
                "E016",
                tr("directory.E016", field="status.source", value=status["source"]),
            )
        if status.get("date") is not None and status["date"] > self.today:
            self.report(
                self.at_value("status", "date"),
                "E018",
                tr(
                    "directory.E018_field",
                    field="status.date",
                    value=status["date"].isoformat(),
                    today=self.today.isoformat(),
                ),
            )
        provenance = typed.get("provenance", {})
        for index, source in enumerate(provenance.get("sources", [])):
            if not url_ok(source):
                self.report(
                    self.at_value("provenance", "sources", index),
                    "E016",
                    tr("directory.E016", field=f"provenance.sources[{index}]", value=source),
                )
        verified = provenance.get("last_verified")
        if verified is not None and verified > self.today:
            self.report(
                self.at_value("provenance", "last_verified"),
                "E018",
                tr("directory.E018", value=verified.isoformat(), today=self.today.isoformat()),
            )
        if "address" in typed:
            self.check_address(typed["address"])

    def check_address(self, address: dict[str, Any]) -> None:
        postcode = address.get("postcode")
        if postcode is not None and not POSTCODE_SHAPE.match(postcode):
            self.report(self.at_value("address", "postcode"), "E009", tr("directory.E009", value=postcode))
            postcode = None
        lat, lon = address.get("lat"), address.get("lon")
        for present, missing in (("lat", "lon"), ("lon", "lat")):
            if address.get(present) is not None and address.get(missing) is None and missing not in address:
                self.report(
                    self.at_key("address", present),
                    "E024",
                    tr("directory.E024", present=present, missing=missing),
                )
        if lat is not None and lon is not None and not in_france(lat, lon):
            self.report(self.at_value("address", "lat"), "E013", tr("directory.E013", lat=lat, lon=lon))
            lat = lon = None
        city = address.get("city")
        if city is None:
            return
        commune = self.resolve_city(city, postcode)
        if commune is None:
            return
        self.checked.commune = commune
        if lat is not None and lon is not None:
            from finder.places.distance import geodesic_km

            km = geodesic_km((lat, lon), (commune.lat, commune.lon))
            if km > MAX_DISTANCE_KM:
                self.report(
                    self.at_value("address", "lat"),
                    "E014",
                    tr("directory.E014", lat=lat, lon=lon, km=f"{km:.0f}", city=commune.name),
                )
        folder = self.checked.region
        expected = region_slug(commune.region_name)
        if folder in self.regions and folder != expected:
            self.report(
                self.at_value("address", "city"),
                "W001",
                tr(
                    "directory.W001",
                    city=commune.name,
                    region=commune.region_name,
                    expected=expected,
                    folder=folder,
                ),
                severity=WARNING,
            )

    def resolve_city(self, city: str, postcode: str | None) -> Commune | None:
        """The commune ``city`` names: exact (accent- and case-insensitive) name, narrowed by postcode
        and then by the region folder; reports E010/E011/E012 otherwise."""
        key = (city, postcode, self.checked.region)
        if key not in self.cities:
            self.cities[key] = _resolve_city(self.gazetteer, *key)
        kind, payload = self.cities[key]
        if kind == "ok":
            return cast("Commune", payload)
        if kind == "not_found":
            hint = tr("directory.did_you_mean", suggestion=payload) if payload else ""
            self.report(self.at_value("address", "city"), "E011", tr("directory.E011", city=city, hint=hint))
        elif kind == "ambiguous":
            self.report(
                self.at_value("address", "city"),
                "E012",
                tr("directory.E012", city=city, candidates=payload),
            )
        elif kind == "postcode":
            commune, others = payload
            self.report(
                self.at_value("address", "postcode"),
                "E010",
                tr(
                    "directory.E010",
                    postcode=postcode,
                    city=commune.name,
                    expected=", ".join(commune.postcodes[:6]) + (", …" if len(commune.postcodes) > 6 else ""),
                    others=others,
                ),
            )
            return cast("Commune", commune)  # the city itself is right: keep its point for the other checks
        return None


# (city, postcode, region folder) -> outcome of _resolve_city: many entries share a city, so one run of
# the validator (one gazetteer) resolves each once
CityOutcomes = dict[tuple[str, str | None, str], tuple[str, Any]]


def city_communes(gazetteer: PlaceLookup, city: str) -> list[Commune]:
    """The communes an entry's ``city`` names exactly (case, accents, hyphens and St/Ste aside:
    "St-Étienne" names Saint-Étienne), the city before its arrondissements ("Paris" is the city).

    The one city lookup of the directory: the validator and ``directory new`` both use it.
    """
    exact = list(gazetteer.named(city))
    return [c for c in exact if c.parent_insee is None] or exact


def _resolve_city(gazetteer: PlaceLookup, city: str, postcode: str | None, folder: str) -> tuple[str, Any]:
    # An exact lookup; the ranked (prefix, typo) search runs only to suggest a name for a city not found.
    exact = city_communes(gazetteer, city)
    if not exact:
        best = gazetteer.resolve(city, limit=50).best
        return ("not_found", commune_label(best.commune, "department") if best else None)
    candidates = exact
    if postcode is not None:
        with_postcode = [c for c in candidates if postcode in c.postcodes]
        if not with_postcode:
            in_region = [c for c in candidates if region_slug(c.region_name) == folder] or candidates
            owners = (
                ", ".join(commune_label(c, "department") for c in gazetteer.by_postcode(postcode)[:4]) or "-"
            )
            return ("postcode", (in_region[0], owners))
        candidates = with_postcode
    if len(candidates) > 1:
        in_region = [c for c in candidates if region_slug(c.region_name) == folder]
        candidates = in_region or candidates
    if len(candidates) > 1:
        labels = ", ".join(commune_label(c, "department") for c in candidates[:5])
        return ("ambiguous", labels)
    commune = candidates[0]
    if postcode is not None:  # a city with arrondissements: the arrondissement of that postcode
        for part in gazetteer.arrondissements(commune.insee):
            if postcode in part.postcodes:
                return ("ok", part)
    return ("ok", commune)


# --- files -----------------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it (clickable in editors)."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.toml`` files under each folder (hidden files and folders skipped) and each file given,
    sorted. Symlinked folders (a region kept elsewhere) are followed, each real folder once."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            path = path.resolve()
            found += [path / relative for relative in entry_files(path)]
        else:
            found.append(path)
    return sorted(set(found))


def known_regions(gazetteer: PlaceLookup) -> dict[str, str]:
    """Region slug -> region name, from the gazetteer (the one list of French regions).

    INSEE region codes are two digits (01-94) or, for overseas collectivities, three (975-989): asking
    the gazetteer for each possible code avoids building its 35,000 commune objects.
    """
    codes = [f"{number:02d}" for number in range(1, 100)] + [str(number) for number in range(975, 990)]
    names = {name for code in codes if (name := gazetteer.region_name(code))}
    return {region_slug(name): name for name in sorted(names)}


def check_file(
    path: Path,
    *,
    gazetteer: PlaceLookup,
    today: date,
    regions: dict[str, str],
    cities: CityOutcomes | None = None,
) -> CheckedFile:
    """Every problem of one file (except duplicate ids, which need the whole directory).

    ``cities`` keeps the cities resolved with this gazetteer for the next files of the same run.
    """
    import tomli

    checked = CheckedFile(path=path, display=display_path(path), id=path.stem, region=path.parent.name)

    def fail(code: str, message: str, line: int = 1, col: int = 1) -> CheckedFile:
        checked.problems.append(Problem(checked.display, line, col, ERROR, code, message))
        return checked

    try:
        raw = read_bounded(path, MAX_BYTES)
    except TooLarge as large:
        return fail("E020", tr("directory.E020", size=large.size, limit=MAX_BYTES))
    except NotRegular:
        return fail("E001", tr("directory.not_regular"))
    except OSError as error:
        return fail("E001", tr("directory.unreadable", error=error.strerror or str(error)))
    if not raw.strip():
        return fail("E003", tr("directory.E003"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(
            "E002",
            tr("directory.E002", byte=f"{raw[error.start]:02x}", offset=error.start),
            line,
            col,
        )
    text = text.removeprefix("\ufeff")
    if not ENTRY_ID.match(checked.id) or path.suffix != ".toml":
        fail("E022", tr("directory.E022", name=path.name))
    if checked.region not in regions:
        examples = ", ".join(list(regions)[:3])
        fail(
            "E021",
            tr(
                "directory.E021",
                folder=checked.region,
                hint=did_you_mean(checked.region, regions),
                examples=examples,
            ),
        )
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        detail = getattr(error, "msg", str(error))
        return fail("E001", tr("directory.E001", detail=detail), error.lineno or 1, error.colno or 1)
    except (RecursionError, MemoryError, ValueError) as error:  # 400 nested arrays, a huge number...
        return fail("E001", tr("directory.parser_failed", error=type(error).__name__))
    if not data:
        return fail("E003", tr("directory.E003"))
    checked.data = data
    try:
        _Checker(checked, text, gazetteer, today, regions, {} if cities is None else cities).run(data)
    except RecursionError:  # values nested deeper than any entry needs
        checked.data = None
        return fail("E001", tr("directory.parser_failed", error="RecursionError"))
    return checked


class NotRegular(OSError):
    """A path that is not a regular file (FIFO, device, socket, folder): never opened for reading."""


class TooLarge(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    A FIFO, a device (``/dev/zero``) or a socket is refused before anything is read (opened without
    blocking, then checked on the open descriptor, so a swap after the check cannot slip one in); a
    file larger than ``limit`` raises :class:`TooLarge` after reading ``limit + 1`` bytes at most.
    """
    import stat

    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(path)
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(len(data))
        return data
    finally:
        os.close(descriptor)


def duplicate_id_problems(files: Iterable[CheckedFile]) -> Iterator[tuple[CheckedFile, Problem]]:
    """One error on every file whose id (file stem) another file also uses, naming the other path."""
    by_id: dict[str, list[CheckedFile]] = {}
    for checked in files:
        by_id.setdefault(checked.id, []).append(checked)
    for same in by_id.values():
        if len(same) < 2:
            continue
        for checked in same:
            others = ", ".join(other.display for other in same if other is not checked)
            yield (
                checked,
                Problem(
                    checked.display, 1, 1, ERROR, "E019", tr("directory.E019", id=checked.id, other=others)
                ),
            )


@dataclass
class Report:
    files: list[CheckedFile]

    @property
    def problems(self) -> list[Problem]:
        every = [p for checked in self.files for p in checked.problems]
        return sorted(every, key=lambda p: (p.path, p.line, p.col, p.code))

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)


def validate_paths(
    paths: Iterable[str | Path], *, today: date | None = None, gazetteer: PlaceLookup | None = None
) -> Report:
    """Check every entry file under ``paths`` (files or folders), ids unique across all of them."""
    if gazetteer is None:
        from finder.places.gazetteer import load_gazetteer

        places: PlaceLookup = load_gazetteer()
    else:
        places = gazetteer
    today = today or date.today()
    regions = known_regions(places)
    cities: CityOutcomes = {}
    files = [
        check_file(path, gazetteer=places, today=today, regions=regions, cities=cities)
        for path in collect_files(paths)
    ]
    for checked, problem in duplicate_id_problems(files):
        checked.problems.append(problem)
    return Report(files)
