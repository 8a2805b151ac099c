"""Place resolution: what a user types -> ranked communes, with exact ranks."""

from __future__ import annotations

import pytest

from finder.places.decide import decide
from finder.places.gazetteer import load_gazetteer
from finder.places.indexes import without_misspelt_connectors


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def names(resolution, count=None):
    return [(m.commune.name, m.commune.department) for m in resolution.matches[:count]]


def first(gaz, query):
    best = gaz.resolve(query).best
    assert best is not None, query
    return best.commune


# --- codes ----------------------------------------------------------------------------------------


def test_postcode_lists_every_commune_sharing_it_most_populous_first(gaz):
    resolution = gaz.resolve("01500", limit=50)
    communes = [m.commune for m in resolution.matches]
    assert len(communes) == len(gaz.by_postcode("01500")) > 1
    assert all("01500" in c.postcodes for c in communes)
    assert [c.population for c in communes] == sorted((c.population for c in communes), reverse=True)
    assert resolution.ambiguous  # several villages share it: the user must choose


def test_arrondissement_postcode_puts_the_arrondissement_before_its_city(gaz):
    resolution = gaz.resolve("13005")
    assert names(resolution, 2) == [("Marseille 5e Arrondissement", "13"), ("Marseille", "13")]
    assert not resolution.ambiguous
    assert [c.insee for c in gaz.by_postcode("75013")] == ["75113", "75056"]


def test_insee_codes_resolve_including_corsica(gaz):
    assert first(gaz, "42218").name == "Saint-Étienne"
    assert first(gaz, "2A004").name == "Ajaccio"
    assert first(gaz, "2a004").name == "Ajaccio"
    assert gaz.by_insee("2a004").name == "Ajaccio"
    assert gaz.by_insee("00000") is None


@pytest.mark.parametrize("query", ["99999", "00000", "1234", "123456"])
def test_non_french_postcodes_give_no_result(gaz, query):
    assert gaz.resolve(query).matches == ()


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("st etienne", ("Saint-Étienne", "42")),
        ("ST-ÉTIENNE", ("Saint-Étienne", "42")),
        ("saint etienne", ("Saint-Étienne", "42")),
        ("puy en velay", ("Le Puy-en-Velay", "43")),
        ("le puy en velay", ("Le Puy-en-Velay", "43")),
        ("haÿ les roses", ("L'Haÿ-les-Roses", "94")),
        ("hay les roses", ("L'Haÿ-les-Roses", "94")),
        ("l'hay-les-roses", ("L'Haÿ-les-Roses", "94")),
        ("ste foy les lyon", ("Sainte-Foy-lès-Lyon", "69")),
        ("CLERMONT FERRAND", ("Clermont-Ferrand", "63")),
        ("marseile", ("Marseille", "13")),  # one letter missing
        ("bordaux", ("Bordeaux", "33")),
        ("touluose", ("Toulouse", "31")),  # transposition
        ("strasbourgg", ("Strasbourg", "67")),
        ("montpelier", ("Montpellier", "34")),
        ("grenble", ("Grenoble", "38")),
        ("velay puy", ("Le Puy-en-Velay", "43")),  # words in any order
    ],
)
def test_name_variants_resolve_first(gaz, query, expected):
    assert names(gaz.resolve(query), 1) == [expected]


def test_exact_name_ranks_before_prefix_matches(gaz):
    resolution = gaz.resolve("st etienne", limit=3)
    assert names(resolution) == [
        ("Saint-Étienne", "42"),
        ("Saint-Étienne-du-Rouvray", "76"),
        ("Saint-Étienne-de-Montluc", "44"),
    ]
    assert [m.score for m in resolution.matches] == [100.0, 90.0, 90.0]
    assert not resolution.ambiguous


def test_homonyms_are_ambiguous_and_ordered_by_population(gaz):
    resolution = gaz.resolve("Valence", limit=4)
    assert names(resolution) == [
        ("Valence", "26"),
        ("Valence", "82"),
        ("Valence", "16"),
        ("Valence-en-Poitou", "86"),
    ]
    assert resolution.ambiguous


def test_saint_denis_is_ambiguous_between_reunion_and_seine_saint_denis(gaz):
    resolution = gaz.resolve("Saint-Denis", limit=2)
    assert {m.commune.insee for m in resolution.matches} == {"97411", "93066"}
    assert resolution.ambiguous
    assert {m.commune.department_name for m in resolution.matches} == {"La Réunion", "Seine-Saint-Denis"}


def test_prefix_ties_are_ambiguous_and_ranked_by_population(gaz):
    resolution = gaz.resolve("saint eti", limit=2)
    assert names(resolution) == [("Saint-Étienne", "42"), ("Saint-Étienne-du-Rouvray", "76")]
    assert resolution.ambiguous


def test_unambiguous_exact_name(gaz):
    resolution = gaz.resolve("Grenoble")
    assert names(resolution, 1) == [("Grenoble", "38")]
    assert not resolution.ambiguous


# --- qualifiers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("Valence 82", "82186"),
        ("valence (16)", "16392"),
        ("valence drome", "26362"),
        ("Valence Tarn-et-Garonne", "82186"),
        ("Saint-Denis 974", "97411"),
        ("saint denis la reunion", "97411"),
        ("saint denis reunion", "97411"),
        ("Saint-Denis (93)", "93066"),
        ("valence 26000", "26362"),
        ("26000 valence", "26362"),
        ("ajaccio 2a", "2A004"),
    ],
)
def test_department_or_postcode_qualifier_disambiguates(gaz, query, insee):
    resolution = gaz.resolve(query)
    assert resolution.best.commune.insee == insee
    assert not resolution.ambiguous


def test_qualifier_without_a_match_there_still_shows_the_name_elsewhere(gaz):
    resolution = gaz.resolve("valence 83")  # there is no Valence in the Var
    assert resolution.best.commune.insee == "26362"


def test_a_name_that_ends_like_a_department_is_not_taken_as_a_qualifier(gaz):
    assert first(gaz, "Vienne").insee == "38544"
    assert first(gaz, "Bar-sur-Aube").name == "Bar-sur-Aube"


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("carvon saint martin", "62220"),  # Cavron-Saint-Martin, not Carvin in Saint-Martin (978)
        ("caplong d aude", "11064"),  # Camplong-d'Aude, not Caplong beside the Aude (11)
        ("saint martin det landes", "61424"),  # Saint-Martin-des-Landes, not Saint-Martin-Don (40)
    ],
)
def test_a_misspelt_name_that_ends_like_a_department_is_read_whole(gaz, query, meant):
    resolution = gaz.resolve(query, limit=5)
    assert [m.commune.insee for m in resolution.matches][:1] == [meant]
    assert resolution.matches[0].why == "fuzzy"


def test_a_misspelt_name_beside_a_department_without_it_still_shows_the_name_elsewhere(gaz):
    resolution = gaz.resolve("toulouze lozere", limit=5)  # no Toulouse in the Lozère
    assert "31555" in [m.commune.insee for m in resolution.matches]


def test_department_in_parentheses_is_never_read_as_an_arrondissement(gaz):
    # 13 is both Marseille's department and one of its arrondissements: the parentheses say which.
    resolution = gaz.resolve("Marseille (13)")
    assert resolution.best.commune.insee == "13055"
    assert not resolution.ambiguous
    assert {m.commune.department for m in resolution.matches} == {"13"}


def test_bare_number_after_a_city_is_its_arrondissement_then_the_city_of_that_department(gaz):
    resolution = gaz.resolve("marseille 13")
    assert [m.commune.insee for m in resolution.matches[:2]] == ["13213", "13055"]
    assert not resolution.ambiguous
    # an ordinal is only ever an arrondissement
    assert [m.commune.insee for m in gaz.resolve("marseille 13e").matches] == ["13213"]


def test_parentheses_naming_no_department_of_that_city_fall_back_to_the_name(gaz):
    assert first(gaz, "Paris (13)").insee == "75113"  # no Paris in the Bouches-du-Rhône
    assert first(gaz, "valence (83)").insee == "26362"  # no Valence in the Var


def test_street_address_with_postcode_resolves_to_its_commune(gaz):
    assert first(gaz, "12 rue de la Paix 42000 Saint-Étienne").insee == "42218"


# --- arrondissements ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "insee"),
    [
        ("Paris 13", "75113"),
        ("paris 13e", "75113"),
        ("Paris 1er", "75101"),
        ("paris 16eme arrondissement", "75116"),
        ("Lyon 3e arrondissement", "69383"),
        ("lyon 3", "69383"),
        ("Marseille 13", "13213"),
        ("Paris 13e Arrondissement", "75113"),
    ],
)
def test_arrondissements(gaz, query, insee):
    resolution = gaz.resolve(query)
    assert resolution.best.commune.insee == insee
    assert resolution.best.commune.parent_insee == {"75": "75056", "69": "69123", "13": "13055"}[insee[:2]]
    assert not resolution.ambiguous


def test_arrondissement_knows_its_city(gaz):
    assert gaz.by_insee("69383").parent_insee == "69123"
    assert gaz.by_insee("69123").parent_insee is None


def test_city_name_alone_is_the_city_not_an_arrondissement(gaz):
    resolution = gaz.resolve("Paris")
    assert resolution.best.commune.insee == "75056"
    assert not resolution.ambiguous


# --- former communes ------------------------------------------------------------------------------


def test_former_commune_resolves_to_the_current_one_and_says_so(gaz):
    best = gaz.resolve("Louhans").best
    assert best.commune.name == "Louhans-Châteaurenaud"
    assert best.matched_alias == "Louhans"


def test_former_commune_with_accents_stripped(gaz):
    best = gaz.resolve("cherbourg octeville").best
    assert best.commune.name == "Cherbourg-en-Cotentin"
    assert best.matched_alias == "Cherbourg-Octeville"


@pytest.mark.parametrize(
    ("query", "alias", "current"),
    [
        ("Culoz", "Culoz", "Culoz-Béon"),
        ("meaulne", "Meaulne", "Meaulne-Vitray"),
        ("Palmas", "Palmas", "Palmas d'Aveyron"),
    ],
)
def test_former_name_that_starts_the_current_name_says_it_is_a_former_commune(gaz, query, alias, current):
    # matched as a former name (with the note), not as a mere prefix of the current name
    for limit in (1, 10):
        best = gaz.resolve(query, limit=limit).best
        assert (best.commune.name, best.matched_alias) == (current, alias)


def test_current_name_outranks_a_former_name_it_shares(gaz):
    # "Bagneux" is a current commune (92, 02, ...) and a former commune merged elsewhere.
    resolution = gaz.resolve("Bagneux", limit=20)
    current = [m for m in resolution.matches if m.matched_alias is None and m.commune.name == "Bagneux"]
    former = [m for m in resolution.matches if m.matched_alias == "Bagneux"]
    assert current and former
    assert resolution.matches.index(current[-1]) < resolution.matches.index(former[0])


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "   ", "\x00\x01\x1b[31m", "😀😀", "x" * 10_000, "zzzzqqqq", "123 456 789", "()", "-", "'"],
)
def test_bad_input_gives_no_result_without_raising(gaz, query):
    resolution = gaz.resolve(query)
    assert resolution.matches == ()
    assert not resolution.ambiguous
    assert resolution.best is None


def test_long_paste_starting_with_a_name_is_handled_quickly(gaz):
    resolution = gaz.resolve("Lyon " + "blah " * 2000)
    assert isinstance(resolution.matches, tuple)


def test_limit_caps_the_results(gaz):
    assert len(gaz.resolve("saint", limit=3).matches) == 3
    assert len(gaz.resolve("saint", limit=0).matches) == 1


# --- other lookups --------------------------------------------------------------------------------


def test_commune_fields(gaz):
    commune = gaz.by_insee("42218")
    assert commune.name == "Saint-Étienne"
    assert commune.postcodes == ("42000", "42100", "42230")
    assert (commune.department, commune.department_name) == ("42", "Loire")
    assert (commune.region, commune.region_name) == ("84", "Auvergne-Rhône-Alpes")
    assert commune.lat == pytest.approx(45.4241) and commune.lon == pytest.approx(4.3665)
    assert commune.population > 100_000


def test_department_names(gaz):
    assert gaz.department_name("42") == "Loire"
    assert gaz.department_name("2a") == "Corse-du-Sud"
    assert gaz.department_name("974") == "La Réunion"
    assert gaz.department_name("1") == "Ain"
    assert gaz.department_name("99") is None


def test_gazetteer_covers_every_commune_and_arrondissement(gaz):
    communes = gaz.communes
    assert len(communes) == 35_014
    assert len({c.insee for c in communes}) == 35_014
    assert sum(c.parent_insee is not None for c in communes) == 45
    assert all(-90 <= c.lat <= 90 and -180 <= c.lon <= 180 for c in communes)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Montpelier", ("Montpellier", "34")),  # a typo of a city 75 times larger than Montélier
        ("Lile", ("Lille", "59")),
        ("Bordeau", ("Bordeaux", "33")),  # a prefix of a city much larger than Bordeaux-Saint-Clair
    ],
)
def test_a_typo_or_prefix_of_a_much_larger_commune_is_not_ambiguous(gaz, query, first):
    resolution = gaz.resolve(query, limit=2)
    assert names(resolution, 1) == [first]
    assert not resolution.ambiguous


def test_a_much_larger_commune_matching_less_well_makes_the_answer_ambiguous(gaz):
    resolution = gaz.resolve("Toulouze", limit=2)
    # ranked by band (prefix before typo), but Toulouse must be offered: the user is asked which one
    assert names(resolution) == [("Toulouzette", "40"), ("Toulouse", "31")]
    assert resolution.ambiguous


def test_close_matches_of_similar_size_stay_ambiguous(gaz):
    resolution = gaz.resolve("Nante", limit=2)
    assert names(resolution) == [("Nantes", "44"), ("Nanterre", "92")]
    assert resolution.ambiguous


@pytest.mark.parametrize(
    ("query", "whole", "other"),
    [
        ("mauumsson", "82107", "44180"),  # Maumusson (82); Vallons-de-l'Erdre, a former Maumusson
        ("la capeple", "02141", "48034"),  # La Capelle (02); La Canourgue, a former La Capelle
        ("vllettes", "27692", "43265"),  # Villettes; Les Villettes, without its article
        ("mone odre", "63236", "98817"),  # Mont-Dore (63); Le Mont-Dore (988), without its article
    ],
)
def test_a_typo_as_close_to_a_current_name_as_to_a_former_or_article_less_one_lists_it_first(
    gaz, query, whole, other
):
    resolution = gaz.resolve(query, limit=5)
    assert [match.commune.insee for match in resolution.matches][:2] == [whole, other]
    assert {match.why for match in resolution.matches[:2]} == {"fuzzy"}


@pytest.mark.parametrize(
    ("query", "likelier", "other"),
    [
        ("cambles", "42042", "33084"),  # Chambles, an "h" dropped; Cambes, an "l" typed in
        ("villerobn", "41288", "95675"),  # Villerbon, two letters swapped; Villeron, a "b" typed in
        ("mielhud", "63222", "30169"),  # Meilhaud, a swap and a drop; Milhaud, a drop and an "e" typed in
    ],
)
def test_among_names_as_many_edits_away_dropped_or_swapped_letters_come_before_typed_ones(
    gaz, query, likelier, other
):
    decision = decide(gaz.resolve(query, limit=10))
    ranked = [match.commune.insee for match in decision.candidates]
    assert ranked.index(likelier) < ranked.index(other)
    assert decision.action == "ask"  # a likelier slip is an order, never an answer


def test_a_code_that_is_both_a_postcode_and_an_insee_code_shows_both_meanings(gaz):
    resolution = gaz.resolve("02800", limit=5)  # postcode of 16 communes, and Viffort's INSEE code
    assert len(resolution.matches) == 5
    assert all(m.score == 100.0 and "02800" in m.commune.postcodes for m in resolution.matches[:4])
    assert resolution.matches[4].commune.name == "Viffort"


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("bolulante", "97106"),  # Bouillante: a letter dropped, then a swap across the gap
        ("la gaudaei", "28175"),  # La Gaudaine: the same, counted as three edits by OSA
    ],
)
def test_two_edits_on_the_same_letters_still_find_the_commune(gaz, query, meant):
    resolution = gaz.resolve(query, limit=5)
    assert meant in [match.commune.insee for match in resolution.matches]
    assert all(match.why == "fuzzy" for match in resolution.matches)


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("saint michle aurance", "07276"),  # Saint-Michel-d'Aurance: "d'" left out, a swap
        ("saint germian laye", "78551"),  # Saint-Germain-en-Laye: "en" left out, a swap
    ],
)
def test_a_typo_in_a_name_typed_without_its_articles_or_prepositions(gaz, query, meant):
    resolution = gaz.resolve(query, limit=5)
    assert [match.commune.insee for match in resolution.matches][:1] == [meant]
    assert resolution.matches[0].why == "fuzzy"


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("saint vincent sr  isle", "24513"),  # Saint-Vincent-sur-l'Isle: "sur l'" typed "sr"
        ("saint martin sr pre", "51504"),  # Saint-Martin-sur-le-Pré
        ("saint hilaire dl cote", "38393"),  # Saint-Hilaire-de-la-Côte: "de la" typed "dl"
    ],
)
def test_a_misspelt_connector_with_another_left_out_still_finds_the_commune(gaz, query, meant):
    resolution = gaz.resolve(query, limit=5)
    assert [match.commune.insee for match in resolution.matches][:1] == [meant]
    assert resolution.matches[0].why == "fuzzy"


def test_only_short_words_one_edit_from_a_connector_and_in_no_name_are_left_out(gaz):
    is_word = gaz.store.has_word
    assert without_misspelt_connectors("saint vincent sr isle", is_word) == ("saint vincent isle", 1)
    assert without_misspelt_connectors("sr isle dl cote", is_word) == ("sr isle cote", 1)  # not the first
    assert without_misspelt_connectors("chateau dun", is_word) == ("chateau dun", 0)  # Dun: a name's word
    assert without_misspelt_connectors("saint jean xyz", is_word) == ("saint jean xyz", 0)
