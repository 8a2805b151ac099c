"""Parsing and validating the closed answers shared by ``finder route`` and the conversation.

Each parser takes what the user typed (or an already numeric value) and returns a clean value, or
raises :class:`~finder.errors.UsageError` with a translated message quoting what was found and saying
what is expected. Bounds: intensity on the numeric rating scale 0-10 (SFAP), duration in
months 0-1200 (a hundred years), age 0-120, radius 1-1000 km. Units may be typed ("6 mois",
"2 years", "50 km"); a decimal comma is accepted ("1,5").
"""

from __future__ import annotations

import math
import re

from finder.errors import UsageError
from finder.i18n import tr
from finder.text import fold

MAX_MONTHS = 1200
MAX_AGE = 120
RADIUS_RANGE = (1.0, 1000.0)

YES = frozenset({"oui", "o", "yes", "y"})
# "Ne sait pas", for the questions that accept it (intensity); folded spellings.
UNKNOWN_WORDS = frozenset(
    {"ne sait pas", "ne sais pas", "je ne sais pas", "sait pas", "nsp", "inconnu", "inconnue", "?",
     "unknown", "don't know", "dont know", "do not know", "not known", "n/a"}
)  # fmt: skip
# A duration said without a number but surely chronic: "des années" (not "des mois": maybe under 3).
FOR_YEARS_WORDS = frozenset(
    {"des annees", "annees", "depuis des annees", "plusieurs annees", "depuis plusieurs annees",
     "de nombreuses annees", "depuis de nombreuses annees", "des decennies", "depuis des decennies",
     "years", "for years", "many years", "for many years", "several years", "for several years",
     "decades", "for decades"}
)  # fmt: skip
NO = frozenset({"non", "n", "no"})

# Duration units -> months. Folded spellings, singular and plural, French and English.
_MONTH_UNITS = {
    **dict.fromkeys(("mois", "m", "month", "months", "mo"), 1.0),
    **dict.fromkeys(("an", "ans", "annee", "annees", "year", "years", "y", "yr", "yrs", "a"), 12.0),
    **dict.fromkeys(("semaine", "semaines", "sem", "week", "weeks", "wk", "wks", "w"), 12.0 / 52.0),
    **dict.fromkeys(("jour", "jours", "j", "day", "days", "d"), 12.0 / 365.25),
}
_AGE_UNITS = frozenset({"an", "ans", "year", "years", "y", "yo", "yrs", "old", "years old"})
_KM_UNITS = frozenset({"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"})

_NUMBER_UNIT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(.*?)\s*$")


def _number_and_unit(value: object) -> tuple[float, str] | None:
    """(number, folded unit) from "6", "1,5 ans", "50km"; None when it is not one number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (float(value), "") if math.isfinite(value) else None
    found = _NUMBER_UNIT.match(str(value))
    if not found:
        return None
    return float(found.group(1).replace(",", ".")), fold(found.group(2))


def _shown(value: object) -> str:
    return str(value).strip()


def parse_intensity(value: object) -> int:
    """Pain intensity on the numeric rating scale: a whole number from 0 to 10."""
    parsed = _number_and_unit(value)
    if parsed is None or parsed[1] not in ("", "10", "sur 10", "out of 10"):
        raise UsageError(tr("clinical.answer.intensity", value=_shown(value)))
    if not parsed[0].is_integer() or not 0 <= parsed[0] <= 10:
        raise UsageError(tr("clinical.answer.intensity", value=_shown(value)))
    return int(parsed[0])


def parse_months(value: object) -> float:
    """Duration of the pain in months (>= 0, at most 1200); "2 ans" is 24, "6 semaines" about 1.4."""
    parsed = _number_and_unit(value)
    factor = _MONTH_UNITS.get(parsed[1]) if parsed else None
    if parsed and parsed[1] == "":
        factor = 1.0
    if parsed is None or factor is None:
        raise UsageError(tr("clinical.answer.months", value=_shown(value), max=MAX_MONTHS))
    months = parsed[0] * factor
    if not 0 <= months <= MAX_MONTHS:
        raise UsageError(tr("clinical.answer.months_range", value=_shown(value), max=MAX_MONTHS))
    return round(months, 2)


def parse_age(value: object) -> int:
    """Age in whole years, 0 to 120."""
    parsed = _number_and_unit(value)
    if parsed is None or (parsed[1] and parsed[1] not in _AGE_UNITS) or not parsed[0].is_integer():
        raise UsageError(tr("clinical.answer.age", value=_shown(value), max=MAX_AGE))
    if not 0 <= parsed[0] <= MAX_AGE:
        raise UsageError(tr("clinical.answer.age_range", value=_shown(value), max=MAX_AGE))
    return int(parsed[0])


def says_unknown(value: object) -> bool:
    """True for "ne sait pas", "NSP", "don't know" and the like."""
    return fold(str(value)).replace("’", "'") in UNKNOWN_WORDS


def says_for_years(value: object) -> bool:
    """True for "des années", "for years" and the like: a long duration whose number is unknown."""
    return fold(str(value)) in FOR_YEARS_WORDS


def parse_yes_no(value: object) -> bool:
    """oui/o/yes/y -> True, non/n/no -> False (any case, accents and spaces ignored)."""
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    if word in YES:
        return True
    if word in NO:
        return False
    raise UsageError(tr("clinical.answer.yes_no", value=_shown(value)))


def parse_radius(value: object) -> float:
    """Search radius in kilometres, 1 to 1000."""
    parsed = _number_and_unit(value)
    if parsed is None or parsed[1] not in ("", *_KM_UNITS):
        raise UsageError(tr("clinical.answer.radius", value=_shown(value)))
    low, high = RADIUS_RANGE
    if not low <= parsed[0] <= high:
        raise UsageError(tr("clinical.answer.radius_range", value=_shown(value)))
    return parsed[0]


def parse_dn4(value: object) -> int:
    """A DN4 total (the full questionnaire, out of 10)."""
    return parse_dn4_score(value, 10)


def parse_dn4_interview(value: object) -> int:
    """A DN4-interview total (items 1 to 7, out of 7)."""
    return parse_dn4_score(value, 7)


def parse_dn4_score(value: object, out_of: int = 10) -> int:
    """A DN4 total typed by a clinician: a whole number from 0 to ``out_of`` (10, or 7 for the interview)."""
    parsed = _number_and_unit(value)
    if parsed is None or parsed[1] not in ("", str(out_of), f"sur {out_of}", f"out of {out_of}"):
        raise UsageError(tr("clinical.answer.dn4", value=_shown(value), out_of=out_of))
    if not parsed[0].is_integer() or not 0 <= parsed[0] <= out_of:
        raise UsageError(tr("clinical.answer.dn4", value=_shown(value), out_of=out_of))
    return int(parsed[0])
