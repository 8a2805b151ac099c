"""The message catalogue: every message exists in both languages with the same placeholders."""

from __future__ import annotations

import shutil
import string

import pytest

from finder import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.catalogue()))
def test_every_message_has_french_and_english_with_the_same_placeholders(key):
    entry = i18n.catalogue()[key]
    assert set(entry) == {"fr", "en"}, f"{key} must have exactly fr and en"
    assert entry["fr"].strip() and entry["en"].strip()
    assert _fields(entry["fr"]) == _fields(entry["en"])


def test_language_follows_lang_only_when_it_says_english():
    assert i18n.language_from_environment({"LANG": "en_GB.UTF-8"}) == "en"
    assert i18n.language_from_environment({"LANG": "de_DE.UTF-8"}) == "fr"
    assert i18n.language_from_environment({}) == "fr"
    assert i18n.language_from_environment({"LANGUAGE": "fr", "LANG": "en_US"}) == "fr"


def test_tr_formats_in_the_requested_language():
    assert i18n.tr("cli.commands", language="en") == "commands"
    i18n.set_language("en")
    assert i18n.tr("cli.commands") == "commands"
    i18n.set_language("fr")
    assert i18n.tr("cli.commands") == "commandes"


# --- the catalogue read back from the user's cache folder --------------------------------------------


def test_the_cached_catalogue_is_the_parsed_one(cache_home, monkeypatch):
    parsed = i18n.parse_catalogue(sorted(i18n.LOCALE_DIR.glob("*.toml")))
    assert i18n.read_catalogue(i18n.LOCALE_DIR) == parsed
    assert list(cache_home.rglob("*.marshal")), "the first read writes the cache"

    def no_parsing(paths):
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(i18n, "parse_catalogue", no_parsing)
    cached = i18n.read_catalogue(i18n.LOCALE_DIR)
    assert cached == parsed
    assert list(cached) == list(parsed)  # the same order of keys


def test_a_changed_message_file_is_parsed_again(cache_home, tmp_path):
    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, folder)
    assert i18n.read_catalogue(folder)["cli.commands"]["en"] == "commands"
    core = folder / "core.toml"
    core.write_text(
        core.read_text(encoding="utf-8").replace('"commands"', '"sub-commands"'), encoding="utf-8"
    )
    assert i18n.read_catalogue(folder)["cli.commands"]["en"] == "sub-commands"
    (folder / "extra.toml").write_text('[extra.word]\nfr = "mot"\nen = "word"\n', encoding="utf-8")
    assert i18n.read_catalogue(folder)["extra.word"] == {"fr": "mot", "en": "word"}
