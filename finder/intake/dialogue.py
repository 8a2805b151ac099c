"""The conversation that turns a GP's or a helper's answers into an :class:`~finder.model.Intake`.

UI-agnostic: the Textual app (``finder.tui``) only presents it, so this module never imports Textual.
The questions are data (:data:`STEPS`); the answers are kept *raw* (ids, numbers, INSEE codes), never as
display text, so every label is rebuilt in the current language each time it is asked for: switching
language re-labels the whole transcript.

Going back never loses anything: :meth:`Dialogue.edit` reopens an answered step while keeping the later
answers, and once it is answered again the conversation returns to the first unanswered step, or to the
route when every step is answered. Only answers that are derived from the edited one are dropped (the
confirmed pain category when the description changes, the DN4 ticks when its form changes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from finder.clinical import alerts, dn4, pain, screening, treatments
from finder.clinical import texts as clinical_texts
from finder.clinical.alert_detect import detect_alerts
from finder.clinical.criteria import CHILD_AGE
from finder.errors import FinderError
from finder.i18n import tr
from finder.intake import answers
from finder.intake.answered import LONG_DURATION, Answers
from finder.model import DEFAULT_RADIUS_KM, Commune, Dn4Result, Intake, PainMatch, PlaceResolution
from finder.places import explain
from finder.places.decide import PlaceDecision, decide
from finder.places.label import commune_label
from finder.text import fold, format_number

STEP_KINDS = ("free_text", "choice", "number", "checklist", "place")
ACCEPTED, ERROR, NEEDS_CHOICE = "accepted", "error", "needs_choice"
SUGGESTION_LIMIT = 5
PLACE_PREFIX = "insee:"  # a choice value naming one commune exactly (a suggestion the user picked)
AGE_PREFIX = "years:"  # a choice value naming an age in years (when a typed number could be an option)
UNKNOWN = "unknown"  # the intensity answer "does not know"


class Places(Protocol):
    """What the conversation needs from :class:`finder.places.gazetteer.Gazetteer`."""

    def resolve(self, query: str, limit: int = 10) -> PlaceResolution: ...

    def by_insee(self, insee: str) -> Commune | None: ...


@dataclass(frozen=True, slots=True)
class Step:
    """One question. Its texts live in ``finder/locale/dialogue.toml`` under ``dialogue.step.<id>``."""

    id: str
    kind: str  # one of STEP_KINDS
    applies: Callable[[Answers], bool] = lambda answers: True
    by_number: bool = True  # a choice step whose replies may be picked by their number (not "age")


@dataclass(frozen=True, slots=True)
class Choice:
    """A quick reply or a checklist item: ``value`` is what :meth:`Dialogue.answer` takes back."""

    value: str
    label: str
    detail: str = ""
    heading: str = ""  # shown above the item: the DN4 question that the following items answer


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # ACCEPTED, ERROR or NEEDS_CHOICE
    message: str = ""
    choices: tuple[Choice, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status == ACCEPTED


@dataclass(frozen=True, slots=True)
class TranscriptEntry:
    step_id: str
    question: str  # the short title of the step, current language
    answer: str  # the answer's label, current language


def _child_age_applies(given: Answers) -> bool:
    return given.age == "child"


def _neuropathic_applies(given: Answers) -> bool:
    """The first- and second-line checklist is asked for the neuropathic categories (Moisset 2024)."""
    return "category" in given and pain.get_category(given.category).neuropathic


def _adult_applies(given: Answers) -> bool:
    """The TMS safety screening is asked for adults only: no rTMS step under 18 (the evidence is
    adult-only: Cochrane 2018, Lefaucheur 2020), so its screening would only cost the GP time."""
    if given.age == "child":
        return False
    return not (isinstance(given.age, int) and given.age < CHILD_AGE)


def _dn4_applies(given: Answers) -> bool:
    return given.dn4_mode in ("full", "interview")


# The order of the issue: pain in the user's words, category, optional DN4, duration, intensity,
# treatments tried (which, optional; then whether without enough relief), age group, town, radius, TMS
# safety screening.
STEPS: tuple[Step, ...] = (
    Step("pain", "free_text"),
    Step("alerts", "checklist"),  # warning signs right after the description (safety rule A)
    Step("category", "choice"),
    Step("dn4_mode", "choice"),
    Step("dn4", "checklist", _dn4_applies),
    Step("months", "number"),
    Step("intensity", "number"),
    Step("treatments_tried", "checklist", _neuropathic_applies),
    Step("treatments", "free_text"),
    Step("refractory", "choice"),
    Step("age", "choice", by_number=False),  # a typed number is the age in years
    Step("child_age", "number", _child_age_applies),
    Step("place", "place"),
    Step("radius", "number"),
    Step("screening", "checklist", _adult_applies),
)
STEP_IDS = tuple(step.id for step in STEPS)
_BY_ID = {step.id: step for step in STEPS}

# Which answers stop making sense when another one changes.
_DERIVED = {"pain": ("category", "alerts"), "dn4_mode": ("dn4",), "age": ("child_age",)}

MONTHS_REPLIES = (1, 3, 6, 12, 24)
_PROPOSED_STEPS = frozenset({"months", "intensity", "refractory", "age"})  # answers hints may propose
RADIUS_REPLIES = (30, 50, 100, 200)


class Dialogue:
    """The state of one conversation. One instance per patient; :meth:`reset` for the next one."""

    def __init__(self, places: Places | None = None) -> None:
        self._places = places
        self._answers = Answers()
        self._editing: str | None = None
        self._matches: tuple[PainMatch, ...] = ()
        self._pending: dict[str, tuple[Choice, ...]] = {}  # needs-choice candidates, by step
        self._pending_query: dict[str, str] = {}
        self._place_score: float | None = None
        self._detected_alerts: tuple[str, ...] = ()  # signs found in the description, to confirm
        self._place_decision: PlaceDecision | None = None  # the question on the place, while asked
        self._notice: dict[str, str] = {}  # what an accepted answer was read as, by step (a note)

    # --- state ---------------------------------------------------------------------------------

    @property
    def places(self) -> Places:
        if self._places is None:
            from finder.places.gazetteer import load_gazetteer

            self._places = load_gazetteer()
        return self._places

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps that apply given the answers so far, in order."""
        return tuple(step for step in STEPS if step.applies(self._answers))

    @property
    def current(self) -> Step | None:
        """The step waiting for an answer; ``None`` when everything is answered (show the route)."""
        if self._editing is not None:
            return _BY_ID[self._editing]
        return next((step for step in self.steps if step.id not in self._answers), None)

    @property
    def complete(self) -> bool:
        return self.current is None

    @property
    def editing(self) -> bool:
        """True while an already answered step is reopened."""
        return self._editing is not None

    def progress(self) -> tuple[int, int]:
        """(1-based number of the current step, number of steps that apply)."""
        steps = self.steps
        current = self.current
        return (steps.index(current) + 1 if current in steps else len(steps), len(steps))

    def is_answered(self, step_id: str) -> bool:
        return step_id in self._answers

    def raw(self, step_id: str) -> object | None:
        """The stored answer of a step (an id, a number, an INSEE code...), or None."""
        return self._answers.raw(step_id)

    @property
    def pain_matches(self) -> tuple[PainMatch, ...]:
        return self._matches

    def reset(self) -> None:
        """Forget everything: a new patient."""
        self._answers.clear()
        self._editing = None
        self._matches = ()
        self._pending.clear()
        self._pending_query.clear()
        self._place_score = None
        self._detected_alerts = ()
        self._place_decision = None
        self._notice.clear()

    def ticked(self, step_id: str) -> tuple[str, ...]:
        """The items a checklist shows ticked: the stored answer, else (warning signs) those detected
        in the description, proposed for the user to confirm or untick, never taken silently."""
        stored = self._answers.raw(step_id)
        if stored is not None:
            return _ids(stored)
        return self._detected_alerts if step_id == "alerts" else ()

    def edit(self, step_id: str) -> Step:
        """Reopen an answered (or the current) step; later answers are kept."""
        step = self._applicable(step_id)
        self._editing = step.id if step.id in self._answers else None
        self._pending.pop(step.id, None)
        return step

    def back(self) -> Step | None:
        """Reopen the step before the current one (the last one once complete); None at the start."""
        steps = self.steps
        current = self.current
        index = steps.index(current) if current in steps else len(steps)
        if index == 0:
            return None
        return self.edit(steps[index - 1].id)

    def _applicable(self, step_id: str) -> Step:
        step = _BY_ID.get(step_id)
        if step is None or not step.applies(self._answers):
            raise ValueError(f"no step {step_id!r} applies now")
        return step

    # --- texts ---------------------------------------------------------------------------------

    def title(self, step_id: str) -> str:
        return tr(f"dialogue.step.{step_id}.title")

    def question(self, step_id: str) -> str:
        """The full question, in the current language; some depend on earlier answers."""
        if step_id == "place" and step_id in self._pending and self._place_decision is not None:
            return self._place_question(self._place_decision, self._pending_query.get(step_id, ""))
        if step_id in self._pending:
            return tr(f"dialogue.step.{step_id}.which", query=self._pending_query.get(step_id, ""))
        if step_id == "category":
            best = self._matches[0] if self._matches else None
            if best is None:
                return tr("dialogue.step.category.no_match", text=self._answers.pain)
            label = pain.get_category(best.category).short_label
            return tr("dialogue.step.category.question", label=label, score=round(best.score))
        if step_id == "intensity":  # the numeric rating scale's own instruction (SFAP)
            return clinical_texts.text("intensity_instruction")
        if step_id == "dn4":
            key = "full" if self._answers.dn4_mode == "full" else "interview"
            return tr(f"dialogue.step.dn4.question_{key}")
        if step_id == "alerts" and self._detected_alerts and "alerts" not in self._answers:
            return tr("dialogue.step.alerts.question_detected", count=len(self._detected_alerts))
        return tr(f"dialogue.step.{step_id}.question")

    def hint(self, step_id: str) -> str:
        """A short line under the question: how to answer (and that an answer is proposed)."""
        text = tr(f"dialogue.step.{step_id}.hint")
        proposals = self.proposals(step_id)
        if len({choice.value for choice in proposals}) > 1:
            return tr("dialogue.hint.proposed_several") + " " + text
        if proposals:
            return tr("dialogue.hint.proposed") + " " + text
        return text

    def proposals(self, step_id: str) -> tuple[Choice, ...]:
        """Answers the pain description already gives for ``step_id``, to be confirmed by the user:
        never stored without a pick, and only while the question is still unanswered. Each one says
        which words of the description it comes from."""
        text = self._answers.pain
        if not text or step_id in self._answers or step_id not in _PROPOSED_STEPS:
            return ()
        from finder.intake.hints import find_hints

        found: dict[str, Choice] = {}
        for hint in find_hints(text):
            if hint.step != step_id:
                continue
            value_label = self._proposal(hint.code, hint.value)
            if value_label is None:
                continue
            value, label = value_label
            words = text[hint.span[0] : hint.span[1]]
            found.setdefault(value, Choice(value, label, tr("dialogue.hint.from_description", words=words)))
        return tuple(found.values())

    def _proposal(self, code: str, value: float | int | bool | None) -> tuple[str, str] | None:
        """(choice value, label) of a hint, or None when it proposes no answer ("depuis des mois")."""
        if code == "months" and isinstance(value, float | int):
            return format_number(float(value)), self._months_label(float(value))
        if code == "years_unknown":
            return LONG_DURATION, tr("dialogue.months_long")
        if code == "intensity":
            return str(value), tr("dialogue.intensity", value=value)
        if code == "treatments_failed":
            return "yes", tr("dialogue.answer.yes")
        if code == "age":
            return AGE_PREFIX + str(value), tr("dialogue.age.as_years", age=value)
        return None

    def choices(self, step_id: str) -> tuple[Choice, ...]:
        """Quick replies (choice and number steps), items (checklists) or candidates (ambiguous town).

        Answers proposed from the description come first (:meth:`proposals`); on a question answered by
        an option's number they replace the option they name, so that the numbers do not move."""
        if step_id in self._pending:
            return self._pending[step_id]
        proposals = self.proposals(step_id)
        regular = self._choices(step_id)
        if not proposals:
            return regular
        if _BY_ID[step_id].kind == "choice" and _BY_ID[step_id].by_number:
            by_value = {p.value: p for p in proposals}
            return tuple(by_value.get(c.value, c) for c in regular)
        proposed = {p.value for p in proposals}
        return proposals + tuple(c for c in regular if c.value not in proposed)

    def _choices(self, step_id: str) -> tuple[Choice, ...]:
        if step_id == "category":
            scores = {match.category: match.score for match in self._matches}
            ordered = sorted(pain.categories(), key=lambda c: -scores.get(c.id, -1))  # best match first
            return tuple(
                Choice(
                    c.id,
                    c.label,
                    tr("dialogue.confidence", score=round(scores[c.id])) if c.id in scores else "",
                )
                for c in ordered
            )
        if step_id == "dn4_mode":
            return tuple(Choice(v, tr(f"dialogue.dn4_mode.{v}")) for v in ("interview", "full", "skip"))
        if step_id == "dn4":
            full = self._answers.dn4_mode == "full"
            items = [item for item in dn4.DN4_ITEMS if full or item.part == "interview"]
            return tuple(
                Choice(
                    item.id,
                    f"{item.number}. {item.label}",
                    heading=item.question if index == 0 or items[index - 1].group != item.group else "",
                )
                for index, item in enumerate(items)
            )
        if step_id == "months":
            return tuple(Choice(str(n), self._months_label(n)) for n in MONTHS_REPLIES)
        if step_id == "intensity":
            unknown = Choice(UNKNOWN, tr("dialogue.answer.unknown"))
            return (*(Choice(str(n), str(n)) for n in range(11)), unknown)
        if step_id == "refractory":
            return tuple(Choice(v, tr(f"dialogue.answer.{v}")) for v in ("yes", "no", "unknown"))
        if step_id == "age":
            return (Choice("adult", tr("dialogue.age.adult")), Choice("child", tr("dialogue.age.child")))
        if step_id == "radius":
            return tuple(Choice(str(n), tr("dialogue.km", km=n)) for n in RADIUS_REPLIES)
        if step_id == "screening":
            return tuple(Choice(q.id, q.question) for q in screening.SCREENING_QUESTIONS)
        if step_id == "alerts":
            detected = tr("dialogue.alerts.detected")
            return tuple(
                Choice(s.id, s.label(), detected if s.id in self._detected_alerts else "")
                for s in alerts.SIGNS
            )
        if step_id == "treatments_tried":
            return tuple(
                Choice(t.id, t.label(), tr(f"dialogue.treatments_tried.line{t.line}"))
                for t in treatments.TREATMENTS
            )
        return ()

    def suggest_places(self, text: str, limit: int = SUGGESTION_LIMIT) -> tuple[Choice, ...]:
        """Live suggestions while the town is typed: name, postcode and department of the top matches."""
        if not text.strip():
            return ()
        resolution = self.places.resolve(text, limit=limit)
        return tuple(_place_choice(match.commune) for match in resolution.matches[:limit])

    def answer_label(self, step_id: str) -> str:
        """The stored answer of ``step_id`` as the transcript shows it, in the current language."""
        given = self._answers
        value = given.raw(step_id)
        if step_id == "pain":
            return str(value)
        if step_id == "treatments":
            return str(value) or tr("dialogue.treatments.unspecified")
        if step_id == "category":
            label = pain.get_category(str(value)).short_label
            score = next((m.score for m in self._matches if m.category == value), None)
            return label if score is None else f"{label} ({tr('dialogue.confidence', score=round(score))})"
        if step_id == "dn4_mode":
            return tr(f"dialogue.dn4_mode.{value}")
        if step_id == "dn4":
            result = self._dn4_result()
            assert result is not None
            key = "positive" if result.positive else "negative"
            if result.interview_only:
                key += "_interview"
            return tr(f"dialogue.dn4.{key}", score=result.score, out_of=result.out_of)
        if step_id == "months":
            months = given.months_known
            return tr("dialogue.months_long") if months is None else self._months_label(months)
        if step_id == "intensity":
            return tr("dialogue.answer.unknown") if value is None else tr("dialogue.intensity", value=value)
        if step_id == "refractory":
            word = {True: "yes", False: "no", None: "unknown"}[given.refractory]
            return tr(f"dialogue.answer.{word}")
        if step_id == "age":
            if isinstance(value, int):
                return _years(value)
            return tr(f"dialogue.age.{value}")
        if step_id == "child_age":
            return _years(given.child_age)
        if step_id == "place":
            commune = self.places.by_insee(str(value))
            return commune_label(commune, "postcode") if commune else str(value)
        if step_id == "radius":
            return tr("dialogue.km", km=format_number(given.radius))
        if step_id == "alerts":
            ids = _ids(value)
            return "; ".join(alerts.get_sign(i).label() for i in ids) if ids else tr("dialogue.alerts.none")
        if step_id == "treatments_tried":
            ids = _ids(value)
            labels = [treatments.get_treatment(i).label() for i in ids]
            return "; ".join(labels) if ids else tr("dialogue.treatments_tried.none")
        if step_id == "screening":
            ids = _ids(value)
            if not ids:
                return tr("dialogue.screening.none")
            return "; ".join(screening.get_contraindication(cid).question for cid in ids)
        raise ValueError(step_id)

    def transcript(self) -> tuple[TranscriptEntry, ...]:
        """The answered steps, in order, relabelled in the current language."""
        return tuple(
            TranscriptEntry(step.id, self.title(step.id), self.answer_label(step.id))
            for step in self.steps
            if step.id in self._answers
        )

    @staticmethod
    def _months_label(months: float) -> str:
        return tr("dialogue.months", months=format_number(months))

    # --- answering -----------------------------------------------------------------------------

    def answer(self, step_id: str, raw: object) -> Outcome:
        """Validate and store the answer to ``step_id``; never raises for anything a user can type.

        ``raw`` is what the user typed, or a :class:`Choice` value; checklists also take an iterable
        of item ids (an empty one means "none of these").
        """
        step = self._applicable(step_id)
        try:
            value = getattr(self, f"_parse_{step.id}")(raw)
        except FinderError as error:
            return Outcome(ERROR, str(error))
        if isinstance(value, Outcome):  # an ambiguous town: the user picks one of the candidates
            return value
        self._store(step.id, value)
        return Outcome(ACCEPTED, self._notice.pop(step.id, ""))

    def _store(self, step_id: str, value: object) -> None:
        changed = step_id not in self._answers or self._answers.raw(step_id) != value
        self._answers.record(step_id, value)
        self._pending.pop(step_id, None)
        self._pending_query.pop(step_id, None)
        if changed:
            for derived in _DERIVED.get(step_id, ()):
                self._answers.forget(derived)
        if self._editing is not None and (self._editing == step_id or self._editing not in self._answers):
            self._editing = None

    def _parse_pain(self, raw: object) -> str:
        text = " ".join(str(raw).split())
        if not text:
            raise FinderError(tr("dialogue.error.pain_empty"))
        self._matches = pain.match_pain(text)
        self._detected_alerts = detect_alerts(text)  # proposed as ticked in the next question
        return text

    def _parse_alerts(self, raw: object) -> tuple[str, ...]:
        """Warning signs: the ticked ids, or an explicit "none". Nothing ticked is not "none" (A)."""
        if isinstance(raw, str):
            if fold(raw) in NONE_WORDS:
                return ()
            tokens = [t.strip() for t in raw.replace(";", ",").split(",") if t.strip()]
        else:
            tokens = _tokens(raw)
        if not tokens:
            raise FinderError(tr("dialogue.error.alerts_empty"))
        if any(fold(t) in NONE_WORDS for t in tokens):
            raise FinderError(tr("dialogue.error.alerts_none_with_others"))
        return self._checklist("alerts", tokens)

    def _parse_treatments_tried(self, raw: object) -> tuple[str, ...]:
        return self._checklist("treatments_tried", raw)

    @staticmethod
    def _parse_treatments(raw: object) -> str:
        return " ".join(str(raw).split())

    def _parse_category(self, raw: object) -> str:
        text = str(raw).strip()
        if not text:
            raise FinderError(tr("dialogue.error.choose"))
        found = _pick(self.choices("category"), text, by_number=True)
        if found is not None:
            return found.value
        return pain.get_category(text).id  # raises with "did you mean"

    def _parse_dn4_mode(self, raw: object) -> str:
        return self._closed_choice("dn4_mode", raw)

    def _parse_dn4(self, raw: object) -> tuple[str, ...]:
        return self._checklist("dn4", raw)

    def _parse_months(self, raw: object) -> float | str:
        """Months, or LONG_DURATION for "des années" (chronic for sure, the number unknown)."""
        text = str(raw).strip()
        if text == LONG_DURATION or answers.says_for_years(text):
            return LONG_DURATION
        return float(answers.parse_months(text))

    def _parse_intensity(self, raw: object) -> int | None:
        """0-10, or None when the patient cannot say ("ne sait pas")."""
        text = str(raw).strip()
        if text == UNKNOWN or answers.says_unknown(text):
            return None
        return int(answers.parse_intensity(text))

    def _parse_refractory(self, raw: object) -> bool | None:
        text = str(raw).strip()
        found = _pick(self.choices("refractory"), text, by_number=True)
        if found is not None:
            return {"yes": True, "no": False, "unknown": None}[found.value]
        return answers.parse_yes_no(text)

    def _parse_age(self, raw: object) -> str | int | Outcome:
        """ "adult", "child" or an age in years. A bare number that is also an option's number ("1",
        "2") could be either: the user is asked which one they meant, never guessed."""
        text = str(raw).strip()
        if text.startswith(AGE_PREFIX) and text.removeprefix(AGE_PREFIX).isdigit():
            return int(answers.parse_age(text.removeprefix(AGE_PREFIX)))
        options = (Choice("adult", tr("dialogue.age.adult")), Choice("child", tr("dialogue.age.child")))
        found = _pick(options, text, by_number=False)
        if found is not None:
            return found.value
        if text and any(ch.isdigit() for ch in text):
            age = int(answers.parse_age(text))
            if text.isascii() and text.isdigit() and 1 <= int(text) <= len(options):
                option = options[int(text) - 1]
                candidates = (
                    Choice(AGE_PREFIX + str(age), tr("dialogue.age.as_years", age=age)),
                    Choice(option.value, tr("dialogue.age.as_option", number=text, label=option.label)),
                )
                self._pending["age"] = candidates
                self._pending_query["age"] = text
                return Outcome(NEEDS_CHOICE, tr("dialogue.step.age.which", query=text), candidates)
            return age
        raise FinderError(tr("dialogue.error.age"))

    def _parse_child_age(self, raw: object) -> int:
        age = int(answers.parse_age(str(raw)))
        if age >= 18:
            raise FinderError(tr("dialogue.error.child_age", age=age))
        return age

    def _parse_place(self, raw: object) -> str | Outcome:
        text = str(raw).strip()
        if text.startswith(PLACE_PREFIX):
            commune = self.places.by_insee(text.removeprefix(PLACE_PREFIX))
            if commune is None:
                raise FinderError(tr("dialogue.error.place_unknown", query=text))
            self._place_score = None  # picked by the user, not scored
            return commune.insee
        if not text:
            raise FinderError(tr("dialogue.error.place_empty"))
        pending = self._pending.get("place")
        if pending:  # typed while candidates are shown: a number or a name among them
            found = _pick(pending, text, by_number=True)
            if found is not None:
                return self._parse_place(found.value)
        decision = decide(self.places.resolve(text, limit=SUGGESTION_LIMIT))
        if decision.action == "refuse" and not decision.candidates:
            raise FinderError(
                explain.refusal(decision, text) or tr("dialogue.error.place_no_match", query=text)
            )
        if decision.action in ("ask", "refuse"):  # numbered candidates with departments, as finder
            # route lists them; a foreign place's nearest French communes are offered the same way
            candidates = tuple(_place_choice(m.commune) for m in decision.candidates[:SUGGESTION_LIMIT])
            self._pending["place"] = candidates
            self._pending_query["place"] = text
            self._place_decision = decision
            return Outcome(NEEDS_CHOICE, self._place_question(decision, text), candidates)
        self._place_score = decision.confidence
        self._place_decision = None
        notes = explain.note_texts(decision)
        if notes:
            self._notice["place"] = " ".join(notes)
        return decision.candidates[0].commune.insee

    @staticmethod
    def _place_question(decision: PlaceDecision, text: str) -> str:
        return " ".join([explain.question(decision, text), *explain.note_texts(decision)])

    def _parse_radius(self, raw: object) -> float:
        """Kilometres; Enter on an empty field takes the usual 100 km (the route command's default)."""
        text = str(raw).strip()
        return float(answers.parse_radius(text)) if text else DEFAULT_RADIUS_KM

    def _parse_screening(self, raw: object) -> tuple[str, ...]:
        return self._checklist("screening", raw)

    def _closed_choice(self, step_id: str, raw: object) -> str:
        found = _pick(self.choices(step_id), str(raw).strip(), by_number=True)
        if found is None:
            labels = ", ".join(f"« {c.label} »" for c in self.choices(step_id))
            raise FinderError(tr("dialogue.error.choice", value=str(raw).strip(), expected=labels))
        return found.value

    def _checklist(self, step_id: str, raw: object) -> tuple[str, ...]:
        """Ticked item ids, in questionnaire order; "none"/"aucun" or an empty list tick nothing."""
        items = self.choices(step_id)
        if isinstance(raw, str):
            if fold(raw) in NONE_WORDS:
                return ()
            tokens: Iterable[str] = [t for t in raw.replace(";", ",").split(",") if t.strip()]
            if not tokens:
                raise FinderError(tr("dialogue.error.checklist_empty"))
        else:
            tokens = _tokens(raw)
        ticked: set[str] = set()
        for token in tokens:
            found = _pick(items, token.strip(), by_number=True)
            if found is None:
                if step_id == "screening":
                    screening.get_contraindication(token.strip())  # raises with "did you mean"
                if step_id == "alerts":
                    alerts.get_sign(token.strip())  # raises with "did you mean"
                raise FinderError(tr("dialogue.error.checklist_item", value=token.strip()))
            ticked.add(found.value)
        return tuple(item.value for item in items if item.value in ticked)

    # --- result --------------------------------------------------------------------------------

    def _dn4_result(self) -> Dn4Result | None:
        if "dn4" not in self._answers:
            return None
        ticked = self._answers.dn4
        if self._answers.dn4_mode == "full":
            return dn4.score_dn4(ticked)
        return dn4.score_dn4_interview(ticked)

    def intake(self) -> Intake:
        """The patient's answers for :func:`finder.route.planning.plan_route`; only once complete."""
        if not self.complete:
            raise ValueError("the conversation is not complete")
        given = self._answers
        commune = self.places.by_insee(given.place)
        if commune is None:  # the gazetteer changed under us: ask again rather than guess
            raise FinderError(tr("dialogue.error.place_unknown", query=given.place))
        score = next((m.score for m in self._matches if m.category == given.category), None)
        years = given.child_age if given.age == "child" else given.age
        return Intake(
            place=commune,
            pain_category=given.category,
            pain_text=given.pain,
            treatments=given.treatments,
            place_score=self._place_score,
            pain_score=score,
            months=given.months_known,
            long_duration=given.long_duration,
            intensity=given.intensity,
            refractory=given.refractory,
            age=years if isinstance(years, int) else None,
            radius_km=given.radius,
            dn4=self._dn4_result(),
            contraindications=frozenset(given.screening),
            screened="screening" in given,
            alerts=given.alerts,
            alerts_asked="alerts" in given,
            treatments_tried=given.treatments_tried if _neuropathic_applies(given) else (),
        )


def _years(age: int | None) -> str:
    """ "1 an", "12 ans": the singular for 0 and 1, as French and English write them."""
    return tr("dialogue.year" if age is not None and age <= 1 else "dialogue.years", age=age)


def _tokens(raw: object) -> list[str]:
    """The items of a checklist answer given as a list or tuple of ids (anything else: none)."""
    return [str(item) for item in raw] if isinstance(raw, Iterable) and not isinstance(raw, str) else []


def _ids(value: object) -> tuple[str, ...]:
    """A checklist's stored answer (a tuple of item ids) as typed data."""
    return tuple(str(item) for item in value) if isinstance(value, tuple) else ()


NONE_WORDS = frozenset({"none", "no", "nothing", "aucun", "aucune", "non", "rien", "0"})


def _place_choice(commune: Commune) -> Choice:
    postcode = commune.postcodes[0] if commune.postcodes else ""
    return Choice(
        PLACE_PREFIX + commune.insee,
        commune.name,
        f"{postcode} · {commune.department_name} ({commune.department})",
    )


def _pick(choices: tuple[Choice, ...], text: str, *, by_number: bool) -> Choice | None:
    """The choice a typed answer names: its value, its number in the list, or its label (accents,
    case and a unique prefix are forgiven)."""
    if not text:
        return None
    for choice in choices:
        if choice.value == text:
            return choice
    if by_number and text.isascii() and text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    folded = fold(text)
    exact = [c for c in choices if fold(c.label) == folded]
    if exact:
        return exact[0]
    prefixed = [c for c in choices if fold(c.label).startswith(folded)]
    return prefixed[0] if len(prefixed) == 1 else None
