"""The TMS safety screening questions, their ids and tiers.

Data: ``finder/data/clinical/screening.toml``, from the IFCN screening questionnaire
family (Rossi et al. 2009/2011/2021); the tiers are finder's own conservative rule. A "yes" is never an
automatic exclusion: "blocks" keeps rTMS out of the route's steps and names the issue for the
specialist team; "cautions" keeps rTMS with the caution spelled out. A stroke is not a contraindication.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from finder.clinical.data import load, pair
from finder.clinical.ids import normalise_id, unknown_id
from finder.i18n import pick

TIERS = ("blocks", "cautions")


class ScreeningQuestion(NamedTuple):
    """One rTMS screening question of ``screening.toml`` and its tier (blocks or cautions)."""

    id: str
    tier: str  # "blocks" or "cautions"
    question_fr: str
    question_en: str

    @property
    def question(self) -> str:
        return pick({"fr": self.question_fr, "en": self.question_en})

    @property
    def blocks(self) -> bool:
        return self.tier == "blocks"


def _load() -> tuple[ScreeningQuestion, ...]:
    questions = []
    for entry in load("screening.toml")["question"]:
        if entry["tier"] not in TIERS:
            raise ValueError(f"screening.toml: {entry['id']}: tier must be one of {TIERS}")
        text = pair(entry["question"])
        questions.append(ScreeningQuestion(entry["id"], entry["tier"], text["fr"], text["en"]))
    return tuple(questions)


SCREENING_QUESTIONS = _load()
SCREENING_IDS = tuple(question.id for question in SCREENING_QUESTIONS)
_BY_ID = {question.id: question for question in SCREENING_QUESTIONS}


def get_contraindication(cid: str) -> ScreeningQuestion:
    """The question ``cid``; an unknown id is a usage error with the closest ids."""
    wanted = normalise_id(cid)
    if wanted in _BY_ID:
        return _BY_ID[wanted]
    raise unknown_id(
        cid, SCREENING_IDS, close_key="clinical.screening.unknown_close", all_key="clinical.screening.unknown"
    )


def split_tiers(ids: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(blocks, cautions): the ids answered yes, split by tier, in questionnaire order, no duplicates."""
    given = {get_contraindication(cid).id for cid in ids}
    blocks = tuple(q.id for q in SCREENING_QUESTIONS if q.id in given and q.tier == "blocks")
    cautions = tuple(q.id for q in SCREENING_QUESTIONS if q.id in given and q.tier == "cautions")
    return blocks, cautions
