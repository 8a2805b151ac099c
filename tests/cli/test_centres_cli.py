"""``finder centres`` through the command line, run in this process (``main(argv)``).

No test here needs its own process: the subprocess smoke test of ``finder centres`` is
``tests/cli/test_cli.py::test_python_m_finder_smoke``.
"""

from __future__ import annotations

import json

from tests.privacy.cli_harness import CliResult, run_cli


def finder(*args: str) -> CliResult:
    return run_cli(["centres", *args])


def test_near_rtms_json_sorted_by_distance_within_radius():
    result = finder("--near", "Saint-Étienne", "--radius", "150", "--rtms", "--json")
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    ids = [r["id"] for r in results]
    # the CETD is at Hôpital Nord, in Saint-Priest-en-Jarez
    assert ids[0] == "chu-saint-etienne-douleur" and results[0]["distance_km"] < 10
    assert "hopital-saint-jean-dieu-lyon-douleur" in ids
    distances = [r["distance_km"] for r in results]
    assert distances == sorted(distances) and max(distances) <= 150
    assert all(r["rtms"] and r["unverified"] and r["last_verified"] is None for r in results)


def test_text_search_marks_unverified_entries_and_says_call_to_confirm():
    result = finder("st etienne", "--kind", "sdc-centre")
    assert result.returncode == 0, result.stderr
    assert "CHU de Saint-Étienne, Saint-Priest-en-Jarez" in result.stdout  # Hôpital Nord
    assert "non vérifiée, appelez pour confirmer" in result.stdout
    assert "Appelez le centre pour confirmer" in result.stdout


def test_pain_category_is_checked_with_a_suggestion():
    result = finder("--pain", "fibromyalgie")
    assert result.returncode == 2
    assert "vouliez-vous dire « fibromyalgia »" in result.stderr


def test_pain_and_kind_filters_in_json():
    result = finder("--pain", "neuropathic_central", "--kind", "reference-centre", "--json", "--lang", "en")
    ids = [r["id"] for r in json.loads(result.stdout)["results"]]
    assert "ap-hp-hopital-henri-mondor-creteil-rtms" in ids and all(
        r["distance_km"] is None for r in json.loads(result.stdout)["results"]
    )
    bad = finder("--kind", "clinic")
    assert bad.returncode == 2 and "clinic" in bad.stderr


def test_nothing_found_is_exit_one_with_a_message():
    result = finder("zzzz qqqq")
    assert result.returncode == 1 and "aucun centre" in result.stderr


def test_nothing_within_the_radius_falls_back_to_the_nearest_with_their_distance(tmp_path):
    from finder.route.nearby import MAX_FALLBACK
    from tests.tui.conftest import _ENTRY, _RTMS, CENTRES

    for slug, region, name, establishment, kind, audience, city, postcode, rtms, verified in CENTRES:
        (tmp_path / region).mkdir(exist_ok=True)
        entry = _ENTRY.format(
            name=name, establishment=establishment, kind=kind, audience=audience, city=city,
            postcode=postcode, slug=slug, rtms=_RTMS if rtms else "", verified=f"last_verified = {verified}",
        )  # fmt: skip
        (tmp_path / region / f"{slug}.toml").write_text(entry, encoding="utf-8")
    result = finder("--directory", str(tmp_path), "--near", "Lille", "--radius", "50")
    assert result.returncode == 0, result.stderr
    assert "Aucun centre à moins de 50 km de Lille (59)" in result.stdout
    assert "--radius" in result.stdout
    assert result.stdout.count("Identifiant") == min(MAX_FALLBACK, len(CENTRES))
    assert " km" in result.stdout.split("Identifiant")[0]
    as_json = finder("--directory", str(tmp_path), "--near", "Lille", "--radius", "50", "--rtms", "--json")
    assert as_json.returncode == 0, as_json.stderr
    (only,) = json.loads(as_json.stdout)["results"]  # the one rTMS centre, in Lyon, ~560 km away
    assert only["within_radius"] is False and only["distance_km"] > 500
