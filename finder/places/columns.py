"""Columns of strings kept as one text, read item by item without splitting it.

A gazetteer column (35,000 names, codes or keys) split into a list costs about 2 ms and makes 35,000
objects; a question about one place reads a few dozen items. A :class:`Column` keeps the column as
one ``"\\n"``-terminated text with the start of each item (a C array), so that loading costs nothing
per item, ``column[i]`` is one slice, and bisection works on it as on a sorted list. Iterating or
comparing it makes the list once, on first use, for the searches that do scan every name. So does
bisecting it ``SEARCHES_BEFORE_LIST`` times (:func:`searchable`): a one-shot command (a few
bisections) never pays for the list; a long session (the assistant's live suggestions, a benchmark)
then bisects the list in C instead of reading about 15 slices per bisection in Python.

Both parts are plain values (a ``str`` and ``bytes``): :func:`finder.user_cache.cached` stores them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from operator import add
from typing import overload

SEARCHES_BEFORE_LIST = 256  # bisections of one column (about 20 place queries) before it is split once
# item starts: 32-bit signed offsets (a column's text stays far below 2 GB); "l" would differ by platform
OFFSET = "i"


class Column(Sequence[str]):
    """An immutable sequence of strings (without newlines) over one text; see the module docstring."""

    __slots__ = ("_list", "_searches", "starts", "text")

    def __init__(self, text: str, starts: array[int]) -> None:
        """``text``: every item followed by "\\n"; ``starts``: where each item starts, then ``len(text)``."""
        self.text = text
        self.starts = starts
        self._list: list[str] | None = None
        self._searches = 0

    @classmethod
    def of(cls, items: Iterable[str]) -> Column:
        """A column of ``items``; raises ``ValueError`` when one holds a newline."""
        items = list(items)
        text = "\n".join(items) + "\n" if items else ""
        if text.count("\n") != len(items):
            raise ValueError("a column item holds a newline")
        starts = array(OFFSET, accumulate(map(add, map(len, items), repeat(1)), initial=0))  # in C
        column = cls(text, starts)
        column._list = items
        return column

    @classmethod
    def from_plain(cls, plain: tuple[str, bytes]) -> Column:
        """The column of :meth:`plain`; raises ``ValueError`` when the parts do not fit together."""
        text, raw = plain
        starts = array(OFFSET)
        starts.frombytes(raw)
        if not isinstance(text, str):
            raise TypeError("a column's text is not a str")
        # the ends only: counting the newlines would double the cost of reading a store (0.9 ms)
        if not starts or starts[0] != 0 or starts[-1] != len(text) or (len(text) and text[-1] != "\n"):
            raise ValueError("a column's offsets do not match its text")
        return cls(text, starts)

    def plain(self) -> tuple[str, bytes]:
        """(text, offsets as bytes): what marshal keeps."""
        return self.text, self.starts.tobytes()

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return self.as_list()[index]
        if self._list is not None:
            return self._list[index]
        starts = self.starts
        if index < 0:
            index += len(starts) - 1
        if not 0 <= index < len(starts) - 1:
            raise IndexError("column index out of range")
        return self.text[starts[index] : starts[index + 1] - 1]

    def as_list(self) -> list[str]:
        """Every item, as a list made once (about 2 ms for 35,000 names)."""
        if self._list is None:
            self._list = self.text.split("\n")[:-1]
        return self._list

    def searched(self) -> Sequence[str]:
        """What to bisect: the column itself for its first ``SEARCHES_BEFORE_LIST`` searches (each
        item read is a slice, about 0.3 microseconds), then its list, made once (about 2 ms)."""
        if self._list is None:
            self._searches += 1
            if self._searches <= SEARCHES_BEFORE_LIST:
                return self
        return self.as_list()

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Column):
            return self.text == other.text
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self.as_list() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking equality, as a list's

    def __repr__(self) -> str:
        return f"Column({len(self)} items)"


def searchable(keys: Sequence[str]) -> Sequence[str]:
    """``keys`` ready to bisect: a :class:`Column`'s :meth:`Column.searched`, any other sequence itself."""
    return keys.searched() if isinstance(keys, Column) else keys


def int_array(values: Iterable[int]) -> array[int]:
    """Integers as a C array (``"q"``: 64-bit, whatever the platform)."""
    return array("q", values)


def int_array_from(raw: bytes) -> array[int]:
    """The array of :func:`int_array` from its bytes; raises ``ValueError`` on a partial item."""
    values = array("q")
    values.frombytes(raw)
    return values
