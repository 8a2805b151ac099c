"""The gazetteer store read back from the user's cache answers exactly as a freshly parsed one."""

from __future__ import annotations

import marshal
import os
import shutil
from array import array

import pytest

from finder.places import store as store_module
from finder.places.columns import SEARCHES_BEFORE_LIST, Column, int_array, searchable
from finder.places.gazetteer import DATA_FILE, read_gazetteer
from finder.places.keys import prefix_span

QUERIES = (
    "Saint-Étienne",
    "st etienne",
    "puy en velay",
    "Terrenoire",
    "La Réunion",
    "Allemagne",
    "Monaco",
    "75013",
    "valence 82",
    "gratierx",
    "lyon 3e",
    "69381",
    "abbeville la riviere",
)


def answers(gazetteer):
    return [
        [(m.commune, m.score, m.why, m.matched_alias, m.certainty) for m in gazetteer.resolve(q).matches]
        + [gazetteer.resolve(q).ambiguous, gazetteer.resolve(q).notes]
        for q in QUERIES
    ]


@pytest.fixture
def gazetteer_file(tmp_path):
    path = tmp_path / "gazetteer.tsv.gz"
    shutil.copy(DATA_FILE, path)
    return path


def entries(cache_home):
    return sorted(p.name.split("-")[0] for p in (cache_home / "finder" / "places").iterdir())


def test_a_cached_store_answers_as_a_parsed_one(cache_home, gazetteer_file):
    parsed = answers(read_gazetteer(gazetteer_file))  # parses, writes the cache
    assert entries(cache_home) == ["areas", "gazetteer"]
    cached = read_gazetteer(gazetteer_file)
    assert answers(cached) == parsed
    store = cached.store
    assert store.former_folded == read_gazetteer(gazetteer_file).store.former_folded
    assert len(store.foreign) > 1000 and store.by_insee["42218"] >= 0


def test_a_changed_gazetteer_file_is_parsed_again(cache_home, gazetteer_file, monkeypatch):
    read_gazetteer(gazetteer_file)
    calls = []
    compile_file = store_module.compile_file
    monkeypatch.setattr(store_module, "compile_file", lambda path: calls.append(path) or compile_file(path))
    read_gazetteer(gazetteer_file)
    assert calls == []
    os.utime(gazetteer_file, ns=(10**9, 10**9))
    read_gazetteer(gazetteer_file)
    assert calls == [gazetteer_file]


@pytest.mark.parametrize(
    ("part", "damaged"),
    [
        ("names", ("truncated\n", b"\x00\x00\x00\x00")),  # offsets that do not fit the text
        ("word_offsets", int_array([0, 1]).tobytes()),  # fewer words than the W line has
    ],
)
def test_a_cache_entry_of_another_shape_is_parsed_again(cache_home, gazetteer_file, part, damaged):
    expected = answers(read_gazetteer(gazetteer_file))
    entry = next((cache_home / "finder" / "places").glob("gazetteer-*"))
    document = marshal.loads(entry.read_bytes())
    if part == "word_offsets":  # the last offset still fits the postings: only the count is wrong
        damaged = int_array([0, len(document["value"]["word_postings"]) // 8]).tobytes()
    document["value"][part] = damaged
    entry.write_bytes(marshal.dumps(document))
    assert answers(read_gazetteer(gazetteer_file)) == expected


def test_a_column_reads_items_without_splitting_its_text():
    items = ["", "Lyon", "Saint-Étienne", "L'Haÿ-les-Roses"]
    column = Column.from_plain(Column.of(items).plain())
    assert len(column) == 4 and column[2] == "Saint-Étienne" and column[-1] == "L'Haÿ-les-Roses"
    assert column[0] == "" and column[1:3] == ["Lyon", "Saint-Étienne"]
    assert column == items and list(column) == items and column != items[:3]
    with pytest.raises(IndexError):
        column[4]
    with pytest.raises(ValueError):
        Column.of(["two\nlines"])
    with pytest.raises(ValueError):
        Column.from_plain(("Lyon\n", array("i", [0, 9]).tobytes()))


def test_a_column_searched_often_is_split_once_and_answers_the_same():
    keys = sorted(["lyon", "lyons la foret", "marseille", "saint etienne", "saint etienne de tinee"])
    column = Column.from_plain(Column.of(keys).plain())
    first = [searchable(column) for _ in range(SEARCHES_BEFORE_LIST)]
    assert all(searched is column for searched in first)  # a few searches read slices of the text
    later = searchable(column)
    assert later == keys and later is not column  # then the list, made once
    assert searchable(column) is later
    assert prefix_span(column, "saint etienne") == (3, 5) and prefix_span(column, "lyon") == (0, 2)


def test_the_communes_of_each_word_are_those_whose_key_has_it():
    store = read_gazetteer(DATA_FILE).store
    words = store.vocabulary
    for word in [*words[:: max(1, len(words) // 400)], "saint", "sur", "etienne", "le"]:
        expected = [index for index, key in enumerate(store.folded) if word in key.split()]
        assert list(store.communes_with_word(word)) == expected, word
    assert list(store.communes_with_word("zzzz")) == [] and not store.has_word("zzzz")
