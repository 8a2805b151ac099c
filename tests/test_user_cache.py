"""finder.user_cache: derived data kept in the user's cache folder, keyed on its sources."""

from __future__ import annotations

import marshal
import os

import pytest

from finder import user_cache


def accept(value):
    """A check that takes any value."""


def counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_then_read_back_while_its_sources_are_unchanged(cache_home, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("one", encoding="utf-8")
    value = {"names": ["Lyon", "Saint-Étienne"], "codes": ("69123", "42218"), "raw": b"\x00\x01", "n": 3}
    build, calls = counting_build(value)
    assert user_cache.cached("data", "test", [source], build, check=accept) == value
    again = user_cache.cached("data", "test", [source], build, check=accept)
    assert again == value and len(calls) == 1
    assert isinstance(again["codes"], tuple)  # marshal keeps tuples, bytes and str apart
    assert [p.name for p in (cache_home / "finder" / "data").iterdir()] == ["test.marshal"]


def test_a_changed_source_rebuilds(cache_home, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("one", encoding="utf-8")
    build, calls = counting_build([1])
    user_cache.cached("data", "test", [source], build, check=accept)
    source.write_text("two!", encoding="utf-8")
    user_cache.cached("data", "test", [source], build, check=accept)
    os.utime(source, ns=(1, 1))
    user_cache.cached("data", "test", [source], build, check=accept)
    source.unlink()
    user_cache.cached("data", "test", [source], build, check=accept)
    assert len(calls) == 4


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9" * 10])
def test_a_damaged_entry_is_ignored_and_rewritten(cache_home, tmp_path, damage):
    source = tmp_path / "data.txt"
    source.write_text("one", encoding="utf-8")
    build, calls = counting_build(["kept"])
    user_cache.cached("data", "test", [source], build, check=accept)
    entry = cache_home / "finder" / "data" / "test.marshal"
    entry.write_bytes(damage)
    assert user_cache.cached("data", "test", [source], build, check=accept) == ["kept"]
    assert len(calls) == 2 and user_cache.read(entry, None) is None
    assert user_cache.cached("data", "test", [source], build, check=accept) == ["kept"] and len(calls) == 2


def test_switched_off_nothing_is_written(cache_home, tmp_path, monkeypatch):
    monkeypatch.setenv(user_cache.DISABLE, "1")
    build, calls = counting_build([1])
    user_cache.cached("data", "test", [tmp_path], build, check=accept)
    user_cache.cached("data", "test", [tmp_path], build, check=accept)
    assert len(calls) == 2 and not cache_home.exists()


def test_an_unwritable_cache_folder_only_costs_time(cache_home, tmp_path):
    cache_home.mkdir()
    (cache_home / "finder").write_text("a file where the folder should be", encoding="utf-8")
    build, calls = counting_build([1])
    assert user_cache.cached("data", "test", [tmp_path], build, check=accept) == [1]
    assert user_cache.cached("data", "test", [tmp_path], build, check=accept) == [1] and len(calls) == 2


def test_a_value_marshal_cannot_keep_is_returned_and_not_stored(cache_home, tmp_path):
    build, _ = counting_build({"object": object()})
    assert "object" in user_cache.cached("data", "test", [tmp_path], build, check=accept)
    assert not (cache_home / "finder" / "data" / "test.marshal").exists()


def test_a_stored_value_its_check_refuses_is_rebuilt_and_rewritten(cache_home, tmp_path):
    source = tmp_path / "data.txt"
    source.write_text("one", encoding="utf-8")
    build, calls = counting_build({"names": ["Lyon"]})

    def check(value):
        user_cache.require(isinstance(value.get("names"), list), "names")

    user_cache.cached("data", "test", [source], build, check=check)
    entry = cache_home / "finder" / "data" / "test.marshal"
    stored = marshal.loads(entry.read_bytes())
    stored["value"] = {"names": "Lyon"}  # the key still matches: only the shape is wrong
    entry.write_bytes(marshal.dumps(stored))
    assert user_cache.cached("data", "test", [source], build, check=check) == {"names": ["Lyon"]}
    assert len(calls) == 2 and marshal.loads(entry.read_bytes())["value"] == {"names": ["Lyon"]}
    assert user_cache.cached("data", "test", [source], build, check=check) == {"names": ["Lyon"]}
    assert len(calls) == 2


def test_two_installs_keep_an_entry_each(cache_home, tmp_path, monkeypatch):
    """A checkout and its worktrees (or two environments) no longer rebuild each other's entry."""
    import shutil

    from finder import i18n

    parsed = []
    parse = i18n.parse_catalogue
    monkeypatch.setattr(i18n, "parse_catalogue", lambda paths: parsed.append(paths) or parse(paths))
    installs = [tmp_path / "one", tmp_path / "two"]
    for folder in installs:
        shutil.copytree(i18n.LOCALE_DIR, folder)
    for folder in (*installs, *installs):
        assert i18n.read_catalogue(folder) == parse(sorted(folder.glob("*.toml")))
    assert len(parsed) == 2 and len(list((cache_home / "finder" / "data").glob("messages-*"))) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_place_of_an_entry_is_not_waited_for(cache_home, tmp_path):
    build, calls = counting_build([1])
    user_cache.cached("data", "test", [tmp_path], build, check=accept)
    entry = cache_home / "finder" / "data" / "test.marshal"
    entry.unlink()
    os.mkfifo(entry)  # opening it to read would wait for a writer for ever
    assert user_cache.cached("data", "test", [tmp_path], build, check=accept) == [1]
    assert len(calls) == 2
