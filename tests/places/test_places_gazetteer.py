"""Whole-gazetteer properties: every official name finds its commune, any string is handled."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.model import PlaceResolution
from finder.places.gazetteer import canonical, load_gazetteer
from finder.places.keys import STOPWORDS
from finder.text import fold


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_every_official_name_resolves_to_itself(gaz):
    """First, or among equally scored homonyms with ``ambiguous`` set (about 2 s for 35,014 names)."""
    homonyms = Counter(fold(c.name) for c in gaz.communes)
    failures = []
    for commune in gaz.communes:
        resolution = gaz.resolve(commune.name, limit=max(10, homonyms[fold(commune.name)]))
        ranked = [m.commune.insee for m in resolution.matches]
        if ranked[0] == commune.insee:
            continue
        position = ranked.index(commune.insee) if commune.insee in ranked else None
        top = resolution.matches[0].score
        if position is None or not resolution.ambiguous or resolution.matches[position].score != top:
            failures.append((commune.insee, commune.name, ranked[:3]))
    assert failures == []


def test_the_stored_matching_keys_are_the_folded_names(gaz):
    """The data file carries the matching keys: they must be what ``fold`` makes of the names today."""
    assert gaz.store.folded == [canonical(fold(name)) for name in gaz.store.names]
    assert gaz.store.folded == sorted(gaz.store.folded)  # the index of exact and prefix lookups as it is
    assert gaz.store.vocabulary == sorted({word for key in gaz.store.folded for word in key.split()})
    assert [c.insee for c in gaz.communes] == sorted(c.insee for c in gaz.communes)
    assert [key for key, _, _ in gaz.store.former_folded] == [
        canonical(fold(alias)) for alias, *_ in gaz.store.former
    ]


def test_every_former_name_finds_its_current_commune(gaz):
    failures = []
    for alias, _, current, _ in gaz.store.former:
        resolution = gaz.resolve(alias, limit=50)
        hits = [m for m in resolution.matches if m.commune.insee == current]
        if not hits:
            failures.append((alias, current))
        elif hits[0].matched_alias is None and fold(hits[0].commune.name) != fold(alias):
            # found without saying which former commune matched, even when the former name is the start
            # of the current one ("Culoz" -> Culoz-Béon): the user must learn the commune merged
            failures.append((alias, current, "without alias"))
    assert failures == []


def test_every_postcode_lists_exactly_its_communes(gaz):
    by_postcode: dict[str, set[str]] = {}
    for commune in gaz.communes:
        for code in commune.postcodes:
            by_postcode.setdefault(code, set()).add(commune.insee)
    assert len(by_postcode) > 6000
    for code, expected in by_postcode.items():
        assert {c.insee for c in gaz.by_postcode(code)} == expected, code


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_string_yields_results_or_a_clean_no_result(gaz, text):
    resolution = gaz.resolve(text, limit=5)
    assert isinstance(resolution, PlaceResolution)
    assert resolution.query == text
    assert len(resolution.matches) <= 5
    assert all(0 <= m.score <= 100 for m in resolution.matches)
    scores = [m.score for m in resolution.matches]
    assert scores == sorted(scores, reverse=True)
    assert len({m.commune.insee for m in resolution.matches}) == len(resolution.matches)
    if not resolution.matches:
        assert not resolution.ambiguous


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_names_typed_carelessly_still_resolve(gaz, data):
    """Lowercase, no accents, spaces for hyphens: the commune stays first or among equal homonyms."""
    commune = data.draw(st.sampled_from(gaz.communes))
    typed = fold(commune.name)
    resolution = gaz.resolve(typed, limit=100)
    top = resolution.matches[0].score
    assert commune.insee in [m.commune.insee for m in resolution.matches if m.score == top]


def test_names_with_an_elided_article_typed_without_it_and_with_a_swap_are_found(gaz):
    """ "Castelnau-d'Aude" typed "catselnau aude": the typo search compares names and query without
    their articles and prepositions when nothing else comes close."""
    store, tried, missed = gaz.store, 0, []
    for index, key in enumerate(store.folded):
        words = key.split()
        if not any(word in ("d", "l") for word in words[1:-1]):
            continue
        kept = [word for word in words if word not in STOPWORDS]
        longest = max(range(len(kept)), key=lambda position: len(kept[position]))
        word = kept[longest]
        if len(word) < 5:
            continue
        kept[longest] = word[:2] + word[3] + word[2] + word[4:]  # the third and fourth letters swapped
        tried += 1
        resolution = gaz.resolve(" ".join(kept), limit=5)
        if store.insee[index] not in [match.commune.insee for match in resolution.matches]:
            missed.append(store.names[index])
    assert tried > 500
    assert len(missed) <= 0.05 * tried, missed[:20]  # the others meet a closer name first


def test_every_communes_suggested_syntax_answers_it(gaz):
    """ "Name (department)", the syntax every command suggests when it asks, names each of the 35,014
    communes alone (about 3 s): "Vergné (17)" is not La Vergne (17), typed with its accent."""
    from finder.places.decide import decide, suggestion

    failures = []
    for commune in gaz.communes:
        decision = decide(gaz.resolve(f"{commune.name} ({commune.department})", limit=6))
        if decision.action != "answer" or decision.commune != commune:
            failures.append((commune.insee, commune.name, decision.action))
        elif suggestion(decision.candidates[0]) != f"{commune.name} ({commune.department})":
            failures.append((commune.insee, commune.name, "suggestion"))
    assert failures == []
