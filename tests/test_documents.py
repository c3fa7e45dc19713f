"""Every fenced block of the documents runs under a test or says why not; the README's shape; links resolve.

The example tests fetch their blocks with :func:`tests.documents.example` at import time, so importing
them records every block they run (:data:`tests.documents.FETCHED`) without running them.
"""

from __future__ import annotations

import importlib
import re

import pytest

from . import documents
from .documents import ROOT, Block, blocks

README_MAX_LINES = 350
QUICK_START_WITHIN = 40


def example_test_modules() -> list[str]:
    """The test modules that fetch blocks with the helper, as importable names."""
    found = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if re.search(r"^from \.+documents import .*\bexample\b", path.read_text(), re.M):
            found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def all_blocks() -> list[Block]:
    return [block for path in documents.documents() for block in blocks(path)]


@pytest.fixture(scope="module")
def fetched() -> dict[str, Block]:
    for name in example_test_modules():
        importlib.import_module(name)
    return documents.FETCHED


def test_the_documents_are_there_and_have_blocks():
    names = [path.relative_to(ROOT).as_posix() for path in documents.documents()]
    assert {"README.md", "CONTRIBUTING.md", "docs/recovery.md"} <= set(names), names
    assert len(all_blocks()) >= 10


def test_every_block_runs_under_a_test_or_says_why_not(fetched):
    uncovered = [f"{b.where()} ({b.language or 'no language'}, under {b.headings[-1] if b.headings else 'no heading'!r})"
                 for b in all_blocks() if b.not_run is None and b.text not in fetched]
    assert not uncovered, ("blocks that no test runs and that are not marked '<!-- not run: REASON -->': "
                           + "; ".join(uncovered))


def test_a_not_run_mark_gives_a_reason_and_no_test_runs_that_block(fetched):
    marked = [b for b in all_blocks() if b.not_run is not None]
    assert all(b.not_run for b in marked), [b.where() for b in marked if not b.not_run]
    assert not [b.where() for b in marked if b.text in fetched]


def test_the_make_commands_marked_not_run_are_targets_and_ci_runs_make_test():
    """They are not run here (one is the suite itself), so at least what they name must exist."""
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), re.M))
    named = {name for b in all_blocks() if b.not_run for name in re.findall(r"^make (\w+)", b.text, re.M)}
    assert named and named <= targets, (named, targets)
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.M)


def test_example_markers_are_unique_within_a_document():
    for path in documents.documents():
        markers = [b.marker for b in blocks(path) if b.marker]
        assert len(markers) == len(set(markers)), (path.name, markers)


def test_the_readme_is_short_and_opens_with_the_install_line_and_a_python_quick_start():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines (at most {README_MAX_LINES})"
    early = [b for b in blocks(ROOT / "README.md")
             if b.line + len(b.text.splitlines()) + 1 <= QUICK_START_WITHIN]  # closing fence within the limit
    assert any(b.language == "sh" and re.search(r"^pip install ", b.text, re.M) for b in early), \
        f"no install line within the first {QUICK_START_WITHIN} lines"
    quick = [b for b in early if b.language == "python"]
    assert quick and "ImageBuild(" in quick[0].text and "LaunchTemplate(" in quick[0].text, \
        f"no Python quick start (an ImageBuild chained into a LaunchTemplate) within the first {QUICK_START_WITHIN} lines"


def test_relative_links_point_at_files_that_exist():
    broken = []
    for path in documents.documents():
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text()):
            if not re.match(r"[a-z]+:", target) and not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert not broken, broken


def test_the_block_reader_knows_fences_headings_and_marks(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "ROOT", tmp_path)
    (tmp_path / "doc.md").write_text(
        "# Title\n\n## Part one\n\n<!-- example: first -->\n```sh\necho 1\n```\n\n### Deeper\n\n"
        "<!-- not run: a tree -->\n````\n```\nnested\n```\n````\n\n## Part two\n\n```python\nprint(2)\n```\n")
    found = blocks(tmp_path / "doc.md")
    assert [(b.line, b.language, b.marker, b.not_run) for b in found] == [
        (6, "sh", "first", None), (13, "", None, "a tree"), (21, "python", None, None)]
    assert found[1].text == "```\nnested\n```\n" and found[1].headings == ("Title", "Part one", "Deeper")
    assert documents.example("doc.md", heading="Part two") == "print(2)\n"
    assert documents.example("doc.md", heading="Part one", language="sh") == "echo 1\n"
    with pytest.raises(LookupError, match="marked 'not run'"):
        documents.example("doc.md", heading="Deeper")
    with pytest.raises(LookupError, match="no python block"):
        documents.example("doc.md", heading="Part one", language="python")
    for text in ("echo 1\n", "print(2)\n"):  # the test's own blocks leave the record as it was
        documents.FETCHED.pop(text, None)
