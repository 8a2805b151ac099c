"""The validator: one failing fixture per error code, located at the offending line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from finder.directory.validate import CODES, validate_paths

FIXTURES = Path(__file__).parent / "fixtures" / "directory"
TODAY = date(2026, 1, 15)
EXPECT = re.compile(r"# expect: (\w+) line (\d+)")


def expectation(path: Path) -> tuple[str, int]:
    match = (
        EXPECT.search(path.read_bytes().decode("latin-1").splitlines()[0]) if path.stat().st_size else None
    )
    return (match.group(1), int(match.group(2))) if match else ("E003", 1)


ERROR_FIXTURES = sorted((FIXTURES / "errors").rglob("*.toml"))


@pytest.mark.parametrize("path", ERROR_FIXTURES, ids=lambda p: p.name)
def test_each_broken_fixture_gives_one_located_problem_with_its_code(path):
    code, line = expectation(path)
    problems = validate_paths([path], today=TODAY).problems
    assert [(p.code, p.line) for p in problems] == [(code, line)], [p.format() for p in problems]


def test_every_error_code_has_a_fixture():
    covered = {expectation(p)[0] for p in ERROR_FIXTURES} | {"E019", "E020", "E021", "W001"}
    assert {c for c in CODES if c[0] in "EW"} <= covered


def test_valid_fixtures_are_clean():
    report = validate_paths([FIXTURES / "valid"], today=TODAY)
    assert report.problems == []
    assert len(report.files) == 2


def test_kind_message_says_what_was_found_and_what_is_expected():
    (problem,) = validate_paths(
        [FIXTURES / "errors/auvergne-rhone-alpes/e004-kind.toml"], today=TODAY
    ).problems
    assert (problem.line, problem.col) == (4, 8)
    assert problem.format().endswith(
        "error: kind « clinic » ne fait pas partie de : sdc-centre, sdc-consultation, sdc, neurology, "
        "algology, reference-centre [E004]"
    )


@pytest.mark.parametrize(
    ("fixture", "suggestion"),
    [("e004-indication.toml", "neuropathic_central"), ("e007-unknown-key.toml", "street")],
)
def test_near_misses_get_a_did_you_mean(fixture, suggestion):
    (problem,) = validate_paths([FIXTURES / "errors/auvergne-rhone-alpes" / fixture], today=TODAY).problems
    assert f"vouliez-vous dire « {suggestion} »" in problem.message


def test_messages_follow_the_language(monkeypatch):
    from finder import i18n

    i18n.set_language("en")
    (problem,) = validate_paths(
        [FIXTURES / "errors/auvergne-rhone-alpes/e007-unknown-key.toml"], today=TODAY
    ).problems
    assert 'unknown key "stret" in the [address] table; did you mean "street"?' in problem.message


def test_duplicate_ids_name_both_paths():
    report = validate_paths([FIXTURES / "duplicates"], today=TODAY)
    first, second = [p for p in report.problems if p.code == "E019"]
    assert "bretagne/same-id.toml" in first.message and "auvergne-rhone-alpes/same-id.toml" in second.message


def test_unknown_region_folder_and_region_mismatch():
    (error,) = validate_paths([FIXTURES / "badregion"], today=TODAY).problems
    assert error.code == "E021" and "auvergne-rhone-alpes" in error.message
    (warning,) = validate_paths([FIXTURES / "warnings"], today=TODAY).problems
    assert (warning.code, warning.severity, warning.line) == ("W001", "warning", 11)


def test_file_over_one_megabyte_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "bretagne" / "huge.toml"
    path.parent.mkdir()
    path.write_bytes(b"# padding\n" * 110_000)
    (problem,) = validate_paths([path], today=TODAY).problems
    assert problem.code == "E020"


def test_arrondissement_postcode_gives_the_arrondissement_point(tmp_path):
    from finder.directory.validate import check_file, known_regions
    from finder.places.gazetteer import load_gazetteer

    path = tmp_path / "ile-de-france" / "paris-test.toml"
    path.parent.mkdir()
    path.write_text(
        'name = "x"\nestablishment = "y"\nkind = "sdc"\n[address]\npostcode = "75012"\ncity = "Paris"\n'
        '[provenance]\nsources = ["https://example.org"]\n',
        encoding="utf-8",
    )
    gaz = load_gazetteer()
    checked = check_file(path, gazetteer=gaz, today=TODAY, regions=known_regions(gaz))
    assert checked.ok and checked.commune.parent_insee == "75056" and "75012" in checked.commune.postcodes


@pytest.mark.parametrize(
    "phone",
    [
        "04 77 12 34 56",
        "+33 4 77 12 34 56",
        "0477123456",
        "04.77.12.34.56",
        "0262 12 34 56",
        "+262 262 12 34 56",
        "+689 40 12 34 56",
    ],
)
def test_french_phone_formats_are_accepted(phone):
    from finder.directory.validate import phone_ok

    assert phone_ok(phone)


@pytest.mark.parametrize("phone", ["12", "04 77 12 34", "+44 20 7946 0958", "06 12 34 56 78 9", "phone"])
def test_other_phone_numbers_are_refused(phone):
    from finder.directory.validate import phone_ok

    assert not phone_ok(phone)


# --- characters that could drive a terminal or hide text (E028, E029) -------------------------------


def write_entry(folder, text: str):
    region = folder / "auvergne-rhone-alpes"
    region.mkdir(parents=True, exist_ok=True)
    base = (FIXTURES / "valid/auvergne-rhone-alpes/minimal-entry.toml").read_text(encoding="utf-8")
    path = region / "centre-x.toml"
    path.write_text(base + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ('\n[unknown]\n"\\u001b]0;title\\u0007" = 1\n', "E028"),  # in a key (also E007)
        ('\n[x]\nv = ["ok", "\\u009b31m"]\n', "E028"),  # C1 in a list, at any depth
        ('\n[x]\nv = "\\u007f"\n', "E028"),  # DEL
        ('\n[x]\nv = "a\\u2066b"\n', "E028"),  # bidi isolate
        ('\n[x]\nv = "a\\tb"\n', "E028"),  # tab in a one-line field
    ],
)
def test_control_characters_anywhere_are_refused(tmp_path, extra, code):
    path = write_entry(tmp_path, extra)
    codes = [p.code for p in validate_paths([path], today=TODAY).problems]
    assert code in codes, codes


def test_notes_may_span_lines_but_not_hold_controls(tmp_path):
    path = write_entry(tmp_path, 'notes = """first line\r\nsecond\tline"""\n')  # in [provenance]
    assert validate_paths([path], today=TODAY).problems == []
    path = write_entry(tmp_path, 'notes = "a\\u001bb"\n')
    assert [p.code for p in validate_paths([path], today=TODAY).problems] == ["E028"]


def test_the_message_names_the_character_and_never_prints_it():
    path = FIXTURES / "errors/auvergne-rhone-alpes/e028-control.toml"
    (problem,) = validate_paths([path], today=TODAY).problems
    assert "U+001B" in problem.message and "U+0007" in problem.message
    assert "\x1b" not in problem.format() and "\x07" not in problem.format()


def test_resolved_cities_are_kept_for_one_run_only():
    # A module-level cache keyed on id(gazetteer) answered from an earlier run: for a gazetteer that
    # changed since, or for another object that happened to get the same id once the first was freed.
    from finder.places.gazetteer import load_gazetteer

    real = load_gazetteer()

    class Gazetteer:
        hidden: str | None = "Roanne"

        def __getattr__(self, name):
            return getattr(real, name)

        def named(self, city):
            return [] if city == self.hidden else real.named(city)

    gazetteer = Gazetteer()
    codes = []
    for hidden in ("Roanne", None, "Roanne"):
        gazetteer.hidden = hidden
        report = validate_paths([FIXTURES / "valid"], today=date(2026, 1, 15), gazetteer=gazetteer)
        codes.append(sorted(p.code for p in report.problems))
    assert codes == [["E011"], [], ["E011"]]


@pytest.mark.parametrize(
    ("value", "remark"),
    [
        ("« la Phocéanne » (as spelled in source; Marseille)", "(as spelled in source; Marseille)"),
        ("Hospices Civils de Lyon (site not stated)", "(site not stated)"),
        ("Centre douleur (unité labellisée, centre de recours; ~80% cancer patients)", None),
        (
            "Cabinet (private practice; not an ARS-labelled SDC)",
            "(private practice; not an ARS-labelled SDC)",
        ),
        ("Centre de traitement de la douleur (cancer centre pain unit; Dr Sophie Laurent)", None),
        (
            "SDC de l'ICO (coordinated with CHU d'Angers since 2017)",
            "(coordinated with CHU d'Angers since 2017)",
        ),
        ("Hôpital de Chinon (establishment name not given in source)", None),
        ("Hôpital J. Monod, Le Havre (ch-havre.fr; 1er étage, Hall Sud)", None),
        ("CHU (site non précisé par la source)", None),
        ("CETD (Pr Michel Lantéri-Minet)", None),
        # the structure's own words in brackets are not remarks
        ("Centre d'évaluation et de traitement de la douleur (CETD)", "none"),
        ("Centre hospitalier Émile-Roux (Le Puy-en-Velay)", "none"),
        ("CHRU de Tours – Hôpital de Clocheville (pôle Enfant)", "none"),
        ("Consultation douleur (adultes et enfants)", "none"),
        ("Centre Hospitalier Intercommunal des Alpes du Sud (CHICAS), site Muret", "none"),
    ],
)
def test_curator_remarks_in_public_names_are_found(value, remark):
    """A bracketed curator's remark is reported whole; the structure's own bracketed words are not."""
    from finder.directory.validate import curator_remark

    found = curator_remark(value)
    if remark == "none":
        assert found is None
    else:
        assert found is not None and found.startswith("(") and found in value
        if remark is not None:
            assert found == remark


def test_curator_remark_is_a_warning_on_the_field_that_holds_it():
    (problem,) = validate_paths(
        [FIXTURES / "errors/auvergne-rhone-alpes/w002-remark.toml"], today=TODAY
    ).problems
    assert (problem.code, problem.severity, problem.line, problem.col) == ("W002", "warning", 3, 17)
    assert "(as named in source)" in problem.message
