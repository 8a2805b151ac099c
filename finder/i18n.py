"""One translation mechanism for every user-facing string.

Messages live in TOML catalogues under ``finder/locale/`` (one file per area of the product), each key a
table with one string per language::

    [place.no_match]
    fr = "aucune commune française ne correspond à « {query} » ; essayez un code postal"
    en = "no French commune matches '{query}'; try a postcode"

Code asks for ``tr("place.no_match", query=q)``; it never holds a sentence in two languages itself.
Clinical data files (pain categories, DN4, screening questions) carry their own ``fr``/``en`` pairs,
read through :func:`pick`, so they stay beside their sources.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALE_DIR = Path(__file__).parent / "locale"

_current = DEFAULT_LANGUAGE


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """French unless the locale variables say English (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in that order)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {', '.join(LANGUAGES)}")
    global _current
    _current = language


def get_language() -> str:
    return _current


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All message tables, flattened to ``{"area.key": {"fr": ..., "en": ...}}``."""
    return read_catalogue(LOCALE_DIR)


def read_catalogue(folder: Path, *, fresh: bool = False) -> dict[str, dict[str, str]]:
    """The flattened message tables of the ``*.toml`` files in ``folder``.

    Parsed once, then read back from the user's cache folder while the files and this module are
    unchanged (:mod:`finder.user_cache`): a start reads one file instead of parsing ten. ``fresh``:
    parsed from the files whatever the cache holds, and the cache rewritten.
    """
    from finder import user_cache

    paths = sorted(folder.glob("*.toml"))
    return user_cache.cached(
        "data",
        user_cache.entry_name("messages", folder),
        [*paths, Path(__file__)],
        lambda: parse_catalogue(paths),
        check=_check_catalogue,
        rebuild=fresh,
    )


def _check_catalogue(messages: object) -> None:
    """Raise ``ValueError`` unless ``messages`` has the shape of :func:`parse_catalogue`'s catalogue."""
    if not isinstance(messages, dict) or not messages:
        raise ValueError("cache entry: messages are not a table")
    languages = set(LANGUAGES)
    for key, entry in messages.items():
        if not (
            type(key) is str
            and type(entry) is dict
            and DEFAULT_LANGUAGE in entry
            and entry.keys() <= languages
            and all(type(text) is str for text in entry.values())
        ):
            raise ValueError(f"cache entry: message {key!r} is not a {{fr, en}} table")


def parse_catalogue(paths: list[Path]) -> dict[str, dict[str, str]]:
    """The message tables of the TOML files ``paths``, flattened."""
    import tomli

    messages: dict[str, dict[str, str]] = {}
    for path in paths:
        with path.open("rb") as handle:
            _flatten(tomli.load(handle), "", messages)
    return messages


def _flatten(table: dict[str, Any], prefix: str, into: dict[str, dict[str, str]]) -> None:
    if set(table) and set(table) <= set(LANGUAGES) and all(isinstance(v, str) for v in table.values()):
        into[prefix] = table
        return
    for key, value in table.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}.{key}" if prefix else key, into)


def tr(key: str, language: str | None = None, **params: object) -> str:
    """The message ``key`` in the current (or given) language, formatted with ``params``.

    A missing key is a programming error and raises ``KeyError``: the catalogue test catches it.
    """
    messages = catalogue()
    entry = messages.get(key)
    if entry is None:  # a cache entry lacking it (damaged, written by hand): the files decide
        messages.update(read_catalogue(LOCALE_DIR, fresh=True))
        entry = messages[key]
    text = entry.get(language or _current) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def pick(pair: Mapping[str, str], language: str | None = None) -> str:
    """The current language's text of a ``{"fr": ..., "en": ...}`` pair from a clinical data file."""
    return pair.get(language or _current) or pair[DEFAULT_LANGUAGE]
