"""The centre directory as typed, immutable :class:`~finder.model.Centre` objects.

``load_catalog`` runs the validator over the directory and keeps the entries without errors: an
invalid file is skipped and reported in ``Catalog.problems`` (so a route can still be made with the
rest, and warn), never fatal. A centre's coordinates are its own when the entry gives them, else the
point of its commune in the gazetteer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import finder
from finder.directory.files import entry_files
from finder.directory.spatial import GridIndex
from finder.errors import FinderError, UsageError
from finder.i18n import pick, tr
from finder.model import Centre, RtmsOffer

if TYPE_CHECKING:
    from finder.directory.validate import CheckedFile, Problem, Report
    from finder.places.lookup import PlaceLookup

# Pain structures take every kind of chronic pain; the other kinds only what their rTMS offer names.
PAIN_STRUCTURE_KINDS = ("sdc-centre", "sdc-consultation", "sdc", "algology")

STALE_MONTHS = 12


def default_directory() -> Path:
    """The shipped directory of centres.

    A built wheel carries it as ``finder/data/directory`` (mapped from the top-level ``directory/``
    at build time, see ``pyproject.toml``); a source checkout or an editable install reads the
    top-level ``directory/`` beside the package.
    """
    packaged = Path(finder.__file__).parent / "data" / "directory"
    if packaged.is_dir():
        return packaged
    return Path(finder.__file__).resolve().parent.parent / "directory"


@dataclass(frozen=True)
class Catalog:
    """The valid centres of a directory (and of the user's own), the problems of the rest, its folder."""

    centres: tuple[Centre, ...]
    problems: tuple[Problem, ...]
    path: Path

    @cached_property
    def grid(self) -> GridIndex:
        """The centres' points by grid cell (built on first use): routes find near centres without a scan."""
        return GridIndex([(centre.lat, centre.lon) for centre in self.centres])

    @cached_property
    def rtms_offers(self) -> Catalog:
        """The centres whose entry describes an rTMS offer (routine or research), in the same order,
        with a grid of their own: rTMS steps look among a few, not among every centre near the place."""
        offers = tuple(centre for centre in self.centres if centre.rtms is not None)
        return Catalog(centres=offers, problems=self.problems, path=self.path)

    def by_id(self, centre_id: str) -> Centre | None:
        for centre in self.centres:
            if centre.id == centre_id:
                return centre
        return None


def stale_before(today: date) -> date:
    """Entries verified before this date are stale: 12 months before ``today``."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def load_catalog(
    path: str | Path | None = None,
    today: date | None = None,
    gazetteer: PlaceLookup | None = None,
    *,
    with_user: bool = False,
) -> Catalog:
    """The valid centres of the directory at ``path`` (default: ``FINDER_DIRECTORY``, else the shipped
    one), and with ``with_user`` the valid entries of the user's own directory (origin "user").

    With the default gazetteer, the outcome of validating each folder is kept in the user's cache
    folder and read back while nothing it depends on changes (:mod:`finder.directory.cache`);
    invalid files are checked again at every load.

    Raises :class:`FinderError` when the folder is missing or holds no valid entry at all. An invalid
    entry (shipped or the user's) is skipped and kept in ``problems`` with its path and line.
    """
    from finder.directory.user import DIRECTORY_VARIABLE, user_directory

    chosen = path if path is not None else os.environ.get(DIRECTORY_VARIABLE, "").strip() or None
    folder = Path(chosen) if chosen is not None else default_directory()
    if not folder.is_dir():
        raise FinderError(tr("directory.not_a_directory", path=folder))
    today = today or date.today()
    centres, errors, count = _load_folder(folder, today, gazetteer, "shipped")
    user = user_directory() if with_user else None
    if user is not None and user.is_dir() and user.resolve() != folder.resolve():
        from finder.directory.validate import Problem, display_path

        mine, their_errors, _ = _load_folder(user, today, gazetteer, "user")
        taken = {centre.id for centre in centres}
        for centre in mine:
            if centre.id in taken:
                message = tr("directory.user.id_taken", id=centre.id)
                errors.append(Problem(display_path(Path(centre.path)), 1, 1, "error", "E019", message))
            else:
                centres.append(centre)
        errors += their_errors
    if not centres:
        raise FinderError(tr("directory.empty_directory", path=folder, problems=count))
    return Catalog(centres=tuple(centres), problems=tuple(errors), path=folder)


def _load_folder(
    folder: Path, today: date, gazetteer: PlaceLookup | None, origin: str
) -> tuple[list[Centre], list[Problem], int]:
    """The valid centres of one folder, its errors, and how many problems it has (for a message).

    From the cache when nothing changed (then the count is 0: it only matters without centres, which
    is never cached), else by validating the folder, and the cache is written.
    """
    from finder import user_cache
    from finder.directory import cache

    limit = stale_before(today)
    snap = None
    if gazetteer is None and user_cache.enabled():
        root = folder.resolve()
        snap = cache.snapshot(root, entry_files(root))
        cached = cache.read(snap, today, limit)
        if cached is not None and all(centre.origin == origin for centre in cached[0]):
            cached_centres, cached_invalid = cached
            rechecked = _validate(cached_invalid, today) if cached_invalid else None
            # an invalid entry may have become valid (its verification date is no longer ahead)
            if rechecked is None or not any(checked.ok for checked in rechecked.files):
                return list(cached_centres), _errors(rechecked) if rechecked else [], 0
    report = _validate([folder], today, gazetteer)
    valid = [checked for checked in report.files if checked.ok]
    centres = [_centre(checked, limit, origin=origin) for checked in valid]
    if snap is not None and centres:
        invalid = [checked.path for checked in report.files if not checked.ok]
        cache.write(snap, centres, invalid, cache.newest_date(checked.data for checked in valid))
    return centres, _errors(report), len(report.problems)


def _validate(paths: list[Path], today: date, gazetteer: PlaceLookup | None = None) -> Report:
    from finder.directory.validate import validate_paths  # only when something must be checked

    return validate_paths(paths, today=today, gazetteer=gazetteer)


def _errors(report: Report) -> list[Problem]:
    return [p for p in report.problems if p.severity == "error"]


def report_user_problems(catalog: Catalog) -> None:
    """Each invalid entry of the user's own directory on stderr, ``path:line:col: ...``: the rest is used."""
    if not catalog.problems:
        return  # nothing to say (and no need to import the validator)
    import sys

    from finder.directory.user import user_directory
    from finder.directory.validate import display_path

    folder = display_path(user_directory())
    for problem in catalog.problems:
        if problem.path.startswith(folder):
            print(tr("directory.user.skipped", problem=problem.format()), file=sys.stderr)


def _centre(checked: CheckedFile, stale_limit: date, origin: str = "shipped") -> Centre:
    data = checked.data or {}
    status = data.get("status", {})
    address = data["address"]
    contact = data.get("contact", {})
    rtms = data.get("rtms")
    referral = data.get("referral", {})
    provenance = data["provenance"]
    commune = checked.commune
    assert commune is not None  # a valid entry's city resolved
    lat, lon = address.get("lat"), address.get("lon")
    verified = provenance.get("last_verified")
    return Centre(
        id=checked.id,
        region=checked.region,
        path=str(checked.path),
        name=data["name"].strip(),
        establishment=data["establishment"].strip(),
        kind=data["kind"],
        audience=tuple(data.get("audience", ["adult"])),
        city=address["city"],
        lat=float(lat) if lat is not None else commune.lat,
        lon=float(lon) if lon is not None else commune.lon,
        insee=commune.insee,
        postcode=address.get("postcode"),
        street=address.get("street"),
        phone=contact.get("phone"),
        phone_kind=contact.get("phone_kind"),
        website=contact.get("website"),
        email=contact.get("email"),
        finess=data.get("finess"),
        finess_legal=data.get("finess_legal"),
        rtms=RtmsOffer(
            offered=rtms["offered"],
            targets=tuple(rtms.get("targets", ())),
            indications=tuple(rtms.get("indications", ())),
            evidence=rtms.get("evidence"),
            routine=bool(rtms.get("routine", True)),
        )
        if rtms is not None
        else None,
        gp_letter_required=referral.get("gp_letter_required"),
        referral_notes=referral.get("notes"),
        sources=tuple(provenance["sources"]),
        last_verified=verified,
        provenance_notes=provenance.get("notes"),
        stale=verified is not None and verified < stale_limit,
        unverified=verified is None,
        population=tuple(data.get("population", ())),
        description=_description(data.get("description")),
        status=status.get("state", "active"),
        status_source=status.get("source"),
        status_date=status.get("date"),
        origin=origin,
    )


def _description(value: object) -> dict[str, str] | None:
    """The public ``description = {fr, en}`` of an entry; anything else (the validator reports it) is none."""
    if isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in ("fr", "en")):
        return {"fr": value["fr"].strip(), "en": value["en"].strip()}
    return None


def centre_description(centre: Centre, language: str | None = None) -> str | None:
    """The user-facing description of a centre, in the user's language (never maintainers' notes)."""

    return pick(centre.description, language) if centre.description else None


def centre_to_dict(
    centre: Centre, distance_km: float | None = None, language: str | None = None
) -> dict[str, Any]:
    """The centre object of the JSON contract (DESIGN.md), shared by ``centres`` and ``route``.

    ``rtms`` is true for routine care only; a research protocol is ``rtms_trial``. Maintainers'
    provenance notes are never part of it.
    """
    return {
        "id": centre.id,
        "name": centre.name,
        "establishment": centre.establishment,
        "kind": centre.kind,
        "audience": list(centre.audience),
        "rtms": centre.offers_rtms,
        "distance_km": round(distance_km, 1) if distance_km is not None else None,
        "city": centre.city,
        "phone": centre.phone,
        "website": centre.website,
        "last_verified": centre.last_verified.isoformat() if centre.last_verified else None,
        "stale": centre.stale,
        "unverified": centre.unverified,
        # beyond the DESIGN.md contract: what the contact line and the status say, who added the entry
        "phone_kind": centre.phone_kind,
        "street": centre.street,
        "postcode": centre.postcode,
        "status": centre.status,
        "status_source": centre.status_source,
        "status_date": centre.status_date.isoformat() if centre.status_date else None,
        "population": list(centre.population),
        "description": centre_description(centre, language),
        "rtms_trial": centre.rtms_trial,
        "origin": centre.origin,
        "contact": _contact(centre, language),
    }


def _contact(centre: Centre, language: str | None = None) -> dict[str, Any]:
    from finder.directory.contact import contact_line, contact_text

    code, params = contact_line(centre)
    return {"code": code, **params, "text": contact_text(centre, language)}


# --- pain categories -------------------------------------------------------------------------------


def check_category(category_id: str) -> str:
    """``category_id`` if it is one of the pain categories, else a UsageError."""
    from finder.directory.validate import did_you_mean, pain_category_ids

    ids = pain_category_ids()
    if category_id not in ids:
        raise UsageError(
            tr(
                "centres.unknown_pain",
                value=category_id,
                hint=did_you_mean(category_id, ids),
                choices=", ".join(ids),
            )
        )
    return category_id


def centres_for_pain(centres: Iterable[Centre], category_id: str) -> tuple[Centre, ...]:
    """The centres relevant to a pain category, those whose rTMS offer names it first.

    Pain structures (SDC of any level, algology) take every chronic pain; neurology and reference
    centres only the categories their rTMS indications name.
    """
    check_category(category_id)
    relevant = []
    for centre in centres:
        names_it = centre.rtms is not None and centre.offers_rtms and category_id in centre.rtms.indications
        if names_it or centre.kind in PAIN_STRUCTURE_KINDS:
            relevant.append((not names_it, centre))
    relevant.sort(key=lambda pair: pair[0])  # stable: keeps the caller's order within each group
    return tuple(centre for _, centre in relevant)


# --- fuzzy search ----------------------------------------------------------------------------------

# Hospital abbreviations, after finder.text.fold (which already expands St/Ste).
EXPANSIONS = {
    "chu": "centre hospitalier universitaire",
    "chru": "centre hospitalier regional universitaire",
    "chr": "centre hospitalier regional",
    "ch": "centre hospitalier",
    "cetd": "centre evaluation traitement douleur",
    "sdc": "structure douleur chronique",
    "aphp": "assistance publique hopitaux paris",
    "aphm": "assistance publique hopitaux marseille",
    "hcl": "hospices civils lyon",
}
_STOPWORDS = {"de", "d", "du", "des", "la", "le", "l", "les", "et", "a", "au", "aux", "en"}


def search_tokens(text: str) -> list[str]:
    """Folded words with the hospital abbreviations expanded and French stop words dropped."""
    from finder.text import fold

    folded = fold(text)
    folded = re.sub(r"\bap hp\b", "aphp", folded)
    folded = re.sub(r"\bap hm\b", "aphm", folded)
    words: list[str] = []
    for word in folded.split():
        words.extend(EXPANSIONS.get(word, word).split())
    return [w for w in words if w not in _STOPWORDS]


def search_centres(centres: Iterable[Centre], query: str) -> list[tuple[Centre, float]]:
    """Centres whose name, establishment or city matches every word of ``query``, best first.

    Each query word scores its best match among the centre's words (a prefix of three letters or
    more counts as a full match, typos are forgiven by ``rapidfuzz.fuzz.ratio``); a centre is kept
    when every word scores at least 82, and ranked by the mean.
    """
    from rapidfuzz import fuzz

    wanted = search_tokens(query)
    if not wanted:
        return [(centre, 100.0) for centre in centres]
    results = []
    for centre in centres:
        words = set(search_tokens(f"{centre.name} {centre.establishment} {centre.city}"))
        scores = []
        for token in wanted:
            best = 0.0
            for word in words:
                if word == token or (len(token) >= 3 and word.startswith(token)):
                    best = 100.0
                    break
                best = max(best, fuzz.ratio(token, word))
            scores.append(best)
        if min(scores) >= 82:
            results.append((centre, sum(scores) / len(scores)))
    results.sort(key=lambda pair: -pair[1])
    return results
