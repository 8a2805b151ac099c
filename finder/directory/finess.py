"""Reading the national FINESS extract of health establishments, as the ministry publishes it.

The file is "FINESS Extraction du Fichier des établissements" (open data, data.gouv.fr dataset
``finess-extraction-du-fichier-des-etablissements``), named ``etalab-cs1100507-stock-<date>.csv``.
It is not a plain CSV; its layout, as documented in the publisher's format description and read the
same way by public code that imports it (Guillaume Pressiat's ``finess_etalab`` import from the
publisher's PDF, https://guillaumepressiat.github.io/finess_etalab/rmd/import_etalab.html, and the
``taniki/notebooks`` FINESS notebook, https://github.com/taniki/notebooks):

- line 1 is metadata, ``finess;etalab;<version>;<extract date YYYY-MM-DD>``, no header row;
- one ``structureet`` line per site (établissement, ET), 32 ``;``-separated fields, double quotes
  around a field that holds ``;`` or ``"``: section, nofinesset, nofinessej, rs, rslongue, complrs,
  compldistrib, numvoie, typvoie, voie, compvoie, lieuditbp, commune (3-digit code within the
  department), departement (``01``..``95``, ``2A``/``2B``, ``9A``..``9J`` overseas), libdepartement,
  ligneacheminement (``"<postcode> <TOWN>"``, may be a CEDEX line), telephone, telecopie, categetab,
  libcategetab, categagretab, libcategagretab, siret, codeape, codemft, libmft, codesph, libsph,
  dateouv, dateautor, datemaj, numuai;
- then one ``geolocalisation`` line per site: section, nofinesset, coordxet, coordyet,
  sourcecoordet, datemaj. The source names the projection: older extracts as ``LAMBERT_93``,
  ``UTM_N20``... inside a list such as ``1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93`` (some
  copies with ``;`` instead of ``,``), newer ones as ``EPSG:2154 RGF93 / Lambert-93 (Métropole)``;
- Windows-1252 (Latin-1) text in the historical files, UTF-8 in recent ones.

Only the sites a caller keeps (``keep``) are held in memory; every number is still checked for
duplicates, so a damaged extract is refused whole before anything is written from it.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from finder.errors import FinderError
from finder.i18n import tr

STRUCTURE_FIELDS = 32
FINESS_NUMBER = re.compile(r"^[0-9][0-9AB][0-9]{7}$")  # the publisher's XSD: [0-9][0-9A-Z][0-9]{7}
_FIRST_LINE = re.compile(r"^finess;etalab;[^;]*;(\d{4}-\d{2}-\d{2})\s*;?\s*$")

# Projection names of the geolocalisation lines -> EPSG codes. Overseas sites are not in
# Lambert-93: each overseas department has its UTM zone (RGAF09 for the Antilles, as the current
# extract names it; RGFG95 Guyane, RGR92 La Réunion, RGM04 Mayotte, RGSPM06 Saint-Pierre).
PROJECTIONS = {
    "LAMBERT_93": 2154,
    "UTM_N20": 5490,
    "UTM_N21": 4467,
    "UTM_N22": 2972,
    "UTM_S38": 4471,
    "UTM_S40": 2975,
}
KNOWN_EPSG = frozenset(PROJECTIONS.values()) | {4559}
_EPSG = re.compile(r"EPSG:(\d{4,5})")


class ExtractError(FinderError):
    """The file is not a readable FINESS extract; the message names the line.

    ``problem`` is the kind (first_line | encoding | mixed | truncated | duplicate | section | number
    | coordinates | no_sites), ``line`` the 1-based line."""

    def __init__(self, message: str, problem: str = "unreadable", line: int = 0) -> None:
        super().__init__(message)
        self.problem = problem
        self.line = line


@dataclass(frozen=True, slots=True)
class Site:
    """One ``structureet`` line, the fields finder uses (text as the extract writes it)."""

    number: str  # nofinesset
    legal: str  # nofinessej
    name: str  # rs
    long_name: str  # rslongue
    name_extra: str  # complrs
    street_number: str
    street_type: str
    street_name: str
    street_extra: str  # compvoie (bis, ter...)
    insee: str  # the commune's INSEE code, from departement + commune
    routing_line: str  # ligneacheminement
    phone: str
    category: str  # libcategetab
    line: int  # where it is in the file, for messages


@dataclass(frozen=True, slots=True)
class Position:
    x: float
    y: float
    epsg: int | None  # None: the projection named by the source is not one finder knows
    line: int


@dataclass
class Extract:
    path: Path
    extract_date: date
    encoding: str
    sites: dict[str, Site]  # the sites kept, by number
    positions: dict[str, Position]  # of the kept sites
    lines: int = 0


def insee_code(department: str, commune: str) -> str:
    """``("01", "451")`` -> ``"01451"``; overseas ``("9D", "411")`` -> ``"97411"``."""
    if len(department) == 2 and department[0] == "9" and department[1].isalpha():
        prefix = "97" if department[1] in "ABCDEF" else "98"
        return prefix + commune[-3:]
    return department + commune[-3:]


def projection(source: str) -> int | None:
    """The EPSG code a geolocalisation source names, or None when it names none finder knows."""
    found = _EPSG.search(source)
    if found:
        code = int(found.group(1))
        return code if code in KNOWN_EPSG else None
    for name, code in PROJECTIONS.items():
        if name in source:
            return code
    return None


def _fail(path: Path, line: int, key: str, **params: object) -> ExtractError:
    problem = tr(key, None, **params)
    message = tr("enrich.bad_extract", path=path, line=line, problem=problem)
    return ExtractError(message, key.rsplit(".", 1)[-1], line)


class _Lines:
    """The file's lines as text, decoded one at a time, in the extract's encoding.

    The encoding is settled by the first line that is not ASCII: UTF-8 when it decodes as UTF-8,
    else Windows-1252 (Latin-1). Every later non-ASCII line must agree: a line that does not decode,
    or a UTF-8 line in a Latin-1 file (it would be read as "Ã©"), stops the reading with its line.
    The whole file is never held in memory."""

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        self.path = path
        self.handle = handle
        self.encoding: str | None = None
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.line += 1
            if self.line == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                    raise _fail(self.path, 1, "enrich.problem.encoding", byte=f"{raw[0]:02x}")
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw.isascii():
                if b"\x00" in raw:
                    raise _fail(self.path, self.line, "enrich.problem.encoding", byte="00")
                yield raw.decode("ascii")
            else:
                yield self.decode(raw)

    def decode(self, raw: bytes) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.encoding == "utf-8":  # earlier lines were UTF-8
                raise _fail(
                    self.path, self.line, "enrich.problem.mixed", byte=f"{raw[error.start]:02x}"
                ) from None
            self.encoding = "windows-1252"
            try:
                return raw.decode("cp1252")
            except UnicodeDecodeError as bad:
                raise _fail(
                    self.path, self.line, "enrich.problem.encoding", byte=f"{raw[bad.start]:02x}"
                ) from None
        if self.encoding == "windows-1252":  # a UTF-8 line in a Latin-1 file
            byte = next(f"{b:02x}" for b in raw if b >= 0x80)
            raise _fail(self.path, self.line, "enrich.problem.mixed", byte=byte)
        self.encoding = "utf-8"
        return text


def read_extract(path: Path, keep: Callable[[Site], bool]) -> Extract:
    """Read and check the whole extract; keep the sites ``keep`` accepts (and their positions)."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise ExtractError(tr("enrich.unreadable", path=path, error=error.strerror or error)) from None
    with handle:
        return _read(path, _Lines(path, handle), keep)


def _read(path: Path, lines: _Lines, keep: Callable[[Site], bool]) -> Extract:
    rows = csv.reader(lines, delimiter=";", quotechar='"', strict=True)
    try:
        first = next(iter(lines)).rstrip("\r\n")
    except StopIteration:
        first = ""
    match = _FIRST_LINE.match(first)
    extract_date = None
    if match:
        with contextlib.suppress(ValueError):
            extract_date = date.fromisoformat(match.group(1))
    if extract_date is None:
        raise _fail(path, 1, "enrich.problem.first_line", found=first[:60])
    extract = Extract(path, extract_date, "", {}, {})
    seen: dict[str, int] = {}  # every site number -> its line
    placed: dict[str, int] = {}  # every geolocalised number -> its line
    try:
        for fields in rows:
            number = lines.line
            if not fields or fields == [""]:
                continue
            section = fields[0]
            if section == "structureet":
                site = _site(path, number, fields)
                if site.number in seen:
                    other = seen[site.number]
                    raise _fail(path, number, "enrich.problem.duplicate", number=site.number, other=other)
                seen[site.number] = number
                if keep(site):
                    extract.sites[site.number] = site
            elif section == "geolocalisation":
                if len(fields) < 6:
                    raise _fail(path, number, "enrich.problem.truncated", expected=6, found=len(fields))
                site_number = fields[1]
                if site_number in placed:
                    other = placed[site_number]
                    raise _fail(path, number, "enrich.problem.duplicate", number=site_number, other=other)
                placed[site_number] = number
                if site_number in extract.sites:
                    extract.positions[site_number] = _position(path, number, fields)
            else:
                raise _fail(path, number, "enrich.problem.section", found=section[:40])
    except csv.Error:
        raise _fail(path, lines.line, "enrich.problem.quotes") from None
    extract.lines = lines.line
    extract.encoding = lines.encoding or "utf-8"  # an all-ASCII file reads the same in both
    if not seen:
        raise _fail(path, lines.line, "enrich.problem.no_sites")
    return extract


def _site(path: Path, line: int, fields: list[str]) -> Site:
    if len(fields) < STRUCTURE_FIELDS:
        raise _fail(path, line, "enrich.problem.truncated", expected=STRUCTURE_FIELDS, found=len(fields))
    number, legal = fields[1].strip(), fields[2].strip()
    for value in (number, legal):
        if not FINESS_NUMBER.match(value):
            raise _fail(path, line, "enrich.problem.number", value=value[:20])
    return Site(
        number=number,
        legal=legal,
        name=fields[3].strip(),
        long_name=fields[4].strip(),
        name_extra=fields[5].strip(),
        street_number=fields[7].strip(),
        street_type=fields[8].strip(),
        street_name=fields[9].strip(),
        street_extra=fields[10].strip(),
        insee=insee_code(fields[13].strip(), fields[12].strip().zfill(3)),
        routing_line=fields[15].strip(),
        phone=fields[16].strip(),
        category=fields[19].strip(),
        line=line,
    )


def _position(path: Path, line: int, fields: list[str]) -> Position:
    try:
        x, y = float(fields[2]), float(fields[3])
    except ValueError:
        raise _fail(path, line, "enrich.problem.coordinates", x=fields[2][:20], y=fields[3][:20]) from None
    source = ",".join(fields[4:-1])  # the source may itself be split on ';' in some copies
    return Position(x, y, projection(source), line)
