"""The fenced code blocks of the project's documents, and the ones the example tests run.

The documents are README.md, CONTRIBUTING.md and docs/*.md. Each fenced block in them is
either run by a test or marked, on the line right before it, as not run with a reason::

    <!-- not run: a GitHub Actions workflow -->

An example test fetches the block it runs with :func:`example`, by the heading the block
follows or by a marker on the line right before it (``<!-- example: NAME -->``), and runs
the text it gets, exactly. :func:`example` records every block it hands out;
tests/test_documents.py fails for a block that is neither recorded nor marked as not run.
Fetch blocks at import time (module-level constants): the coverage test then sees every
fetch by importing the example tests, without running them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_NOT_RUN = re.compile(r"^<!--\s*not run:(?P<reason>.*?)-->$")
_MARKER = re.compile(r"^<!--\s*example:\s*(?P<name>[\w.-]+)\s*-->$")


def documents() -> list[Path]:
    """Every document whose blocks must run: README.md, CONTRIBUTING.md and docs/*.md."""
    found = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [path for path in found if path.is_file()]


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, what it says, and how it is marked."""

    document: str
    """Path relative to the repository root, e.g. ``docs/recovery.md``."""
    line: int
    """1-based line of the opening fence."""
    language: str
    """The first word of the info string (``python``, ``sh``), or ``""``."""
    text: str
    """Everything between the fences, each line with its newline."""
    headings: tuple[str, ...]
    """The headings the block is under, outermost first, without their ``#``."""
    marker: str | None = None
    """NAME of an ``<!-- example: NAME -->`` right before the block."""
    not_run: str | None = None
    """The reason of a ``<!-- not run: REASON -->`` right before the block."""

    def where(self) -> str:
        return f"{self.document}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown document, in order."""
    lines = path.read_text().splitlines(keepends=True)
    found: list[Block] = []
    headings: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\n"))
        if opening is None:
            heading = _HEADING.match(lines[index].rstrip("\n"))
            if heading:
                level = len(heading.group("level"))
                headings = [h for h in headings if h[0] < level] + [(level, heading.group("text"))]
            index += 1
            continue
        fence = opening.group("fence")
        start, index = index, index + 1
        while index < len(lines) and not (lines[index].strip().startswith(fence[0] * len(fence))
                                          and set(lines[index].strip()) == {fence[0]}):
            index += 1
        before = next((line.strip() for line in reversed(lines[:start]) if line.strip()), "")
        not_run, marker = _NOT_RUN.match(before), _MARKER.match(before)
        found.append(Block(
            document=path.relative_to(ROOT).as_posix(), line=start + 1,
            language=(opening.group("info").split() or [""])[0], text="".join(lines[start + 1:index]),
            headings=tuple(text for _, text in headings),
            marker=marker.group("name") if marker else None,
            not_run=not_run.group("reason").strip() if not_run else None))
        index += 1
    return found


FETCHED: dict[str, Block] = {}
"""Every block :func:`example` handed out, by its text."""


def example(document: str, *, heading: str | None = None, marker: str | None = None,
            language: str | None = None) -> str:
    """The text of one block of ``document`` (a path from the repository root), recorded as run.

    With ``marker``, the block right after ``<!-- example: MARKER -->``; with ``heading``,
    the first block (of ``language``, if given) under the first heading that starts with
    ``heading``. Raises LookupError, naming what was asked, when there is no such block.
    """
    if (heading is None) == (marker is None):
        raise TypeError("give exactly one of heading and marker")
    candidates = blocks(ROOT / document)
    if marker is not None:
        chosen = [b for b in candidates if b.marker == marker]
    else:
        under = [b for b in candidates if any(h.startswith(heading) for h in b.headings)]
        first = next((h for b in under for h in b.headings if h.startswith(heading)), None)
        chosen = [b for b in under if first in b.headings]
    chosen = [b for b in chosen if language is None or b.language == language]
    if not chosen:
        asked = f"marker {marker!r}" if marker is not None else f"heading {heading!r}"
        raise LookupError(f"{document} has no {language or ''} block for {asked}".replace("  ", " "))
    if chosen[0].not_run is not None:
        raise LookupError(f"{chosen[0].where()} is marked 'not run' but a test runs it: remove the mark")
    FETCHED[chosen[0].text] = chosen[0]
    return chosen[0].text
