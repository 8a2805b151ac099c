"""Reading the clinical data files of ``finder/data/clinical/`` (TOML, with fr/en pairs)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clinical"


def load(name: str) -> dict[str, Any]:
    """The parsed ``finder/data/clinical/<name>``. Callers must not mutate it."""
    return tables()[name]


@cache
def tables() -> dict[str, dict[str, Any]]:
    """Every clinical data file, parsed, by file name: read once per process."""
    return read_tables(DATA_DIR)


def read_tables(folder: Path) -> dict[str, dict[str, Any]]:
    """The parsed ``*.toml`` files of ``folder``, by file name.

    Parsed once, then read back from the user's cache folder while the files and this module are
    unchanged (:mod:`finder.user_cache`): a start reads one file instead of parsing each table.
    """
    from finder import user_cache

    paths = sorted(folder.glob("*.toml"))
    names = [path.name for path in paths]
    return user_cache.cached(
        "data",
        user_cache.entry_name("clinical", folder),
        [*paths, Path(__file__)],
        lambda: parse_tables(paths),
        check=lambda value: user_cache.require(
            isinstance(value, dict)
            and list(value) == names
            and all(type(table) is dict for table in value.values()),
            "clinical tables are not one table per file",
        ),
    )


def parse_tables(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """The TOML files ``paths``, parsed, by file name."""
    import tomli

    parsed: dict[str, dict[str, Any]] = {}
    for path in paths:
        with path.open("rb") as handle:
            parsed[path.name] = tomli.load(handle)
    return parsed


def pair(value: object) -> dict[str, str]:
    """A ``{"fr": ..., "en": ...}`` pair from a data file, checked so a missing language fails loudly."""
    if not isinstance(value, dict) or not value.get("fr") or not value.get("en"):
        raise ValueError(f"expected a {{fr, en}} pair in the clinical data, got {value!r}")
    return {"fr": value["fr"], "en": value["en"]}
