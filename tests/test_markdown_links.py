"""A centre file is hostile input: a URL, a www. address or an e-mail written in a name never becomes a
live link in the Markdown route (it is shown as code: readable, copyable, not clickable)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from markdown_it import MarkdownIt

from finder.route.planning import plan_route
from finder.route.render import render
from tests.test_routing import catalog, centre, intake


@pytest.mark.parametrize(
    ("name", "establishment"),
    [
        ("CETD http://evil.example/x", "Hôpital"),
        ("CETD", "réservez sur https://evil.example/rdv?x=1"),
        ("CETD www.evil.com", "Hôpital"),
        ("CETD écrire à rdv@evil.com", "Hôpital"),
        ("CETD `http://evil.example/x`", "Hôpital ``www.evil.com``"),
        ("CETD <http://evil.example/x>", "Hôpital [ici](http://evil.example/y)"),
        ("CETD evil.com/rdv", "Hôpital"),
    ],
)
def test_an_address_in_a_centre_name_is_not_a_live_link(name: str, establishment: str) -> None:
    hostile = centre("cetd-nord", 45.4695, 4.3790, name=name, establishment=establishment)
    patient = intake(pain_category="low_back", alerts_asked=True)
    route = plan_route(patient, catalog(hostile), today=date(2026, 11, 30))
    markdown = render(route, "markdown", language="fr")
    parser = MarkdownIt("gfm-like")
    parser.linkify.set({"fuzzy_link": True, "fuzzy_email": True})  # as GitHub: www. and e-mails too
    html = parser.render(markdown)
    assert "evil" in html  # still shown
    assert [href for href in re.findall(r'href="([^"]*)"', html) if "evil" in href] == []
