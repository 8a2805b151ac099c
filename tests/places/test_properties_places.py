"""Place resolution takes anything a user types and answers with matches or none, never an exception.

Over the whole national gazetteer: every commune is found again from its INSEE code, from its name
with its department, from its name typed carelessly (lowercase, no accents, no hyphens), and from its
postcode; the CLI answers ``finder place`` with results or a clean message, and valid JSON.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

from hypothesis import example, given
from hypothesis import strategies as st

from finder.places.gazetteer import load_gazetteer
from tests.privacy.cli_harness import run_cli

GAZ = load_gazetteer()
COMMUNES = st.sampled_from(GAZ.communes)
QUERIES = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789 ()-'AaBbÉéèçst", max_size=12),
    st.from_regex(r"[0-9]{1,6}|2[AB][0-9]{0,3}|97[0-9]{1,3}", fullmatch=True),
    COMMUNES.map(lambda c: c.name[: max(1, len(c.name) // 2)]),  # half a name, as while typing
)


def careless(name: str) -> str:
    """How a name gets typed in a hurry: lowercase, no accents, spaces for hyphens."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return stripped.lower().replace("-", " ")


@cache
def homonyms() -> Counter[str]:
    return Counter(careless(commune.name) for commune in GAZ.communes)


@given(query=QUERIES, limit=st.integers(1, 50))
@example(query="", limit=10)
@example(query="\x00\u200b\ufeff", limit=10)
@example(query="(((", limit=10)
@example(query="Saint (", limit=10)
@example(query="() 42", limit=10)
@example(query="x" * 5000, limit=10)
def test_any_query_gives_ranked_matches_or_none(query, limit):
    resolution = GAZ.resolve(query, limit=limit)
    assert resolution.query == query
    assert len(resolution.matches) <= limit
    scores = [match.score for match in resolution.matches]
    assert all(0 <= score <= 100 for score in scores)
    assert scores == sorted(scores, reverse=True), "best first"
    insees = [match.commune.insee for match in resolution.matches]
    assert len(insees) == len(set(insees)), "a commune listed twice"
    assert all(GAZ.by_insee(insee) is not None for insee in insees)
    assert not resolution.ambiguous or len(resolution.matches) >= min(2, limit)


@given(commune=COMMUNES)
def test_every_commune_is_found_from_its_insee_code(commune):
    assert GAZ.by_insee(commune.insee) == commune
    # A code that is also a postcode lists that postcode's communes first, then the INSEE match.
    same_postcode = GAZ.by_postcode(commune.insee)
    found = [match.commune for match in GAZ.resolve(commune.insee, limit=len(same_postcode) + 1).matches]
    assert commune in found
    if not same_postcode:
        assert found[0] == commune


@given(commune=COMMUNES)
@example(commune=GAZ.by_insee("13055"))  # 13 is Marseille's department and one of its arrondissements
def test_every_commune_is_found_from_its_name_and_department(commune):
    for query in (f"{commune.name} ({commune.department})", f"{careless(commune.name)} {commune.department}"):
        found = [match.commune for match in GAZ.resolve(query, limit=50).matches]
        assert commune in found, query
    assert GAZ.resolve(f"{commune.name} ({commune.department})", limit=50).best.commune == commune


@given(commune=COMMUNES)
def test_every_commune_is_found_from_its_name_typed_carelessly(commune):
    found = {match.commune for match in GAZ.resolve(careless(commune.name), limit=50).matches}
    if homonyms()[careless(commune.name)] <= 50:
        assert commune in found, careless(commune.name)


@given(commune=COMMUNES.filter(lambda c: c.postcodes))
def test_every_commune_is_listed_under_its_postcodes(commune):
    for postcode in commune.postcodes:
        assert commune in GAZ.by_postcode(postcode)


@given(query=QUERIES, as_json=st.booleans(), limit=st.sampled_from(["1", "5", "50", "0", "51", "x", "-3"]))
@example(query="-", as_json=True, limit="5")
@example(query="--json", as_json=False, limit="5")
def test_finder_place_answers_anything(query, as_json, limit):
    argv = ["place", query, "--limit", limit] + (["--json"] if as_json else [])
    result = run_cli(argv)
    result.assert_clean()
    if as_json and result.code == 0:
        document = result.json()
        assert document["query"] == query
        assert isinstance(document["results"], list)
