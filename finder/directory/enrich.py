"""``finder directory enrich``: match entries to FINESS sites and propose what the register knows.

Matching, in order, and never a guess between two sites:

1. the entry's own site number (``finess``), or the one a maintainer picked (``--pick ID=NUMBER``);
2. its legal entity (``finess_legal``): that entity's sites in the entry's commune, ranked by how
   close their names are to the entry's establishment (rapidfuzz); one site, or a clear best;
3. without either number: the sites of the entry's commune whose name is very close.

Anything else (several close sites, none in the commune) is reported with its candidates and scores
and changes nothing. A matched site proposes its street, postcode (not a CEDEX one), switchboard
phone, coordinates (converted to WGS-84 from the extract's projection) and site number. A value that
is absent is added; one equal to the proposal is left; one that differs is replaced only if it came
from an earlier extract (``[provenance.from_finess]`` records which fields did, with the extract's
date) or if the maintainer forces that field: a value a person wrote is never silently replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from finder.directory.finess import Extract, Site
from finder.directory.schema import FINESS_FIELDS
from finder.directory.validate import MAX_DISTANCE_KM, CheckedFile
from finder.model import Commune
from finder.text import fold

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

DATASET_URL = "https://www.data.gouv.fr/fr/datasets/finess-extraction-du-fichier-des-etablissements/"

# field -> the table it lives in; the order of the review table
FIELD_TABLES: dict[str, str] = {
    "finess": "",
    "street": "address",
    "postcode": "address",
    "lat": "address",
    "lon": "address",
    "phone": "contact",
}
FORCEABLE = FINESS_FIELDS  # FIELD_TABLES has the same keys (a test checks it)
PROVENANCE_TABLE = "from_finess"  # [provenance.from_finess]: field -> extract date

NAME_SCORE = 80.0  # several sites of the legal entity in the commune: the best must reach this...
MARGIN = 10.0  # ...and lead the next by this much
SINGLE_SCORE = 50.0  # the only site of the legal entity in the commune
NAME_ONLY_SCORE = 90.0  # no FINESS number at all: a very close name in the same commune
NAME_LISTED = 75.0  # ...and the sites shown as candidates when none is that close
CANDIDATES_SHOWN = 5

# Street types of the extract (typvoie) spelt out
STREET_TYPES = {
    "ALL": "allée",
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "CHEM": "chemin",
    "CRS": "cours",
    "ESP": "esplanade",
    "IMP": "impasse",
    "PL": "place",
    "PRO": "promenade",
    "QU": "quai",
    "QUAI": "quai",
    "R": "rue",
    "RTE": "route",
    "RPT": "rond-point",
    "SQ": "square",
    "VOI": "voie",
    "LD": "lieu-dit",
    "PARV": "parvis",
    "SENT": "sentier",
}
_SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "d", "l", "aux", "au", "sur", "en"}
_NAME_WORDS = {
    "ch": "centre hospitalier",
    "chu": "centre hospitalier universitaire",
    "chr": "centre hospitalier regional",
    "chru": "centre hospitalier regional universitaire",
    "chi": "centre hospitalier intercommunal",
    "hop": "hopital",
    "aphp": "ap hp",
    "aphm": "ap hm",
}
_NAME_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "site", "a", "au", "aux"}


@dataclass(frozen=True, slots=True)
class Candidate:
    site: Site
    score: float  # 0-100: how close the site's name is to the entry's establishment
    same_commune: bool


@dataclass(frozen=True)
class Match:
    """How an entry was matched: ``method`` is finess | pick | legal | name, or None (no match);
    ``problem`` says why not (not_in_extract | legal_not_in_extract | elsewhere | weak | ambiguous | none)."""

    method: str | None
    site: Site | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one entry: ``action`` is add | same | update | kept | forced | skipped."""

    field: str
    current: Any
    proposed: Any
    action: str
    reason: str | None = None  # for skipped: cedex | far | projection | no_value


@dataclass
class Plan:
    checked: CheckedFile
    match: Match
    changes: list[Change] = field(default_factory=list)

    @property
    def writes(self) -> list[Change]:
        return [c for c in self.changes if c.action in ("add", "update", "forced")]


# --- names ------------------------------------------------------------------------------------------


def name_key(text: str) -> str:
    words: list[str] = []
    for word in fold(text.replace("AP-HP", "APHP").replace("AP-HM", "APHM")).split():
        words.extend(_NAME_WORDS.get(word, word).split())
    return " ".join(word for word in words if word not in _NAME_STOP)


def name_score(entry: Mapping[str, Any], site: Site, common: frozenset[str] = frozenset()) -> float:
    """How close the site's names are to the entry's establishment, 0-100, on the words that tell
    the candidate sites apart (``common``: the words all of them share, left out)."""
    from rapidfuzz import fuzz

    def distinct(text: str) -> str:
        return " ".join(word for word in name_key(text).split() if word not in common)

    wanted = distinct(str(entry.get("establishment", "")))
    if not wanted:
        return 0.0
    names = [distinct(site.name), distinct(site.long_name)]
    return max((fuzz.token_set_ratio(wanted, name) for name in names if name), default=0.0)


# --- matching ---------------------------------------------------------------------------------------


def communes_of(commune: Commune, gazetteer: PlaceLookup) -> set[str]:
    """The INSEE codes a site of this commune may carry: the commune, its city, its arrondissements."""
    codes = {commune.insee}
    if commune.parent_insee:
        codes.add(commune.parent_insee)
    codes.update(part.insee for part in gazetteer.arrondissements(commune.parent_insee or commune.insee))
    return codes


def match_entry(
    checked: CheckedFile,
    extract: Extract,
    by_legal: Mapping[str, list[Site]],
    by_insee: Mapping[str, list[Site]],
    gazetteer: PlaceLookup,
    pick: str | None = None,
) -> Match:
    data = checked.data or {}
    number = pick or data.get("finess")
    if number:
        site = extract.sites.get(number.replace(" ", ""))
        if site is None:
            return Match(None, problem="not_in_extract")
        return Match("pick" if pick else "finess", site, 100.0)
    assert checked.commune is not None
    local_codes = communes_of(checked.commune, gazetteer)
    legal = (data.get("finess_legal") or "").replace(" ", "")
    if legal:
        sites = by_legal.get(legal, [])
        if not sites:
            return Match(None, problem="legal_not_in_extract")
        ranked = _rank(data, sites, local_codes)
        local = [c for c in ranked if c.same_commune]
        shown = tuple(ranked[:CANDIDATES_SHOWN])
        if not local:
            return Match(None, candidates=shown, problem="elsewhere")
        if len(local) == 1:
            if local[0].score >= SINGLE_SCORE:
                return Match("legal", local[0].site, local[0].score, shown)
            return Match(None, candidates=shown, problem="weak")
        return _clear_best(local, "legal", NAME_SCORE, shown)
    sites = [s for code in local_codes for s in by_insee.get(code, [])]
    ranked = [c for c in _rank(data, sites, local_codes) if c.score >= NAME_LISTED]
    if not ranked:
        return Match(None, problem="none")
    return _clear_best(ranked, "name", NAME_ONLY_SCORE, tuple(ranked[:CANDIDATES_SHOWN]))


def _rank(data: Mapping[str, Any], sites: Iterable[Site], local: set[str]) -> list[Candidate]:
    sites = list(sites)
    common: frozenset[str] = frozenset()
    if len(sites) > 1:  # the words every candidate shares (the hospital group's name) tell none apart
        words = [set(name_key(f"{s.name} {s.long_name}").split()) for s in sites]
        common = frozenset(set.intersection(*words))
    candidates = [Candidate(s, round(name_score(data, s, common), 1), s.insee in local) for s in sites]
    return sorted(candidates, key=lambda c: (-c.same_commune, -c.score, c.site.number))


def _clear_best(
    ranked: list[Candidate], method: str, threshold: float, shown: tuple[Candidate, ...]
) -> Match:
    best = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= threshold and best.score - second >= MARGIN:
        return Match(method, best.site, best.score, shown)
    return Match(None, candidates=shown, problem="ambiguous")


# --- proposals --------------------------------------------------------------------------------------


def street_of(site: Site) -> str | None:
    words = [site.street_number, site.street_extra.lower()]
    kind = STREET_TYPES.get(site.street_type.upper(), site.street_type.lower())
    words += [kind, _title(site.street_name)]
    text = " ".join(w for w in words if w).strip()
    return text if site.street_name else None


def _title(text: str) -> str:
    out = []
    for word in text.lower().split():
        out.append(word if word in _SMALL_WORDS else word[:1].upper() + word[1:])
    return " ".join(out)


def phone_of(site: Site) -> str | None:
    digits = re.sub(r"\D", "", site.phone)
    if len(digits) != 10 or not digits.startswith("0"):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def postcode_of(site: Site, commune: Commune) -> tuple[str | None, str | None]:
    """The postcode of the routing line, or (None, reason) when it is a CEDEX or another commune's."""
    found = re.match(r"^(\d{5})\b", site.routing_line)
    if not found:
        return None, "no_value"
    code = found.group(1)
    if "CEDEX" in site.routing_line.upper() or code not in commune.postcodes:
        return None, "cedex"
    return code, None


def to_wgs84(x: float, y: float, epsg: int) -> tuple[float, float]:
    """(lat, lon) in WGS-84 of a point of the extract's projection (pyproj, the ``maintain`` extra)."""
    lon, lat = _transformer(epsg).transform(x, y)
    return round(lat, 6), round(lon, 6)


@cache
def _transformer(epsg: int) -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(epsg, 4326, always_xy=True)


def _national(phone: Any) -> str:
    """The digits of a French number as dialled nationally: +33 4 77... and 04 77... are one number."""
    digits = re.sub(r"\D", "", str(phone))
    return "0" + digits[2:] if str(phone).strip().startswith("+33") else digits


def _same(field_name: str, current: Any, proposed: Any) -> bool:
    if field_name == "phone":
        return _national(current) == _national(proposed)
    if field_name in ("lat", "lon"):
        return abs(float(current) - float(proposed)) < 0.0005
    if field_name == "finess":
        return str(current).replace(" ", "") == str(proposed)
    return fold(str(current)) == fold(str(proposed))


def plan_entry(checked: CheckedFile, match: Match, extract: Extract, force: set[str]) -> Plan:
    from finder.places.distance import geodesic_km

    plan = Plan(checked, match)
    site = match.site
    if site is None:
        return plan
    data = checked.data or {}
    commune = checked.commune
    assert commune is not None
    recorded = (data.get("provenance", {}).get(PROVENANCE_TABLE) or {}) if isinstance(data, dict) else {}
    proposals: dict[str, tuple[Any, str | None]] = {
        "finess": (site.number, None),
        "street": (street_of(site), None if site.street_name else "no_value"),
        "postcode": postcode_of(site, commune),
        "phone": (phone_of(site), None if phone_of(site) else "no_value"),
    }
    position = extract.positions.get(site.number)
    if position is None:
        proposals["lat"] = proposals["lon"] = (None, "no_value")
    elif position.epsg is None:
        proposals["lat"] = proposals["lon"] = (None, "projection")
    else:
        lat, lon = to_wgs84(position.x, position.y, position.epsg)
        if geodesic_km((lat, lon), (commune.lat, commune.lon)) > MAX_DISTANCE_KM:
            proposals["lat"] = proposals["lon"] = ((lat, lon), "far")
        else:
            proposals["lat"], proposals["lon"] = (lat, None), (lon, None)
    for name, table in FIELD_TABLES.items():
        proposed, reason = proposals[name]
        values = data.get(table, {}) if table else data
        current = values.get(name) if isinstance(values, dict) else None
        if reason is not None:
            plan.changes.append(Change(name, current, proposed, "skipped", reason))
        elif current is None:
            plan.changes.append(Change(name, None, proposed, "add"))
        elif _same(name, current, proposed):
            plan.changes.append(Change(name, current, proposed, "same"))
        elif name in force:
            plan.changes.append(Change(name, current, proposed, "forced"))
        elif name in recorded:
            plan.changes.append(Change(name, current, proposed, "update"))
        else:
            plan.changes.append(Change(name, current, proposed, "kept"))
    return plan


def plan_all(
    files: Iterable[CheckedFile],
    extract: Extract,
    gazetteer: PlaceLookup,
    picks: Mapping[str, str],
    force: set[str],
) -> list[Plan]:
    by_legal: dict[str, list[Site]] = {}
    by_insee: dict[str, list[Site]] = {}
    for site in extract.sites.values():
        by_legal.setdefault(site.legal, []).append(site)
        by_insee.setdefault(site.insee, []).append(site)
    plans = []
    for checked in files:
        match = match_entry(checked, extract, by_legal, by_insee, gazetteer, picks.get(checked.id))
        plans.append(plan_entry(checked, match, extract, force))
    return plans


def wanted(files: Iterable[CheckedFile], gazetteer: PlaceLookup) -> tuple[set[str], set[str], set[str]]:
    """Site numbers, legal entity numbers and INSEE codes the entries need from the extract."""
    numbers: set[str] = set()
    legals: set[str] = set()
    communes: set[str] = set()
    for checked in files:
        data = checked.data or {}
        if data.get("finess"):
            numbers.add(str(data["finess"]).replace(" ", ""))
        if data.get("finess_legal"):
            legals.add(str(data["finess_legal"]).replace(" ", ""))
        if checked.commune is not None:
            communes |= communes_of(checked.commune, gazetteer)
    return numbers, legals, communes


# --- applying ---------------------------------------------------------------------------------------


def apply_plan(text: str, plan: Plan, extract_date: date, layout: Any) -> str:
    """The entry's new text with the plan's writes, the extract's date for each field written, and
    the FINESS dataset among the sources; comments and key order are kept (tomlkit)."""
    from finder.directory import toml_edit

    document = toml_edit.parse(text)
    for change in plan.writes:
        table = FIELD_TABLES[change.field]
        toml_edit.set_key(document, table, change.field, change.proposed, layout)
        if change.field == "phone":
            toml_edit.set_key(document, "contact", "phone_kind", "switchboard", layout)
    if plan.writes:
        toml_edit.append_to_array(document, "provenance", "sources", DATASET_URL, layout)
        record = toml_edit.add_subtable(document, "provenance", PROVENANCE_TABLE)
        for change in plan.writes:
            record[change.field] = extract_date
    return document.as_string()


def parse_picks(values: Iterable[str]) -> dict[str, str]:
    """``["chu-x=630000000"]`` -> ``{"chu-x": "630000000"}``; ValueError names a malformed one."""
    picks: dict[str, str] = {}
    for value in values:
        entry_id, sep, number = value.partition("=")
        if not sep or not entry_id.strip() or not number.strip():
            raise ValueError(value)
        picks[entry_id.strip()] = number.strip()
    return picks
