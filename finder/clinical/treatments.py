"""First- and second-line treatments of neuropathic pain (Moisset 2024), and opioid detection.

Data: ``finder/data/clinical/treatments.toml``. The conversation asks them as a checklist for the
neuropathic categories ("refractory" means first- and second-line treatments failed); the referral
letter names those tried; an opioid among them brings the HAS 2022 opioid reminder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from finder.clinical.data import load, pair
from finder.errors import UsageError
from finder.i18n import pick, tr
from finder.text import close_matches, fold


@dataclass(frozen=True, slots=True)
class Treatment:
    """One treatment of ``treatments.toml``: its line, labels, whether an opioid, other names."""

    id: str
    line: int  # 1 or 2 (first or second line)
    label_pair: dict[str, str]
    opioid: bool = False
    names: tuple[str, ...] = ()  # substances a user may type instead of the id ("duloxetine" is snri)

    def label(self, language: str | None = None) -> str:
        return pick(self.label_pair, language)


_DATA = load("treatments.toml")
TREATMENTS = tuple(
    Treatment(e["id"], e["line"], pair(e["label"]), bool(e.get("opioid", False)), tuple(e.get("names", ())))
    for e in _DATA["treatment"]
)
TREATMENT_IDS = tuple(t.id for t in TREATMENTS)
_BY_ID = {t.id: t for t in TREATMENTS}
_BY_NAME = {fold(name): t for t in TREATMENTS for name in (t.id, *t.names)}  # folded name -> treatment
_OPIOID_WORDS = tuple(tuple(fold(w).split()) for w in _DATA["opioid_words"])


def get_treatment(treatment_id: str) -> Treatment:
    """The treatment ``treatment_id`` (an id or a substance of the data: "duloxetine" is snri); an
    unknown one is a usage error naming the nearest ids, or every id when none is near."""
    wanted = treatment_id.strip().lower().replace("-", "_")
    if wanted in _BY_ID:
        return _BY_ID[wanted]
    if fold(treatment_id) in _BY_NAME:
        return _BY_NAME[fold(treatment_id)]
    near = close_matches(fold(treatment_id), _BY_NAME, limit=5)
    close = list(dict.fromkeys(_BY_NAME[fold(name)].id for name in near))[:3]
    if close:
        raise UsageError(tr("clinical.treatments.unknown", value=treatment_id, close=", ".join(close)))
    raise UsageError(tr("clinical.treatments.unknown_all", value=treatment_id, ids=", ".join(TREATMENT_IDS)))


def check_treatments(ids: Iterable[str]) -> tuple[str, ...]:
    """The given treatment ids, checked, in list order."""
    wanted = {get_treatment(i).id for i in ids}
    return tuple(tid for tid in TREATMENT_IDS if tid in wanted)


def names_an_opioid(text: str) -> bool:
    """Whether a free-text list of treatments names an opioid tried (morphine, Actiskenan, tramadol...).

    A negated mention ("pas de morphine", "jamais eu d'opioïdes") is read as the pain description is
    (:mod:`finder.clinical.negation`) and names nothing; the last word of an entry is a prefix.
    """
    if not text.strip():
        return False  # no word, no opioid (and no need to load the negation rules)
    from finder.clinical.negation import ASSERTED, assertions, split_words  # only for free text

    words = split_words(text)
    said = assertions(words)
    folded = [w.folded for w in words]
    for start, state in enumerate(said):
        if state != ASSERTED:
            continue
        for entry in _OPIOID_WORDS:
            end = start + len(entry)
            if (
                end <= len(folded)
                and folded[start : end - 1] == list(entry[:-1])
                and folded[end - 1].startswith(entry[-1])
            ):
                return True
    return False


def any_opioid(ids: Iterable[str], text: str = "") -> bool:
    return any(_BY_ID[i].opioid for i in ids if i in _BY_ID) or names_an_opioid(text)
