"""The clinical data files read back from the user cache: exactly the parsed tables, rebuilt on a change.

conftest turns the user cache off; each test here turns it on in a temporary folder of its own.
"""

from __future__ import annotations

import shutil

from finder.clinical import data


def test_the_cached_tables_are_the_parsed_ones(cache_home, monkeypatch):
    parsed = data.parse_tables(sorted(data.DATA_DIR.glob("*.toml")))
    assert set(parsed) >= {"categories.toml", "lexicon.toml", "screening.toml", "texts.toml"}
    assert data.read_tables(data.DATA_DIR) == parsed
    assert list(cache_home.rglob("*.marshal")), "the first read writes the cache (every value marshals)"

    def no_parsing(paths):
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(data, "parse_tables", no_parsing)
    assert data.read_tables(data.DATA_DIR) == parsed


def test_a_changed_data_file_is_parsed_again(cache_home, tmp_path):
    folder = tmp_path / "clinical"
    shutil.copytree(data.DATA_DIR, folder)
    before = data.read_tables(folder)["dn4.toml"]
    dn4 = folder / "dn4.toml"
    dn4.write_text(dn4.read_text(encoding="utf-8") + '\n[added]\nvalue = "x"\n', encoding="utf-8")
    after = data.read_tables(folder)["dn4.toml"]
    assert after == {**before, "added": {"value": "x"}}
    (folder / "dn4.toml").unlink()
    assert "dn4.toml" not in data.read_tables(folder)
