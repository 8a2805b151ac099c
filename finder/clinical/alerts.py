"""Warning signs that come before any pain structure (pain structures do not treat emergencies).

Data: ``finder/data/clinical/alerts.toml`` (headache emergencies: Moisset 2018; low back red flags:
HAS 2019; sciatica: Rev Med Suisse 2010). Ids are asked in the conversation and given to
``finder route --alert``; any one opens the route with the urgent line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from finder.clinical.data import load, pair
from finder.clinical.ids import normalise_id, unknown_id
from finder.errors import UsageError
from finder.i18n import pick, tr

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
    wanted = normalise_id(sign_id)
    if wanted in _BY_ID:
        return _BY_ID[wanted]
    raise unknown_id(
        sign_id, SIGN_IDS, close_key="clinical.alerts.unknown_close", all_key="clinical.alerts.unknown"
    )


def check_alerts(ids: Iterable[str]) -> tuple[str, ...]:
    """The given ids, checked, in list order; ``none`` alone means "asked, no sign"; with others: error."""
    given = [i.strip() for i in ids]
    if any(i.lower() == NO_ALERT for i in given):
        if len(given) > 1:
            raise UsageError(tr("clinical.alerts.none_with_others"))
        return ()
    wanted = {get_sign(i).id for i in given}
    return tuple(sid for sid in SIGN_IDS if sid in wanted)
