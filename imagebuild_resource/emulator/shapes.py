"""The Image Builder service model from botocore, and shape validation.

Inputs are checked first by botocore's own ``ParamValidator`` (required
members, types, minimum sizes) and then by :func:`constraint_errors` for what
it leaves out (maximum sizes, enums, patterns). Outputs are checked by
:func:`validate_output`, which walks the whole output shape.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from botocore.model import OperationModel, ServiceModel, Shape
from botocore.validate import ParamValidator

from .. import servicemodel


def service_model() -> ServiceModel:
    """The ``imagebuilder`` service model shipped with botocore."""
    return servicemodel.service_model()


def operation_model(name: str) -> OperationModel:
    """The operation model for ``name`` (e.g. ``"GetImage"``)."""
    return service_model().operation_model(name)


def shape(name: str) -> Shape:
    """A named shape of the service model (e.g. ``"ImageRecipe"``)."""
    return service_model().shape_for(name)


@functools.cache
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


def _fmt(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 200 else text[:200] + "..."


def constraint_errors(shp: Shape, value: Any, path: str, *, check_types: bool) -> list[str]:
    """Every violation of ``shp``'s constraints by ``value``, AWS-worded.

    With ``check_types`` also required members and JSON types are checked
    (the output side); without, the caller has already run ParamValidator.
    """
    errors: list[str] = []
    _walk(shp, value, path, errors, check_types)
    return errors


def _walk(shp: Shape, value: Any, path: str, errors: list[str], types: bool) -> None:
    where = path or "input"
    kind = shp.type_name
    meta = shp.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            if types:
                errors.append(f"Value at '{where}' must be a structure")
            return
        if types:
            for req in shp.required_members:
                if value.get(req) is None:
                    errors.append(f"Member '{_join(path, req)}' is required but missing")
        for key, item in value.items():
            if key not in shp.members:
                if types:
                    errors.append(f"Unknown member '{_join(path, key)}'")
                continue
            if item is not None:
                _walk(shp.members[key], item, _join(path, key), errors, types)
        return
    if kind == "list":
        if not isinstance(value, list):
            if types:
                errors.append(f"Value at '{where}' must be a list")
            return
        _size(meta, len(value), where, "length", errors)
        for i, item in enumerate(value):
            _walk(shp.member, item, f"{where}.{i + 1}", errors, types)
        return
    if kind == "map":
        if not isinstance(value, dict):
            if types:
                errors.append(f"Value at '{where}' must be a map")
            return
        _size(meta, len(value), where, "size", errors)
        for key, item in value.items():
            _walk(shp.key, key, f"{where}.key", errors, types)
            _walk(shp.value, item, f"{where}.{key}", errors, types)
        return
    if kind == "string":
        if not isinstance(value, str):
            if types:
                errors.append(f"Value {_fmt(value)} at '{where}' must be a string")
            return
        _size(meta, len(value), where, "length", errors, value)
        enum = shp.enum
        if enum and value not in enum:
            errors.append(
                f"Value '{_fmt(value)}' at '{where}' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(enum)}]"
            )
        regex = meta.get("pattern")
        if regex and not _pattern(regex).search(value):
            errors.append(
                f"Value '{_fmt(value)}' at '{where}' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {regex}"
            )
        return
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            if types:
                errors.append(f"Value {_fmt(value)} at '{where}' must be an integer")
            return
        _size(meta, value, where, "value", errors, value)
        return
    if kind in ("float", "double"):
        if types and (isinstance(value, bool) or not isinstance(value, (int, float))):
            errors.append(f"Value {_fmt(value)} at '{where}' must be a number")
        return
    if kind == "boolean":
        if types and not isinstance(value, bool):
            errors.append(f"Value {_fmt(value)} at '{where}' must be a boolean")
        return
    if kind == "timestamp":
        if types and (isinstance(value, bool) or not isinstance(value, (int, float, datetime.datetime))):
            errors.append(f"Value {_fmt(value)} at '{where}' must be a timestamp")
        return
    if kind == "blob" and types and not isinstance(value, (str, bytes)):
        errors.append(f"Value at '{where}' must be a blob")


def _size(meta: dict, size: int, where: str, what: str, errors: list[str], value: Any = None) -> None:
    shown = f"'{_fmt(value)}' " if isinstance(value, str) else (f"{value} " if value is not None else "")
    if what == "value":
        noun = "Member must have value"
    else:
        noun = f"Member must have {what}"
    if "min" in meta and size < meta["min"]:
        errors.append(
            f"Value {shown}at '{where}' failed to satisfy constraint: "
            f"{noun} greater than or equal to {meta['min']}"
        )
    if "max" in meta and size > meta["max"]:
        errors.append(
            f"Value {shown}at '{where}' failed to satisfy constraint: "
            f"{noun} less than or equal to {meta['max']}"
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_STRUCTURAL = ("Missing required parameter", "Invalid type for parameter", "Unknown parameter")


def validate_input(op: OperationModel, params: dict[str, Any]) -> tuple[list[str], bool]:
    """Validate request ``params``; returns ``(messages, structural)``.

    ``structural`` is true when a member is missing or of the wrong type,
    false when only values break constraints (length, range, enum, pattern).
    """
    report = ParamValidator().validate(params, op.input_shape)
    messages = [line.strip() for line in report.generate_report().splitlines() if line.strip()]
    if not messages:
        messages = constraint_errors(op.input_shape, params, "", check_types=False)
    return messages, any(m.startswith(_STRUCTURAL) for m in messages)


def validate_output(operation: str, body: dict[str, Any]) -> list[str]:
    """Every way the JSON ``body`` of an ``operation`` response breaks its output shape."""
    out = operation_model(operation).output_shape
    if out is None:
        return [] if not body else ["operation has no output shape but a body was returned"]
    return constraint_errors(out, body, "", check_types=True)
