"""Frozen value objects shared across finder's modules.

Each module owns the logic that produces these; the objects themselves carry no behaviour beyond
small derived properties, so the CLI, the TUI and the tests can all read them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# --- places (finder.places.gazetteer) -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Commune:
    """A current French commune (or a Paris/Lyon/Marseille municipal arrondissement)."""

    insee: str
    name: str
    postcodes: tuple[str, ...]
    department: str  # code: "42", "2A", "974"
    department_name: str
    region: str  # code
    region_name: str
    lat: float
    lon: float
    population: int
    parent_insee: str | None = None  # the city of an arrondissement (75056, 69123, 13055)


# Why a commune matched a place query (``PlaceMatch.why``).
PLACE_WHYS = (
    "exact",  # its name (accents, case, hyphens, articles, St/Ste aside)
    "former_name",  # the name of a commune merged into it
    "prefix",  # the query starts its name
    "tokens",  # the query's words are in its name
    "fuzzy",  # one or two typos away
    "postcode",  # one of its postcodes
    "padded_postcode",  # one of its postcodes once a lost leading zero is put back ("1220")
    "insee_code",  # its INSEE code (not a postcode)
    "former_code",  # the INSEE code of a commune merged into it
    "cedex_guess",  # a CEDEX code's first digits are those of its postcodes
    "near_foreign",  # a French commune near the foreign place that was named
    "in_area",  # one of the largest communes of the region or department that was named
)


@dataclass(frozen=True, slots=True)
class PlaceNote:
    """Something the resolver read or noticed, as a code with parameters (words at the edge)."""

    code: str  # "cedex", "padded_postcode", "not_postcode", "former_code", "code_ignored", "foreign", "area"
    params: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    commune: Commune
    score: float  # 0-100, higher is better: the ranking
    matched_alias: str | None = None  # the former commune name that matched, if any
    why: str = "exact"  # one of PLACE_WHYS
    confidence: float | None = None  # 0-100, how sure the match is meant (None: the score)

    @property
    def certainty(self) -> float:
        return self.score if self.confidence is None else self.confidence


@dataclass(frozen=True, slots=True)
class PlaceResolution:
    query: str
    matches: tuple[PlaceMatch, ...]  # best first
    ambiguous: bool  # several different communes match about equally well
    notes: tuple[PlaceNote, ...] = ()  # what was read or noticed (CEDEX dropped, code padded...)

    @property
    def best(self) -> PlaceMatch | None:
        return self.matches[0] if self.matches else None


@dataclass(frozen=True, slots=True)
class GeocodedAddress:
    """A street address geocoded online (opt-in), with the commune it lies in when known."""

    label: str
    lat: float
    lon: float
    postcode: str | None
    city: str | None
    insee: str | None
    score: float


# --- the directory (finder.directory.catalog) ---------------------------------------------------------------

CENTRE_KINDS = (
    "sdc-centre",
    "sdc-consultation",
    "sdc",
    "neurology",
    "algology",
    "reference-centre",
)
AUDIENCES = ("adult", "child")
RTMS_TARGETS = ("M1", "DLPFC", "other")
POPULATIONS = ("cancer", "psychiatry", "geriatrics")  # a structure dedicated to a population
STATUS_STATES = ("active", "suspended", "closed")  # a closed or suspended structure is never routed to
PHONE_KINDS = ("unit", "appointments", "switchboard")  # what the number reaches
ORIGINS = ("shipped", "user")  # the directory shipped with finder, or the user's own centres


@dataclass(frozen=True, slots=True)
class RtmsOffer:
    offered: bool
    targets: tuple[str, ...] = ()
    indications: tuple[str, ...] = ()  # pain category ids
    evidence: str | None = None
    routine: bool = True  # False: a research protocol or trial, never shown as "offers rTMS"


@dataclass(frozen=True, slots=True)
class Centre:
    """One directory entry, validated. ``id`` is the file stem, ``region`` its folder."""

    id: str
    region: str
    path: str
    name: str
    establishment: str
    kind: str
    audience: tuple[str, ...]
    city: str
    lat: float
    lon: float
    insee: str | None = None
    postcode: str | None = None
    street: str | None = None
    phone: str | None = None
    phone_kind: str | None = None  # one of PHONE_KINDS when phone is set
    website: str | None = None
    email: str | None = None
    finess: str | None = None
    finess_legal: str | None = None
    rtms: RtmsOffer | None = None
    gp_letter_required: bool | None = None
    referral_notes: str | None = None
    sources: tuple[str, ...] = ()
    last_verified: date | None = None
    provenance_notes: str | None = None  # maintainers' notes: never shown in routes or centre details
    stale: bool = False  # last_verified older than 12 months
    unverified: bool = True  # no last_verified
    population: tuple[str, ...] = ()  # POPULATIONS the structure is dedicated to; () means everyone
    description: Mapping[str, str] | None = field(default=None, hash=False)  # {"fr", "en"} public text
    status: str = "active"  # one of STATUS_STATES
    status_source: str | None = None
    status_date: date | None = None
    origin: str = "shipped"  # one of ORIGINS

    @property
    def offers_rtms(self) -> bool:
        """rTMS as routine care (a research protocol is not an offer: see :attr:`rtms_trial`)."""
        return self.rtms is not None and self.rtms.offered and self.rtms.routine

    @property
    def rtms_trial(self) -> bool:
        """rTMS only within a research protocol or trial: shown apart, never as "offers rTMS"."""
        return self.rtms is not None and self.rtms.offered and not self.rtms.routine

    @property
    def active(self) -> bool:
        """Neither closed nor suspended: only active structures are routed to."""
        return self.status == "active"

    @property
    def paediatric(self) -> bool:
        """A structure for children only."""
        return self.audience == ("child",)

    @property
    def dedicated(self) -> bool:
        """Dedicated to one population (cancer, psychiatry, geriatrics) or to children."""
        return bool(self.population) or self.paediatric

    @property
    def takes_children(self) -> bool:
        return "child" in self.audience


# --- official lists beside the directory (finder.directory.official, finder.directory.coverage) ------------


@dataclass(frozen=True, slots=True)
class OfficialPage:
    """An official page listing pain structures (an ARS page, CNRD, SFETD), with where it was found."""

    scope: str  # region slug, or "france"
    name: Mapping[str, str] = field(hash=False)  # {"fr": the page's own title, "en": its translation}
    url: str
    source: str

    def title(self, language: str) -> str:
        return self.name[language]


@dataclass(frozen=True, slots=True)
class OfficialLookup:
    """A route's pointer to the official lists: why (``code``), its parameters, and the pages."""

    code: str  # "none_within" | "below_official" | "out_of_reach"
    params: dict[str, object] = field(hash=False)
    pages: tuple[OfficialPage, ...] = ()


# --- the clinical core (finder.clinical.pain, finder.clinical.screening) ------------------------------------


@dataclass(frozen=True, slots=True)
class PainMatch:
    category: str  # a pain category id (finder/data/clinical/categories.toml)
    score: float  # 0-100
    matched: tuple[str, ...]  # the lexicon terms found in the text


@dataclass(frozen=True, slots=True)
class Dn4Result:
    score: int
    out_of: int  # 10 for the full DN4, 7 for the DN4-interview
    positive: bool
    yes: tuple[str, ...] = ()  # the item ids answered yes, in form order (empty when only a total is known)

    @property
    def interview_only(self) -> bool:
        return self.out_of == 7


# --- the patient's answers (finder.intake.dialogue builds it, finder.route.planning reads it) ---------------

DEFAULT_RADIUS_KM = 100.0  # how far a patient travels when nobody says: the route, the conversation, centres


@dataclass(frozen=True, slots=True)
class Intake:
    """Everything the route depends on. Holds no identity: finder never asks for a name."""

    place: Commune
    pain_category: str
    pain_text: str = ""
    pain_score: float | None = None  # the match confidence when the category came from free text
    months: float | None = None  # duration of the pain
    long_duration: bool = False  # "for years" without a number: chronic, months unknown (None)
    intensity: int | None = None  # numeric rating scale 0-10
    refractory: bool | None = None  # usual treatments tried without enough relief
    age: int | None = None  # None: adult assumed
    radius_km: float = DEFAULT_RADIUS_KM
    dn4: Dn4Result | None = None
    contraindications: frozenset[str] = field(default_factory=frozenset)  # screening ids answered yes
    screened: bool = False  # the TMS safety screening was asked: an empty set then means "no yes answer"
    has_criteria: frozenset[str] = field(default_factory=frozenset)  # HAS 2008 orientation criteria
    point: tuple[float, float] | None = None  # (lat, lon) of a geocoded street address, if any
    place_score: float | None = None  # the place resolution's score (0-100), for the JSON route
    treatments: str = ""  # treatments tried, as the user wrote them (printed in the referral letter)
    treatments_tried: tuple[str, ...] = ()  # ids of finder.clinical.treatments ticked (neuropathic pain)
    alerts: tuple[str, ...] = ()  # warning-sign ids (finder.clinical.alerts) confirmed by the user
    alerts_asked: bool = False  # the warning signs were asked: then an empty ``alerts`` means "none"

    @property
    def is_child(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def origin(self) -> tuple[float, float]:
        return self.point or (self.place.lat, self.place.lon)


# --- the route (finder.route.planning produces it, finder.route.render and the TUI present it) --------------

STEP_KINDS = ("preconditions", "oncology", "sdc_evaluation", "rtms", "follow_up")


@dataclass(frozen=True, slots=True)
class Note:
    """One element of a route as data: a ``code`` and its ``params``; never a sentence.

    The words come from :mod:`finder.route.render` (locale catalogues and clinical data files), in the
    language asked for when rendering, the way :class:`finder.directory.validate.Problem` carries a code.
    Params hold plain values only (str, int, float, bool, tuples of str) so that JSON can carry them.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()},
        }


def note(code: str, **params: Any) -> Note:
    return Note(code, params)


@dataclass(frozen=True, slots=True)
class RoutedCentre:
    centre: Centre
    distance_km: float  # geodesic, from the intake's origin
    within_radius: bool


@dataclass(frozen=True, slots=True)
class RouteStep:
    kind: str  # one of STEP_KINDS
    title: Note  # the step's heading, as a code (``step.<kind>`` or a variant of it)
    lines: tuple[Note, ...]  # the step's contents, in order; render turns each into one or more lines
    centres: tuple[str, ...] = ()  # centre ids, nearest first
    trials: tuple[str, ...] = ()  # research protocols (rTMS trials), shown apart from the centres


@dataclass(frozen=True, slots=True)
class RtmsDecision:
    indicated: bool  # an rTMS step is part of the route
    evidence_level: str | None  # "A", "B" or None (no level established)
    reference: str | None
    blocked_by: tuple[str, ...] = ()  # screening ids of the "blocks" tier answered yes
    cautions: tuple[str, ...] = ()  # screening ids of the "cautions" tier answered yes
    reasons: tuple[Note, ...] = ()  # why rTMS is not a step, as codes
    screened: bool = False  # whether the TMS safety screening was answered (see Intake.screened)
    considered: bool = True  # False where rTMS is not discussed (cancer pain; a child, with its reason)


@dataclass(frozen=True, slots=True)
class Route:
    """A referral route as data (codes and ids): :mod:`finder.route.render` gives it words in any
    language, so a language switch re-renders it and never re-plans."""

    intake: Intake
    steps: tuple[RouteStep, ...]
    centres: tuple[RoutedCentre, ...]  # every centre a step names, nearest first
    rtms: RtmsDecision
    reminders: tuple[Note, ...]
    warnings: tuple[Note, ...]
    # read before step 1: the urgent line and the signs, or "pain structures do not treat acute pain"
    opening: tuple[Note, ...] = ()
    created: date | None = None  # the day the route was planned (dates the referral letter)
    official: OfficialLookup | None = None  # the official places to look when the directory is thin
