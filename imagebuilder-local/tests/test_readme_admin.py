"""The README's admin API example, run as written."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _example() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### The admin API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_admin_example_runs_and_prints_its_figures():
    result = subprocess.run([sys.executable, "-c", _example()], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    counters, by_tag = (ast.literal_eval(line) for line in result.stdout.strip().splitlines())
    assert counters["calls"] == 50 and counters["faultsByKind"]["notFoundAfterCreate"] >= 1
    assert {"CallRateLimitExceededException", "ThrottlingException"} <= set(counters["faultsByKind"])
    assert by_tag == {"urn:pulumi:dev::demo::imagebuild:ImageBuild::app": 1}
