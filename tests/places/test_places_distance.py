"""Distances (finder.places.distance) and the gazetteer build script round trip."""

from __future__ import annotations

import csv
import gzip
import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.places.distance import approx_km, geodesic_km
from finder.places.gazetteer import GazetteerError, read_gazetteer

PARIS = (48.8589, 2.347)
MARSEILLE = (43.2803, 5.3806)


def test_geodesic_is_the_wgs84_geodesic():
    from geographiclib.geodesic import Geodesic  # geopy's own reference implementation

    expected = Geodesic.WGS84.Inverse(*PARIS, *MARSEILLE)["s12"] / 1000
    assert geodesic_km(PARIS, MARSEILLE) == pytest.approx(expected, abs=0.001)
    assert 655 < geodesic_km(PARIS, MARSEILLE) < 670  # Paris-Marseille, as the crow flies


@settings(max_examples=200)
@given(
    a=st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
    b=st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
)
def test_geodesic_gives_exactly_what_geopy_gives(a, b):
    # geographiclib is called the way geopy.distance.geodesic calls it: the figures do not move by a bit
    from geopy.distance import geodesic

    assert geodesic_km(a, b) == geodesic(a, b).km


def test_a_distance_does_not_import_geopy():
    import subprocess
    import sys

    code = "import sys; from finder.places.distance import geodesic_km; geodesic_km((45, 4), (46, 5)); "
    code += "print(sorted(m for m in sys.modules if m.startswith('geopy')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_haversine_prefilter_stays_close_to_the_geodesic():
    pairs = [(PARIS, MARSEILLE), ((45.4241, 4.3665), (-20.9434, 55.4444)), ((50.6, 3.06), (42.7, 2.9))]
    for a, b in pairs:
        assert approx_km(*a, *b) == pytest.approx(geodesic_km(a, b), rel=0.006)


def test_zero_distance():
    assert geodesic_km(PARIS, PARIS) == 0
    assert approx_km(*PARIS, *PARIS) == 0


def load_build_script():
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def tiny_source(tmp_path):
    write(tmp_path / "regions.csv", ["code", "name"], [["84", "Auvergne-Rhône-Alpes"], ["94", "Corse"]])
    write(
        tmp_path / "departements.csv",
        ["code", "name", "region"],
        [["42", "Loire", "84"], ["69", "Rhône", "84"], ["2A", "Corse-du-Sud", "94"]],
    )
    header = ["insee", "name", "postcodes", "department", "region", "lat", "lon", "population"]
    write(
        tmp_path / "communes.csv",
        header,
        [
            ["42218", "Saint-Étienne", "42100;42000", "42", "84", "45.4241", "4.3665", "173136"],
            ["42219", "Saint-Étienne-le-Molard", "42130", "42", "84", "45.7379", "4.0932", "777"],
            ["69123", "Lyon", "69001;69003", "69", "84", "45.758", "4.8351", "519127"],
            ["69381", "Lyon 1er Arrondissement", "69001", "69", "84", "45.7676", "4.8344", "30000"],
            ["2A004", "Ajaccio", "20000;20090", "2A", "94", "41.9263", "8.7376", "73000"],
        ],
    )
    write(
        tmp_path / "communes_aliases.csv",
        ["alias", "alias_insee", "insee", "kind"],
        [["Terrenoire", "42307", "42218", "commune-associee"], ["Saint-Étienne", "42218", "42218", "x"]],
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    write(
        extra / "communes_former_codes.csv",
        ["former_code", "insee"],
        [["42307", "42218"], ["69999", "69123"]],
    )
    write(
        extra / "foreign_places.csv",
        ["name", "country", "population", "names", "near"],
        [["Geneva", "CH", "201741", "Geneva;Genève;Lyon", "69123;42218"]],
    )
    return tmp_path


def test_build_round_trip(tiny_source, tmp_path):
    build = load_build_script()
    data = build.build(tiny_source, tiny_source / "extra")
    assert build.build(tiny_source, tiny_source / "extra") == data  # deterministic bytes
    output = tmp_path / "out" / "gazetteer.tsv.gz"
    build.write_atomically(output, data)
    gaz = read_gazetteer(output)
    assert len(gaz) == 5
    etienne = gaz.by_insee("42218")
    assert etienne.postcodes == ("42000", "42100")
    assert (etienne.lat, etienne.lon) == (45.4241, 4.3665)
    assert etienne.region_name == "Auvergne-Rhône-Alpes"
    assert gaz.by_insee("69381").parent_insee == "69123"
    assert gaz.by_insee("2A004").department_name == "Corse-du-Sud"
    assert [c.insee for c in gaz.by_postcode("69001")] == ["69381", "69123"]
    best = gaz.resolve("terrenoire").best
    assert (best.commune.insee, best.matched_alias) == ("42218", "Terrenoire")
    assert len(gaz.store.former) == 1  # the alias equal to its commune's name adds nothing and is dropped
    assert gaz.store.former_codes == {"42307": "42218", "69999": "69123"}
    former = gaz.resolve("69999").best
    assert (former.commune.insee, former.why) == ("69123", "former_code")
    near = gaz.resolve("Genève")  # "Lyon", a French name, is not kept as a name of Geneva
    assert [m.commune.insee for m in near.matches] == ["69123", "42218"] and near.notes[0].code == "foreign"
    assert gaz.resolve("Lyon").best.why == "exact"


def test_build_rejects_a_department_that_is_not_the_insee_prefix(tiny_source):
    path = tiny_source / "communes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Molard,42130,42", "Molard,42130,69"), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"communes\.csv:3"):
        load_build_script().build(tiny_source)


def test_damaged_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "gazetteer.tsv.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(GazetteerError, match=r"gazetteer\.tsv\.gz"):
        read_gazetteer(bad)
    with pytest.raises(GazetteerError):
        read_gazetteer(tmp_path / "missing.tsv.gz")


def built_with(
    tiny_source: Path, tmp_path: Path, kind: str, edit: Callable[[list[str]], list[str] | None]
) -> Path:
    """The tiny gazetteer built, its line of ``kind`` ("W", "I") edited: ``edit`` gets that line's fields
    after the kind and gives the new ones (None: the line is left out)."""
    text = gzip.decompress(load_build_script().build(tiny_source, tiny_source / "extra")).decode("utf-8")
    lines = []
    for line in text.splitlines():
        fields = line.split("\t")
        if fields[0] == kind:
            edited = edit(fields[1:])
            if edited is None:
                continue
            line = "\t".join([kind, *edited])
        lines.append(line + "\n")
    path = tmp_path / "gazetteer.tsv.gz"
    path.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    return path


def test_a_file_without_its_words_line_is_damaged(tiny_source, tmp_path):
    """Without the 'W' line every misspelt-word check would say "absent": refused, not half-read."""
    with pytest.raises(GazetteerError, match="W line"):
        read_gazetteer(built_with(tiny_source, tmp_path, "W", lambda words: None))


def test_a_words_line_that_does_not_fit_the_communes_of_each_word_is_damaged(tiny_source, tmp_path):
    with pytest.raises(GazetteerError, match="I line"):
        read_gazetteer(built_with(tiny_source, tmp_path, "W", lambda words: words[1:]))


def test_a_word_list_naming_a_commune_beyond_any_number_is_damaged(tiny_source, tmp_path):
    def out_of_range(groups: list[str]) -> list[str]:  # the first word's first commune: no such number
        return [",".join(["9" * 30, *groups[0].split(",")[1:]]), *groups[1:]]

    with pytest.raises(GazetteerError):
        read_gazetteer(built_with(tiny_source, tmp_path, "I", out_of_range))
