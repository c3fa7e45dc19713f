"""Values checked against botocore's shapes, and requests refused the way AWS refuses them.

:func:`violations` walks a value along a shape of botocore's ``imagebuilder`` model and
returns every way it breaks it: a JSON type the shape cannot hold, a required member
missing, a member the structure does not have, and the constraints the model states
(``min``/``max`` lengths and values, ``enum``, ``pattern``). Each :class:`Violation` words
itself as AWS's validation errors read: ``Value '5' at 'imageTestsConfiguration.timeoutMinutes'
failed to satisfy constraint: Member must have value greater than or equal to 60``, with list
positions counted from 1 (``workflows.1.workflowArn``).

A request (:func:`check_request`) is refused with every violation in one message,
``N validation errors detected: ...; ...``. Which error code it gets is our reading of
AWS's answers: a value of the wrong JSON type is ``SerializationException`` (the body
cannot be read as the model says); a missing or unknown member is the operation's
invalid-request error; a broken constraint its invalid-parameter error (the first of those
codes the operation declares). Responses are checked with :func:`validate_output`.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from . import botocore_model
from .errors import ServiceError, pick_error

Path = tuple[str | int, ...]
"""Where a value is: member names and map keys (str), list positions (int, from 0)."""

_SHOWN_MAX = 256
"""Longer values are cut in messages (our choice)."""


@dataclass(frozen=True)
class Violation:
    """One way a value breaks its shape.

    ``constraint`` is ``type``, ``required``, ``unknown``, ``enum``, ``min``, ``max`` or
    ``pattern``; ``shape`` is the shape broken (for ``unknown``: the structure). With
    ``in_key`` the last step of ``path`` is a map key that broke the map's key shape.
    """

    path: Path
    constraint: str
    value: Any
    shape: Shape
    in_key: bool = False

    @property
    def where(self) -> str:
        """The path as AWS writes it: ``workflows.1.onFailure`` (a key's violation is at its map)."""
        steps = self.path[:-1] if self.in_key else self.path
        return ".".join(str(s + 1) if isinstance(s, int) else s for s in steps)

    def message(self) -> str:
        """The violation in AWS's words (one clause of ``N validation errors detected: ...``)."""
        if self.constraint == "type":
            return (f"Cannot deserialize the value at '{self.where}': expected {_TYPE_NAMES[self.shape.type_name]}, "
                    f"found {_json_kind(self.value)}.")
        if self.constraint == "required":
            return f"Value null at '{self.where}' failed to satisfy constraint: Member must not be null"
        if self.constraint == "unknown":
            parent = ".".join(str(s + 1) if isinstance(s, int) else s for s in self.path[:-1]) or "the request"
            members = ", ".join(cast(StructureShape, self.shape).members)
            return f"'{self.where}' is not a member of {parent}; its members are {members}."
        rule = self._rule()
        if self.in_key:
            rule = f"Map keys must satisfy constraint: [{rule}]"
        return f"Value '{_shown(self.value)}' at '{self.where}' failed to satisfy constraint: {rule}"

    def _rule(self) -> str:
        meta = self.shape.metadata
        if self.constraint == "enum":
            return f"Member must satisfy enum value set: [{', '.join(meta['enum'])}]"
        if self.constraint == "pattern":
            return f"Member must satisfy regular expression pattern: {meta['pattern']}"
        measure = "value" if self.shape.type_name in _NUMBERS else "length"
        if self.constraint == "min":
            return f"Member must have {measure} greater than or equal to {meta['min']}"
        return f"Member must have {measure} less than or equal to {meta['max']}"


_NUMBERS = ("integer", "long", "float", "double")
_TYPE_NAMES = {"string": "a string", "integer": "an integer", "long": "an integer", "float": "a number",
               "double": "a number", "boolean": "a boolean", "timestamp": "a timestamp", "blob": "a blob",
               "list": "a list", "map": "a map", "structure": "a structure"}


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_HOLDS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_whole,
    "long": _is_whole,
    "float": _is_number,
    "double": _is_number,
    "timestamp": lambda v: _is_number(v) or isinstance(v, datetime.datetime),  # epoch seconds in JSON
    "blob": lambda v: isinstance(v, (str, bytes)),  # base64 text in JSON
    "list": lambda v: isinstance(v, (list, tuple)),
    "map": lambda v: isinstance(v, dict),
    "structure": lambda v: isinstance(v, dict),
}
"""Which Python values (as JSON decodes them, or as the service builds them) each shape type holds."""


def violations(value: Any, shape: Shape, path: Path = ()) -> list[Violation]:
    """Every way ``value`` breaks ``shape``, in the order the walk meets them.

    A structure's members are walked in the model's order (a missing required one where it
    would be), then its unknown members; a value of the wrong type is not looked into.
    """
    found: list[Violation] = []
    _walk(value, shape, path, found, in_key=False)
    return found


def _walk(value: Any, shape: Shape, path: Path, found: list[Violation], *, in_key: bool) -> None:
    kind = shape.type_name
    if kind in _HOLDS and not _HOLDS[kind](value):
        found.append(Violation(path, "type", value, shape, in_key))
        return
    if isinstance(shape, StructureShape):
        required = set(shape.required_members)
        for name, member in shape.members.items():
            if value.get(name) is not None:
                _walk(value[name], member, (*path, name), found, in_key=False)
            elif name in required:
                found.append(Violation((*path, name), "required", None, member))
        found.extend(Violation((*path, key), "unknown", item, shape) for key, item in value.items()
                     if key not in shape.members)
        return
    _constraints(value, shape, path, found, in_key)
    if isinstance(shape, ListShape):
        for index, item in enumerate(value):
            _walk(item, shape.member, (*path, index), found, in_key=False)
    elif isinstance(shape, MapShape):
        for key, item in value.items():
            _walk(key, shape.key, (*path, key), found, in_key=True)
            _walk(item, shape.value, (*path, key), found, in_key=False)


def _constraints(value: Any, shape: Shape, path: Path, found: list[Violation], in_key: bool) -> None:
    meta = shape.metadata
    size = value if shape.type_name in _NUMBERS else len(value) if isinstance(value, (str, bytes, list, tuple, dict)) \
        else None
    if size is not None and "min" in meta and size < meta["min"]:
        found.append(Violation(path, "min", value, shape, in_key))
    if size is not None and "max" in meta and size > meta["max"]:
        found.append(Violation(path, "max", value, shape, in_key))
    if isinstance(value, str):
        if "enum" in meta and value not in meta["enum"]:
            found.append(Violation(path, "enum", value, shape, in_key))
        if "pattern" in meta and not _regex(meta["pattern"]).search(value):
            found.append(Violation(path, "pattern", value, shape, in_key))


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    for kinds, word in (((int, float), "a number"), (str, "a string"), ((list, tuple), "a list"), (dict, "an object")):
        if isinstance(value, kinds):
            return word
    return "a value of another kind"


def _shown(value: Any) -> str:
    """The value as AWS's messages show it (Java's forms: ``[a, b]``, ``{k=v}``, ``true``), cut when long."""
    def java(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(java(i) for i in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}={java(i)}" for k, i in v.items()) + "}"
        return str(v)

    text = java(value)
    return text if len(text) <= _SHOWN_MAX else text[:_SHOWN_MAX] + "..."


def validation_message(found: list[Violation]) -> str:
    """``1 validation error detected: ...`` for one violation, ``N validation errors detected: ...; ...`` for more."""
    count = len(found)
    return (f"{count} validation error{'s' if count > 1 else ''} detected: "
            + "; ".join(v.message() for v in found))


def check_request(op: OperationModel, params: dict[str, Any]) -> None:
    """Raise :class:`ServiceError` unless ``params`` fit the operation's input shape."""
    found = violations(params, botocore_model.input_of(op))
    wrong_type = [v for v in found if v.constraint == "type"]
    if wrong_type:
        raise ServiceError("SerializationException", wrong_type[0].message())
    if not found:
        return
    if any(v.constraint in ("required", "unknown") for v in found):
        code = pick_error(op, "InvalidRequestException", "InvalidParameterException", "ClientException")
    else:
        code = pick_error(op, "InvalidParameterException", "InvalidParameterValueException")
    raise ServiceError(code, validation_message(found))


def validate_output(operation: str, body: dict[str, Any]) -> list[str]:
    """Every way the JSON ``body`` of an ``operation`` response breaks its output shape."""
    out = botocore_model.operation(operation).output_shape
    if out is None:
        return [] if not body else ["operation has no output shape but a body was returned"]
    return [v.message() for v in violations(body, out)]
