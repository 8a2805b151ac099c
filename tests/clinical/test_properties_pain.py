"""Pain matching takes any description (misspelt, shouted, pasted, in another script) and answers
with ranked categories or none; ``finder pain`` answers with results or a clean message."""

from __future__ import annotations

import time

from hypothesis import example, given
from hypothesis import strategies as st

from finder.clinical.pain import category_ids, match_pain
from tests.privacy.cli_harness import run_cli

WORDS = st.sampled_from(
    [
        "brûlures",
        "brulure",
        "pieds",
        "fourmillements",
        "décharges",
        "membre",
        "fantôme",
        "AVC",
        "dos",
        "migraine",
        "fibromyalgie",
        "zona",
        "douleur",
        "mal",
        "partout",
        "burning",
        "feet",
        "the",
        "de",
        "à",
    ]
)
DESCRIPTIONS = st.one_of(
    st.text(max_size=80),
    st.lists(WORDS, max_size=12).map(" ".join),
    st.lists(WORDS, max_size=6).map(lambda words: " ".join(words).upper()),
)


@given(text=DESCRIPTIONS, limit=st.integers(1, 10))
@example(text="", limit=3)
@example(text="\x00\n\t", limit=3)
@example(text="ﬁbromyalgie", limit=3)
def test_any_description_gives_ranked_categories_or_none(text, limit):
    matches = match_pain(text, limit=limit)
    assert len(matches) <= limit
    assert all(match.category in category_ids() for match in matches)
    assert len({match.category for match in matches}) == len(matches), "a category listed twice"
    scores = [match.score for match in matches]
    assert all(0 <= score <= 100 for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(term, str) and term for match in matches for term in match.matched)


@given(text=DESCRIPTIONS.filter(lambda t: t.strip() and not t.startswith("-")), as_json=st.booleans())
def test_finder_pain_answers_anything(text, as_json):
    result = run_cli(["pain", text, *(["--json"] if as_json else [])])
    result.assert_clean()
    if as_json and result.stdout:
        document = result.json()
        assert document["text"].split() == text.split()
        assert isinstance(document["results"], list)


def test_a_pasted_100000_character_description_is_matched_in_well_under_a_second():
    """A whole letter pasted into the pain question must not freeze the assistant (the overlap check
    between matches was quadratic: 100 s for 180,000 characters)."""
    text = "brûlures aux pieds, douleur du membre fantôme, fibromyalgie. " * 1700  # ~100,000 characters
    started = time.perf_counter()
    matches = match_pain(text)
    assert time.perf_counter() - started < 3.0
    assert matches and matches[0].category == "neuropathic_peripheral"
