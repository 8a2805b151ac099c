"""The official facts (finder/data/official.toml) read back from the user cache: exactly the parsed data.

conftest turns the user cache off; each test here turns it on in a temporary folder of its own.
"""

from __future__ import annotations

import shutil

from finder.directory import official


def test_the_cached_facts_are_the_parsed_ones(cache_home, monkeypatch):
    path = official.DATA_DIR / "official.toml"
    parsed = official.parse_facts(path)
    assert parsed["count"] and parsed["page"]
    assert official.read_facts(path) == parsed
    assert list(cache_home.rglob("*.marshal")), "the first read writes the cache (every value marshals)"

    def no_parsing(path):
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(official, "parse_facts", no_parsing)
    assert official.read_facts(path) == parsed


def test_changed_facts_are_parsed_again(cache_home, tmp_path):
    path = tmp_path / "official.toml"
    shutil.copy(official.DATA_DIR / "official.toml", path)
    counts = len(official.read_facts(path)["count"])
    extra = '\n[[count]]\nregion = "bretagne"\nlabelled = 1\nkinds = "all"\nsource = "https://example.org"\n'
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert len(official.read_facts(path)["count"]) == counts + 1
