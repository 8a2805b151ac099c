"""Reading the clinical data files of ``finder/data/clinical/`` (TOML, with fr/en pairs)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "clinical"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``finder/data/clinical/<name>``, read once. Callers must not mutate it."""
    import tomli

    with (DATA_DIR / name).open("rb") as handle:
        return tomli.load(handle)


def pair(value: object) -> dict[str, str]:
    """A ``{"fr": ..., "en": ...}`` pair from a data file, checked so a missing language fails loudly."""
    if not isinstance(value, dict) or not value.get("fr") or not value.get("en"):
        raise ValueError(f"expected a {{fr, en}} pair in the clinical data, got {value!r}")
    return {"fr": value["fr"], "en": value["en"]}
