"""Where each key and value of a TOML document sits in its source text.

tomli returns plain Python values without positions, so a validator that wants to point at the line
of an offending key re-scans the text. This scanner runs only on text tomli has already accepted, so
it can stay small: it follows strings (basic, literal, multi-line), arrays and inline tables, and
records 1-based (line, column) positions for every table header, key and array element.

Paths are tuples: ``("address", "city")`` for a key, ``("rtms", "indications", 1)`` for the second
element of an array; the path of a ``[table]`` header is the table's own path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple[str | int, ...]
Position = tuple[int, int]  # (line, column), both 1-based


@dataclass
class Positions:
    headers: dict[Path, Position] = field(default_factory=dict)  # [table] header lines
    keys: dict[Path, Position] = field(default_factory=dict)  # where a key is written
    values: dict[Path, Position] = field(default_factory=dict)  # where a value (or array element) starts

    def key(self, path: Path) -> Position:
        """The key's position, else its table's header, else line 1."""
        if path in self.keys:
            return self.keys[path]
        if path in self.headers:
            return self.headers[path]
        return self.table(path[:-1])

    def value(self, path: Path) -> Position:
        """The value's position, else its key's, else its table's."""
        if path in self.values:
            return self.values[path]
        return self.key(path) if path else (1, 1)

    def table(self, path: Path) -> Position:
        """Where a missing key of table ``path`` should be added: its header, or line 1."""
        while path:
            if path in self.headers:
                return self.headers[path]
            if path in self.keys:  # a table written as a dotted key or an inline table
                return self.keys[path]
            path = path[:-1]
        return (1, 1)


_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.col = 1
        self.out = Positions()

    # -- low-level movement ------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str:
        j = self.i + offset
        return self.text[j] if j < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1
            self.i += 1

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces and comments (and newlines when inside an array)."""
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.advance()
            else:
                return

    def skip_line(self) -> None:
        while self.i < len(self.text) and self.text[self.i] != "\n":
            self.advance()
        self.advance()

    # -- grammar -----------------------------------------------------------------------------

    def document(self) -> Positions:
        table: Path = ()
        while self.i < len(self.text):
            self.skip_blank(newlines=True)
            if self.i >= len(self.text):
                break
            if self.peek() == "[":
                position = (self.line, self.col)
                double = self.peek(1) == "["
                self.advance(2 if double else 1)
                self.skip_blank(newlines=False)
                table = self.key_path()
                self.out.headers.setdefault(table, position)
                self.skip_line()
            else:
                self.key_value(table)
                self.skip_line()
        return self.out

    def key_path(self) -> Path:
        parts: list[str | int] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.string_value())
            else:
                start = self.i
                while self.peek() in _BARE and self.peek():
                    self.advance()
                parts.append(self.text[start : self.i])
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return tuple(parts)

    def key_value(self, table: Path) -> None:
        position = (self.line, self.col)
        path = table + self.key_path()
        self.out.keys.setdefault(path, position)
        for depth in range(len(table) + 1, len(path)):  # dotted keys define intermediate tables
            self.out.keys.setdefault(path[:depth], position)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance()
        self.skip_blank(newlines=False)
        self.value(path)

    def value(self, path: Path) -> None:
        self.out.values.setdefault(path, (self.line, self.col))
        char = self.peek()
        if char in ('"', "'"):
            self.string_value()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.peek() and self.peek() not in ",]}#\n":
                self.advance()

    def array(self, path: Path) -> None:
        self.advance()  # [
        index = 0
        while self.i < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            self.value((*path, index))
            index += 1

    def inline_table(self, path: Path) -> None:
        self.advance()  # {
        while self.i < len(self.text):
            self.skip_blank(newlines=False)
            if self.peek() == "}":
                self.advance()
                return
            if self.peek() == ",":
                self.advance()
                continue
            if self.peek() in ("", "\n"):
                return
            self.key_value(path)

    def string_value(self) -> str:
        quote = self.peek()
        if self.peek(1) == quote and self.peek(2) == quote:
            self.advance(3)
            start = self.i
            while self.i < len(self.text):
                if self.text.startswith(quote * 3, self.i) and not self.text.startswith(quote * 4, self.i):
                    text = self.text[start : self.i]
                    self.advance(3)
                    return text
                if quote == '"' and self.peek() == "\\":
                    self.advance()
                self.advance()
            return self.text[start:]
        self.advance()
        start = self.i
        while self.i < len(self.text) and self.peek() not in (quote, "\n"):
            if quote == '"' and self.peek() == "\\":
                self.advance()
            self.advance()
        text = self.text[start : self.i]
        self.advance()
        return text


def locate(text: str) -> Positions:
    """Positions of the headers, keys and values of ``text`` (a document tomli accepted)."""
    return _Scanner(text).document()
