"""Shared fixtures: every test starts in French, like a user with no LANG preference."""

from __future__ import annotations

import pytest

from finder import i18n


@pytest.fixture(autouse=True)
def _french_by_default():
    i18n.set_language("fr")
    yield
    i18n.set_language("fr")
