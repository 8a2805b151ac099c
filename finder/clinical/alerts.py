"""Warning signs that come before any pain structure (pain structures do not treat emergencies).

Data: ``finder/data/clinical/alerts.toml`` (headache emergencies: Moisset 2018; low back red flags:
HAS 2019; sciatica: Rev Med Suisse 2010). Ids are asked in the conversation and given to
``finder route --alert``; any one opens the route with the urgent line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from finder.clinical.data import load, pair
from finder.errors import UsageError
from finder.i18n import pick, tr
from finder.text import close_matches

NO_ALERT = "none"  # the explicit answer "none of these signs"


@dataclass(frozen=True, slots=True)
class WarningSign:
    """One warning sign of ``alerts.toml``: its id, labels and source."""

    id: str
    label_pair: dict[str, str]
    source: str

    def label(self, language: str | None = None) -> str:
        return pick(self.label_pair, language)


_DATA = load("alerts.toml")
SIGNS = tuple(WarningSign(e["id"], pair(e["label"]), e["source"]) for e in _DATA["sign"])
SIGN_IDS = tuple(sign.id for sign in SIGNS)
_BY_ID = {sign.id: sign for sign in SIGNS}


def urgent_line(language: str | None = None) -> str:
    """The line a route opens with when any warning sign is ticked."""
    return pick(pair(_DATA["urgent"]), language)


def get_sign(sign_id: str) -> WarningSign:
    """The sign ``sign_id``; an unknown id is a usage error with the closest ids ("did you mean")."""
    wanted = sign_id.strip().lower().replace("-", "_")
    if wanted in _BY_ID:
        return _BY_ID[wanted]
    close = close_matches(wanted, SIGN_IDS)
    if close:
        raise UsageError(tr("clinical.alerts.unknown_close", value=sign_id, close=", ".join(close)))
    raise UsageError(tr("clinical.alerts.unknown", value=sign_id, ids=", ".join(SIGN_IDS)))


def check_alerts(ids: Iterable[str]) -> tuple[str, ...]:
    """The given ids, checked, in list order; ``none`` alone means "asked, no sign"; with others: error."""
    given = [i.strip() for i in ids]
    if any(i.lower() == NO_ALERT for i in given):
        if len(given) > 1:
            raise UsageError(tr("clinical.alerts.none_with_others"))
        return ()
    wanted = {get_sign(i).id for i in given}
    return tuple(sid for sid in SIGN_IDS if sid in wanted)
