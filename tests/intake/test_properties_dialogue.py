"""The conversation never crashes, whatever is typed, in whatever order, going back or starting over.

A hypothesis state machine plays a user: it types random text or picks offered replies (by value,
by number, by label), ticks random checklist items, goes back, reopens any answered step, restarts,
switches language. After every move the conversation must be consistent; once complete, its Intake
must be valid and plan a route that renders in every format.
"""

from __future__ import annotations

import math
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from finder import i18n
from finder.clinical.pain import category_ids
from finder.clinical.screening import SCREENING_QUESTIONS
from finder.directory.catalog import load_catalog
from finder.intake.dialogue import ACCEPTED, ERROR, NEEDS_CHOICE, STEP_IDS, Dialogue
from finder.places.gazetteer import load_gazetteer
from finder.route.planning import plan_route
from finder.route.render import render

FORMATS = ("text", "markdown", "json", "letter")


@cache
def shipped_catalog():
    return load_catalog()


# What people type: anything, and the tricky neighbours of valid answers.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "11",
        "3,5",
        "1e309",
        "nan",
        "inf",
        "-inf",
        "²",
        "٣",
        "①",
        "10000000000000000000000",
        "aucun",
        "none",
        "oui",
        "non",
        "6 mois",
        "2 ans",
        "42000",
        "st etienne",
        "Saint",
        "paris",
        "brûlures",
        "1, 2, 99",
        ",,,",
        "place:",
        "place:99999",
        "\x00",
        "\u200b",
        "🙂" * 5,
    ]
)
TYPED = st.one_of(TRICKY, st.text(max_size=40), st.from_regex(r"[0-9 ,.-]{0,8}", fullmatch=True))


class Conversation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dialogue = Dialogue(places=load_gazetteer())

    # --- moves ---------------------------------------------------------------------------------

    def _answer(self, step_id: str, raw: object) -> None:
        outcome = self.dialogue.answer(step_id, raw)
        assert outcome.status in (ACCEPTED, ERROR, NEEDS_CHOICE)
        if outcome.status != ACCEPTED:
            assert isinstance(outcome.message, str) and outcome.message.strip(), outcome

    @precondition(lambda self: self.dialogue.current is not None)
    @rule(raw=TYPED)
    def type_anything(self, raw):
        self._answer(self.dialogue.current.id, raw)

    @precondition(lambda self: self.dialogue.current is not None)
    @rule(data=st.data(), how=st.sampled_from(["value", "number", "label", "label_upper"]))
    def pick_an_offered_reply(self, data, how):
        step = self.dialogue.current
        choices = self.dialogue.choices(step.id)
        if not choices:
            self._answer(step.id, data.draw(TYPED))
            return
        index = data.draw(st.integers(0, len(choices) - 1))
        choice = choices[index]
        raw = {
            "value": choice.value,
            "number": str(index + 1),
            "label": choice.label,
            "label_upper": choice.label.upper(),
        }[how]
        self._answer(step.id, raw)

    @precondition(lambda self: self.dialogue.current is not None)
    @rule(data=st.data())
    def tick_a_checklist(self, data):
        step = self.dialogue.current
        values = [choice.value for choice in self.dialogue.choices(step.id)]
        extra = st.sampled_from(["", "bogus", "seizure", "1", "99"])
        ticked = data.draw(st.lists(st.sampled_from(values) | extra if values else extra, max_size=5))
        self._answer(step.id, ticked if data.draw(st.booleans()) else ", ".join(ticked))

    @precondition(lambda self: self.dialogue.current is not None and self.dialogue.current.id == "place")
    @rule(name=st.sampled_from(["Saint-Denis", "Sainte-Marie", "Lyon", "42000", "Paris 15", "Beaulieu"]))
    def name_a_town(self, name):
        self._answer("place", name)
        # an ambiguous town offers candidates: pick one by number half of the time
        if self.dialogue.choices("place") and self.dialogue.current and self.dialogue.current.id == "place":
            self._answer("place", "1")

    @precondition(lambda self: self.dialogue.current is not None)
    @rule()
    def give_a_plausible_answer(self):
        """Moves the conversation forward, so that complete conversations are explored too."""
        step = self.dialogue.current
        choices = self.dialogue.choices(step.id)
        self._answer(step.id, GOOD.get(step.id) or (choices[0].value if choices else "oui"))

    @rule()
    def go_back(self):
        self.dialogue.back()

    @rule(data=st.data())
    def reopen_an_answered_step(self, data):
        answered = [step.id for step in self.dialogue.steps if self.dialogue.is_answered(step.id)]
        if answered:
            self.dialogue.edit(data.draw(st.sampled_from(answered)))

    @rule()
    def start_over(self):
        self.dialogue.reset()
        assert self.dialogue.current is not None and self.dialogue.current.id == STEP_IDS[0]
        assert self.dialogue.transcript() == ()

    @rule(language=st.sampled_from(i18n.LANGUAGES))
    def switch_language(self, language):
        i18n.set_language(language)

    # --- what must always hold -----------------------------------------------------------------

    @invariant()
    def the_state_is_consistent(self):
        d = self.dialogue
        steps = d.steps
        current = d.current
        assert current is None or current in steps
        number, total = d.progress()
        assert 1 <= number <= total == len(steps)
        for step in steps:  # every text of every applicable step can be shown
            assert d.title(step.id).strip()
            d.question(step.id)
            d.hint(step.id)
            d.choices(step.id)
        transcript = d.transcript()
        assert all(entry.answer is not None for entry in transcript)

    @invariant()
    def a_complete_conversation_gives_a_valid_intake(self):
        if not self.dialogue.complete:
            return
        intake = self.dialogue.intake()
        assert intake.pain_category in category_ids()
        assert intake.intensity is None or 0 <= intake.intensity <= 10
        assert intake.months is None or (math.isfinite(intake.months) and intake.months >= 0)
        assert math.isfinite(intake.radius_km) and intake.radius_km > 0
        assert intake.age is None or 0 <= intake.age < 130
        assert intake.contraindications <= {q.id for q in SCREENING_QUESTIONS}
        assert load_gazetteer().by_insee(intake.place.insee) == intake.place
        route = plan_route(intake, shipped_catalog())
        for fmt in FORMATS:
            assert render(route, fmt).strip()


TestConversation = Conversation.TestCase

# A plausible answer to every step, to reach any step quickly.
GOOD = {
    "pain": "brûlures dans les pieds",
    "treatments": "paracétamol",
    "months": "6",
    "intensity": "7",
    "child_age": "12",
    "place": "42000",
    "radius": "100",
}


def dialogue_at(step_id: str, *, child: bool = False, full_dn4: bool = False) -> Dialogue:
    """A conversation whose current step is ``step_id``, reached with plausible answers."""
    dialogue = Dialogue(places=load_gazetteer())
    while dialogue.current is not None and dialogue.current.id != step_id:
        step = dialogue.current.id
        if step == "age":
            raw = "child" if child else "adult"
        elif step == "dn4_mode":
            raw = "full" if full_dn4 else "interview"
        elif step in GOOD:
            raw = GOOD[step]
        else:
            raw = dialogue.choices(step)[0].value
        outcome = dialogue.answer(step, raw)
        if outcome.status == NEEDS_CHOICE:
            outcome = dialogue.answer(step, outcome.choices[0].value)
        assert outcome.status == ACCEPTED, (step, raw, outcome)
    assert dialogue.current is not None and dialogue.current.id == step_id
    return dialogue


@pytest.mark.parametrize("step_id", STEP_IDS)
@given(raw=TYPED)
def test_any_text_typed_at_any_step_gives_an_answer_or_a_message(step_id, raw):
    dialogue = dialogue_at(step_id, child=step_id == "child_age", full_dn4=True)
    outcome = dialogue.answer(step_id, raw)
    assert outcome.status in (ACCEPTED, ERROR, NEEDS_CHOICE)
    if outcome.status == ERROR:
        assert outcome.message.strip()
    dialogue.transcript()
