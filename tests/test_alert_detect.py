"""Warning signs proposed from the free-text description (domain.md Part 1, Safety amendments A:
signs detected in free text are proposed and confirmed by the user; a negation or someone else's
illness is not a sign)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.clinical.alert_detect import detect_alerts, find_alerts, sign_ids, sign_sources

# The ids of domain.md Part 1 A, in its order.
DOMAIN_IDS = (
    "thunderclap_headache",
    "headache_fever_neck",
    "cauda_equina",
    "motor_deficit",
    "weight_loss",
    "fever",
    "cancer_history",
    "rest_night_pain",
    "hyperalgic",
)


def test_the_data_has_exactly_the_signs_of_the_safety_rules_each_with_a_source():
    assert sign_ids() == DOMAIN_IDS
    for sign in DOMAIN_IDS:
        sources = sign_sources(sign)
        assert sources and all("domain.md" not in source for source in sources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thunderclap headache (Moisset 2018)
        ("céphalée brutale en coup de tonnerre", {"thunderclap_headache"}),
        ("le pire mal de tête de ma vie", {"thunderclap_headache"}),
        ("maux de tête brutaux depuis ce matin", {"thunderclap_headache"}),
        ("worst headache of my life", {"thunderclap_headache"}),
        ("sudden headache", {"thunderclap_headache"}),
        # headache with fever or stiff neck
        ("raideur de nuque", {"headache_fever_neck"}),
        ("mal de tête et fièvre", {"headache_fever_neck", "fever"}),
        (
            "sudden severe headache, worst of my life, with fever and stiff neck",
            {"thunderclap_headache", "headache_fever_neck", "fever"},
        ),
        # cauda equina (HAS 2019)
        ("anesthésie en selle", {"cauda_equina"}),
        ("lombalgie avec troubles urinaires", {"cauda_equina"}),
        ("saddle numbness and back pain", {"cauda_equina"}),
        ("incontinence depuis la sciatique", {"cauda_equina"}),
        # motor deficit
        ("sciatique paralysante", {"motor_deficit"}),
        ("perte de force dans la jambe droite", {"motor_deficit"}),
        ("foot drop since last week", {"motor_deficit"}),
        # weight loss
        ("perte de poids", {"weight_loss"}),
        ("j'ai perdu 8 kg en deux mois", {"weight_loss"}),
        ("unexplained weight loss", {"weight_loss"}),
        # fever
        ("fièvre et mal de dos", {"fever"}),
        ("il est fébrile", {"fever"}),
        # cancer history
        ("cancer du sein traité il y a 5 ans, nouvelle douleur du dos", {"cancer_history"}),
        ("history of lymphoma", {"cancer_history"}),
        # rest and night pain
        ("mal au dos la nuit", {"rest_night_pain"}),
        ("douleur même au repos", {"rest_night_pain"}),
        ("my back hurts at night", {"rest_night_pain"}),
        ("la douleur me réveille", {"rest_night_pain"}),
        # hyperalgic (Rev Med Suisse 2010)
        ("sciatique hyperalgique", {"hyperalgic"}),
        ("douleur qui résiste à la morphine", {"hyperalgic"}),
        ("pain despite oxycodone", {"hyperalgic"}),
    ],
)
def test_each_sign_is_detected_in_french_and_english(text, expected):
    assert set(detect_alerts(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "pas de fièvre",
        "sans fièvre ni perte de poids",
        "no fever, no weight loss",
        "pas de troubles urinaires, pas d'anesthésie en selle",
        "sa mère a eu un cancer",
        "sa mère est morte d'un cancer, elle a mal partout",
        "antécédents familiaux de cancer",
        "my father had cancer",
        "j'ai cru à un cancer des os mais on n'a rien trouvé",
        "cancer écarté",
        "peur d'avoir un cancer",
        "aucune perte de force",
        "migraine chronique depuis 10 ans",
        "lombalgie mécanique, mieux au repos ? non",
        "fourmis dans les mains",
        "",
        "bonjour",
    ],
)
def test_negations_someone_elses_illness_and_ordinary_pain_detect_nothing(text):
    assert detect_alerts(text) == ()


def test_a_sign_made_of_two_words_needs_them_in_the_same_sentence():
    assert detect_alerts("mal de tête. Brutal, le patron de mon fils") == ()
    assert detect_alerts("j'ai perdu mon travail, le poids du quotidien") == ()


def test_the_ids_come_in_the_order_of_the_safety_rules_with_the_words_that_were_found():
    hits = find_alerts("perte de poids, fièvre, et anesthésie en selle")
    assert [hit.sign for hit in hits] == ["cauda_equina", "weight_loss", "fever"]
    assert [hit.words for hit in hits] == ["anesthésie en selle", "perte de poids", "fièvre"]


@given(st.text(max_size=200))
def test_any_text_gives_known_ids_at_most_once(text):
    found = detect_alerts(text)
    assert set(found) <= set(DOMAIN_IDS)
    assert len(found) == len(set(found))


def test_a_pasted_100000_character_text_is_read_in_well_under_a_second_per_sign():
    import time

    text = "mal de tête brutal, fièvre, pas de perte de poids, w1 w2 w3 1/2. " * 1500
    started = time.perf_counter()
    found = detect_alerts(text)
    assert time.perf_counter() - started < 3.0
    assert found == ("thunderclap_headache", "headache_fever_neck", "fever")


# Wordings a reviewer found missed or misread (review of 2026-11-30), written before the fix: everyday
# sphincter, numbness, walking and temperature wordings; past participles and verbs of negation.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("perte des urines", {"cauda_equina"}),
        ("pertes urinaires depuis hier", {"cauda_equina"}),
        ("fuite des urines et lombalgie", {"cauda_equina"}),
        ("engourdissement du périnée", {"cauda_equina"}),
        ("il ne retient plus ses selles", {"cauda_equina"}),
        ("elle ne retient pas ses urines", {"cauda_equina"}),
        ("constipation récente et engourdissement des fesses", {"cauda_equina"}),
        ("fesses insensibles depuis la chute", {"cauda_equina"}),
        ("lost control of my bladder", {"cauda_equina"}),
        ("numbness around the genitals", {"cauda_equina"}),
        ("ne peut plus marcher depuis ce matin", {"motor_deficit"}),
        ("impossible de lever le bras droit", {"motor_deficit"}),
        ("incapable de soulever la jambe gauche", {"motor_deficit"}),
        ("he can no longer walk", {"motor_deficit"}),
        ("unable to lift his arm", {"motor_deficit"}),
        ("température à 39", {"fever"}),
        ("temperature of 39", {"fever"}),
        ("mal de tête avec température à 39,5", {"headache_fever_neck", "fever"}),
        ("douleur de tête explosive", {"thunderclap_headache"}),
        ("douleurs de tête brutales", {"thunderclap_headache"}),
        # an infinitive is a plan, not a result: the hypothesis stands and is proposed for checking
        ("ponction lombaire pour écarter une méningite", {"headache_fever_neck"}),
        # a look-back negation stops at its clause; a participle followed by "et" looks back only
        ("cancer écarté et fièvre", {"fever"}),
        ("le scanner a écarté une tumeur mais il a de la fièvre", {"fever"}),
    ],
)
def test_everyday_wordings_of_each_sign_are_found(text, expected):
    assert set(detect_alerts(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "le médecin a écarté une méningite",
        "méningite écartée",
        "on a éliminé une méningite, mal de dos",
        "la fièvre a été écartée",
        "les urgences ont exclu un syndrome de la queue de cheval",
        "paralysie exclue",
        "le neurologue exclut une paralysie",
        "pas de perte des urines",
        "n'a jamais eu de fièvre",
        "the doctor ruled out meningitis",
        "fièvre absente",
        "méningites écartées",
    ],
)
def test_negation_before_and_after_the_term_in_any_inflected_form_proposes_nothing(text):
    assert detect_alerts(text) == ()


# Written with the cases above but run only once the fix was done (review of 2026-11-30): 10 of 11
# right at that first run (4 of 11 before the fix); "ne tient plus debout, la jambe se dérobe" was then
# added to the data.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("perte du contrôle des urines", {"cauda_equina"}),
        ("il ne sent plus ses fesses", {"cauda_equina"}),
        ("elle n'arrive plus à retenir ses urines", {"cauda_equina"}),
        ("39 de température depuis deux jours", {"fever"}),
        ("céphalée explosive ce matin", {"thunderclap_headache"}),
        ("she cannot move her leg anymore", {"motor_deficit"}),
        ("ne tient plus debout, la jambe se dérobe", {"motor_deficit"}),
        ("la neurologue a exclu une paralysie", set()),
        ("pas de fièvre ni de raideur de nuque", set()),
        ("la méningite a été éliminée", set()),
        ("on a écarté la queue de cheval, lombalgie", set()),
    ],
)
def test_held_out_wordings(text, expected):
    assert set(detect_alerts(text)) == expected
