"""Maintainers' tools for the directory: write an entry (``new``), review the whole (``lint``).

``NewEntry`` is the dialogue of ``finder directory new``: it asks; the checks of each answer are in
:mod:`finder.directory.entry_checks` and the file is written by :mod:`finder.directory.toml_edit`
(the one writer of entries, shared with ``enrich`` and ``verify``).
``lint`` flags what is valid but needs a maintainer's attention: stale or unverified entries, probable
duplicates, rTMS offered without evidence, no way to contact the centre.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finder.directory import entry_checks as checks
from finder.directory.validate import WARNING, Problem, city_communes, display_path
from finder.model import Centre
from finder.places.label import commune_label

if TYPE_CHECKING:
    from finder.model import Commune

Ask = Callable[[str], "str | None"]  # shows a prompt, returns the answer (None at end of input)
Say = Callable[[str], None]
Check = Callable[[str], "tuple[Any, str | None]"]  # (value, None) or (None, error message)


def slug(text: str, max_words: int = 6) -> str:
    """Lowercase ASCII words joined by hyphens, French stop words and parentheses dropped."""
    from finder.text import fold

    text = re.sub(r"\([^)]*\)", " ", text)
    stop = {"de", "d", "du", "des", "la", "le", "l", "les", "et", "a", "au", "aux", "en"}
    words = [w for w in fold(text).split() if w not in stop]
    return "-".join(words[:max_words])


def propose_id(establishment: str, city: str, kind: str, audience: Iterable[str], taken: set[str]) -> str:
    """A readable, unused id: establishment, city (when the name lacks it), then what the unit is."""
    base = slug(establishment, 6)
    city_slug = slug(city, 4)
    if city_slug and city_slug not in base:
        base = f"{base}-{city_slug}" if base else city_slug
    if "child" in audience and "adult" not in audience:
        suffix = "enfants"
    elif kind in ("reference-centre", "neurology"):
        suffix = "rtms" if kind == "reference-centre" else "neurologie"
    else:
        suffix = "douleur"
    candidate = f"{base}-{suffix}".strip("-")
    number = 2
    unique = candidate
    while unique in taken:
        unique = f"{candidate}-{number}"
        number += 1
    return unique


# --- lint ------------------------------------------------------------------------------------------


def _problem(centre: Centre, code: str, message: str) -> Problem:
    return Problem(_display(centre.path), 1, 1, WARNING, code, message)


_shown: dict[str, str] = {}  # centre path -> display_path, for the duration of one lint() call


def _display(path: str) -> str:
    """display_path for a centre's path, once per path (a linted entry may be named many times)."""
    if path not in _shown:
        _shown[path] = display_path(Path(path))
    return _shown[path]


def lint(centres: Iterable[Centre], today: date | None = None) -> list[Problem]:
    """Warnings for the valid entries of a catalog, sorted by path."""

    from finder.directory.catalog import stale_before
    from finder.i18n import tr

    centres = list(centres)
    _shown.clear()  # relative to the working folder of this call
    limit = stale_before(today or date.today())
    problems: list[Problem] = []
    for centre in centres:
        if centre.last_verified is None:
            problems.append(_problem(centre, "L002", tr("directory.L002")))
        elif centre.last_verified < limit:
            problems.append(
                _problem(centre, "L001", tr("directory.L001", date=centre.last_verified.isoformat()))
            )
        if centre.offers_rtms and not (centre.rtms and centre.rtms.evidence):
            problems.append(_problem(centre, "L004", tr("directory.L004")))
        if not (centre.phone or centre.website or centre.email):
            problems.append(_problem(centre, "L005", tr("directory.L005")))
    by_commune: dict[str | None, list[Centre]] = {}
    for centre in centres:
        by_commune.setdefault(centre.insee, []).append(centre)
    for group in by_commune.values():
        for first, second, reason_key in _duplicate_pairs(group):
            reason = tr(reason_key)
            for one, other in ((first, second), (second, first)):
                problems.append(
                    _problem(
                        one,
                        "L003",
                        tr("directory.L003", other=_display(other.path), reason=reason),
                    )
                )
    return sorted(problems, key=lambda p: (p.path, p.code))


# Up to this many entries in one commune every pair is compared; beyond, the comparison is near-linear
# (a directory is a few entries per town; a huge town is a generated or hostile file).
ALL_PAIRS_LIMIT = 200
NEIGHBOURS = 8  # entries compared with each one, in each sorted order, beyond ALL_PAIRS_LIMIT


def _duplicate_pairs(group: list[Centre]) -> list[tuple[Centre, Centre, str]]:
    """Pairs of probable duplicates in one commune, with the locale key of the reason.

    Same establishment (folded) and audience: found by grouping, each entry paired with the first of
    its group (every pair in a small group). Close names (token sort ratio >= 92, establishments >= 60):
    every pair in a commune of up to ``ALL_PAIRS_LIMIT`` entries; beyond, each entry is compared with
    its ``NEIGHBOURS`` next ones in the order of the sorted words of its name and in the order of that
    text reversed (two names 92 % alike share a start or an end): n log n, not n².
    """
    from rapidfuzz import fuzz

    from finder.text import fold

    folded = {id(c): (fold(c.name), fold(c.establishment)) for c in group}
    pairs: list[tuple[Centre, Centre, str]] = []
    seen: set[tuple[int, int]] = set()

    def add(first: Centre, second: Centre, reason: str) -> None:
        key = (min(id(first), id(second)), max(id(first), id(second)))
        if key not in seen:
            seen.add(key)
            pairs.append((first, second, reason))

    same: dict[tuple[str, frozenset[str]], list[Centre]] = {}
    for centre in group:
        same.setdefault((folded[id(centre)][1], frozenset(centre.audience)), []).append(centre)
    for members in same.values():
        if len(members) <= 20:
            for index, first in enumerate(members):
                for second in members[index + 1 :]:
                    add(first, second, "directory.L003_same_establishment")
        else:
            for other in members[1:]:
                add(members[0], other, "directory.L003_same_establishment")

    def close(first: Centre, second: Centre) -> bool:
        (name_a, est_a), (name_b, est_b) = folded[id(first)], folded[id(second)]
        return fuzz.token_sort_ratio(name_a, name_b) >= 92 and fuzz.token_sort_ratio(est_a, est_b) >= 60

    if len(group) <= ALL_PAIRS_LIMIT:
        candidates = ((a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    else:
        words = {id(c): " ".join(sorted(folded[id(c)][0].split())) for c in group}
        forward = sorted(group, key=lambda c: words[id(c)])
        backward = sorted(group, key=lambda c: words[id(c)][::-1])
        candidates = (
            (order[i], order[j])
            for order in (forward, backward)
            for i in range(len(order))
            for j in range(i + 1, min(i + 1 + NEIGHBOURS, len(order)))
        )
    for first, second in candidates:
        key = (min(id(first), id(second)), max(id(first), id(second)))
        if key not in seen and close(first, second):
            add(first, second, "directory.L003_close_names")
    return pairs


# --- new -------------------------------------------------------------------------------------------


class Aborted(Exception):
    """The user ended the input (EOF) before the entry was complete: nothing is written."""


class NewEntry:
    """``finder directory new``: asks each field in turn, validating as it goes.

    ``given`` holds the values passed as flags (asked only when missing); with ``interactive=False``
    a missing required value or a bad flag is an error instead of a question. ``ask`` and ``say`` are
    the terminal (``input``/``print`` by default) so tests can drive the dialogue.
    """

    def __init__(
        self,
        directory: Path,
        given: dict[str, Any],
        *,
        interactive: bool,
        ask: Ask,
        say: Say,
        today: date,
        assume_write: bool = False,
    ) -> None:
        from finder.places.gazetteer import load_gazetteer

        self.assume_write = assume_write
        self.directory = directory
        self.given = given
        self.interactive = interactive
        self.ask = ask
        self.say = say
        self.today = today
        self.gazetteer = load_gazetteer()

    # -- one question -----------------------------------------------------------------------------

    def field(
        self, key: str, prompt: str, check: Check, default: str | None = None, required: bool = False
    ) -> Any:
        """The value of ``key``: the flag's if valid, else asked until ``check`` accepts it.

        ``check(text)`` returns ``(value, None)`` or ``(None, error message)``; an empty answer takes
        the default, or skips an optional field.
        """
        from finder.errors import UsageError
        from finder.i18n import tr

        text = self.given.get(key)
        while True:
            if text is None:
                if not self.interactive:
                    if default is not None:
                        text = default
                    elif required:
                        raise UsageError(tr("new.missing_flag", flag="--" + key.replace("_", "-")))
                    else:
                        return None
                else:
                    shown = f" [{default}]" if default else ""
                    answer = self.ask(f"{prompt}{shown} : " if self._fr() else f"{prompt}{shown}: ")
                    if answer is None:
                        raise Aborted
                    text = answer.strip() or (default or "")
            problem: str | None
            if not text.strip():
                if not required:
                    return None
                problem = tr("new.required")
            else:
                value, problem = check(text.strip())
                if problem is None:
                    return value
            if not self.interactive:
                raise UsageError(f"--{key.replace('_', '-')}: {problem}")
            self.say(f"  ! {problem}")
            text = None

    def yes(self, prompt: str, default: bool) -> bool:
        from finder.i18n import tr

        if not self.interactive:
            return default
        hint = tr("new.yes_no_default_yes") if default else tr("new.yes_no_default_no")
        while True:
            answer = self.ask(f"{prompt} {hint} ")
            if answer is None:
                raise Aborted
            answer = answer.strip().lower()
            if not answer:
                return default
            if answer in ("o", "oui", "y", "yes"):
                return True
            if answer in ("n", "non", "no"):
                return False
            self.say(f"  ! {tr('new.yes_no_expected')}")

    def _fr(self) -> bool:
        from finder.i18n import get_language

        return get_language() == "fr"

    # -- the dialogue -----------------------------------------------------------------------------

    def run(self) -> Path | None:
        """Asks, shows and writes the entry; returns its path (None if the user declined to write)."""
        from finder.directory import toml_edit
        from finder.directory.files import region_slug
        from finder.directory.validate import pain_category_ids
        from finder.i18n import tr
        from finder.model import AUDIENCES, CENTRE_KINDS, PHONE_KINDS, POPULATIONS, RTMS_TARGETS

        if self.interactive:  # the intro explains the prompts: none without them
            self.say(tr("new.intro"))
        top: dict[str, Any] = {}
        top["name"] = self.field("name", tr("new.ask.name"), checks.text, required=True)
        top["establishment"] = self.field(
            "establishment", tr("new.ask.establishment"), checks.text, required=True
        )
        if self.interactive and "kind" not in self.given:
            for number, kind in enumerate(CENTRE_KINDS, 1):
                self.say(f"  {number}. {kind} — {tr('new.kind.' + kind)}")
        top["kind"] = self.field("kind", tr("new.ask.kind"), checks.choice(CENTRE_KINDS), default="sdc")
        audience = self.field("audience", tr("new.ask.audience"), checks.many(AUDIENCES), default="adult")
        top["audience"] = audience if audience != ["adult"] else None
        top["population"] = self.field("population", tr("new.ask.population"), checks.many(POPULATIONS))
        # a public description is written in both languages, or not at all
        described = self.field("description_fr", tr("new.ask.description_fr"), checks.text)
        if described is None and self.given.get("description_en"):
            from finder.errors import UsageError

            raise UsageError(tr("new.description_both"))
        description = {
            "fr": described,
            "en": self.field("description_en", tr("new.ask.description_en"), checks.text, required=True)
            if described
            else None,
        }

        commune = self.ask_city()
        address: dict[str, Any] = {"city": self.city_text}
        postcodes = commune.postcodes
        address["postcode"] = self.field(
            "postcode",
            tr("new.ask.postcode"),
            checks.postcode_of(commune),
            default=postcodes[0] if len(postcodes) == 1 else None,
        )
        address["street"] = self.field("street", tr("new.ask.street"), checks.text)
        phone = self.field("phone", tr("new.ask.phone"), checks.phone)
        phone_kind = None
        if phone is not None:
            if self.interactive and "phone_kind" not in self.given:
                for number, kind in enumerate(PHONE_KINDS, 1):
                    self.say(f"  {number}. {kind} — {tr('new.phone_kind.' + kind)}")
            phone_kind = self.field(
                "phone_kind", tr("new.ask.phone_kind"), checks.choice(PHONE_KINDS), required=True
            )
        contact = {
            "phone": phone,
            "phone_kind": phone_kind,
            "website": self.field("website", tr("new.ask.website"), checks.url),
            "email": self.field("email", tr("new.ask.email"), checks.email),
        }
        rtms: dict[str, Any] = {}
        offered = self.given.get("rtms")
        if offered is None:
            offered = self.yes(tr("new.ask.rtms"), default=False)
        if offered:
            rtms["offered"] = True
            rtms["targets"] = self.field("targets", tr("new.ask.targets"), checks.many(RTMS_TARGETS))
            ids = pain_category_ids()
            if self.interactive and "indications" not in self.given:
                self.say("  " + ", ".join(ids))
            rtms["indications"] = self.field("indications", tr("new.ask.indications"), checks.many(ids))
            rtms["evidence"] = self.field("evidence", tr("new.ask.evidence"), checks.text)
        provenance = {
            "sources": self.field("sources", tr("new.ask.sources"), checks.sources, required=True),
            "last_verified": self.field(
                "last_verified", tr("new.ask.last_verified"), checks.past_date(self.today)
            ),
            "notes": self.field("notes", tr("new.ask.notes"), checks.text),
        }
        entry = {
            "": top,
            "description": description,
            "address": address,
            "contact": contact,
            "rtms": rtms,
            "provenance": provenance,
        }

        region = region_slug(commune.region_name)
        taken = {p.stem for p in self.directory.rglob("*.toml")} if self.directory.is_dir() else set()
        proposed = propose_id(top["establishment"], commune.name, top["kind"], audience or ["adult"], taken)
        entry_id = self.field("id", tr("new.ask.id"), checks.new_id(taken), default=proposed, required=True)
        path = self.directory / region / f"{entry_id}.toml"
        text = toml_edit.render_entry(entry)
        self.say("")
        self.say(tr("new.preview", path=display_path(path)))
        self.say(text)
        self.verify(text, path)
        if not self.assume_write and not self.yes(tr("new.ask.write"), default=True):
            self.say(tr("new.not_written"))
            return None
        toml_edit.write_atomic(path, text, expected=None)  # FileExistsError: never replaces a file
        self.say(tr("new.written", path=display_path(path)))
        return path

    city_text: str = ""

    def ask_city(self) -> Commune:
        """Asks for the city until it names one commune, which the user confirms."""
        from finder.i18n import tr
        from finder.places import explain
        from finder.places.decide import decide

        while True:
            text = self.field("city", tr("new.ask.city"), checks.text, required=True)
            resolution = self.gazetteer.resolve(text, limit=8)
            matches = resolution.matches
            exact = city_communes(self.gazetteer, text)
            options = exact or [m.commune for m in matches[:5]]
            # a foreign place ("Genève") is "not a French commune", with its nearest French ones
            foreign = None if exact else explain.refusal(decide(resolution), text)
            if foreign is not None:
                problem = foreign
            elif not options:
                problem = tr("directory.E011", city=text, hint="")
            elif not self.interactive:
                if len(exact) == 1 or (len(exact) > 1 and self.given.get("postcode")):
                    postcoded = [c for c in exact if self.given.get("postcode") in c.postcodes] or exact
                    self.city_text = postcoded[0].name
                    return postcoded[0]
                problem = tr("new.city_not_exact", city=text, options=self.describe(options))
            else:
                chosen = self.choose_commune(options)
                if chosen is not None:
                    self.city_text = chosen.name
                    return chosen
                problem = None
            if not self.interactive:
                from finder.errors import UsageError

                raise UsageError(f"--city: {problem}")
            if problem:
                self.say(f"  ! {problem}")
            self.given.pop("city", None)

    def describe(self, communes: Sequence[Commune]) -> str:
        return "; ".join(commune_label(c, "postcode") for c in communes)

    def choose_commune(self, options: Sequence[Commune]) -> Commune | None:
        from finder.i18n import tr

        if len(options) == 1:
            commune = options[0]
            label = commune_label(commune, "postcode")
            return commune if self.yes(tr("new.confirm_city", commune=label), default=True) else None
        for number, commune in enumerate(options, 1):
            self.say(f"  {number}. {commune_label(commune, 'postcode')}")
        while True:
            answer = self.ask(tr("new.pick_city", count=len(options)) + " ")
            if answer is None:
                raise Aborted
            answer = answer.strip()
            if not answer:
                return None
            if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            self.say(f"  ! {tr('new.pick_city_expected', count=len(options))}")

    def verify(self, text: str, path: Path) -> None:
        """Runs the validator on the entry before writing it: what ``new`` writes must validate."""
        from finder.directory.entry_checks import validation_errors
        from finder.errors import FinderError

        errors = validation_errors(path, text, self.gazetteer, self.today)
        if errors:
            raise FinderError(errors)
