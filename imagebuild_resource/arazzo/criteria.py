"""Arazzo Criterion Objects: ``simple``, ``regex`` and ``jsonpath`` conditions.

* ``simple``: literals (``null``, ``true``/``false``, numbers, ``'single'`` or ``"double"``
  quoted strings), runtime expressions, ``== != < <= > >=``, ``! && ||``, parentheses, and
  ``[index]`` / ``.name`` after an index. Parsed by a small recursive-descent parser.
  ``==`` never equates ``true`` with ``1``; ordering across types is false (no coercion).
  A lone operand is read for its truth as Python reads it (our decision): ``null``,
  ``false``, ``0``, ``""``, ``[]`` and ``{}`` are false, anything else is true.
  Redocly Respect 2.77.0 uses JavaScript's truth instead: ``[]`` and ``{}`` hold there.
* ``regex``: the condition is searched (``re.search``, so ``^200$`` anchors) in the
  context value rendered as text; an absent context is false.
* ``jsonpath``: evaluated with the RFC 9535 library as a filter over the context.
  The spec's own form (``$[?count(@.pets) > 0]``) and the seed's expression-like form
  (``$.image.state.status == "AVAILABLE" && ...``) are both accepted: the context is
  wrapped as ``[context]``; a condition that is a query starting ``$[`` runs as written,
  anything else has each top-level ``$`` (outside strings and brackets) rewritten to ``@``
  and is run as ``$[?<condition>]``. The criterion holds iff the result is non-empty.
  Accepting the seed's form is our decision: the seed is written that way, and it is no
  valid RFC 9535 query, so read as a query its polling step would match no action.
  Redocly Respect 2.77.0 evaluates the filter form, but the seed's four conditions are
  false there whatever the image's status. So are they in the jentic arazzo-runner 0.9.6.
  The 1.0.1 schema names the Goessner draft as the only version; RFC 9535 is its
  standardised successor.

Tests that run those tools: ``tests/arazzo/conformance/test_criteria_conformance.py``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonpath_rfc9535

from .errors import CriterionError, ExpressionError
from .expressions import EvalContext, evaluate_expression, parse_expression

JSONPATH_VERSIONS = frozenset({"draft-goessner-dispatch-jsonpath-00", "rfc9535"})
MAX_NESTING = 64

Node = Callable[[EvalContext], Any]


@dataclass(frozen=True)
class Criterion:
    """A criterion as written: condition, type (simple|regex|jsonpath) and context expression."""

    condition: str
    type: str = "simple"
    context: str | None = None


def check_criterion(criterion: Criterion) -> None:
    """Parse a criterion's condition and context, raising CriterionError/ExpressionError."""
    if criterion.context is not None:
        parse_expression(criterion.context)
    if criterion.type == "simple":
        parse_simple(criterion.condition)
    elif criterion.type == "regex":
        _compile_regex(criterion.condition)
    elif criterion.type == "jsonpath":
        _compile_jsonpath(criterion.condition)
    else:
        raise CriterionError(f"Criterion type {criterion.type!r} is not supported (simple, regex, jsonpath).")


def evaluate_criterion(criterion: Criterion, context: EvalContext) -> bool:
    """Whether the criterion holds in ``context``."""
    subject = evaluate_expression(criterion.context, context) if criterion.context else None
    if criterion.type == "regex":
        if subject is None:
            return False
        text = subject if isinstance(subject, str) else _render(subject)
        return _compile_regex(criterion.condition).search(text) is not None
    if criterion.type == "jsonpath":
        return bool(_compile_jsonpath(criterion.condition).find([subject]))
    if criterion.type != "simple":
        raise CriterionError(f"Criterion type {criterion.type!r} is not supported (simple, regex, jsonpath).")
    return _truthy(parse_simple(criterion.condition)(context))


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


@lru_cache(maxsize=256)
def _compile_regex(pattern: str) -> re.Pattern[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            return re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise CriterionError(f"Regex condition {pattern!r} does not compile: {exc}.") from None


@lru_cache(maxsize=256)
def _compile_jsonpath(condition: str) -> jsonpath_rfc9535.JSONPathQuery:
    text = condition.strip()
    query = text if text.startswith("$[") else f"$[?{_rebase(text)}]"
    try:
        return jsonpath_rfc9535.compile(query)
    except (jsonpath_rfc9535.JSONPathError, RecursionError, ValueError, IndexError, TypeError) as exc:
        raise CriterionError(f"JSONPath condition {condition!r} does not parse as RFC 9535: {exc}.") from None


def _rebase(condition: str) -> str:
    """Rewrite each ``$`` outside strings and brackets to ``@``."""
    out, quote, depth, escaped = [], None, 0, False
    for char in condition:
        if quote:
            escaped = char == "\\" and not escaped
            if char == quote and not escaped:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "$" and depth == 0:
            char = "@"
        out.append(char)
    return "".join(out)


# --- simple conditions -------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""\s*(?:
      (?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\].])
    | (?P<expr>\$[^\s()\[\]<>=!&|'"]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if not match or match.end() == pos:
            raise CriterionError(f"Condition {text!r}: unexpected character at position {pos}: {text[pos:pos + 10]!r}.")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


@lru_cache(maxsize=256)
def parse_simple(text: str) -> Node:
    """Compile a simple condition to a function of the evaluation context."""
    if not isinstance(text, str) or not text.strip():
        raise CriterionError("A condition must be a non-empty string.")
    return _Parser(text, _tokenize(text)).parse()


_COMPARE: Mapping[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: _equal(a, b),
    "!=": lambda a, b: not _equal(a, b),
    "<": lambda a, b: _ordered(a, b) and a < b,
    "<=": lambda a, b: _ordered(a, b) and a <= b,
    ">": lambda a, b: _ordered(a, b) and a > b,
    ">=": lambda a, b: _ordered(a, b) and a >= b,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return bool(a == b)


def _ordered(a: Any, b: Any) -> bool:
    return (_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))


def _either(left: Node, right: Node) -> Node:
    return lambda ctx: _truthy(left(ctx)) or _truthy(right(ctx))


def _both(left: Node, right: Node) -> Node:
    return lambda ctx: _truthy(left(ctx)) and _truthy(right(ctx))


def _indexed(inner: Node, key: Any) -> Node:
    return lambda ctx: _index(inner(ctx), key)


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, "") and value != [] and value != {}


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, list) and _is_number(key) and int(key) == key and -len(value) <= key < len(value):
        return value[int(key)]
    if isinstance(value, Mapping) and isinstance(key, str):
        return value.get(key)
    return None


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str]]) -> None:
        self.text, self.tokens, self.pos, self.depth = text, tokens, 0, 0

    def fail(self, what: str) -> CriterionError:
        return CriterionError(f"Condition {self.text!r}: {what}.")

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise self.fail("unexpected end of condition")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def expect(self, op: str) -> None:
        kind, value = self.take()
        if (kind, value) != ("op", op):
            raise self.fail(f"expected {op!r} but found {value!r}")

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"nested more than {MAX_NESTING} levels deep")

    def parse(self) -> Node:
        node = self.disjunction()
        if self.pos != len(self.tokens):
            raise self.fail(f"unexpected {self.peek()!r} after a complete condition")
        return node

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.peek() == "||":
            self.take()
            node = _either(node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.peek() == "&&":
            self.take()
            node = _both(node, self.negation())
        return node

    def negation(self) -> Node:
        if self.peek() == "!" and self.tokens[self.pos][0] == "op":
            self.take()
            self.nested()
            inner = self.negation()
            self.depth -= 1
            return lambda ctx: not _truthy(inner(ctx))
        return self.comparison()

    def comparison(self) -> Node:
        left = self.postfix()
        op = self.peek()
        if op is not None and op in _COMPARE and self.tokens[self.pos][0] == "op":
            self.take()
            right, compare = self.postfix(), _COMPARE[op]
            return lambda ctx: compare(left(ctx), right(ctx))
        return left

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek() in ("[", "."):
            if self.take()[1] == "[":
                key = self.literal(self.take())
                self.expect("]")
            else:
                kind, key = self.take()
                if kind != "word":
                    raise self.fail(f"expected a property name after '.', found {key!r}")
            node = _indexed(node, key)
        return node

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "op" and value == "(":
            self.nested()
            node = self.disjunction()
            self.expect(")")
            self.depth -= 1
            return node
        if kind == "expr":
            try:
                expression = parse_expression(value)
            except ExpressionError as exc:
                raise self.fail(str(exc).rstrip(".")) from None
            return lambda ctx: evaluate_expression(expression, ctx)
        literal = self.literal((kind, value))
        return lambda ctx: literal

    def literal(self, token: tuple[str, str]) -> Any:
        kind, value = token
        if kind == "num":
            try:
                return int(value) if re.fullmatch(r"-?\d+", value) else float(value)
            except ValueError:
                raise self.fail(f"number {value[:20]!r}... is too long") from None
        if kind == "str":
            return re.sub(r"\\(.)", r"\1", value[1:-1])
        if kind == "word" and value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        raise self.fail(f"unexpected {value!r}")
