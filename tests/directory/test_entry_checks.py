"""The checks of ``finder directory new``'s answers, alone (no prompt, no terminal)."""

from __future__ import annotations

from datetime import date

import tomli

from finder.directory import entry_checks as checks
from finder.directory.toml_edit import render_entry
from finder.model import Commune

RENNES = Commune("35238", "Rennes", ("35000", "35200", "35700"), "35", "Ille-et-Vilaine", "53", "Bretagne",
                 48.11, -1.68, 220000)  # fmt: skip


def test_choices_by_name_or_number_with_a_did_you_mean():
    kinds = ("sdc-centre", "sdc", "neurology")
    assert checks.choice(kinds)("2") == ("sdc", None)
    assert checks.choice(kinds)("neurology") == ("neurology", None)
    value, problem = checks.choice(kinds)("neurologie")
    assert value is None and "neurology" in problem
    assert checks.many(("adult", "child"))("child, adult child") == (["child", "adult"], None)
    assert checks.many(("adult", "child"))("adulte")[0] is None


def test_shapes_reuse_the_validator_rules():
    assert checks.phone("04 77 12 34 56") == ("04 77 12 34 56", None)
    assert checks.phone("12345")[0] is None
    assert checks.url("https://chu.fr/douleur")[1] is None and checks.url("chu.fr")[0] is None
    assert checks.email("a@b.fr")[1] is None and checks.email("a@b")[0] is None
    assert checks.sources("https://a.fr, https://b.fr")[0] == ["https://a.fr", "https://b.fr"]
    assert checks.sources("https://a.fr ftp://b")[0] is None


def test_dates_postcodes_and_ids():
    today = date(2026, 11, 30)
    assert checks.past_date(today)("2026-11-30") == (today, None)
    assert checks.past_date(today)("2026-12-01")[0] is None
    assert checks.past_date(today)("30/11/2026")[0] is None
    assert checks.postcode_of(RENNES)("35200") == ("35200", None)
    assert checks.postcode_of(RENNES)("35033")[0] is None  # a CEDEX code is not Rennes' postcode
    assert checks.postcode_of(RENNES)("3500")[0] is None
    assert checks.new_id({"chu-rennes-douleur"})("chu-rennes-douleur")[0] is None
    assert checks.new_id(set())("CHU Rennes")[0] is None
    assert checks.new_id(set())("chu-rennes-douleur") == ("chu-rennes-douleur", None)


def test_the_writer_puts_keys_in_schema_order_and_the_description_inline():
    text = render_entry(
        {
            "provenance": {"sources": ["https://a.fr"], "last_verified": date(2026, 1, 2)},
            "contact": {"phone": "04 77 12 34 56", "phone_kind": "unit", "email": None},
            "address": {"city": "Rennes"},
            "description": {"fr": "Texte", "en": "Text"},
            "": {"kind": "sdc", "name": 'Unité "A"', "establishment": "CHU"},
        },
        header="made by a test",
    )
    assert text.startswith("# made by a test\n\nname = ")
    lines = text.splitlines()
    assert (
        lines.index('kind = "sdc"')
        < lines.index("[address]")
        < lines.index("[contact]")
        < lines.index("[provenance]")
    )
    assert 'description = { fr = "Texte", en = "Text" }' in lines  # the directory files' style
    data = tomli.loads(text)
    assert data["description"] == {"fr": "Texte", "en": "Text"} and "email" not in data["contact"]
    assert data["name"] == 'Unité "A"'
