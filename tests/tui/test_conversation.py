"""Whole conversations driven through the Textual app (``App.run_test``), keyboard and mouse."""

from __future__ import annotations

import json

import pytest
from textual.command import CommandList
from textual.widgets import Input, Markdown, OptionList, Static

from finder import i18n
from finder.errors import FinderError
from finder.route.render import note_text, step_title
from finder.tui.app import SourcesScreen
from finder.tui.conversation import TYPE_AHEAD_PAUSE, UNBREAKABLE_BLANK, AnswerLine, Conversation
from finder.tui.dialogs import ConfirmScreen
from finder.tui.export_screen import ExportScreen
from finder.tui.route_panel import MarkdownText, md_escape

from .conftest import ADULT_CENTRAL, CENTRES, converse, option_prompts, prefill, type_answer

SIZE = (100, 30)


def steps_text(app) -> str:
    return app.query_one("#route-steps", MarkdownText).source


def answer_lines(app) -> dict[str, str]:
    return {line.step_id: str(line.render()) for line in app.query(AnswerLine)}


async def test_the_first_question_is_ready_for_typing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one("#answer", Input)
        assert "Décrivez la douleur" in str(app.query_one("#question", Static).render())
        for key in "brulures":
            await pilot.press(key)
        assert app.query_one("#answer", Input).value == "brulures"


async def test_adult_central_pain_near_an_rtms_centre_gets_an_rtms_step(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await converse(pilot, ADULT_CENTRAL)
        assert app.dialogue.complete
        assert app.view == "route"
        kinds = [step.kind for step in app.route.steps]
        assert "rtms" in kinds
        rtms_step = next(step for step in app.route.steps if step.kind == "rtms")
        assert rtms_step.centres == ("lyon-cetd",)
        assert md_escape(step_title(rtms_step)) in steps_text(app)


async def test_a_pacemaker_removes_the_rtms_step_and_says_why(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await converse(pilot, {**ADULT_CENTRAL, "screening": ("pacemaker",)})
        assert "rtms" not in [step.kind for step in app.route.steps]
        assert app.route.rtms.blocked_by == ("pacemaker",)
        assert app.route.rtms.reasons
        shown = steps_text(app)
        assert "Stimulateur ou défibrillateur cardiaque" in shown
        assert answer_lines(app)["screening"].endswith("sonde intracardiaque ?")


async def test_a_child_is_routed_to_a_structure_taking_children(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await converse(pilot, {**ADULT_CENTRAL, "age": "enfant", "child_age": "9", "months": "2"})
        assert app.route.intake.age == 9
        sdc = next(step for step in app.route.steps if step.kind == "sdc_evaluation")
        assert sdc.centres[0] == "lyon-enfants"


async def test_an_ambiguous_town_asks_which_one(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await type_answer(pilot, "Saint-Denis")
        assert app.dialogue.current.id == "place"
        assert "Plusieurs communes" in str(app.query_one("#question", Static).render())
        prompts = option_prompts(pilot)
        assert len(prompts) >= 2 and all("Saint-Denis" in p for p in prompts[:2])
        replies = app.query_one("#replies", OptionList)
        assert app.focused is replies
        second = replies.get_option_at_index(1).id
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.dialogue.current.id == "radius"
        assert app.dialogue.raw("place") == second.removeprefix("insee:")


# homonyms, a typo of several names, a region, a foreign town (its nearest communes), a code that is no
# postcode
@pytest.mark.parametrize("query", ["Saint-Denis", "cambles", "La Réunion", "Monaco", "13000"])
async def test_a_candidates_number_typed_after_a_town_question_picks_it(make_app, query):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await type_answer(pilot, query)
        assert app.dialogue.current.id == "place"
        field = app.query_one("#answer", Input)
        assert field.value == query and field.selected_text == query  # kept in sight, selected
        replies = app.query_one("#replies", OptionList)
        number = min(2, replies.option_count)
        picked = replies.get_option_at_index(number - 1).id
        await pilot.press(str(number), "enter")
        await pilot.pause()
        assert app.dialogue.current.id == "radius"
        assert app.dialogue.raw("place") == picked.removeprefix("insee:")


async def test_a_new_name_typed_after_a_town_question_replaces_the_query(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await type_answer(pilot, "cambles")
        for key in "brest":
            await pilot.press(key)
        await pilot.pause()
        assert app.query_one("#answer", Input).value == "brest"
        await pilot.press("enter")
        await pilot.pause()
        assert answer_lines(app)["place"].endswith("Brest (29200, Finistère)")


async def test_an_arrow_after_a_town_question_keeps_the_query_to_correct(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await type_answer(pilot, "chambls")
        assert app.dialogue.current.id == "place"
        field = app.query_one("#answer", Input)
        field.focus()
        await pilot.press("end", "left", "e")
        await pilot.pause()
        assert field.value == "chambles"


async def test_an_answer_reopened_after_a_town_question_is_typed_after_not_over(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await type_answer(pilot, "cambles")  # asked: the query stays, selected
        app.query_one(Conversation).edit("pain")
        await pilot.pause()
        field = app.query_one("#answer", Input)
        field.focus()
        await pilot.press("x")
        await pilot.pause()
        assert field.value == ADULT_CENTRAL["pain"] + "x"


async def test_town_suggestions_follow_the_typing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        for key in "brest":
            await pilot.press(key)
        await pilot.pause()
        prompts = option_prompts(pilot)
        assert 1 <= len(prompts) <= 5
        assert prompts[0].startswith("Brest") and "Finistère" in prompts[0]
        await pilot.press("down", "enter")  # down leaves the input for the suggestions
        await pilot.pause()
        assert app.dialogue.current.id == "radius"
        assert answer_lines(app)["place"].endswith("Brest (29200, Finistère)")


async def test_a_town_with_no_centre_in_range_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, "place": "Ajaccio", "radius": "30"})
        assert app.route.centres and not any(c.within_radius for c in app.route.centres)
        assert app.route.warnings
        assert note_text(app.route.warnings[0]) in steps_text(app).replace("\\", "")


async def test_changing_the_town_after_the_route_replans_without_starting_over(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        assert app.route.intake.place.name == "Lyon"
        await pilot.press("f2")
        await pilot.pause()
        assert app.view == "conversation"
        place_line = next(line for line in app.query(AnswerLine) if line.step_id == "place")
        await pilot.click(place_line)
        await pilot.pause()
        assert app.dialogue.current.id == "place"
        await type_answer(pilot, "Brest")
        assert app.view == "route"
        assert app.route.intake.place.name == "Brest"
        assert app.route.intake.intensity == 7 and app.route.intake.refractory is True
        assert "Brest" in app.query_one("#route-summary", Static).render().plain


async def test_escape_goes_back_one_question_and_keeps_the_answers(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="treatments")
        await pilot.press("escape")
        await pilot.pause()
        assert app.dialogue.current.id == "treatments_tried"
        await pilot.press("escape")
        await pilot.pause()
        assert app.dialogue.current.id == "intensity"
        await pilot.press("3", "enter")
        await pilot.pause()
        assert app.dialogue.raw("intensity") == 3
        assert app.dialogue.current.id == "treatments"


@pytest.mark.parametrize(
    ("step", "typed", "expected"),
    [
        ("intensity", "12", "12"),
        ("months", "beaucoup", "beaucoup"),
        ("place", "Xqzwv", "Xqzwv"),
        ("pain", "   ", "Décrivez"),
    ],
)
async def test_an_invalid_answer_gets_an_inline_message_and_is_not_lost(make_app, step, typed, expected):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until=step)
        await type_answer(pilot, typed)
        error = app.query_one("#error", Static)
        assert error.display and expected in str(error.render())
        assert app.dialogue.current.id == step
        assert app.query_one("#answer", Input).value == typed  # still there, to be corrected
        await type_answer(pilot, str(ADULT_CENTRAL[step]))
        assert app.dialogue.current.id != step
        assert not app.query_one("#error", Static).display


async def test_switching_language_relabels_the_transcript_and_the_route(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        planned = app.route
        assert "Évaluation en structure douleur" in steps_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert i18n.get_language() == "en"
        assert app.route is planned  # re-rendered, not re-planned
        assert "Evaluation in a chronic pain structure" in steps_text(app)
        assert app.view == "route"
        await pilot.press("f2")
        await pilot.pause()
        lines = answer_lines(app)
        assert lines["refractory"] == "Usual treatments · Yes"
        assert lines["months"].endswith("12 months")


async def test_the_language_option_starts_in_english(make_app):
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Describe the patient's pain" in str(app.query_one("#question", Static).render())


async def test_new_patient_asks_before_clearing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="age")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.dialogue.current.id == "age"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.dialogue.current.id == "pain"
        assert not list(app.query(AnswerLine))


EXPORT_CHECKS = {
    "markdown": lambda text: text.lstrip().startswith("#") and "Lyon" in text,
    "text": lambda text: "Lyon" in text and not text.lstrip().startswith("#"),
    "json": lambda text: json.loads(text)["place"]["name"] == "Lyon",
    "letter": lambda text: "Lyon" in text and "Hôpital Test Lyon" in text,
}


async def test_export_writes_each_format(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await prefill(pilot, ADULT_CENTRAL)
        for fmt, check in EXPORT_CHECKS.items():
            before = set(tmp_path.iterdir())
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.click(f"#fmt-{fmt}")
            await pilot.click("#export-save")
            await pilot.pause()
            assert not isinstance(app.screen, ExportScreen)
            (written,) = set(tmp_path.iterdir()) - before
            assert check(written.read_text(encoding="utf-8")), fmt


async def test_export_is_not_offered_before_the_route(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert app.check_action("export", ()) is False


async def test_the_palette_action_shows_the_directory_sources(make_app, directory):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("show_sources")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        text = app.screen.query_one(Markdown).source
        assert str(directory) in text
        assert i18n.tr("tui.sources.count", count=len(CENTRES)) in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SourcesScreen)


async def test_the_theme_toggles_between_light_and_dark(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark and "light" in app.theme


async def test_typing_on_the_quick_replies_goes_to_the_answer_field(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="refractory")
        assert app.focused is app.query_one("#replies", OptionList)
        await pilot.press("n", "o", "n", "enter")
        await pilot.pause()
        assert app.dialogue.raw("refractory") is False


async def test_once_answered_the_conversation_says_how_to_change_an_answer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        app.dialogue.answer("screening", ())  # answered, but the route is not needed here
        app.query_one(Conversation).refresh_view()
        await pilot.pause()
        assert "F2" in str(app.query_one("#question", Static).render())
        assert isinstance(app.focused, AnswerLine) and app.focused.step_id == "screening"
        await pilot.press("up", "up", "enter")  # the keyboard alone reaches any answer
        await pilot.pause()
        assert app.dialogue.current.id == "place"


async def test_the_palette_runs_the_main_actions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"langue")
        hits = app.screen.query_one(CommandList)
        for _ in range(100):  # the palette searches in the background
            if hits.option_count:
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await pilot.pause()
        assert i18n.get_language() == "en"
        assert "Describe the patient's pain" in str(app.query_one("#question", Static).render())


async def test_f1_opens_the_help_of_the_current_screen(make_app):
    from finder.tui.help_screen import HelpScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


class UnreadableGazetteer:
    """A gazetteer whose file is damaged: every lookup fails with the user-facing error."""

    def resolve(self, query, limit=10):
        raise FinderError("le fichier des communes est illisible ; réinstallez finder")

    def by_insee(self, insee):
        raise FinderError("le fichier des communes est illisible ; réinstallez finder")


async def test_an_unreadable_gazetteer_is_a_message_not_a_crash(make_app):
    app = make_app(places=UnreadableGazetteer())
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="place")
        await pilot.press(*"Lyon")
        await pilot.pause()
        assert "illisible" in str(app.query_one("#error", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.current.id == "place"
        assert "illisible" in str(app.query_one("#error", Static).render())
        assert app.is_running


def burst(app, keys: str) -> None:
    """Queue keys all at once, as a fast typist on a busy machine: none waits for the app to settle."""
    from textual import events

    for key in keys:
        name = {"\n": "enter", " ": "space", "\t": "tab"}.get(key, key)
        event = events.Key(name, None if key in "\n\t" else key)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_keys_typed_right_after_enter_belong_to_the_next_question(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        burst(app, "12\n7")  # duration, Enter, and the intensity typed before the app caught up
        await pilot.pause()
        assert app.dialogue.raw("months") == 12
        assert app.dialogue.current.id == "intensity"
        assert app.query_one("#answer", Input).value == "7"


async def test_keys_typed_right_after_picking_a_quick_reply_are_kept(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="age")
        assert app.focused is app.query_one("#replies", OptionList)
        burst(app, "\nLyo")  # Enter on the highlighted age group, then the town straight away
        await pilot.pause()
        assert app.dialogue.current.id == "place"
        assert app.query_one("#answer", Input).value == "Lyo"


async def test_signs_in_the_description_come_ticked_and_confirmed_signs_open_the_route(make_app):
    """domain.md A: detected signs are proposed ticked; once confirmed, the route opens with the banner."""
    from textual.widgets import Button, SelectionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "mal de tête brutal, le pire de ma vie, avec fièvre et raideur de nuque")
        assert app.dialogue.current.id == "alerts"
        checklist = app.query_one("#checklist", SelectionList)
        assert "thunderclap_headache" in checklist.selected  # proposed, not yet answered
        assert not app.dialogue.is_answered("alerts")
        app.query_one("#confirm", Button).focus()
        await pilot.pause(TYPE_AHEAD_PAUSE)  # read first: keys of the same run are typed ahead
        await pilot.press("enter")
        await pilot.pause()
        assert "thunderclap_headache" in app.dialogue.raw("alerts")
        await prefill(pilot, {**ADULT_CENTRAL, "category": "migraine"})
        assert app.view == "route"
        banner = app.query_one("#route-alert", Static)
        assert banner.display and "15" in str(banner.render())
        steps = steps_text(app)
        assert steps.index("15") < steps.index("## 1.")


async def test_a_confirmed_sign_shows_the_urgent_advice_at_once_and_until_the_route(make_app):
    """domain.md A: the urgent line (alerts.toml) under the questions as soon as a sign is confirmed."""
    from finder.clinical.alerts import urgent_line

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="alerts")
        urgent = app.query_one("#urgent", Static)
        assert not urgent.display  # nothing confirmed yet
        app.dialogue.answer("alerts", ("cauda_equina",))
        await prefill(pilot, ADULT_CENTRAL, until="months")
        assert urgent.display and urgent_line("fr") in str(urgent.render()).replace(UNBREAKABLE_BLANK, " ")
        await pilot.press("ctrl+l")  # the other language: the same clinical text, in English
        await pilot.pause()
        assert urgent_line("en") in str(urgent.render()).replace(UNBREAKABLE_BLANK, " ")
        await pilot.press("ctrl+l")
        await prefill(pilot, ADULT_CENTRAL, until="screening")
        assert urgent.display and app.dialogue.current.id == "screening"
        app.dialogue.edit("alerts")
        app.dialogue.answer("alerts", "none")  # corrected: no sign, no banner
        app.query_one(Conversation).refresh_view()
        await pilot.pause()
        assert not urgent.display


async def test_ticking_no_sign_and_confirming_is_refused(make_app):
    """domain.md A: nothing ticked is not "none"; the "none" button is."""
    from textual.widgets import Button

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_answer(pilot, "lombalgie")
        app.query_one("#confirm", Button).focus()
        await pilot.pause(TYPE_AHEAD_PAUSE)  # read first: keys of the same run are typed ahead
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.current.id == "alerts" and not app.dialogue.is_answered("alerts")
        assert app.query_one("#error", Static).display
        app.query_one("#none", Button).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.raw("alerts") == () and app.dialogue.current.id == "category"
