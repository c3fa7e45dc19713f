"""A reader for the YAML that Image Builder workflow documents are written in (no PyYAML needed).

A workflow's ``data`` is "the YAML document content for the workflow". The service reads
the steps out of it, so it reads the part of YAML such documents use, as YAML 1.1 reads it:

* block mappings and block sequences (a sequence may sit at its key's indentation, and an
  item may start a mapping on its ``-`` line), and flow collections ``[...]`` and ``{...}``,
  which may span lines (JSON is one of them);
* plain scalars, resolved as YAML 1.1's implicit types (null ``~``, booleans ``true``/``yes``/
  ``on``..., integers in decimal, ``0x``, ``0b`` and ``0`` octal, floats with a point, ``.inf``,
  ``.nan``; a date stays a string), single- and double-quoted scalars on one line, and literal
  (``|``) and folded (``>``) block scalars with their chomping and indentation indicators;
* comments, blank lines, and one document, optionally opened by ``---``.

Anything else (anchors, aliases, tags, complex keys, directives, several documents, tabs as
indentation, plain or quoted scalars continued on the next line) is refused with a
:class:`YamlSubsetError` naming the line, rather than read some other way.
"""

from __future__ import annotations

import re
from typing import Any

_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {word: value for value, words in ((True, "yes Yes YES true True TRUE on On ON"),
                                          (False, "no No NO false False FALSE off Off OFF"))
         for word in words.split()}
_INT = re.compile(r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    r"|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_NOT_READ = {"&": "anchors", "*": "aliases", "!": "tags", "?": "complex keys", "%": "directives",
             "@": "reserved indicators", "`": "reserved indicators"}


class YamlSubsetError(ValueError):
    """A document this reader does not read: bad YAML, or YAML outside the subset."""


def load(text: str) -> Any:
    """The value of the one YAML document ``text`` (None for an empty one)."""
    return _Reader(text).document()


def resolve_plain(text: str) -> Any:
    """A plain scalar's value by YAML 1.1's implicit types (null, bool, int, float), else the text."""
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        digits = text.replace("_", "")
        sign, digits = (-1 if digits[0] == "-" else 1, digits[1:]) if digits[0] in "+-" else (1, digits)
        for prefix, base in (("0b", 2), ("0x", 16)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits, 8 if len(digits) > 1 and digits[0] == "0" else 10)
    if _FLOAT.fullmatch(text):
        number = text.replace("_", "").lower()
        return float(number.replace(".inf", "inf").replace(".nan", "nan"))
    return text


class _Reader:
    """Reads one document line by line; flow collections and quoted scalars character by character."""

    def __init__(self, text: str) -> None:
        self.raw = re.split(r"\r\n|\r|\n", text)
        self.at = 0
        self.moved: dict[int, tuple[int, str]] = {}
        """Lines re-read from a column: the rest of a ``- `` line, as a node of its own."""

    # ----- lines ------------------------------------------------------------------------

    def fail(self, why: str, line: int | None = None) -> YamlSubsetError:
        return YamlSubsetError(f"line {(self.at if line is None else line) + 1}: {why}")

    def line(self, index: int) -> tuple[int, str] | None:
        """(indentation, content without comment) of line ``index``; None if blank or only a comment."""
        if index in self.moved:
            return self.moved[index]
        raw = self.raw[index]
        stripped = raw.lstrip(" \t")
        content = _without_comment(stripped)
        if not content:
            return None
        if "\t" in raw[:len(raw) - len(stripped)]:
            raise self.fail("tabs cannot indent YAML", index)
        return len(raw) - len(stripped), content

    def peek(self) -> tuple[int, str] | None:
        """The next line with content, skipping blank ones and comments."""
        while self.at < len(self.raw):
            found = self.line(self.at)
            if found is not None:
                return found
            self.at += 1
        return None

    def next_in_block(self, indent: int, item: bool) -> str | None:
        """The next line's content if it goes on the block at ``indent`` (a sequence's if ``item``, else a mapping's)."""
        found = self.peek()
        if found is None or found[0] != indent or _is_item(found[1]) != item or _is_marker(found):
            return None
        return found[1]

    # ----- block structure ------------------------------------------------------------

    def document(self) -> Any:
        first = self.peek()
        if first is not None and first[1].startswith("---") and first[1][3:4] in ("", " "):
            if first[1].strip(" \t") != "---":
                raise self.fail("content on the '---' line is not read")
            self.at += 1
        first = self.peek()
        value = None if first is None else self.node(-1)
        rest = self.peek()
        if rest is not None and rest[1].strip(" \t") == "...":
            self.at += 1
            rest = self.peek()
        if rest is not None:
            raise self.fail("one document only" if rest[1].startswith("---") else "unexpected content here")
        return value

    def node(self, parent: int) -> Any:
        """The block node on the next lines indented deeper than ``parent`` (None if there is none)."""
        found = self.peek()
        if found is None or found[0] <= parent:
            return None
        indent, content = found
        if _is_item(content):
            return self.sequence(indent)
        if _key_split(content) is not None:
            return self.mapping(indent)
        return self.scalar_line(content, parent)

    def mapping(self, indent: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while (content := self.next_in_block(indent, item=False)) is not None:
            split = _key_split(content)
            if split is None:
                raise self.fail("expected 'key: value' in this mapping")
            if not split[0]:
                raise self.fail("a mapping key cannot be empty")
            key = self.inline(split[0], whole_line=False)
            if key in result:
                raise self.fail(f"the key {key!r} appears twice")
            result[key] = self.value_of_key(split[1], indent)
        self.no_deeper(indent)
        return result

    def value_of_key(self, rest: str, indent: int) -> Any:
        """The value after ``key:`` on the current line: on that line, or on the lines below it."""
        if rest and rest[0] not in "|>":
            return self.scalar_line(rest, indent)
        self.at += 1
        if rest:
            return self.block_scalar(rest, indent)
        found = self.peek()
        if found is not None and found[0] == indent and _is_item(found[1]):
            return self.sequence(indent)
        return self.node(indent)

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while (content := self.next_in_block(indent, item=True)) is not None:
            rest = content[1:]
            item = rest.lstrip(" ")
            if not item:
                self.at += 1
                items.append(self.node(indent))
            else:
                self.moved[self.at] = (indent + 1 + len(rest) - len(item), item)
                items.append(self.node(indent))
        self.no_deeper(indent)
        return items

    def no_deeper(self, indent: int) -> None:
        found = self.peek()
        if found is not None and found[0] > indent:
            raise self.fail("this line is indented deeper than anything above it can hold")

    def scalar_line(self, text: str, parent: int) -> Any:
        """A scalar or flow collection starting on the current line; nothing may continue it below."""
        value = self.inline(text, whole_line=True)
        self.at += 1
        found = self.peek()
        if found is not None and found[0] > parent and not _is_marker(found):
            raise self.fail("a scalar continued on the next line is not read")
        return value

    def inline(self, text: str, whole_line: bool) -> Any:
        """A key or value written on one line (a flow collection may take the lines after it)."""
        if text[0] in "[{":
            return self.flow(text)
        if text[0] in "'\"":
            try:
                value, end = _quoted(text, 0)
            except YamlSubsetError as error:
                raise self.fail(str(error)) from None
            if text[end:].strip(" \t"):
                raise self.fail("nothing may follow a quoted scalar here")
            return value
        complex_key = text[0] == "?" and text[1:2] in ("", " ")  # '?0' is a plain scalar, as PyYAML writes it
        if (text[0] in _NOT_READ and text[0] != "?") or complex_key or text[0] in "|>" or \
                (text[0] in "-:" and text[1:2] == " "):
            raise self.fail(f"{_NOT_READ.get(text[0], 'this indicator')} {text[0]!r} are not read")
        if whole_line and ": " in text:
            raise self.fail("a plain scalar cannot hold ': '")
        return resolve_plain(text.strip(" \t"))

    def flow(self, text: str) -> Any:
        """A flow collection, joining the next lines until it closes."""
        start = self.at
        while True:
            try:
                value, end = _Flow(text).value(0)
            except _Unclosed:
                self.at += 1
                if self.at >= len(self.raw):
                    raise self.fail("this flow collection is never closed", start) from None
                text += " " + _without_comment(self.raw[self.at].strip(" \t"))
                continue
            except YamlSubsetError as error:
                raise self.fail(str(error), start) from None
            if text[end:].strip(" \t"):
                raise self.fail("nothing may follow a flow collection here", start)
            return value

    def block_scalar(self, header: str, indent: int) -> str:
        """A literal (``|``) or folded (``>``) scalar from the lines below its key."""
        match = re.fullmatch(r"([|>])([+-]?)([1-9]?)|([|>])([1-9])([+-])", header.strip(" \t"))
        if match is None:
            raise self.fail(f"bad block scalar header {header!r}")
        style = match[1] or match[4]
        chomp = match[2] if match[1] else match[6]
        explicit = match[3] if match[1] else match[5]
        lines: list[str] = []
        width = indent + int(explicit) if explicit else None
        while self.at < len(self.raw):
            raw = self.raw[self.at]
            if not raw.strip(" "):
                lines.append(raw[width:] if width is not None else "")
            else:
                depth = len(raw) - len(raw.lstrip(" "))
                if width is None:
                    if depth <= indent:
                        break
                    width = depth
                if depth < width:
                    break
                lines.append(raw[width:])
            self.at += 1
        body = list(lines)
        while body and not body[-1].strip(" "):
            body.pop()
        trailing = len(lines) - len(body)
        text = "\n".join(body) if style == "|" else _folded(body)
        if chomp == "-" or not body:
            return text if chomp != "+" else text + "\n" * trailing
        return text + "\n" + ("\n" * trailing if chomp == "+" else "")


class _Unclosed(Exception):
    """A flow collection runs past the end of the text read so far."""


class _Flow:
    """A flow collection over one string: ``[a, {b: c}]``, JSON included."""

    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, at: int) -> int:
        while at < len(self.text) and self.text[at] in " \t":
            at += 1
        if at >= len(self.text):
            raise _Unclosed()
        return at

    def value(self, at: int) -> tuple[Any, int]:
        at = self.skip(at)
        char = self.text[at]
        if char == "[":
            return self.collection(at + 1, "]")
        if char == "{":
            return self.collection(at + 1, "}")
        if char in "'\"":
            return _quoted(self.text, at)
        if char in _NOT_READ:
            raise YamlSubsetError(f"{_NOT_READ[char]} {char!r} are not read")
        end = at
        while end < len(self.text) and self.text[end] not in ",[]{}" and not self.text.startswith(": ", end) \
                and not (self.text[end] == ":" and end + 1 == len(self.text)):
            end += 1
        return resolve_plain(self.text[at:end].strip(" \t")), end

    def collection(self, at: int, close: str) -> tuple[Any, int]:
        items: list[Any] = []
        pairs: dict[Any, Any] = {}
        while True:
            at = self.skip(at)
            if self.text[at] == close:
                return (pairs if close == "}" else items), at + 1
            item, at = self.value(at)
            at = self.skip(at)
            if close == "}":
                if isinstance(item, (list, dict)):
                    raise YamlSubsetError("complex keys are not read")
                value = None
                if self.text[at] == ":":
                    value, at = self.value(at + 1)
                    at = self.skip(at)
                if item in pairs:
                    raise YamlSubsetError(f"the key {item!r} appears twice")
                pairs[item] = value
            else:
                items.append(item)
            if self.text[at] == ",":
                at += 1
            elif self.text[at] != close:
                raise YamlSubsetError(f"expected ',' or {close!r} in a flow collection")


def _quoted(text: str, at: int) -> tuple[str, int]:
    """The quoted scalar at ``text[at]`` and the position after it."""
    quote, out, i = text[at], [], at + 1
    while i < len(text):
        char = text[i]
        if quote == "'" and char == "'":
            if text[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), i + 1
        if quote == '"' and char == '"':
            return "".join(out), i + 1
        if quote == '"' and char == "\\":
            code = text[i + 1:i + 2]
            if code in _HEX_ESCAPES:
                digits = text[i + 2:i + 2 + _HEX_ESCAPES[code]]
                if len(digits) != _HEX_ESCAPES[code] or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise YamlSubsetError(f"bad escape \\{code}{digits}")
                out.append(chr(int(digits, 16)))
                i += 2 + len(digits)
                continue
            if code not in _ESCAPES:
                raise YamlSubsetError(f"unknown escape \\{code}")
            out.append(_ESCAPES[code])
            i += 2
            continue
        out.append(char)
        i += 1
    raise YamlSubsetError("a quoted scalar continued on the next line is not read")


def _without_comment(content: str) -> str:
    """``content`` without a trailing comment (a ``#`` that starts the text or follows a space, outside quotes)."""
    quote, i = None, 0
    while i < len(content):
        char = content[i]
        if quote == '"' and char == "\\":
            i += 1  # the escaped character cannot close the scalar
        elif quote == "'" and content.startswith("''", i):
            i += 1
        elif quote:
            quote = None if char == quote else quote
        elif char in "'\"" and (i == 0 or content[i - 1] in " [{,:"):
            quote = char
        elif char == "#" and (i == 0 or content[i - 1] in " \t"):
            return content[:i].rstrip(" \t")
        i += 1
    return content.rstrip(" \t")


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _is_marker(line: tuple[int, str]) -> bool:
    """True for a document marker line: ``---`` (starting a document) or ``...`` (ending one)."""
    return line[0] == 0 and (line[1] in ("---", "...") or line[1].startswith("--- "))


def _key_split(content: str) -> tuple[str, str] | None:
    """``(key, rest)`` of a ``key: value`` or ``key:`` line, or None if the line is not one."""
    if content[0] in "[{":
        return None
    if content[0] in "'\"":
        try:
            _, end = _quoted(content, 0)
        except YamlSubsetError:
            return None
        after = content[end:]
        return (content[:end], after[1:].strip(" \t")) if after[:1] == ":" and after[1:2] in ("", " ") else None
    match = re.search(r":( |$)", content)
    return (content[:match.start()].rstrip(" \t"), content[match.end():].strip(" \t")) if match else None


def _folded(lines: list[str]) -> str:
    """Folded lines: a break between two plain lines is a space, blank lines are breaks, indented lines stay."""
    out: list[str] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        if previous is None or line == "" or previous == "":
            out.append(line if line else "\n")
        elif line[0] == " " or previous[0] == " ":
            out.append("\n" + line)
        else:
            out.append(" " + line)
    return "".join(out)
