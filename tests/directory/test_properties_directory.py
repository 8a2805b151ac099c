"""The directory validator reads anything a maintainer (or a broken editor) can save, and answers
with located, coded problems: never an exception.

Inputs: random bytes, random near-TOML text built from the schema's own keys and tables, and every
shipped entry mutated one field at a time (removed, given a value of another type, renamed by a
typo, joined by an unknown key). Each problem must be well formed (a known code, a line and column
inside the file, a message); the specific mistakes must get their specific code.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finder.directory.catalog import load_catalog
from finder.directory.validate import CODES, ERROR, SCHEMA, WARNING, CheckedFile, check_file, known_regions
from finder.errors import FinderError
from finder.places.gazetteer import load_gazetteer
from tests.privacy.cli_harness import run_cli

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "directory").rglob("*.toml"))
GAZ = load_gazetteer()
REGIONS = known_regions(GAZ)
TODAY = date.today()
FIXTURE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def entry_path(tmp_path_factory) -> Path:
    """One entry file, rewritten by each example, in a real region folder."""
    folder = tmp_path_factory.mktemp("directory") / "auvergne-rhone-alpes"
    folder.mkdir()
    return folder / "centre-exemple.toml"


def check(path: Path, content: str | bytes) -> CheckedFile:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    checked = check_file(path, gazetteer=GAZ, today=TODAY, regions=REGIONS)
    raw = path.read_bytes()
    lines = raw.count(b"\n") + 1
    for problem in checked.problems:
        assert problem.code in CODES, problem
        assert problem.severity in (ERROR, WARNING), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.col >= 1, problem
        assert problem.path == checked.display
        assert re.fullmatch(r".+:\d+:\d+: (error|warning): .+ \[[EWL]\d{3}\]", problem.format(), re.S)
    if checked.ok:
        assert checked.data is not None
    return checked


def codes(checked: CheckedFile) -> set[str]:
    return {problem.code for problem in checked.problems}


# --- random bytes and near-TOML text ----------------------------------------------------------


@FIXTURE_SETTINGS
@given(content=st.binary(max_size=400))
@example(content=b"")
@example(content=b"\xef\xbb\xbf")
@example(content=b"\xff\xfe n\x00a\x00m\x00e\x00")
@example(content=b'name = "\xe9"')
@example(content=b"[address]\n" * 3)
def test_random_bytes(entry_path, content):
    check(entry_path, content)


KEYS = sorted({key for table in SCHEMA.values() for key in table} | {"adress", "nme", "offred", "x"})
TABLES = sorted({table for table in SCHEMA if table} | {"adress", "rtms.extra", ""})
VALUES = st.sampled_from(
    [
        '"Lyon"',
        '""',
        '"Saint-Étienne"',
        '"sdc-centre"',
        '"42000"',
        '"4200"',
        "42000",
        "true",
        "maybe",
        "1979-05-27",
        "2999-01-01",
        "1979-13-45",
        "45.76",
        "-400.0",
        "nan",
        "inf",
        '["adult"]',
        '["adult", "adult"]',
        '["M1", 3]',
        "[]",
        "{ offered = true }",
        '"""multi\nline"""',
        "'literal'",
        '"unterminated',
        '"https://example.org"',
        '"04 77 00 00 00"',
        '"not a url"',
        "",
    ]
)
LINE = st.one_of(
    st.tuples(st.sampled_from(KEYS), VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(TABLES).map(lambda table: f"[{table}]"),
    st.sampled_from(["", "# comment", "=", "[", "[[address]]", "key", "a.b = 1", "name = 1 = 2"]),
    st.text(max_size=20),
)


@FIXTURE_SETTINGS
@given(lines=st.lists(LINE, max_size=25))
def test_random_near_toml(entry_path, lines):
    check(entry_path, "\n".join(lines))


# --- shipped entries, one field mutated -------------------------------------------------------


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, int | date | datetime):
        return value.isoformat() if isinstance(value, date | datetime) else str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but a character beyond U+FFFF is written
    whole (JSON would write a surrogate pair, which TOML refuses) and DEL is escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump_toml(data: dict) -> str:
    """A minimal TOML writer for entries: top-level keys, then one [table] per sub-table."""
    top = [f"{toml_string(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [
        f"[{toml_string(name)}]\n"
        + "\n".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items())
        for name, table in data.items()
        if isinstance(table, dict)
    ]
    return "\n".join(top) + "\n\n" + "\n\n".join(tables) + "\n"


def load_entry(path: Path) -> dict:
    return tomli.loads(path.read_text(encoding="utf-8"))


SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)
ANY_VALUE = st.one_of(
    SCALARS, st.lists(SCALARS, max_size=4), st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=3)
)


def field_paths(data: dict) -> list[tuple[str, str]]:
    """(table, key) of every field; table "" for the top level."""
    paths = [("", key) for key, value in data.items() if not isinstance(value, dict)]
    paths += [(name, key) for name, table in data.items() if isinstance(table, dict) for key in table]
    return paths


def get_table(data: dict, table: str) -> dict:
    return data if table == "" else data[table]


@pytest.mark.parametrize("shipped", SHIPPED[:1], ids=lambda p: p.stem)
def test_the_toml_writer_round_trips_a_shipped_entry(entry_path, shipped):
    data = load_entry(shipped)
    assert tomli.loads(dump_toml(data)) == data


@FIXTURE_SETTINGS
@given(data=st.data())
def test_a_shipped_entry_with_one_field_given_any_value(entry_path, data):
    entry = load_entry(data.draw(st.sampled_from(SHIPPED)))
    table, key = data.draw(st.sampled_from(field_paths(entry)))
    get_table(entry, table)[key] = data.draw(ANY_VALUE)
    check(entry_path, dump_toml(entry))


@FIXTURE_SETTINGS
@given(data=st.data())
def test_a_shipped_entry_without_a_required_field_says_which(entry_path, data):
    entry = load_entry(data.draw(st.sampled_from(SHIPPED)))
    required = [(t, k) for t, k in field_paths(entry) if SCHEMA.get(t, {}).get(k, ("", False))[1]]
    table, key = data.draw(st.sampled_from(required))
    del get_table(entry, table)[key]
    checked = check(entry_path, dump_toml(entry))
    assert not checked.ok
    missing = [p for p in checked.problems if p.code == "E006"]
    assert missing and any(key in p.message for p in missing), checked.problems


@FIXTURE_SETTINGS
@given(data=st.data())
def test_a_shipped_entry_with_a_misspelt_key_suggests_the_right_one(entry_path, data):
    entry = load_entry(data.draw(st.sampled_from(SHIPPED)))
    table, key = data.draw(st.sampled_from([(t, k) for t, k in field_paths(entry) if len(k) >= 5]))
    cut = data.draw(st.integers(1, len(key) - 2))
    typo = key[:cut] + key[cut + 1 :]  # one letter dropped: "adress", "establisment"
    if typo in SCHEMA.get(table, {}):
        return
    container = get_table(entry, table)
    container[typo] = container.pop(key)
    checked = check(entry_path, dump_toml(entry))
    unknown = [p for p in checked.problems if p.code == "E007"]
    assert unknown and any(typo in p.message and key in p.message for p in unknown), checked.problems


@FIXTURE_SETTINGS
@given(data=st.data())
def test_every_shipped_entry_stays_valid_through_the_writer(entry_path, data):
    shipped = data.draw(st.sampled_from(SHIPPED))
    (entry_path.parent.parent / shipped.parent.name).mkdir(exist_ok=True)
    checked = check(
        entry_path.parent.parent / shipped.parent.name / shipped.name, dump_toml(load_entry(shipped))
    )
    assert checked.ok, [p.format() for p in checked.problems]


# --- the same through the command line and the catalogue ------------------------------------


@FIXTURE_SETTINGS
@given(lines=st.lists(LINE, max_size=12), strict=st.booleans())
def test_finder_directory_validate_answers_any_file(entry_path, lines, strict):
    entry_path.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(["directory", "validate", str(entry_path)] + (["--strict"] if strict else []))
    assert result.code in (0, 1), result
    assert "Traceback" not in result.stderr + result.stdout
    if result.code == 1:  # each problem on its own line, in the form editors and CI understand
        assert re.search(r"^.+:\d+:\d+: (error|warning): .+ \[[EWL]\d{3}\]$", result.stdout, re.M), result


@FIXTURE_SETTINGS
@given(lines=st.lists(LINE, max_size=12))
def test_the_catalogue_skips_a_broken_file_and_keeps_the_others(entry_path, lines):
    good = entry_path.parent / "centre-valide.toml"
    if not good.exists():
        good.write_bytes(next(p for p in SHIPPED if p.parent.name == "auvergne-rhone-alpes").read_bytes())
    entry_path.write_text("\n".join(lines), encoding="utf-8")
    try:
        catalog = load_catalog(entry_path.parent.parent, today=TODAY)
    except FinderError as error:  # a clean, specific refusal is fine too
        assert str(error).strip()
        return
    assert "centre-valide" in {centre.id for centre in catalog.centres}
    if "centre-exemple" not in {centre.id for centre in catalog.centres}:
        assert catalog.problems


# --- finder directory new: option values and typed answers ------------------------------------

NEW_VALUES = st.one_of(
    st.sampled_from(["sdc-centre", "1", "2", "²", "٣", "adult", "adult,child", "M1", "Lyon", "42000", "x"]),
    st.sampled_from(["https://example.org", "04 77 00 00 00", "a@b.fr", "2999-01-01", "2024-02-30", ""]),
    st.text(max_size=15).filter(lambda text: not text.startswith("-")),
)
NEW_OPTIONS = ["kind", "audience", "city", "postcode", "phone", "website", "email", "targets",
               "indications", "last-verified", "sources", "name", "establishment", "id"]  # fmt: skip


@pytest.fixture(scope="module")
def writable_directory(tmp_path_factory) -> Path:
    """A copy of the shipped directory that ``directory new`` may write into."""
    import shutil

    target = tmp_path_factory.mktemp("new") / "directory"
    shutil.copytree(REPO / "directory", target)
    return target


@FIXTURE_SETTINGS
@given(values=st.dictionaries(st.sampled_from(NEW_OPTIONS), NEW_VALUES, max_size=8))
@example(values={"kind": "²", "name": "n", "establishment": "e", "city": "Lyon", "sources": "https://a.fr"})
def test_finder_directory_new_without_input_answers_any_options(writable_directory, values):
    argv = ["directory", "new", "--directory", str(writable_directory), "--no-input", "--yes"]
    for option, value in values.items():
        argv += [f"--{option}", value]
    run_cli(argv).assert_clean()


@FIXTURE_SETTINGS
@given(lines=st.lists(NEW_VALUES, max_size=30))
@example(lines=["Centre", "Hôpital", "²", "1", "adult", "Lyon", "o", "", "", "", "", "", "", "", "non"])
def test_finder_directory_new_answers_any_typed_answers(writable_directory, lines):
    argv = ["directory", "new", "--directory", str(writable_directory)]
    result = run_cli(argv, stdin="\n".join(lines) + "\n")
    result.assert_clean()


# --- control characters and nested values ---------------------------------------------------------

# Characters that can drive a terminal or hide text: C0 (but what TOML strings may hold raw), DEL, C1,
# bidi embeddings/overrides/isolates, line separators; mixed with ordinary text and invisible marks.
DANGEROUS = st.sampled_from(
    [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]]
    + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069", "\u2028", "\u2029"]
)
INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u3164", "\u2800", "\u00a0"])
HOSTILE_TEXT = st.lists(
    st.one_of(DANGEROUS, INVISIBLE, st.characters(codec="utf-8")), min_size=1, max_size=12
).map("".join)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Values nested to any depth: arrays of arrays and inline tables, with hostile strings inside.
NESTED = st.recursive(
    st.one_of(HOSTILE_TEXT, st.integers(-5, 5), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abc"), inner, max_size=2)
    ),
    max_leaves=12,
)


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key, *strings_in(item)]]
    return []


@FIXTURE_SETTINGS
@given(data=st.one_of(st.none(), st.data()))
@example(data=None)
def test_a_dangerous_character_in_any_string_field_is_e026_and_never_echoed(entry_path, data):
    entry = load_entry(SHIPPED[0])
    if data is None:  # OSC 52 in the name: the clipboard attack of issue 15
        table, key, text = "", "name", "Centre \x1b]52;c;aGk=\x07"
    else:
        paths = [(t, k) for t, k in field_paths(entry) if isinstance(get_table(entry, t)[k], str)]
        table, key = data.draw(st.sampled_from(paths))
        text = data.draw(HOSTILE_TEXT.filter(lambda s: UNSAFE.search(s.replace("\n", "")) is not None))
    get_table(entry, table)[key] = text
    checked = check(entry_path, dump_toml(entry))
    assert "E028" in codes(checked), (table, key, text)
    assert all(UNSAFE.search(p.format()) is None for p in checked.problems)


@FIXTURE_SETTINGS
@given(value=NESTED)
def test_nested_values_anywhere_give_problems_not_exceptions(entry_path, value):
    entry = load_entry(SHIPPED[0])
    entry["extra"] = value  # an unknown key: E007, plus E028 for each dangerous string inside
    checked = check(entry_path, dump_toml(entry))
    assert "E007" in codes(checked)
    if any(UNSAFE.search(s.replace("\n", "").replace("\t", "")) for s in strings_in(value)):
        assert "E028" in codes(checked)
    assert all(UNSAFE.search(p.format()) is None for p in checked.problems)


@FIXTURE_SETTINGS
@given(depth=st.integers(1, 2000))
def test_any_nesting_depth_is_a_problem_or_valid(entry_path, depth):
    entry_path.write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    checked = check(entry_path, entry_path.read_bytes())
    assert checked.problems and not checked.ok
