"""One rule for every caller: answer with a commune, ask which one, or refuse.

``finder place``, ``finder route --near``, ``finder centres --near`` and the conversation all call
``decide`` on a resolution, so that they never disagree on a place. A route is only ever planned from
an ``answer``; an ``ask`` lists numbered candidates with their departments and suggests one syntax,
"Valence (26)", that every command accepts.

The threshold: a match is answered when its confidence reaches ``CONFIDENT``. Exact names, postcodes
and codes carry 95-100; a typo carries the share of the query's letters left untouched, raised
half-way to 100 when no other commune of comparable size (of any size, for two typos) is as close,
lowered by 15 % when one is: two typos as close to a village as to a town are asked about.
On ``benchmarks/bench_places.py`` (1,000 generated queries, seed 2026, its calibration table), the
first result was right for 19 of the 19 queries scored 80-90 and for 99.6 % of those scored 90 or
more, but only for 9 of the 16 queries scored below 80: asking below 80 concerns 1.6 % of the
queries (two typos in a short name, mostly) and leaves one wrong answer in 1,000.

Whatever its confidence, a match is never answered as "certain" when its text is not the
commune's. A typo is answered (reason ``typo``, with a note saying what was read) only when it names
a town of ``TYPO_TOWN`` people or more by its own name ("Bordaux": Bordeaux), not a former one: a
typo landing on a village is more often another place altogether ("Tahiti" is one letter from Aiti,
27 people, while the user means the island), so it is asked about. A part of a longer official name
("Andorre" in L'Hospitalet-près-l'Andorre, "Allemagne" in Allemagne-en-Provence) is asked about, with
the commune's department. A region, department or overseas collectivity named ("La Réunion") is
asked about (its namesakes, then its largest communes); a foreign place or a country is refused,
with its nearest French communes when it has some, unless French communes bear its name ("Suisse",
57): then they are asked about.

Measured on the same benchmark (medians of 3 runs, identical): with these rules 27.1 % of the 1,000
queries ask instead of 1.9 %, all of the difference in its typo kinds (93 % of one-typo and 95 % of
two-typo queries, drawn on random communes, mostly villages: the commune meant is first among the
candidates in 99.3 % and 94.4 % of them); real names (exact, without accents, abbreviated, postcodes,
qualified) ask as before (0-0.7 %), and no query is answered wrong (0.1 % before).
"""

from __future__ import annotations

from typing import NamedTuple

from finder.model import Commune, PlaceMatch, PlaceNote, PlaceResolution
from finder.places.label import commune_label

CONFIDENT = 80.0
TYPO_TOWN = 5_000  # inhabitants: a typo is answered (with a note) only for a town this large
ACTIONS = ("answer", "ask", "refuse")
# Reasons (codes): why a question or a refusal.
REASONS = ("certain", "typo", "ambiguous", "weak", "partial", "area", "foreign", "not_postcode", "not_found")
# Why a candidate matched when its text is not the commune's own: never answered without asking.
UNSURE_WHYS = {"fuzzy": "weak", "prefix": "partial", "tokens": "partial"}


class PlaceDecision(NamedTuple):
    action: str  # one of ACTIONS
    reason: str  # one of REASONS
    confidence: float  # 0-100: the best candidate's
    # answer: the commune; ask: the choices, best first; refuse: the nearest French communes, if any
    candidates: tuple[PlaceMatch, ...]
    notes: tuple[PlaceNote, ...] = ()  # what was read or noticed, to tell the user
    suggestion: str | None = None  # how to name the first candidate unambiguously: "Valence (26)"

    @property
    def commune(self) -> Commune | None:
        """The commune answered; None for a question or a refusal."""
        return self.candidates[0].commune if self.action == "answer" else None


def suggestion(match: PlaceMatch) -> str:
    """The one syntax every command accepts to name a commune exactly: "Valence (26)"."""
    return commune_label(match.commune)


def decide(resolution: PlaceResolution) -> PlaceDecision:
    """The decision on ``resolution``; see the module docstring."""
    matches, notes = resolution.matches, resolution.notes
    foreign = any(note.code == "foreign" for note in notes)
    if not matches:
        return PlaceDecision("refuse", "foreign" if foreign else "not_found", 0.0, (), notes)
    top = matches[0]
    confidence = float(top.certainty)
    if foreign:
        if all(match.why == "near_foreign" for match in matches):
            return PlaceDecision("refuse", "foreign", 0.0, matches, notes, suggestion(top))
        reason = "foreign"  # French communes bear its name: which one, if any?
    elif any(note.code == "area" for note in notes):  # the example names a commune of the area
        example = next((match for match in matches if match.why == "in_area"), top)
        return PlaceDecision("ask", "area", confidence, matches, notes, suggestion(example))
    elif any(match.why == "cedex_guess" for match in matches):
        reason = "not_postcode"
    elif resolution.ambiguous and len(matches) > 1:
        reason = "ambiguous"
    elif confidence < CONFIDENT:
        reason = "weak"
    elif top.why == "fuzzy" and top.matched_alias is None and top.commune.population >= TYPO_TOWN:
        commune = top.commune
        read = PlaceNote("typo", {"name": commune.name, "department": commune.department})
        return PlaceDecision("answer", "typo", confidence, (top,), (*notes, read), suggestion(top))
    elif top.why in UNSURE_WHYS:
        reason = UNSURE_WHYS[top.why]
    else:
        return PlaceDecision("answer", "certain", confidence, (top,), notes, suggestion(top))
    return PlaceDecision("ask", reason, confidence, matches, notes, suggestion(top))
