"""The answers given so far in one conversation: one typed field per question.

A question is *answered* when its id is in :attr:`Answers.answered`: ``None`` can itself be an answer
("does not know" for the intensity, "unknown" for whether treatments failed), never the same as "not
asked yet". Values are kept raw (ids, numbers, INSEE codes), never as display text, so that every label
is rebuilt in the language of the moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from finder.model import DEFAULT_RADIUS_KM

LONG_DURATION = "years"  # the duration answer "for years": chronic, the number of months unknown


@dataclass
class Answers:
    """What the user answered, question by question (see :data:`finder.intake.dialogue.STEPS`)."""

    pain: str = ""  # the description, in the user's words
    alerts: tuple[str, ...] = ()  # warning-sign ids; () with "alerts" answered: explicitly none
    category: str = ""  # a pain category id
    dn4_mode: str = ""  # "interview", "full" or "skip"
    dn4: tuple[str, ...] = ()  # ticked DN4 item ids
    months: float | str | None = None  # months, or LONG_DURATION
    intensity: int | None = None  # 0-10; None when answered: "does not know"
    treatments_tried: tuple[str, ...] = ()  # first- and second-line treatment ids
    treatments: str = ""  # what else was tried, free text
    refractory: bool | None = None  # usual treatments failed; None when answered: unknown
    age: str | int = ""  # "adult", "child", or an age in years
    child_age: int | None = None  # years, when age is "child"
    place: str = ""  # INSEE code of the commune
    radius: float = DEFAULT_RADIUS_KM  # km
    screening: tuple[str, ...] = ()  # TMS safety screening ids answered yes
    answered: set[str] = field(default_factory=set)

    def __contains__(self, step_id: object) -> bool:
        return step_id in self.answered

    def raw(self, step_id: str) -> object | None:
        """The stored answer of ``step_id``, or None when it is not answered."""
        return getattr(self, step_id) if step_id in self.answered else None

    def record(self, step_id: str, value: object) -> None:
        """Store the (already parsed and validated) answer to ``step_id``."""
        if step_id not in _QUESTIONS:
            raise KeyError(step_id)
        setattr(self, step_id, value)
        self.answered.add(step_id)

    def forget(self, step_id: str) -> None:
        """Back to "not answered" (a derived answer whose basis changed)."""
        default = _DEFAULTS[step_id]
        setattr(self, step_id, default)
        self.answered.discard(step_id)

    def clear(self) -> None:
        for step_id in list(self.answered):
            self.forget(step_id)

    @property
    def long_duration(self) -> bool:
        """The duration was answered "for years": chronic, the number of months unknown."""
        return self.months == LONG_DURATION

    @property
    def months_known(self) -> float | None:
        """The duration in months, when a number was given."""
        return self.months if isinstance(self.months, float | int) else None


_DEFAULTS = {f.name: Answers().__getattribute__(f.name) for f in fields(Answers) if f.name != "answered"}
_QUESTIONS = frozenset(_DEFAULTS)
