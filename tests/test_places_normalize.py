"""Text folding shared by every matcher (finder.normalize)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.normalize import fold, fold_many


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("ST-ÉTIENNE", "saint etienne"),
        ("Ste  Foy-lès-Lyon", "sainte foy les lyon"),
        ("Sts-Geosmes", "saints geosmes"),
        ("Stes-Maries-de-la-Mer", "saintes maries de la mer"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("L’Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("Lætitia", "laetitia"),
        ("  a\t\nb  ", "a b"),
        ("valence (16)", "valence 16"),
        ("brûlures 😀 \x00\x1b aux pieds", "brulures aux pieds"),
        ("stade", "stade"),  # only whole words are abbreviations
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_is_idempotent_on_examples():
    for text in ("Saint-Étienne", "L'Haÿ-les-Roses", "ST ÉTIENNE"):
        assert fold(fold(text)) == fold(text)


@given(st.lists(st.text(max_size=30), max_size=20))
def test_fold_many_equals_fold(texts):
    assert fold_many(texts) == [fold(text) for text in texts]
