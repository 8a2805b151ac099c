"""Keys in bursts and pasted text: nothing typed is lost or carried into the wrong question."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from finder.tui.conversation import TYPE_AHEAD_PAUSE, UNBREAKABLE_BLANK, Checklist
from finder.tui.dialogs import ConfirmScreen

from .conftest import ADULT_CENTRAL, option_prompts, prefill
from .test_conversation import burst

SIZE = (100, 30)


def send_key(app, key: str) -> None:
    event = events.Key(key, None)
    event.set_sender(app)
    app._driver.send_message(event)


async def test_keys_typed_right_after_confirming_a_new_patient_start_the_first_answer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        assert app.view == "route"
        send_key(app, "ctrl+n")
        await pilot.pause()
        # Tab to "yes", Enter, then the new patient's pain, before the screen is rebuilt
        burst(app, "\t\nbrulures\n")
        await pilot.pause()
        await pilot.pause()
        assert app.view == "conversation"
        assert app.dialogue.raw("pain") == "brulures"
        assert app.dialogue.current.id == "alerts"  # the warning signs come right after the description


@pytest.mark.parametrize("typed", ["lombalgie chronique", "névralgie du trijumeau", "ylomb", "oui"])
async def test_letters_typed_into_the_new_patient_question_never_answer_it(make_app, typed):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        send_key(app, "ctrl+n")
        burst(app, typed)  # at once: "o" is not "oui", "n" is not "non"
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.typed == typed  # held, and shown
        assert typed in str(app.screen.query_one("#confirm-typed").render()).replace(UNBREAKABLE_BLANK, " ")
        assert app.dialogue.current.id == "months"  # nothing cleared


async def test_what_is_typed_into_the_new_patient_question_is_the_first_answer_after_yes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        send_key(app, "ctrl+n")
        await pilot.pause()
        burst(app, "lombalgie chronique")
        await pilot.pause()
        burst(app, "\t\n")  # "yes" chosen deliberately
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.dialogue.current.id == "pain"
        field = app.query_one("#answer", Input)
        assert field.value == "lombalgie chronique" and app.focused is field
        burst(app, "\n")
        await pilot.pause()
        assert app.dialogue.raw("pain") == "lombalgie chronique"


@pytest.mark.parametrize("answer", ["escape", "enter"], ids=["escape", "enter-on-no"])
async def test_what_is_typed_into_the_new_patient_question_is_dropped_after_no(make_app, answer):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        send_key(app, "ctrl+n")
        burst(app, "névralgie du trijumeau")
        send_key(app, answer)
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.dialogue.current.id == "months"  # the answers are kept
        assert app.dialogue.raw("pain") == ADULT_CENTRAL["pain"]
        assert app.query_one("#answer", Input).value == ""  # the typed text is dropped


async def test_keys_typed_right_after_a_new_patient_mid_conversation_are_kept(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        send_key(app, "ctrl+n")
        await pilot.pause()
        burst(app, "\t\nlomb")
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.current.id == "pain"
        assert app.query_one("#answer", Input).value == "lomb"


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.parametrize(
    "typed", ["1\n", "0\n", " \n", "1 \t\n", "\t\t\n"], ids=["1", "0-none", "space", "tick-tab", "tabs"]
)
async def test_an_answer_burst_never_answers_the_warning_signs_typed_ahead(make_app, typed):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # as a dictation tool or a terminal without paste mode: the description, then keys typed ahead
        burst(app, "lombalgie chronique\n" + typed)
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.raw("pain") == "lombalgie chronique"  # not "lombalgie chronique1"
        assert app.dialogue.current.id == "alerts"
        assert not app.dialogue.is_answered("alerts")  # "0⏎" is not "none", "1⏎" ticks nothing
        assert app.query_one("#checklist", Checklist).selected == []
        assert any("ignorées" in message for message in notices(app))


async def test_the_warning_signs_take_space_once_the_typist_has_paused(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "lombalgie chronique\n")
        await pilot.pause(TYPE_AHEAD_PAUSE + 0.1)  # the list is seen; the next key is deliberate
        await pilot.press("space")
        await pilot.pause()
        assert app.query_one("#checklist", Checklist).selected == [app.dialogue.choices("alerts")[0].value]
        assert not notices(app)


async def test_enter_or_a_number_on_a_checklist_ticks_nothing_and_says_how(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="alerts")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert app.query_one("#checklist", Checklist).selected == []
        assert not app.dialogue.is_answered("alerts")
        assert "Espace" in str(app.query_one("#error", Static).render())


async def test_a_choice_burst_never_answers_the_screening_checklist(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="radius")
        burst(app, "100\n0\n \n")  # the radius, then keys typed ahead into the TMS safety screening
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.raw("radius") == 100
        assert app.dialogue.current.id == "screening"
        assert not app.dialogue.is_answered("screening")
        assert app.query_one("#checklist", Checklist).selected == []
        assert app.view == "conversation"


async def test_a_quick_reply_picked_then_enter_typed_ahead_never_answers_a_checklist(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, "category": "neuropathic_peripheral"}, until="intensity")
        burst(app, "7\n\n\n")  # intensity, then Enter typed ahead: the treatments tried are a checklist
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.current.id == "treatments_tried"
        assert not app.dialogue.is_answered("treatments_tried")


async def test_a_paste_into_a_checklist_answers_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="alerts")
        app.query_one("#checklist", Checklist).post_message(events.Paste("0\n1\naucun\n"))
        await pilot.pause()
        assert not app.dialogue.is_answered("alerts")
        assert app.query_one("#checklist", Checklist).selected == []


async def test_a_text_pasted_before_the_checklist_then_submitted_answers_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#answer", Input)
        burst(app, "lombalgie\n")
        field.post_message(events.Paste("aucun"))  # pasted before the checklist replaced the field
        burst(app, "\n")
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.current.id == "alerts"
        assert not app.dialogue.is_answered("alerts")


async def test_a_refused_answer_in_a_burst_stays_in_the_field_to_be_corrected(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        burst(app, "douze\n")
        await pilot.pause()
        assert app.dialogue.current.id == "months"
        assert app.query_one("#answer", Input).value == "douze"
        assert app.query_one("#error", Static).display


async def test_a_multi_line_paste_keeps_every_line_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#answer", Input)
        field.post_message(events.Paste("douleur lombaire\n  irradiant dans la jambe\n\ndepuis 18 mois\n"))
        await pilot.pause()
        assert field.value == "douleur lombaire irradiant dans la jambe depuis 18 mois"
        notices = [n.message for n in app._notifications]
        assert any("3" in message for message in notices)


async def test_a_one_line_paste_says_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#answer", Input)
        field.post_message(events.Paste("lombalgie\n"))
        await pilot.pause()
        assert field.value == "lombalgie"
        assert not list(app._notifications)


async def test_typing_1_at_the_age_question_asks_whether_it_is_an_age_or_an_answer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="age")
        burst(app, "1\n")
        await pilot.pause()
        assert not app.dialogue.is_answered("age")
        assert "« 1 »" in str(app.query_one("#question", Static).render()).replace(UNBREAKABLE_BLANK, " ")
        prompts = option_prompts(pilot)
        assert len(prompts) == 2 and "1" in prompts[0] and "Adulte" in prompts[1]
        replies = app.query_one("#replies", OptionList)
        assert app.focused is replies and replies.highlighted is None  # no default reading
        await pilot.press("enter")  # a stray Enter picks nothing
        await pilot.pause()
        assert not app.dialogue.is_answered("age")
        await pilot.press("down", "down", "enter")  # the second reading: answer no. 1, adult
        await pilot.pause()
        assert app.dialogue.raw("age") == "adult"
        assert app.dialogue.current.id == "place"


async def test_the_age_confirmation_can_take_the_age(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="age")
        burst(app, "2\n")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first reading: 2 years old
        await pilot.pause()
        assert app.dialogue.raw("age") == 2


async def test_an_age_that_is_no_option_number_is_taken_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="age")
        burst(app, "45\n")
        await pilot.pause()
        assert app.dialogue.raw("age") == 45


async def test_the_same_checklist_shown_in_the_other_language_is_not_typed_ahead_again(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="alerts")
        await pilot.pause(TYPE_AHEAD_PAUSE)  # the list is read
        await pilot.press("ctrl+l", "space")  # English, then a tick: the list did not change
        await pilot.pause()
        assert app.query_one("#checklist", Checklist).selected == [app.dialogue.choices("alerts")[0].value]
