"""The examples of imagebuilder-local/README.md, by section, and how its tests run them as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
RUN = {"sh": ["bash", "-e", "-c"], "python": [sys.executable, "-c"]}
"""How each kind of example runs (bash with job control, so an example can ``kill %1``)."""


def examples() -> list[tuple[str, str, str]]:
    """Every fenced example: (its ``## `` section, its language, its text)."""
    found, section = [], ""
    for part in re.split(r"^(## .*)$", README.read_text(), flags=re.M):
        if part.startswith("## "):
            section = part[3:].strip()
            continue
        found += [(section, lang, code) for lang, code in re.findall(r"^```(\w*)\n(.*?)^```", part, re.S | re.M)]
    return found


def runnable(section: str) -> list[tuple[str, str]]:
    """(language, text) of the section's sh and python examples."""
    return [(lang, code) for where, lang, code in examples() if where == section and lang in RUN]


def run(lang: str, code: str, cwd: Path, path: list[str] = ()) -> subprocess.CompletedProcess:
    """Run one example as a user would, with this interpreter's ``python`` (and ``path``) first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), *path, env["PATH"]])
    text = "set -m\n" + code if lang == "sh" else code
    return subprocess.run([*RUN[lang], text], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
