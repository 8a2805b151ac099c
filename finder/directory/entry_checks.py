"""The checks of one typed value of an entry, kept apart from the questions that ask for it.

Each check takes the text a maintainer typed (or passed as a flag) and returns ``(value, None)`` or
``(None, problem)``, the problem a translated sentence: ``finder directory new`` asks again or
stops on it. They hold no state and print nothing, so they are tested alone; the validator's own
rules (shapes of phone, URL, e-mail, postcode, id) are reused, never restated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finder.i18n import tr
from finder.model import Commune

if TYPE_CHECKING:
    from finder.places.lookup import PlaceLookup

Outcome = tuple[Any, str | None]
Check = Callable[[str], Outcome]


def text(value: str) -> Outcome:
    return value, None


def choice(choices: Sequence[str]) -> Check:
    """One of ``choices``, by name or by its number in the list shown (1-based)."""
    from finder.directory.validate import did_you_mean

    def check(value: str) -> Outcome:
        if value.isascii() and value.isdigit() and 1 <= int(value) <= len(choices):
            return choices[int(value) - 1], None
        if value in choices:
            return value, None
        return None, tr("new.not_a_choice", value=value, choices=", ".join(choices)) + did_you_mean(
            value, choices
        )

    return check


def many(choices: Sequence[str]) -> Check:
    """Several of ``choices``, separated by commas or spaces; repeats are dropped."""
    from finder.directory.validate import did_you_mean

    def check(value: str) -> Outcome:
        values = [v for v in re.split(r"[,\s]+", value) if v]
        for item in values:
            if item not in choices:
                message = tr("new.not_a_choice", value=item, choices=", ".join(choices))
                return None, message + did_you_mean(item, choices)
        return list(dict.fromkeys(values)), None

    return check


def shaped(predicate: Callable[[str], bool], message_key: str) -> Check:
    def check(value: str) -> Outcome:
        return (value, None) if predicate(value) else (None, tr(message_key, value=value))

    return check


def phone(value: str) -> Outcome:
    from finder.directory.validate import phone_ok

    return shaped(phone_ok, "new.bad_phone")(value)


def url(value: str) -> Outcome:
    from finder.directory.validate import url_ok

    return shaped(url_ok, "new.bad_url")(value)


def email(value: str) -> Outcome:
    from finder.directory.validate import EMAIL_SHAPE

    return shaped(lambda v: bool(EMAIL_SHAPE.match(v)), "new.bad_email")(value)


def sources(value: str) -> Outcome:
    """One or more http(s) addresses, separated by spaces, commas or semicolons."""
    from finder.directory.validate import url_ok

    found = [s for s in re.split(r"[\s,;]+", value) if s]
    bad = [s for s in found if not url_ok(s)]
    if bad:
        return None, tr("directory.E016", field="sources", value=bad[0])
    return found, None


def past_date(today: date) -> Check:
    """A YYYY-MM-DD date, not after ``today``."""

    def check(value: str) -> Outcome:
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return None, tr("directory.option.bad_date", value=value)
        if when > today:
            return None, tr("directory.E018", value=value, today=today.isoformat())
        return when, None

    return check


def postcode_of(commune: Commune) -> Check:
    """A postcode of ``commune`` (a CEDEX code or another commune's is refused)."""
    from finder.directory.validate import POSTCODE_SHAPE

    def check(value: str) -> Outcome:
        if not POSTCODE_SHAPE.match(value):
            return None, tr("directory.E009", value=value)
        if value not in commune.postcodes:
            expected = ", ".join(commune.postcodes)
            return None, tr("new.postcode_not_of_city", value=value, city=commune.name, expected=expected)
        return value, None

    return check


def new_id(taken: set[str]) -> Check:
    """A valid entry id (the file name) that no entry uses yet."""
    from finder.directory.validate import ENTRY_ID

    def check(value: str) -> Outcome:
        if not ENTRY_ID.match(value):
            return None, tr("directory.E022", name=value + ".toml")
        if value in taken:
            return None, tr("new.id_taken", id=value)
        return value, None

    return check


def validation_errors(path: Path, content: str, gazetteer: PlaceLookup, today: date) -> str:
    """The validator's errors on ``content`` as the file ``path`` ("" when it validates): whatever
    new, enrich or verify writes is checked first, in a temporary copy in the same region folder."""
    import tempfile

    from finder.directory.validate import check_file, known_regions

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / path.parent.name / path.name
        probe.parent.mkdir()
        probe.write_text(content, encoding="utf-8")
        checked = check_file(probe, gazetteer=gazetteer, today=today, regions=known_regions(gazetteer))
    return "; ".join(f"{p.message} [{p.code}]" for p in checked.problems if p.severity == "error")
