"""The directory cache (finder.directory.cache): the same catalogue as validating, rebuilt on any change.

Each test turns the cache on in its own temporary cache folder (conftest turns it off elsewhere).
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

import finder
from finder import i18n, user_cache
from finder.directory import cache
from finder.directory.catalog import default_directory, load_catalog
from finder.directory.files import entry_files
from finder.model import Centre

FIXTURES = Path(__file__).parents[1] / "fixtures" / "directory"
TODAY = date(2026, 1, 15)


@pytest.fixture
def directory(tmp_path) -> Path:
    """A directory of valid entries, a few broken ones and two files sharing an id."""
    folder = tmp_path / "annuaire"
    shutil.copytree(FIXTURES / "valid", folder)
    region = folder / "auvergne-rhone-alpes"
    for name in ("e011-city.toml", "e001-syntax.toml", "e018-future.toml"):
        shutil.copy(FIXTURES / "errors" / "auvergne-rhone-alpes" / name, region / name)
    for region_name in ("auvergne-rhone-alpes", "bretagne"):
        (folder / region_name).mkdir(exist_ok=True)
        shutil.copy(
            FIXTURES / "duplicates" / region_name / "same-id.toml", folder / region_name / "same-id.toml"
        )
    return folder


def stored(folder: Path) -> dict:
    return marshal.loads(cache.cache_file(folder.resolve()).read_bytes())


def hit(folder: Path, today: date = TODAY) -> bool:
    """Whether the cache of ``folder`` would be used now (without loading the catalogue)."""
    from finder.directory.catalog import stale_before

    root = folder.resolve()
    return cache.read(cache.snapshot(root, entry_files(root)), today, stale_before(today)) is not None


def fresh(folder: Path, today: date = TODAY):
    os.environ[user_cache.DISABLE] = "1"
    try:
        return load_catalog(folder, today=today)
    finally:
        del os.environ[user_cache.DISABLE]


def test_the_second_load_reads_the_cache_and_gives_the_same_catalogue(cache_home, directory):
    first = load_catalog(directory, today=TODAY)
    assert cache.cache_file(directory.resolve()).is_relative_to(cache_home)
    assert hit(directory)
    second = load_catalog(directory, today=TODAY)
    assert second == first == fresh(directory)
    assert {p.code for p in second.problems} >= {"E001", "E011", "E018", "E019"}
    assert len(stored(directory)["invalid"]) == 5  # listed, checked again at every load


def test_the_shipped_directory_round_trips_every_field(cache_home):
    validated = load_catalog(today=TODAY)
    assert hit(default_directory())
    assert load_catalog(today=TODAY).centres == validated.centres  # rTMS offers, dates, tuples, None


def test_problems_follow_the_language_and_the_day_of_each_load(cache_home, directory):
    load_catalog(directory, today=TODAY)
    i18n.set_language("en")
    english = load_catalog(directory, today=TODAY)
    assert english.problems == fresh(directory).problems
    assert any("future" in p.message for p in english.problems if p.code == "E018")
    later = date(2027, 6, 1)  # the entry verified on 2027-01-01 is no longer in the future
    assert load_catalog(directory, today=later) == fresh(directory, today=later)
    assert "E018" not in {p.code for p in load_catalog(directory, today=later).problems}


def test_staleness_is_worked_out_on_the_day_of_the_load(cache_home, directory):
    load_catalog(directory, today=TODAY)
    years_later = date(2030, 1, 1)
    assert hit(directory, years_later)
    catalog = load_catalog(directory, today=years_later)
    assert catalog == fresh(directory, today=years_later)
    assert any(c.stale for c in catalog.centres) and not any(c.stale for c in fresh(directory).centres)


def test_an_earlier_day_than_the_newest_date_validates_again(cache_home, directory):
    load_catalog(directory, today=TODAY)
    assert not hit(directory, date(2020, 1, 1))  # entries verified after that day would be errors
    assert load_catalog(directory, today=date(2020, 1, 1)) == fresh(directory, today=date(2020, 1, 1))


@pytest.mark.parametrize("change", ["edit", "same size edit", "add", "remove", "rename", "touch"])
def test_any_change_to_the_files_rebuilds(cache_home, directory, change):
    load_catalog(directory, today=TODAY)
    entry = directory / "auvergne-rhone-alpes" / "minimal-entry.toml"
    text = entry.read_text(encoding="utf-8")
    if change == "edit":
        entry.write_text(text.replace("Roanne", "Montbrison"), encoding="utf-8")
    elif change == "same size edit":
        entry.write_text(text.replace("Consultation douleur", "Consultation DOULEUR"), encoding="utf-8")
    elif change == "add":
        (entry.parent / "another-entry.toml").write_text(text, encoding="utf-8")
    elif change == "remove":
        entry.unlink()
    elif change == "rename":
        entry.rename(entry.parent / "renamed-entry.toml")
    else:
        os.utime(entry, ns=(0, 0))
    assert not hit(directory)
    assert load_catalog(directory, today=TODAY) == fresh(directory)
    assert hit(directory)


def test_another_finder_version_or_gazetteer_rebuilds(cache_home, directory, monkeypatch):
    load_catalog(directory, today=TODAY)
    monkeypatch.setattr(finder, "__version__", "99.0")
    assert not hit(directory)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.delenv(user_cache.DISABLE, raising=False)
    assert hit(directory)
    from finder.places import gazetteer

    package = Path(finder.__file__).resolve().parent
    assert package / cache.GAZETTEER == gazetteer.DATA_FILE  # the file the places code reads
    copy = cache_home.parent / "gazetteer.tsv.gz"
    shutil.copy(gazetteer.DATA_FILE, copy)
    monkeypatch.setattr(cache, "GAZETTEER", copy)  # an absolute path: the package's is ignored
    assert not hit(directory)


def test_the_key_follows_the_code_and_data_an_entry_is_checked_with(directory):
    """An entry's rTMS indications are checked against the clinical categories, its city with the
    places code: a change to them (a source checkout being edited) must rebuild the cache."""
    key = cache.snapshot(directory.resolve(), entry_files(directory)).key
    code = {row[0] for row in key["code"]}
    data = {row[0] for row in key["data"]}
    assert {"model.py", "text.py", "directory/validate.py", "places/lookup.py", "clinical/pain.py"} <= code
    assert {"data/clinical/categories.toml", "data/countries.tsv"} <= data
    assert all(row[1] >= 0 for row in (*key["code"], *key["data"]))  # every one of them exists


DAMAGES = [b"", b"{", b"\xff\xfe garbage", b"[]", marshal.dumps([]), marshal.dumps({"key": 1})]


@pytest.mark.parametrize(
    "damage", [*DAMAGES, "truncated", "wrong row", "wrong type", "a number for a name", "a text for a flag"]
)
def test_a_damaged_cache_is_ignored_and_rebuilt(cache_home, directory, damage):
    expected = load_catalog(directory, today=TODAY)
    path = cache.cache_file(directory.resolve())
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage in ("wrong row", "wrong type"):
        document = stored(directory)
        if damage == "wrong row":
            document["centres"][0] = document["centres"][0][:-1]
        else:
            names = [field.name for field in dataclasses.fields(Centre)]
            document["centres"][0][names.index("last_verified")] = "2026-01-15"  # not a date's ordinal
        path.write_bytes(marshal.dumps(document))
    elif damage in ("a number for a name", "a text for a flag"):  # read back as is, without the check
        document = stored(directory)
        names = [field.name for field in dataclasses.fields(Centre)]
        field, value = ("name", 12345) if damage == "a number for a name" else ("unverified", "no")
        for row in document["centres"]:
            row[names.index(field)] = value
        path.write_bytes(marshal.dumps(document))
    else:
        path.write_bytes(damage)
    assert load_catalog(directory, today=TODAY) == expected
    assert hit(directory)  # rebuilt


def test_finder_no_cache_writes_nothing(cache_home, directory, monkeypatch):
    monkeypatch.setenv(user_cache.DISABLE, "1")
    load_catalog(directory, today=TODAY)
    assert not cache_home.exists()


def test_an_unwritable_cache_folder_costs_time_not_the_catalogue(cache_home, directory):
    cache_home.mkdir()
    (cache_home / "finder").write_text("not a folder", encoding="utf-8")
    assert load_catalog(directory, today=TODAY) == fresh(directory)
    assert not hit(directory)


def test_a_custom_gazetteer_is_never_cached(cache_home, directory):
    from finder.places.gazetteer import load_gazetteer

    load_catalog(directory, today=TODAY, gazetteer=load_gazetteer())
    assert not cache_home.exists()


def test_the_cache_file_is_written_atomically_beside_its_target(cache_home, directory):
    load_catalog(directory, today=TODAY)
    folder = cache.cache_file(directory.resolve()).parent
    assert [p.name for p in folder.iterdir()] == [cache.cache_file(directory.resolve()).name]
    assert set(stored(directory)) == {"key", "files", "newest", "invalid", "centres"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_place_of_the_cache_is_not_waited_for(cache_home, directory):
    expected = load_catalog(directory, today=TODAY)
    path = cache.cache_file(directory.resolve())
    path.unlink()
    os.mkfifo(path)  # opening it to read would wait for a writer for ever
    assert load_catalog(directory, today=TODAY) == expected
    assert not hit(directory)  # it stays a pipe: never replaced, never read
