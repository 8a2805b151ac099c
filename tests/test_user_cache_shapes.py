"""Every user-cache entry whose key matches but whose value has another shape (damaged, or written by
hand) is rebuilt from finder's own files and rewritten: it never reaches a reader."""

from __future__ import annotations

import marshal

import pytest

from finder import i18n
from finder.clinical import data as clinical
from finder.directory import official
from finder.places.areas import Areas
from finder.places.gazetteer import DATA_FILE
from finder.places.store import read_store


def messages():
    return i18n.read_catalogue(i18n.LOCALE_DIR)


def tables():
    return clinical.read_tables(clinical.DATA_DIR)


def facts():
    return official.read_facts(official.DATA_DIR / "official.toml")


def areas():
    return Areas(read_store(DATA_FILE)).by_key


def store_answers():
    store = read_store(DATA_FILE)
    return [
        store.names[0],
        store.names[len(store) - 1],
        store.departments["69"],
        store.regions["84"],
        len(store),
    ]


def first(table):
    return next(iter(table))


DAMAGES = {
    "messages": (
        messages,
        "messages-",
        [
            lambda value: [],
            lambda value: {},
            lambda value: {key: "x" for key in value},
            lambda value: {**value, first(value): {"fr": 1}},
            lambda value: {**value, first(value): {"de": "Hallo"}},
            lambda value: {**value, first(value): {"en": "English only"}},
        ],
    ),
    "clinical": (
        tables,
        "clinical-",
        [
            lambda value: 42,
            lambda value: {},
            lambda value: {**value, first(value): [1, 2]},
            lambda value: {key: table for key, table in list(value.items())[1:]},
        ],
    ),
    "official": (
        facts,
        "official-",
        [
            lambda value: [],
            lambda value: {},
            lambda value: {**value, "page": []},
            lambda value: {"count": "x"},
            lambda value: {**value, "count": [{"region": "x"}]},
            lambda value: {**value, "count": [{**value["count"][0], "labelled": "12"}]},
            lambda value: {**value, "page": [{"unknown": 1}]},
        ],
    ),
    "areas": (
        areas,
        "areas-",
        [
            lambda value: [],
            lambda value: {key: 5 for key in value},
            lambda value: {},
            lambda value: {**value, first(value): ("x",)},
            lambda value: {**value, first(value): ("region", "84", "Auvergne", ["01"])},
        ],
    ),
    "store": (
        store_answers,
        "gazetteer-",
        [
            lambda value: [],
            lambda value: {**value, "parents": []},
            lambda value: {**value, "departments": {"69": "Rhône"}},
            lambda value: {**value, "vocabulary": 123},
            lambda value: {**value, "names": (value["names"][0][:-6] + "X\n", value["names"][1])},
            lambda value: {
                **value,
                "names": (value["names"][0].replace("\n", " ", 1) + "\n", value["names"][1]),
            },
            lambda value: {key: part for key, part in value.items() if key != "foreign"},
        ],
    ),
}
CASES = [(name, index) for name, (_, _, damages) in DAMAGES.items() for index in range(len(damages))]


@pytest.mark.parametrize(("area", "damage"), CASES)
def test_an_entry_of_the_wrong_shape_is_rebuilt_and_rewritten(cache_home, area, damage):
    read, prefix, damages = DAMAGES[area]
    expected = read()
    entry = next(path for path in (cache_home / "finder").rglob(f"{prefix}*.marshal"))
    stored = marshal.loads(entry.read_bytes())
    good = stored["value"]
    stored["value"] = damages[damage](good)
    entry.write_bytes(marshal.dumps(stored))
    i18n.catalogue.cache_clear()
    assert read() == expected
    assert marshal.loads(entry.read_bytes())["value"] == good


def test_the_areas_entry_is_keyed_on_the_code_deriving_the_departments_it_is_made_of(cache_home):
    areas()
    entry = next((cache_home / "finder" / "places").glob("areas-*.marshal"))
    sources = {path.rsplit("/", 1)[-1] for path, *_ in marshal.loads(entry.read_bytes())["key"]["sources"]}
    assert {"store.py", "columns.py", "keys.py", "text.py", "areas.py", "countries.tsv"} <= sources


def test_a_message_the_cached_catalogue_lacks_is_read_from_the_files_and_the_entry_rewritten(cache_home):
    i18n.catalogue.cache_clear()
    expected = i18n.tr("cli.description")
    entry = next((cache_home / "finder" / "data").glob("messages-*.marshal"))
    stored = marshal.loads(entry.read_bytes())
    good = stored["value"]
    stored["value"] = {"cli.commands": good["cli.commands"]}  # the right shape, but one message only
    entry.write_bytes(marshal.dumps(stored))
    i18n.catalogue.cache_clear()
    try:
        assert i18n.tr("cli.description") == expected
        assert i18n.tr("cli.internal_error", error="X") == i18n.tr("cli.internal_error", "fr", error="X")
        assert marshal.loads(entry.read_bytes())["value"] == good
    finally:
        i18n.catalogue.cache_clear()
