"""The one writer of entry files: edits keep what a person wrote; writes are atomic."""

from __future__ import annotations

from datetime import date

import pytest
import tomli

from finder.directory import toml_edit
from finder.directory.schema import layout

TEXT = """# Reviewed by hand: keep this comment.

name = "Consultation douleur"  # as the hospital names it
establishment = "CH"
kind = "sdc"

[address]
street = "1 rue A"   # old building
city = "Rennes"

[provenance]
sources = ["https://a.fr"]
notes = "first note"
"""


def test_a_replaced_value_keeps_its_comment_and_place():
    document = toml_edit.parse(TEXT)
    toml_edit.set_key(document, "address", "street", "2 rue B", layout())
    assert '\nstreet = "2 rue B"   # old building\ncity = "Rennes"\n' in document.as_string()
    assert document.as_string().replace('"2 rue B"', '"1 rue A"') == TEXT


def test_new_keys_and_tables_go_where_the_schema_puts_them():
    document = toml_edit.parse(TEXT)
    toml_edit.set_key(document, "", "finess", "350000000", layout())
    toml_edit.set_key(document, "address", "postcode", "35000", layout())
    toml_edit.set_key(document, "contact", "phone", "02 99 00 00 00", layout())
    toml_edit.set_key(document, "provenance", "last_verified", date(2026, 1, 2), layout())
    toml_edit.append_note(document, "provenance", "notes", "second", layout())
    lines = document.as_string().splitlines()
    assert lines[:2] == ["# Reviewed by hand: keep this comment.", ""]
    assert lines.index('finess = "350000000"') == lines.index('kind = "sdc"') + 1
    assert lines.index('postcode = "35000"') == lines.index('street = "1 rue A"   # old building') + 1
    assert lines.index("[address]") < lines.index("[contact]") < lines.index("[provenance]")
    assert lines.index("[provenance]") - lines.index('phone = "02 99 00 00 00"') == 2  # a blank line between
    data = tomli.loads(document.as_string())
    assert data["provenance"]["notes"] == "first note | second"
    assert list(data["provenance"]) == ["sources", "last_verified", "notes"]


def test_a_long_array_goes_one_item_per_line():
    document = toml_edit.parse(TEXT)
    assert toml_edit.append_to_array(document, "provenance", "sources", "https://b.fr/" + "x" * 90, layout())
    assert not toml_edit.append_to_array(document, "provenance", "sources", "https://a.fr", layout())
    assert '\nsources = [\n    "https://a.fr",\n' in document.as_string()


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    path = tmp_path / "bretagne" / "x.toml"
    toml_edit.write_atomic(path, TEXT, expected=None)
    read = path.read_bytes()
    path.write_text(TEXT + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(toml_edit.ChangedMeanwhile):
        toml_edit.write_atomic(path, "replaced\n", expected=read)
    assert path.read_text(encoding="utf-8").endswith("# edited meanwhile\n")
    toml_edit.write_atomic(path, "replaced\n", expected=path.read_bytes())
    assert path.read_text(encoding="utf-8") == "replaced\n"
    assert [p.name for p in path.parent.iterdir()] == ["x.toml"]  # no temporary file left
