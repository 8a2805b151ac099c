"""Official facts beside the directory: counts of labelled structures, pages that list them, prefectures.

``finder/data/official.toml`` holds the counts and pages found in the re-check of 2026-11-30, each
with its source; ``finder/data/prefectures.csv`` each department's prefecture (INSEE code). URLs live
in that data, never in code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from finder.i18n import LANGUAGES
from finder.model import OfficialPage

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NATIONAL = "france"


class OfficialCount(NamedTuple):
    """An official count of labelled structures in a region (or France), with its source."""

    region: str  # region slug, or "france"
    labelled: int
    kinds: str  # "all" (every level) or "centres" (centre level only)
    source: str
    year: int | None = None
    centres: int | None = None
    consultations: int | None = None
    area: str | None = None  # a part of the region (a former region), when the count is only for it
    note: str | None = None


@cache
def _load() -> dict[str, Any]:
    return read_facts(DATA_DIR / "official.toml")


def read_facts(path: Path) -> dict[str, Any]:
    """The parsed ``path``, read back from the user's cache folder while it and this module are unchanged
    (:mod:`finder.user_cache`): a route needs these facts, and then need not import a TOML parser."""
    from finder import user_cache

    return user_cache.cached(
        "data",
        user_cache.entry_name("official", path),
        [path, Path(__file__)],
        lambda: parse_facts(path),
        check=_check_facts,
    )


def _check_facts(facts: object) -> None:
    """Raise ``TypeError`` or ``ValueError`` unless ``facts`` reads as :func:`parse_facts` gives it."""
    if not isinstance(facts, dict):
        raise TypeError("cache entry: official facts are not a table")
    if not facts.get("count") or not facts.get("page"):  # the file has both: an entry without is not it
        raise ValueError("cache entry: official facts without counts or pages")
    for row in facts.get("count", []):
        count = OfficialCount(**row)
        if not (type(count.region) is str and type(count.labelled) is int and type(count.source) is str):
            raise TypeError("cache entry: an official count of the wrong types")
    for row in facts.get("page", []):
        OfficialPage(**row)


def parse_facts(path: Path) -> dict[str, Any]:
    import tomli

    with path.open("rb") as handle:
        return tomli.load(handle)


def counts() -> tuple[OfficialCount, ...]:
    return tuple(OfficialCount(**row) for row in _load().get("count", []))


def pages() -> tuple[OfficialPage, ...]:
    """The official pages; each name in French and English (a data error otherwise, caught by a test)."""
    found = tuple(OfficialPage(**row) for row in _load().get("page", []))
    for page in found:
        if not isinstance(page.name, dict) or set(page.name) != set(LANGUAGES):
            raise ValueError(f"official.toml: page {page.url}: name needs fr and en")
    return found


def region_count(region: str) -> OfficialCount | None:
    """The latest count covering the whole region (a count of a part of it, e.g. Limousin, is not)."""
    found = [c for c in counts() if c.region == region and c.area is None]
    return max(found, key=lambda c: c.year or 0) if found else None


def national_count() -> OfficialCount | None:
    return region_count(NATIONAL)


def pages_for(region: str) -> tuple[OfficialPage, ...]:
    """The region's official pages when the data has some, else the national ones."""
    own = tuple(p for p in pages() if p.scope == region)
    return own or tuple(p for p in pages() if p.scope == NATIONAL)


@cache
def prefectures() -> tuple[tuple[str, str, str], ...]:
    """(department code, department name, prefecture INSEE code) for the 101 departments."""
    import csv  # only here: a route does not need the prefectures

    with (DATA_DIR / "prefectures.csv").open(encoding="utf-8", newline="") as handle:
        return tuple((row["code"], row["name"], row["prefecture"]) for row in csv.DictReader(handle))
