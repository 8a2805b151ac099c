"""HAS 2008 orientation criteria, the preconditions before referral, and the chronic-pain threshold.

Data: ``finder/data/clinical/criteria.toml``, from HAS, December 2008, "Douleur chronique :
reconnaître le syndrome douloureux chronique, l'évaluer et orienter le patient", annexe "Parcours du
patient" (children: Livre blanc de la douleur). ``text`` is a ``{"fr", "en"}`` pair, read with
:func:`finder.i18n.pick`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from finder.clinical.data import load, pair
from finder.clinical.ids import normalise_id, unknown_id
from finder.i18n import pick


class Criterion(NamedTuple):
    """One criterion of ``criteria.toml`` (an id and its text in French and English)."""

    id: str
    text: dict[str, str]  # {"fr": ..., "en": ...}

    @property
    def label(self) -> str:
        return pick(self.text)


_DATA = load("criteria.toml")
HAS_CRITERIA = tuple(Criterion(entry["id"], pair(entry["text"])) for entry in _DATA["criterion"])
PRECONDITIONS = tuple(Criterion(entry["id"], pair(entry["text"])) for entry in _DATA["precondition"])
HAS_CRITERIA_IDS = tuple(criterion.id for criterion in HAS_CRITERIA)

CHRONIC_MONTHS_ADULT: int = _DATA["chronic"]["adult_months"]  # pain for MORE than this is chronic
CHRONIC_MONTHS_CHILD: int = _DATA["chronic"]["child_months"]
CHILD_AGE: int = _DATA["chronic"]["child_age"]  # under this age, the child threshold applies


def get_criterion(criterion_id: str) -> Criterion:
    """The HAS criterion ``criterion_id``; an unknown id is a usage error with the closest ids."""
    wanted = normalise_id(criterion_id)
    for criterion in HAS_CRITERIA:
        if criterion.id == wanted:
            return criterion
    raise unknown_id(
        criterion_id,
        HAS_CRITERIA_IDS,
        close_key="clinical.criteria.unknown",
        all_key="clinical.criteria.unknown_all",
    )


def check_criteria(ids: Iterable[str]) -> frozenset[str]:
    """The given criterion ids, validated."""
    return frozenset(get_criterion(cid).id for cid in ids)


def chronic_threshold_months(age: int | None) -> int:
    """Months a pain must exceed to be chronic: 3 for adults (and unknown age), 1 under 18."""
    return CHRONIC_MONTHS_CHILD if age is not None and age < CHILD_AGE else CHRONIC_MONTHS_ADULT


def is_chronic(months: float, age: int | None = None) -> bool:
    """Chronic means MORE than the threshold: 3 months exactly is not yet chronic for an adult."""
    return months > chronic_threshold_months(age)
