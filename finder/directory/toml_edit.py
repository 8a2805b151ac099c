"""The one writer of entry files: build, edit and write TOML keeping what a person wrote.

``finder directory new`` builds an entry, ``enrich`` and ``verify`` edit one; all go through
tomlkit, which keeps the comments, blank lines, quoting and key order of a file it edits. A key that
is added goes where the schema's order puts it (after the last key that precedes it in
``layout``), not at the end of its table. Writes are atomic (a temporary file in the same folder,
then a rename) and refuse to replace a file that changed since it was read.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import Array, Table
from tomlkit.toml_document import TOMLDocument

# (table, keys in order) pairs; "" is the top of the file
Layout = Sequence[tuple[str, Sequence[str]]]

LONG_ARRAY = 90  # an array longer than this on one line is written one item per line


class ChangedMeanwhile(Exception):
    """The file on disk is not the one that was read: someone edited it meanwhile; nothing written."""


def parse(text: str) -> TOMLDocument:
    return tomlkit.parse(text)


def _array(values: Sequence[Any]) -> Array:
    array = tomlkit.array()
    array.extend(values)
    if len(array.as_string()) > LONG_ARRAY:
        array.multiline(True)
    return array


def _item(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return _array(value)
    return value


def _inline(values: Mapping[str, Any]) -> Any:
    """``{ fr = "...", en = "..." }``: an inline table with the spaces the directory's files use."""
    pairs = ", ".join(f"{key} = {tomlkit.item(_item(value)).as_string()}" for key, value in values.items())
    return tomlkit.parse(f"x = {{ {pairs} }}\n").item("x")


def _present(value: Any) -> bool:
    return value not in (None, "", [], ())


def render_entry(
    entry: Mapping[str, Mapping[str, Any] | None], header: str | None = None, layout: Layout | None = None
) -> str:
    """The text of a new entry file; ``entry`` maps table names ("" for the top) to their keys.

    Keys and tables follow ``layout`` (default: the schema's order); empty values (None, "", [])
    are left out, and so is a table left empty; an inline table (``description``) is written on one
    line among the top keys; ``header`` becomes comment lines at the top.
    """
    from finder.directory.schema import INLINE_TABLES
    from finder.directory.schema import layout as schema_layout

    document = tomlkit.document()
    if header:
        for line in header.splitlines():
            document.add(tomlkit.comment(line) if line.strip() else tomlkit.ws("#\n"))
        document.add(tomlkit.nl())
    for table, keys in layout or schema_layout():
        values = entry.get(table) or {}
        present = [key for key in keys if _present(values.get(key))]
        if not present:
            continue
        if not table:
            for key in present:
                document.add(key, _item(values[key]))
            continue
        if table in INLINE_TABLES:
            document.add(table, _inline({key: values[key] for key in present}))
            continue
        target = tomlkit.table()
        for key in present:
            target.append(key, _item(values[key]))
        document.add(table, target)
    return document.as_string()


def _position_key(container: Container, key: str, order: Sequence[str]) -> tuple[str | None, str | None]:
    """The existing keys just before and just after ``key`` in ``order``."""
    existing = set(container.keys())
    index = order.index(key) if key in order else len(order)
    before = next((k for k in reversed(order[:index]) if k in existing), None)
    after = next((k for k in order[index + 1 :] if k in existing), None)
    return before, after


def set_key(document: TOMLDocument, table: str, key: str, value: Any, layout: Layout) -> None:
    """Set ``table.key`` (``table`` "" for the top), creating the table where the layout puts it.

    An existing key keeps its place and its trailing comment; a new one goes after the keys that
    precede it in the layout.
    """
    order = dict(layout)
    item = _item(value)
    if table and table not in document:
        _add_table(document, table, key, item, layout)
        return
    container: Container = document[table].value if table else document
    if key in container:
        old = container.item(key)
        container[key] = item
        new = container.item(key)
        if hasattr(old, "trivia") and hasattr(new, "trivia"):
            new.trivia.comment = old.trivia.comment
            new.trivia.comment_ws = old.trivia.comment_ws
        return
    keys = list(order.get(table, ()))
    before, after = _position_key(container, key, keys)
    if before is not None:
        container._insert_after(before, key, item)  # tomlkit has no public "insert after"
    elif after is not None:
        container._insert_at(_index_of(container, after), key, item)
    elif table:
        container.append(key, item)
    else:  # the first top-level key of a file that only has tables
        document._insert_at(0, key, item)


def _index_of(container: Container, key: str) -> int:
    for index, (name, _item) in enumerate(container.body):
        if name is not None and name.key == key:
            return index
    raise KeyError(key)


def _add_table(document: TOMLDocument, table: str, key: str, item: Any, layout: Layout) -> None:
    """A new ``[table]`` holding ``key``, before the first table that follows it in the layout."""
    tables = [name for name, _keys in layout if name]
    index = tables.index(table) if table in tables else len(tables)
    following = next((name for name in tables[index + 1 :] if name in document), None)
    new = tomlkit.table()
    new.add(key, item)
    if following is None:
        document.add(table, new)
        return
    new.add(tomlkit.nl())  # the blank line that separates tables belongs to the end of a table
    document._insert_at(_index_of(document, following), table, new)


def add_subtable(document: TOMLDocument, table: str, name: str) -> Table:
    """The ``[table.name]`` sub-table, created (empty) at the end of ``[table]`` when missing."""
    parent = document[table]
    if name not in parent:
        parent[name] = tomlkit.table()
    sub: Table = parent[name]
    return sub


def append_to_array(document: TOMLDocument, table: str, key: str, value: Any, layout: Layout) -> bool:
    """Append ``value`` to the array ``table.key`` unless it is there; False when it already was."""
    container = document[table] if table else document
    if key not in container:
        set_key(document, table, key, [value], layout)
        return True
    array = container[key]
    if value in list(array):
        return False
    array.append(value)
    if not array._multiline and len(array.as_string()) > LONG_ARRAY:
        array.multiline(True)
    return True


def append_note(document: TOMLDocument, table: str, key: str, note: str, layout: Layout) -> None:
    """Add ``note`` to the notes string ``table.key``, after " | " (the directory's separator)."""
    container = document[table] if table else document
    old = str(container.get(key) or "").strip()
    set_key(document, table, key, f"{old} | {note}" if old else note, layout)


def write_atomic(path: Path, text: str, *, expected: bytes | None) -> None:
    """Write ``text`` to ``path`` atomically, as an editor would (:mod:`finder.atomic`).

    ``expected`` is the file's content when it was read (None: the file must not exist yet); if the
    file on disk differs, :class:`ChangedMeanwhile` is raised (FileExistsError for a new file) and
    nothing is written. A new file gets the editor's mode (0666 less the umask), a replaced one keeps
    its own; only a regular file is replaced. A folder that cannot be created or written (read-only,
    full disk...) is a :class:`FinderError` naming the folder and the reason.
    """
    from finder.atomic import write_atomically
    from finder.directory.validate import display_path
    from finder.errors import FinderError
    from finder.i18n import tr

    data = text.replace("\r\n", "\n").encode("utf-8")
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
        if expected is None:
            try:
                write_atomically(path, data, overwrite=False)
            except FileExistsError:
                raise FileExistsError(path) from None
            return
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            raise ChangedMeanwhile(path) from None
        if current != expected:
            raise ChangedMeanwhile(path)
        write_atomically(path, data, overwrite=True)
    except (FileExistsError, ChangedMeanwhile):
        raise
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise FinderError(tr("new.cannot_write", folder=display_path(path.parent), reason=reason)) from None
