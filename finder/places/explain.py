"""The words of a place decision (``finder.places.decide``): questions, notes, candidate labels.

The decision itself is codes; every command and the conversation render it here, in the current
language (``finder/locale/places.toml``), so that they all ask the same way.
"""

from __future__ import annotations

from finder.i18n import tr
from finder.model import PlaceMatch, PlaceNote
from finder.places.decide import PlaceDecision
from finder.places.label import commune_label
from finder.text import shown


def candidate_label(match: PlaceMatch) -> str:
    """ "Valence (26, Drôme)": a candidate told apart from its namesakes by its department."""
    return commune_label(match.commune, "department")


# Why a candidate matched, said beside its name when it is neither its name nor its postcode.
SHOWN_WHYS = (
    "fuzzy",
    "padded_postcode",
    "insee_code",
    "former_code",
    "cedex_guess",
    "near_foreign",
    "in_area",
)
# Notes that the question or the refusal says itself.
SAID_BY_QUESTION = ("foreign", "area")


def why_label(why: str) -> str:
    return tr(f"place.why.{why}")


def question(decision: PlaceDecision, query: str) -> str:
    """The question an ``ask`` puts: which commune, and why it is asked."""
    said = next((note.params for note in decision.notes if note.code in SAID_BY_QUESTION), {})
    return tr(f"place.ask.{decision.reason}", query=shown(query), **said)


def syntax(decision: PlaceDecision) -> str:
    return tr("place.ask.syntax", example=decision.suggestion or "")


def refusal(decision: PlaceDecision, query: str) -> str | None:
    """The message of a refusal that is not a plain "nothing found" (a foreign place, with its nearest
    French communes when it has some), else None."""
    foreign = next((note for note in decision.notes if note.code == "foreign"), None)
    if foreign is None:
        return None
    if decision.candidates:
        near = ", ".join(commune_label(m.commune) for m in decision.candidates)
        return tr("place.refuse.foreign_near", query=shown(query), near=near, **foreign.params)
    return tr("place.refuse.foreign", query=shown(query), **foreign.params)


def note_texts(decision: PlaceDecision) -> list[str]:
    """What was read or noticed, one sentence each (the foreign note is the question itself)."""
    return [note_text(note, decision) for note in decision.notes if note.code not in SAID_BY_QUESTION]


def note_text(note: PlaceNote, decision: PlaceDecision) -> str:
    if note.code == "not_postcode":
        guesses = [m for m in decision.candidates if m.why == "cedex_guess"]
        near = ", ".join(commune_label(m.commune) for m in guesses)
        if "name" in note.params:
            key = "place.note.not_postcode_insee" if near else "place.note.insee_not_postcode"
        else:
            key = "place.note.not_postcode" if near else "place.note.unknown_postcode"
        return tr(key, near=near, **note.params)
    return tr(f"place.note.{note.code}", **note.params)
