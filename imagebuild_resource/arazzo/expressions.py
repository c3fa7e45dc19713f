"""Arazzo runtime expressions (Arazzo 1.0.1, "Runtime Expressions").

Supported: ``$statusCode``, ``$inputs.<name>``, ``$outputs.<name>``,
``$steps.<stepId>.outputs.<name>``, ``$response.body``, ``$response.header.<token>``,
``$request.body``, ``$request.header|query|path.<name>``, each optionally followed by
``#<JSON Pointer>`` (RFC 6901, resolved with the ``jsonpointer`` library), and
``{$...}`` expressions embedded in strings. ``$url``, ``$method``, ``$workflows.*``,
``$sourceDescriptions.*`` and ``$components.*`` are rejected: the AWS SDK binding has no
URL and this runtime runs one workflow.

Points the spec leaves open, decided here:

* A ``<name>`` containing dots walks nested objects (``$inputs.customer.name``), the only
  way to reach into an object input or output without a pointer. Redocly Respect 2.77.0
  and the jentic arazzo-runner 0.9.6 do the same.
* An expression whose data is absent (an input not given, a JSON Pointer that reaches no
  value, a step that has not run) evaluates to ``None`` rather than failing. The seed
  needs this: its ``reason`` output points at ``/image/state/reason``, which the service
  model leaves optional, and ``imageRecipeArn``/``containerRecipeArn`` are exclusive
  inputs, so one of them is always absent (the binding drops ``None`` members).
  The jentic arazzo-runner 0.9.6 does the same. Redocly Respect 2.77.0 differs: a pointer
  that reaches no value, or a step that has not run, is a step error there, and an absent
  input is JavaScript's ``undefined`` (``== null`` holds; as a parameter it is sent as
  the text ``undefined``).

Tests that run those tools: ``tests/arazzo/conformance/test_expressions_conformance.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jsonpointer

from .errors import ExpressionError
from .state import Request, Response

_STEP_ID = re.compile(r"[A-Za-z0-9_\-]+")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110 tchar
_NAME = re.compile(r"[^#\s{}]+")


@dataclass(frozen=True)
class EvalContext:
    """What runtime expressions can see."""

    inputs: Mapping[str, Any] = field(default_factory=dict)
    steps: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)
    request: Request | None = None
    response: Response | None = None


@dataclass(frozen=True)
class Expression:
    """A parsed runtime expression: a source, a name path within it, an optional pointer."""

    text: str
    source: str
    names: tuple[str, ...] = ()
    pointer: str | None = None


@lru_cache(maxsize=1024)
def parse_expression(text: str) -> Expression:
    """Parse one runtime expression or raise ExpressionError naming what is wrong."""
    if not isinstance(text, str) or not text.startswith("$"):
        raise ExpressionError(f"{text!r} is not a runtime expression: it must start with '$'.")
    head, sep, pointer = text.partition("#")
    if sep:
        _check_pointer(text, pointer)
    if head == "$statusCode":
        return _no_pointer(Expression(text, "statusCode"), sep)
    for source in ("response", "request"):
        if head == f"${source}.body":
            return Expression(text, f"{source}.body", (), pointer if sep else None)
        for part in ("header", "query", "path"):
            prefix = f"${source}.{part}."
            if head.startswith(prefix) and not (source == "response" and part != "header"):
                name = head[len(prefix):]
                pattern = _TOKEN if part == "header" else _NAME
                if not pattern.fullmatch(name):
                    raise ExpressionError(f"{text!r} has an invalid {part} name {name!r}.")
                return Expression(text, f"{source}.{part}", (name,), pointer if sep else None)
    for source in ("inputs", "outputs"):
        if head.startswith(f"${source}."):
            return Expression(text, source, _names(text, head[len(source) + 2:]), pointer if sep else None)
    if head.startswith("$steps."):
        step_id, dot, rest = head[len("$steps."):].partition(".outputs.")
        if not dot or not _STEP_ID.fullmatch(step_id):
            raise ExpressionError(f"{text!r} must have the form $steps.<stepId>.outputs.<name>.")
        return Expression(text, "steps", (step_id, *_names(text, rest)), pointer if sep else None)
    raise ExpressionError(
        f"{text!r} is not a runtime expression this runtime supports "
        "($statusCode, $inputs.*, $outputs.*, $steps.<id>.outputs.*, $request.*, $response.body, $response.header.*)."
    )


def _names(text: str, dotted: str) -> tuple[str, ...]:
    names = tuple(dotted.split("."))
    if not dotted or not all(_NAME.fullmatch(name) for name in names):
        raise ExpressionError(f"{text!r} has an empty or invalid name after the source.")
    return names


def _check_pointer(text: str, pointer: str) -> None:
    try:
        jsonpointer.JsonPointer(pointer)
    except jsonpointer.JsonPointerException as exc:
        raise ExpressionError(f"{text!r} has an invalid JSON Pointer {pointer!r}: {exc}.") from None


def _no_pointer(expression: Expression, has_pointer: str) -> Expression:
    if has_pointer:
        raise ExpressionError(f"{expression.text!r}: {expression.source} cannot take a JSON Pointer.")
    return expression


def evaluate_expression(expression: Expression | str, context: EvalContext) -> Any:
    """The value an expression denotes in ``context`` (``None`` when the data is absent)."""
    if isinstance(expression, str):
        expression = parse_expression(expression)
    value = _base_value(expression, context)
    for name in expression.names[1:] if expression.source == "steps" else expression.names:
        value = value.get(name) if isinstance(value, Mapping) else None
    if expression.pointer is not None and value is not None:
        value = jsonpointer.resolve_pointer(value, expression.pointer, None)
    return value


def _base_value(expression: Expression, context: EvalContext) -> Any:
    source = expression.source
    if source == "statusCode":
        return context.response.status_code if context.response else None
    if source == "inputs":
        return context.inputs
    if source == "outputs":
        return context.outputs
    if source == "steps":
        return context.steps.get(expression.names[0])
    if source == "response.body":
        return context.response.body if context.response else None
    if source == "response.header":
        headers = context.response.headers if context.response else {}
        wanted = expression.names[0].lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
        return {expression.names[0]: value}
    request = context.request or Request()
    if source == "request.body":
        return request.body
    location = source.split(".", 1)[1]
    return getattr(request, location)


_EMBEDDED = re.compile(r"\{(\$[^{}]*)\}")


def embedded_expressions(text: str) -> list[str]:
    """The ``{$...}`` expressions embedded in a string; raises on an unclosed one."""
    found = _EMBEDDED.findall(text)
    if text.count("{$") != len(found):
        raise ExpressionError(f"{text!r} has an embedded expression '{{$' without its closing '}}'.")
    return found


def check_value(value: Any) -> None:
    """Parse every expression in a document value (recursively), raising on the first bad one."""
    if isinstance(value, str):
        if value.startswith("$"):
            parse_expression(value)
        else:
            for inner in embedded_expressions(value):
                parse_expression(inner)
    elif isinstance(value, Mapping):
        for item in value.values():
            check_value(item)
    elif isinstance(value, list):
        for item in value:
            check_value(item)


def resolve_value(value: Any, context: EvalContext) -> Any:
    """Evaluate a document value: whole-string expressions keep their type, embedded ones become text."""
    if isinstance(value, str):
        if value.startswith("$"):
            return evaluate_expression(value, context)
        if "{$" in value:
            return _EMBEDDED.sub(lambda m: _as_text(evaluate_expression(m.group(1), context)), value)
        return value
    if isinstance(value, Mapping):
        return {key: resolve_value(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_value(item, context) for item in value]
    return value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
