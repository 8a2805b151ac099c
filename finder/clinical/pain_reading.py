"""Reading a pain description typed on the command line: a category id, or free text to match.

The rule that decides when free text is clear enough to route on lives here, in the domain, so that
every face applies the same one: an explicit category id is taken as given; free text must match, and
when its two best categories score within :data:`TIE_MARGIN` points of each other, the user chooses:
the tool does not guess.
"""

from __future__ import annotations

from typing import NamedTuple

from finder.clinical.pain import categories, get_category, match_pain
from finder.errors import UsageError
from finder.i18n import tr
from finder.text import shown

TIE_MARGIN = 10.0  # points on match_pain's 0-100 scale; closer than this, two readings are a tie


class PainReading(NamedTuple):
    """What a description says: one ``category`` with its match ``score`` (``None`` for an id)."""

    category: str
    score: float | None


def read_pain(text: str) -> PainReading:
    """The category ``text`` names or describes.

    Raises :class:`UsageError` when free text matches nothing (listing the ids), when two categories
    tie (listing them), or when it looks like a mistyped id (with a "did you mean").
    """
    cleaned = text.strip()
    ids = [c.id for c in categories()]
    if cleaned.lower().replace("-", "_") in ids:
        return PainReading(get_category(cleaned).id, None)
    if "_" in cleaned and " " not in cleaned:  # looks like an id: "did you mean" beats text matching
        get_category(cleaned)
    matches = match_pain(cleaned, limit=3)
    if not matches:
        raise UsageError(tr("route.error.pain_unknown", text=shown(cleaned), ids=", ".join(ids)))
    best = matches[0]
    close = [m.category for m in matches if best.score - m.score < TIE_MARGIN]
    if len(close) > 1:
        raise UsageError(tr("route.error.pain_tied", text=shown(cleaned), tied=", ".join(close)))
    return PainReading(best.category, best.score)
