"""Keys in bursts and pasted text: nothing typed is lost or carried into the wrong question."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList, Static

from finder.tui.conversation import UNBREAKABLE_BLANK

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
        burst(app, "ybrulures\n")  # "yes", then the new patient's pain, before the screen is rebuilt
        await pilot.pause()
        await pilot.pause()
        assert app.view == "conversation"
        assert app.dialogue.raw("pain") == "brulures"
        assert app.dialogue.current.id == "alerts"  # the warning signs come right after the description


async def test_keys_typed_right_after_a_new_patient_mid_conversation_are_kept(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        send_key(app, "ctrl+n")
        await pilot.pause()
        burst(app, "ylomb")
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.current.id == "pain"
        assert app.query_one("#answer", Input).value == "lomb"


async def test_an_answer_burst_with_enter_inside_never_spills_into_the_next_question(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "lombalgie chronique\n1\n")  # as a dictation tool or a terminal without paste mode
        await pilot.pause()
        await pilot.pause()
        assert app.dialogue.raw("pain") == "lombalgie chronique"  # not "lombalgie chronique1"
        # "1⏎" is the next question's answer (the warning signs: item no. 1), typed ahead
        assert app.dialogue.raw("alerts") == (app.dialogue.choices("alerts")[0].value,)
        assert app.dialogue.current.id == "category"
        assert not app.query_one("#error", Static).display


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
