"""The sourced clinical sentences finder prints, in the current language.

Every sentence lives in ``finder/data/clinical/texts.toml`` with its French and English text and its
``source`` (the original reference), so a clinician reviews them in one place. Routes name a sentence
by its key (a ``clinical.<key>`` note, see :mod:`finder.route.render`); code never paraphrases them.
"""

from __future__ import annotations

from finder.clinical.data import load, pair
from finder.i18n import pick


def _entries() -> dict[str, dict[str, str]]:
    return load("texts.toml")


def sentence_keys() -> tuple[str, ...]:
    return tuple(_entries())


def text(key: str, language: str | None = None) -> str:
    """The sentence ``key`` in the current (or given) language; an unknown key raises ``KeyError``."""
    return pick(pair(_entries()[key]), language)


def source(key: str) -> str:
    """Where the sentence ``key`` comes from (the original reference)."""
    return _entries()[key]["source"]
