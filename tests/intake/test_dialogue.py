"""The conversation state machine, without any UI: order, validation, going back, language."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.intake.dialogue import ACCEPTED, ERROR, NEEDS_CHOICE, PLACE_PREFIX, STEP_IDS, Dialogue
from finder.places.gazetteer import load_gazetteer

# A complete conversation, step id -> what the user types or picks.
ADULT_CENTRAL = {
    "pain": "douleur du bras depuis son AVC, brûlures",
    "alerts": "none",
    "category": "neuropathic_central",
    "dn4_mode": "skip",
    "months": "12",
    "intensity": "7",
    "treatments_tried": ("pregabalin",),
    "treatments": "prégabaline, kinésithérapie",
    "refractory": "oui",
    "age": "adult",
    "place": "Lyon",
    "radius": "100",
    "screening": (),
}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def dialogue(gazetteer):
    return Dialogue(gazetteer)


def run(dialogue: Dialogue, answers: dict[str, object]) -> None:
    """Answer whatever the dialogue asks, from ``answers``, until it is complete."""
    for _ in range(30):
        step = dialogue.current
        if step is None:
            return
        outcome = dialogue.answer(step.id, answers[step.id])
        assert outcome.status == ACCEPTED, (step.id, outcome)
    raise AssertionError("the conversation never ended")


def test_questions_come_in_the_documented_order(dialogue):
    asked = []
    for _ in range(30):
        step = dialogue.current
        if step is None:
            break
        asked.append(step.id)
        dialogue.answer(step.id, ADULT_CENTRAL[step.id])
    assert asked == [s for s in STEP_IDS if s not in ("dn4", "child_age")]
    assert dialogue.complete


def test_a_complete_conversation_gives_the_intake(dialogue):
    run(dialogue, ADULT_CENTRAL)
    intake = dialogue.intake()
    assert intake.place.name == "Lyon"
    assert intake.pain_category == "neuropathic_central"
    assert intake.months == 12
    assert intake.intensity == 7
    assert intake.refractory is True
    assert intake.age is None and not intake.is_child
    assert intake.radius_km == 100
    assert intake.contraindications == frozenset()
    assert intake.dn4 is None
    assert intake.treatments == "prégabaline, kinésithérapie"
    assert intake.pain_text.startswith("douleur du bras")


@pytest.mark.parametrize(("age", "child_age"), [("child", "4"), ("12", None), ("17", None)])
def test_a_child_is_not_asked_the_tms_screening(dialogue, age, child_age):
    """No rTMS step under 18 (safety rule B): its screening is not asked; an adult's is."""
    answers = {**ADULT_CENTRAL, "age": age, "child_age": child_age}
    run(dialogue, answers)
    assert "screening" not in [step.id for step in dialogue.steps]
    intake = dialogue.intake()
    assert intake.is_child and not intake.screened and intake.contraindications == frozenset()


def test_an_adult_of_18_is_asked_the_tms_screening(dialogue):
    run(dialogue, {**ADULT_CENTRAL, "age": "18"})
    assert "screening" in [step.id for step in dialogue.steps] and dialogue.intake().screened


def test_intake_is_refused_before_the_end(dialogue):
    dialogue.answer("pain", "brûlures des pieds")
    with pytest.raises(ValueError):
        dialogue.intake()


def test_the_matched_category_is_offered_first_with_its_confidence(dialogue):
    dialogue.answer("pain", "brûlures et fourmillements des pieds, diabétique")
    assert dialogue.current.id == "alerts"  # warning signs come right after the description (domain.md A)
    dialogue.answer("alerts", "none")
    assert dialogue.current.id == "category"
    best = dialogue.pain_matches[0]
    choices = dialogue.choices("category")
    assert choices[0].value == best.category
    assert "%" in choices[0].detail
    assert str(round(best.score)) in dialogue.question("category")
    assert len(choices) == 10


def test_several_matches_are_offered_best_first(dialogue):
    dialogue.answer("pain", "douleur du bras depuis son AVC, brûlures")
    matches = dialogue.pain_matches
    assert len(matches) >= 2
    assert [c.value for c in dialogue.choices("category")[: len(matches)]] == [m.category for m in matches]
    assert dialogue.answer("category", "1").accepted
    assert dialogue.raw("category") == matches[0].category


def test_nothing_matched_asks_for_a_category_from_the_full_list(dialogue):
    dialogue.answer("pain", "asdfgh")
    assert dialogue.pain_matches == ()
    assert "asdfgh" in dialogue.question("category")
    assert len(dialogue.choices("category")) == 10
    assert not any(c.detail for c in dialogue.choices("category"))
    assert dialogue.answer("category", "Fibromyalgie").accepted
    assert dialogue.raw("category") == "fibromyalgia"


def test_a_category_can_be_picked_by_its_number(dialogue):
    dialogue.answer("pain", "asdfgh")
    first = dialogue.choices("category")[0]
    assert dialogue.answer("category", "1").accepted
    assert dialogue.raw("category") == first.value


@pytest.mark.parametrize(
    ("step", "raw"),
    [
        ("pain", "   "),
        ("category", "zzzz"),
        ("months", "beaucoup"),
        ("months", "-2"),
        ("intensity", "12"),
        ("intensity", "sept et demi"),
        ("refractory", "peut-être bien"),
        ("age", "vieux"),
        ("place", "Xqzwv"),
        ("place", ""),
        ("radius", "0"),
        ("radius", "5000"),
        ("screening", "pacemaker, licorne"),
    ],
)
def test_invalid_answers_get_a_message_and_change_nothing(dialogue, step, raw):
    run_until(dialogue, step)
    outcome = dialogue.answer(step, raw)
    assert outcome.status == ERROR
    assert outcome.message.strip()
    assert dialogue.current.id == step
    assert not dialogue.is_answered(step)


def run_until(dialogue: Dialogue, step_id: str) -> None:
    while dialogue.current is not None and dialogue.current.id != step_id:
        assert dialogue.answer(dialogue.current.id, ADULT_CENTRAL[dialogue.current.id]).accepted


def test_an_intensity_out_of_range_says_what_is_expected(dialogue):
    run_until(dialogue, "intensity")
    message = dialogue.answer("intensity", "12").message
    assert "12" in message and "10" in message


def test_a_mistyped_category_name_suggests_the_right_one(dialogue):
    dialogue.answer("pain", "asdfgh")
    outcome = dialogue.answer("category", "fibromialgia")
    assert outcome.status == ERROR
    assert "fibromyalgia" in outcome.message


def test_an_ambiguous_town_asks_which_one(dialogue):
    run_until(dialogue, "place")
    outcome = dialogue.answer("place", "Saint-Denis")
    assert outcome.status == NEEDS_CHOICE
    assert len(outcome.choices) >= 2
    assert len({c.detail for c in outcome.choices}) == len(outcome.choices)  # told apart by department
    assert dialogue.current.id == "place"
    assert "Saint-Denis" in dialogue.question("place")
    assert dialogue.choices("place") == outcome.choices
    second = outcome.choices[1]
    assert dialogue.answer("place", second.value).accepted
    assert dialogue.raw("place") == second.value.removeprefix(PLACE_PREFIX)
    assert dialogue.current.id == "radius"


def test_a_candidate_can_be_picked_by_its_number(dialogue):
    run_until(dialogue, "place")
    outcome = dialogue.answer("place", "Saint-Denis")
    assert dialogue.answer("place", "2").accepted
    assert dialogue.raw("place") == outcome.choices[1].value.removeprefix(PLACE_PREFIX)


def test_live_suggestions_show_postcode_and_department(dialogue):
    suggestions = dialogue.suggest_places("saint etien")
    assert 1 <= len(suggestions) <= 5
    top = suggestions[0]
    assert top.label == "Saint-Étienne"
    assert "42" in top.detail and "Loire" in top.detail
    assert dialogue.suggest_places("  ") == ()


def test_editing_an_answer_keeps_the_others_and_returns_to_the_route(dialogue):
    run(dialogue, ADULT_CENTRAL)
    dialogue.edit("place")
    assert dialogue.current.id == "place" and dialogue.editing
    assert dialogue.answer("place", "Brest").accepted
    assert dialogue.complete
    intake = dialogue.intake()
    assert intake.place.name == "Brest"
    assert intake.intensity == 7 and intake.months == 12


def test_editing_mid_way_returns_to_the_first_unanswered_question(dialogue):
    run_until(dialogue, "age")
    dialogue.edit("months")
    assert dialogue.current.id == "months"
    assert dialogue.answer("months", "24").accepted
    assert dialogue.current.id == "age"
    assert dialogue.raw("intensity") == 7


def test_a_new_description_asks_to_confirm_the_category_again(dialogue):
    run(dialogue, ADULT_CENTRAL)
    dialogue.edit("pain")
    assert dialogue.answer("pain", "mal partout, fibro").accepted
    assert dialogue.current.id == "alerts"  # a new description: warning signs asked again
    assert dialogue.answer("alerts", "none").accepted
    assert dialogue.current.id == "category"
    assert dialogue.answer("category", "fibromyalgia").accepted
    assert dialogue.complete
    assert dialogue.intake().pain_category == "fibromyalgia"


def test_back_reopens_the_previous_question(dialogue):
    run_until(dialogue, "intensity")
    assert dialogue.back().id == "months"
    assert dialogue.answer("months", "6").accepted
    assert dialogue.current.id == "intensity"


def test_back_at_the_first_question_does_nothing(dialogue):
    assert dialogue.back() is None
    assert dialogue.current.id == "pain"


def test_back_once_complete_reopens_the_last_question(dialogue):
    run(dialogue, ADULT_CENTRAL)
    assert dialogue.back().id == "screening"


def test_reset_forgets_everything(dialogue):
    run(dialogue, ADULT_CENTRAL)
    dialogue.reset()
    assert dialogue.current.id == "pain"
    assert dialogue.transcript() == ()


def test_a_child_is_asked_for_the_age(dialogue):
    answers = {**ADULT_CENTRAL, "age": "child", "child_age": "9"}
    run(dialogue, answers)
    assert dialogue.intake().age == 9
    assert dialogue.intake().is_child


def test_an_adult_age_is_refused_for_a_child(dialogue):
    run_until(dialogue, "age")
    dialogue.answer("age", "Enfant")
    outcome = dialogue.answer("child_age", "25")
    assert outcome.status == ERROR and "25" in outcome.message


def test_a_typed_age_needs_no_second_question(dialogue):
    run(dialogue, {**ADULT_CENTRAL, "age": "12"})
    assert dialogue.intake().age == 12
    assert "child_age" not in [s.id for s in dialogue.steps]


def test_dn4_interview_is_scored_out_of_7(dialogue):
    answers = {**ADULT_CENTRAL, "dn4_mode": "interview"}
    run_until(dialogue, "dn4")
    dialogue.answer("dn4_mode", "interview")
    items = dialogue.choices("dn4")
    assert len(items) == 7
    run(dialogue, {**answers, "dn4": tuple(c.value for c in items[:3])})
    result = dialogue.intake().dn4
    assert (result.score, result.out_of, result.positive) == (3, 7, True)
    label = dict((e.step_id, e.answer) for e in dialogue.transcript())["dn4"]
    assert "3/7" in label and "examen" in label


def test_full_dn4_has_ten_items(dialogue):
    run_until(dialogue, "dn4_mode")
    dialogue.answer("dn4_mode", "full")
    assert len(dialogue.choices("dn4")) == 10
    dialogue.answer("dn4", ())
    assert dialogue.raw("dn4") == ()


def test_changing_the_dn4_form_clears_its_ticks(dialogue):
    run_until(dialogue, "dn4_mode")
    dialogue.answer("dn4_mode", "full")
    dialogue.answer("dn4", [c.value for c in dialogue.choices("dn4")[:5]])
    dialogue.edit("dn4_mode")
    dialogue.answer("dn4_mode", "skip")
    assert not dialogue.is_answered("dn4")


def test_screening_answers_become_contraindications(dialogue):
    run(dialogue, {**ADULT_CENTRAL, "screening": ("pacemaker", "pregnancy")})
    assert dialogue.intake().contraindications == {"pacemaker", "pregnancy"}


def test_screening_accepts_none_typed(dialogue):
    run(dialogue, {**ADULT_CENTRAL, "screening": "aucune"})
    assert dialogue.intake().contraindications == frozenset()


def test_the_transcript_follows_the_language(dialogue):
    run(dialogue, ADULT_CENTRAL)
    french = {e.step_id: e for e in dialogue.transcript()}
    assert french["refractory"].answer == "Oui"
    assert french["months"].answer == "12 mois"
    i18n.set_language("en")
    english = {e.step_id: e for e in dialogue.transcript()}
    assert english["refractory"].answer == "Yes"
    assert english["months"].answer == "12 months"
    assert english["place"].answer == french["place"].answer  # a town's name is not translated
    assert dialogue.question("radius") != ""
    assert english["pain"].question != french["pain"].question


def test_the_place_label_tells_namesakes_apart(dialogue):
    run(dialogue, ADULT_CENTRAL)
    label = {e.step_id: e.answer for e in dialogue.transcript()}["place"]
    assert label.startswith("Lyon (69") and "Rhône" in label


def test_closed_questions_take_the_number_of_a_reply_but_the_age_asks_which_reading(dialogue):
    run_until(dialogue, "refractory")
    assert dialogue.answer("refractory", "2").accepted
    assert dialogue.raw("refractory") is False
    outcome = dialogue.answer("age", "2")  # two years old, or the second reply ("child")?
    assert outcome.status == NEEDS_CHOICE
    assert [c.value for c in outcome.choices] == ["years:2", "child"]
    assert not dialogue.is_answered("age")
    assert dialogue.answer("age", "years:2").accepted
    assert dialogue.raw("age") == 2
    assert dialogue.current.id == "place"


@pytest.mark.parametrize(("typed", "age"), [("2 ans", 2), ("45", 45), ("1 year", 1)])
def test_an_age_that_cannot_be_a_reply_number_is_taken_at_once(dialogue, typed, age):
    run_until(dialogue, "age")
    assert dialogue.answer("age", typed).accepted
    assert dialogue.raw("age") == age


def test_the_dn4_items_come_under_the_questions_of_the_form():
    from finder.clinical import dn4

    dialogue = Dialogue()
    dialogue.answer("pain", "brûlures des pieds, diabétique")
    dialogue.answer("category", "neuropathic_peripheral")
    dialogue.answer("dn4_mode", "full")
    headings = [choice.heading for choice in dialogue.choices("dn4") if choice.heading]
    assert headings == list(dict.fromkeys(item.question for item in dn4.DN4_ITEMS))  # the four questions
    assert headings[1].startswith("La douleur est-elle associée dans la même région")


def test_an_empty_radius_takes_the_usual_100_km():
    dialogue = Dialogue()
    dialogue.answer("pain", "fibromyalgie")
    dialogue.answer("category", "fibromyalgia")
    while dialogue.current is not None and dialogue.current.id != "radius":
        step = dialogue.current.id
        raw = {
            "alerts": "none",
            "dn4_mode": "skip",
            "months": "12",
            "intensity": "5",
            "treatments": "",
            "refractory": "yes",
            "age": "adult",
            "place": "Lyon",
        }.get(step, "")
        assert dialogue.answer(step, raw).status == ACCEPTED, step
    assert dialogue.answer("radius", "  ").status == ACCEPTED
    assert dialogue.raw("radius") == 100.0


# --- answers proposed from the description (issue 13 item 8) ------------------------------------

SAID = "lombalgie depuis 18 mois, 7/10, sans soulagement, patiente de 45 ans"


def test_what_the_description_says_is_proposed_for_later_questions_never_stored(dialogue):
    dialogue.answer("pain", SAID)
    expected = {"months": "18", "intensity": "7", "refractory": "yes", "age": "years:45"}
    for step_id, value in expected.items():
        (proposal,) = dialogue.proposals(step_id)
        assert proposal.value == value
        assert proposal.detail  # the words it comes from are shown
        assert dialogue.choices(step_id)[0] == proposal  # first, hence highlighted
        assert not dialogue.is_answered(step_id)
    assert [c.value for c in dialogue.choices("refractory")] == ["yes", "no", "unknown"]  # numbers stay
    run_until(dialogue, "months")
    assert dialogue.answer("months", "18").accepted
    assert dialogue.raw("months") == 18
    assert dialogue.proposals("months") == ()  # answered: nothing proposed any more


def test_two_durations_in_the_description_are_both_proposed_and_the_hint_asks_to_choose(dialogue):
    dialogue.answer("pain", "douleur depuis 2 ans, aggravée depuis 3 mois")
    assert [c.value for c in dialogue.proposals("months")] == ["24", "3"]
    assert dialogue.hint("months").startswith(i18n.tr("dialogue.hint.proposed_several"))


def test_a_negated_duration_proposes_nothing(dialogue):
    dialogue.answer("pain", "pas de douleur depuis 2 ans, migraine depuis hier")
    assert all(c.value != "24" for c in dialogue.proposals("months"))


@pytest.mark.parametrize("typed", ["des années", "depuis des années", "for years", "Des Années"])
def test_for_years_is_a_long_duration_with_unknown_months(dialogue, typed):
    run_until(dialogue, "months")
    assert dialogue.answer("months", typed).accepted
    assert dialogue.answer_label("months").startswith("Des années")
    run_until(dialogue, "__end__")
    intake = dialogue.intake()
    assert intake.months is None and intake.long_duration


def test_for_years_counts_as_chronic_in_the_route():
    from finder.route.planning import is_chronic
    from tests.route.test_routing import intake as make_intake

    assert is_chronic(make_intake(months=None, long_duration=True)) is True
    assert is_chronic(make_intake(months=None)) is None


def test_des_mois_is_not_taken_for_a_long_duration(dialogue):
    run_until(dialogue, "months")
    assert dialogue.answer("months", "des mois").status == ERROR


@pytest.mark.parametrize("typed", ["ne sait pas", "NSP", "unknown", "Ne sait pas"])
def test_the_intensity_accepts_does_not_know(dialogue, typed):
    run_until(dialogue, "intensity")
    assert dialogue.choices("intensity")[-1].value == "unknown"
    assert dialogue.answer("intensity", typed).accepted
    assert dialogue.raw("intensity") is None and dialogue.is_answered("intensity")
    assert dialogue.answer_label("intensity") == "Ne sait pas"


# --- warning signs and first-line treatments (domain.md A and E) --------------------------------------


def test_warning_signs_nothing_ticked_is_not_none_domain_a(dialogue):
    """domain.md A: an empty checklist is refused; "none" must be said; "none" with a sign is refused."""
    dialogue.answer("pain", "lombalgie")
    assert dialogue.current.id == "alerts"
    assert dialogue.answer("alerts", ()).status == ERROR
    assert dialogue.answer("alerts", ("none", "fever")).status == ERROR
    assert dialogue.answer("alerts", "none").accepted
    assert dialogue.raw("alerts") == ()


def test_signs_found_in_the_description_are_proposed_ticked_not_taken_domain_a(dialogue):
    """domain.md A: detected signs are pre-ticked for the user to confirm; untouched until answered."""
    dialogue.answer("pain", "mal de tête brutal, le pire de ma vie, avec fièvre et raideur de nuque")
    proposed = dialogue.ticked("alerts")
    assert "thunderclap_headache" in proposed
    assert not dialogue.is_answered("alerts")
    assert dialogue.answer("alerts", ("thunderclap_headache",)).accepted  # the user unticked the others
    run(dialogue, {**ADULT_CENTRAL, "category": "migraine"})
    assert dialogue.intake().alerts == ("thunderclap_headache",)
    assert dialogue.intake().alerts_asked


def test_neuropathic_pain_asks_the_first_and_second_line_checklist_domain_e(dialogue):
    """domain.md E: neuropathic categories get the Moisset 2024 checklist; others do not."""
    run(dialogue, ADULT_CENTRAL)
    assert dialogue.intake().treatments_tried == ("pregabalin",)
    assert "treatments_tried" in [s.id for s in dialogue.steps]
    dialogue.edit("category")
    dialogue.answer("category", "low_back")
    assert "treatments_tried" not in [s.id for s in dialogue.steps]
    assert dialogue.intake().treatments_tried == ()


def test_one_year_is_singular_in_the_transcript(dialogue):
    run(dialogue, {**ADULT_CENTRAL, "age": "child", "child_age": "1"})
    i18n.set_language("fr")
    assert dialogue.answer_label("child_age") == "1 an"
    i18n.set_language("en")
    assert dialogue.answer_label("child_age") == "1 year"
