"""Reading a description in context: which words are negated, reported or asserted (shared by the pain
matcher and the warning-sign detection)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.clinical.negation import assertions, split_words


def _said(text: str) -> dict[str, str]:
    words = split_words(text)
    return {word.folded: state for word, state in zip(words, assertions(words), strict=True)}


@pytest.mark.parametrize(
    ("text", "word", "state"),
    [
        ("pas de fièvre", "fievre", "negated"),
        ("sans antécédent de cancer", "cancer", "negated"),
        ("no history of diabetes or cancer", "cancer", "negated"),
        ("cancer écarté", "cancer", "negated"),
        ("on a écarté une sclérose", "sclerose", "negated"),
        ("cancer ruled out", "cancer", "negated"),
        ("j'ai cru à un cancer des os mais on n'a rien trouvé", "cancer", "negated"),
        ("sa mère a eu un cancer", "cancer", "reported"),
        ("antécédents familiaux de cancer", "cancer", "reported"),
        ("peur d'avoir un cancer", "cancer", "reported"),
        ("my mum died of cancer", "cancer", "reported"),
        ("fièvre depuis hier", "fievre", "asserted"),
        ("migraines sans soulagement", "migraines", "asserted"),
        ("rien ne marche contre mes migraines", "migraines", "asserted"),
    ],
)
def test_each_word_is_read_in_context(text, word, state):
    assert _said(text)[word] == state


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("pas de cancer, lombalgie", "lombalgie"),  # the clause ends at the comma
        ("pas de migraine mais un cancer", "cancer"),  # and at "mais"
        ("cancer écarté et lombalgie", "lombalgie"),  # "écarté" after a word looks back only
        ("pas de fièvre. Lombalgie", "lombalgie"),
        ("sa mère a eu un cancer; moi j'ai une lombalgie", "lombalgie"),
        ("ma mère a un cancer et moi une lombalgie", "lombalgie"),  # "moi" brings it back to the patient
        ("fièvre, mais on n'a rien trouvé. Lombalgie", "lombalgie"),  # the look-back stays in its sentence
    ],
)
def test_a_scope_ends_with_its_clause_or_a_word_about_the_patient(text, word):
    assert _said(text)[word] == "asserted"


def test_a_look_back_only_crosses_a_clause_when_nothing_else_comes_before_the_trigger():
    said = _said("lombalgie, cancer écarté")
    assert said["lombalgie"] == "asserted" and said["cancer"] == "negated"


@given(st.text(max_size=200))
def test_any_text_gives_one_state_per_word(text):
    words = split_words(text)
    states = assertions(words)
    assert len(states) == len(words)
    assert set(states) <= {"asserted", "negated", "reported"}


def test_a_hostile_repetition_of_triggers_is_read_in_linear_time():
    import time

    words = split_words("cancer écarté " * 20000 + "pas " * 20000 + "sa mère " * 20000)
    started = time.perf_counter()
    states = assertions(words)
    assert time.perf_counter() - started < 2.0
    assert states[0] == "negated"
