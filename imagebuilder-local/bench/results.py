"""``bench/RESULTS.md``: one ``## `` section per benchmark, each rewritten by its own benchmark alone."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
TITLE = "# Benchmark results: the local service"


def machine() -> str:
    """The cores, system and Python of this run, e.g. ``2 cores, Linux x86_64, CPython 3.11.7``."""
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
            f"{platform.python_implementation()} {platform.python_version()}")


def run_lines(seconds: float, command: str) -> list[str]:
    """The date, machine and run time lines a section starts with."""
    return [f"- Date: {datetime.date.today().isoformat()}", f"- Machine: {machine()}",
            f"- Run time: {seconds:.0f} s (`{command}` in imagebuilder-local/)"]


def rewrite_section(heading: str, lines: list[str], path: Path = RESULTS) -> str:
    """Replace (or add) the section ``## heading`` with ``lines``, keeping every other section; the new text."""
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE + "\n"
    head, sections = _split(text)
    sections[heading] = lines
    out = [*head]
    for name, body in sections.items():
        out += [f"## {name}", "", *body, ""]
    new = "\n".join(out).rstrip("\n") + "\n"
    path.write_text(new, encoding="utf-8")
    return new


def _split(text: str) -> tuple[list[str], dict[str, list[str]]]:
    head: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] = head
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
            continue
        current.append(line)
    for name, body in sections.items():
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
    while head and not head[-1].strip():
        head.pop()
    return [*head, ""], sections
