"""``finder directory verify ID``: record that a person confirmed an entry (call or source read).

Sets ``provenance.last_verified`` and appends the maintainer's note (dated) to ``provenance.notes``,
through the tomlkit writer, so the rest of the file is left exactly as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from finder.directory.toml_edit import Layout
from finder.errors import FinderError, UsageError
from finder.i18n import tr


def find_entry(directory: Path, entry_id: str) -> Path:
    """The file of entry ``entry_id`` (its file stem); an unknown id gets a "did you mean"."""
    from finder.directory.validate import collect_files, did_you_mean

    files = collect_files([directory])
    for path in files:
        if path.stem == entry_id:
            return path
    ids = [path.stem for path in files]
    raise UsageError(tr("verify.unknown_id", id=entry_id, hint=did_you_mean(entry_id, ids)))


def verified(text: str, when: date, note: str | None, today: date, layout: Layout) -> str:
    """The entry's text with ``last_verified = when`` and the note appended."""
    from finder.directory import toml_edit

    if when > today:
        raise UsageError(tr("directory.E018", value=when.isoformat(), today=today.isoformat()))
    document = toml_edit.parse(text)
    provenance = document.get("provenance")
    previous = provenance.get("last_verified") if provenance is not None else None
    if isinstance(previous, date) and previous > when:
        raise FinderError(tr("verify.older", date=when.isoformat(), previous=previous.isoformat()))
    toml_edit.set_key(document, "provenance", "last_verified", when, layout)
    if note and note.strip():
        clean = " ".join(note.split())  # one line: notes are a single string
        toml_edit.append_note(document, "provenance", "notes", f"{when.isoformat()}: {clean}", layout)
    return document.as_string()
