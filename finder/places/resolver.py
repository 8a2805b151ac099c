"""The place resolver: what a user typed, read, then an ordered cascade of named steps.

``read_query`` (``finder.places.reading``) rewrites postal spellings; then each step of ``CASCADE``
looks at the query and the candidates found so far, adds candidates (each with *why* it matched) and
notes, and may end the search, in this order:

1. ``parenthesized``: "Valence (26)", a department or postcode in parentheses, is strict;
2. ``code``: postcodes (a lost leading zero put back), INSEE codes, former INSEE codes, CEDEX codes;
   then ``area``: a region, department, overseas collectivity or country named ("La Réunion",
   "Allemagne"): the communes so named and its largest communes are asked about, a country refused;
3. ``names``: exact names, names without their article, former commune names, prefixes, words;
4. ``qualifier``: a name beside a postcode (its words decide between the postcode's communes), a CEDEX
   code or a department ("valence 82", "valence drome");
5. ``foreign``: a town outside France ("Monaco", "Genève"): not a French commune, its nearest ones;
6. ``fuzzy``: one or two typos.

``rank`` then orders the candidates: score bands (exact name, then prefix and words, then typos),
population inside a band; and it decides whether the query is ambiguous. A former commune's name, or a
small commune's, never wins silently over the large live commune whose name the query starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import NamedTuple

from finder.model import PlaceMatch, PlaceNote, PlaceResolution
from finder.places.areas import Areas
from finder.places.channel import letters, mistyped
from finder.places.indexes import Indexes
from finder.places.keys import canonical, strip_article, words
from finder.places.reading import PARENTHESIZED, Query, read_query
from finder.places.store import Store

# Score bands (the ranking; ``decide`` reads the confidence).
EXACT = 100.0
EXACT_WITHOUT_ARTICLE = 99.0  # "puy en velay" for "Le Puy-en-Velay"
FORMER_NAME = 96.0
QUERY_WITHOUT_ARTICLE = 95.0  # "le vesinet" -> "Le Vésinet"... or "la marseille" -> "Marseille"
PARENT_OF_ARRONDISSEMENT = 95.0  # "75013": Paris after Paris 13e
INSEE_BESIDE_POSTCODE = 90.0  # "01400" is both a postcode and another commune's INSEE code
PREFIX = 90.0
POSTCODE_ONLY = 85.0  # "12 rue x 75002 foo": the postcode's communes when the words match none
TOKENS = 82.0
CEDEX_GUESS = 80.0  # a code that is no postcode: the communes whose postcodes share its first digits
POSTCODE_OTHER_WORDS = 74.0  # a postcode's communes whose names share none of the query's words
FUZZY = {1: 78.0, 2: 70.0}  # by edit distance, plus up to LIKENESS_WEIGHT for the likeness of the slips
LIKENESS_WEIGHT = 2.0
MAX_EDITS = 2  # a typo search finds names at most this many edits away
WITHOUT_ARTICLE_TYPO = 1.0  # taken off a typo of a name without its article (as EXACT_WITHOUT_ARTICLE)
FORMER_NAME_TYPO = LIKENESS_WEIGHT  # taken off a typo of a former name: after the current names as close
RIVALS_FACTOR = 0.85  # a typo's confidence when another commune is about as close
NEAR_FOREIGN = 60.0  # a French commune near the foreign place that was named
IN_AREA = 70.0  # one of the largest communes of the region or department that was named
NAMESAKES = 2  # communes named as the area ("La Réunion", 47), listed before its largest ones

# Two distinct communes are "about equally good" when their scores differ by at most AMBIGUITY_MARGIN
# and both reach STRONG.
AMBIGUITY_MARGIN = 3.0
STRONG = 75.0
# For a query that names no commune exactly (a prefix, words, a typo), population weighs in: the best
# match is taken as meant when it is this many times larger than its close rivals ("Montpelier" is
# Montpellier, 300,000 people, not Montélier, 4,000), and the answer is ambiguous when a commune this
# many times larger also matches, even less well ("Toulouze" is a prefix of Toulouzette, 300 people,
# and a typo of Toulouse). Exact homonyms stay ambiguous whatever their sizes (Valence 26 and 82).
POPULATION_RATIO = 10
# A commune named exactly is still asked about when a town of at least this many people, and
# POPULATION_RATIO times larger, has a name that starts with the query ("Évry": Évry-Courcouronnes).
LARGE_TOWN = 5_000
# A typo as close to a city as to a hamlet a thousandth its size: the city first (people are asked
# about where people live; see _cities_first).
CITY_RATIO = 1_000
CEDEX_GUESSES = 2  # communes offered for a CEDEX code's first digits (plus the department's largest)

_POSTCODE = re.compile(r"\d{5}")
_PADDABLE = re.compile(r"\d{4}")
_INSEE_CORSICA = re.compile(r"2[ab]\d{3}")
_DEPARTMENT_CODE = re.compile(r"\d{1,3}|2[ab]")


class Hit(NamedTuple):
    """A candidate commune: its score band, why it matched, the former name that matched if any."""

    score: float
    why: str
    alias: str | None = None
    confidence: float | None = None  # None: the score


Hits = dict[int, Hit]


class Search:
    """The state the steps share: the query, the candidates by commune index, the notes (a plain class:
    a dataclass would cost a generated ``__init__`` at every start, for one object per query)."""

    __slots__ = ("done", "found", "key", "limit", "notes", "padded", "query")

    def __init__(self, query: Query, key: str, limit: int, notes: list[PlaceNote] | None = None) -> None:
        self.query = query
        self.key = key  # the query's key, as the steps rewrite it (a padded postcode)
        self.limit = limit
        self.found: Hits = {}
        self.notes: list[PlaceNote] = [] if notes is None else notes
        self.done = False
        self.padded: str | None = None  # the postcode a 4-digit code became

    def add(self, index: int, hit: Hit) -> None:
        if index not in self.found or self.found[index].score < hit.score:
            self.found[index] = hit


class Step(NamedTuple):
    name: str
    run: Callable[[Resolver, Search], None]


class Resolver:
    """Resolves queries against one store and its indexes; see the module docstring."""

    def __init__(self, store: Store, indexes: Indexes) -> None:
        self.store = store
        self.ix = indexes

    @cached_property
    def areas(self) -> Areas:
        return Areas(self.store)

    def resolve(self, query: str, limit: int = 10) -> PlaceResolution:
        """The communes ``query`` may mean, best first, with why each matched; never raises."""
        limit = max(1, limit)
        read = read_query(query)
        search = Search(query=read, key=read.key, limit=limit, notes=list(read.notes))
        if search.key:
            for step in CASCADE:
                step.run(self, search)
                if search.done:
                    break
        matches, ambiguous = self.rank(search)
        text = query if isinstance(query, str) else ""
        return PlaceResolution(query=text, matches=matches, ambiguous=ambiguous, notes=tuple(search.notes))

    # --- ranking ----------------------------------------------------------------------------------

    def rank(self, search: Search) -> tuple[tuple[PlaceMatch, ...], bool]:
        population, insee = self.store.populations, self.store.insee
        ranked = sorted(
            search.found.items(), key=lambda item: (-item[1].score, -population[item[0]], insee[item[0]])
        )
        ambiguous = self.ambiguous([(index, hit.score) for index, hit in ranked])
        first = self.listed_first(search.key, ranked)[: max(1, search.limit - 1)]  # the match stays in sight
        if first:  # listed first, as good as the exact match: the user picks
            ambiguous = True
            chosen, top = set(first), ranked[0][1].score
            promoted = [(index, _with_score(search.found[index], top)) for index in first]
            ranked = [*promoted, *(item for item in ranked if item[0] not in chosen)]
        elif ranked and ranked[0][1].why == "former_name" and self.live_rivals(ranked):
            ambiguous = True  # a former commune's name never wins silently over live communes
        elif ambiguous and (spelled := self.spelled_exactly(search.query.text, ranked)) is not None:
            ambiguous = False  # "Vergné" typed with its accent is not La Vergne
            ranked = [spelled, *(item for item in ranked if item[0] != spelled[0])]
        limit = search.limit
        shown = ranked[:limit]
        kept = [item for item in ranked[limit:] if item[1].why in ("insee_code", "cedex_guess")]
        if kept and limit > 1:  # a code that is both: its other meanings stay in sight, last
            shown = [*shown[: max(1, limit - len(kept))], *kept][:limit]
        matches = tuple(
            PlaceMatch(self.store.commune(index), hit.score, hit.alias, hit.why, hit.confidence)
            for index, hit in shown
        )
        return matches, ambiguous

    def ambiguous(self, ranked: list[tuple[int, float]]) -> bool:
        """Whether several different communes match about equally well (see POPULATION_RATIO)."""
        if len(ranked) < 2 or ranked[1][1] < STRONG:
            return False
        top, top_score = ranked[0]
        if top_score > PREFIX:  # the query names a commune (exactly, without accents, a former name...)
            return top_score - ranked[1][1] <= AMBIGUITY_MARGIN
        population = self.store.populations
        top_population = max(1, population[top])
        rivals = [(index, score) for index, score in ranked[1:] if score >= STRONG]
        if any(population[index] >= POPULATION_RATIO * top_population for index, _ in rivals):
            return True
        close = [index for index, score in rivals if top_score - score <= AMBIGUITY_MARGIN]
        return any(top_population < POPULATION_RATIO * max(1, population[index]) for index in close)

    def listed_first(self, key: str, ranked: list[tuple[int, Hit]]) -> list[int]:
        """The large live communes whose names start with the query, when a smaller commune named
        exactly or a former commune's name came first ("Évry", "Boulogne"): they are listed first."""
        if not ranked or ranked[0][1].why not in ("exact", "former_name") or ranked[0][1].score < FORMER_NAME:
            return []
        population, folded = self.store.populations, self.store.folded
        top, hit = ranked[0]
        exact = hit.why == "exact"
        floor = max(LARGE_TOWN, POPULATION_RATIO * population[top]) if exact else population[top]
        starts = key + " "
        larger = [
            index
            for index, other in ranked
            if other.why in ("prefix", "tokens")
            and population[index] >= floor
            and (folded[index].startswith(starts) or strip_article(folded[index]).startswith(starts))
        ]
        return sorted(larger, key=lambda index: -population[index])

    def spelled_exactly(self, text: str, ranked: list[tuple[int, Hit]]) -> tuple[int, Hit] | None:
        """Among communes named about equally well, the only one whose official name is what was typed
        (case aside, accents included, a qualifier in parentheses dropped), or None."""
        typed = PARENTHESIZED.sub("", text).strip().casefold()
        top = ranked[0][1].score
        tied = [item for item in ranked if top - item[1].score <= AMBIGUITY_MARGIN]
        spelled = [item for item in tied if self.store.names[item[0]].casefold() == typed]
        return spelled[0] if len(spelled) == 1 and tied[0][1].why == "exact" else None

    def live_rivals(self, ranked: list[tuple[int, Hit]]) -> list[int]:
        """Live communes a former name's query starts, or names when they are much larger."""
        top = ranked[0][0]
        population = self.store.populations
        return [
            index
            for index, hit in ranked[1:]
            if index != top
            and (
                hit.why == "prefix"
                or (hit.why == "tokens" and population[index] >= POPULATION_RATIO * max(1, population[top]))
            )
        ]

    # --- shared lookups ---------------------------------------------------------------------------

    def name_matches(self, key: str, limit: int | None = None, fuzzy: bool = True) -> Hits:
        """Name matches by band. With a ``limit``, lower bands are skipped once more than ``limit``
        better matches are found: they could not reach the shown results nor change ``ambiguous``."""
        ix = self.ix
        found: Hits = {}

        def add(index: int, hit: Hit) -> None:
            if index not in found or found[index].score < hit.score:
                found[index] = hit

        def enough() -> bool:
            return limit is not None and len(found) > limit

        for index in ix.names.exact(key):
            add(index, Hit(EXACT, "exact"))
        for index in ix.without_article.exact(key):
            add(index, Hit(EXACT_WITHOUT_ARTICLE, "exact"))
        for index, alias in ix.former(key):
            add(index, Hit(FORMER_NAME, "former_name", alias))
        bare = strip_article(key)
        if bare != key:
            for index in (*ix.names.exact(bare), *ix.without_article.exact(bare)):
                add(index, Hit(QUERY_WITHOUT_ARTICLE, "exact"))
        if len(key) >= 3 and not enough():
            for index in ix.prefix(key):
                add(index, Hit(PREFIX, "prefix"))
        if not enough() and not any(hit.why == "exact" for hit in found.values()):
            # words only when nothing is named exactly (a former name still meets the live communes
            # that name it: "Perret", Levallois-Perret)
            for index in ix.token_matches(key):
                add(index, Hit(TOKENS, "tokens"))
        if fuzzy and not enough() and not any(hit.score >= FORMER_NAME for hit in found.values()):
            for index, hit in self.fuzzy_matches(key).items():
                add(index, hit)
        return found

    def fuzzy_matches(self, key: str, anywhere: bool = False) -> Hits:
        """Names within one edit (names up to 5 letters) or two edits of ``key``, each with a
        confidence: the share of the query's letters left untouched, raised half-way to 100 when no
        other commune is as close (a typo with one plausible reading). A much smaller commune as close
        does not count for one edit ("Montpelier" is Montpellier, not Montélier), but does for two:
        two typos leave too little of the name to prefer the larger ("tionvillx": Thionville or
        Thonville)."""
        from rapidfuzz.distance import JaroWinkler

        if len(key) < 4:
            return {}
        max_edits = 1 if len(key) <= 5 else MAX_EDITS
        folded = self.store.folded
        closest: dict[int, tuple[int, float, str | None]] = {}
        typed = letters(key)
        for index, alias, edits, name in self.ix.within(key, max_edits, anywhere):
            edits = max(edits, 1)
            # inside an edit band, the likelier slips come first: a name that lacks fewer of the typed
            # letters (a dropped or swapped letter before a wrong one: finder.places.channel), then
            # one that keeps the query's start and order; as among exact names, a current name
            # matched whole comes first, then one matched without its article, then a former name
            # ("mauumsson": Maumusson before the commune that absorbed another Maumusson)
            lacked = min(mistyped(name, typed), MAX_EDITS)
            fit = LIKENESS_WEIGHT * (MAX_EDITS - lacked + JaroWinkler.similarity(key, name)) / (MAX_EDITS + 1)
            if alias is not None:
                fit -= FORMER_NAME_TYPO
            elif name != folded[index] and name == strip_article(folded[index]):
                fit -= WITHOUT_ARTICLE_TYPO
            if index not in closest or (edits, -fit) < (closest[index][0], -closest[index][1]):
                closest[index] = (edits, fit, alias)
        population = self.store.populations
        _cities_first(closest, population)
        hits: Hits = {}
        for index, (edits, fit, alias) in closest.items():
            similarity = 100.0 * (1 - edits / len(key))
            rivals = [
                other
                for other, (other_edits, _, _) in closest.items()
                if other != index
                and other_edits <= edits
                and (edits > 1 or POPULATION_RATIO * population[other] >= population[index])
            ]
            confidence = similarity * RIVALS_FACTOR if rivals else similarity + (100.0 - similarity) / 2
            score = FUZZY[edits] + fit
            hits[index] = Hit(round(score, 2), "fuzzy", alias, round(confidence, 1))
        return hits

    def code_matches(self, code: str, why: str = "postcode") -> tuple[Hits, list[PlaceNote]]:
        """A postcode's communes, an INSEE code's, a former INSEE code's, or a CEDEX code's guesses."""
        store = self.store
        found: Hits = {}
        notes: list[PlaceNote] = []
        in_postcode = store.postcode_indexes(code)
        has_arrondissement = any(store.is_arrondissement(index) for index in in_postcode)
        for index in in_postcode:
            is_parent = has_arrondissement and not store.is_arrondissement(index)
            found[index] = Hit(PARENT_OF_ARRONDISSEMENT if is_parent else EXACT, why)
        by_insee = store.by_insee.get(code.upper())
        if by_insee is not None and by_insee not in found:
            found[by_insee] = Hit(INSEE_BESIDE_POSTCODE if found else EXACT, "insee_code")
        if in_postcode or not code.isdigit():
            return found, notes
        current = None if found else store.former_codes.get(code)
        if current is not None and current in store.by_insee:  # today's commune first, still asked
            former = store.by_insee[current]
            found[former] = Hit(EXACT, "former_code")
            notes.append(
                PlaceNote("former_code", {"code": code, "name": store.names[former], "insee": current})
            )
        for guess in self.cedex_guesses(code):
            found.setdefault(guess, Hit(CEDEX_GUESS, "cedex_guess"))
        if not found:  # no department starts so: nothing to say but "unknown"
            return found, notes
        params = {"code": code}
        if by_insee is not None:  # an INSEE code that is no postcode: say whose
            params |= {"name": store.names[by_insee], "insee": store.insee[by_insee]}
        notes.append(PlaceNote("not_postcode", params))
        return found, notes

    def cedex_guesses(self, code: str) -> list[int]:
        """The largest communes whose postcodes share the code's first four or three digits, and the
        largest commune of its department: where a CEDEX code (a company's or a hospital's) most
        likely belongs. Arrondissements count as their city."""
        store = self.store

        def parent_or_self(index: int) -> int:
            parent = store.parents.get(store.insee[index])
            return index if parent is None else store.by_insee.get(parent, index)

        sharing: set[int] = set()
        for size in (4, 3):
            for postcode in store.postcodes_starting(code[:size]):
                sharing.update(parent_or_self(index) for index in store.by_postcode[postcode])
            if sharing:
                break
        population = store.populations
        guesses = sorted(sharing, key=lambda index: -population[index])[:CEDEX_GUESSES]
        department = code[:3] if code[:2] in ("97", "98") else code[:2]
        for largest in self.largest_by_department.get(department, ()):
            if largest not in guesses:
                guesses.append(largest)
        return sorted(guesses, key=lambda index: -population[index])

    @cached_property
    def largest_by_department(self) -> dict[str, tuple[int, ...]]:
        """Department code (Corsica "20" too) -> its most populous commune (not an arrondissement)."""
        store = self.store
        population = store.populations
        best: dict[str, int] = {}
        for index in range(len(store)):
            if store.is_arrondissement(index):
                continue
            department = store.department_of(index)
            if department not in best or population[index] > population[best[department]]:
                best[department] = index
        largest: dict[str, tuple[int, ...]] = {department: (index,) for department, index in best.items()}
        largest["20"] = tuple(best[code] for code in ("2A", "2B") if code in best)
        return largest

    def qualified_matches(self, key: str, strict: bool = False, search: Search | None = None) -> Hits | None:
        """Matches of a name with a department, a postcode or a CEDEX code beside it, or None.

        Within one postcode the name's words decide ("Valence-d'Agen 82400" is Valence, not Golfech).
        When no commune of that name lies in the department, the name alone decides, unless ``strict``;
        unless the name alone names no commune and the whole query is a typo of a commune's name.
        """
        parts = key.split()
        if len(parts) < 2:
            return None
        store = self.store
        postcode_at = [
            i for i, word in enumerate(parts) if _POSTCODE.fullmatch(word) and word in store.by_postcode
        ]
        why = "padded_postcode" if search is not None and search.padded else "postcode"
        if postcode_at:
            at = postcode_at[-1]
            rest = " ".join(parts[at + 1 :]) or " ".join(parts[:at])
            allowed = set(store.by_postcode[parts[at]])
            found = self.filtered(rest, allowed.__contains__) if rest else {}
            if found:
                return {index: Hit(hit.score, why, hit.alias, hit.confidence) for index, hit in found.items()}
            return self.by_words(rest, allowed, why)
        codes = [i for i, word in enumerate(parts) if _POSTCODE.fullmatch(word)]
        if codes and not strict:  # a CEDEX code or a typo beside a name: the name decides, noted
            code = parts[codes[-1]]
            rest = " ".join(word for i, word in enumerate(parts) if i != codes[-1])
            department = code[:3] if code[:2] in ("97", "98") else code[:2]
            found = self.filtered(rest, lambda index: store.department_of(index).startswith(department[:2]))
            found = found or self.name_matches(canonical(rest))
            if found and search is not None:
                search.notes.append(PlaceNote("code_ignored", {"code": code}))
            return found or None
        parsed = self.department_qualifier(parts)
        if parsed is None:
            return None
        base, department = parsed
        found = self.filtered(base, lambda index: store.department_of(index) == department)
        if strict or found:
            return found or None
        alone = self.name_matches(canonical(base))
        if not any(hit.score >= FORMER_NAME for hit in alone.values()):
            # the name alone names no commune, and none of the department bears it: the "department"
            # may end a misspelt name ("carvon saint martin": Cavron-Saint-Martin, not Saint-Martin)
            alone = self.fuzzy_matches(key) or alone
        return alone or None

    def by_words(self, rest: str, allowed: set[int], why: str) -> Hits:
        """A postcode's communes ranked by the query words their names share: the most first."""
        asked = words(rest)
        folded = self.store.folded
        shared = {index: len(asked & words(folded[index])) for index in allowed}
        best = max(shared.values(), default=0)
        if best == 0:
            return {index: Hit(POSTCODE_ONLY, why) for index in allowed}
        return {
            index: Hit(POSTCODE_ONLY if count == best else POSTCODE_OTHER_WORDS, why)
            for index, count in shared.items()
        }

    def filtered(self, key: str, keep: Callable[[int], bool]) -> Hits:
        return {index: hit for index, hit in self.name_matches(canonical(key)).items() if keep(index)}

    def department_qualifier(self, parts: list[str]) -> tuple[str, str] | None:
        """("valence", "82") for "valence 82", "valence (82)" or "valence tarn et garonne"."""
        code = self.store.department_code(parts[-1]) if _DEPARTMENT_CODE.fullmatch(parts[-1]) else None
        if code is not None:
            return " ".join(parts[:-1]), code
        names = self.ix.department_names
        for size in range(min(5, len(parts) - 1), 0, -1):
            code = names.get(" ".join(parts[-size:]))
            if code is not None:
                return " ".join(parts[:-size]), code
        return None

    def with_department_reading(self, key: str, hits: Hits) -> Hits:
        """``hits`` plus, below them, the communes a trailing number names when read as a department.

        "marseille 13" is the 13th arrondissement (the number read as in "paris 13") and Marseille, in
        department 13: the city follows its arrondissement, as for the postcode "13013".
        """
        parts = key.split()
        if len(parts) < 2 or self.store.department_code(parts[-1]) is None:
            return hits
        qualified = self.qualified_matches(key, strict=True) or {}
        for index, hit in qualified.items():
            if index not in hits:
                hits[index] = Hit(
                    min(hit.score, PARENT_OF_ARRONDISSEMENT), hit.why, hit.alias, hit.confidence
                )
        return hits


def _cities_first(closest: dict[int, tuple[int, float, str | None]], population: Sequence[int]) -> None:
    """Inside one edit band, a town of LARGE_TOWN or more, CITY_RATIO times as populous as the commune
    whose name looks likeliest, is given that likeness: the rank's population order then lists it first
    ("maesille": Marseille, 886,040 inhabitants, before Maresville, 93). ``closest`` maps a commune to
    (edits, likeness, former name); changed in place."""
    likeliest: dict[int, tuple[float, int]] = {}
    for index, (edits, fit, _) in closest.items():
        if edits not in likeliest or fit > likeliest[edits][0]:
            likeliest[edits] = (fit, index)
    for index, (edits, _, alias) in closest.items():
        best_fit, best = likeliest[edits]
        size = population[index]
        if size >= LARGE_TOWN and size >= CITY_RATIO * max(1, population[best]):
            closest[index] = (edits, best_fit, alias)


def _with_score(hit: Hit, score: float) -> Hit:
    return Hit(score, hit.why, hit.alias, hit.confidence if hit.confidence is not None else hit.score)


# --- the cascade ----------------------------------------------------------------------------------


def _parenthesized(resolver: Resolver, search: Search) -> None:
    """ "Valence (26)": the qualifier in parentheses is a department or postcode, and it is strict."""
    if search.query.parenthesized:
        found = resolver.qualified_matches(search.key, strict=True, search=search)
        if found:
            search.found, search.done = found, True


def _code(resolver: Resolver, search: Search) -> None:
    """A code alone: a postcode, an INSEE code, a former INSEE code, a CEDEX code; a 4-digit code is a
    postcode that lost its leading zero when that gives one ("1220" beside a name too)."""
    store = resolver.store
    parts = search.key.split()
    for position, word in enumerate(parts):
        if _PADDABLE.fullmatch(word) and "0" + word in store.by_postcode:
            parts[position] = search.padded = "0" + word
            search.key = " ".join(parts)
            search.notes.append(PlaceNote("padded_postcode", {"code": word, "postcode": search.padded}))
            break
    compact = search.key.replace(" ", "")
    if _POSTCODE.fullmatch(compact) or _INSEE_CORSICA.fullmatch(compact):
        why = "padded_postcode" if search.padded else "postcode"
        search.found, notes = resolver.code_matches(compact, why)
        search.notes.extend(notes)
        search.done = True


def _area(resolver: Resolver, search: Search) -> None:
    """A region, department or overseas collectivity named, with no commune of that name inside it
    ("La Réunion", "Corse", "Bretagne"): its namesakes elsewhere (La Réunion, 47), then its largest
    communes, are asked about. A country ("Allemagne", "Andorre"): not a French commune; the
    French communes that contain its name are asked about, or its nearest French communes offered
    when it is also a border place's name (Monaco, Andorra)."""
    area = resolver.areas.named(search.key)
    if area is None:
        return
    store = resolver.store
    named = {
        index: hit
        for index, hit in resolver.name_matches(search.key, search.limit, fuzzy=False).items()
        if hit.why != "fuzzy"
    }
    if area.kind == "country":
        place = resolver.ix.foreign.get(search.key) or resolver.ix.foreign.get(strip_article(search.key))
        near = place.near if place is not None else ()
        found = {
            store.by_insee[insee]: Hit(NEAR_FOREIGN - rank, "near_foreign", None, 0.0)
            for rank, insee in enumerate(near)
            if insee in store.by_insee
        }
        if found:  # a border place ("Luxembourg"): only a commune so named competes with it
            named = {index: hit for index, hit in named.items() if hit.score >= QUERY_WITHOUT_ARTICLE}
        search.found = {**found, **named}
        search.notes.append(PlaceNote("foreign", {"name": area.name, "country": area.code}))
        search.done = True
        return
    inside = set(area.departments)
    if any(hit.score >= FORMER_NAME and store.department_of(index) in inside for index, hit in named.items()):
        return  # "Paris", "Corrèze", "Saint-Martin": a commune of the area bears its name
    namesakes = sorted(
        (index for index, hit in named.items() if hit.score >= QUERY_WITHOUT_ARTICLE),
        key=lambda index: -store.populations[index],
    )[:NAMESAKES]
    largest = resolver.areas.largest(area, max(1, search.limit - len(namesakes)))
    search.found = {
        index: Hit(IN_AREA - rank / 10, "in_area", None, 0.0) for rank, index in enumerate(largest)
    }
    for index in namesakes:  # named exactly: first, but asked about with the area's largest communes
        search.found.setdefault(index, named[index])
    departments = ", ".join(area.departments)
    search.notes.append(
        PlaceNote(
            "area", {"kind": area.kind, "name": area.name, "code": area.code, "departments": departments}
        )
    )
    search.done = True


def _names(resolver: Resolver, search: Search) -> None:
    """Exact names, names without their article, former names, prefixes and words (no typos yet).
    A query that names a commune (or a former one) ends the search here."""
    hits = resolver.name_matches(search.key, search.limit, fuzzy=False)
    search.found.update(hits)
    if any(hit.score >= FORMER_NAME for hit in hits.values()):
        if search.query.bare_number:
            search.found = resolver.with_department_reading(search.key, search.found)
        search.done = True


def _qualifier(resolver: Resolver, search: Search) -> None:
    """A name with a postcode, a CEDEX code or a department beside it."""
    qualified = resolver.qualified_matches(search.key, search=search)
    if qualified is not None:
        search.found, search.done = qualified, True


def _foreign(resolver: Resolver, search: Search) -> None:
    """A town outside France named exactly: never a French commune by a typo; its nearest French
    communes are offered (none for a far city)."""
    place = resolver.ix.foreign.get(search.key)
    bare = strip_article(search.key)
    if place is None and bare != search.key:
        place = resolver.ix.foreign.get(bare)
        if place is not None and _one_typo_from_a_commune(resolver, search.key):
            return  # "le eich": Le Teich misspelt, not the foreign Eich with a French article before it
    if place is None:
        return
    store = resolver.store
    search.found = {
        store.by_insee[insee]: Hit(NEAR_FOREIGN - rank, "near_foreign", None, 0.0)
        for rank, insee in enumerate(place.near)
        if insee in store.by_insee
    }
    search.notes.append(PlaceNote("foreign", {"name": place.name, "country": place.country}))
    search.done = True


def _one_typo_from_a_commune(resolver: Resolver, key: str) -> bool:
    """Whether a commune's name is one edit from ``key`` (the fuzzy band of one edit)."""
    return any(hit.score >= FUZZY[1] for hit in resolver.fuzzy_matches(key).values())


def _fuzzy(resolver: Resolver, search: Search) -> None:
    """One or two typos, when the bands above found few candidates."""
    if len(search.found) <= search.limit:  # a typo in the first letter only searched when nothing else
        for index, hit in resolver.fuzzy_matches(search.key, anywhere=not search.found).items():
            search.add(index, hit)


CASCADE: tuple[Step, ...] = (
    Step("parenthesized", _parenthesized),
    Step("code", _code),
    Step("area", _area),
    Step("names", _names),
    Step("qualifier", _qualifier),
    Step("foreign", _foreign),
    Step("fuzzy", _fuzzy),
)

__all__ = ["CASCADE", "Hit", "Resolver", "Search", "Step"]
