"""A cache of the validated directory in the user's cache folder: a start reads one file, not every entry.

Validating a directory parses every TOML file and resolves every city in the gazetteer: 20 ms for the
shipped directory, about 16 s for 100,000 files, at every start. The valid centres depend only on the
files, the gazetteer and finder's own code, so they are kept, keyed on:

- the cache format, finder's and Python's versions, and the size and modification time of the
  modules that define an entry and its checks (``finder/model.py``, ``finder/text.py``,
  ``finder/directory/*.py``, and the places and clinical code a check calls: a source checkout being
  edited rebuilds too);
- the data files a check reads (size, modification time): the gazetteer, the countries, the clinical
  tables (an entry's rTMS indications must be pain categories of ``categories.toml``);
- every entry file: its path, size, modification and change times, and inode (``user_cache.fingerprint``).

Anything that differs rebuilds the cache. Dates are the only outside input of a check (an entry
verified "in the future" is an error): the cache is used only on days on or after the newest date its
valid entries hold. Invalid files are not cached: their paths are, and they are checked again at
every load, so that their messages follow the language and the working directory of the moment.

What is stored: the directory's own public data (the centres, their file paths), never anything about
a patient. Where: ``platformdirs.user_cache_dir("finder")/directories/<CRC-32 of the folder>.marshal``
(never in the checkout). ``FINDER_NO_CACHE=1`` turns the cache off (:mod:`finder.user_cache`, whose
folder it shares). The file is written atomically (a temporary file beside it, then ``os.replace``);
a cache that cannot be read, decoded or trusted is ignored and rebuilt; a cache that cannot be written
is skipped: it only ever saves time.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import finder
from finder import user_cache
from finder.model import Centre
from finder.user_cache import MARSHAL_VERSION, SUFFIX

FORMAT = 2

# finder.places.gazetteer.DATA_FILE, relative to the package (a test keeps them equal): importing the
# gazetteer's code only to know where its file is would cost a start that needs no place
GAZETTEER = Path("data") / "gazetteer.tsv.gz"
# The code an entry's validity and its Centre depend on (relative to the finder package): files, and
# folders of modules. The validator resolves cities with the places code and checks pain categories
# with the clinical code.
_CODE = ("model.py", "text.py", "directory", "places", "clinical")
# The other data files a check reads (relative to the package): files, and folders of TOML tables.
_DATA = (Path("data") / "countries.tsv", Path("data") / "clinical")


def cache_file(folder: Path) -> Path:
    """Where the cache of ``folder`` (a resolved path) lives."""
    # a short, stable name (zlib is loaded anyway, hashlib would load OpenSSL): two folders sharing it
    # only take turns, as the key names the folder
    digest = zlib.crc32(str(folder).encode("utf-8", "surrogatepass"))
    return user_cache.folder("directories") / f"{digest:08x}{SUFFIX}"


class Snapshot(NamedTuple):
    """What a directory folder, the gazetteer and finder's code look like now: the cache's key."""

    folder: Path
    key: dict[str, Any]
    files: list[list[object]]


def snapshot(folder: Path, files: list[str]) -> Snapshot:
    """The key of ``folder`` (resolved) holding the entry ``files`` (relative paths, in their order)."""
    package = Path(finder.__file__).resolve().parent
    code = sorted(_files(package, _CODE, "*.py"))
    key = {
        **user_cache.base_key(),
        "format": FORMAT,
        "folder": str(folder),
        "code": user_cache.fingerprint([str(path.relative_to(package)) for path in code], package),
        "gazetteer": user_cache.fingerprint([GAZETTEER.name], package / GAZETTEER.parent),
        "data": user_cache.fingerprint(
            [str(path.relative_to(package)) for path in _files(package, _DATA, "*.toml")], package
        ),
    }
    return Snapshot(folder, key, user_cache.fingerprint(files, folder))


def _files(package: Path, names: Iterable[str | Path], pattern: str) -> list[Path]:
    """The files ``names`` (relative to ``package``) and, for a folder among them, its files matching
    ``pattern``, sorted, in the order named."""
    found: list[Path] = []
    for name in names:
        path = package / name
        found += [path] if path.suffix else sorted(path.glob(pattern))
    return found


def read(snap: Snapshot, today: date, stale_limit: date) -> tuple[tuple[Centre, ...], list[Path]] | None:
    """The cached valid centres (``stale`` as of ``stale_limit``) and invalid files, or None on a miss."""
    collecting = gc.isenabled()
    gc.disable()  # 100,000 centres are young objects that all live: no collection can free any of them
    try:
        stored = marshal.loads(user_cache.read_entry(cache_file(snap.folder)))
        if stored["key"] != snap.key or stored["files"] != snap.files:
            return None
        newest = stored["newest"]
        if newest is not None and date.fromordinal(newest) > today:
            return None
        decode = _decoder(Centre)
        centres = tuple(decode(row, stale_limit) for row in stored["centres"])
        invalid = [snap.folder / relative for relative in stored["invalid"]]
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, _Unsupported):
        return None  # missing, unreadable, damaged or from another version: validate again
    finally:
        if collecting:
            gc.enable()
    if not centres:
        return None
    return centres, invalid


def write(snap: Snapshot, centres: Iterable[Centre], invalid: Iterable[Path], newest: date | None) -> None:
    """Store the outcome of validating ``snap``'s folder; never fails (a cache only saves time)."""
    from finder.atomic import write_atomically  # only when writing: it loads secrets

    try:
        _decoder(Centre)  # every field's type can be read back, or nothing is written
        document = {
            "key": snap.key,
            "files": snap.files,
            "newest": newest.toordinal() if newest else None,
            "invalid": [str(path.relative_to(snap.folder)) for path in invalid],
            "centres": [_encode(centre) for centre in centres],
        }
        data = marshal.dumps(document, MARSHAL_VERSION)
        target = cache_file(snap.folder)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, data, overwrite=True)
    except (OSError, ValueError, TypeError, _Unsupported):
        return


def newest_date(values: Iterable[object]) -> date | None:
    """The latest date anywhere in parsed TOML data (tables, arrays, dates and date-times)."""
    newest: date | None = None
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, date):
            day = value.date() if hasattr(value, "date") and callable(value.date) else value
            if newest is None or day > newest:
                newest = day
    return newest


# --- dataclasses to marshal and back --------------------------------------------------------------------


class _Unsupported(TypeError):
    """A field type the cache cannot read back exactly: the cache is not used."""


def _encode(value: object) -> object:
    """A dataclass as the list of its fields, a date as its ordinal: what marshal stores."""
    if isinstance(value, date):
        return value.toordinal()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, field.name)) for field in dataclasses.fields(value)]
    return value


@cache
def _decoder(cls: type) -> Callable[..., Any]:
    """A function turning a stored row back into ``cls``, converting only the fields that need it."""
    hints = typing.get_type_hints(cls)
    names = [field.name for field in dataclasses.fields(cls)]
    conversions = [(index, convert) for index, name in enumerate(names) if (convert := _convert(hints[name]))]
    allowed = [_stored_types(hints[name]) for name in names]
    checked: set[tuple[type, ...]] = set()  # the field types of rows found right (a few dozen kinds)
    stale = names.index("stale") if cls is Centre else -1
    verified = names.index("last_verified") if cls is Centre else -1

    def decode(row: list[Any], stale_limit: date | None = None) -> Any:
        if len(row) != len(names):
            raise ValueError("row length")
        kinds = tuple(map(type, row))  # 0.7 µs a row: checking each field would take 2 µs
        if kinds not in checked:
            if not all(kind in types for kind, types in zip(kinds, allowed, strict=True)):
                raise ValueError("a field of another type")  # damaged, or written by hand
            checked.add(kinds)
        for index, convert in conversions:
            if row[index] is not None:
                row[index] = convert(row[index])
        if stale >= 0:  # as of today, not as of the day the cache was written
            row[stale] = row[verified] is not None and stale_limit is not None and row[verified] < stale_limit
        return cls(*row)

    return decode


def _stored_types(hint: Any) -> frozenset[type]:
    """The types marshal gives back for a field of type ``hint``, as :func:`_encode` stores it."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return frozenset().union(*(_stored_types(option) for option in typing.get_args(hint)))
    if hint is type(None):
        return frozenset({type(None)})
    if hint is float:
        return frozenset({float, int})  # a TOML integer where a float is expected (lat = 45)
    if hint is date:
        return frozenset({int})  # its ordinal
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return frozenset({list})
    if origin in (dict, Mapping):
        return frozenset({dict})
    return frozenset({origin or hint})  # str, bool, int, tuple


def _convert(hint: Any) -> Callable[[Any], Any] | None:
    """None when marshal gives the value back as it was; else the conversion; _Unsupported if unknown."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        if len(options) != 1:
            raise _Unsupported(str(hint))
        return _convert(options[0])
    if hint in (str, bool, float, int):
        return None
    if hint is date:
        return date.fromordinal
    if origin in (dict, Mapping) and all(_convert(arg) is None for arg in typing.get_args(hint)):
        return None  # a dict of plain values: {"fr": ..., "en": ...}
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis and _convert(args[0]) is None:
            return None  # marshal keeps tuples
        raise _Unsupported(str(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decoder(hint)
    raise _Unsupported(str(hint))
