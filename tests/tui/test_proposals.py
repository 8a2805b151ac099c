"""What the description already says is proposed at the later questions, highlighted, and taken only
once confirmed; "des années" and "ne sait pas" are answers; error quotes stay on one line."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from finder.tui.conversation import UNBREAKABLE_BLANK

from .conftest import ADULT_CENTRAL, prefill, type_answer
from .test_conversation import burst

SIZE = (80, 24)
SAID = "lombalgie chronique depuis 18 mois, 7/10, sans soulagement"


async def test_a_duration_in_the_description_is_proposed_then_confirmed_with_enter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, "pain": SAID, "category": "low_back"}, until="months")
        replies = app.query_one("#replies", OptionList)
        assert app.focused is replies
        highlighted = str(replies.get_option_at_index(replies.highlighted).prompt)
        assert "18 mois" in highlighted and "« depuis 18 mois »" in highlighted
        assert "proposée" in str(app.query_one("#hint", Static).render()).replace(UNBREAKABLE_BLANK, " ")
        assert not app.dialogue.is_answered("months")  # shown, not taken
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.raw("months") == 18
        assert app.dialogue.current.id == "intensity"
        assert "7/10" in str(replies.get_option_at_index(replies.highlighted).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.dialogue.raw("intensity") == 7


async def test_a_proposal_can_be_overridden_by_typing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, {**ADULT_CENTRAL, "pain": SAID, "category": "low_back"}, until="months")
        burst(app, "24\n")
        await pilot.pause()
        assert app.dialogue.raw("months") == 24


async def test_for_years_is_accepted_at_the_duration(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        await type_answer(pilot, "des années")
        assert app.dialogue.raw("months") == "years"
        assert app.dialogue.current.id == "intensity"


async def test_the_intensity_offers_does_not_know(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="intensity")
        replies = app.query_one("#replies", OptionList)
        prompts = [str(replies.get_option_at_index(i).prompt) for i in range(replies.option_count)]
        assert prompts[-1] == "Ne sait pas"
        await type_answer(pilot, "ne sait pas")
        assert app.dialogue.is_answered("intensity") and app.dialogue.raw("intensity") is None


async def test_an_error_keeps_its_quoted_words_on_one_line(make_app):
    app = make_app()
    async with app.run_test(size=(40, 24)) as pilot:
        await prefill(pilot, ADULT_CENTRAL, until="months")
        await type_answer(pilot, "environ une vingtaine")
        error = app.query_one("#error", Static)
        lines = [line.text for line in error.render_lines(error.content_region.reset_offset)]
        quoted = [line for line in lines if "«" in line or "»" in line]
        assert quoted and all("«" in line and "»" in line for line in quoted), lines
        assert app.query_one("#answer", Input).value == "environ une vingtaine"


def test_quoted_words_and_french_punctuation_never_break_at_any_width():
    from textual.content import Content

    from finder.i18n import tr
    from finder.tui.conversation import _quotes_unbroken

    message = tr("clinical.answer.months", value="environ une vingtaine", max=1200)
    longest = max(len(word) for word in _quotes_unbroken(message).split())  # folded when wider
    for width in range(longest, 100):
        lines = [str(line) for line in Content(_quotes_unbroken(message)).wrap(width)]
        for line in lines:
            assert line.count("«") == line.count("»"), (width, lines)
            assert not line.lstrip().startswith((":", ";", "?", "!", "»")), (width, lines)
