"""An id a user typed (``--alert``, ``--contraindication``, ``--pain``, ``--criteria``), read against a
clinical table's ids: the same reading and the same "did you mean" error for every table."""

from __future__ import annotations

from collections.abc import Sequence

from finder.errors import UsageError
from finder.i18n import tr
from finder.text import close_matches


def normalise_id(text: str) -> str:
    """ "Neuropathic-Central " -> "neuropathic_central": case, hyphens and surrounding blanks aside."""
    return text.strip().lower().replace("-", "_")


def unknown_id(
    value: str, ids: Sequence[str], *, close_key: str, all_key: str, close: Sequence[str] | None = None
) -> UsageError:
    """The usage error for ``value``, none of ``ids``: the closest ids (``close``, else those of
    :func:`finder.text.close_matches`) under the message ``close_key``, or every id under ``all_key``."""
    if close is None:
        close = close_matches(normalise_id(value), ids)
    if close:
        return UsageError(tr(close_key, value=value, close=", ".join(close)))
    return UsageError(tr(all_key, value=value, ids=", ".join(ids)))
