"""The conversation view: the transcript of answers above the current question and its inputs.

It presents a :class:`finder.intake.dialogue.Dialogue` and nothing more: every answer goes through
``Dialogue.answer``, every text comes from the dialogue in the current language. The view keeps a
fixed set of input widgets (an ``Input``, an ``OptionList`` of quick replies or town suggestions, a
``SelectionList`` for checklists) and shows the ones the current step needs, so answering does not
rebuild the screen.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual._time import get_time  # the clock of ``events.Key.time``
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Button, Input, OptionList, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from finder.clinical import alerts
from finder.errors import FinderError
from finder.i18n import tr
from finder.intake.dialogue import ERROR, NEEDS_CHOICE, Choice, Dialogue, Step

HEADING = "heading:"  # value prefix of checklist rows that only show a question
# A checklist takes keys only from a run of keys begun after it was shown; a run is keys less than this
# many seconds apart (a burst from tmux, a dictation tool, or a typist who has not looked up yet).
TYPE_AHEAD_PAUSE = 0.5
_COMMAND_KEYS = re.compile(r"^(ctrl\+.*|f\d+|escape)$")  # never an answer: they act as typed


class TypeAheadGuard:
    """Tells the keys typed ahead into a checklist from the keys meant for it.

    A checklist is answered only by deliberate action on it once it is shown: keys typed before it
    appeared, or in the same run of keys (typed without a pause of ``pause`` seconds since before it
    appeared), are typed ahead. They are dropped, never applied: "1⏎" typed for the previous
    question must not tick the first warning sign, nor "0⏎" answer "none". Times are the keys' own
    (``events.Key.time``, when the terminal's bytes were read), not when they are handled.
    """

    def __init__(self, pause: float = TYPE_AHEAD_PAUSE) -> None:
        self.pause = pause
        self._last: float | None = None
        self._run_start = 0.0
        self._shown_at: float | None = None

    def saw(self, key_time: float) -> None:
        """Every key the app reads, in order, whatever it is for."""
        if self._last is None or key_time - self._last >= self.pause:
            self._run_start = key_time
        self._last = key_time if self._last is None else max(self._last, key_time)

    def shown(self, at: float | None) -> None:
        """A checklist is shown from ``at`` on (None: no checklist is shown)."""
        self._shown_at = at

    def typed_ahead(self, key: events.Key) -> bool:
        """True for a key of a run begun before the checklist was shown; command keys always pass."""
        if self._shown_at is None or _COMMAND_KEYS.match(key.key):
            return False
        return key.time < self._shown_at or self._run_start < self._shown_at


class AnswerLine(Static, can_focus=True):
    """One answered question in the transcript; Enter or a click reopens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("enter", "edit", ""),
        ("up", "app.focus_previous", ""),
        ("down", "app.focus_next", ""),
    ]

    class EditRequested(Message):
        def __init__(self, step_id: str) -> None:
            super().__init__()
            self.step_id = step_id

    def __init__(self, step_id: str, title: str, answer: str) -> None:
        super().__init__()
        self.set_entry(step_id, title, answer)

    def set_entry(self, step_id: str, title: str, answer: str) -> None:
        self.step_id = step_id
        self.update(Content.assemble((title, "bold"), " · ", answer))
        self.tooltip = tr("tui.edit_tooltip")

    def action_edit(self) -> None:
        self.post_message(self.EditRequested(self.step_id))

    def on_click(self) -> None:
        self.action_edit()


class Transcript(VerticalScroll):
    """The welcome line and one line per answer, newest at the bottom."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(classes="welcome")

    def show(self, dialogue: Dialogue) -> None:
        """Update the lines in place (answering adds one line; nothing is rebuilt)."""
        self.query_one(".welcome", Static).update(Content(tr("tui.welcome")))
        lines = list(self.query(AnswerLine))
        entries = dialogue.transcript()
        for line, entry in zip(lines, entries, strict=False):
            line.set_entry(entry.step_id, entry.question, entry.answer)
        for line in lines[len(entries) :]:
            line.remove()
        new = [AnswerLine(e.step_id, e.question, e.answer) for e in entries[len(lines) :]]
        if new:
            self.mount_all(new)
        self.call_after_refresh(self.scroll_end, animate=False)


class AnswerInput(Input):
    """The answer field; Enter submits at once, in key order, and a pasted text keeps all its lines.

    Textual resolves a key binding only once the key has bubbled up the DOM, asynchronously: a fast
    typist's next keys would reach the field first and be merged into this answer ("12", Enter, "7"
    recorded as 127 months). Enter is handled here: the field's text is taken as the answer and the
    field emptied at once, so whatever comes next (a burst "lombalgie⏎1⏎" from a dictation tool or a
    terminal without bracketed paste) starts the next answer, never continues this one.
    """

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.submit_now()
            return
        await super()._on_key(event)

    def submit_now(self) -> None:
        """Take the field's text as the answer and empty the field for what comes next."""
        value, self.value = self.value, ""
        self.post_message(self.Submitted(self, value))

    def _on_paste(self, event: events.Paste) -> None:
        """Lines of a pasted text are joined with spaces (Input keeps only the first), with a notice."""
        event.stop()
        event.prevent_default()
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if not lines:
            return
        text = " ".join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        if len(lines) > 1:
            self.app.notify(tr("tui.paste_joined", count=len(lines)))


class QuickReplies(OptionList):
    """Quick replies and town suggestions; Enter picks at once and typing goes to the answer field.

    Both happen here rather than through bindings or a parent's handler, for the reason given in
    :class:`AnswerInput`. Keys typed after a pick, before the next question is shown, are kept in
    ``typed_after_pick`` so that the conversation can hand them to the next question.
    """

    typed_after_pick = ""
    _picked = False
    _redirected = False  # keys were sent to the answer field: the next Enter submits that field

    def pick_handled(self) -> str:
        """The keys typed since the last pick (for the next question), and forget them."""
        typed, self.typed_after_pick, self._picked = self.typed_after_pick, "", False
        return typed

    def on_focus(self) -> None:
        self._redirected = False

    async def _on_key(self, event: events.Key) -> None:
        answer = self.screen.query_one("#answer", AnswerInput)
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if self._redirected and not self._picked:
                # "45⏎" typed while the list had the focus: the field is moving into focus, and this
                # Enter submits what was typed there, never the highlighted reply.
                self._redirected = False
                answer.submit_now()
                return
            self._picked = self.highlighted is not None
            self.action_select()
            return
        if answer.display and event.is_printable and event.character and event.character != " ":
            event.stop()
            event.prevent_default()
            answer.focus()
            if answer.selection.is_empty:
                answer.insert_text_at_cursor(event.character)
            else:  # the query kept after a question about it: what is typed now replaces it
                answer.replace(event.character, *sorted(answer.selection))
            if self._picked:
                self.typed_after_pick += event.character
            else:
                self._redirected = True
            return
        await super()._on_key(event)


class Checklist(SelectionList[str]):
    """A multi-select whose items may wrap: one box per item, on the item's first line, "X" when ticked
    and empty when not (SelectionList draws an "X" in both, told apart by colour only).

    Textual's ``SelectionList`` draws a box on every screen line and takes the line number for the
    item number, so a wrapped item shifts every box below it (ticking one item lit another's line) and
    the last items lose theirs. Here each line is mapped to its item; continuation lines and disabled
    rows (the DN4 questions shown as headings) get a blank gutter of the box's width.
    """

    BINDINGS: ClassVar[list[BindingType]] = [("enter", "how_to_tick", "")]

    GUTTER = ToggleButton.BUTTON_LEFT + ToggleButton.BUTTON_INNER + ToggleButton.BUTTON_RIGHT + " "
    UNTICKED = " " * len(ToggleButton.BUTTON_INNER)  # an empty box; ticked: ToggleButton's "X"

    class HowToTick(Message):
        """Enter or a letter on the list: it ticks nothing (Space does); the conversation says how."""

    def action_how_to_tick(self) -> None:
        self.post_message(self.HowToTick())

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character not in (None, " "):  # "1", "0", "o": never an answer
            event.stop()
            event.prevent_default()
            self.action_how_to_tick()
            return
        await super()._on_key(event)

    def render_line(self, y: int) -> Strip:
        line_number = self.scroll_offset.y + y
        lines = self._lines
        if line_number >= len(lines):
            return super().render_line(y)
        index, line_offset = lines[line_number]
        selection = self.get_option_at_index(index)
        if line_offset == 0 and not selection.disabled:
            return self._with_box(super(SelectionList, self).render_line(y), index)
        prompt = super(SelectionList, self).render_line(y)
        underlying = next(iter(prompt)).style if prompt.cell_length else None
        return Strip([Segment(" " * len(self.GUTTER), underlying or self.rich_style), *prompt])

    def _with_box(self, prompt: Strip, index: int) -> Strip:
        """``prompt`` (an item's first line) behind its box, styled as SelectionList styles it."""
        selection = self.get_option_at_index(index)
        component = "selection-list--button"
        ticked = selection.value in self._selected
        if ticked:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        underlying = (next(iter(prompt)).style if prompt.cell_length else None) or self.rich_style
        button = self.get_component_rich_style(component) + Style(meta={"option": index})
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + Style(meta={"option": index})
        return Strip(
            [
                Segment(ToggleButton.BUTTON_LEFT, side),
                # ticked or not is told by the glyph, not only by colour (NO_COLOR, TERM=xterm-mono)
                Segment(ToggleButton.BUTTON_INNER if ticked else self.UNTICKED, button),
                Segment(ToggleButton.BUTTON_RIGHT, side),
                Segment(" ", underlying),
                *prompt,
            ]
        )

    def get_content_height(self, container, viewport, width: int) -> int:
        """Lines as rendered: the prompts wrap beside the box, not under it."""
        return super().get_content_height(container, viewport, width - self._get_left_gutter_width())


class QuestionPanel(Vertical):
    """The current question, how to answer it, the inputs, and the last error."""

    def compose(self) -> ComposeResult:
        yield Static(id="question")
        yield Static(id="hint")
        yield AnswerInput(id="answer", select_on_focus=False)
        yield QuickReplies(id="replies")
        yield Checklist(id="checklist")
        with Horizontal(id="checklist-buttons"):
            yield Button(id="confirm", variant="primary", compact=True)
            yield Button(id="none", compact=True)
        yield Static(id="error")


class Conversation(Vertical):
    """The transcript and the question panel over one dialogue."""

    BINDINGS: ClassVar[list[BindingType]] = [("down", "to_replies", "")]

    class Completed(Message):
        """Every question is answered (again): time to (re)plan the route."""

    class LastQuestion(Message):
        """The last question is shown: the route comes next."""

    def __init__(self, dialogue: Dialogue, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dialogue = dialogue
        self._step: Step | None = None
        self.type_ahead = TypeAheadGuard()
        self._shown_checklist: Step | None = None  # the checklist on screen since type_ahead.shown
        self._dropped: list[str] = []  # what was typed ahead into a checklist, for the notice

    def compose(self) -> ComposeResult:
        yield Transcript(id="transcript")
        yield QuestionPanel(id="panel")
        yield Static(id="urgent")  # the warning signs' urgent advice, from the answer on (rule A)

    def on_mount(self) -> None:
        self.refresh_view()

    # --- presenting ----------------------------------------------------------------------------

    def refresh_view(self, *, error: str = "", keep_input: bool = False) -> None:
        """Show the transcript and the current question (in the current language)."""
        self.query_one(Transcript).show(self.dialogue)
        self._show_urgent()
        self.app.refresh_bindings()  # "go_back" is greyed out on the first question only
        step = self.dialogue.current
        self._step = step
        if step is None:
            self.type_ahead.shown(None)
            self._shown_checklist = None
            self._show_done()
            return
        self.query_one("#hint", Static).display = True
        number, total = self.dialogue.progress()
        if number == total and not self.dialogue.editing:
            self.post_message(self.LastQuestion())
        prefix = tr("tui.editing") if self.dialogue.editing else ""
        progress = prefix + tr("tui.progress", number=number, total=total)
        self.query_one("#question", Static).update(
            Content.assemble((progress + " · ", "dim"), _quotes_unbroken(self.dialogue.question(step.id)))
        )
        self.query_one("#hint", Static).update(Content(_quotes_unbroken(self.dialogue.hint(step.id))))
        self.show_error(error)
        answer = self.query_one("#answer", Input)
        checklist = self.query_one("#checklist", SelectionList)
        buttons = self.query_one("#checklist-buttons")
        is_checklist = step.kind == "checklist"
        answer.display = not is_checklist
        checklist.display = buttons.display = is_checklist
        if not keep_input:
            answer.value = self._prefill(step)
            answer.cursor_position = len(answer.value)  # at its end, nothing selected from before
        answer.placeholder = tr(f"tui.placeholder.{step.kind}")
        if not is_checklist:
            self.type_ahead.shown(None)
        elif step is not self._shown_checklist:  # shown again (another language): still the same list
            self.type_ahead.shown(get_time())
        self._shown_checklist = step if is_checklist else None
        if is_checklist:
            self.query_one("#replies", OptionList).display = False
            self._fill_checklist(step)
            checklist.focus()
        else:
            choices = self.dialogue.choices(step.id)
            if step.kind == "place" and not choices and answer.value:
                choices = self.dialogue.suggest_places(answer.value)
            self._fill_replies(choices)
            proposed = bool(self.dialogue.proposals(step.id))  # confirmed with Enter, or answered otherwise
            if step.kind == "choice" or proposed or (step.kind == "place" and self.dialogue.choices(step.id)):
                self.query_one("#replies", OptionList).focus()
            else:
                answer.focus()

    def _show_urgent(self) -> None:
        """Confirmed warning signs: the route's urgent line (alerts.toml, with its sources) at once and
        for the rest of the conversation, under the questions: the route opens with it, but only a
        dozen questions later."""
        urgent = self.query_one("#urgent", Static)
        answer = self.dialogue.raw("alerts")
        signs = [str(sign) for sign in answer] if isinstance(answer, tuple) else []
        urgent.display = bool(signs)
        if signs:  # the signs themselves are on their line of the transcript
            urgent.update(Content("⚠ " + _quotes_unbroken(alerts.urgent_line())))

    def _show_done(self) -> None:
        """Everything is answered: say how to see the route or change an answer; focus the last one."""
        self.query_one("#question", Static).update(Content(tr("tui.done")))
        for selector in ("#hint", "#answer", "#replies", "#checklist", "#checklist-buttons", "#error"):
            self.query_one(selector).display = False
        lines = self.query(AnswerLine)
        if lines:
            lines.last().focus()

    def _prefill(self, step: Step) -> str:
        """Reopening a free-text answer puts it back in the input, ready to be corrected."""
        if step.kind == "free_text" and self.dialogue.is_answered(step.id):
            return str(self.dialogue.raw(step.id))
        return ""

    def _fill_replies(self, choices: tuple[Choice, ...]) -> None:
        replies = self.query_one("#replies", OptionList)
        replies.clear_options()
        # Closed questions and town candidates are numbered: typing the number answers them.
        step = self._step
        numbered = step is not None and (
            (step.kind == "choice" and step.by_number)
            or (step.kind == "place" and bool(self.dialogue.choices(step.id)))
        )
        replies.add_options(
            [
                Option(_choice_content(c, f"{index}. " if numbered else ""), id=c.value)
                for index, c in enumerate(choices, 1)
            ]
        )
        replies.display = bool(choices)
        raw = self.dialogue.raw(self._step.id) if self._step else None
        values = [c.value for c in choices]
        if raw is not None and str(raw) in values:  # reopening: the cursor on the current answer
            replies.highlighted = values.index(str(raw))
        elif choices:
            replies.highlighted = 0

    def _fill_checklist(self, step: Step) -> None:
        checklist = self.query_one("#checklist", SelectionList)
        ticked = set(self.dialogue.ticked(step.id))  # detected warning signs come proposed, to confirm
        checklist.clear_options()
        rows: list[Selection[str]] = []
        for choice in self.dialogue.choices(step.id):
            if choice.heading:  # a DN4 question, shown as a row that cannot be ticked
                rows.append(
                    Selection(Content.styled(choice.heading, "italic"), HEADING + choice.value, disabled=True)
                )
            rows.append(Selection(_choice_content(choice), choice.value, choice.value in ticked))
        checklist.add_options(rows)
        first_item = next((i for i, row in enumerate(rows) if not row.disabled), None)
        if first_item is not None:
            checklist.highlighted = first_item
        self.query_one("#confirm", Button).label = tr("tui.confirm")
        none = self.query_one("#none", Button)
        none.label = tr(f"tui.none.{step.id}")

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Content(_quotes_unbroken(message)))
        error.display = bool(message)

    # --- answering -----------------------------------------------------------------------------

    def submit(
        self, raw: object, *, typed_ahead: str = "", from_field: bool = False, from_checklist: bool = False
    ) -> None:
        """Give ``raw`` to the dialogue for the current step and move on (or show what is wrong).

        ``typed_ahead``: keys the user typed after submitting, before this was handled; they belong to
        the next question and are put back in the answer field instead of being lost (not in a
        checklist: see :meth:`drop`). ``from_field``: ``raw`` was taken out of the answer field, which
        gets it back when it must be corrected. ``from_checklist``: ``raw`` comes from the checklist's
        buttons, the only answer a checklist takes: a text typed ahead and submitted once the question
        had become a checklist ("1⏎", "0⏎" after the description) is dropped, never an answer.
        """
        step = self._step
        if step is None:
            return
        if step.kind == "checklist" and not from_checklist:
            self.drop(f"{raw}⏎{typed_ahead}")
            return
        outcome = self.dialogue.answer(step.id, raw)
        answer = self.query_one("#answer", Input)
        if outcome.status in (ERROR, NEEDS_CHOICE) and from_field:
            answer.value = f"{raw}{answer.value}"  # everything typed stays, to be corrected
            answer.cursor_position = len(str(raw))
        if outcome.status == ERROR:
            self.show_error(outcome.message)
            return
        if outcome.status == NEEDS_CHOICE:
            self.refresh_view(keep_input=True)
            if step.kind == "place" and from_field and not typed_ahead:
                # the query stays in sight, selected: a candidate's number (or a new name) typed next
                # replaces it ("cambles", then "1": Chambles, never "cambles1"); an arrow key keeps it
                answer.select_all()
            if step.id == "age":  # "1": an age or a reply's number? no default, a stray Enter picks nothing
                self.query_one("#replies", OptionList).highlighted = None
            return
        self.refresh_view()
        if typed_ahead and answer.display:
            self.start_with(typed_ahead)
        elif typed_ahead and self._step is not None and self._step.kind == "checklist":
            self.drop(typed_ahead)
        if self.dialogue.complete:
            self.post_message(self.Completed())

    def start_with(self, typed: str) -> None:
        """Put ``typed`` (typed ahead, or kept while the new-patient question was shown) in the answer
        field, the cursor after it."""
        answer = self.query_one("#answer", Input)
        if typed and answer.display:
            answer.value = typed
            answer.cursor_position = len(typed)
            answer.focus()

    def edit(self, step_id: str) -> None:
        self.dialogue.edit(step_id)
        self.refresh_view()

    def back(self) -> bool:
        """Reopen the previous question; False when there is none."""
        if self.dialogue.back() is None:
            return False
        self.refresh_view()
        return True

    @on(Input.Submitted, "#answer")
    def _typed(self, event: Input.Submitted) -> None:
        """The field was emptied on Enter: what it holds now was typed after, for the next question."""
        event.stop()
        self.submit(event.value, typed_ahead=event.input.value, from_field=True)

    @on(Input.Changed, "#answer")
    def _typing(self, event: Input.Changed) -> None:
        """Live town suggestions: the gazetteer answers in well under a millisecond, no debounce."""
        event.stop()
        if self._step is not None and self._step.kind == "place":
            try:
                self._fill_replies(self.dialogue.suggest_places(event.value))
            except FinderError as error:  # the gazetteer cannot be read: say so, keep what was typed
                self.show_error(str(error))

    @on(OptionList.OptionSelected, "#replies")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit(event.option.id, typed_ahead=self.query_one(QuickReplies).pick_handled())

    @on(Button.Pressed, "#confirm")
    def _confirmed(self, event: Button.Pressed) -> None:
        """Nothing ticked is not "none of these": the user must say so with the other button."""
        event.stop()
        ticked = tuple(self.query_one("#checklist", SelectionList).selected)
        if not ticked and self._step is not None:
            self.show_error(tr("tui.nothing_ticked", none=tr(f"tui.none.{self._step.id}")))
            self.query_one("#checklist", SelectionList).focus()
            return
        self.submit(ticked, from_checklist=True)

    @on(Button.Pressed, "#none")
    def _none(self, event: Button.Pressed) -> None:
        event.stop()
        # an explicit "none": for warning signs, nothing ticked is not "none"
        self.submit("none", from_checklist=True)

    @on(Checklist.HowToTick)
    def _how_to_tick(self, event: Checklist.HowToTick) -> None:
        event.stop()
        if self._step is not None:
            self.show_error(tr("tui.how_to_tick", none=tr(f"tui.none.{self._step.id}")))

    # --- keys typed ahead into a checklist -----------------------------------------------------

    def swallow(self, key: events.Key) -> bool:
        """True when ``key`` was typed ahead into the checklist shown: it is dropped (and said)."""
        if not self.type_ahead.typed_ahead(key):
            return False
        self.drop("⏎" if key.key == "enter" else (key.character or "") if key.is_printable else "")
        return True

    def drop(self, typed: str) -> None:
        """Keys typed ahead into a checklist are never applied; one notice per burst says what was lost."""
        if not self._dropped:
            self.call_later(self._say_dropped)
        self._dropped.append(typed)

    def _say_dropped(self) -> None:
        typed, self._dropped = "".join(self._dropped), []
        shown = typed if len(typed) <= 40 else typed[:39] + "…"
        key = "tui.typed_ahead_dropped" if shown.strip("⏎ ") else "tui.typed_ahead_dropped_keys"
        self.app.notify(tr(key, typed=shown), severity="warning", markup=False)

    @on(AnswerLine.EditRequested)
    def _edit_requested(self, event: AnswerLine.EditRequested) -> None:
        event.stop()
        self.edit(event.step_id)

    def action_to_replies(self) -> None:
        """Down arrow in the input moves to the quick replies or the town suggestions."""
        replies = self.query_one("#replies", OptionList)
        if self.screen.focused is self.query_one("#answer", Input) and replies.display:
            replies.focus()


# A blank that Textual's line wrapping never breaks at. It breaks at every character Python counts as
# whitespace, the no-break spaces (U+00A0, U+202F) included; the blank braille cell is not one, and
# is drawn as a space. Only used on screen (question, hint, error lines), never in exports.
UNBREAKABLE_BLANK = "\u2800"
_BEFORE_PUNCTUATION = re.compile(r" ([;:?!])")  # French spacing: "; : ? !" never start a line
_QUOTED = re.compile(r"«\s*([^«»]*?)\s*»|\"([^\"]*)\"")


def _quotes_unbroken(message: str) -> str:
    """« quoted words » and "quoted words" kept on one line (an error must not leave « alone at the
    end of a line), and ; : ? ! never starting one: those spaces become UNBREAKABLE_BLANK."""

    def glue(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            inner = match.group(1).replace(" ", UNBREAKABLE_BLANK)
            return f"«{UNBREAKABLE_BLANK}{inner}{UNBREAKABLE_BLANK}»"
        return '"' + match.group(2).replace(" ", UNBREAKABLE_BLANK) + '"'

    return _BEFORE_PUNCTUATION.sub(UNBREAKABLE_BLANK + r"\1", _QUOTED.sub(glue, message))


def _choice_content(choice: Choice, prefix: str = "") -> Content:
    if not choice.detail:
        return Content(prefix + choice.label)
    return Content.assemble(prefix + choice.label, ("  " + choice.detail, "dim"))
