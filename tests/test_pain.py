"""Free-text pain matching: what a GP, a patient or a helper types, and what finder recognises."""

from __future__ import annotations

import argparse
import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder import i18n
from finder.cli.commands import pain as pain_command
from finder.clinical.pain import MIN_SCORE, category_ids, confident, match_pain
from finder.errors import NoResult


def _best(text: str) -> str | None:
    matches = match_pain(text)
    return matches[0].category if matches else None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("brûlures et fourmillements des pieds, diabétique", "neuropathic_peripheral"),
        ("douleur du bras depuis mon AVC", "neuropathic_central"),
        ("algodystrophie du poignet", "crps"),
        ("mal partout, fibro", "fibromyalgia"),
        ("burning feet", "neuropathic_peripheral"),
    ],
)
def test_the_examples_of_the_issue(text, category):
    assert _best(text) == category


def test_results_carry_a_score_and_the_words_that_matched():
    (match,) = match_pain("brûlures et fourmillements des pieds, diabétique")
    assert match.matched == ("brûlures", "fourmillements", "pieds", "diabétique")
    assert MIN_SCORE <= match.score <= 100


def test_case_accents_and_punctuation_do_not_matter():
    shouted, written = match_pain("NEVRALGIE DU TRIJUMEAU"), match_pain("névralgie du trijumeau")
    assert [(m.category, m.score) for m in shouted] == [(m.category, m.score) for m in written]
    assert _best("post-AVC") == _best("post avc") == "neuropathic_central"


def test_typos_are_tolerated_with_a_lower_score_than_the_right_spelling():
    (typo,) = match_pain("fibromialgie")
    (right,) = match_pain("fibromyalgie")
    assert typo.category == right.category == "fibromyalgia"
    assert typo.score < right.score


def test_short_words_are_never_read_as_typos():
    assert match_pain("coton") == ()  # not "colon"
    assert _best("sep") == "neuropathic_central" and match_pain("sept") == ()


@pytest.mark.parametrize(
    "text", ["bonjour", "je ne sais pas", "asdfgh", "mal", "douleur", "", "   ", "!!!", "42"]
)
def test_text_without_a_pain_description_gives_nothing(text):
    assert match_pain(text) == ()


def test_everyday_words_alone_give_nothing():
    assert match_pain("les pieds et les mains") == ()
    assert match_pain("bras jambes") == ()


def test_the_longest_term_wins_where_terms_overlap():
    # "face" alone hints at facial pain; inside "algie vasculaire de la face" it is a headache
    assert [m.category for m in match_pain("algie vasculaire de la face")] == ["migraine"]


def test_a_negated_term_is_ignored():
    assert _best("pas de cancer, mal au dos") == "low_back"
    assert "cancer" not in [m.category for m in match_pain("pas de cancer, mal au dos")]
    assert _best("no history of cancer") is None
    # the negation stops at the end of the clause
    assert _best("pas de migraine mais un cancer du sein") == "cancer"


@pytest.mark.parametrize(
    ("text", "absent", "best"),
    [
        # issue 9, "what was seen": a negated or reported term never selects a category by itself
        ("sa mère est morte d'un cancer, elle a mal partout", "cancer", "fibromyalgia"),
        ("j'ai cru à un cancer des os mais on n'a rien trouvé", "cancer", None),
        ("sa mère a eu un cancer", "cancer", None),
        ("antécédents familiaux de cancer, mal au dos", "cancer", "low_back"),
        ("peur d'avoir un cancer, mal à la tête tous les jours", "cancer", "migraine"),
        ("cancer écarté, lombalgie", "cancer", "low_back"),
        ("cancer ruled out, chronic pelvic pain", "cancer", "pelvic_visceral"),
        ("my father had cancer; I have burning feet", "cancer", "neuropathic_peripheral"),
        ("son père a fait un AVC", "neuropathic_central", None),
        ("pas de fièvre, pas de perte de poids, lombalgie", "cancer", "low_back"),
    ],
)
def test_negated_and_reported_terms_never_select_a_category_by_themselves(text, absent, best):
    assert absent not in [m.category for m in match_pain(text)]
    assert _best(text) == best


def test_a_reported_term_only_supports_what_the_patient_says_and_never_gives_high_confidence():
    # the mother may be the patient here: her own burning arm is the evidence, the stroke adds to it
    (first, *_) = match_pain("my mother had a stroke and now her arm burns constantly")
    assert first.category == "neuropathic_central" and "stroke" in first.matched
    assert not confident(first)
    # the father's stroke does not make the patient's burning feet a central pain
    assert _best("son père a eu un AVC, j'ai des brûlures aux pieds") == "neuropathic_peripheral"
    for text in ("sa mère a une SEP, et moi des fourmillements", "sa sœur a une SEP; brûlures des jambes"):
        assert not any(confident(m) for m in match_pain(text) if m.category == "neuropathic_central")


@pytest.mark.parametrize(
    "text", ["rien ne marche contre mes migraines", "migraines sans soulagement", "no relief from migraine"]
)
def test_failed_treatments_are_not_a_negation_of_the_pain(text):
    assert _best(text) == "migraine"


def test_an_exact_term_beats_a_typo_and_a_far_typo_never_reaches_a_strong_term():
    # "cruralgie" is a lexicon word: it is not also read as "causalgie" (2 letters off, CRPS)
    assert [m.category for m in match_pain("cruralgie")] == ["neuropathic_peripheral"]
    assert _best("causalgie") == "crps"
    # one letter off in a long strong term is still a typo of it
    assert _best("algodistrophie") == "crps" and _best("athrose") == "musculoskeletal"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("sciatalgie gauche", "neuropathic_peripheral"),
        ("lombocruralgie chronique", "low_back"),
        ("névralgie cervico-brachiale", "neuropathic_peripheral"),
        ("NCB C6", "neuropathic_peripheral"),
        ("douleur radiculaire L5", "neuropathic_peripheral"),
        ("fourmis dans les mains la nuit", "neuropathic_peripheral"),
        ("douleur périnéale en position assise", "pelvic_visceral"),
        ("névralgie pudendale", "pelvic_visceral"),
        ("douleur vésicale chronique", "pelvic_visceral"),
        ("proctalgie", "pelvic_visceral"),
        ("douleur tumorale", "cancer"),
    ],
)
def test_radicular_pelvic_and_everyday_words(text, category):
    assert _best(text) == category


def test_equal_scores_prefer_the_more_specific_category():
    # "neuropathique" is listed under two categories, "visage"/"face" under one: the face wins the tie
    for text in ("douleur neuropathique du visage", "neuropathic pain in the face"):
        first, second = match_pain(text)[:2]
        assert first.score == second.score
        assert (first.category, second.category) == ("neuropathic_facial", "neuropathic_peripheral")


def test_several_categories_are_ranked_best_first_and_limited():
    matches = match_pain("SEP, brûlures dans le dos")
    assert matches[0].category == "neuropathic_central"
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert len(match_pain("SEP, brûlures dans le dos", limit=1)) == 1


@given(st.text(max_size=200))
def test_never_raises_and_always_returns_known_categories(text):
    for match in match_pain(text):
        assert match.category in category_ids()
        assert MIN_SCORE <= match.score <= 100


def test_matching_is_fast():
    texts = ["brûlures et fourmillements des pieds, diabétique", "douleur du bras depuis mon AVC"] * 50
    match_pain("warm up")
    start = time.perf_counter()
    for text in texts:
        match_pain(text)
    assert (time.perf_counter() - start) / len(texts) < 0.002


# --- the command ---------------------------------------------------------------------------------


def _run(argv: list[str], capsys) -> tuple[int | None, str, str]:
    parser = argparse.ArgumentParser()
    pain_command.configure(parser)
    code = None
    try:
        code = pain_command.run(parser.parse_args(argv))
    except NoResult as error:
        code = error.exit_code
        print(f"finder: {error}")
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_json_shape(capsys):
    i18n.set_language("en")
    code, out, _ = _run(["--json", "burning", "feet,", "diabetic"], capsys)
    document = json.loads(out)
    assert code == 0
    assert document["text"] == "burning feet, diabetic"
    (result,) = document["results"]
    assert result == {
        "category": "neuropathic_peripheral",
        "label": "Peripheral neuropathic pain",
        "score": result["score"],
        "matched": ["burning", "feet", "diabetic"],
    }
    assert isinstance(result["score"], float)


def test_command_with_no_match_prints_the_json_then_fails_suggesting_the_labels(capsys):
    parser = argparse.ArgumentParser()
    pain_command.configure(parser)
    with pytest.raises(NoResult) as error:
        pain_command.run(parser.parse_args(["--json", "bonjour"]))
    document = json.loads(capsys.readouterr().out)
    assert document["text"] == "bonjour" and document["results"] == [] and document["alerts"] == []
    assert error.value.exit_code == 1
    message = str(error.value)
    assert "Fibromyalgie" in message and "Lombalgie chronique" in message
    assert "low_back" not in message and "neuropathic_peripheral" not in message  # no internal ids


def test_command_text_output_is_a_small_table(capsys):
    code, out, _ = _run(["algodystrophie", "du", "poignet"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["catégorie", "score", "termes", "reconnus"]
    assert lines[1].split()[:3] == ["crps", "80", "algodystrophie"]
    assert "Syndrome douloureux régional complexe" in lines[2]


def test_through_the_real_command_line_no_match_exits_1_with_the_message_on_stderr(capsys):
    from finder.cli.main import main

    assert main(["pain", "--lang", "en", "asdfgh"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("finder: no pain category recognised in 'asdfgh'")
    assert main(["pain", "zona"]) == 0
    assert "neuropathic_peripheral" in capsys.readouterr().out
