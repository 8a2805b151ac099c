"""What a centre's contact line says: which number it is, or where to look when finder has none.

Returns a code and its parameters; the words are in the locale catalogue (``directory.contact.*``):
a unit number, an appointments line, a switchboard ("ask for the pain consultation"), or "phone not
in finder" with the website, else the page of the entry's status (the freshest word on whether it
runs: a reopening, not the older article about its suspension) or its first source page (the
freshest, see scripts/rebuild_directory.py). Never "not published": finder does not know whether a
number is published.
"""

from __future__ import annotations

from finder.model import Centre

CONTACT_CODES = ("unit", "appointments", "switchboard", "none_website", "none_source", "none")
REACHABLE_CODES = ("unit", "appointments", "switchboard", "none_website")


def contact_line(centre: Centre) -> tuple[str, dict[str, str]]:
    if centre.phone and centre.phone_kind in ("unit", "appointments", "switchboard"):
        return centre.phone_kind, {"phone": centre.phone}
    if centre.website:
        return "none_website", {"url": centre.website}
    if centre.status_source:
        return "none_source", {"url": centre.status_source}
    if centre.sources:
        return "none_source", {"url": centre.sources[0]}
    return "none", {}


def reachable(centre: Centre) -> bool:
    """Whether a GP can reach the structure through what finder holds: a number or its own website.
    A source page (an article, another hospital's page) is where finder read of it, not a contact."""
    return contact_line(centre)[0] in REACHABLE_CODES


def contact_text(centre: Centre, language: str | None = None) -> str:
    """The contact line in ``language`` (the current one by default)."""
    from finder.i18n import tr

    code, params = contact_line(centre)
    return tr(f"directory.contact.{code}", language, **params)
