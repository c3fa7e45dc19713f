"""docs/aws-constraints.md against the installed botocore model: every sentence that constrains a request to an
operation we call (or describes a behaviour we rely on) has a row, every row quotes a sentence the model still has,
and every rule and test a row names exists.

**A constraining sentence** (the rule, defined here once): botocore's documentation strings are HTML; tags are
stripped (block tags become spaces), entities unescaped, whitespace collapsed, and the text is split into sentences
after ``.``, ``!`` or ``?`` followed by a space and a capital. The strings read are, for each operation we call
(:func:`tests.operations.called_operations`): the operation's own documentation, that of every member of its input
shape, recursively through nested structures, lists and map values, and that of the top-level members of its
output shape. A sentence constrains when it has one of :data:`KEYWORDS` (as words, case-insensitive) or names a
status of the model's ``ImageStatus`` enum; every sentence of an output ``nextToken`` counts (paging relies on it).
The model's own constraints (``required``, ``min``, ``max``, ``pattern``, ``enum`` and the member types) are not
sentences: the table covers them one row per kind.

A botocore upgrade that documents a new sentence fails :func:`test_every_constraining_sentence_has_a_row` until
the table has a row for it (and, most often, the service a rule).
"""

from __future__ import annotations

import ast
import html
import importlib
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape

from .operations import called_operations

ROOT = pathlib.Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "aws-constraints.md"
MODEL = botocore.session.get_session().get_service_model("imagebuilder")

KEYWORDS = ("must", "only", "cannot", "can't", "neither", "at most", "at least", "exactly", "valid", "invalid",
            "default", "defaults", "up to", "maximum", "minimum", "required", "allowed", "supported", "fails",
            "reject", "rejects", "limit")
"""The words that make a sentence a constraint (the issue's list, with their forms and kin)."""
_KEYWORD = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in KEYWORDS) + r")\b", re.I)
_STATUS = re.compile(r"\b(?:" + "|".join(MODEL.shape_for("ImageStatus").enum) + r")\b")
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|note|important|div|dl|dt|dd)\b[^>]*>", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
ALWAYS_READ_OUTPUTS = ("nextToken",)
"""Output members whose every sentence counts: the product's paging follows them."""
OPERATION = "—"
"""The member cell of a row about the operation's own documentation."""
SHAPE_KINDS = ("type", "required", "min", "max", "pattern", "enum")
"""The kinds of constraint the model states as metadata, not sentences."""


@dataclass(frozen=True)
class Sentence:
    operation: str
    member: str
    """The member path (``imageScanningConfiguration.ecrConfiguration.repositoryName``; an output member as
    ``output nextToken``), or :data:`OPERATION`."""
    text: str


def sentences(documentation: str | None) -> list[str]:
    """The sentences of a documentation string (HTML)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", _BLOCK_TAG.sub(" ", documentation or "")))
    return [s for s in _SENTENCE_END.split(re.sub(r"\s+", " ", text).strip()) if s]


def constrains(text: str) -> bool:
    return bool(_KEYWORD.search(text) or _STATUS.search(text))


def _members(shape: Shape, path: str, seen: frozenset[str]) -> Iterator[tuple[str, Shape]]:
    """Every member below ``shape``, with its dotted path (lists and map values walked through)."""
    if isinstance(shape, ListShape):
        yield from _members(shape.member, path, seen)
    elif isinstance(shape, MapShape):
        yield from _members(shape.value, path, seen)
    elif isinstance(shape, StructureShape) and shape.name not in seen:
        for name, member in shape.members.items():
            yield path + name, member
            yield from _members(member, path + name + ".", seen | {shape.name})


def constraining_sentences() -> set[Sentence]:
    found: set[Sentence] = set()
    for name in called_operations():
        op = MODEL.operation_model(name)
        found |= {Sentence(name, OPERATION, s) for s in sentences(op.documentation) if constrains(s)}
        for path, member in _members(op.input_shape, "", frozenset()):
            found |= {Sentence(name, path, s) for s in sentences(member.documentation) if constrains(s)}
        for member_name, member in (op.output_shape.members.items() if op.output_shape else ()):
            found |= {Sentence(name, f"output {member_name}", s) for s in sentences(member.documentation)
                      if constrains(s) or member_name in ALWAYS_READ_OUTPUTS}
    return found


def shape_kinds_used() -> set[str]:
    """The kinds of metadata constraint on the input shapes of the operations we call."""
    kinds = {"type"}
    for name in called_operations():
        for _, member in _members(MODEL.operation_model(name).input_shape, "", frozenset()):
            kinds |= {kind for kind in ("min", "max", "pattern", "enum") if kind in member.metadata}
            if isinstance(member, StructureShape) and member.required_members:
                kinds.add("required")
        if MODEL.operation_model(name).input_shape.required_members:
            kinds.add("required")
    return kinds


# ----- the table ---------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    section: str
    cells: tuple[str, ...]
    line: int

    def names(self, column: int, package: str) -> list[str]:
        return re.findall(rf"`({package}\.[\w.]+)`", self.cells[column])

    def tests(self, column: int) -> list[str]:
        return re.findall(r"`((?:imagebuilder-local/)?tests/[\w/.-]+\.py::\w+)`", self.cells[column])


def _cells(line: str) -> tuple[str, ...]:
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return tuple(part.strip().replace("\\|", "|") for part in parts)


def rows() -> list[Row]:
    found, section = [], ""
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif line.startswith("|") and not re.fullmatch(r"\|[\s|:-]+\|", line.strip()):
            cells = _cells(line)
            if cells[0] not in ("member", "kind"):  # the header rows
                found.append(Row(section, cells, number))
    return found


def sentence_rows() -> list[Row]:
    """The rows of the sections named after an operation."""
    return [row for row in rows() if row.section in MODEL.operation_names]


def quoted(row: Row) -> Sentence:
    member = row.cells[0].strip("`")
    text = html.unescape(row.cells[1])
    assert text.startswith('"') and text.endswith('"'), f"line {row.line}: the sentence is not quoted: {text}"
    return Sentence(row.section, member, text[1:-1])


def shape_rows() -> list[Row]:
    return [row for row in rows() if row.section.startswith("The model's own constraints")]


# ----- the checks ---------------------------------------------------------------------

def test_every_constraining_sentence_has_a_row():
    missing = constraining_sentences() - {quoted(row) for row in sentence_rows()}
    assert not missing, "sentences of botocore's model without a row in docs/aws-constraints.md:\n" + "\n".join(
        f"  {s.operation} | `{s.member}` | \"{s.text}\"" for s in sorted(missing, key=lambda s: (s.operation, s.member)))


def test_every_row_quotes_a_sentence_the_model_still_has():
    model = constraining_sentences()
    stale = [(row.line, quoted(row)) for row in sentence_rows() if quoted(row) not in model]
    assert not stale, f"rows whose sentence the model does not have (or no longer constrains): {stale}"
    lines = [quoted(row) for row in sentence_rows()]
    assert len(lines) == len(set(lines)), "a sentence has two rows"


def test_the_table_has_a_section_for_each_operation_we_call_and_no_other():
    sections = {row.section for row in sentence_rows()}
    assert sections <= called_operations(), sections - called_operations()
    headings = set(re.findall(r"^### (\w+)$", TABLE.read_text(encoding="utf-8"), re.M))
    assert headings == called_operations(), headings ^ called_operations()


def test_every_row_names_the_rule_that_enforces_it_and_its_test_or_says_why_not():
    for row in sentence_rows() + shape_rows():
        assert len(row.cells) == 5, f"line {row.line}: expected 5 cells, got {len(row.cells)}"
        service = row.cells[2]
        if row.names(2, "imagebuilder_local"):
            assert row.tests(3), f"line {row.line}: a rule without the test that shows it"
        else:
            assert service.startswith("not enforced: ") and len(service) > 30, \
                f"line {row.line}: neither a rule of the service nor why there is none: {service!r}"
        assert row.cells[4], f"line {row.line}: the product column is empty"


def test_every_named_rule_and_test_exists():
    for row in sentence_rows() + shape_rows():
        for column, package in ((2, "imagebuilder_local"), (4, "imagebuild_resource")):
            for name in row.names(column, package):
                assert _resolves(name), f"line {row.line}: {name} does not exist"
        for column in (3, 4):
            for test in row.tests(column):
                path, function = test.split("::")
                assert function in _functions(ROOT / path), f"line {row.line}: {test} does not exist"


def test_each_kind_of_the_models_own_constraints_has_a_row():
    kinds = {row.cells[0].strip("`") for row in shape_rows()}
    assert shape_kinds_used() <= kinds <= set(SHAPE_KINDS), (shape_kinds_used(), kinds)


def test_the_counts_the_document_states_are_the_tables():
    text = TABLE.read_text(encoding="utf-8")
    total = len(sentence_rows())
    enforced = sum(1 for row in sentence_rows() if row.names(2, "imagebuilder_local"))
    stated = re.search(r"(\d+) sentences, (\d+) of them enforced by a rule of the service", text)
    assert stated, "the document does not state its counts"
    assert (int(stated[1]), int(stated[2])) == (total, enforced)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def _functions(path: pathlib.Path) -> set[str]:
    if not path.is_file():
        return set()
    return {node.name for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.FunctionDef)}
