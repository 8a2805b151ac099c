"""The DN4 neuropathic-pain questionnaire: its 10 items, the 7-item DN4-interview, and their scoring.

Wording, parts and cut-offs are data (``finder/data/clinical/dn4.toml``), from the DN4 form:
Bouhassira et al., Pain 2005; French form (Pediadol), English items (PMC7136290, table 3). Full DN4:
yes = 1, out of 10, positive at 4 or more. DN4-interview (items 1-7, no examination): positive at 3 or
more out of 7, which means "probable, to be confirmed by examination". A positive result supports a
neuropathic category; it never overrides the category the user chose (finder's routing rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from finder.clinical import texts as clinical_text
from finder.clinical.data import load, pair
from finder.errors import UsageError
from finder.i18n import pick, tr
from finder.model import Dn4Result
from finder.text import close_matches

PARTS = ("interview", "examination")


@dataclass(frozen=True, slots=True)
class Dn4Item:
    """One of the DN4 form's ten items, with the question of its group (``dn4.toml``)."""

    id: str
    number: int  # 1-10, the form's numbering
    part: str  # "interview" (items 1-7) or "examination" (items 8-10)
    group: str  # "q1".."q4", the form's four questions
    label_fr: str
    label_en: str
    question_fr: str  # the question of the item's group
    question_en: str

    @property
    def label(self) -> str:
        return pick({"fr": self.label_fr, "en": self.label_en})

    @property
    def question(self) -> str:
        return pick({"fr": self.question_fr, "en": self.question_en})


def _load() -> tuple[tuple[Dn4Item, ...], dict[str, int]]:
    data = load("dn4.toml")
    groups = {group["id"]: group for group in data["group"]}
    items = []
    for entry in data["item"]:
        group = groups[entry["group"]]
        label, question = pair(entry["label"]), pair(group["question"])
        items.append(
            Dn4Item(
                id=entry["id"],
                number=entry["number"],
                part=group["part"],
                group=group["id"],
                label_fr=label["fr"],
                label_en=label["en"],
                question_fr=question["fr"],
                question_en=question["en"],
            )
        )
    return tuple(sorted(items, key=lambda item: item.number)), data["scoring"]


DN4_ITEMS, _SCORING = _load()
DN4_INTERVIEW_ITEMS = tuple(item for item in DN4_ITEMS if item.part == "interview")
FULL_OUT_OF: int = _SCORING["full_out_of"]
FULL_CUTOFF: int = _SCORING["full_cutoff"]
INTERVIEW_OUT_OF: int = _SCORING["interview_out_of"]
INTERVIEW_CUTOFF: int = _SCORING["interview_cutoff"]


def _yes_ids(yes_ids: Iterable[str], allowed: tuple[Dn4Item, ...]) -> tuple[str, ...]:
    """The distinct ids answered yes, in form order; an unknown id is a usage error."""
    allowed_ids = tuple(item.id for item in allowed)
    given = set()
    for raw in yes_ids:
        item_id = raw.strip()
        if item_id not in allowed_ids:
            if item_id in {item.id for item in DN4_ITEMS}:  # an examination item in the interview
                raise UsageError(tr("clinical.dn4.examination_item", value=item_id))
            close = close_matches(item_id, allowed_ids)
            raise UsageError(
                tr(
                    "clinical.dn4.unknown_item",
                    value=item_id,
                    close=", ".join(close) or ", ".join(allowed_ids),
                )
            )
        given.add(item_id)
    return tuple(item_id for item_id in allowed_ids if item_id in given)


def score_dn4(yes_ids: Iterable[str]) -> Dn4Result:
    """The full DN4 (interview and examination): out of 10, positive at 4 or more."""
    yes = _yes_ids(yes_ids, DN4_ITEMS)
    return Dn4Result(len(yes), FULL_OUT_OF, len(yes) >= FULL_CUTOFF, yes)


def score_dn4_interview(yes_ids: Iterable[str]) -> Dn4Result:
    """The DN4-interview (items 1-7, no examination): out of 7, positive ("probable") at 3 or more."""
    yes = _yes_ids(yes_ids, DN4_INTERVIEW_ITEMS)
    return Dn4Result(len(yes), INTERVIEW_OUT_OF, len(yes) >= INTERVIEW_CUTOFF, yes)


def dn4_from_score(score: int, out_of: int = FULL_OUT_OF) -> Dn4Result:
    """A result from a total already computed elsewhere (``finder route --dn4 N``)."""
    if out_of not in (FULL_OUT_OF, INTERVIEW_OUT_OF):
        raise UsageError(tr("clinical.dn4.out_of", out_of=out_of))
    if not 0 <= score <= out_of:
        raise UsageError(tr("clinical.dn4.score_range", value=score, out_of=out_of))
    cutoff = FULL_CUTOFF if out_of == FULL_OUT_OF else INTERVIEW_CUTOFF
    return Dn4Result(score, out_of, score >= cutoff)


def supports_neuropathic(result: Dn4Result | None) -> bool:
    """Whether the DN4 supports a neuropathic category (it never replaces the user's choice)."""
    return result is not None and result.positive


def caveat_keys(result: Dn4Result) -> tuple[str, ...]:
    """The keys of the sourced sentences (``texts.toml``) to print beside a DN4 result."""
    keys = []
    if result.interview_only:
        keys.append("dn4_interview_caveat")
    elif result.positive:
        keys.append("dn4_positive")
    keys += ["dn4_supports", "dn4_purpose"]
    return tuple(keys)


def caveats(result: Dn4Result) -> tuple[str, ...]:
    """The sourced sentences to print beside a DN4 result (interview-only caveat, purpose)."""
    return tuple(clinical_text.text(key) for key in caveat_keys(result))
