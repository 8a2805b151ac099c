"""Shared fixtures: every test starts in French, like a user with no LANG preference."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from finder import i18n

# Property tests: a quick default run; ``--hypothesis-profile long`` (or FINDER_HYPOTHESIS_PROFILE=long)
# explores many more examples. No deadline: the first example of a test pays for loading the data.
settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("FINDER_HYPOTHESIS_PROFILE", "default"))

# Tests never write finder's caches (finder.user_cache) into the user's own cache folder: they are off
# unless a test turns them on in a temporary folder (the ``cache_home`` fixture); the privacy tests'
# children, whose environment drops FINDER_* variables, use them in their sandbox HOME.
os.environ["FINDER_NO_CACHE"] = "1"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """finder's caches on, in a temporary cache folder (XDG_CACHE_HOME) that the test can inspect."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("FINDER_NO_CACHE", raising=False)
    return home


@pytest.fixture(autouse=True)
def _french_by_default():
    i18n.set_language("fr")
    yield
    i18n.set_language("fr")


@pytest.fixture(autouse=True)
def _user_directory(tmp_path_factory, monkeypatch):
    """Tests never read the real user's own centres: an empty folder of their own (subprocesses too)."""
    monkeypatch.setenv("FINDER_USER_DIRECTORY", str(tmp_path_factory.mktemp("user") / "directory"))
    monkeypatch.delenv("FINDER_DIRECTORY", raising=False)
