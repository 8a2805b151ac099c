"""Issue 10: the place resolver is never silently wrong.

Every sample of the issue, plus cases of the same kinds found in the data (other border towns, other
merged communes, other CEDEX codes, other postal labels, lost leading zeros, Roman numerals). Each case
states the decision (``answer`` | ``ask`` | ``refuse``) that ``finder.places.decide.decide`` must take,
and the communes it must offer (INSEE codes), with why they matched.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finder.model import PLACE_WHYS
from finder.places.decide import ACTIONS, CONFIDENT, REASONS, decide
from finder.places.gazetteer import load_gazetteer
from finder.text import fold


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def decision(gaz, query: str, limit: int = 8):
    return decide(gaz.resolve(query, limit=limit))


def insees(result) -> list[str]:
    return [match.commune.insee for match in result.candidates]


def why_of(result, insee: str) -> str:
    return next(match.why for match in result.candidates if match.commune.insee == insee)


def note_codes(result) -> set[str]:
    return {note.code for note in result.notes}


# --- 1. foreign places: "not a French commune", the nearest French communes offered -----------------

# (query, country code, departments the offered communes must lie in, communes that must be offered)
FOREIGN = [
    ("Monaco", "MC", {"06"}, {"06012", "06032", "06088"}),  # Beausoleil, Cap-d'Ail, Nice (the issue)
    ("Genève", "CH", {"01", "74"}, set()),  # the issue
    ("Geneve", "CH", {"01", "74"}, set()),
    ("Bâle", "CH", {"68"}, {"68297"}),  # Basel: Saint-Louis
    ("Luxembourg", "LU", {"57", "54"}, set()),
    ("Sarrebruck", "DE", {"57"}, set()),
    ("Kehl", "DE", {"67"}, {"67482"}),  # Strasbourg
    ("Vintimille", "IT", {"06"}, {"06083"}),  # Ventimiglia: Menton
    ("Irun", "ES", {"64"}, {"64260"}),  # Hendaye
    ("Andorre-la-Vieille", "AD", {"09", "66"}, set()),
    ("Lausanne", "CH", {"74", "01", "39", "25"}, set()),
    ("Tournai", "BE", {"59"}, set()),
    ("Mouscron", "BE", {"59"}, set()),
    ("Esch-sur-Alzette", "LU", {"57", "54"}, set()),
    ("Figueres", "ES", {"66"}, set()),
]


@pytest.mark.parametrize(("query", "country", "departments", "offered"), FOREIGN)
def test_a_foreign_border_town_is_refused_with_the_nearest_french_communes(
    gaz, query, country, departments, offered
):
    result = decision(gaz, query)
    assert result.action == "refuse" and result.reason == "foreign"
    foreign = next(note for note in result.notes if note.code == "foreign")
    assert foreign.params["country"] == country
    assert result.candidates and {m.commune.department for m in result.candidates} <= departments
    assert {m.why for m in result.candidates} == {"near_foreign"}
    assert offered <= set(insees(result))


def test_monaco_offers_its_neighbours_nearest_first_never_mozac(gaz):
    result = decision(gaz, "Monaco")
    assert insees(result)[:2] == ["06012", "06032"] and "06088" in insees(result)
    assert "63245" not in insees(result)  # Mozac, the old fuzzy answer


@pytest.mark.parametrize("query", ["Londres", "Bruxelles", "Madrid"])
def test_a_far_foreign_city_is_refused_not_matched_by_typos(gaz, query):
    result = decision(gaz, query)
    assert result.action in ("refuse", "ask") and result.reason == "foreign"
    assert "foreign" in note_codes(result)
    assert all(m.why == "near_foreign" for m in result.candidates)


@pytest.mark.parametrize(("query", "insee"), [("le eich", "33527"), ("Le Eich", "33527")])
def test_a_french_name_one_letter_off_is_not_a_foreign_place_read_without_its_article(gaz, query, insee):
    """ "le eich": Le Teich misspelt, not the Luxembourg place Eich with a French article before it (a
    patient's commune drawn by population showed it: it was refused, Le Teich not even offered)."""
    result = decision(gaz, query)
    assert result.reason != "foreign" and "foreign" not in note_codes(result)
    assert insees(result)[0] == insee


@pytest.mark.parametrize("query", ["eich", "Genève", "le luxembourg"])
def test_a_foreign_place_named_without_a_french_typo_stays_foreign(gaz, query):
    result = decision(gaz, query)
    assert result.action == "refuse" and result.reason == "foreign"


@pytest.mark.parametrize(("query", "city"), [("maesille", "13055"), ("maresflle", "13055")])
def test_two_typos_as_close_to_a_city_as_to_a_hamlet_list_the_city_first_and_ask(gaz, query, city):
    """Marseille (886,040 inhabitants) before Maresville (93): still asked, two typos leave both."""
    result = decision(gaz, query)
    assert result.action == "ask" and insees(result)[0] == city and len(insees(result)) > 1


@pytest.mark.parametrize("query", ["Moncao", "Genevaa", "Brusselles"])
def test_a_weak_typo_match_is_never_answered(gaz, query):
    assert decision(gaz, query).action != "answer"


def test_a_misspelt_name_ending_like_a_department_is_not_answered_as_another_town(gaz):
    result = decision(gaz, "carvon saint martin")  # was answered Carvin (62), in Saint-Martin (978)
    assert result.action == "ask" and insees(result)[0] == "62220"


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("Bordaux", "33063"),
        ("Marseile", "13055"),
        ("Grenobel", "38185"),
        ("Montpelier", "34172"),
        ("Marsseile", "13055"),  # two typos, and no other commune as close
    ],
)
def test_a_typo_of_a_large_town_is_still_answered(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]
    assert result.candidates[0].why == "fuzzy"


@pytest.mark.parametrize(
    ("query", "town", "tied"),
    [
        ("tionvillx", "57672", "57673"),  # Thionville and Thonville, two edits each
        ("mone odre", "98817", "63236"),  # Le Mont-Dore (988) and Mont-Dore (63)
        ("mielhud", "30169", "63222"),  # Milhaud and Meilhaud
    ],
)
def test_a_typo_as_close_to_a_smaller_commune_is_asked_with_both(gaz, query, town, tied):
    result = decision(gaz, query)
    assert result.action == "ask" and result.reason == "weak"
    assert {town, tied} <= set(insees(result))


# --- 2. a former or smaller commune never beats the obvious one without asking ---------------------

# (query, the large communes listed first, in order, a smaller or former match still offered, its why)
LARGER_FIRST = [
    ("Boulogne", ["92012", "62160"], "85084", "former_name"),  # the issue
    ("Évry", ["91228"], "89162", "exact"),  # the issue
    ("Aix", ["13001", "73008"], "19002", "exact"),
    ("Charleville", ["08105"], "51129", "exact"),
    ("Athis", ["91027"], "51018", "exact"),
    ("Asnières", ["92004"], "27021", "exact"),
    ("Chalon", ["71076"], "38066", "exact"),
    ("Bagnols", ["30028"], "69017", "exact"),
    ("Épinay", ["93031"], None, "former_name"),
    ("Tremblay", ["93073"], None, "former_name"),
    ("Chennevières", ["94019"], None, "former_name"),
]


@pytest.mark.parametrize(("query", "first", "smaller", "why"), LARGER_FIRST)
def test_the_large_commune_the_name_starts_is_listed_first_and_asked(gaz, query, first, smaller, why):
    result = decision(gaz, query)
    assert result.action == "ask"
    assert insees(result)[: len(first)] == first
    if smaller is not None:
        assert why_of(result, smaller) == why
    else:
        assert why in {m.why for m in result.candidates}


@pytest.mark.parametrize(
    ("query", "insee"),
    [("Annecy-le-Vieux", "74010"), ("Cherbourg-Octeville", "50129"), ("Louhans", "71263")],
)
def test_a_former_name_no_live_commune_shares_is_answered_with_a_note(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]
    assert result.candidates[0].why == "former_name"


# --- 3. codes that are not today's postcodes ---------------------------------------------------------


def test_an_insee_code_that_is_no_postcode_is_explained_and_asked(gaz):
    result = decision(gaz, "44021")  # the issue: Villeneuve-en-Retz's INSEE code, Nantes CEDEX 1
    assert result.action == "ask"
    assert why_of(result, "44021") == "insee_code"
    assert why_of(result, "44109") == "cedex_guess"
    assert "not_postcode" in note_codes(result)


@pytest.mark.parametrize(
    ("code", "city"),
    [
        ("86021", "86194"),  # CHU de Poitiers (also a former INSEE code)
        ("29609", "29019"),  # CHU de Brest
        ("49933", "49007"),  # CHU d'Angers
        ("75700", "75056"),  # Paris CEDEX 07
        ("13385", "13055"),  # AP-HM La Timone, Marseille CEDEX 05
        ("42055", "42218"),  # CHU de Saint-Étienne (also an INSEE code)
        ("38043", "38185"),  # CHU Grenoble Alpes (also an INSEE code)
        ("31062", "31555"),  # Université Toulouse III (also an INSEE code)
    ],
)
def test_a_cedex_code_is_asked_with_the_city_whose_postcodes_it_shares(gaz, code, city):
    result = decision(gaz, code)
    assert result.action == "ask"
    assert why_of(result, city) == "cedex_guess"
    assert "not_postcode" in note_codes(result)


@pytest.mark.parametrize(
    ("code", "insee", "action"),
    [
        ("63266", "63255", "ask"),
        ("44093", "44180", "ask"),
        ("85030", "85084", "ask"),
        ("74011", "74010", "answer"),  # Annecy-le-Vieux: read as a CEDEX code it is Annecy too
    ],
)
def test_a_former_insee_code_resolves_to_todays_commune_with_a_note(gaz, code, insee, action):
    result = decision(gaz, code)
    # today's commune first, with a note; asked when, read as a CEDEX code, it would be another commune
    assert result.action == action and insees(result)[0] == insee
    assert result.candidates[0].why == "former_code"
    assert {"former_code", "not_postcode"} <= note_codes(result)
    assert {m.why for m in result.candidates[1:]} <= {"cedex_guess"}


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("POITIERS CEDEX", "86194"),  # the issue
        ("PARIS CEDEX 13", "75113"),  # the issue: Paris CEDEX numbers are its arrondissements
        ("SAINT-ETIENNE CEDEX 2", "42218"),
        ("ST ETIENNE CEDEX 1", "42218"),
        ("NICE CEDEX 3", "06088"),
        ("LYON CEDEX 03", "69383"),
        ("MARSEILLE CEDEX 05", "13205"),
        ("86021 POITIERS CEDEX", "86194"),
        ("75651 PARIS CEDEX 13", "75113"),
        ("38043 GRENOBLE CEDEX 9", "38185"),
        ("42055 Saint-Étienne Cedex 2", "42218"),
    ],
)
def test_cedex_is_stripped_and_the_name_decides(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]
    assert "cedex" in note_codes(result)


# --- 4. spreadsheet and postal spellings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("1220 Divonne-les-Bains", "01143"),  # the issue
        ("6000", "06088"),
        ("6400 Cannes", "06029"),
        ("5000 Gap", "05061"),
        ("2000 Laon", "02408"),
        ("9100 Pamiers", "09225"),
    ],
)
def test_a_postcode_that_lost_its_leading_zero_is_padded_and_says_so(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]
    assert "padded_postcode" in note_codes(result)


def test_a_padded_postcode_shared_by_several_communes_is_asked(gaz):
    result = decision(gaz, "1000")  # the issue: 01000, Bourg-en-Bresse and Saint-Denis-lès-Bourg
    assert result.action == "ask" and insees(result)[0] == "01053"
    assert {m.why for m in result.candidates} == {"padded_postcode"}
    assert "padded_postcode" in note_codes(result)


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("MARSEILLE 08", "13208"),  # the issue
        ("Paris XIIIe", "75113"),  # the issue
        ("LYON 03", "69383"),
        ("PARIS 05", "75105"),
        ("Paris Ve", "75105"),
        ("Lyon IIIe", "69383"),
        ("Marseille Ier", "13201"),
        ("Paris XVIe arrondissement", "75116"),
        ("paris xx", "75120"),
        ("Paris XIV", "75114"),
    ],
)
def test_la_poste_arrondissement_labels_and_roman_numerals(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("Valence-d'Agen 82400", "82186"),  # the issue: Valence, not a tie with Golfech
        ("VALENCE D AGEN 82400", "82186"),
        ("82400 Golfech", "82072"),
    ],
)
def test_within_one_postcode_the_names_tokens_decide(gaz, query, insee):
    result = decision(gaz, query)
    assert result.action == "answer" and insees(result) == [insee]


# --- the rule shared by every command ------------------------------------------------------------------


def test_an_exact_unique_name_is_answered_with_full_confidence(gaz):
    result = decision(gaz, "Saint-Étienne")
    assert result.action == "answer" and insees(result) == ["42218"]
    assert result.candidates[0].why == "exact" and result.confidence == 100


def test_homonyms_are_asked_and_the_suggested_syntax_answers(gaz):
    result = decision(gaz, "Valence")
    assert result.action == "ask" and insees(result)[:2] == ["26362", "82186"]
    assert result.suggestion == "Valence (26)"
    again = decision(gaz, result.suggestion)
    assert again.action == "answer" and insees(again) == ["26362"]


def test_nothing_found_is_refused(gaz):
    result = decision(gaz, "xyzzyqq")
    assert result.action == "refuse" and result.candidates == ()


# --- properties over the whole gazetteer --------------------------------------------------------------

GAZ = load_gazetteer()
TYPED = st.one_of(
    st.sampled_from(GAZ.communes).map(lambda c: c.name),
    st.sampled_from(GAZ.communes).map(lambda c: fold(c.name)[: max(3, len(fold(c.name)) // 2)]),
    st.sampled_from(GAZ.communes).map(lambda c: fold(c.name)[:-1] + "x"),
    st.sampled_from(GAZ.communes).map(lambda c: c.postcodes[0] if c.postcodes else c.insee),
    st.from_regex(r"[0-9]{4,5}", fullmatch=True),
    st.text(max_size=30),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TYPED)
@example("buss")  # a foreign place (Buß, Saarland): refused, with the nearest French communes
def test_a_decision_is_well_formed_and_its_suggestion_is_answered(query):
    """Never a weak answer; every ask suggests the syntax that every command answers with the first
    candidate (what ``finder place`` suggests, ``finder route --near`` accepts)."""
    result = decide(GAZ.resolve(query, limit=6))
    assert result.action in ACTIONS and result.reason in REASONS
    assert all(match.why in PLACE_WHYS for match in result.candidates)
    if result.action == "answer":
        assert len(result.candidates) == 1 and result.confidence >= CONFIDENT
    elif result.action == "ask":
        assert result.candidates and result.suggestion
        again = decide(GAZ.resolve(result.suggestion, limit=6))
        assert again.action == "answer", (query, result.suggestion)
        assert again.candidates[0].commune.insee == result.candidates[0].commune.insee
    else:  # a refusal names at most the nearest French communes of a foreign place, never a choice
        assert all(match.why == "near_foreign" for match in result.candidates), result.candidates
