"""Text folding shared by every matcher (finder.text)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finder.places.gazetteer import canonical, stored_keys, unstored_keys
from finder.text import fold


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


@given(st.lists(st.text(max_size=30).filter(lambda text: "\n" not in text), max_size=20))
def test_stored_keys_give_back_every_matching_key(texts):
    """The data file stores a name's key only where the loader's quick fold would get it wrong."""
    keys = [canonical(fold(text)) or "x" for text in texts]
    assert unstored_keys(texts, stored_keys(texts, keys)) == keys


def test_plain_names_need_no_stored_key():
    names = ["Saint-Denis", "Lyon", "Paris 13e Arrondissement", "Saint-Étienne", "L'Isle-Adam", "Ars"]
    keys = [canonical(fold(name)) for name in names]
    assert stored_keys(names, keys) == ["", "", "paris 13", "saint etienne", "", ""]
