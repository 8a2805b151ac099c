"""Positions of keys, headers and array elements in TOML source text."""

from finder.directory.toml_positions import locate

TEXT = '''# comment
name = "a # not a comment"
[address]
city = "x"   # trailing
"quoted key" = 1
[rtms]
indications = [
    "a",  # first
    "b",
]
notes = """multi
line = "not a key"
"""
after = true
dotted.key = 2
inline = { a = 1, b = "c" }
'''


def test_keys_values_headers_and_array_elements_are_located():
    pos = locate(TEXT)
    assert pos.keys[("name",)] == (2, 1)
    assert pos.values[("name",)] == (2, 8)
    assert pos.headers[("address",)] == (3, 1)
    assert pos.values[("address", "city")] == (4, 8)
    assert pos.keys[("address", "quoted key")] == (5, 1)
    assert pos.values[("rtms", "indications", 0)] == (8, 5)
    assert pos.values[("rtms", "indications", 1)] == (9, 5)
    assert pos.keys[("rtms", "after")] == (14, 1)
    assert ("rtms", "line") not in pos.keys
    assert pos.keys[("rtms", "dotted", "key")] == (15, 1)
    assert pos.values[("rtms", "inline", "b")] == (16, 23)


def test_missing_key_points_at_its_table_header_or_line_one():
    pos = locate(TEXT)
    assert pos.key(("address", "postcode")) == (3, 1)
    assert pos.key(("kind",)) == (1, 1)
    assert pos.value(("rtms", "targets", 0)) == (6, 1)
